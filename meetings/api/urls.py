"""Meetings, agendas and materials deadlines; renda/api_urls.py gathers every app's endpoints."""

from django.urls import path
from rest_framework.routers import SimpleRouter

import core.converters  # noqa: F401  (the <year:…> converter)
from meetings.api import views
from meetings.api.export_views import (
    MeetingAgendaExportView,
    MeetingMemberAgendaExportView,
    MeetingScheduleExportView,
)
from meetings.api.material_views import MaterialStepViewSet

router = SimpleRouter()
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("agenda-items", views.AgendaItemViewSet, basename="agenda-item")
router.register("material-steps", MaterialStepViewSet, basename="material-step")  # materials deadlines
urlpatterns = [
    path("meetings/<int:pk>/agenda.xlsx", MeetingAgendaExportView.as_view(), name="meeting-agenda-xlsx"),
    path(
        "meetings/<int:pk>/member-agenda.xlsx", MeetingMemberAgendaExportView.as_view(), name="meeting-member-agenda-xlsx"
    ),
    path("meetings/schedule/<year:year>.xlsx", MeetingScheduleExportView.as_view(), name="meeting-schedule-xlsx"),
]
