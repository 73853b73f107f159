"""Supervision results through the API: the same FilterSets, rules, services and predicates as the pages.

Writes are validated once, as the pages' forms validate them (core/api/validated.py): the same fields and
choices, the models' clean() (ReviewOpinion, LivelihoodProject, Inspection), in the forms' words. An update
changes the fields sent and keeps the others.
"""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from core.api.fields import MAX_ID
from core.api.validated import (
    FORM_INPUT_MAPPING,
    PageWordedSerializer,
    TextChoiceField,
    TextInputField,
    ValidatedModelSerializer,
)
from core.api.versioned import CONFLICT, IF_MATCH, VersionedViewSetMixin, VersionField
from core.api.views import BodyScopedViewSetMixin
from meetings.models import AgendaItem
from supervision import filtersets
from supervision import opinions as services
from supervision.forms.opinions import InspectionForm
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

AGENDA_ITEM_NEEDED = "请指定本常委会的议题（id）。"

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


def _agenda_item(request) -> AgendaItem | None:
    """The agenda item a new record is about: one of the caller's body, by its id (as the page's address names it)."""
    value = request.data.get("agenda_item") if hasattr(request.data, "get") else None
    text = "" if isinstance(value, bool) else str(value if value is not None else "").strip()
    return AgendaItem.objects.filter(pk=int(text)).first() if text.isdigit() and int(text) <= MAX_ID else None


def _validated(serializer_class, obj, request):
    """The request's fields checked as the page's form checks them (the model's clean(), the form's choices);
    PUT is the whole record (every required field, as on create); PATCH, and a step posted on a record (respond),
    change the fields sent and keep the others."""
    incoming = serializer_class(obj, data=request.data, partial=obj.pk is not None and request.method != "PUT")
    incoming.is_valid(raise_exception=True)
    return incoming


def _answers_with(serializer):
    """Writes take the write serializer and answer with the read one (409 on a stale version); the schema says so."""
    return extend_schema_view(create=extend_schema(responses={201: serializer}), **{
        name: extend_schema(parameters=[IF_MATCH], responses={200: serializer, 409: CONFLICT})
        for name in ("update", "partial_update")})


# --- serializers ---------------------------------------------------------------------------------------


class _RecordWriteSerializer(ValidatedModelSerializer):
    """A page form's fields, validated by the model as the form is (core/api/validated.py)."""

    serializer_field_mapping = FORM_INPUT_MAPPING  # null is an empty value, as it was when the API took the form's
    serializer_choice_field = TextChoiceField  # choices as strings in the schema, as before

    def choices(self):
        return services.record_choices()


class OpinionSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)
    agenda_item_title = serializers.CharField(source="agenda_item.title", read_only=True)
    committee_name = serializers.CharField(source="committee.short_name", read_only=True, default=None, allow_null=True)
    reporting_body_name = serializers.CharField(source="reporting_body.name", read_only=True, default=None, allow_null=True)
    overdue = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    assessment = serializers.CharField(read_only=True, help_text="satisfied / basic / unsatisfied, or empty")

    version = VersionField()
    class Meta:
        model = ReviewOpinion
        fields = ["id", "agenda_item", "agenda_item_title", "meeting", "reporting_body", "reporting_body_name",
                  "committee", "committee_name", "text", "sent_on", "due_on", "response_on", "response_heard_at",
                  "assessment", "assessment_note", "overdue", "state", "version"]
        read_only_fields = fields

    def get_overdue(self, o) -> bool:
        return o.is_overdue()

    def get_state(self, o) -> str:
        return services.opinion_state(o)[1]


class OpinionWriteSerializer(_RecordWriteSerializer):
    """A new opinion, as the page's OpinionForm takes it (its document aside), validated by ReviewOpinion.clean."""

    agenda_item = serializers.IntegerField(help_text="本常委会的议题（id）")

    class Meta:
        model = ReviewOpinion
        fields = ["agenda_item", "text", "sent_on", "reporting_body", "committee"]
        inputs = ["agenda_item"]  # the view reads it, as the page's address names it


