"""Deputy suggestions through the API: the same FilterSet, lifecycle and predicates as the pages.

GET   /api/v1/suggestions/?session=&year=&status=&overdue=true&q=…   list (SuggestionFilterSet), rows the user may see
GET   /api/v1/suggestions/<id>/                                      one suggestion, its handling records and timeline
POST  /api/v1/suggestions/                                           office: enter a suggestion
POST  /api/v1/suggestions/<id>/<step>/                               office: a handling step, with the `version` read
      assign, sign, co-input, contacts, extension, extension-decision, reply, feedback, key-supervision;
      supervision-note also by members of a committee supervising the suggestion.
GET   /api/v1/congress-sessions/                                     the body's congress sessions

Every step calls deputies.lifecycle; a rule it refuses is a 400 {field: [message]}, a stale
version a 409 with the current suggestion. Units, deputies, committees and sessions are looked up
inside the caller's body, so another body's id reads as "does not exist".
"""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from deputies import lifecycle
from deputies.api import suggestion_serializers as ser
from deputies.filtersets import SuggestionFilterSet
from deputies.models import (
    Assignment,
    CongressSession,
    Contact,
    Deputy,
    Extension,
    Feedback,
    Reply,
    Signature,
    Suggestion,
    SuggestionEvent,
)
from deputies.models.suggestions import SuggestionKind
from deputies.permissions import (
    suggestion_refusal,
    supervision_note_refusal,
    visible_suggestions,
)
from plans.models import Committee, ReportingBody
from renda.api.views import BodyScopedViewSetMixin
from renda.rules import rules_for

# The `unit` filter works through a method, so drf-spectacular cannot tell its type: it is a unit id.
# (Better declared in deputies/filtersets.py itself; the annotation is idempotent.)
extend_schema_field(OpenApiTypes.INT)(SuggestionFilterSet.base_filters["unit"])


# --- permission ----------------------------------------------------------------------------------------


class SuggestionPermission(BasePermission):
    """Read: every user of the body (rows filtered by visible_suggestions). Write: suggestion_refusal.

    The key-supervision progress note depends on the suggestion: the view asks supervision_note_refusal.
    """

    message = "只有常委会办公室可以录入、交办建议和登记办理情况。"
    per_suggestion_actions = {"supervision_note"}

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS or getattr(view, "action", None) in self.per_suggestion_actions:
            return True
        reason = suggestion_refusal(request.user)
        if reason:
            self.message = reason
            return False
        return True


# --- helpers ------------------------------------------------------------------------------------------


class Conflict(Exception):
    def __init__(self, error: lifecycle.StaleSuggestionError):
        self.error = error


# The lifecycle names a few fields after the model; the API names them after its own input.
FIELD_NAMES = {"input_text": "text", "decision": "extension", "expected_version": "version"}


def _refused(error: lifecycle.LifecycleError) -> ValidationError:
    field = FIELD_NAMES.get(error.field, error.field) or "non_field_errors"
    return ValidationError({field: [error.message]})


def _problems(problems) -> ValidationError:
    errors = {}
    for field, message in problems:
        errors.setdefault(FIELD_NAMES.get(field, field) or "non_field_errors", []).append(message)
    return ValidationError(errors)


def _valid(serializer_class, request) -> dict:
    incoming = serializer_class(data=request.data)
    incoming.is_valid(raise_exception=True)
    return incoming.validated_data


def _units(ids, field) -> list[ReportingBody]:
    """The handling units of the caller's body, in the order given (duplicates kept for the lifecycle to name)."""
    found = ReportingBody.objects.in_bulk(set(ids))
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({field: [f"承办单位不存在（id {'、'.join(missing)}）。"]})
    return [found[pk] for pk in ids]


def _unit_or_lead(suggestion, unit_id, field="unit") -> ReportingBody:
    if unit_id is None:
        if suggestion.lead_unit_id is None:
            raise ValidationError({field: ["建议尚未交办，请先交办再登记。"]})
        return suggestion.lead_unit
    return _units([unit_id], field)[0]


def _committee(committee_id, field="committee") -> Committee | None:
    if committee_id is None:
        return None
    committee = Committee.objects.filter(pk=committee_id).first()
    if committee is None:
        raise ValidationError({field: [f"督办委员会不存在（id {committee_id}）。"]})
    return committee


# --- viewsets ------------------------------------------------------------------------------------------


def _step(request_serializer, *, parsers=None, url_path=None, summary=""):
    """A POST action on one suggestion, documented with its input and the detail it answers."""

    def wrap(func):
        responses = {
            200: ser.SuggestionDetailSerializer,
            400: OpenApiResponse(description="规则不允许：{字段: [原因]}"),
            403: OpenApiResponse(description="无权操作，detail 说明原因"),
            409: OpenApiResponse(ser.SuggestionConflictSerializer, description="他人已更新该建议（version 已过期）"),
        }
        request = request_serializer
        if parsers:
            request = {"multipart/form-data": request_serializer, "application/json": request_serializer}
        extra = {"parser_classes": parsers} if parsers else {}
        func = action(detail=True, methods=["post"], url_path=url_path or func.__name__, **extra)(func)
        return extend_schema(request=request, responses=responses, summary=summary or None)(func)

    return wrap


