"""Forms of the satisfaction evaluation pages (the batch grid is read in evaluations_views)."""

from django import forms

from meetings.models import AgendaItem, Meeting
from supervision.evaluations import SOURCES, evaluable_items, later_meetings


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item):
        return f"{item.meeting.year} 年{item.meeting.short_title} · {item.order}. {item.title[:50]}"


class EvaluationCreateForm(forms.Form):
    agenda_item = AgendaItemChoiceField(AgendaItem.objects.none(), label="议题")
    source = forms.ChoiceField(label="测评对象", choices=SOURCES, widget=forms.RadioSelect)
    report_label = forms.CharField(
        label="测评对象名称", max_length=200, required=False, help_text="仅“对报告本身测评”使用；留空则用议题名称"
    )
    title = forms.CharField(label="测评名称", max_length=200, required=False, help_text="留空则为“第某次会议满意度测评”")
    held_on = forms.DateField(label="测评日期", required=False, help_text="留空则为会议日期",
                              widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: the scoped manager needs the body's scope.
        self.fields["agenda_item"].queryset = evaluable_items()


class NewReportForm(forms.Form):
    meeting = forms.ModelChoiceField(Meeting.objects.none(), label="列入会议")

    def __init__(self, *args, rectification=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = later_meetings(rectification)
