"""Serializers of the suggestions API (deputies/api/suggestion_views.py).

Reading: a list row, and a detail that adds every handling record and the timeline. Deputies
appear as id and name only: phone numbers and addresses never leave through this API. A deputy
or a unit's contact reads the detail without the office's internal working: the rules are in
deputies/api/party.py, asked through the `party` the view puts in the context.
Choice fields are plain strings (with a *_display twin) so the OpenAPI enum names stay unique
across apps; the lifecycle checks every value and answers in Chinese.

Writing: one small serializer per step; each carries the `version` the client read (optimistic
lock: a stale version is answered 409).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import uploads
from core.api.fields import ChoiceLabelField, id_child
from deputies.api.party import reading_for
from deputies.models import CongressSession, Suggestion
from deputies.suggestions import lifecycle


def _user_name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


# --- small references ---------------------------------------------------------------------------------


class SuggestionCommitteeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="short_name", read_only=True)


class SuggestionRefSerializer(serializers.Serializer):
    """A congress session, a handling unit or a deputy giving feedback: id and name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class SuggestionDeputyRefSerializer(serializers.Serializer):
    """A deputy on a suggestion: id and name, never contact details."""

    id = serializers.IntegerField(source="deputy_id", read_only=True)
    name = serializers.CharField(source="deputy.name", read_only=True)


class SuggestionUnitSerializer(serializers.Serializer):
    """A handling unit of the current assignment: the lead unit (reply due) or a co-unit (input due)."""

    id = serializers.IntegerField(source="unit_id", read_only=True)
    name = serializers.CharField(source="unit.name", read_only=True)
    role = serializers.CharField(read_only=True, help_text="lead（主办）/ co（协办）")
    role_display = ChoiceLabelField("role")
    assigned_on = serializers.DateField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    signed_on = serializers.DateField(read_only=True, allow_null=True)
    input_on = serializers.DateField(read_only=True, allow_null=True)


# --- the list row -----------------------------------------------------------------------------------


class SuggestionSerializer(serializers.ModelSerializer):
    """A suggestion as the list shows it. The view prefetches signatures and active assignments."""

    session = SuggestionRefSerializer(read_only=True, allow_null=True)
    committee = SuggestionCommitteeRefSerializer(read_only=True, allow_null=True)
    lead_unit = SuggestionRefSerializer(read_only=True, allow_null=True)
    kind = serializers.CharField(read_only=True, help_text="suggestion（建议）/ motion（议案）")
    kind_display = ChoiceLabelField("kind")
    status = serializers.CharField(read_only=True, help_text="accepted, assigned, handling, replied, rehandling, closed…")
    status_display = ChoiceLabelField("status")
    reply_class = serializers.CharField(read_only=True, help_text="A / B / C / D, or empty before the reply")
    reply_class_display = ChoiceLabelField("reply_class")
    feedback = serializers.CharField(read_only=True, help_text="satisfied / basic / unsatisfied, or empty")
    # A plain string, as reply_class and feedback: empty when no leader heads the handling (an enum would refuse "").
    led_by = serializers.CharField(read_only=True, help_text="head（一把手领办）/ member（班子成员领办），未领办为空")
    feedback_display = ChoiceLabelField("feedback")
    raised_at = serializers.CharField(source="raised_at_label", read_only=True)
    due_state = serializers.SerializerMethodField(help_text="overdue（逾期）/ soon（临期）/ empty")
    due_label = serializers.SerializerMethodField()
    units = serializers.SerializerMethodField()
    proposer = serializers.SerializerMethodField()
    cosigners = serializers.SerializerMethodField()

    class Meta:
        model = Suggestion
        fields = [
            "id", "number", "number_label", "session", "year", "raised_at", "kind", "kind_display", "title",
            "content", "category", "committee", "raised_on", "status", "status_display", "round", "assigned_on",
            "reply_due_on", "due_state", "due_label", "lead_unit", "units", "proposer", "cosigners",
            "reply_class", "reply_class_display", "replied_on", "feedback", "feedback_display",
            "first_reply_on_time", "is_key", "is_example", "led_by", "leader_name", "version",
        ]
        read_only_fields = fields

    def _due(self, s) -> tuple[str, str]:
        # The view puts today and the body's soon-due days in the context, read once per request.
        return lifecycle.due_state(s, self.context["today"], self.context["soon_days"])

    def get_due_state(self, s) -> str:
        return self._due(s)[0]

    def get_due_label(self, s) -> str:
        return self._due(s)[1]

    @staticmethod
    def _signatures(s):
        return sorted(s.signatures.all(), key=lambda sig: (sig.order, sig.pk))

    @extend_schema_field(SuggestionDeputyRefSerializer(allow_null=True))
    def get_proposer(self, s):
        sig = next((sig for sig in self._signatures(s) if sig.role == "proposer"), None)
        return SuggestionDeputyRefSerializer(sig).data if sig else None

    @extend_schema_field(SuggestionDeputyRefSerializer(many=True))
    def get_cosigners(self, s):
        return SuggestionDeputyRefSerializer([sig for sig in self._signatures(s) if sig.role != "proposer"],
                                             many=True).data

    @extend_schema_field(SuggestionUnitSerializer(many=True))
    def get_units(self, s):
        rows = getattr(s, "active_assignments", None)
        if rows is None:
            rows = [a for a in s.assignments.all() if a.active]
        rows = sorted(rows, key=lambda a: (a.role != "lead", a.pk))
        return SuggestionUnitSerializer(rows, many=True).data


