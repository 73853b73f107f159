from django.urls import path

from plans import views

urlpatterns = [
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("items/", views.item_list, name="item-list"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
]