class SuggestionViewSet(BodyScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Deputy suggestions and every step of their handling (deputies.lifecycle)."""

    queryset = Suggestion.objects.none()  # tells the schema the model; get_queryset serves requests
    filterset_class = SuggestionFilterSet
    permission_classes = [SuggestionPermission]
    serializer_class = ser.SuggestionSerializer

    # --- reading

    def get_queryset(self):
        signatures = Signature.objects.select_related("deputy").order_by("order", "id")
        active = Assignment.objects.filter(active=True).select_related("unit").order_by("-role", "id")
        rows = (
            Suggestion.objects.select_related("session", "lead_unit", "committee")
            .prefetch_related(
                Prefetch("signatures", queryset=signatures),
                Prefetch("assignments", queryset=active, to_attr="active_assignments"),
            )
            .order_by("-year", "number", "id")
        )
        if self.action != "list":
            rows = rows.select_related("key_supervision__committee").prefetch_related(
                Prefetch("assignments", queryset=Assignment.objects.select_related("unit").prefetch_related(
                    Prefetch("extensions", queryset=Extension.objects.order_by("asked_on", "id")))),
                Prefetch("replies", queryset=Reply.objects.select_related("unit")),
                Prefetch("feedbacks", queryset=Feedback.objects.select_related("deputy")),
                Prefetch("contacts", queryset=Contact.objects.select_related("unit")),
                Prefetch("events", queryset=SuggestionEvent.objects.select_related("by").order_by("at", "id")),
            )
        return visible_suggestions(self.request.user, rows)

    def get_serializer_class(self):
        return ser.SuggestionDetailSerializer if self.action != "list" else ser.SuggestionSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        body = getattr(self.request, "renda_body", None)
        context["today"] = timezone.localdate()
        context["soon_days"] = rules_for(body).suggestion_soon_due_days if body is not None else 14
        return context

    def _detail(self, suggestion, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=suggestion.pk)
        return Response(ser.SuggestionDetailSerializer(fresh, context=self.get_serializer_context()).data,
                        status=code)

    def handle_exception(self, exc):
        if isinstance(exc, Conflict):
            current = self.get_queryset().get(pk=exc.error.current.pk)
            data = ser.SuggestionDetailSerializer(current, context=self.get_serializer_context()).data
            return Response({"detail": exc.error.message, "current": data}, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)

    def _run(self, suggestion, version, step, **kwargs) -> Response:
        """Call one lifecycle step with the version the client read, and answer the updated suggestion."""
        try:
            step(suggestion, by=self.request.user, expected_version=version, **kwargs)
        except lifecycle.StaleSuggestionError as error:
            raise Conflict(error) from None
        except lifecycle.LifecycleError as error:
            raise _refused(error) from None
        return self._detail(suggestion)

    def _stale_first(self, suggestion, version) -> None:
        """A stale client hears 409 before any rule its outdated view may break."""
        if version != suggestion.version:
            raise Conflict(lifecycle.StaleSuggestionError(suggestion))

    # --- creating

    @extend_schema(request=ser.SuggestionCreateSerializer, responses={201: ser.SuggestionDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = _valid(ser.SuggestionCreateSerializer, request)
        errors = {}
        session = None
        if data["session"] is not None:
            session = CongressSession.objects.filter(pk=data["session"]).first()
            if session is None:
                errors["session"] = [f"所选会议不存在（id {data['session']}）。"]
        committee = None
        if data["committee"] is not None:
            committee = Committee.objects.filter(pk=data["committee"]).first()
            if committee is None:
                errors["committee"] = [f"督办委员会不存在（id {data['committee']}）。"]
        deputies = Deputy.objects.in_bulk({data["proposer"], *data["cosigners"]})
        proposer = deputies.get(data["proposer"])
        if proposer is None:
            errors["proposer"] = [f"领衔代表不存在（id {data['proposer']}）。"]
        missing = [str(pk) for pk in data["cosigners"] if pk not in deputies]
        if missing:
            errors["cosigners"] = [f"附议代表不存在（id {'、'.join(missing)}）。"]
        if data["kind"] not in SuggestionKind.values:
            errors["kind"] = ["类别应为 suggestion（建议）或 motion（议案）。"]
        if errors:
            raise ValidationError(errors)
        entry = lifecycle.NewSuggestion(
            title=data["title"], raised_on=data["raised_on"], proposer=proposer, year=data["year"],
            session=session, number=data["number"], kind=data["kind"], content=data["content"],
            category=data["category"], committee=committee,
            cosigners=tuple(deputies[pk] for pk in data["cosigners"]),
        )
        problems = lifecycle.validate_new(request.renda_body, entry)
        if problems:
            raise _problems(problems)
        try:
            suggestion = lifecycle.create_suggestion(request.renda_body, entry, request.user)
        except lifecycle.LifecycleError as error:
            raise _refused(error) from None
        return self._detail(suggestion, status.HTTP_201_CREATED)

    # --- handling steps

    @_step(ser.SuggestionAssignSerializer, summary="交办：主办单位和协办单位；答复期限自交办日起算")
    def assign(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionAssignSerializer, request)
        self._stale_first(suggestion, data["version"])
        lead = _units([data["lead_unit"]], "lead_unit")[0]
        co_units = _units(data["co_units"], "co_units")
        problems = lifecycle.validate_assignment(request.renda_body, suggestion, data["assigned_on"], lead, co_units)
        if problems:
            raise _problems(problems)
        return self._run(suggestion, data["version"], lifecycle.assign, assigned_on=data["assigned_on"],
                         lead_unit=lead, co_units=co_units)

    @_step(ser.SuggestionSignSerializer, summary="承办单位签收")
    def sign(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionSignSerializer, request)
        self._stale_first(suggestion, data["version"])
        unit = _unit_or_lead(suggestion, data["unit"])
        return self._run(suggestion, data["version"], lifecycle.sign_for, unit=unit, signed_on=data["signed_on"])

    @_step(ser.SuggestionCoInputSerializer, url_path="co-input", summary="协办单位提交协办意见")
    def co_input(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionCoInputSerializer, request)
        self._stale_first(suggestion, data["version"])
        unit = _units([data["unit"]], "unit")[0]
        return self._run(suggestion, data["version"], lifecycle.record_co_input, unit=unit,
                         input_on=data["input_on"], text=data["text"])

    @_step(ser.SuggestionContactWriteSerializer, summary="登记承办单位与代表的沟通联系（办前、办中、办结）")
    def contacts(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionContactWriteSerializer, request)
        self._stale_first(suggestion, data["version"])
        unit = _unit_or_lead(suggestion, data["unit"])
        return self._run(suggestion, data["version"], lifecycle.add_contact, unit=unit, stage=data["stage"],
                         way=data["way"], contacted_on=data["contacted_on"], note=data["note"])

    @_step(ser.SuggestionExtensionAskSerializer, summary="主办单位申请延期（由办公室审批）")
    def extension(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionExtensionAskSerializer, request)
        self._stale_first(suggestion, data["version"])
        return self._run(suggestion, data["version"], lifecycle.ask_extension, asked_on=data["asked_on"],
                         reason=data["reason"], requested_due_on=data["requested_due_on"])

    @_step(ser.SuggestionExtensionDecisionSerializer, url_path="extension-decision", summary="办公室审批延期申请")
    def extension_decision(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionExtensionDecisionSerializer, request)
        self._stale_first(suggestion, data["version"])
        extension = Extension.objects.filter(pk=data["extension"], assignment__suggestion=suggestion).first()
        if extension is None:
            raise ValidationError({"extension": [f"该建议没有这项延期申请（id {data['extension']}）。"]})

        def decide(s, **kwargs):
            return lifecycle.decide_extension(extension, **kwargs)

        return self._run(suggestion, data["version"], decide, approve=data["approve"],
                         decided_on=data["decided_on"], note=data["note"])

    @_step(ser.SuggestionReplyWriteSerializer, parsers=[MultiPartParser, FormParser, JSONParser],
           summary="主办单位答复（A/B/C/D 类），可附答复函")
    def reply(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionReplyWriteSerializer, request)
        self._stale_first(suggestion, data["version"])
        return self._run(suggestion, data["version"], lifecycle.reply, replied_on=data["replied_on"],
                         reply_class=data["reply_class"], text=data["text"], document=data["document"])

    @_step(ser.SuggestionFeedbackWriteSerializer, summary="代表反馈：满意、基本满意办结；不满意重新办理")
    def feedback(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionFeedbackWriteSerializer, request)
        self._stale_first(suggestion, data["version"])
        return self._run(suggestion, data["version"], lifecycle.give_feedback, result=data["result"],
                         comment=data["comment"], given_on=data["given_on"])

    @_step(ser.SuggestionKeySupervisionWriteSerializer, url_path="key-supervision", summary="列为重点督办")
    def key_supervision(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionKeySupervisionWriteSerializer, request)
        self._stale_first(suggestion, data["version"])
        committee = _committee(data["committee"])
        return self._run(suggestion, data["version"], lifecycle.set_key_supervision, leader=data["leader"],
                         committee=committee, since=data["since"], note=data["note"])

    @_step(ser.SuggestionSupervisionNoteSerializer, url_path="supervision-note", summary="登记重点督办进展")
    def supervision_note(self, request, pk=None):
        suggestion = self.get_object()
        reason = supervision_note_refusal(request.user, suggestion)
        if reason:
            raise PermissionDenied(reason)
        data = _valid(ser.SuggestionSupervisionNoteSerializer, request)
        self._stale_first(suggestion, data["version"])
        return self._run(suggestion, data["version"], lifecycle.add_supervision_note, on=data["on"],
                         text=data["text"])


class CongressSessionViewSet(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The body's congress sessions (人民代表大会会议), newest first: the `session` of a suggestion."""

    queryset = CongressSession.objects.none()  # tells the schema the model; get_queryset serves requests
    serializer_class = ser.CongressSessionReadSerializer

    def get_queryset(self):
        return CongressSession.objects.select_related("term").order_by("-start_on", "id")
