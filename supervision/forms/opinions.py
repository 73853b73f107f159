"""Forms for review opinions, rectification, livelihood projects, inspections and inquiries."""

from django import forms
from django.utils import timezone

from core.forms.fields import scoped_formfield
from core.models import Committee, ReportingBody
from meetings.models import AgendaItem, Meeting
from plans.models import PlanItem, SupervisionForm
from supervision.models import Inspection, LivelihoodProject, Rectification, ReviewOpinion, SpecialInquiry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Scoped:
    """Choice querysets are built per form instance, inside the request's body scope."""

    def _scope_fields(self):
        for name, queryset in {
            "committee": Committee.objects.filter(active=True).order_by("order", "pk"),
            "reporting_body": ReportingBody.objects.order_by("order", "pk"),
            "department": ReportingBody.objects.order_by("order", "pk"),
            "response_heard_at": Meeting.objects.select_related("term").order_by("-year", "kind", "number"),
        }.items():
            if name in self.fields:
                self.fields[name].queryset = queryset


class OpinionForm(_Scoped, forms.ModelForm):
    class Meta:
        model = ReviewOpinion
        formfield_callback = scoped_formfield
        fields = ["text", "document", "sent_on", "reporting_body", "committee"]
        widgets = {"sent_on": DATE, "text": forms.Textarea(attrs={"rows": 8, "cols": 80})}
        help_texts = {"committee": "留空则取议题的负责工委", "reporting_body": "留空则取议题的汇报单位",
                      "sent_on": "反馈期限按期限规则自动计算"}

    def __init__(self, *args, agenda_item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_fields()
        if agenda_item is not None:
            self.instance.agenda_item = agenda_item

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("document"):
            raise forms.ValidationError("请填写审议意见或上传文件。")
        return data


class ResponseForm(_Scoped, forms.ModelForm):
    open_rectification = forms.BooleanField(label="据此建立整改记录", required=False)

    class Meta:
        model = ReviewOpinion
        formfield_callback = scoped_formfield
        fields = ["response_on", "response_document", "response_heard_at", "assessment", "assessment_note"]
        # A plain file input: a response report once received is replaced, never cleared.
        widgets = {"response_on": DATE, "assessment_note": forms.Textarea(attrs={"rows": 3, "cols": 80}),
                   "response_document": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_fields()

    def clean(self):
        data = super().clean()
        if not data.get("response_document") and self.instance.response_document:
            data["response_document"] = self.instance.response_document  # a forged "clear" keeps the report
        response_on = data.get("response_on")
        sent_on = self.instance.sent_on
        if response_on and sent_on and response_on < sent_on:
            self.add_error("response_on", f"反馈日期早于送交日期（{sent_on:%Y-%m-%d}）。")
        if response_on and response_on > timezone.localdate():
            self.add_error("response_on", "反馈日期不能晚于今天。")
        if data.get("assessment") and not response_on:
            self.add_error("assessment", "收到反馈后才能评价。")
        return data


class RectificationForm(_Scoped, forms.ModelForm):
    class Meta:
        model = Rectification
        formfield_callback = scoped_formfield
        fields = ["source", "what", "reporting_body", "committee", "due_on"]
        widgets = {"due_on": DATE, "what": forms.Textarea(attrs={"rows": 4, "cols": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_fields()


class NoteForm(forms.Form):
    text = forms.CharField(label="进展", widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), max_length=2000)


class CloseForm(forms.Form):
    closed_on = forms.DateField(label="完成日期", widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label="说明", required=False, max_length=2000)


class FollowLinkForm(forms.Form):
    opinions = forms.ModelMultipleChoiceField(
        label="跟踪的审议意见", queryset=ReviewOpinion.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan_item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinions"].queryset = (
            ReviewOpinion.objects.filter(agenda_item__meeting__year__lt=plan_item.year)
            .select_related("agenda_item__meeting__term").order_by("-agenda_item__meeting__year", "agenda_item__meeting__number", "agenda_item__order")
        )
        self.fields["opinions"].label_from_instance = lambda o: f"{o.agenda_item.meeting.year} {o.agenda_item.meeting.short_title} · {o.agenda_item.title}"


class LivelihoodProjectForm(_Scoped, forms.ModelForm):
    class Meta:
        model = LivelihoodProject
        formfield_callback = scoped_formfield
        fields = ["year", "number", "title", "department", "committee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_fields()

    def clean(self):
        data = super().clean()
        body = self.instance.body
        clash = LivelihoodProject.objects.filter(body=body, year=data.get("year"), number=data.get("number"))
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        # `is not None`: 0 is a number too, and a clash on it would break the unique constraint.
        if data.get("year") is not None and data.get("number") is not None and clash.exists():
            self.add_error("number", f"{data['year']} 年已有第 {data['number']} 项。")
        return data


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label="报告日期", widget=DATE, initial=timezone.localdate)
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), max_length=4000)


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        formfield_callback = scoped_formfield
        fields = ["year", "title", "laws", "team", "deputies_invited", "start_on", "end_on", "plan_item",
                  "report_agenda_item"]
        widgets = {"start_on": DATE, "end_on": DATE, "laws": forms.Textarea(attrs={"rows": 3, "cols": 80}),
                   "team": forms.Textarea(attrs={"rows": 3, "cols": 80}),
                   "deputies_invited": forms.Textarea(attrs={"rows": 3, "cols": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_item"].queryset = PlanItem.objects.filter(form=SupervisionForm.INSPECTION).order_by("-year", "pk")
        self.fields["report_agenda_item"].queryset = AgendaItem.objects.select_related("meeting__term").order_by(
            "-meeting__year", "meeting__number", "order")
        self.fields["report_agenda_item"].label_from_instance = lambda a: f"{a.meeting.year} {a.meeting.short_title} · {a.title[:50]}"

    def clean(self):
        data = super().clean()
        if data.get("start_on") and data.get("end_on") and data["end_on"] < data["start_on"]:
            self.add_error("end_on", "结束日期早于开始日期。")
        return data


class InquiryForm(forms.ModelForm):
    class Meta:
        model = SpecialInquiry
        formfield_callback = scoped_formfield
        fields = ["askers", "officials", "question_count", "note"]
        widgets = {"askers": forms.Textarea(attrs={"rows": 4, "cols": 60}),
                   "officials": forms.Textarea(attrs={"rows": 4, "cols": 60}),
                   "note": forms.Textarea(attrs={"rows": 3, "cols": 60})}
