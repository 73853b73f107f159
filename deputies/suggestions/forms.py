"""Forms of the suggestion pages: entry, correction, every handling step, batch assignment, sessions.

The forms only read and type the input; deputies.suggestions.lifecycle decides whether a step is allowed and
its LifecycleError is put back on the form (`add_lifecycle_error`) next to the field it names.
Choice querysets are set per form instance, inside the request's body scope.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import uploads
from core.bodies import handling_units
from core.forms.fields import scoped_formfield
from core.forms.versioned import VersionGuardMixin
from core.models import Committee, ReportingBody, Term
from deputies.models import Assignment, CongressSession, Contact, Deputy, Suggestion
from deputies.models.suggestions import FeedbackResult, LedBy, ReplyClass, SuggestionKind, SuggestionStatus
from deputies.roster.forms import DeputyPicker, picker_groups_by_deputy_group

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_INPUT = forms.FileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE})


def _check_upload(upload):
    """An original or a reply letter: an office document within the size cap (core.uploads), as everywhere."""
    return uploads.checked(upload)


def add_lifecycle_error(form, error) -> None:
    """Show a LifecycleError next to its field, or above the form when the field is not on it."""
    field = form.fields.get(error.field) if error.field else None
    form.add_error(error.field if field is not None and not field.widget.is_hidden else None, error.message)


def carry_over(form, version) -> None:
    """After a stale refusal: keep what the user typed, with the suggestion's current version, so that
    having read the fresh page they can send it again (the page shows the form only if the step is still
    possible)."""
    data = form.data.copy()
    data[form.add_prefix("version")] = version
    form.data = data
    form._errors = None
    form.__dict__.pop("cleaned_data", None)


def serving_deputies():
    return Deputy.objects.filter(status=Deputy.Status.SERVING).select_related("station").order_by("name", "pk")


def active_committees():
    return Committee.objects.filter(active=True).order_by("order", "pk")


def _deputy_label(deputy) -> str:
    extra = deputy.group or deputy.code
    return f"{deputy.name}（{extra}）" if extra else deputy.name


class VersionMixin(forms.Form):
    """The suggestion's version when the page was shown: a step on a changed suggestion is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SuggestionForm(forms.Form):
    """A new suggestion, entered by the office from the deputy's paper."""

    session = forms.ModelChoiceField(CongressSession.objects.none(), label="提出时间", required=False,
                                     empty_label="闭会期间提出", help_text="大会期间提出的选会议；闭会期间提出的选“闭会期间提出”并填写年度")
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              help_text="闭会期间提出的建议按年度编号")
    number = forms.IntegerField(label="编号", required=False, min_value=1,
                                help_text="同一次会议（或同一年度闭会期间）内不能重复；可暂不编号")
    kind = forms.ChoiceField(label="类别", choices=SuggestionKind.choices, initial=SuggestionKind.SUGGESTION)
    title = forms.CharField(label="标题", max_length=200, widget=forms.TextInput(attrs={"size": 70}))
    content = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 8, "cols": 80}))
    document = forms.FileField(label="原件", required=False, widget=FILE_INPUT,
                               help_text=uploads.lazy_help_text("扫描件或文档："))
    raised_on = forms.DateField(label="提出日期", widget=DATE)
    proposer = forms.ModelChoiceField(Deputy.objects.none(), label="领衔代表", empty_label="请选择")
    cosigners = forms.ModelMultipleChoiceField(
        Deputy.objects.none(), label="附议代表", required=False,
        widget=DeputyPicker(filter_label="筛选附议代表"), help_text="勾选附议代表；可输入姓名、代表小组或编号筛选",
    )
    category = forms.CharField(label="分类", max_length=30, required=False, help_text="如：城建环保、教科文卫")
    committee = forms.ModelChoiceField(Committee.objects.none(), label="督办委员会", required=False, empty_label="—")
    led_by = forms.ChoiceField(label="领办", choices=[("", "—"), *LedBy.choices], required=False,
                               help_text="承办单位主要负责人（一把手）或班子成员领办")
    leader_name = forms.CharField(label="领办领导", max_length=60, required=False, help_text="如：局长 张某某")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = CongressSession.objects.order_by("-start_on")
        deputies = serving_deputies()
        for name in ("proposer", "cosigners"):
            self.fields[name].queryset = deputies
            self.fields[name].label_from_instance = _deputy_label
        self.fields["committee"].queryset = active_committees()
        self.fields["committee"].label_from_instance = lambda c: c.short_name
        # Checkboxes by 代表小组 with a filter box: a few hundred deputies are too many for Ctrl-clicking.
        self.fields["cosigners"].widget.groups = picker_groups_by_deputy_group(deputies.order_by("group", "name", "pk"))

    def clean_document(self):
        return _check_upload(self.cleaned_data.get("document"))

    def clean(self):
        data = super().clean()
        if data.get("session") is None and not data.get("year") and "year" not in self.errors:
            raised_on = data.get("raised_on")
            if raised_on:
                data["year"] = raised_on.year
            else:
                self.add_error("year", "闭会期间提出的建议请填写年度。")
        return data


