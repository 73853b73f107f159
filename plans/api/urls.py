from rest_framework.routers import SimpleRouter

from plans.api import views
from plans.api.import_views import PlanImportViewSet

app_name = "api"

router = SimpleRouter()
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("reporting-bodies", views.ReportingBodyViewSet, basename="reporting-body")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("plans", views.AnnualPlanViewSet, basename="plan")
router.register("plan-items", views.PlanItemViewSet, basename="plan-item")
router.register("plan-imports", PlanImportViewSet, basename="plan-import")  # Excel import

urlpatterns = router.urls

from django.urls import path  # noqa: E402

from plans.api.export_views import PlanExportView  # noqa: E402

urlpatterns += [path("plans/<int:pk>/export.xlsx", PlanExportView.as_view(), name="plan-export")]
