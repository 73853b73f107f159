from django.urls import path

from reports.calendars import views

urlpatterns = [
    path("calendar/", views.subscriptions, name="calendar-subscriptions"),
    path("calendar/<int:pk>/renew/", views.renew, name="calendar-renew"),
    path("calendar/public/<int:body_id>.ics", views.public_feed, name="calendar-public"),
    path("calendar/<str:secret>.ics", views.feed, name="calendar-feed"),
]
