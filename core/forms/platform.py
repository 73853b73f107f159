"""Forms of the platform administrator's pages: a body's fields, a new body with its first administrator,
and another administrator. The rules themselves live in core.body_setup; the forms put its refusals next
to the field they concern, in Chinese."""

from django import forms
from django.core.exceptions import ValidationError

from core import accounts, body_setup
from core.forms.accounts import MethodField
from core.forms.versioned import VersionGuardMixin
from core.models import Body

TEMPLATE_DEFAULT = ""
TEMPLATE_NONE = "none"


class ParentField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.get_level_display()}"


class BodyForm(VersionGuardMixin, forms.ModelForm):
    """name, area_name, short_name, level, parent: the parent must be above the body's level, and never
    the body itself or one of its lower bodies."""

    parent = ParentField(
        queryset=Body.objects.none(), required=False, label="上级人大常委会", empty_label="（无上级）",
        help_text="可不填；上级的级别必须高于本级（" + body_setup.LEVEL_ORDER_TEXT + "）",
        error_messages={"invalid_choice": "所选的上级人大常委会不存在。"},
    )

    class Meta:
        model = Body
        fields = ["name", "area_name", "short_name", "level", "parent"]
        error_messages = {
            "name": {"required": "请填写名称，如：广州市白云区人大常委会。"},
            "area_name": {"required": "请填写行政区域，如：广州市白云区。"},
            "level": {"required": "请选择级别。", "invalid_choice": "请选择级别：省级、设区的市级、县（区）级或乡镇级。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "请选择")] + list(Body.Level.choices)
        parent = self.fields["parent"]
        parent.queryset = Body.objects.order_by("name")
        # Offer neither the body itself nor its lower bodies; a posted one is refused in clean().
        hidden = set() if self.instance.pk is None else body_setup.descendant_ids(self.instance) | {self.instance.pk}
        offered = sorted((b for b in parent.queryset if b.pk not in hidden),
                         key=lambda b: (body_setup.LEVEL_RANK[b.level], b.name))
        parent.choices = [("", parent.empty_label)] + [(b.pk, parent.label_from_instance(b)) for b in offered]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("请填写名称，如：广州市白云区人大常委会。")
        taken = Body.objects.filter(name=name)
        if self.instance.pk is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(f"名称已存在：已有“{name}”，请换一个名称。")
        return name

    def clean_area_name(self):
        value = self.cleaned_data["area_name"].strip()
        if not value:
            raise ValidationError("请填写行政区域，如：广州市白云区。")
        return value

    def clean_short_name(self):
        return self.cleaned_data["short_name"].strip()

    def clean(self):
        data = super().clean()
        level, parent = data.get("level"), data.get("parent")
        for refusal, field in ((body_setup.cycle_refusal(self.instance, parent), "parent"),
                               (body_setup.parent_refusal(level, parent), "parent"),
                               (body_setup.children_refusal(self.instance, level), "level")):
            if refusal and field not in self.errors:
                self.add_error(field, refusal)
        return data


class AdministratorForm(forms.Form):
    """The administrator to appoint: a new account in the body's 系统管理员 role."""

    admin_name = forms.CharField(label="系统管理员姓名", max_length=150,
                                 error_messages={"required": "请填写系统管理员的姓名。"})
    admin_username = forms.CharField(
        label="登录用户名", max_length=150, help_text="英文字母、数字和 @ . + - _，如：baiyun-admin",
        error_messages={"required": "请填写登录用户名。"})
    method = MethodField()

    def clean_admin_name(self):
        name = self.cleaned_data["admin_name"].strip()
        if not name:
            raise ValidationError("请填写系统管理员的姓名。")
        return name

    def clean_admin_username(self):
        try:
            return accounts.check_username(self.cleaned_data["admin_username"])
        except accounts.AccountError as error:
            raise ValidationError(error.message) from None


class BodyCreateForm(BodyForm):
    """A new body, the committee template to start it with, and its first administrator."""

    template = forms.ChoiceField(label="委员会模板", required=False)
    admin_name = AdministratorForm.base_fields["admin_name"]
    admin_username = AdministratorForm.base_fields["admin_username"]
    method = MethodField()

    clean_admin_name = AdministratorForm.clean_admin_name
    clean_admin_username = AdministratorForm.clean_admin_username

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            self.templates = body_setup.load_templates()
            self.template_problem = ""
        except body_setup.TemplateError as error:
            self.templates, self.template_problem = {}, str(error)
        choices = [(TEMPLATE_DEFAULT, "按所选级别的模板（默认）")] if self.templates else []
        choices += [(level, f"{t.label}模板（{len(t.committees)} 个：{'、'.join(c.short_name for c in t.committees[:4])}"
                            f"{'……' if len(t.committees) > 4 else ''}）") for level, t in self.templates.items()]
        choices.append((TEMPLATE_NONE, "不建立委员会（以后在委员会设置页面逐个添加）"))
        self.fields["template"].choices = choices
        self.fields["template"].initial = TEMPLATE_DEFAULT if self.templates else TEMPLATE_NONE
        self.fields["template"].error_messages["invalid_choice"] = "请选择委员会模板。"
        self.fields["template"].help_text = "按模板建立常用的委员会（含简称、其他写法和专门委员会与工作委员会的对应），建好后可修改。"

    def clean(self):
        data = super().clean()
        choice = data.get("template", TEMPLATE_DEFAULT)
        if choice == TEMPLATE_NONE:
            data["template"] = None
        elif self.template_problem:
            self.add_error("template", f"委员会模板文件有误，暂不能使用：{self.template_problem}。可选“不建立委员会”。")
        elif choice == TEMPLATE_DEFAULT:
            data["template"] = self.templates.get(data.get("level"))
        else:
            data["template"] = self.templates[choice]
        return data