class SuggestionEditForm(VersionMixin):
    """Corrections before assignment (recorded on the timeline as 修改)."""

    number = forms.IntegerField(label="编号", required=False, min_value=1)
    title = forms.CharField(label="标题", max_length=200, widget=forms.TextInput(attrs={"size": 70}))
    content = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 8, "cols": 80}))
    category = forms.CharField(label="分类", max_length=30, required=False)
    committee = forms.ModelChoiceField(Committee.objects.none(), label="督办委员会", required=False, empty_label="—")
    led_by = forms.ChoiceField(label="领办", choices=[("", "—"), *LedBy.choices], required=False,
                               help_text="承办单位主要负责人（一把手）或班子成员领办")
    leader_name = forms.CharField(label="领办领导", max_length=60, required=False, help_text="如：局长 张某某")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = active_committees()
        self.fields["committee"].label_from_instance = lambda c: c.short_name

    @classmethod
    def initial_for(cls, s: Suggestion) -> dict:
        return {"number": s.number, "title": s.title, "content": s.content, "category": s.category,
                "committee": s.committee_id, "version": s.version, "led_by": s.led_by,
                "leader_name": s.leader_name}


class LeadingForm(VersionMixin):
    """领办 of a suggestion already assigned (its content can no longer change)."""

    led_by = forms.ChoiceField(label="领办", choices=[("", "—"), *LedBy.choices], required=False,
                               help_text="承办单位主要负责人（一把手）或班子成员领办")
    leader_name = forms.CharField(label="领办领导", max_length=60, required=False, help_text="如：局长 张某某")



class _UnitsMixin:
    def _units(self):
        self.fields["lead_unit"].queryset = handling_units()
        self.fields["co_units"].queryset = handling_units()


class AssignForm(_UnitsMixin, VersionMixin):
    assigned_on = forms.DateField(label="交办日期", widget=DATE, initial=timezone.localdate)
    lead_unit = forms.ModelChoiceField(ReportingBody.objects.none(), label="主办单位", empty_label="请选择")
    co_units = forms.ModelMultipleChoiceField(ReportingBody.objects.none(), label="协办单位", required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 6}),
                                              help_text="可多选；协办意见期限按规则自动计算")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._units()


class BatchAssignForm(_UnitsMixin, forms.Form):
    suggestions = forms.ModelMultipleChoiceField(Suggestion.objects.none(), label="建议",
                                                 widget=forms.CheckboxSelectMultiple,
                                                 error_messages={"required": "请至少选择一条待交办的建议。"})
    assigned_on = forms.DateField(label="交办日期", widget=DATE, initial=timezone.localdate)
    lead_unit = forms.ModelChoiceField(ReportingBody.objects.none(), label="主办单位", empty_label="请选择")
    co_units = forms.ModelMultipleChoiceField(ReportingBody.objects.none(), label="协办单位", required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 6}))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._units()
        self.fields["suggestions"].queryset = candidates if candidates is not None else Suggestion.objects.none()


def _assignment_choices(suggestion, *, role=None, unsigned=False, without_input=False):
    rows = Assignment.objects.filter(suggestion=suggestion, active=True).select_related("unit").order_by("-role", "pk")
    if role:
        rows = rows.filter(role=role)
    if unsigned:
        rows = rows.filter(signed_on__isnull=True)
    if without_input:
        rows = rows.filter(input_on__isnull=True)
    return [(a.unit_id, f"{a.unit.name}（{a.get_role_display()}）") for a in rows]


