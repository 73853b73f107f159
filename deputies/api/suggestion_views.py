"""Deputy suggestions through the API: the same FilterSet, lifecycle and predicates as the pages.

GET   /api/v1/suggestions/?session=&year=&status=&overdue=true&q=…   list (SuggestionFilterSet), rows the user may see
GET   /api/v1/suggestions/<id>/                                      one suggestion, its handling records and timeline
POST  /api/v1/suggestions/                                           office: enter a suggestion
POST  /api/v1/suggestions/<id>/<step>/                               a step, with the `version` read:
      office only: assign, extension-decision, key-supervision, accept, return, reassign-decision;
      a handling unit's (its contact for its own unit, or the office for any unit): sign, co-input,
      contacts, extension, reply, reassign-request;
      the proposer's (or the office for them): feedback; a co-signer's: confirm, decline;
      supervision-note: the office or members of a committee supervising the suggestion.
PUT/DELETE /api/v1/suggestions/<id>/replies/<reply id>/document/     replace (multipart `document`) or remove a
      reply's letter (答复函) sent by mistake: the office, or the unit's contact who uploaded it until the deputy's
      feedback (reply_document_refusal); an EDITED event on the timeline names the files
GET   /api/v1/congress-sessions/                                     the body's congress sessions

Deputies and units' contacts read and act on their own suggestions only (visible_suggestions), and
read them without the office's internal working (deputies/api/party.py). Who may take a step on a
suggestion is asked of deputies/permissions.py (STEP_REFUSALS below), never decided here.

Every step calls deputies.suggestions.lifecycle or deputies.suggestions.online; a rule it refuses is a 400 {field: [message]},
a stale version a 409 with the current suggestion. Units, deputies, committees and sessions are
looked up inside the caller's body, so another body's id reads as "does not exist".
"""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from core.api.fields import MAX_ID
from core.api.views import BodyScopedViewSetMixin
from core.models import Committee, ReportingBody
from core.rules import rules_for
from deputies.api import suggestion_serializers as ser
from deputies.api.party import own_unit, party_of
from deputies.filtersets import SuggestionFilterSet
from deputies.models import (
    Assignment,
    CongressSession,
    Contact,
    Deputy,
    Extension,
    Feedback,
    ReassignRequest,
    Reply,
    Signature,
    Suggestion,
    SuggestionEvent,
)
from deputies.models.suggestions import SuggestionKind
from deputies.permissions import (
    SUGGESTION_OFFICE_ONLY,
    cosign_refusal,
    deputy_of,
    feedback_refusal,
    reply_document_refusal,
    suggestion_refusal,
    supervision_note_refusal,
    unit_step_refusal,
    visible_suggestions,
)
from deputies.suggestions import lifecycle, online
from deputies.suggestions.reply_files import ReplyFileError, change_reply_document
from deputies.unit_evaluation.leading import set_leading

# The `unit` filter works through a method, so drf-spectacular cannot tell its type: it is a unit id.
# (Better declared in deputies/filtersets.py itself; the annotation is idempotent.)
extend_schema_field(OpenApiTypes.INT)(SuggestionFilterSet.base_filters["unit"])


# --- permission ----------------------------------------------------------------------------------------


# The steps whose permission depends on the suggestion (deputies/permissions.py), asked by the view
# once it has the suggestion. A handling unit's step → its name for unit_step_refusal (the unit is
# the one the request names, else the caller's own unit, else the lead unit):
UNIT_STEPS = {"sign": "sign", "co_input": "co_input", "contacts": "contact", "extension": "extension",
              "reply": "reply", "reassign_request": "reassign"}
# ... and the others → their predicate (user, suggestion) → refusal or None:
STEP_REFUSALS = {"feedback": feedback_refusal, "confirm": cosign_refusal, "decline": cosign_refusal,
                 "supervision_note": supervision_note_refusal}
# Every other write (create, assign, extension-decision, key-supervision, accept, return,
# reassign-decision) is the office's: suggestion_refusal, in SuggestionPermission.


class SuggestionPermission(BasePermission):
    """Read: every user of the body (rows filtered by visible_suggestions). Write: the office's work
    asks suggestion_refusal here; the steps in UNIT_STEPS and STEP_REFUSALS are asked by the view."""

    message = SUGGESTION_OFFICE_ONLY

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        action_name = getattr(view, "action", None)
        if request.method in SAFE_METHODS or action_name in UNIT_STEPS or action_name in STEP_REFUSALS \
                or action_name == "reply_document":  # asked of reply_document_refusal with the reply
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


