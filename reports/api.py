"""The dashboard's and the year-end summary's figures as JSON: the same numbers as the pages,
with the same permissions (reports/views/dashboard.py decides them)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import BodyScopedViewSetMixin
from reports.dashboard import figures
from reports.summary import summary
from reports.views.dashboard import BadYear, dashboard_scope, parse_year


class DashboardView(BodyScopedViewSetMixin, APIView):
    @extend_schema(parameters=[OpenApiParameter("year", int, description="年度，默认今年")],
                   responses=OpenApiTypes.OBJECT, description="驾驶舱的全部数字（与页面相同）")
    def get(self, request):
        committees = dashboard_scope(request.user)
        try:
            year = parse_year(request.query_params.get("year"), request.renda_body)
        except BadYear as error:
            raise ValidationError({"year": [str(error)]}) from None
        return Response(figures(request.renda_body, year, request.user, committees))


class SummaryView(BodyScopedViewSetMixin, APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, description="年度工作统计：各项数字、口径、文字稿和与上年比较")
    def get(self, request, year):
        dashboard_scope(request.user)
        return Response(summary(request.renda_body, year, request.user))