class _UnitChoiceMixin:
    """`unit` chooses among the suggestion's active assignments; cleaned to a ReportingBody."""

    def clean_unit(self):
        pk = self.cleaned_data["unit"]
        unit = ReportingBody.objects.filter(pk=pk).first()
        if unit is None:
            raise ValidationError("承办单位不存在。")
        return unit


class SignForm(_UnitChoiceMixin, VersionMixin):
    unit = forms.TypedChoiceField(label="签收单位", coerce=int)
    signed_on = forms.DateField(label="签收日期", widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, suggestion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _assignment_choices(suggestion, unsigned=True)


class CoInputForm(_UnitChoiceMixin, VersionMixin):
    unit = forms.TypedChoiceField(label="协办单位", coerce=int)
    input_on = forms.DateField(label="提交日期", widget=DATE, initial=timezone.localdate)
    input_text = forms.CharField(label="协办意见", widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), max_length=4000)

    def __init__(self, *args, suggestion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _assignment_choices(suggestion, role=Assignment.Role.CO, without_input=True)


class ContactForm(_UnitChoiceMixin, VersionMixin):
    unit = forms.TypedChoiceField(label="联系单位", coerce=int)
    stage = forms.ChoiceField(label="沟通阶段", choices=Contact.Stage.choices)
    way = forms.ChoiceField(label="沟通方式", choices=Contact.Way.choices)
    contacted_on = forms.DateField(label="沟通日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="沟通情况", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))

    def __init__(self, *args, suggestion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _assignment_choices(suggestion)


class ExtensionForm(VersionMixin):
    asked_on = forms.DateField(label="申请日期", widget=DATE, initial=timezone.localdate)
    requested_due_on = forms.DateField(label="申请延期至", widget=DATE)
    reason = forms.CharField(label="延期理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))


class DecideExtensionForm(VersionMixin):
    decision = forms.ChoiceField(label="审批结果", choices=[("approve", "同意延期"), ("refuse", "不同意")])
    decided_on = forms.DateField(label="审批日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="审批意见", required=False, max_length=2000)


class ReplyForm(VersionMixin):
    replied_on = forms.DateField(label="答复日期", widget=DATE, initial=timezone.localdate)
    reply_class = forms.ChoiceField(label="答复类别", choices=[("", "请选择")] + ReplyClass.choices)
    text = forms.CharField(label="答复内容", required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 4, "cols": 80}))
    document = forms.FileField(label="答复函", required=False, widget=FILE_INPUT, help_text=uploads.lazy_help_text())

    def clean_document(self):
        return _check_upload(self.cleaned_data.get("document"))

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("document") and not self.errors:
            raise ValidationError("请填写答复内容或上传答复函。")
        return data


class FeedbackForm(VersionMixin):
    result = forms.ChoiceField(label="代表反馈", choices=[("", "请选择")] + FeedbackResult.choices)
    given_on = forms.DateField(label="反馈日期", widget=DATE, initial=timezone.localdate)
    comment = forms.CharField(label="意见说明", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2, "cols": 80}), help_text="不满意时必填")


class KeySupervisionForm(VersionMixin):
    leader = forms.CharField(label="督办领导", max_length=60, required=False, help_text="如：常委会副主任 王某某")
    committee = forms.ModelChoiceField(Committee.objects.none(), label="督办委员会", required=False, empty_label="—")
    since = forms.DateField(label="确定日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="督办要求", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = active_committees()
        self.fields["committee"].label_from_instance = lambda c: c.short_name


class SupervisionNoteForm(VersionMixin):
    on = forms.DateField(label="进展日期", widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label="督办进展", max_length=4000, widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))


class AcceptForm(VersionMixin):
    """The office's check of a suggestion a deputy submitted online: accept it (立案) with its number."""

    number = forms.IntegerField(label="编号", required=False, min_value=1, help_text="默认为本年度闭会期间的下一个空号")
    committee = forms.ModelChoiceField(Committee.objects.none(), label="督办委员会", required=False, empty_label="—")
    category = forms.CharField(label="分类", max_length=30, required=False, help_text="如：城建环保、教科文卫")
    accepted_on = forms.DateField(label="审查日期", widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = active_committees()
        self.fields["committee"].label_from_instance = lambda c: c.short_name


class ReturnForm(VersionMixin):
    reason = forms.CharField(label="退回理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
                             help_text="代表会看到这段话，据此修改后再提交",
                             error_messages={"required": "请写明退回的理由，代表据此修改。"})
    returned_on = forms.DateField(label="退回日期", widget=DATE, initial=timezone.localdate)


class DecideReassignForm(VersionMixin):
    """The office's answer to a unit asking to be relieved of a suggestion (调整承办单位)."""

    decision = forms.ChoiceField(label="审批结果", choices=[("approve", "同意调整"), ("refuse", "不同意")])
    new_unit = forms.ModelChoiceField(ReportingBody.objects.none(), label="改由单位", required=False,
                                      empty_label="—", help_text="主办单位申请调整时必须指定；协办单位可不指定（仅撤回）")
    decided_on = forms.DateField(label="审批日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="审批意见", required=False, max_length=2000, help_text="不同意时必填")

    def __init__(self, *args, suggestion=None, request_row=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = handling_units()
        co_ids = set()
        if suggestion is not None:
            busy = Assignment.objects.filter(suggestion=suggestion, active=True)
            if request_row is not None and request_row.assignment.role == Assignment.Role.LEAD:
                # The lead asks to be relieved: a current co-unit may take over as lead.
                co_ids = set(busy.filter(role=Assignment.Role.CO).values_list("unit_id", flat=True))
                busy = busy.exclude(role=Assignment.Role.CO)
            units = units.exclude(pk__in=busy.values("unit_id"))
        field = self.fields["new_unit"]
        field.queryset = units
        if co_ids:
            field.label_from_instance = lambda unit: f"{unit.name}（现协办，改为主办）" if unit.pk in co_ids else unit.name
            field.help_text = "主办单位申请调整时必须指定；可选现有的协办单位改为主办（其协办随之结束）"


def _reply_choice_label(reply) -> str:
    return f"第{reply.round}轮答复（{reply.reply_class}类，{reply.replied_on:%Y-%m-%d}，{reply.unit.name}）"


class PublishForm(VersionMixin):
    """公开: the suggestion on the public pages, and which of its replies with it."""

    is_public = forms.BooleanField(label="在公开页面公布该建议", required=False)
    replies = forms.ModelMultipleChoiceField(Suggestion.objects.none(), label="公开的答复", required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text="只公开勾选的答复（答复内容与类别，不含答复函附件）")

    def __init__(self, *args, suggestion=None, **kwargs):
        from deputies.models import Reply

        super().__init__(*args, **kwargs)
        replies = Reply.objects.filter(suggestion=suggestion).select_related("unit").order_by("round")
        self.fields["replies"].queryset = replies
        self.fields["replies"].label_from_instance = _reply_choice_label


class BatchPublishForm(forms.Form):
    suggestions = forms.ModelMultipleChoiceField(Suggestion.objects.none(), label="建议",
                                                 widget=forms.CheckboxSelectMultiple,
                                                 error_messages={"required": "请至少选择一条建议。"})
    action = forms.ChoiceField(label="操作", choices=[("publish", "公开（建议及其全部答复）"), ("unpublish", "取消公开")],
                               error_messages={"required": "请选择公开或取消公开。"})

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestions"].queryset = candidates if candidates is not None else Suggestion.objects.none()


class SessionForm(VersionGuardMixin, forms.ModelForm):
    class Meta:
        model = CongressSession
        formfield_callback = scoped_formfield
        fields = ["term", "number", "name", "start_on", "end_on", "suggestions_received"]
        widgets = {"start_on": DATE, "end_on": DATE}
        labels = {"number": "第几次会议"}
        help_texts = {"name": "如：区十七届人大三次会议"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.order_by("-number")

    def clean(self):
        data = super().clean()
        term, number = data.get("term"), data.get("number")
        if term and number and CongressSession.objects.filter(term=term, number=number).exists():
            self.add_error("number", f"{term}已有第{number}次会议。")
        if data.get("name") and CongressSession.objects.filter(name=data["name"].strip()).exists():
            self.add_error("name", f"已有名为“{data['name'].strip()}”的会议。")
        if data.get("start_on") and data.get("end_on") and data["end_on"] < data["start_on"]:
            self.add_error("end_on", "闭幕日期早于开幕日期。")
        return data


STATUS_BEFORE_ASSIGNMENT = (SuggestionStatus.DRAFT, SuggestionStatus.CONFIRMING, SuggestionStatus.SUBMITTED,
                            SuggestionStatus.RETURNED, SuggestionStatus.ACCEPTED)
