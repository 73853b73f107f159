"""Supervision viewsets; renda/api_urls.py gathers every app's endpoints."""

from rest_framework.routers import SimpleRouter

from supervision.api import views

router = SimpleRouter()
router.register("review-opinions", views.ReviewOpinionViewSet, basename="review-opinion")
router.register("rectifications", views.RectificationViewSet, basename="rectification")
router.register("livelihood-projects", views.LivelihoodProjectViewSet, basename="livelihood-project")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("special-inquiries", views.SpecialInquiryViewSet, basename="special-inquiry")

# Satisfaction evaluations (supervision/api/evaluation_views.py).
from supervision.api.evaluation_views import EvaluationViewSet  # noqa: E402

router.register("evaluations", EvaluationViewSet, basename="evaluation")

urlpatterns = []
