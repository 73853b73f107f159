from django import forms

from core.forms.fields import MONTH_CHOICES, scoped_formfield
from core.models import Committee, ReportingBody, Term
from meetings.models import AgendaItem, Meeting
from plans.models import PlanItem


class MeetingForm(forms.ModelForm):
    """A meeting in the calendar: the number must be free in its term and kind, the date inside the term."""

    class Meta:
        model = Meeting
        fields = ["kind", "term", "number", "year", "planned_month", "date", "place", "status"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        formfield_callback = scoped_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

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
