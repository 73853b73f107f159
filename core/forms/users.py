"""Forms of the body administrator's users page: one staff user (add, edit) and the workbook import.

The forms only read the input; core.staff_users decides, and its AccountError is put back next to
the field it names. The committee choices are the body's own, set per form instance.
"""

from django import forms

from core.forms.accounts import MethodField
from core.imports import max_upload_bytes
from core.staff_users import STAFF_ROLES

ROLE_CHOICES = [(role, role) for role in STAFF_ROLES]
NOT_OURS = "所选委员会不是本级的委员会：%(value)s。"
ID_DIGITS = 18  # below 2**63: any longer number is no committee's id, on any database


class BodyCommitteesField(forms.ModelMultipleChoiceField):
    """The body's committees by id; anything not a plausible id is refused as a wrong choice, not
    looked up (a huge number overflows SQLite's integers, a word is no id)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not text.isdigit() or len(text) > ID_DIGITS:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": text[:40]})
        return super()._check_values(value)


def _committee_field(label, **kwargs):
    return BodyCommitteesField(
        queryset=None, label=label, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": NOT_OURS, "invalid_pk_value": NOT_OURS}, **kwargs)


class StaffUserForm(forms.Form):
    """Name, roles and committees (each member or lead); on adding, also username and hand-over method;
    on editing, also active and the version marker of the state the form was opened on."""

    name = forms.CharField(label="姓名", max_length=150, error_messages={"required": "请填写姓名。"})
    username = forms.CharField(
        label="登录用户名", max_length=150, help_text="英文字母、数字或 @ . + - _（不能用汉字），如：zhangsan",
        error_messages={"required": "请填写登录用户名。"})
    roles = forms.MultipleChoiceField(
        label="角色", choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个角色。", "invalid_choice": "角色“%(value)s”不是工作人员的角色。"})
    committees = _committee_field("所在委员会")
    lead_committees = _committee_field("担任负责人的委员会", help_text="负责人同时是该委员会的成员。")
    active = forms.BooleanField(label="在用", required=False, help_text="停用后不能登录，需要时可再启用。")
    method = MethodField()
    version_marker = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, committees=None, editing=False, current_marker="", **kwargs):
        super().__init__(*args, **kwargs)
        self.editing, self.current_marker = editing, current_marker
        self.committee_list = list(committees)
        for name in ("committees", "lead_committees"):
            self.fields[name].queryset = committees
        if editing:
            del self.fields["username"], self.fields["method"]
        else:
            del self.fields["active"], self.fields["version_marker"]

    def clean(self):
        data = super().clean()
        if self.editing and data.get("version_marker", "") != self.current_marker:
            raise forms.ValidationError("该用户已被他人修改（或本页面已过时），为免覆盖他人的修改，本次没有保存。"
                                        "请刷新页面查看最新情况后再修改。")
        members = list(data.get("committees") or [])
        leads = list(data.get("lead_committees") or [])
        lead_ids = {c.pk for c in leads}
        chosen = {c.pk: c for c in members + leads}
        data["committee_pairs"] = [(c, c.pk in lead_ids) for c in self.committee_list if c.pk in chosen]
        return data

    def committee_rows(self) -> list[dict]:
        """One row per committee of the body: is the user in it, and as its lead (as posted or as saved)."""
        def ids(name):
            value = self[name].value() or []
            return {str(v.pk if hasattr(v, "pk") else v) for v in value}

        members, leads = ids("committees"), ids("lead_committees")
        return [{"committee": c, "member": str(c.pk) in members or str(c.pk) in leads, "lead": str(c.pk) in leads}
                for c in self.committee_list]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="工作簿（.xlsx）",
        help_text=f"Excel 文件（.xlsx），不超过 {max_upload_bytes() // 1024 // 1024} MB；表头为 姓名、用户名、角色、委员会、是否负责人。",
        error_messages={"required": "请选择要导入的 Excel 工作簿（.xlsx）。", "empty": "上传的文件是空的，请重新选择。"})
    method = MethodField()


class ImportConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "缺少要确认的文件，请重新上传。"})