def _refused(error: lifecycle.LifecycleError, names=None) -> ValidationError:
    names = {**FIELD_NAMES, **(names or {})}
    field = names.get(error.field, error.field) or "non_field_errors"
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


def _raw_id(value) -> int | None:
    """An id as the client sent it, before validation (None when absent or not a whole number)."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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


def _step(request_serializer, *, parsers=None, url_path=None, url_name=None, summary=""):
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
        if url_name:
            extra["url_name"] = url_name
        func = action(detail=True, methods=["post"], url_path=url_path or func.__name__, **extra)(func)
        return extend_schema(request=request, responses=responses, summary=summary or None)(func)

    return wrap


class SuggestionViewSet(BodyScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Deputy suggestions and every step of their handling (deputies.suggestions.lifecycle)."""

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
                    Prefetch("extensions", queryset=Extension.objects.order_by("asked_on", "id")),
                    Prefetch("reassign_requests", queryset=ReassignRequest.objects.select_related("new_unit")))),
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
        context["party"] = party_of(self.request.user)  # None: staff, who read every record
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

    def _call(self, suggestion, version, step, names=None, **kwargs) -> None:
        """Call one lifecycle step with the version the client read.

        `names` renames the step's error fields after the API's input where they differ.
        """
        try:
            step(suggestion, by=self.request.user, expected_version=version, **kwargs)
        except lifecycle.StaleSuggestionError as error:
            raise Conflict(error) from None
        except lifecycle.LifecycleError as error:
            raise _refused(error, names) from None

    def _run(self, suggestion, version, step, names=None, **kwargs) -> Response:
        """Call one lifecycle step, and answer the updated suggestion."""
        self._call(suggestion, version, step, names, **kwargs)
        return self._detail(suggestion)

    # --- who may take a step on this suggestion (deputies/permissions.py decides)

    def _require(self, reason: str | None) -> None:
        if reason:
            raise PermissionDenied(reason)

    def _named_or_own_unit(self, suggestion, unit_id) -> ReportingBody | None:
        """The unit a unit step is taken for: the one named, else the caller's own, else the lead unit."""
        if unit_id is not None:
            return ReportingBody.objects.filter(pk=unit_id).first()
        return own_unit(self.request.user, suggestion) or suggestion.lead_unit

    def _allowed(self, suggestion) -> None:
        """403 unless the caller may take this action on the suggestion; asked before reading the input."""
        user = self.request.user
        if self.action in UNIT_STEPS:
            data = self.request.data
            if not hasattr(data, "get"):  # a JSON list or number: named before anything else is asked
                raise ValidationError({"non_field_errors": ["请求内容应为 JSON 对象（{…}），列出各字段。"]})
            unit = self._named_or_own_unit(suggestion, _raw_id(data.get("unit")))
            self._require(unit_step_refusal(user, suggestion, UNIT_STEPS[self.action], unit))
        else:
            self._require(STEP_REFUSALS[self.action](user, suggestion))

    def _step_unit(self, suggestion, unit_id, *, lead_by_default=True) -> ReportingBody:
        """The validated unit a unit step is for, asked of unit_step_refusal again."""
        if unit_id is not None:
            unit = _units([unit_id], "unit")[0]
        else:
            unit = own_unit(self.request.user, suggestion)
            if unit is None and not lead_by_default:
                raise ValidationError({"unit": ["请选择提交协办意见的协办单位。"]})
            unit = unit or _unit_or_lead(suggestion, None)
        self._require(unit_step_refusal(self.request.user, suggestion, UNIT_STEPS[self.action], unit))
        return unit

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
        self._allowed(suggestion)
        data = _valid(ser.SuggestionSignSerializer, request)
        self._stale_first(suggestion, data["version"])
        unit = self._step_unit(suggestion, data["unit"])
        return self._run(suggestion, data["version"], lifecycle.sign_for, unit=unit, signed_on=data["signed_on"])

    @_step(ser.SuggestionCoInputSerializer, url_path="co-input", summary="协办单位提交协办意见")
    def co_input(self, request, pk=None):
        suggestion = self.get_object()
        self._allowed(suggestion)
        data = _valid(ser.SuggestionCoInputSerializer, request)
        self._stale_first(suggestion, data["version"])
        unit = self._step_unit(suggestion, data["unit"], lead_by_default=False)
        return self._run(suggestion, data["version"], lifecycle.record_co_input, unit=unit,
                         input_on=data["input_on"], text=data["text"])

    @_step(ser.SuggestionContactWriteSerializer, summary="登记承办单位与代表的沟通联系（办前、办中、办结）")
    def contacts(self, request, pk=None):
        suggestion = self.get_object()
        self._allowed(suggestion)
        data = _valid(ser.SuggestionContactWriteSerializer, request)
        self._stale_first(suggestion, data["version"])
        unit = self._step_unit(suggestion, data["unit"])
        return self._run(suggestion, data["version"], lifecycle.add_contact, unit=unit, stage=data["stage"],
                         way=data["way"], contacted_on=data["contacted_on"], note=data["note"])

    @_step(ser.SuggestionExtensionAskSerializer, summary="主办单位申请延期（由办公室审批）")
    def extension(self, request, pk=None):
        suggestion = self.get_object()
        self._allowed(suggestion)
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
        self._allowed(suggestion)
        data = _valid(ser.SuggestionReplyWriteSerializer, request)
        self._stale_first(suggestion, data["version"])
        return self._run(suggestion, data["version"], lifecycle.reply, replied_on=data["replied_on"],
                         reply_class=data["reply_class"], text=data["text"], document=data["document"])

    @extend_schema(methods=["PUT"], request={"multipart/form-data": ser.ReplyDocumentWriteSerializer},
                   responses={200: ser.SuggestionDetailSerializer}, summary="替换误传的答复函")
    @extend_schema(methods=["DELETE"], request=None, responses={200: ser.SuggestionDetailSerializer},
                   summary="删除误传的答复函")
    @action(detail=True, methods=["put", "delete"], url_path=r"replies/(?P<reply_id>[0-9]+)/document",
            url_name="reply-document", parser_classes=[MultiPartParser, FormParser, JSONParser])
    def reply_document(self, request, pk=None, reply_id=None):
        """A reply's letter sent by mistake: replaced (PUT, multipart `document`) or removed (DELETE), as on the
        pages (deputies/suggestions/reply_files.py); an EDITED event on the timeline names the files."""
        suggestion = self.get_object()
        reply = Reply.objects.select_related("unit", "suggestion").filter(
            suggestion=suggestion, pk=int(reply_id) if int(reply_id) <= MAX_ID else 0).first()
        if reply is None:
            raise NotFound("该建议没有这一轮答复。")
        self._require(reply_document_refusal(request.user, suggestion, reply))
        new_file = None
        if request.method == "PUT":
            new_file = _valid(ser.ReplyDocumentWriteSerializer, request)["document"]
        try:
            change_reply_document(reply, request.user, new_file)
        except ReplyFileError as error:
            raise ValidationError({"document": [str(error)]}) from None
        return self._detail(suggestion)

    @_step(ser.SuggestionFeedbackWriteSerializer, summary="代表反馈：满意、基本满意办结；不满意重新办理")
    def feedback(self, request, pk=None):
        suggestion = self.get_object()
        self._allowed(suggestion)
        data = _valid(ser.SuggestionFeedbackWriteSerializer, request)
        self._stale_first(suggestion, data["version"])
        return self._run(suggestion, data["version"], lifecycle.give_feedback, result=data["result"],
                         comment=data["comment"], given_on=data["given_on"], deputy=deputy_of(request.user))

    @_step(ser.SuggestionKeySupervisionWriteSerializer, url_path="key-supervision", summary="列为重点督办")
    def key_supervision(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionKeySupervisionWriteSerializer, request)
        self._stale_first(suggestion, data["version"])
        committee = _committee(data["committee"])
        return self._run(suggestion, data["version"], lifecycle.set_key_supervision, leader=data["leader"],
                         committee=committee, since=data["since"], note=data["note"])

    @_step(ser.SuggestionLeadingWriteSerializer, summary="领办（一把手领办、班子成员领办）")
    def leading(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionLeadingWriteSerializer, request)
        self._stale_first(suggestion, data["version"])
        return self._run(suggestion, data["version"], set_leading, led_by=data["led_by"],
                         leader_name=data["leader_name"])

    @_step(ser.SuggestionSupervisionNoteSerializer, url_path="supervision-note", summary="登记重点督办进展")
    def supervision_note(self, request, pk=None):
        suggestion = self.get_object()
        self._allowed(suggestion)
        data = _valid(ser.SuggestionSupervisionNoteSerializer, request)
        self._stale_first(suggestion, data["version"])
        return self._run(suggestion, data["version"], lifecycle.add_supervision_note, on=data["on"],
                         text=data["text"])

    # --- the online round: co-signers' confirmation, the office's check, reassignment (deputies/suggestions/online.py)

    @_step(ser.SuggestionConfirmSerializer, summary="附议代表确认附议")
    def confirm(self, request, pk=None):
        suggestion = self.get_object()
        self._allowed(suggestion)
        data = _valid(ser.SuggestionConfirmSerializer, request)
        self._stale_first(suggestion, data["version"])
        return self._run(suggestion, data["version"], online.confirm_cosign, deputy=deputy_of(request.user))

    @extend_schema(request=ser.SuggestionDeclineSerializer, summary="附议代表不同意附议（署名撤回，此后看不到该建议）",
                   responses={200: ser.SuggestionDeclinedSerializer,
                              400: OpenApiResponse(description="规则不允许：{字段: [原因]}"),
                              403: OpenApiResponse(description="无权操作，detail 说明原因"),
                              409: OpenApiResponse(ser.SuggestionConflictSerializer,
                                                   description="他人已更新该建议（version 已过期）")})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        suggestion = self.get_object()
        self._allowed(suggestion)
        data = _valid(ser.SuggestionDeclineSerializer, request)
        self._stale_first(suggestion, data["version"])
        # The decliner's name comes off: the suggestion is no longer theirs to read.
        self._call(suggestion, data["version"], online.decline_cosign, deputy=deputy_of(request.user),
                   reason=data["reason"])
        return Response({"id": suggestion.pk, "detail": "您已不同意附议，署名已撤回。"})

    @_step(ser.SuggestionAcceptSerializer, summary="办公室审查立案（编号留空为下一个空号）")
    def accept(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionAcceptSerializer, request)
        self._stale_first(suggestion, data["version"])
        committee = _committee(data["committee"])
        return self._run(suggestion, data["version"], online.accept, number=data["number"], committee=committee,
                         category=data["category"], on=data["on"])

    @_step(ser.SuggestionReturnSerializer, url_path="return", url_name="return", summary="办公室退回代表修改")
    def return_to_deputy(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionReturnSerializer, request)
        self._stale_first(suggestion, data["version"])
        return self._run(suggestion, data["version"], online.return_to_deputy, reason=data["reason"], on=data["on"])

    @_step(ser.SuggestionReassignAskSerializer, url_path="reassign-request",
           summary="承办单位申请调整承办单位（签收前，由办公室审批）")
    def reassign_request(self, request, pk=None):
        suggestion = self.get_object()
        self._allowed(suggestion)
        data = _valid(ser.SuggestionReassignAskSerializer, request)
        self._stale_first(suggestion, data["version"])
        unit = self._step_unit(suggestion, data["unit"])

        def ask(s, **kwargs):
            return online.ask_reassignment(s, unit, **kwargs)

        return self._run(suggestion, data["version"], ask, reason=data["reason"],
                         suggested_unit=data["suggested_unit"], asked_on=data["asked_on"])

    @_step(ser.SuggestionReassignDecisionSerializer, url_path="reassign-decision",
           summary="办公室审批调整承办单位的申请")
    def reassign_decision(self, request, pk=None):
        suggestion = self.get_object()
        data = _valid(ser.SuggestionReassignDecisionSerializer, request)
        self._stale_first(suggestion, data["version"])
        row = ReassignRequest.objects.filter(pk=data["request"], assignment__suggestion=suggestion).first()
        if row is None:
            raise ValidationError({"request": [f"该建议没有这项调整申请（id {data['request']}）。"]})
        new_unit = _units([data["new_unit"]], "new_unit")[0] if data["new_unit"] is not None else None

        def decide(s, **kwargs):
            return online.decide_reassignment(row, **kwargs)

        return self._run(suggestion, data["version"], decide, names={"decision": "request", "decision_note": "note"},
                         approve=data["approve"], new_unit=new_unit, decided_on=data["decided_on"],
                         note=data["note"])


class CongressSessionViewSet(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The body's congress sessions (人民代表大会会议), newest first: the `session` of a suggestion."""

    queryset = CongressSession.objects.none()  # tells the schema the model; get_queryset serves requests
    serializer_class = ser.CongressSessionReadSerializer

    def get_queryset(self):
        return CongressSession.objects.select_related("term").order_by("-start_on", "id")
