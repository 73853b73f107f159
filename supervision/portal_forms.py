"""Forms of the handling unit's portal for supervision: the response report to a review opinion,
and a rectification progress note.

A unit submits what the office records for it on the staff page (supervision.opinion_forms
.ResponseForm): the date of its response and the report. The model keeps no response text, so
the report is the document. What the committee decides (the meeting that hears it, the
assessment, opening a rectification) is not on the unit's form.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from supervision.opinion_forms import NoteForm, ResponseForm

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UnitResponseForm(ResponseForm):
    open_rectification = None  # the committee's decision, not the unit's

    class Meta(ResponseForm.Meta):
        fields = ["response_on", "response_document"]
        labels = {"response_on": "反馈日期", "response_document": "反馈报告"}
        help_texts = {"response_on": "本单位报送反馈报告的日期（不能晚于今天）",
                      "response_document": "研究处理情况的报告，不超过 20 MB"}
        error_messages = {"response_on": {"required": "请填写反馈日期。"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response_on"].required = True
        if not self.instance.response_document:
            self.fields["response_document"].required = True
            self.fields["response_document"].error_messages["required"] = "请上传反馈报告。"

    def clean_response_document(self):
        upload = self.cleaned_data.get("response_document")
        if isinstance(upload, UploadedFile) and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("文件不能超过 20 MB。")
        return upload


class UnitNoteForm(NoteForm):
    """A progress note, as the staff page's NoteForm, with the unit's wording."""

    text = forms.CharField(label="整改进展", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "请填写整改进展。"},
                           help_text="本单位的整改措施和进展，跟踪委员会可以看到")
