"""Forms of the thread pages; the checks themselves are in deputies/threads/actions.py."""

from django import forms
from django.utils import timezone

from core.models import Committee
from deputies.models import Suggestion


def _suggestions():
    return Suggestion.objects.exclude(status="draft").order_by("-year", "number", "pk")


class ThreadForm(forms.Form):
    title = forms.CharField(label="线索名称", max_length=200, help_text="如：某街道长者饭堂（连续三年提出）")
    note = forms.CharField(label="内部备注", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="只有常委会工作人员看得到")
    suggestions = forms.ModelMultipleChoiceField(label="建议", queryset=Suggestion.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple,
                                                 error_messages={"required": "请至少勾选两条建议。",
                                                                 "invalid_choice": "所选建议不存在。"})

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestions"].queryset = _suggestions()
        labels = {s.pk: f"{s.year}年 {s.number_label} {s.title}" for s in candidates}
        self.fields["suggestions"].choices = list(labels.items())

    def clean_suggestions(self):
        return self.cleaned_data["suggestions"]


class AddMembersForm(forms.Form):
    suggestions = forms.ModelMultipleChoiceField(label="加入建议", queryset=Suggestion.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple,
                                                 error_messages={"required": "请勾选要加入的建议。",
                                                                 "invalid_choice": "所选建议不存在。"})

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestions"].queryset = _suggestions()
        self.fields["suggestions"].choices = [(s.pk, f"{s.year}年 {s.number_label} {s.title}") for s in candidates]


class RemoveMemberForm(forms.Form):
    suggestion = forms.ModelChoiceField(label="建议", queryset=Suggestion.objects.none(),
                                        error_messages={"required": "请选择要移出的建议。",
                                                        "invalid_choice": "该建议不在本线索中。"})

    def __init__(self, *args, thread=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestion"].queryset = Suggestion.objects.filter(thread_member__thread=thread)


class SupervisionForm(forms.Form):
    committee = forms.ModelChoiceField(label="督办委员会", queryset=Committee.objects.none(), empty_label="请选择",
                                       error_messages={"required": "请选择督办委员会。",
                                                       "invalid_choice": "所选委员会不存在。"})
    leader = forms.CharField(label="督办领导", max_length=60, required=False)
    since = forms.DateField(label="确定日期", widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": "请填写确定日期。", "invalid": "确定日期格式应为 2023-03-01。"})
    requirement = forms.CharField(label="督办要求", max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("since", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(active=True).order_by("order", "pk")


class NoteForm(forms.Form):
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}),
                         error_messages={"required": "请填写日期。", "invalid": "日期格式应为 2023-06-15。"})
    text = forms.CharField(label="督办进展", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "请填写督办进展。"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