# --- the detail -----------------------------------------------------------------------------------------


class SuggestionReplySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    round = serializers.IntegerField(read_only=True)
    unit = SuggestionRefSerializer(read_only=True)
    replied_on = serializers.DateField(read_only=True)
    due_on = serializers.DateField(read_only=True, allow_null=True)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)
    reply_class = serializers.CharField(read_only=True, help_text="A / B / C / D")
    reply_class_display = ChoiceLabelField("reply_class")
    text = serializers.CharField(read_only=True)
    has_document = serializers.SerializerMethodField()

    def get_has_document(self, reply) -> bool:
        return bool(reply.document)


class SuggestionFeedbackSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    round = serializers.IntegerField(read_only=True)
    result = serializers.CharField(read_only=True, help_text="satisfied / basic / unsatisfied")
    result_display = ChoiceLabelField("result")
    comment = serializers.CharField(read_only=True)
    given_on = serializers.DateField(read_only=True)
    deputy = serializers.SerializerMethodField()

    @extend_schema_field(SuggestionRefSerializer(allow_null=True))
    def get_deputy(self, feedback):
        d = feedback.deputy
        return {"id": d.pk, "name": d.name} if d else None


class SuggestionContactSerializer(serializers.Serializer):
    """A contact with the deputy; its note only for readers who see notes (context "reading")."""

    id = serializers.IntegerField(read_only=True)
    round = serializers.IntegerField(read_only=True)
    unit = SuggestionRefSerializer(read_only=True)
    stage = serializers.CharField(read_only=True, help_text="before（办前）/ during（办中）/ after（办结）")
    stage_display = ChoiceLabelField("stage")
    way = serializers.CharField(read_only=True, help_text="phone / face / research / other")
    way_display = ChoiceLabelField("way")
    contacted_on = serializers.DateField(read_only=True)
    note = serializers.SerializerMethodField(help_text="沟通情况；协办单位看不到（空）")

    def get_note(self, contact) -> str:
        reading = self.context.get("reading")
        return contact.note if reading is None or reading.sees_contact_notes else ""


class SuggestionExtensionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    unit = SuggestionRefSerializer(source="assignment.unit", read_only=True)
    asked_on = serializers.DateField(read_only=True)
    reason = serializers.CharField(read_only=True)
    requested_due_on = serializers.DateField(read_only=True)
    decision = serializers.CharField(read_only=True, help_text="pending / approved / refused")
    decision_display = ChoiceLabelField("decision")
    decided_on = serializers.DateField(read_only=True, allow_null=True)
    decision_note = serializers.CharField(read_only=True)


class SuggestionKeySupervisionSerializer(serializers.Serializer):
    leader = serializers.CharField(read_only=True)
    committee = SuggestionCommitteeRefSerializer(read_only=True, allow_null=True)
    since = serializers.DateField(read_only=True)
    note = serializers.CharField(read_only=True)


