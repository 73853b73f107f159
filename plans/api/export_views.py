"""GET /api/v1/plans/<id>/export.xlsx: the plan as its 主要工作安排表 workbook."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView

from core.api.views import BodyScopedViewSetMixin
from core.exporters import export_response
from plans.exports import PlanWorkbookExporter
from plans.models import AnnualPlan


class XlsxRenderer(BaseRenderer):
    """Lets clients ask for the workbook by its type (`Accept: application/vnd…sheet`) without a 406.

    The workbook itself is returned as a plain HttpResponse; only error bodies go through here.
    """

    media_type = PlanWorkbookExporter.content_type
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:  # an error body is JSON, and says so (not the workbook's type)
            response["Content-Type"] = JSONRenderer.media_type
        return JSONRenderer().render(data)


class PlanExportView(BodyScopedViewSetMixin, APIView):
    """Any authenticated user of the body; another body's plan is a 404 (the body scope hides it)."""

    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        summary="导出主要工作安排表",
        responses={(200, PlanWorkbookExporter.content_type): OpenApiTypes.BINARY},
    )
    def get(self, request, pk):
        plan = get_object_or_404(AnnualPlan, pk=pk)
        return export_response(PlanWorkbookExporter(plan))
