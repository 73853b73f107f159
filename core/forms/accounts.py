"""Forms of the account pages: the first password, changing it, and the office's account pages.

The forms only read the input; core.accounts decides and its AccountError is put back next to
the field it names. Choice querysets are set per form instance, inside the request's body scope.
"""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm

from core.accounts import AccountError, password_set
from core.models import AccountSetup

METHOD_CHOICES = [
    (AccountSetup.Method.LINK, "一次性链接（本人打开链接自行设置密码）"),
    (AccountSetup.Method.PASSWORD, "初始密码（首次登录后须修改）"),
]


def add_account_error(form, error: AccountError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class MethodField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label="发放方式", choices=METHOD_CHOICES, initial=AccountSetup.Method.LINK,
                         widget=forms.RadioSelect, error_messages={"required": "请选择发放方式。",
                                                                   "invalid_choice": "请选择发放方式。"}, **kwargs)


class SetupPasswordForm(SetPasswordForm):
    """The page the one-time link opens: the person's own password, then the link is spent."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        password_set(user)
        return user


SAME_PASSWORD = "新密码不能与原密码（包括常委会办公室发放的初始密码）相同，请设置一个新的密码。"


class AccountPasswordChangeForm(PasswordChangeForm):
    """One's own password; the new one must differ from the one it replaces (an initial password most of all)."""

    def clean(self):
        data = super().clean()
        new = data.get("new_password1")
        if new and "new_password1" not in self.errors and self.user.check_password(new):
            self.add_error("new_password1", SAME_PASSWORD)
        return data


class IssueForm(forms.Form):
    method = MethodField()


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(choices=[("1", "启用"), ("0", "停用")], coerce=lambda v: v == "1",
                                    error_messages={"required": "请选择启用或停用。"})


class UnitContactForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="单位", empty_label="请选择",
                                  error_messages={"required": "请选择单位。",
                                                  "invalid_choice": "所选单位不是本级的承办单位。"})
    level = forms.ChoiceField(label="层级", error_messages={"required": "请选择层级。"})
    name = forms.CharField(label="姓名", max_length=40, error_messages={"required": "请填写联系人姓名。"})
    title = forms.CharField(label="职务", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    username = forms.CharField(label="登录用户名", max_length=150, help_text="英文字母、数字或 @ . + - _（不能用汉字），如：fgj-zhangsan",
                               error_messages={"required": "请填写登录用户名。"})
    method = MethodField()

    def __init__(self, *args, units=None, **kwargs):
        from core.models import UnitContact

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["level"].choices = [("", "请选择"), *UnitContact.Level.choices]
        self.fields["level"].initial = UnitContact.Level.HANDLER
