"""Forms for entering plans and items and for updating an item's status."""

from django import forms
from django.core.exceptions import ValidationError

from plans.models import (
    AgendaItem,
    AnnualPlan,
    Committee,
    ItemDocument,
    Meeting,
    PlanItem,
    PlanItemStatus,
    PlanKind,
    ReportingBody,
    Section,
)
from plans.timing import TimingKind

def scoped_formfield(field, **kwargs):
    """Relation fields start empty: their querysets are set per request, inside the body's scope
    (a form class is built at import time, when no scope is active)."""
    if field.is_relation:
        kwargs.setdefault("queryset", field.related_model.objects.none())
    return field.formfield(**kwargs)


MONTH_CHOICES = [("", "—")] + [(m, f"{m}月") for m in range(1, 13)]
QUARTER_CHOICES = [("", "—"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]


class PlanForm(forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["year", "kind", "title", "adopted_at", "adopted_on"]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"})}
        formfield_callback = scoped_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_at"].queryset = Meeting.objects.select_related("term").order_by("-year", "kind", "number")

    def clean(self):
        data = super().clean()
        year, kind = data.get("year"), data.get("kind")
        if year and not 2000 <= year <= 2100:
            self.add_error("year", "年度应在 2000 到 2100 之间。")
        clash = AnnualPlan.objects.filter(year=year, kind=kind).exclude(pk=self.instance.pk)
        if year and kind and clash.exists():
            self.add_error("kind", f"{year} 年已有一份“{PlanKind(kind).label}”。")
        return data


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["heading", "declared_count", "order"]
        formfield_callback = scoped_formfield


class PlanItemForm(forms.ModelForm):
    """An item with its timing, committees and meeting kinds; `version` guards against lost updates."""

    lead_committees = forms.ModelMultipleChoiceField(
        Committee.objects.none(), label="牵头（负责）委员会", required=False, widget=forms.CheckboxSelectMultiple
    )
    helper_committees = forms.ModelMultipleChoiceField(
        Committee.objects.none(), label="配合委员会", required=False, widget=forms.CheckboxSelectMultiple
    )
    start_month = forms.TypedChoiceField(label="起始月份", choices=MONTH_CHOICES, coerce=int, required=False, empty_value=None)
    end_month = forms.TypedChoiceField(label="截止月份", choices=MONTH_CHOICES, coerce=int, required=False, empty_value=None)
    quarter = forms.TypedChoiceField(label="季度", choices=QUARTER_CHOICES, coerce=int, required=False, empty_value=None)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PlanItem
        fields = [
            "title", "focus", "form", "reporting_bodies", "timing_kind", "start_month", "end_month", "quarter",
            "timing_note", "to_standing_meeting", "to_chairpersons_meeting", "all_committees_help",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "focus": forms.Textarea(attrs={"rows": 3}),
            "reporting_bodies": forms.CheckboxSelectMultiple,
        }
        formfield_callback = scoped_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        committees = Committee.objects.filter(active=True).order_by("order", "id")
        self.fields["lead_committees"].queryset = committees
        self.fields["helper_committees"].queryset = committees
        self.fields["reporting_bodies"].queryset = ReportingBody.objects.filter(valid_to__isnull=True).order_by("order")
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
        kind = data.get("timing_kind")
        start, end, quarter = data.get("start_month"), data.get("end_month"), data.get("quarter")
        needs = {
            TimingKind.MONTH: [("start_month", start, "请选择月份。")],
            TimingKind.RANGE: [("start_month", start, "请选择起始月份。"), ("end_month", end, "请选择截止月份。")],
            TimingKind.DEADLINE: [("end_month", end, "请选择须在哪个月底前完成。")],
            TimingKind.QUARTER: [("quarter", quarter, "请选择季度。")],
        }.get(kind, [])
        for field, value, message in needs:
            if not value:
                self.add_error(field, message)
        if kind == TimingKind.RANGE and start and end and start >= end:
            self.add_error("end_month", "截止月份应晚于起始月份。")
        # Keep only the fields the chosen kind uses, so a stale value never changes the meaning.
        keep = {
            TimingKind.MONTH: {"start_month"},
            TimingKind.RANGE: {"start_month", "end_month"},
            TimingKind.DEADLINE: {"end_month"},
            TimingKind.QUARTER: {"quarter"},
        }.get(kind, set())
        for field in ("start_month", "end_month", "quarter"):
            if field not in keep:
                data[field] = None
        both = set(data.get("lead_committees") or []) & set(data.get("helper_committees") or [])
        if both:
            names = "、".join(c.short_name for c in both)
            self.add_error("helper_committees", f"{names}不能既牵头又配合。")
        return data


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
    MAX_BYTES = 20 * 1024 * 1024

    class Meta:
        model = ItemDocument
        fields = ["kind", "title", "file", "received_on"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"})}
        formfield_callback = scoped_formfield

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError("文件不能超过 20 MB。")
        return upload


class AdjustmentForm(forms.Form):
    """Adjust an adopted plan: move an item, add one at the government's request, or drop one."""

    kind = forms.ChoiceField(label="调整类别", choices=[("move", "调整时间"), ("drop", "取消事项")])
    item = forms.ModelChoiceField(PlanItem.objects.none(), label="事项")
    start_month = forms.TypedChoiceField(label="调整到（月）", choices=MONTH_CHOICES, coerce=int, required=False, empty_value=None)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))
    decided_at = forms.CharField(label="决定会议", max_length=100, required=False, help_text="如：第二十次主任会议")

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = PlanItem.objects.filter(entries__plan=plan).order_by("entries__order")

    def clean(self):
        data = super().clean()
        if data.get("kind") == "move" and not data.get("start_month"):
            self.add_error("start_month", "请选择调整到的月份。")
        return data


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


class MeetingForm(forms.ModelForm):
    """A meeting in the calendar: the number must be free in its term and kind, the date inside the term."""

    class Meta:
        model = Meeting
        fields = ["kind", "term", "number", "year", "planned_month", "date", "place", "status"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        formfield_callback = scoped_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from plans.models import Term

        self.fields["term"].queryset = Term.objects.order_by("-number")
        self.fields["planned_month"].widget = forms.Select(choices=MONTH_CHOICES)
        self.fields["number"].help_text = "已按本届同类会议的下一个次序填写，可修改。"

    def clean(self):
        data = super().clean()
        term, kind, number, day = data.get("term"), data.get("kind"), data.get("number"), data.get("date")
        if term and kind and number:
            clash = Meeting.objects.filter(term=term, kind=kind, number=number).exclude(pk=self.instance.pk)
            if clash.exists():
                label = dict(Meeting._meta.get_field("kind").choices)[kind]
                self.add_error("number", f"{term}{label}第 {number} 次已经存在，请换一个次序。")
        if term and day and not term.contains(day):
            end = term.end.isoformat() if term.end else "至今"
            self.add_error("date", f"日期 {day.isoformat()} 不在{term}任期内（{term.start.isoformat()} – {end}）。")
        if day:
            if data.get("year") and data["year"] != day.year:
                self.add_error("year", f"年度应与会议日期一致（{day.year}）。")
            data["planned_month"] = data.get("planned_month") or day.month
        planned = data.get("planned_month")
        if planned is not None and not 1 <= int(planned) <= 12:
            self.add_error("planned_month", "月份应在 1 到 12 之间。")
        if not day and not planned:
            self.add_error("planned_month", "请填写会议日期或计划月份。")
        return data


class AgendaItemForm(forms.ModelForm):
    """An ad-hoc agenda item, or the details of any item."""

    class Meta:
        model = AgendaItem
        fields = ["title", "form", "has_inquiry", "has_evaluation", "reporting_bodies", "committees", "plan_items"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "reporting_bodies": forms.CheckboxSelectMultiple,
            "committees": forms.CheckboxSelectMultiple,
            "plan_items": forms.SelectMultiple(attrs={"size": 6}),
        }
        formfield_callback = scoped_formfield

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporting_bodies"].queryset = ReportingBody.objects.filter(valid_to__isnull=True).order_by("order")
        self.fields["committees"].queryset = Committee.objects.filter(active=True).order_by("order")
        year = meeting.year if meeting else None
        self.fields["plan_items"].queryset = PlanItem.objects.filter(year=year).order_by("due_month", "id")
        self.fields["plan_items"].required = False


class MoveAgendaItemForm(forms.Form):
    meeting = forms.ModelChoiceField(Meeting.objects.none(), label="移至会议")
    reason = forms.CharField(label="理由", max_length=200, required=False)

    def __init__(self, *args, agenda_item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.exclude(pk=agenda_item.meeting_id)
            .exclude(status=Meeting.Status.CANCELLED)
            .filter(kind=agenda_item.meeting.kind)
            .select_related("term")
            .order_by("year", "number")
        )


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["outcome", "resolution_title", "appointments", "removals"]
        formfield_callback = scoped_formfield
