"""The body administrator's organisation pages: committees and reporting bodies (terms: meetings/urls.py)."""

from django.urls import path

from core.views import organisation as views

urlpatterns = [
    path("settings/committees/", views.committee_list, name="settings-committees"),
    path("settings/committees/new/", views.committee_create, name="settings-committee-create"),
    path("settings/committees/<int:pk>/", views.committee_edit, name="settings-committee-edit"),
    path("settings/reporting-bodies/", views.reporting_body_list, name="settings-reporting-bodies"),
    path("settings/reporting-bodies/new/", views.reporting_body_create, name="settings-reporting-body-create"),
    path("settings/reporting-bodies/<int:pk>/", views.reporting_body_edit, name="settings-reporting-body-edit"),
]
