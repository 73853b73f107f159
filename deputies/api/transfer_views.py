"""GET /api/v1/suggestion-figures/?session=<id> | ?year=2023: the figures of suggestion handling as JSON.

The same dict as the figures page (deputies/figures/counts.py, where every number is defined): "scope",
"today", "targets", "totals", "units" (one per lead unit, sorted by count, each with "links"),
"links" (the suggestion list's query for each number it can filter), "labels", "notes".
Any user of the body; a committee member gets the figures of the suggestions visible to them.
An unknown session (or another body's) is a 404; a malformed one a 400.
"""

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema_errors import ApiErrorSerializer
from core.api.views import BodyScopedViewSetMixin
from deputies.figures import counts as F
from deputies.models import CongressSession


class SuggestionFiguresView(BodyScopedViewSetMixin, APIView):
    @extend_schema(
        summary="建议办理统计",
        parameters=[
            OpenApiParameter("session", OpenApiTypes.INT, description="人民代表大会会议 id（默认最近一次会议）"),
            OpenApiParameter("year", OpenApiTypes.INT, description="年度（不指定会议时）"),
        ],
        responses={200: OpenApiTypes.OBJECT,
                   404: OpenApiResponse(ApiErrorSerializer, description="没有这次会议（或不是本常委会的）")},
    )
    def get(self, request):
        body = request.renda_body
        if body is None:
            raise Http404("您的账号未归属任何人大常委会。")
        try:
            scope = F.resolve_scope(body, request.query_params)
        except CongressSession.DoesNotExist:
            raise Http404("没有这次会议。") from None
        except F.ScopeError as e:
            raise ValidationError({"detail": str(e)}) from None
        return Response(F.compute(body, scope, request.user))


urlpatterns = [path("suggestion-figures/", SuggestionFiguresView.as_view(), name="suggestion-figures")]
