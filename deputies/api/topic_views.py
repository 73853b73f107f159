"""The topics of suggestions and the plan items drawn from them, through the API (read only).

GET /api/v1/suggestion-topics/?session=<id> | ?year=2023   the topics page's dict (deputies/topics/analysis.py, where
                                                           every number is defined): "scope", "next_year",
                                                           "totals", "topics" (each with its numbers, "units",
                                                           "links": the suggestion list's query for each number,
                                                           and its "suggestions"), "notes". Every staff user; a
                                                           committee member over the suggestions visible to them.
GET /api/v1/plan-item-sources/?plan_item=&suggestion=&year= which suggestions each plan item was drawn up from
                                                           (PlanItemSourceFilterSet); only those of suggestions
                                                           the caller may see.
An unknown session (or another body's) is a 404; a malformed one a 400. Deputies and units are refused
(core/external.py), as on the pages.
"""

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema_errors import ApiErrorSerializer
from core.api.views import BodyScopedViewSetMixin
from deputies.filtersets import PlanItemSourceFilterSet
from deputies.models import CongressSession, PlanItemSource, Suggestion
from deputies.permissions import topics_refusal, visible_suggestions
from deputies.topics import analysis as A


class SuggestionTopicsView(BodyScopedViewSetMixin, APIView):
    @extend_schema(
        summary="代表建议集中反映问题（按主题）",
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
        reason = topics_refusal(request.user)
        if reason:
            raise PermissionDenied(reason)
        try:
            scope = A.resolve_scope(body, request.query_params)
        except CongressSession.DoesNotExist:
            raise Http404("没有这次会议。") from None
        except A.ScopeError as e:
            raise ValidationError({"detail": str(e)}) from None
        return Response(A.compute(body, scope, request.user))


class PlanItemSourceSerializer(serializers.ModelSerializer):
    plan_item_title = serializers.CharField(source="plan_item.title", read_only=True)
    plan_item_year = serializers.IntegerField(source="plan_item.year", read_only=True)
    suggestion_title = serializers.CharField(source="suggestion.title", read_only=True)
    suggestion_number = serializers.IntegerField(source="suggestion.number", read_only=True, allow_null=True)
    suggestion_year = serializers.IntegerField(source="suggestion.year", read_only=True)
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = PlanItemSource
        fields = ["id", "plan_item", "plan_item_title", "plan_item_year", "suggestion", "suggestion_number",
                  "suggestion_year", "suggestion_title", "created_by", "created_at"]
        read_only_fields = fields

    def get_created_by(self, obj) -> str | None:
        user = obj.created_by
        return None if user is None else (user.get_full_name() or user.get_username())


class PlanItemSourceViewSet(BodyScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = PlanItemSource.objects.none()
    serializer_class = PlanItemSourceSerializer
    filterset_class = PlanItemSourceFilterSet

    def get_queryset(self):
        visible = visible_suggestions(self.request.user, Suggestion.objects.all()).values("pk")
        return (PlanItemSource.objects.filter(suggestion__in=visible)
                .select_related("plan_item", "suggestion", "created_by").order_by("plan_item_id", "pk"))


urlpatterns = [path("suggestion-topics/", SuggestionTopicsView.as_view(), name="suggestion-topics")]
