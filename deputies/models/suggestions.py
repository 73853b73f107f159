"""Deputy suggestions (代表建议) and motions, from raising to the deputy's feedback (DOMAIN.md).

Each step is a row of its own (signatures, assignments, replies, feedback, contacts, extensions),
and a round number makes re-handling after 不满意 a second reply and feedback rather than an
overwrite. The Suggestion row carries a few derived fields (status, current due date, lead unit,
latest class and feedback) that deputies.suggestions.lifecycle keeps in step, so lists filter without joins.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_scopes import ScopedManager

from core.uploads import validate_upload


class CongressSession(models.Model):
    """A session of the people's congress (人民代表大会会议), e.g. 区十七届人大三次会议."""

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="congress_sessions")
    term = models.ForeignKey("core.Term", verbose_name="届", on_delete=models.RESTRICT, related_name="sessions")
    number = models.PositiveSmallIntegerField("次")
    name = models.CharField("名称", max_length=60, help_text="如：区十七届人大三次会议")
    start_on = models.DateField("开幕日期")
    end_on = models.DateField("闭幕日期", null=True, blank=True)
    # What the session's secretariat announced; fewer recorded means the year's suggestions are entered in part,
    # and the year-end summary does not compare with them (reports/summary_completeness.py).
    suggestions_received = models.PositiveIntegerField(
        "大会收到代表建议（件）", null=True, blank=True,
        help_text="大会秘书处公布的件数（选填）；系统登记的本次会议建议少于此数时，年度统计视该年代表建议登记不完整、不作比较",
    )

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "人民代表大会会议"
        verbose_name_plural = "人民代表大会会议"
        ordering = ["-start_on"]
        constraints = [models.UniqueConstraint(fields=["body", "term", "number"], name="session_unique_number")]

    def __str__(self):
        return self.name

    @property
    def year(self) -> int:
        return self.start_on.year


class SuggestionKind(models.TextChoices):
    SUGGESTION = "suggestion", "建议"
    MOTION = "motion", "议案"


class SuggestionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    CONFIRMING = "confirming", "待附议确认"
    SUBMITTED = "submitted", "待审查"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "待交办"
    ASSIGNED = "assigned", "已交办待签收"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复待反馈"
    REHANDLING = "rehandling", "重新办理"
    CLOSED = "closed", "已办结"


# States in which a reply is awaited from the lead unit (overdue and soon-due apply).
AWAITING_REPLY = (SuggestionStatus.ASSIGNED, SuggestionStatus.HANDLING, SuggestionStatus.REHANDLING)


class ReplyClass(models.TextChoices):
    A = "A", "A类（已解决或基本解决）"
    B = "B", "B类（正在解决或列入计划）"
    C = "C", "C类（因条件限制暂时难以解决）"
    D = "D", "D类（留作参考）"


