"""The organisation's and the caller's own endpoints; renda/api_urls.py gathers every app's."""

from rest_framework.routers import SimpleRouter

from core.api.notifications import NotificationViewSet
from core.api.organisation import CommitteeViewSet, ReportingBodyViewSet

router = SimpleRouter()
router.register("committees", CommitteeViewSet, basename="committee")
router.register("reporting-bodies", ReportingBodyViewSet, basename="reporting-body")
router.register("notifications", NotificationViewSet, basename="notification")
urlpatterns = []
