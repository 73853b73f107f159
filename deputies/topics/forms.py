"""The form that drafts a plan item for next year from suggestions (/suggestions/to-plan/?ids=1,2,3&title=…)."""

from django import forms

from core.models import Committee
from plans.models import PlanKind, SupervisionForm
from plans.timing import TimingKind

# The supervision forms a topic of suggestions usually becomes, first; the rest of the item form's choices follow.
LIKELY_FORMS = [SupervisionForm.RESEARCH, SupervisionForm.SPECIAL_REPORT, SupervisionForm.INQUIRY,
                SupervisionForm.INSPECTION, SupervisionForm.VISIT, SupervisionForm.EVALUATION,
                SupervisionForm.FOLLOW_UP]
FORM_CHOICES = [(f.value, f.label) for f in LIKELY_FORMS] + [
    (value, label) for value, label in SupervisionForm.choices if value not in {f.value for f in LIKELY_FORMS}]
# When: the whole year or not yet decided; months are set on the item's own page once the plan is drafted.
TIMING_CHOICES = [(TimingKind.YEAR.value, TimingKind.YEAR.label), (TimingKind.UNDETERMINED.value,
                                                                     TimingKind.UNDETERMINED.label)]


def parse_ids(text: str) -> list[int]:
    """"1,2, 3" → [1, 2, 3]: digits only, each once, in order; anything else is left out."""
    seen = []
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if part.isdigit() and len(part) < 10 and int(part) not in seen:
            seen.append(int(part))
    return seen


class SuggestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number_label} {obj.title}（{obj.raised_at_label}）"


class ToPlanForm(forms.Form):
    suggestions = SuggestionChoiceField(
        queryset=None, label="来源建议", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一件来源建议。",
                        "invalid_choice": "所选建议（{value}）不存在或您无权查看。"},
    )
    title = forms.CharField(label="事项", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages={"required": "请填写事项名称。"})
    form = forms.ChoiceField(label="监督形式", choices=FORM_CHOICES, initial=SupervisionForm.RESEARCH.value)
    focus = forms.CharField(label="重点", max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    year = forms.IntegerField(label="计划年度", min_value=2000, max_value=2100,
                              error_messages={"required": "请填写计划年度。",
                                              "min_value": "计划年度应在 2000 到 2100 之间。",
                                              "max_value": "计划年度应在 2000 到 2100 之间。"})
    plan_kind = forms.ChoiceField(label="列入计划", choices=PlanKind.choices, initial=PlanKind.SUPERVISION.value)
    timing_kind = forms.ChoiceField(label="时间", choices=TIMING_CHOICES, initial=TimingKind.YEAR.value)
    lead_committees = forms.ModelMultipleChoiceField(Committee.objects.none(), label="牵头（负责）委员会",
                                                     required=False)

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestions"].queryset = suggestions
        self.fields["lead_committees"].queryset = Committee.objects.filter(active=True).order_by("order", "pk")
