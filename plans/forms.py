"""Forms for entering plans and items and for updating an item's status."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms.fields import MONTH_CHOICES, scoped_formfield
from core.models import Committee
from plans import editing
from plans.models import AnnualPlan, ItemDocument, PlanItem, PlanItemStatus, PlanKind, Section, SupervisionForm
from plans.models.plans import adoption_meetings

QUARTER_CHOICES = [("", "—"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]


class PlanForm(forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["year", "kind", "title", "adopted_at", "adopted_on"]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"})}
        formfield_callback = scoped_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_at"].queryset = adoption_meetings().order_by("-year", "kind", "number")

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


class FormsChoiceField(forms.MultipleChoiceField):
    """Checkboxes of supervision forms. Which forms an item may carry is PlanItem.clean()'s to say, so the page
    refuses an unknown one in the words the API uses."""

    def valid_value(self, value):
        return True


class PlanItemForm(forms.ModelForm):
    """An item with its timing, committees and meeting kinds; `version` guards against lost updates.

    The timing rules are the model's (PlanItem.clean), the committee rule plans.editing's: the API
    runs the same ones, so the page and the API refuse the same input in the same words."""

    lead_committees = forms.ModelMultipleChoiceField(
        Committee.objects.none(), label="牵头（负责）委员会", required=False, widget=forms.CheckboxSelectMultiple
    )
    helper_committees = forms.ModelMultipleChoiceField(
        Committee.objects.none(), label="配合委员会", required=False, widget=forms.CheckboxSelectMultiple
    )
    start_month = forms.TypedChoiceField(label="起始月份", choices=MONTH_CHOICES, coerce=int, required=False, empty_value=None)
    end_month = forms.TypedChoiceField(label="截止月份", choices=MONTH_CHOICES, coerce=int, required=False, empty_value=None)
    quarter = forms.TypedChoiceField(label="季度", choices=QUARTER_CHOICES, coerce=int, required=False, empty_value=None)
    extra_forms = FormsChoiceField(
        label="其他监督形式", choices=SupervisionForm.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="事项同时采用的其他形式，如“……的报告，并开展满意度测评”。",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PlanItem
        fields = editing.ITEM_FIELDS
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "focus": forms.Textarea(attrs={"rows": 3}),
            "reporting_bodies": forms.CheckboxSelectMultiple,
        }
        formfield_callback = scoped_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in editing.item_choices().items():
            self.fields[name].queryset = queryset
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


