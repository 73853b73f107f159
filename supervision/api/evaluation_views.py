"""Satisfaction evaluations through the API: the same FilterSet, services and predicate as the pages.

GET    /api/v1/evaluations/?year=2023&meeting=<id>   list (subjects included)
GET    /api/v1/evaluations/<id>/                     one evaluation with its subjects and results
POST   /api/v1/evaluations/                          office: {agenda_item, source, title?, held_on?, note?, report_label?}
POST   /api/v1/evaluations/<id>/counts/              office: {"subjects": [{"id", "satisfied", "basic",
                                                     "unsatisfied", "invalid", "in_office", "present"}, ...]}
                                                     — one transaction; 400 with a message per bad subject
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.fields import ChoiceLabelField
from core.api.permissions import ReadAllWriteByRefusal
from core.api.views import BodyScopedViewSetMixin
from supervision import evaluations as service
from supervision import rules as result_rules
from supervision.filtersets import EvaluationFilterSet
from supervision.models import Evaluation, EvaluationSubject, Rectification
from supervision.permissions import evaluation_refusal


class EvaluationPermission(ReadAllWriteByRefusal):
    """Read: every user of the body. Create and enter counts: the office (the same predicate as the pages)."""

    message = "只有常委会办公室可以录入满意度测评。"
    refusal = staticmethod(evaluation_refusal)


class RectificationBriefSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.short_name", default=None, allow_null=True, read_only=True)
    status = serializers.CharField(read_only=True)  # a plain string: keeps the schema's enum names unique

    class Meta:
        model = Rectification
        fields = ["id", "due_on", "committee", "status", "needs_new_report", "new_report_agenda_item"]
        read_only_fields = fields


class EvaluationSubjectSerializer(serializers.ModelSerializer):
    kind_display = ChoiceLabelField("kind")
    result_display = ChoiceLabelField("result")
    rectifications = RectificationBriefSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationSubject
        fields = [
            "id", "order", "kind", "kind_display", "label", "reporting_body", "livelihood_project",
            *result_rules.COUNT_FIELDS, "result", "result_display", "rule", "rule_params", "computed_at",
            "rectifications",
        ]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)
    year = serializers.IntegerField(source="agenda_item.meeting.year", read_only=True)
    subjects = EvaluationSubjectSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "title", "held_on", "note", "agenda_item", "meeting", "year", "subjects"]
        read_only_fields = fields


class EvaluationCreateSerializer(serializers.Serializer):
    agenda_item = serializers.IntegerField()
    source = serializers.CharField(help_text="departments（议题的报告单位）/ livelihood（本年度民生实事项目）/ report（报告本身）")

    def validate_source(self, value):
        if value not in dict(service.SOURCES):
            raise serializers.ValidationError(f"应为 {' / '.join(dict(service.SOURCES))} 之一。")
        return value
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    report_label = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CountRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    satisfied = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    basic = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    unsatisfied = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    invalid = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    in_office = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    present = serializers.IntegerField(min_value=0, allow_null=True, required=False)


class CountsSerializer(serializers.Serializer):
    subjects = CountRowSerializer(many=True)


class EvaluationViewSet(BodyScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Evaluation.objects.none()  # tells the schema the model; get_queryset serves requests
    filterset_class = EvaluationFilterSet
    permission_classes = [EvaluationPermission]
    serializer_class = EvaluationSerializer

    def get_queryset(self):
        subjects = EvaluationSubject.objects.prefetch_related(
            Prefetch("rectifications", queryset=Rectification.objects.select_related("committee"))
        ).order_by("order", "id")
        return (
            Evaluation.objects.select_related("agenda_item__meeting")
            .prefetch_related(Prefetch("subjects", queryset=subjects))
            .order_by("-agenda_item__meeting__year", "-held_on", "id")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return EvaluationCreateSerializer
        if self.action == "counts":
            return CountsSerializer
        return EvaluationSerializer

    def _read(self, evaluation, code=status.HTTP_200_OK):
        return Response(EvaluationSerializer(self.get_queryset().get(pk=evaluation.pk)).data, status=code)

    @extend_schema(request=EvaluationCreateSerializer, responses=EvaluationSerializer)
    def create(self, request, *args, **kwargs):
        incoming = EvaluationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        item = service.evaluable_items().filter(pk=data["agenda_item"]).first()  # as the page's form offers them
        if item is None:
            raise ValidationError({"agenda_item": ["请指定本常委会的议题（id）。"]})
        try:
            evaluation = service.create_evaluation(
                item, data["source"], title=data["title"], held_on=data["held_on"], note=data["note"],
                report_label=data["report_label"],
            )
        except DjangoValidationError as error:
            raise ValidationError({"source": error.messages}) from None
        return self._read(evaluation, status.HTTP_201_CREATED)

    @extend_schema(request=CountsSerializer, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def counts(self, request, pk=None):
        evaluation = self.get_object()
        incoming = CountsSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        rows = {
            row["id"]: {f: row.get(f) for f in result_rules.COUNT_FIELDS}
            for row in incoming.validated_data["subjects"]
        }
        try:
            service.enter_counts(evaluation, rows, request.user)
        except DjangoValidationError as error:
            raise ValidationError({"subjects": error.messages}) from None
        return self._read(evaluation)
