from django import forms

from core.forms.fields import MONTH_CHOICES, scoped_formfield
from core.forms.versioned import VersionGuardMixin
from meetings import agenda
from meetings.models import AgendaItem, Meeting


class MeetingForm(VersionGuardMixin, forms.ModelForm):
    """A meeting in the calendar. Its rules (number free in its term and kind, date inside the term...) are the
    model's (Meeting.clean), so the API refuses what the page refuses."""

    class Meta:
        model = Meeting
        fields = agenda.MEETING_FIELDS
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        formfield_callback = scoped_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in agenda.meeting_choices().items():
            self.fields[name].queryset = queryset
        self.fields["planned_month"].widget = forms.Select(choices=MONTH_CHOICES)
        self.fields["number"].help_text = "已按本届同类会议的下一个次序填写，可修改。"


class AgendaItemForm(VersionGuardMixin, forms.ModelForm):
    """An ad-hoc agenda item, or the details of any item."""

    class Meta:
        model = AgendaItem
        fields = agenda.AGENDA_ITEM_FIELDS
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "reporting_bodies": forms.CheckboxSelectMultiple,
            "committees": forms.CheckboxSelectMultiple,
            "plan_items": forms.SelectMultiple(attrs={"size": 6}),
        }
        formfield_callback = scoped_formfield

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in agenda.item_choices(meeting).items():
            self.fields[name].queryset = queryset
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


class OutcomeForm(VersionGuardMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["outcome", "resolution_title", "appointments", "removals"]
        formfield_callback = scoped_formfield