class FeedbackResult(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class LedBy(models.TextChoices):
    """领办 (seed 000 (十二)): a unit's head, or a member of its leadership, takes charge of the suggestion."""

    HEAD = "head", "一把手领办"
    MEMBER = "member", "班子成员领办"


class Suggestion(models.Model):
    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="suggestions")
    session = models.ForeignKey(CongressSession, verbose_name="提出时间（会议）", null=True, blank=True,
                                on_delete=models.RESTRICT, related_name="suggestions",
                                help_text="大会期间提出的选会议；闭会期间提出的留空")
    year = models.PositiveSmallIntegerField("年度")
    # Unique per session, or per year among those raised between sessions; none until accepted.
    number = models.PositiveIntegerField("编号", null=True, blank=True)
    kind = models.CharField("类别", max_length=12, choices=SuggestionKind.choices, default=SuggestionKind.SUGGESTION)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("内容", max_length=20000, blank=True)
    document = models.FileField("原件", upload_to="suggestions/%Y/", blank=True, validators=[validate_upload])
    category = models.CharField("分类", max_length=30, blank=True, help_text="如：城建环保、教科文卫")
    committee = models.ForeignKey("core.Committee", verbose_name="督办委员会", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="suggestions")
    raised_on = models.DateField("提出日期")
    status = models.CharField("状态", max_length=12, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.ACCEPTED)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    # Derived (deputies.suggestions.lifecycle keeps them): the current round's facts, for lists and filters.
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    reply_due_on = models.DateField("答复期限", null=True, blank=True)
    lead_unit = models.ForeignKey("core.ReportingBody", verbose_name="主办单位", null=True, blank=True,
                                  on_delete=models.RESTRICT, related_name="led_suggestions")
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_class = models.CharField("答复类别", max_length=1, choices=ReplyClass.choices, blank=True)
    feedback = models.CharField("代表反馈", max_length=12, choices=FeedbackResult.choices, blank=True)
    first_reply_on_time = models.BooleanField("首次答复按期", null=True, blank=True)
    is_key = models.BooleanField("重点督办", default=False)
    led_by = models.CharField("领办", max_length=8, choices=LedBy.choices, blank=True,
                              help_text="承办单位主要负责人（一把手）或班子成员领办")
    leader_name = models.CharField("领办领导", max_length=60, blank=True, help_text="如：局长 张某某")
    is_public = models.BooleanField("公开", default=False)
    is_example = models.BooleanField("示例数据", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    version = models.PositiveIntegerField("版本", default=1)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "代表建议"
        verbose_name_plural = "代表建议"
        ordering = ["-year", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "session", "number"],
                                    condition=Q(session__isnull=False, number__isnull=False),
                                    name="suggestion_unique_number_in_session"),
            models.UniqueConstraint(fields=["body", "year", "number"],
                                    condition=Q(session__isnull=True, number__isnull=False),
                                    name="suggestion_unique_number_between_sessions"),
        ]
        indexes = [
            models.Index(fields=["body", "session", "number"]),
            models.Index(fields=["body", "year", "status"]),
            models.Index(fields=["body", "status", "reply_due_on"]),
        ]

    def __str__(self):
        return f"{self.number_label} {self.title}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The text as read: the similarity index (deputies/models/threads.py) is rebuilt only when it changes,
        # not on every step of the handling that saves the suggestion.
        instance._indexed_text = (instance.__dict__.get("title"), instance.__dict__.get("content"))
        return instance

    @property
    def number_label(self) -> str:
        return f"第{self.number}号" if self.number else "（未编号）"

    @property
    def raised_at_label(self) -> str:
        return self.session.name if self.session_id else f"{self.year}年闭会期间"

    def is_awaiting_reply(self) -> bool:
        return self.status in AWAITING_REPLY

    def is_overdue(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.is_awaiting_reply() and self.reply_due_on is not None and self.reply_due_on < day


class Signature(models.Model):
    """A deputy's name on a suggestion: the proposer (领衔) or a co-signer (附议)."""

    class Role(models.TextChoices):
        PROPOSER = "proposer", "领衔代表"
        COSIGNER = "cosigner", "附议代表"

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="signatures")
    deputy = models.ForeignKey("deputies.Deputy", verbose_name="代表", on_delete=models.RESTRICT,
                               related_name="signatures")
    role = models.CharField("身份", max_length=10, choices=Role.choices)
    order = models.PositiveSmallIntegerField("排序", default=0)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)

    objects = ScopedManager(body="suggestion__body")

    class Meta:
        verbose_name = "署名代表"
        verbose_name_plural = "署名代表"
        ordering = ["suggestion", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "deputy"], name="signature_unique_deputy"),
            models.UniqueConstraint(fields=["suggestion"], condition=Q(role="proposer"),
                                    name="signature_one_proposer"),
        ]

    def __str__(self):
        return f"{self.deputy} ({self.get_role_display()})"


class Assignment(models.Model):
    """A handling unit given the suggestion (交办): one lead unit (主办) and any co-units (协办)."""

    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        CO = "co", "协办"

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE,
                                   related_name="assignments")
    unit = models.ForeignKey("core.ReportingBody", verbose_name="承办单位", on_delete=models.RESTRICT,
                             related_name="suggestion_assignments")
    role = models.CharField("承办方式", max_length=6, choices=Role.choices)
    assigned_on = models.DateField("交办日期")
    # Lead unit: the reply is due; co-unit: its written input to the lead unit is due.
    due_on = models.DateField("期限")
    signed_on = models.DateField("签收日期", null=True, blank=True)
    input_on = models.DateField("协办意见提交日期", null=True, blank=True)
    input_text = models.TextField("协办意见", max_length=20000, blank=True)
    # An assignment the office withdrew (reassigned) stays as history with active=False.
    active = models.BooleanField("有效", default=True)
    ended_on = models.DateField("撤回日期", null=True, blank=True)

    objects = ScopedManager(body="suggestion__body")

    class Meta:
        verbose_name = "交办"
        verbose_name_plural = "交办"
        ordering = ["suggestion", "-role", "id"]  # lead before co
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "unit"], condition=Q(active=True),
                                    name="assignment_unique_unit"),
            models.UniqueConstraint(fields=["suggestion"], condition=Q(active=True, role="lead"),
                                    name="assignment_one_lead"),
        ]
        indexes = [models.Index(fields=["unit", "active"])]

    def __str__(self):
        return f"{self.unit}（{self.get_role_display()}）"


