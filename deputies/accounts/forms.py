"""The form of the deputies' accounts page."""

from django import forms

from core.forms.accounts import MethodField


class CreateDeputyAccountsForm(forms.Form):
    deputies = forms.ModelMultipleChoiceField(
        queryset=None, label="代表", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一位代表。", "invalid_choice": "所选代表不在本级在任代表名册中。",
                        "invalid_pk_value": "所选代表不在本级在任代表名册中。"})
    method = MethodField()

    def __init__(self, *args, deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies
