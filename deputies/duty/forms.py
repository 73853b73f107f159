"""Forms of the duty record: a deputy's declaration (portal), the office's decision, attendance in bulk."""

from django import forms

from core import uploads
from deputies.models import DeclaredActivity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_INPUT = forms.FileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE})


class DeclarationForm(forms.ModelForm):
    """参加培训 / 主题活动 / 向选民述职 / 其他履职, with its date, what was done and a proof file (checked by
    core/uploads.py). The model's clean() refuses a date in the future."""

    class Meta:
        model = DeclaredActivity
        fields = ["kind", "held_on", "title", "text", "proof"]
        widgets = {"held_on": DATE, "text": forms.Textarea(attrs={"rows": 5}), "proof": FILE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proof"].help_text = uploads.lazy_help_text("通知、签到表、照片或述职报告等：")
        self.fields["proof"].required = not (self.instance.pk and self.instance.proof)

    def clean_proof(self):
        upload = self.cleaned_data.get("proof")
        if upload and hasattr(upload, "size"):
            problem = uploads.upload_problem(upload)
            if problem:
                raise forms.ValidationError(problem)
        return upload


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="审核", choices=[("approve", "认定"), ("return", "退回")],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label="退回理由", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}), help_text="退回时必填，代表据此补充或更正")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", "退回时请写明退回理由。")
        return data