class Extension(models.Model):
    """The lead unit asks for more time; the office approves (up to the body's maximum) or refuses."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "未同意"

    assignment = models.ForeignKey(Assignment, verbose_name="交办", on_delete=models.CASCADE,
                                   related_name="extensions")
    asked_on = models.DateField("申请日期")
    reason = models.TextField("理由", max_length=2000)
    requested_due_on = models.DateField("申请延期至")
    decision = models.CharField("审批结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_note = models.TextField("审批意见", max_length=2000, blank=True)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(body="assignment__suggestion__body")

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["asked_on", "id"]

    def __str__(self):
        return f"{self.assignment} 延期至 {self.requested_due_on}"


class ReassignRequest(models.Model):
    """A handling unit asks the office to give the suggestion to another unit; the office decides.

    Both the request and the decision stay: an approved request ends the unit's assignment
    (Assignment.active=False) and names the unit the office gave it to instead.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "未同意"

    assignment = models.ForeignKey(Assignment, verbose_name="交办", on_delete=models.CASCADE,
                                   related_name="reassign_requests")
    asked_on = models.DateField("申请日期")
    reason = models.TextField("理由", max_length=2000)
    suggested_unit = models.CharField("建议改由", max_length=100, blank=True)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField("审批结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_note = models.TextField("审批意见", max_length=2000, blank=True)
    new_unit = models.ForeignKey("core.ReportingBody", verbose_name="改由单位", null=True, blank=True,
                                 on_delete=models.RESTRICT, related_name="+")

    objects = ScopedManager(body="assignment__suggestion__body")

    class Meta:
        verbose_name = "调整承办单位申请"
        verbose_name_plural = "调整承办单位申请"
        ordering = ["asked_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment"], condition=Q(decision="pending"),
                                    name="reassign_request_one_pending"),
        ]

    def __str__(self):
        return f"{self.assignment} 申请调整"


class Reply(models.Model):
    """The lead unit's answer (答复) in one round, with its class A–D."""

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField("办理轮次")
    unit = models.ForeignKey("core.ReportingBody", verbose_name="答复单位", on_delete=models.RESTRICT,
                             related_name="suggestion_replies")
    replied_on = models.DateField("答复日期")
    due_on = models.DateField("当时的答复期限", null=True, blank=True)
    reply_class = models.CharField("答复类别", max_length=1, choices=ReplyClass.choices)
    text = models.TextField("答复内容", max_length=20000, blank=True)
    document = models.FileField("答复函", upload_to="suggestion-replies/%Y/", blank=True,
                                validators=[validate_upload])
    is_public = models.BooleanField("公开", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    objects = ScopedManager(body="suggestion__body")

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"
        ordering = ["suggestion", "round"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "round"], name="reply_unique_round")]

    def __str__(self):
        return f"第{self.round}轮答复（{self.reply_class}类）"

    @property
    def on_time(self) -> bool | None:
        return None if self.due_on is None else self.replied_on <= self.due_on


class Feedback(models.Model):
    """The deputy's word on a round's reply; 不满意 starts another round."""

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE,
                                   related_name="feedbacks")
    round = models.PositiveSmallIntegerField("办理轮次")
    result = models.CharField("反馈意见", max_length=12, choices=FeedbackResult.choices)
    comment = models.TextField("意见说明", max_length=2000, blank=True)
    given_on = models.DateField("反馈日期")
    deputy = models.ForeignKey("deputies.Deputy", verbose_name="反馈代表", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="feedbacks")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    objects = ScopedManager(body="suggestion__body")

    class Meta:
        verbose_name = "代表反馈"
        verbose_name_plural = "代表反馈"
        ordering = ["suggestion", "round"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "round"], name="feedback_unique_round")]

    def __str__(self):
        return f"第{self.round}轮反馈：{self.get_result_display()}"


