"""The body's deadline rules as a page: the office reads them, administrators change them.

Each change is kept in the admin log (who, when, each field from → to), shown under the form.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from core import change_log
from core.models import BodyRules
from core.models.rules import DUTY_POINT_WEIGHTS, DUTY_RULE_FIELDS, UNIT_EVALUATION_WEIGHTS
from core.roles import ADMINISTRATOR, has_role, is_director, is_office
from core.rules import rules_for

GROUPS = [
    ("会议材料时间节点（会前天数）", ["research_start_days", "findings_days", "report_draft_days",
                           "committee_answer_days", "revised_report_days", "materials_days"]),
    ("满意度测评", ["evaluation_rule", "evaluation_threshold", "evaluation_basic_threshold"]),
    ("审议意见与整改", ["opinion_response_months", "rectification_months"]),
    ("代表建议办理", ["suggestion_reply_months", "suggestion_max_months", "co_unit_input_months",
                "rehandle_reply_months", "suggestion_sign_days", "suggestion_soon_due_days",
                "contact_target_percent", "in_person_target_percent"]),
    ("建议办理工作评价（各项权重）", ["unsatisfied_report_days", *UNIT_EVALUATION_WEIGHTS]),
    ("代表联络站", ["reception_target"]),
    ("代表履职积分（每次分值、扣分和年度最低活动次数）", DUTY_RULE_FIELDS),
]


class RulesForm(forms.ModelForm):
    version_marker = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BodyRules
        fields = [name for _, names in GROUPS for name in names]

    def clean(self):
        data = super().clean()
        if data.get("suggestion_max_months") and data.get("suggestion_reply_months"):
            if data["suggestion_max_months"] < data["suggestion_reply_months"]:
                self.add_error("suggestion_max_months", "延期后最长办理期限不能短于答复期限。")
        basic, full = data.get("evaluation_basic_threshold"), data.get("evaluation_threshold")
        if basic and full and basic > full:
            self.add_error("evaluation_basic_threshold", "基本满意门槛不能高于满意门槛。")
        weights = [data.get(name) for name in UNIT_EVALUATION_WEIGHTS]
        if all(w is not None for w in weights) and sum(weights) == 0:
            self.add_error("weight_satisfaction", "建议办理工作评价的各项权重不能全部为 0。")
        duty = [data.get(name) for name in DUTY_POINT_WEIGHTS]
        if all(w is not None for w in duty) and sum(duty) == 0:
            self.add_error("duty_points_reception", "代表履职积分的各项分值不能全部为 0。")
        # A stale form (someone saved in between) must not silently undo their change.
        if data.get("version_marker") and data["version_marker"] != _marker(self.instance_before):
            raise forms.ValidationError("期限规则已被他人修改，请刷新页面查看最新设置后再保存。")
        return data


_marker = change_log.version_marker


def can_edit_rules(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, ADMINISTRATOR))


def can_read_rules(user) -> bool:
    """The office, directors and administrators read the rules (the page, and its link in the header)."""
    return is_office(user) or is_director(user) or can_edit_rules(user)


def rules_page(request):
    user = request.user
    if not can_read_rules(user):
        raise PermissionDenied("只有办公室、主任会议成员和系统管理员可以查看期限规则。")
    body = request.renda_body
    if body is None:
        raise PermissionDenied("您的账号未归属任何人大常委会，不能查看期限规则。")
    rules = rules_for(body)
    editable = can_edit_rules(user)
    if request.method == "POST" and not editable:
        raise PermissionDenied("只有系统管理员可以修改期限规则。")
    fields = RulesForm.Meta.fields
    before = {name: getattr(rules, name) for name in fields}
    form = RulesForm(request.POST or None, instance=rules, initial={"version_marker": _marker(before)})
    form.instance_before = before
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        changed = {name: (before[name], form.cleaned_data[name]) for name in fields
                   if before[name] != form.cleaned_data[name]}
        if changed:
            form.save()
            labels = {name: str(BodyRules._meta.get_field(name).verbose_name) for name in changed}
            LogEntry.objects.log_actions(
                user_id=user.pk, queryset=BodyRules.objects.filter(pk=rules.pk), action_flag=CHANGE,
                change_message="；".join(f"{labels[n]}：{old} → {new}" for n, (old, new) in changed.items()),
                single_object=True,
            )
            note = "新的期限只用于此后交办、送交的事项。"
            if set(changed) & set(UNIT_EVALUATION_WEIGHTS):
                note += "新的权重用于尚未定稿年度的建议办理工作评价，已定稿的年度结果不变。"
            if set(changed) & set(DUTY_RULE_FIELDS):
                note += "新的积分规则用于尚未定稿年度的代表履职积分，已定稿的年度结果不变。"
            messages.success(request, f"已保存 {len(changed)} 项设置。{note}")
        else:
            messages.info(request, "没有修改任何设置。")
        return redirect("body-rules")
    groups = [(title, [form[name] for name in names]) for title, names in GROUPS]
    history = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(BodyRules), object_id=str(rules.pk)
    ).select_related("user").order_by("-action_time")[:20]
    return render(request, "settings/rules.html", {
        "form": form, "groups": groups, "editable": editable, "history": history,
    })
