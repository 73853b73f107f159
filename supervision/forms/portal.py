"""Forms of the handling unit's portal for supervision: the response report to a review opinion,
and a rectification progress note.

A unit submits what the office records for it on the staff page (supervision.forms.opinions
.ResponseForm): the date of its response and the report. The model keeps no response text, so
the report is the document. What the committee decides (the meeting that hears it, the
assessment, opening a rectification) is not on the unit's form.
"""

import hashlib

from django import forms
from django.core.exceptions import ValidationError

from core import uploads
from supervision.forms.opinions import NoteForm, ResponseForm

STALE_PAGE = "页面缺少版本信息，请刷新页面后再提交。"
STALE_OPINION = "该审议意见的反馈情况已被他人更新，请查看最新内容后再操作。"


def response_version(opinion) -> str:
    """A fingerprint of what the unit's form changes and what the committee decides on it: the page
    posts the one it was shown with, and a changed opinion refuses the form (two contacts of the unit,
    or the committee assessing meanwhile). ReviewOpinion keeps no version number of its own."""
    parts = (opinion.sent_on, opinion.due_on, opinion.response_on, opinion.response_document.name or "",
             opinion.response_heard_at_id, opinion.assessment, opinion.assessment_note)
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


class UnitResponseForm(ResponseForm):
    """The unit's response report. The report is required once and never removed here: the file input
    has no 清除 box (a new upload replaces it), and the page links the current report through the
    portal's own download view (the media URL is not the unit's to open)."""

    open_rectification = None  # the committee's decision, not the unit's
    version_guard = False  # its own `version` below guards what the unit changes
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta(ResponseForm.Meta):
        fields = ["response_on", "response_document"]
        labels = {"response_on": "反馈日期", "response_document": "反馈报告"}
        help_texts = {"response_on": "本单位报送反馈报告的日期（不能晚于今天）"}
        error_messages = {"response_on": {"required": "请填写反馈日期。"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale = False
        if not self.is_bound:
            self.initial["version"] = response_version(self.instance)
        self.fields["response_on"].required = True
        document = self.fields["response_document"]
        document.widget = forms.FileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE})
        if self.instance.response_document:
            document.help_text = "已有反馈报告；重新上传将替换原报告，不上传则保留原报告。" + uploads.help_text()
        else:
            document.help_text = uploads.help_text("研究处理情况的报告：")
            document.required = True
            document.error_messages["required"] = "请上传反馈报告。"

    def clean_response_document(self):
        upload = self.cleaned_data.get("response_document")
        if upload is False or (not upload and self.instance.response_document):
            # Never cleared: the report stays until a new one replaces it.
            return self.instance.response_document
        return uploads.checked(upload)  # type, content and size (the model field checks the same when saved)

    def clean(self):
        data = super().clean()
        shown = data.get("version")
        if not shown:
            raise ValidationError(STALE_PAGE)
        if shown != response_version(self.instance):
            self.stale = True
            raise ValidationError(STALE_OPINION)
        if not data.get("response_document") and "response_document" not in self.errors:
            self.add_error("response_document", "请上传反馈报告。")
        return data


class UnitNoteForm(NoteForm):
    """A progress note, as the staff page's NoteForm, with the unit's wording."""

    text = forms.CharField(label="整改进展", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "请填写整改进展。"},
                           help_text="本单位的整改措施和进展，跟踪委员会可以看到")