class Contact(models.Model):
    """A handling unit's contact with the deputy (办前、办中、办结沟通)."""

    class Stage(models.TextChoices):
        BEFORE = "before", "办前"
        DURING = "during", "办中"
        AFTER = "after", "办结"

    class Way(models.TextChoices):
        PHONE = "phone", "电话沟通"
        FACE = "face", "当面沟通"
        RESEARCH = "research", "共同调研"
        OTHER = "other", "其他方式"

    # Face to face and joint research count towards the face-to-face target.
    IN_PERSON = (Way.FACE, Way.RESEARCH)

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="contacts")
    unit = models.ForeignKey("core.ReportingBody", verbose_name="承办单位", on_delete=models.RESTRICT,
                             related_name="suggestion_contacts")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    stage = models.CharField("阶段", max_length=8, choices=Stage.choices)
    way = models.CharField("方式", max_length=10, choices=Way.choices)
    contacted_on = models.DateField("日期")
    note = models.TextField("情况", max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(body="suggestion__body")

    class Meta:
        verbose_name = "沟通联系"
        verbose_name_plural = "沟通联系"
        ordering = ["suggestion", "contacted_on", "id"]

    def __str__(self):
        return f"{self.get_stage_display()}{self.get_way_display()} {self.contacted_on}"


class KeySupervision(models.Model):
    """重点督办: who supervises the suggestion; progress notes are timeline events."""

    suggestion = models.OneToOneField(Suggestion, verbose_name="建议", on_delete=models.CASCADE,
                                      related_name="key_supervision")
    leader = models.CharField("督办领导", max_length=60, blank=True, help_text="如：常委会副主任 王某某")
    committee = models.ForeignKey("core.Committee", verbose_name="督办委员会", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="key_suggestions")
    since = models.DateField("确定日期")
    note = models.TextField("督办要求", max_length=2000, blank=True)

    objects = ScopedManager(body="suggestion__body")

    class Meta:
        verbose_name = "重点督办"
        verbose_name_plural = "重点督办"

    def __str__(self):
        return f"{self.suggestion_id} 重点督办"


class SuggestionEvent(models.Model):
    """One step on the suggestion's timeline: who entered it, for whom, when, what changed."""

    class Kind(models.TextChoices):
        CREATED = "created", "录入"
        IMPORTED = "imported", "导入"
        SUBMITTED = "submitted", "提交"
        CONFIRMED = "confirmed", "附议确认"
        ACCEPTED = "accepted", "审查立案"
        RETURNED = "returned", "退回"
        ASSIGNED = "assigned", "交办"
        REASSIGNED = "reassigned", "调整承办单位"
        REASSIGN_ASKED = "reassign_asked", "申请调整承办单位"
        COSIGN_DECLINED = "cosign_declined", "不同意附议"
        SIGNED = "signed", "签收"
        CO_INPUT = "co_input", "协办意见"
        CONTACT = "contact", "沟通联系"
        EXTENSION_ASKED = "extension_asked", "申请延期"
        EXTENSION_DECIDED = "extension_decided", "延期审批"
        REPLIED = "replied", "答复"
        FEEDBACK = "feedback", "代表反馈"
        REHANDLING = "rehandling", "重新办理"
        CLOSED = "closed", "办结"
        KEY = "key", "重点督办"
        SUPERVISION_NOTE = "supervision_note", "督办进展"
        EDITED = "edited", "修改"
        UNSATISFIED_REPORT = "unsatisfied_report", "不满意情况专项报告"

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    on = models.DateField("发生日期", null=True, blank=True, help_text="事情发生的日期（录入可能晚于发生）")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    # The party the step was entered for (a unit, a deputy) when someone else typed it in.
    on_behalf_of = models.CharField("代谁录入", max_length=100, blank=True)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    from_status = models.CharField("原状态", max_length=12, choices=SuggestionStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=SuggestionStatus.choices, blank=True)
    text = models.TextField("内容", max_length=20000, blank=True)

    objects = ScopedManager(body="suggestion__body")

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["suggestion", "at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} @ {self.at:%Y-%m-%d %H:%M}"
