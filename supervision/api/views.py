"""Supervision results through the API: the same FilterSets, forms, services and predicates as the pages."""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from core.api.form_input import form_values
from core.api.views import BodyScopedViewSetMixin
from meetings.models import AgendaItem
from supervision import filtersets
from supervision import opinions as services
from supervision.forms.opinions import (
    CloseForm,
    InquiryForm,
    InspectionForm,
    LivelihoodProjectForm,
    NoteForm,
    OpinionForm,
    ProgressForm,
    RectificationForm,
    ResponseForm,
)
from supervision.models import (
    Inspection,
    LivelihoodProgress,
    LivelihoodProject,
    Rectification,
    RectificationNote,
    ReviewOpinion,
    SpecialInquiry,
)
from supervision.permissions import livelihood_refusal, office_refusal, opinion_refusal, rectification_refusal

# --- permission --------------------------------------------------------------------------------------


class SupervisionPermission(BasePermission):
    """Read: any user of the body. Create/edit: the office. Committee actions: checked by the view."""

    message = "只有常委会办公室可以录入。"
    committee_actions = {"respond", "notes", "close", "progress"}

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS or getattr(view, "action", None) in self.committee_actions:
            return True
        reason = office_refusal(request.user)
        if reason:
            self.message = reason
            return False
        return True


def _check(reason):
    if reason:
        raise PermissionDenied(reason)


def _form_errors(form):
    return ValidationError({field: list(errors) for field, errors in form.errors.items()})


def _data(request) -> dict:
    return form_values(request.data)


# --- serializers ---------------------------------------------------------------------------------------


class OpinionSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)
    agenda_item_title = serializers.CharField(source="agenda_item.title", read_only=True)
    committee_name = serializers.CharField(source="committee.short_name", read_only=True, default=None, allow_null=True)
    reporting_body_name = serializers.CharField(source="reporting_body.name", read_only=True, default=None, allow_null=True)
    overdue = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    assessment = serializers.CharField(read_only=True, help_text="satisfied / basic / unsatisfied, or empty")

    class Meta:
        model = ReviewOpinion
        fields = ["id", "agenda_item", "agenda_item_title", "meeting", "reporting_body", "reporting_body_name",
                  "committee", "committee_name", "text", "sent_on", "due_on", "response_on", "response_heard_at",
                  "assessment", "assessment_note", "overdue", "state"]
        read_only_fields = fields

    def get_overdue(self, o) -> bool:
        return o.is_overdue()

    def get_state(self, o) -> str:
        return services.opinion_state(o)[1]


class OpinionWriteSerializer(serializers.Serializer):
    agenda_item = serializers.IntegerField()
    text = serializers.CharField(required=False, allow_blank=True)
    sent_on = serializers.DateField(required=False, allow_null=True)
    reporting_body = serializers.IntegerField(required=False, allow_null=True)
    committee = serializers.IntegerField(required=False, allow_null=True)


class ResponseWriteSerializer(serializers.Serializer):
    response_on = serializers.DateField(required=False, allow_null=True)
    response_heard_at = serializers.IntegerField(required=False, allow_null=True)
    assessment = serializers.CharField(required=False, allow_blank=True, help_text="satisfied / basic / unsatisfied")
    assessment_note = serializers.CharField(required=False, allow_blank=True)
    open_rectification = serializers.BooleanField(required=False, default=False)


class NoteSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.get_full_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = RectificationNote
        fields = ["id", "at", "by", "text"]
        read_only_fields = fields


class RectificationSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()
    committee_name = serializers.CharField(source="committee.short_name", read_only=True, default=None, allow_null=True)
    notes = NoteSerializer(many=True, read_only=True)
    source = serializers.CharField(read_only=True, help_text="opinion / evaluation / inspection")
    status = serializers.CharField(read_only=True, help_text="open / closed")

    class Meta:
        model = Rectification
        fields = ["id", "source", "opinion", "evaluation_subject", "inspection", "reporting_body", "committee",
                  "committee_name", "what", "due_on", "status", "closed_on", "needs_new_report",
                  "new_report_agenda_item", "overdue", "notes"]
        read_only_fields = fields

    def get_overdue(self, r) -> bool:
        return r.is_overdue()


class RectificationWriteSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="opinion / evaluation / inspection")
    opinion = serializers.IntegerField(required=False, allow_null=True)
    inspection = serializers.IntegerField(required=False, allow_null=True)
    what = serializers.CharField()
    reporting_body = serializers.IntegerField(required=False, allow_null=True)
    committee = serializers.IntegerField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class TextSerializer(serializers.Serializer):
    text = serializers.CharField()


class CloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()
    text = serializers.CharField(required=False, allow_blank=True)


class ProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = LivelihoodProgress
        fields = ["id", "reported_on", "percent", "text"]


