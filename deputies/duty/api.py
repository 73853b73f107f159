"""The duty record through the API (deputies/api/urls.py registers them):

GET  /api/v1/duty-records/?year=&group=&station=&q=&below=   the office and directors: every deputy's counts,
                                                             activities and points (frozen or live); a deputy: their
                                                             own row only; units and committees: 403
GET  /api/v1/declared-activities/?status=&kind=&deputy=&year=  the office and directors: all; a deputy: their own
POST /api/v1/declared-activities/ (multipart: kind, held_on, title, text, proof)   a deputy declares their own
POST /api/v1/declared-activities/<id>/approve/ {version}      the office (认定)
POST /api/v1/declared-activities/<id>/return/ {version, reason}  the office (退回, reason required)
Bad input: 400 naming the field in Chinese, nothing saved; a stale version: 409.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from core.api.versioned import CONFLICT
from core.api.views import BodyScopedViewSetMixin
from core.rules import rules_for
from deputies.duty import record, workflow
from deputies.duty.forms import DeclarationForm
from deputies.filtersets import DeclaredActivityFilterSet, DutyRecordFilterSet
from deputies.models import DeclaredActivity
from deputies.permissions import deputy_of, duty_declare_refusal, duty_manage_refusal, duty_read_refusal


def _year(request) -> int:
    raw = (request.query_params.get("year") or "").strip()
    if not raw:
        return timezone.localdate().year
    if raw.isdigit() and 1980 <= int(raw) <= 2100:
        return int(raw)
    raise ValidationError({"year": [f"年度：“{raw}”无法识别，请填写如 2023 的年份。"]})


class DutyRecordViewSet(BodyScopedViewSetMixin, viewsets.ViewSet):
    filterset_class = DutyRecordFilterSet

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if deputy_of(request.user) is None:
            reason = duty_read_refusal(request.user)
            if reason:
                raise PermissionDenied(reason)

    @extend_schema(summary="代表履职登记与积分", parameters=[
        OpenApiParameter("year", OpenApiTypes.INT, description="年度（默认今年）"),
        OpenApiParameter("group", OpenApiTypes.STR, description="代表小组"),
        OpenApiParameter("station", OpenApiTypes.INT, description="联络站 id"),
        OpenApiParameter("q", OpenApiTypes.STR, description="姓名、编号或代表小组"),
        OpenApiParameter("below", OpenApiTypes.STR, description="true：只列低于年度最低活动次数的代表"),
    ], responses={200: OpenApiTypes.OBJECT})
    def list(self, request):
        body = request.renda_body
        year = _year(request)
        me = deputy_of(request.user)
        if me is None:
            reason = duty_read_refusal(request.user)
            if reason:
                raise PermissionDenied(reason)
            deputies = record.year_deputies(body, year)
            filterset = DutyRecordFilterSet(request.query_params, queryset=deputies, request=request)
            if not filterset.is_valid():
                raise ValidationError({name: [f"{filterset.form.fields[name].label}：{m}" for m in msgs]
                                       for name, msgs in filterset.errors.items()})
            rows, is_frozen = record.result(body, year, deputies=filterset.qs)
            if request.query_params.get("below") == "true":
                rows = [r for r in rows if r["below_minimum"]]
        else:
            row, is_frozen = record.deputy_result(body, year, me)
            rows = [row]
        params = rows[0]["rule_params"] if rows else record.rule_params(rules_for(body))
        out = [{k: r[k] for k in ("deputy", "name", "group", "station", "counts", "activities", "points",
                                  "below_minimum")} for r in rows]
        return Response({"year": year, "frozen": is_frozen, "rule_params": params, "count": len(out),
                         "results": out})


class DeclaredActivitySerializer(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    has_proof = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    class Meta:
        model = DeclaredActivity
        fields = ["id", "deputy", "deputy_name", "kind", "kind_display", "held_on", "title", "text", "has_proof",
                  "status", "status_display", "return_reason", "decided_on", "version", "created_at", "events"]
        read_only_fields = fields

    def get_has_proof(self, obj) -> bool:
        return bool(obj.proof)

    def get_events(self, obj) -> list[dict]:
        return [{"kind": e.kind, "label": e.get_kind_display(), "at": e.at, "text": e.text} for e in obj.events.all()]


class DeclarationWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DeclaredActivity.Kind.choices, label="活动类别")
    held_on = serializers.DateField(label="活动日期")
    title = serializers.CharField(max_length=200, label="活动名称")
    text = serializers.CharField(max_length=4000, label="履职情况")
    proof = serializers.FileField(label="证明材料")


class DecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField(label="版本")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="退回理由")


class DeclaredActivityViewSet(BodyScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = DeclaredActivity.objects.none()
    serializer_class = DeclaredActivitySerializer
    filterset_class = DeclaredActivityFilterSet

    def get_queryset(self):
        user = self.request.user
        rows = DeclaredActivity.objects.select_related("deputy").prefetch_related("events").order_by("-held_on", "-pk")
        me = deputy_of(user)
        if me is not None:
            return rows.filter(deputy=me)
        if duty_read_refusal(user):
            return rows.none()
        return rows

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if deputy_of(request.user) is None:
            reason = duty_read_refusal(request.user)
            if reason:
                raise PermissionDenied(reason)

    @extend_schema(summary="代表登记本人的履职活动", request={"multipart/form-data": DeclarationWriteSerializer},
                   responses={201: DeclaredActivitySerializer})
    def create(self, request, *args, **kwargs):
        reason = duty_declare_refusal(request.user)
        if reason:
            raise PermissionDenied(reason)
        me = deputy_of(request.user)
        form = DeclarationForm(request.data, request.FILES,
                               instance=DeclaredActivity(body=request.renda_body, deputy=me))
        if not form.is_valid():
            raise ValidationError({name: [f"{form.fields[name].label if name in form.fields else ''}：{m}"
                                          .lstrip("：") for m in msgs] for name, msgs in form.errors.items()})
        saved = workflow.declare(form.save(commit=False), request.user)
        return Response(DeclaredActivitySerializer(self.get_queryset().get(pk=saved.pk)).data,
                        status=status.HTTP_201_CREATED)

    def _decide(self, request, step):
        reason = duty_manage_refusal(request.user)
        if reason:
            raise PermissionDenied(reason)
        activity = self.get_object()
        incoming = DecisionSerializer(data=request.data)
        if not incoming.is_valid():
            raise ValidationError({k: [f"{DecisionSerializer().fields[k].label}：{m}" for m in v]
                                   for k, v in incoming.errors.items()})
        if incoming.validated_data["version"] != activity.version:
            return Response({"detail": f"履职登记“{activity.title}”已被他人处理或修改（当前版本 {activity.version}），"
                                       "请重新读取后再审核。"}, status=status.HTTP_409_CONFLICT)
        try:
            step(activity, incoming.validated_data.get("reason", ""))
        except workflow.StepError as e:
            raise ValidationError({e.field or "detail": [str(e)]}) from None
        return Response(DeclaredActivitySerializer(self.get_queryset().get(pk=activity.pk)).data)

    @extend_schema(summary="认定代表登记的履职活动", request=DecisionSerializer,
                   responses={200: DeclaredActivitySerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, lambda a, _reason: workflow.approve(a, request.user))

    @extend_schema(summary="退回代表登记的履职活动", request=DecisionSerializer,
                   responses={200: DeclaredActivitySerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._decide(request, lambda a, reason: workflow.return_(a, reason, request.user))

