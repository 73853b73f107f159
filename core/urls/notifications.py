from django.urls import path

from core.views import notifications as views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("notifications/read-all/", views.notification_read_all, name="notification-read-all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification-open"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("settings/reminders/", views.reminder_log, name="reminder-log"),
    path("settings/reminders/retry/", views.reminder_retry, name="reminder-retry"),
]
