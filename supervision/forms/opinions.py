"""Forms for review opinions, rectification, livelihood projects, inspections and inquiries.

The rules are the models' (their clean(), which a ModelForm runs): the API runs the same ones
(supervision/api/views.py), so the page and the API refuse the same input in the same words.
"""

from django import forms
from django.db.models import Q
from django.utils import timezone

from core import uploads
from core.forms.fields import scoped_formfield
from core.forms.versioned import VersionGuardMixin
from supervision.models import Inspection, LivelihoodProject, Rectification, ReviewOpinion, SpecialInquiry
from supervision.opinions import inspection_choices, record_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Scoped:
    """Choice querysets are built per form instance, inside the request's body scope."""

    def _scope_fields(self):
        for name, queryset in record_choices().items():
            if name in self.fields:
                self.fields[name].queryset = queryset


class OpinionForm(VersionGuardMixin, _Scoped, forms.ModelForm):
    class Meta:
        model = ReviewOpinion
        formfield_callback = scoped_formfield
        fields = ["text", "document", "sent_on", "reporting_body", "committee"]
        widgets = {"sent_on": DATE, "text": forms.Textarea(attrs={"rows": 8, "cols": 80}),
                   "document": forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE})}
        help_texts = {"committee": "留空则取议题的负责工委", "reporting_body": "留空则取议题的汇报单位",
                      "sent_on": "反馈期限按期限规则自动计算"}

    def __init__(self, *args, agenda_item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_fields()
        self.fields["document"].help_text = uploads.help_text()
        if agenda_item is not None:
            self.instance.agenda_item = agenda_item


class ResponseForm(VersionGuardMixin, _Scoped, forms.ModelForm):
    open_rectification = forms.BooleanField(label="据此建立整改记录", required=False)

    class Meta:
        model = ReviewOpinion
        formfield_callback = scoped_formfield
        fields = ["response_on", "response_document", "response_heard_at", "assessment", "assessment_note"]
        # A plain file input: a response report once received is replaced, never cleared.
        widgets = {"response_on": DATE, "assessment_note": forms.Textarea(attrs={"rows": 3, "cols": 80}),
                   "response_document": forms.FileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_fields()
        if "response_document" in self.fields:
            self.fields["response_document"].help_text = uploads.help_text("重新上传将替换原报告；")

    def clean(self):
        """What the browser posts for the report; the dates' and the assessment's rules are ReviewOpinion.clean()'s."""
        data = super().clean()
        if not data.get("response_document") and self.instance.response_document:
            data["response_document"] = self.instance.response_document  # a forged "clear" keeps the report
        return data


class OpinionFileForm(forms.Form):
    """Remove an opinion's file or response report sent by mistake, or replace it with a new one (the shape of
    deputies.suggestions.reply_files.ReplyDocumentForm)."""

    action = forms.ChoiceField(choices=[("remove", "删除"), ("replace", "替换")], error_messages={
        "required": "请选择删除或替换文件。", "invalid_choice": "请选择删除或替换文件。"})
    document = forms.FileField(label="新的文件", required=False, validators=[uploads.validate_upload],
                               widget=forms.FileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}))

    def clean(self):
        data = super().clean()
        if data.get("action") == "replace" and not data.get("document") and "document" not in self.errors:
            self.add_error("document", "请选择新的文件。")
        return data

    def problems(self) -> str:
        return "；".join(
            f"{self.fields[f].label}：{'，'.join(e)}" if f in self.fields and f != "action" else "，".join(e)
            for f, e in self.errors.items()
        )


class RectificationForm(VersionGuardMixin, _Scoped, forms.ModelForm):
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


class LivelihoodProjectForm(VersionGuardMixin, _Scoped, forms.ModelForm):
    class Meta:
        model = LivelihoodProject
        formfield_callback = scoped_formfield
        fields = ["year", "number", "title", "department", "committee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_fields()


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label="报告日期", widget=DATE, initial=timezone.localdate)
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), max_length=4000)


class InspectionForm(VersionGuardMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        formfield_callback = scoped_formfield
        fields = ["year", "title", "laws", "team", "deputies_invited", "deputies", "start_on", "end_on", "plan_item",
                  "report_agenda_item"]
        widgets = {"start_on": DATE, "end_on": DATE, "laws": forms.Textarea(attrs={"rows": 3, "cols": 80}),
                   "team": forms.Textarea(attrs={"rows": 3, "cols": 80}),
                   "deputies_invited": forms.Textarea(attrs={"rows": 3, "cols": 80}),
                   "deputies": forms.SelectMultiple(attrs={"data-multi-select": "输入姓名或代表小组搜索", "size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in inspection_choices().items():
            self.fields[name].queryset = queryset
        self.fields["report_agenda_item"].label_from_instance = lambda a: f"{a.meeting.year} {a.meeting.short_title} · {a.title[:50]}"
        # The roster's serving deputies, and any already linked (who may have left since).
        deputy_model = Inspection._meta.get_field("deputies").related_model
        linked = list(self.instance.deputies.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["deputies"].queryset = deputy_model.objects.filter(
            Q(status="serving") | Q(pk__in=linked)).only("id", "name", "group").order_by("group", "name", "id")
        self.fields["deputies"].label_from_instance = lambda d: f"{d.name}（{d.group}）" if d.group else d.name


class InquiryForm(VersionGuardMixin, forms.ModelForm):
    class Meta:
        model = SpecialInquiry
        formfield_callback = scoped_formfield
        fields = ["askers", "officials", "question_count", "note"]
        widgets = {"askers": forms.Textarea(attrs={"rows": 4, "cols": 60}),
                   "officials": forms.Textarea(attrs={"rows": 4, "cols": 60}),
                   "note": forms.Textarea(attrs={"rows": 3, "cols": 60})}
