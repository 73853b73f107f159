from rest_framework.routers import SimpleRouter

from plans.api import views

app_name = "api"

router = SimpleRouter()
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("reporting-bodies", views.ReportingBodyViewSet, basename="reporting-body")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("plans", views.AnnualPlanViewSet, basename="plan")
router.register("plan-items", views.PlanItemViewSet, basename="plan-item")

urlpatterns = router.urls
