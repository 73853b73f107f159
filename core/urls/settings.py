"""/settings/: the body administrator's overview of the set-up pages."""

from django.urls import path

from core.views import settings as settings_views

urlpatterns = [
    path("settings/", settings_views.settings_index, name="settings-index"),
]