class SuggestionEventSerializer(serializers.Serializer):
    """One step of the timeline: what, when it happened (on) and was entered (at), by whom, for whom."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_display = ChoiceLabelField("kind")
    on = serializers.DateField(read_only=True, allow_null=True)
    at = serializers.DateTimeField(read_only=True)
    by = serializers.SerializerMethodField(help_text="录入人；代表和承办单位看到的为空")
    on_behalf_of = serializers.CharField(read_only=True)
    round = serializers.IntegerField(read_only=True)
    from_status = serializers.CharField(read_only=True)
    from_status_display = ChoiceLabelField("from_status")
    to_status = serializers.CharField(read_only=True)
    to_status_display = ChoiceLabelField("to_status")
    text = serializers.SerializerMethodField()

    def get_by(self, event) -> str | None:
        return _user_name(event.by) if self.context.get("reading") is None else None

    def get_text(self, event) -> str:
        reading = self.context.get("reading")
        return event.text if reading is None else reading.event_text(event)


class SuggestionReassignRequestSerializer(serializers.Serializer):
    """A unit's request to be relieved of the suggestion, and the office's decision."""

    id = serializers.IntegerField(read_only=True)
    unit = SuggestionRefSerializer(source="assignment.unit", read_only=True)
    role = serializers.CharField(source="assignment.role", read_only=True, help_text="lead（主办）/ co（协办）")
    asked_on = serializers.DateField(read_only=True)
    reason = serializers.CharField(read_only=True)
    suggested_unit = serializers.CharField(read_only=True)
    decision = serializers.CharField(read_only=True, help_text="pending / approved / refused")
    decision_display = ChoiceLabelField("decision")
    decided_on = serializers.DateField(read_only=True, allow_null=True)
    decision_note = serializers.CharField(read_only=True)
    new_unit = SuggestionRefSerializer(read_only=True, allow_null=True)


class SuggestionDetailSerializer(SuggestionSerializer):
    """The list row plus every handling record and the timeline (both rounds after re-handling)."""

    replies = SuggestionReplySerializer(many=True, read_only=True)
    feedbacks = SuggestionFeedbackSerializer(many=True, read_only=True)
    contacts = serializers.SerializerMethodField()
    extensions = serializers.SerializerMethodField()
    reassign_requests = serializers.SerializerMethodField()
    key_supervision = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    class Meta(SuggestionSerializer.Meta):
        fields = [*SuggestionSerializer.Meta.fields, "replies", "feedbacks", "contacts", "extensions",
                  "reassign_requests", "key_supervision", "timeline"]
        read_only_fields = fields

    def _read(self, serializer_class, rows, s, many=True):
        """Serialize a part of the suggestion as the context's party reads it (deputies/api/party.py)."""
        context = {**self.context, "reading": reading_for(self.context, s)}
        return serializer_class(rows, many=many, context=context).data

    @extend_schema_field(SuggestionEventSerializer(many=True))
    def get_timeline(self, s):
        reading = reading_for(self.context, s)
        events = [e for e in s.events.all() if reading is None or reading.shows_event(e)]
        return self._read(SuggestionEventSerializer, events, s)

    @extend_schema_field(SuggestionContactSerializer(many=True))
    def get_contacts(self, s):
        return self._read(SuggestionContactSerializer, s.contacts.all(), s)

    @extend_schema_field(SuggestionReassignRequestSerializer(many=True))
    def get_reassign_requests(self, s):
        reading = reading_for(self.context, s)
        rows = [r for a in s.assignments.all() for r in a.reassign_requests.all()
                if reading is None or reading.shows_reassign_request(r)]
        rows.sort(key=lambda r: (r.asked_on, r.pk))
        return self._read(SuggestionReassignRequestSerializer, rows, s)

    @extend_schema_field(SuggestionExtensionSerializer(many=True))
    def get_extensions(self, s):
        rows = [ext for a in s.assignments.all() for ext in a.extensions.all()]
        rows.sort(key=lambda ext: (ext.asked_on, ext.pk))
        return SuggestionExtensionSerializer(rows, many=True).data

    @extend_schema_field(SuggestionKeySupervisionSerializer(allow_null=True))
    def get_key_supervision(self, s):
        try:
            key = s.key_supervision
        except Suggestion.key_supervision.RelatedObjectDoesNotExist:
            return None
        return SuggestionKeySupervisionSerializer(key).data


class CongressSessionReadSerializer(serializers.ModelSerializer):
    term = serializers.IntegerField(source="term.number", read_only=True)
    year = serializers.IntegerField(read_only=True)

    class Meta:
        model = CongressSession
        fields = ["id", "name", "term", "number", "start_on", "end_on", "suggestions_received", "year"]
        read_only_fields = fields


# --- writing ----------------------------------------------------------------------------------------------


class SuggestionCreateSerializer(serializers.Serializer):
    session = serializers.IntegerField(required=False, allow_null=True, default=None,
                                       help_text="大会期间提出：会议 id（/api/v1/congress-sessions/）；闭会期间提出：留空并填 year")
    year = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1949, max_value=2999)
    number = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.CharField(required=False, default="suggestion", help_text="suggestion（建议）/ motion（议案）")
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    committee = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="督办委员会 id")
    raised_on = serializers.DateField()
    proposer = serializers.IntegerField(help_text="领衔代表 id")
    cosigners = serializers.ListField(child=id_child(), required=False, default=list,
                                      help_text="附议代表 id，每位代表只能列一次")


class _Versioned(serializers.Serializer):
    version = serializers.IntegerField(help_text="读取时的版本号；他人已更新时答复 409")