class LivelihoodSerializer(serializers.ModelSerializer):
    progress = ProgressSerializer(many=True, read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None, allow_null=True)
    committee_name = serializers.CharField(source="committee.short_name", read_only=True, default=None, allow_null=True)
    evaluation_result = serializers.SerializerMethodField()

    class Meta:
        model = LivelihoodProject
        fields = ["id", "year", "number", "title", "department", "department_name", "committee", "committee_name",
                  "progress", "evaluation_result"]
        read_only_fields = ["id", "progress"]

    def get_evaluation_result(self, p) -> str | None:
        subject = next(iter(p.evaluation_subjects.all()), None)
        return subject.get_result_display() if subject and subject.result else None


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "year", "title", "laws", "team", "deputies_invited", "start_on", "end_on", "plan_item",
                  "report_agenda_item"]
        read_only_fields = ["id"]


class InquirySerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)

    class Meta:
        model = SpecialInquiry
        fields = ["id", "agenda_item", "meeting", "askers", "officials", "question_count", "note"]
        read_only_fields = ["id", "meeting"]


# --- viewsets -----------------------------------------------------------------------------------------


class _Base(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [SupervisionPermission]


@extend_schema_view(create=extend_schema(request=OpinionWriteSerializer, responses={201: OpinionSerializer}))
class ReviewOpinionViewSet(mixins.CreateModelMixin, _Base):
    """Opinions; POST creates (office); POST {id}/respond/ records response and assessment (committee)."""

    queryset = ReviewOpinion.objects.none()
    filterset_class = filtersets.ReviewOpinionFilterSet
    serializer_class = OpinionSerializer

    def get_queryset(self):
        return ReviewOpinion.objects.select_related(
            "agenda_item", "committee", "reporting_body").prefetch_related("agenda_item__committees").order_by("pk")

    def get_serializer_class(self):
        if self.action == "create":
            return OpinionWriteSerializer
        if self.action == "respond":
            return ResponseWriteSerializer
        return OpinionSerializer

    def create(self, request, *args, **kwargs):
        incoming = OpinionWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        item = AgendaItem.objects.filter(pk=incoming.validated_data["agenda_item"]).first()
        if item is None:
            raise ValidationError({"agenda_item": ["请指定本常委会的议题（id）。"]})
        form = OpinionForm(_data(request), agenda_item=item)
        if not form.is_valid():
            raise _form_errors(form)
        opinion = services.create_opinion(form.save(commit=False), request.user)
        return Response(OpinionSerializer(self.get_queryset().get(pk=opinion.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResponseWriteSerializer, responses=OpinionSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        opinion = self.get_object()
        _check(opinion_refusal(request.user, opinion))
        incoming = ResponseWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = {f: getattr(opinion, f) or "" for f in ("response_on", "assessment", "assessment_note")}
        data["response_heard_at"] = opinion.response_heard_at_id or ""
        data.update({k: ("" if v is None else v) for k, v in incoming.validated_data.items() if k != "open_rectification"})
        form = ResponseForm(data, instance=opinion)
        if not form.is_valid():
            raise _form_errors(form)
        form.save()
        services.record_response(opinion, request.user, open_rectification=incoming.validated_data["open_rectification"])
        return Response(OpinionSerializer(self.get_queryset().get(pk=opinion.pk)).data)


@extend_schema_view(create=extend_schema(request=RectificationWriteSerializer, responses={201: RectificationSerializer}))
class RectificationViewSet(mixins.CreateModelMixin, _Base):
    queryset = Rectification.objects.none()
    filterset_class = filtersets.RectificationFilterSet
    serializer_class = RectificationSerializer

    def get_queryset(self):
        return Rectification.objects.select_related("committee", "opinion__committee").prefetch_related(
            Prefetch("notes", queryset=RectificationNote.objects.select_related("by"))).order_by("status", "due_on", "pk")

    def get_serializer_class(self):
        return {"create": RectificationWriteSerializer, "notes": TextSerializer, "close": CloseSerializer}.get(
            self.action, RectificationSerializer)

    def create(self, request, *args, **kwargs):
        incoming = RectificationWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        rect = Rectification(body=request.renda_body)
        if data.get("opinion"):
            rect.opinion = ReviewOpinion.objects.filter(pk=data["opinion"]).first()
            if rect.opinion is None:
                raise ValidationError({"opinion": ["找不到该审议意见。"]})
        if data.get("inspection"):
            rect.inspection = Inspection.objects.filter(pk=data["inspection"]).first()
            if rect.inspection is None:
                raise ValidationError({"inspection": ["找不到该执法检查。"]})
        if not data.get("due_on"):
            data["due_on"] = services.rectification_due_on(request.renda_body, timezone.localdate())
        form = RectificationForm({k: ("" if v is None else v) for k, v in data.items()}, instance=rect)
        if not form.is_valid():
            raise _form_errors(form)
        rect = form.save()
        return Response(RectificationSerializer(self.get_queryset().get(pk=rect.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TextSerializer, responses={201: RectificationSerializer})  # a note is created
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        rect = self.get_object()
        _check(rectification_refusal(request.user, rect))
        form = NoteForm(_data(request))
        if not form.is_valid():
            raise _form_errors(form)
        services.add_note(rect, request.user, form.cleaned_data["text"])
        return Response(RectificationSerializer(self.get_queryset().get(pk=rect.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CloseSerializer, responses=RectificationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        rect = self.get_object()
        _check(rectification_refusal(request.user, rect))
        form = CloseForm(_data(request))
        if not form.is_valid():
            raise _form_errors(form)
        if form.cleaned_data["closed_on"] > timezone.localdate():
            raise ValidationError({"closed_on": ["完成日期不能晚于今天。"]})
        services.close_rectification(rect, request.user, form.cleaned_data["closed_on"], form.cleaned_data["text"])
        return Response(RectificationSerializer(self.get_queryset().get(pk=rect.pk)).data)


class LivelihoodProjectViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base):
    queryset = LivelihoodProject.objects.none()
    filterset_class = filtersets.LivelihoodProjectFilterSet
    serializer_class = LivelihoodSerializer

    def get_queryset(self):
        return LivelihoodProject.objects.select_related("department", "committee").prefetch_related(
            "progress", "evaluation_subjects").order_by("-year", "number")

    def get_serializer_class(self):
        return ProgressSerializer if self.action == "progress" else LivelihoodSerializer

    def _save(self, data, project):
        form = LivelihoodProjectForm({k: ("" if v is None else v) for k, v in data.items()}, instance=project)
        if not form.is_valid():
            raise _form_errors(form)
        project = form.save()
        return LivelihoodSerializer(self.get_queryset().get(pk=project.pk)).data

    def create(self, request, *args, **kwargs):
        return Response(self._save(_data(request), LivelihoodProject(body=request.renda_body)), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        project = self.get_object()
        data = {f: getattr(project, f"{f}_id" if f in ("department", "committee") else f) for f in
                ("year", "number", "title", "department", "committee")}
        data.update(_data(request))
        return Response(self._save(data, project))

    @extend_schema(request=ProgressSerializer, responses={201: LivelihoodSerializer})  # a report is created
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        project = self.get_object()
        _check(livelihood_refusal(request.user, project))
        form = ProgressForm(_data(request))
        if not form.is_valid():
            raise _form_errors(form)
        d = form.cleaned_data
        services.add_progress(project, request.user, d["reported_on"], d["percent"], d["text"])
        return Response(LivelihoodSerializer(self.get_queryset().get(pk=project.pk)).data, status=status.HTTP_201_CREATED)


class InspectionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base):
    queryset = Inspection.objects.none()
    filterset_class = filtersets.InspectionFilterSet
    serializer_class = InspectionSerializer

    def get_queryset(self):
        return Inspection.objects.order_by("-year", "pk")

    def _save(self, data, inspection, code):
        form = InspectionForm(data, instance=inspection)
        if not form.is_valid():
            raise _form_errors(form)
        return Response(InspectionSerializer(form.save()).data, status=code)

    def create(self, request, *args, **kwargs):
        return self._save(_data(request), Inspection(body=request.renda_body), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        inspection = self.get_object()
        data = {k: ("" if v is None else v) for k, v in InspectionSerializer(inspection).data.items()}
        data.update(_data(request))
        return self._save(data, inspection, status.HTTP_200_OK)


class SpecialInquiryViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base):
    queryset = SpecialInquiry.objects.none()
    filterset_class = filtersets.SpecialInquiryFilterSet
    serializer_class = InquirySerializer

    def get_queryset(self):
        return SpecialInquiry.objects.select_related("agenda_item").order_by("pk")

    def create(self, request, *args, **kwargs):
        data = _data(request)
        item_id = str(data.get("agenda_item", ""))
        item = AgendaItem.objects.filter(pk=item_id).first() if item_id.isdigit() else None
        if item is None:  # a field of the body, like the other creates: 400, not 404
            raise ValidationError({"agenda_item": ["请指定本常委会的议题（id）。"]})
        if SpecialInquiry.objects.filter(agenda_item=item).exists():
            raise ValidationError({"agenda_item": ["该议题已登记专题询问，请修改原记录。"]})
        form = InquiryForm(data, instance=SpecialInquiry(agenda_item=item))
        if not form.is_valid():
            raise _form_errors(form)
        return Response(InquirySerializer(form.save()).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        inquiry = self.get_object()
        data = {k: getattr(inquiry, k) for k in ("askers", "officials", "question_count", "note")}
        data.update(_data(request))
        form = InquiryForm(data, instance=inquiry)
        if not form.is_valid():
            raise _form_errors(form)
        return Response(InquirySerializer(form.save()).data)
