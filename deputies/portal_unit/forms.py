"""Forms of the handling unit's portal: the unit's own steps on a suggestion assigned to it.

None of them names a unit, a due date or an assignment: the unit is always the contact's own
(core.external.my_unit) and the dates the office set are not the unit's to change.
Dates a unit does not choose (signing for, asking) are today. Each form posts the suggestion's
version; deputies.suggestions.lifecycle refuses a stale one.
"""

from django import forms
from django.utils import timezone

from core import uploads
from deputies.models import Contact
from deputies.models.suggestions import ReplyClass
from deputies.suggestions.forms import DATE, FILE_INPUT, _check_upload

STALE_PAGE = "页面缺少版本信息，请刷新页面后再提交。"


class _Versioned(forms.Form):
    """The suggestion's version when the page was shown; required, so that no step skips the check."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("version") is None and "version" not in self.errors:
            raise forms.ValidationError(STALE_PAGE)
        return data


class SignForm(_Versioned):
    """签收 today; nothing to type."""


class ReassignForm(_Versioned):
    reason = forms.CharField(label="申请理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "请说明申请调整承办单位的理由。"},
                             help_text="说明为什么不宜由本单位办理")
    suggested_unit = forms.CharField(label="建议改由", max_length=100, required=False,
                                     help_text="可填写建议改由哪个单位办理，由常委会办公室决定")


class CoInputForm(_Versioned):
    input_text = forms.CharField(label="协办意见", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
                                 error_messages={"required": "请填写协办意见。"},
                                 help_text="提交后主办单位即可看到")


class ContactForm(_Versioned):
    stage = forms.ChoiceField(label="沟通阶段", choices=[("", "请选择")] + Contact.Stage.choices,
                              error_messages={"required": "请选择沟通阶段（办前、办中、办结）。"})
    way = forms.ChoiceField(label="沟通方式", choices=[("", "请选择")] + Contact.Way.choices,
                            error_messages={"required": "请选择沟通方式。"})
    contacted_on = forms.DateField(label="沟通日期", widget=DATE, initial=timezone.localdate,
                                   error_messages={"required": "请填写沟通日期。"})
    note = forms.CharField(label="沟通情况", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionForm(_Versioned):
    requested_due_on = forms.DateField(label="申请延期至", widget=DATE,
                                       error_messages={"required": "请填写申请延期至的日期。"})
    reason = forms.CharField(label="延期理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "请说明申请延期的理由。"})


class ReplyForm(_Versioned):
    reply_class = forms.ChoiceField(label="答复类别", choices=[("", "请选择")] + ReplyClass.choices,
                                    error_messages={"required": "请选择答复类别（A、B、C、D）。"})
    replied_on = forms.DateField(label="答复日期", widget=DATE, initial=timezone.localdate,
                                 help_text="今天，或本轮办理开始后的较早日期",
                                 error_messages={"required": "请填写答复日期。"})
    text = forms.CharField(label="答复内容", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    document = forms.FileField(label="答复函", required=False, widget=FILE_INPUT,
                               help_text=uploads.lazy_help_text("盖章的答复函扫描件或文档："))

    def clean_document(self):
        return _check_upload(self.cleaned_data.get("document"))

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("document") and not self.errors:
            raise forms.ValidationError("请填写答复内容或上传答复函。")
        return data