class SuggestionAssignSerializer(_Versioned):
    assigned_on = serializers.DateField()
    lead_unit = serializers.IntegerField(help_text="主办单位 id（/api/v1/reporting-bodies/）")
    co_units = serializers.ListField(child=id_child(), required=False, default=list,
                                     help_text="协办单位 id")


class SuggestionSignSerializer(_Versioned):
    unit = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="承办单位 id；留空：承办单位联系人为本单位，办公室为主办单位")
    signed_on = serializers.DateField()


class SuggestionCoInputSerializer(_Versioned):
    unit = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="协办单位 id；承办单位联系人留空为本单位")
    input_on = serializers.DateField()
    text = serializers.CharField(allow_blank=True)


class SuggestionContactWriteSerializer(_Versioned):
    unit = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="承办单位 id；留空：承办单位联系人为本单位，办公室为主办单位")
    stage = serializers.CharField(help_text="before（办前）/ during（办中）/ after（办结）")
    way = serializers.CharField(help_text="phone（电话沟通）/ face（当面沟通）/ research（共同调研）/ other（其他方式）")
    contacted_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SuggestionExtensionAskSerializer(_Versioned):
    asked_on = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)
    requested_due_on = serializers.DateField()


class SuggestionExtensionDecisionSerializer(_Versioned):
    extension = serializers.IntegerField(help_text="延期申请 id（建议详情的 extensions）")
    approve = serializers.BooleanField()
    decided_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SuggestionReplyWriteSerializer(_Versioned):
    replied_on = serializers.DateField()
    reply_class = serializers.CharField(help_text="A / B / C / D")
    text = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.FileField(required=False, allow_null=True, default=None, validators=[uploads.validate_upload],
                                     help_text="答复函（multipart）：PDF、OFD、Word、WPS、Excel、JPG/PNG 图片或其 ZIP 压缩包，"
                                               "不超过 RENDA_UPLOAD_MAX_MB（默认 20 MB）")


class ReplyDocumentWriteSerializer(serializers.Serializer):
    """A reply's letter sent by mistake, replaced (PUT): the new file; the reply's class, date and text stay."""

    document = serializers.FileField(validators=[uploads.validate_upload],
                                     help_text="新的答复函（multipart）：PDF、OFD、Word、WPS、Excel、JPG/PNG 图片或其 ZIP "
                                               "压缩包，不超过 RENDA_UPLOAD_MAX_MB（默认 20 MB）")


class SuggestionFeedbackWriteSerializer(_Versioned):
    result = serializers.CharField(help_text="satisfied（满意）/ basic（基本满意）/ unsatisfied（不满意）")
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    given_on = serializers.DateField()


class SuggestionKeySupervisionWriteSerializer(_Versioned):
    leader = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    committee = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="督办委员会 id")
    since = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SuggestionLeadingWriteSerializer(_Versioned):
    led_by = serializers.ChoiceField(choices=[("", "不领办"), ("head", "一把手领办"), ("member", "班子成员领办")],
                                     allow_blank=True, help_text="head（一把手领办）/ member（班子成员领办）/ 空（取消）")
    leader_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class SuggestionSupervisionNoteSerializer(_Versioned):
    on = serializers.DateField()
    text = serializers.CharField(allow_blank=True)


# --- the online round (deputies/suggestions/online.py) ------------------------------------------------------------


class SuggestionConfirmSerializer(_Versioned):
    """A co-signer confirms their signature (附议确认); no other input."""


class SuggestionDeclineSerializer(_Versioned):
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="不同意附议的理由（可不填）")


class SuggestionDeclinedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    detail = serializers.CharField()


class SuggestionAcceptSerializer(_Versioned):
    number = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="编号；留空为下一个空号")
    committee = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="督办委员会 id")
    category = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None, max_length=30)
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text="审查日期；留空为今天")


class SuggestionReturnSerializer(_Versioned):
    reason = serializers.CharField(allow_blank=True, help_text="退回理由，代表据此修改")
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text="退回日期；留空为今天")


class SuggestionReassignAskSerializer(_Versioned):
    unit = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="申请调整的承办单位 id；承办单位联系人留空为本单位")
    reason = serializers.CharField(allow_blank=True)
    suggested_unit = serializers.CharField(required=False, allow_blank=True, default="", max_length=100,
                                           help_text="建议改由哪个单位办理（可不填）")
    asked_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="申请日期；留空为今天")


class SuggestionReassignDecisionSerializer(_Versioned):
    request = serializers.IntegerField(help_text="调整申请 id（建议详情的 reassign_requests）")
    approve = serializers.BooleanField()
    new_unit = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        help_text="改由哪个单位办理；同意调整主办单位时必填")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="审批日期；留空为今天")
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="审批意见；不同意时必填")


class SuggestionConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = SuggestionDetailSerializer()
