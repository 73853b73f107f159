"""Routes of the pages of deputies attending meetings (列席) and of trainings; deputies/urls.py joins them."""

from django.urls import path

from deputies.activities import views

urlpatterns = [
    path("deputies/attendance/", views.attendance_list, name="attendance-list"),
    path("deputies/attendance/meeting/<int:pk>/", views.meeting_attendance, name="meeting-attendance"),
    path("deputies/training/", views.training_list, name="training-list"),
    path("deputies/training/new/", views.training_edit, name="training-create"),
    path("deputies/training/<int:pk>/", views.training_detail, name="training-detail"),
    path("deputies/training/<int:pk>/edit/", views.training_edit, name="training-edit"),
]
