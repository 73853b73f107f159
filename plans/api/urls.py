"""Plans and their items; renda/api_urls.py gathers every app's endpoints."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from plans.api import views
from plans.api.export_views import PlanExportView
from plans.api.import_views import PlanImportViewSet
from plans.api.word_import_views import PlanWordImportViewSet

router = SimpleRouter()
router.register("plans", views.AnnualPlanViewSet, basename="plan")
router.register("plan-items", views.PlanItemViewSet, basename="plan-item")
router.register("plan-imports", PlanImportViewSet, basename="plan-import")  # Excel import
router.register("plan-word-imports", PlanWordImportViewSet, basename="plan-word-import")  # Word import
urlpatterns = [path("plans/<int:pk>/export.xlsx", PlanExportView.as_view(), name="plan-export")]
