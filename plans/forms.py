"""Forms for entering plans and items and for updating an item's status."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from core import uploads
from core.forms.fields import MONTH_CHOICES, scoped_formfield
from core.forms.versioned import VersionGuardMixin
from core.models import Committee
from plans import editing
from plans.models import AnnualPlan, ItemDocument, PlanItem, PlanItemStatus, PlanKind, Section, SupervisionForm
from plans.models.plans import TIMING_NEEDS, adoption_meetings
from plans.timing import TimingKind, timing_text, timing_values

QUARTER_CHOICES = [("", "—"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]

# static/js/multi-select.js turns a select carrying this into a searchable one (Tom Select); without JS it stays
# a plain select. On a <select multiple> the value is the search box's placeholder.
SEARCHABLE = "data-multi-select"


def searchable_multiple(placeholder: str, size: int = 6) -> forms.SelectMultiple:
    return forms.SelectMultiple(attrs={SEARCHABLE: placeholder, "size": size})


def meetings_by_date(meetings):
    """Meetings in the order they meet: by year and month, then day (a meeting with only a month after the dated
    ones of that month)."""
    return meetings.order_by("year", "planned_month", F("date").asc(nulls_last=True), "kind", "number")


def meeting_label(meeting) -> str:
    """第十七届人大常委会第十三次会议（2023-03-30）, or its month while the day is not fixed."""
    when = meeting.date.isoformat() if meeting.date else f"{meeting.year}年{meeting.planned_month}月，日期未定"
    return f"{meeting.title}（{when}）"


def default_plan_year(today: date) -> int:
    """The year a new plan is for: plans are drafted from the last quarter of the year before and adopted early in
    their year, so from October on a new plan is next year's; before that it is this year's."""
    return today.year + 1 if today.month >= 10 else today.year


class PlanForm(VersionGuardMixin, forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["year", "kind", "title", "adopted_at", "adopted_on"]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"})}
        formfield_callback = scoped_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = self.fields["adopted_at"]
        meetings.queryset = meetings_by_date(adoption_meetings())
        meetings.label_from_instance = meeting_label
        meetings.widget.attrs[SEARCHABLE] = "输入会议名称或日期搜索"
        if self.instance.pk is None:
            self.initial.setdefault("year", default_plan_year(timezone.localdate()))

    def clean(self):
        data = super().clean()
        year, kind = data.get("year"), data.get("kind")
        if year and not 2000 <= year <= 2100:
            self.add_error("year", "年度应在 2000 到 2100 之间。")
        clash = AnnualPlan.objects.filter(year=year, kind=kind).exclude(pk=self.instance.pk)
        if year and kind and clash.exists():
            self.add_error("kind", f"{year} 年已有一份“{PlanKind(kind).label}”。")
        return data


class SectionForm(VersionGuardMixin, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["heading", "declared_count", "order"]
        formfield_callback = scoped_formfield


class FormsChoiceField(forms.MultipleChoiceField):
    """Checkboxes of supervision forms. Which forms an item may carry is PlanItem.clean()'s to say, so the page
    refuses an unknown one in the words the API uses."""

    def valid_value(self, value):
        return True


def month_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=MONTH_CHOICES, coerce=int, required=False, empty_value=None)


def quarter_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label="季度", choices=QUARTER_CHOICES, coerce=int, required=False, empty_value=None)


def mark_timing_fields(form) -> None:
    """Tell static/js/timing-fields.js which timing fields each 时间类型 uses (the model's TIMING_NEEDS), so the page
    shows only those; without JS every field shows, and the model drops what the chosen kind does not use."""
    form.fields["timing_kind"].widget.attrs["data-timing-kind"] = ""
    for name in ("start_month", "end_month", "quarter"):
        kinds = [kind.value for kind, needs in TIMING_NEEDS.items() if name in {field for field, _ in needs}]
        form.fields[name].widget.attrs["data-timing-for"] = " ".join(kinds)


# Warnings: the item is saved all the same, the office is told what looks wrong (on the page as it edits, with
# static/js/item-form.js, and after saving).
NO_LEAD_WARNING = "未选择牵头（负责）委员会：没有委员会负责跟进这一事项，请确认。"
YEAR_WITH_MONTHS_WARNING = (
    "时间类型为“全年”，所填的{values}不会保存；如事项只在部分月份进行，请改选“某月”“月份区间”或“季度”。"
)


def timing_warnings(data: dict) -> list[str]:
    """全年 with months or a quarter filled in: the model keeps none of them."""
    if data.get("timing_kind") != TimingKind.YEAR:
        return []
    values = [f"{data[name]}月" for name in ("start_month", "end_month") if data.get(name)]
    if data.get("quarter"):
        values.append(dict(QUARTER_CHOICES)[data["quarter"]])
    return [YEAR_WITH_MONTHS_WARNING.format(values="、".join(values))] if values else []


class PlanItemForm(forms.ModelForm):
    """An item with its timing, committees and meeting kinds; `version` guards against lost updates.

    The timing rules are the model's (PlanItem.clean), the committee rule plans.editing's: the API
    runs the same ones, so the page and the API refuse the same input in the same words. The long lists
    (reporting bodies, committees, other forms) are searchable multi-selects."""

    lead_committees = forms.ModelMultipleChoiceField(
        Committee.objects.none(), label="牵头（负责）委员会", required=False,
        widget=searchable_multiple("输入委员会名称搜索，可多选", size=4),
    )
    helper_committees = forms.ModelMultipleChoiceField(
        Committee.objects.none(), label="配合委员会", required=False,
        widget=searchable_multiple("输入委员会名称搜索，可多选", size=4),
    )
    start_month = month_field("起始月份")
    end_month = month_field("截止月份")
    quarter = quarter_field()
    extra_forms = FormsChoiceField(
        label="其他监督形式", choices=SupervisionForm.choices, required=False,
        widget=searchable_multiple("输入形式搜索，可多选", size=4),
        help_text="事项同时采用的其他形式，如“……的报告，并开展满意度测评”。",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The warnings' words, for the page's script (templates/plans/item_form.html).
    no_lead_warning = NO_LEAD_WARNING
    year_months_warning = YEAR_WITH_MONTHS_WARNING

    class Meta:
        model = PlanItem
        fields = editing.ITEM_FIELDS
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "focus": forms.Textarea(attrs={"rows": 3}),
            "reporting_bodies": searchable_multiple("输入单位名称搜索，可多选"),
        }
        formfield_callback = scoped_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in editing.item_choices().items():
            self.fields[name].queryset = queryset
        mark_timing_fields(self)
        if self.instance.pk:
            roles = {r.committee_id: r.role for r in self.instance.responsibilities.all()}
            self.initial["lead_committees"] = [c for c, role in roles.items() if role == "lead"]
            self.initial["helper_committees"] = [c for c, role in roles.items() if role == "helper"]
            self.initial["version"] = self.instance.version
            # Without the version read, a save could overwrite someone else's change unseen.
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = "页面已过期（缺少版本号），请刷新后重新修改。"

    def clean(self):
        data = super().clean()
        for field, messages in editing.committee_errors(
            data.get("lead_committees") or [], data.get("helper_committees") or []
        ).items():
            for message in messages:
                self.add_error(field, message)
        return data

    def warnings(self) -> list[str]:
        """What looks wrong in a submitted item without being refused: no lead committee (a principle needs
        none), 全年 with months."""
        data = getattr(self, "cleaned_data", None) or {}
        found = timing_warnings(data)
        if "lead_committees" in data and not data["lead_committees"] and not data.get("is_principle"):
            found.append(NO_LEAD_WARNING)
        return found


class PlanEntryForm(forms.Form):
    """Where a new item sits in the plan it is added to."""

    section = forms.ModelChoiceField(Section.objects.none(), label="所在分节", required=False)
    number = forms.CharField(label="编号", max_length=20, required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(plan=plan).order_by("order")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=PlanItemStatus.choices)
    progress = forms.IntegerField(label="进度（%）", min_value=0, max_value=100, required=False)
    postponed_to_month = forms.TypedChoiceField(
        label="推迟至", choices=MONTH_CHOICES, coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DocumentForm(forms.ModelForm):
    """An item's document; the file is checked by core.uploads (the model field's validator): type, content, size."""

    class Meta:
        model = ItemDocument
        fields = ["kind", "title", "file", "received_on"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}),
                   "file": forms.FileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE, "aria-describedby": "upload-hint"})}
        formfield_callback = scoped_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.help_text()


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return meeting_label(obj)


class DecisionForm(forms.Form):
    """Why an adopted plan changes and who decided it: one of the year's meetings, or in words when the decision
    was not taken at a recorded meeting (the plan page shows the meeting's name or those words)."""

    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
        error_messages={"required": "请填写调整理由。"},
    )
    decided_meeting = MeetingChoiceField(
        None, label="决定会议", required=False, empty_label="—（不是在已录入的会议上决定的）",
        error_messages={"invalid_choice": "所选的决定会议不在本年度的会议中。"},
    )
    decided_at = forms.CharField(
        label="其他决定方式", max_length=100, required=False,
        help_text="不是在已录入的会议上决定时填写，如：书面征求主任会议成员意见",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = adoption_meetings().filter(year=plan.year).exclude(status="cancelled")
        self.fields["decided_meeting"].queryset = meetings_by_date(meetings)
        self.fields["decided_meeting"].widget.attrs[SEARCHABLE] = "输入会议名称或日期搜索"

    def clean(self):
        data = super().clean()
        if data.get("decided_meeting") and data.get("decided_at"):
            self.add_error("decided_at", "已选择决定会议，请不要再填写其他决定方式（二者选其一）。")
        return data

    def decision(self) -> dict:
        """The decision as PlanAdjustment records it: the meeting, and the words the plan page shows."""
        meeting = self.cleaned_data.get("decided_meeting")
        words = meeting_label(meeting)[:100] if meeting else self.cleaned_data.get("decided_at", "")
        return {"decided_meeting": meeting, "decided_at": words}


class AddedItemDecisionForm(DecisionForm):
    """An item added to an adopted plan is an adjustment: its reason and decision, on the item form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        reason.label = "增加理由"
        reason.widget.attrs["placeholder"] = "如：根据区政府的提请"
        reason.error_messages["required"] = "该计划已通过，增加事项须说明理由（如：根据区政府的提请）。"


class AdjustmentForm(DecisionForm):
    """Adjust an adopted plan: give an item new timing, with the same fields and rules as the item form, or drop
    it. Adding an item is the item form's (AddedItemDecisionForm)."""

    kind = forms.ChoiceField(label="调整类别", choices=[("move", "调整时间"), ("drop", "取消事项")])
    item = forms.ModelChoiceField(
        PlanItem.objects.none(), label="事项", error_messages={"invalid_choice": "所选事项不在本计划中。"}
    )
    # Browsers always send a 时间类型; a post without one (older scripts) moves the item to one month.
    timing_kind = forms.ChoiceField(label="时间类型", choices=TimingKind.choices, required=False)
    start_month = month_field("起始月份")
    end_month = month_field("截止月份")
    quarter = quarter_field()
    timing_note = PlanItem._meta.get_field("timing_note").formfield()

    year_months_warning = YEAR_WITH_MONTHS_WARNING
    field_order = ["kind", "item", "timing_kind", "start_month", "end_month", "quarter", "timing_note", "reason",
                   "decided_meeting", "decided_at"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["item"].queryset = PlanItem.objects.filter(entries__plan=plan).order_by("entries__order")
        self.fields["item"].widget.attrs[SEARCHABLE] = "输入事项名称搜索"
        self.fields["item"].help_text = "选择事项后，下面的时间各项填入它现在的时间。"
        mark_timing_fields(self)
        for name in ("timing_kind", "start_month", "end_month", "quarter", "timing_note"):
            self.fields[name].widget.attrs["data-only-when"] = "kind=move"  # a dropped item keeps its timing
        self.new_timing = None

    def clean(self):
        data = super().clean()
        item = data.get("item")
        if item is None:
            return data
        if data.get("kind") == "move":
            self._clean_new_timing(item, data)
        elif data.get("kind") == "drop" and item.status == PlanItemStatus.CANCELLED:
            self.add_error("item", "该事项已是“已取消”状态，无需再取消。")
        return data

    def _clean_new_timing(self, item, data):
        """The item form's rules (PlanItem.clean) on the new timing; it keeps only the fields its kind uses."""
        probe = PlanItem(
            year=item.year, timing_kind=data.get("timing_kind") or TimingKind.MONTH,
            start_month=data.get("start_month"), end_month=data.get("end_month"), quarter=data.get("quarter"),
            # A post without the note field at all (not a browser's) keeps the item's note.
            timing_note=(data.get("timing_note") or "") if "timing_note" in self.data else item.timing_note,
        )
        try:
            probe.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return
        new = timing_values(probe)
        if new == timing_values(item):
            same = f"调整后的时间与现在相同（{timing_text(new)}），请修改时间，或改选“取消事项”。"
            self.add_error("timing_kind", same)
            return
        self.new_timing = new

    def warnings(self) -> list[str]:
        data = getattr(self, "cleaned_data", None) or {}
        return timing_warnings(data) if data.get("kind") == "move" else []


class AdoptPlanForm(forms.Form):
    """Mark a plan adopted: the day (in the plan's year or the year before, when plans are adopted) and the
    meeting of that year that adopted it."""

    adopted_on = forms.DateField(
        label="通过日期", widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写通过日期。", "invalid": "通过日期不是有效的日期，请按 2023-03-30 的格式填写。"},
    )
    adopted_at = forms.ModelChoiceField(None, label="通过会议", required=False,
                                        error_messages={"invalid_choice": "所选的通过会议不在本年度的会议中。"})

    def __init__(self, *args, plan, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["adopted_at"].queryset = meetings

    def clean_adopted_on(self):
        day = self.cleaned_data["adopted_on"]
        if not self.plan.year - 1 <= day.year <= self.plan.year:
            raise ValidationError(f"通过日期应在 {self.plan.year - 1} 年或 {self.plan.year} 年内（本计划为 {self.plan.year} 年度）。")
        return day


class CopyPlanForm(forms.Form):
    year = forms.IntegerField(label="新年度", min_value=2000, max_value=2100)
    items = forms.ModelMultipleChoiceField(
        PlanItem.objects.none(), label="保留的事项", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["items"].queryset = PlanItem.objects.filter(entries__plan=plan).order_by("entries__order")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if AnnualPlan.objects.filter(year=year, kind=self.plan.kind).exists():
            raise ValidationError(f"{year} 年已有一份“{self.plan.get_kind_display()}”，请直接编辑那一份。")
        return year