class ResponseWriteSerializer(_RecordWriteSerializer):
    """The response and its assessment, as the page's ResponseForm takes them (the report aside)."""

    open_rectification = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = ReviewOpinion
        fields = ["response_on", "response_heard_at", "assessment", "assessment_note", "open_rectification"]
        inputs = ["open_rectification"]
        extra_kwargs = {"assessment": {"help_text": "satisfied / basic / unsatisfied"}}


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

    version = VersionField()
    class Meta:
        model = Rectification
        fields = ["id", "source", "opinion", "evaluation_subject", "inspection", "reporting_body", "committee",
                  "committee_name", "what", "due_on", "status", "closed_on", "needs_new_report",
                  "new_report_agenda_item", "overdue", "notes", "version"]
        read_only_fields = fields

    def get_overdue(self, r) -> bool:
        return r.is_overdue()


class RectificationWriteSerializer(_RecordWriteSerializer):
    """A rectification opened by hand, as the page's RectificationForm takes it, with the opinion or inspection it
    comes from (the page's address names them); without a due date, the body's rule sets one."""

    class Meta:
        model = Rectification
        fields = ["source", "opinion", "inspection", "what", "reporting_body", "committee", "due_on"]
        extra_kwargs = {"source": {"help_text": "opinion / evaluation / inspection"}}
        error_messages = {"opinion": {"invalid_choice": "找不到该审议意见。"},
                          "inspection": {"invalid_choice": "找不到该执法检查。"}}

    def choices(self):
        return {**services.record_choices(), "opinion": ReviewOpinion.objects.all(),
                "inspection": Inspection.objects.all()}


class TextSerializer(PageWordedSerializer):
    """A progress note, as the page's NoteForm takes it."""

    text = serializers.CharField(max_length=2000)


class CloseSerializer(PageWordedSerializer):
    """Closing a rectification, as the page's CloseForm takes it."""

    closed_on = serializers.DateField()
    text = TextInputField(required=False, allow_blank=True, default="", max_length=2000)

    def validate_closed_on(self, closed_on):
        if error := services.close_date_error(closed_on):
            raise serializers.ValidationError(error)
        return closed_on


class ProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = LivelihoodProgress
        fields = ["id", "reported_on", "percent", "text"]


class ProgressWriteSerializer(PageWordedSerializer):
    """A progress report on a project, as the page's ProgressForm takes it."""

    reported_on = serializers.DateField()
    percent = serializers.IntegerField(min_value=0, max_value=100, help_text="完成进度（%）")
    text = serializers.CharField(max_length=4000)


class LivelihoodSerializer(serializers.ModelSerializer):
    progress = ProgressSerializer(many=True, read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None, allow_null=True)
    committee_name = serializers.CharField(source="committee.short_name", read_only=True, default=None, allow_null=True)
    evaluation_result = serializers.SerializerMethodField()

    version = VersionField()
    class Meta:
        model = LivelihoodProject
        fields = ["id", "year", "number", "title", "department", "department_name", "committee", "committee_name",
                  "progress", "evaluation_result", "version"]
        read_only_fields = ["id", "progress"]

    def get_evaluation_result(self, p) -> str | None:
        subject = next(iter(p.evaluation_subjects.all()), None)
        return subject.get_result_display() if subject and subject.result else None


class LivelihoodWriteSerializer(_RecordWriteSerializer):
    """A project, as the page's LivelihoodProjectForm takes it, validated by LivelihoodProject.clean."""

    class Meta:
        model = LivelihoodProject
        fields = ["year", "number", "title", "department", "committee"]


class InspectionSerializer(serializers.ModelSerializer):
    version = VersionField()

    class Meta:
        model = Inspection
        fields = ["id", "year", "title", "laws", "team", "deputies_invited", "start_on", "end_on", "plan_item",
                  "report_agenda_item", "version"]
        read_only_fields = ["id"]


class InspectionWriteSerializer(_RecordWriteSerializer):
    """An inspection, as the page's InspectionForm takes it, validated by Inspection.clean."""

    class Meta:
        model = Inspection
        fields = InspectionForm.Meta.fields

    def choices(self):
        return services.inspection_choices()


class InquirySerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)

    version = VersionField()
    class Meta:
        model = SpecialInquiry
        fields = ["id", "agenda_item", "meeting", "askers", "officials", "question_count", "note", "version"]
        read_only_fields = ["id", "meeting"]


class InquiryWriteSerializer(_RecordWriteSerializer):
    """An inquiry, as the page's InquiryForm takes it; `agenda_item` on create (the view reads it)."""

    agenda_item = serializers.IntegerField(required=False, help_text="新建时：本常委会的议题（id）")

    class Meta:
        model = SpecialInquiry
        fields = ["agenda_item", "askers", "officials", "question_count", "note"]
        inputs = ["agenda_item"]
        extra_kwargs = {"question_count": {"required": True}}  # as on the page, despite the model's default


# --- viewsets -----------------------------------------------------------------------------------------


class _Base(VersionedViewSetMixin, BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [SupervisionPermission]
    write_serializer_class = None  # create, update

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class


@extend_schema_view(create=extend_schema(request=OpinionWriteSerializer, responses={201: OpinionSerializer}))
class ReviewOpinionViewSet(mixins.CreateModelMixin, _Base):
    """Opinions; POST creates (office); POST {id}/respond/ records response and assessment (committee)."""

    queryset = ReviewOpinion.objects.none()
    filterset_class = filtersets.ReviewOpinionFilterSet
    serializer_class = OpinionSerializer
    write_serializer_class = OpinionWriteSerializer
    version_required_actions = ("respond",)  # the page's response form carries its marker too

    def get_queryset(self):
        return ReviewOpinion.objects.select_related(
            "agenda_item", "committee", "reporting_body").prefetch_related("agenda_item__committees").order_by("pk")

    def get_serializer_class(self):
        if self.action == "respond":
            return ResponseWriteSerializer
        return super().get_serializer_class()

    def _read(self, opinion, code=status.HTTP_200_OK):
        return Response(OpinionSerializer(self.get_queryset().get(pk=opinion.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        item = _agenda_item(request)
        if item is None:
            raise ValidationError({"agenda_item": [AGENDA_ITEM_NEEDED]})
        incoming = _validated(OpinionWriteSerializer, ReviewOpinion(agenda_item=item), request)
        opinion = services.create_opinion(incoming.validated_instance, request.user)
        return self._read(opinion, status.HTTP_201_CREATED)

    @extend_schema(request=ResponseWriteSerializer, parameters=[IF_MATCH],
                   responses={200: OpinionSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        opinion = self.get_object()
        _check(opinion_refusal(request.user, opinion))
        if (stale := self.stale_conflict(request, opinion)) is not None:
            return stale
        incoming = _validated(ResponseWriteSerializer, opinion, request)
        incoming.save()
        services.record_response(incoming.instance, request.user,
                                 open_rectification=incoming.validated_data.get("open_rectification", False))
        return self._read(opinion)


@extend_schema_view(create=extend_schema(request=RectificationWriteSerializer, responses={201: RectificationSerializer}))
class RectificationViewSet(mixins.CreateModelMixin, _Base):
    queryset = Rectification.objects.none()
    filterset_class = filtersets.RectificationFilterSet
    serializer_class = RectificationSerializer
    write_serializer_class = RectificationWriteSerializer

    def get_queryset(self):
        return Rectification.objects.select_related("committee", "opinion__committee").prefetch_related(
            Prefetch("notes", queryset=RectificationNote.objects.select_related("by"))).order_by("status", "due_on", "pk")

    def get_serializer_class(self):
        return {"notes": TextSerializer, "close": CloseSerializer}.get(self.action) or super().get_serializer_class()

    def _read(self, rect, code=status.HTTP_200_OK):
        return Response(RectificationSerializer(self.get_queryset().get(pk=rect.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        incoming = _validated(RectificationWriteSerializer, Rectification(body=request.renda_body), request)
        due = {} if incoming.validated_data.get("due_on") else {
            "due_on": services.rectification_due_on(request.renda_body, timezone.localdate())}
        return self._read(incoming.save(**due), status.HTTP_201_CREATED)

    @extend_schema(request=TextSerializer, responses={201: RectificationSerializer})  # a note is created
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        rect = self.get_object()
        _check(rectification_refusal(request.user, rect))
        incoming = TextSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.add_note(rect, request.user, incoming.validated_data["text"])
        return self._read(rect, status.HTTP_201_CREATED)

    @extend_schema(request=CloseSerializer, responses=RectificationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        rect = self.get_object()
        _check(rectification_refusal(request.user, rect))
        incoming = CloseSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.close_rectification(rect, request.user, incoming.validated_data["closed_on"],
                                     incoming.validated_data["text"])
        return self._read(rect)


@_answers_with(LivelihoodSerializer)
class LivelihoodProjectViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base):
    queryset = LivelihoodProject.objects.none()
    filterset_class = filtersets.LivelihoodProjectFilterSet
    serializer_class = LivelihoodSerializer
    write_serializer_class = LivelihoodWriteSerializer

    def get_queryset(self):
        return LivelihoodProject.objects.select_related("department", "committee").prefetch_related(
            "progress", "evaluation_subjects").order_by("-year", "number")

    def get_serializer_class(self):
        return ProgressWriteSerializer if self.action == "progress" else super().get_serializer_class()

    def _read(self, project, code=status.HTTP_200_OK):
        return Response(LivelihoodSerializer(self.get_queryset().get(pk=project.pk)).data, status=code)

    def _save(self, request, project, code):
        if project.pk and (stale := self.stale_conflict(request, project)) is not None:
            return stale
        return self._read(_validated(LivelihoodWriteSerializer, project, request).save(), code)

    def create(self, request, *args, **kwargs):
        return self._save(request, LivelihoodProject(body=request.renda_body), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        return self._save(request, self.get_object(), status.HTTP_200_OK)

    @extend_schema(request=ProgressWriteSerializer, responses={201: LivelihoodSerializer})  # a report is created
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        project = self.get_object()
        _check(livelihood_refusal(request.user, project))
        incoming = ProgressWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        d = incoming.validated_data
        services.add_progress(project, request.user, d["reported_on"], d["percent"], d["text"])
        return self._read(project, status.HTTP_201_CREATED)


@_answers_with(InspectionSerializer)
class InspectionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base):
    queryset = Inspection.objects.none()
    filterset_class = filtersets.InspectionFilterSet
    serializer_class = InspectionSerializer
    write_serializer_class = InspectionWriteSerializer

    def get_queryset(self):
        return Inspection.objects.order_by("-year", "pk")

    def _save(self, request, inspection, code):
        if inspection.pk and (stale := self.stale_conflict(request, inspection)) is not None:
            return stale
        saved = _validated(InspectionWriteSerializer, inspection, request).save()
        return Response(InspectionSerializer(saved).data, status=code)

    def create(self, request, *args, **kwargs):
        return self._save(request, Inspection(body=request.renda_body), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        return self._save(request, self.get_object(), status.HTTP_200_OK)


@_answers_with(InquirySerializer)
class SpecialInquiryViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base):
    queryset = SpecialInquiry.objects.none()
    filterset_class = filtersets.SpecialInquiryFilterSet
    serializer_class = InquirySerializer
    write_serializer_class = InquiryWriteSerializer

    def get_queryset(self):
        return SpecialInquiry.objects.select_related("agenda_item").order_by("pk")

    def _save(self, request, inquiry, code):
        if inquiry.pk and (stale := self.stale_conflict(request, inquiry)) is not None:
            return stale
        saved = _validated(InquiryWriteSerializer, inquiry, request).save()
        return Response(InquirySerializer(saved).data, status=code)

    def create(self, request, *args, **kwargs):
        item = _agenda_item(request)
        if item is None:  # a field of the body, like the other creates: 400, not 404
            raise ValidationError({"agenda_item": [AGENDA_ITEM_NEEDED]})
        if SpecialInquiry.objects.filter(agenda_item=item).exists():
            raise ValidationError({"agenda_item": ["该议题已登记专题询问，请修改原记录。"]})
        return self._save(request, SpecialInquiry(agenda_item=item), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        return self._save(request, self.get_object(), status.HTTP_200_OK)
