from rest_framework.routers import SimpleRouter

from plans.api import meeting_views, views
from plans.api.import_views import PlanImportViewSet
from plans.api.material_views import MaterialStepViewSet

app_name = "api"

router = SimpleRouter()
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("reporting-bodies", views.ReportingBodyViewSet, basename="reporting-body")
router.register("meetings", meeting_views.MeetingViewSet, basename="meeting")
router.register("agenda-items", meeting_views.AgendaItemViewSet, basename="agenda-item")
router.register("plans", views.AnnualPlanViewSet, basename="plan")
router.register("plan-items", views.PlanItemViewSet, basename="plan-item")
router.register("plan-imports", PlanImportViewSet, basename="plan-import")  # Excel import
router.register("material-steps", MaterialStepViewSet, basename="material-step")  # materials deadlines

urlpatterns = router.urls

from django.urls import path  # noqa: E402

from plans.api.export_views import PlanExportView  # noqa: E402

urlpatterns += [path("plans/<int:pk>/export.xlsx", PlanExportView.as_view(), name="plan-export")]

from plans.api.agenda_export_views import MeetingAgendaExportView, MeetingScheduleExportView  # noqa: E402

urlpatterns += [
    path("meetings/<int:pk>/agenda.xlsx", MeetingAgendaExportView.as_view(), name="meeting-agenda-xlsx"),
    path("meetings/schedule/<int:year>.xlsx", MeetingScheduleExportView.as_view(), name="meeting-schedule-xlsx"),
]

# Supervision results (supervision/api/urls.py).
from supervision.api.urls import router as supervision_router  # noqa: E402

urlpatterns += supervision_router.urls

# Deputies, stations and suggestions (deputies/api/urls.py).
from deputies.api.urls import router as deputies_router  # noqa: E402
from deputies.api.urls import urlpatterns as deputies_paths  # noqa: E402

urlpatterns += deputies_router.urls + deputies_paths

# The caller's own notifications (renda/api/notifications.py).
from renda.api.notifications import NotificationViewSet  # noqa: E402

notifications_router = SimpleRouter()
notifications_router.register("notifications", NotificationViewSet, basename="notification")
urlpatterns += notifications_router.urls

# The directors' dashboard and the year-end summary (renda/api/dashboard.py).
from renda.api.dashboard import DashboardView, SummaryView  # noqa: E402

urlpatterns += [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("summary/<int:year>/", SummaryView.as_view(), name="summary"),
]
