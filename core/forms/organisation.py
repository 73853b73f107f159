"""Forms of the body administrator's organisation pages: committees, reporting bodies, terms.

Every form is built for one body: its choices list only that body's committees, and its checks
(names, numbers, dates) compare with that body's records only. Other ways of writing a name are
typed as a list of names (one a line, or separated by 、，,;), never as JSON.
"""

import datetime
import re

from django import forms

from core import change_log
from core.forms.fields import scoped_formfield
from core.imports import norm
from core.models import Committee, ReportingBody, Term

NAME_SEPARATORS = re.compile(r"[\n\r、，,;；]+")
STALE = "{what}已被他人修改，请刷新页面查看最新内容后再保存（本次修改未保存）。"
YEAR_MIN, YEAR_MAX = 1949, 2100


def split_names(text) -> list[str]:
    """"A、B\nC" → ["A", "B", "C"]: stripped, empty ones dropped, each once, in the order typed."""
    if isinstance(text, (list, tuple)):
        text = "\n".join(str(t) for t in text)
    names = [n.strip() for n in NAME_SEPARATORS.split(text or "")]
    return list(dict.fromkeys(n for n in names if n))


class NamesField(forms.CharField):
    """A list of names in a textarea: shown one a line, read from lines or 、，,; separated text."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, max_length_each=60, **kwargs):
        self.max_length_each = max_length_each
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        return split_names(super().to_python(value))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        too_long = [n for n in value if len(n) > self.max_length_each]
        if too_long:
            raise forms.ValidationError(f"「{too_long[0]}」过长，每个写法不超过 {self.max_length_each} 个字。")


marker = change_log.version_marker


class VersionedForm(forms.ModelForm):
    """A ModelForm for one body that refuses to overwrite a change saved since the form was opened."""

    version_marker = forms.CharField(widget=forms.HiddenInput, required=False)
    what = "该记录"

    def __init__(self, *args, body, current_marker=None, **kwargs):
        self.body = body
        self.current_marker = current_marker
        super().__init__(*args, **kwargs)
        if current_marker is not None:
            self.fields["version_marker"].initial = current_marker

    def clean(self):
        data = super().clean()
        if self.current_marker is not None and data.get("version_marker") != self.current_marker:
            raise forms.ValidationError(STALE.format(what=self.what), code="stale")
        return data


def _choice_field(field, queryset, message):
    field.queryset = queryset
    field.error_messages["invalid_choice"] = message


class CommitteeForm(VersionedForm):
    aliases = NamesField(
        label="其他写法", max_length_each=60,
        help_text="文件和导入表格中出现的其他写法，每行一个（也可用顿号、逗号分隔），如：财经、财政经济工委。",
    )
    what = "该委员会"

    class Meta:
        model = Committee
        fields = ["name", "short_name", "kind", "paired_with", "aliases", "order", "active"]
        formfield_callback = scoped_formfield
        help_texts = {
            # Examples in the body's own terms would be another body's names on a new body's page.
            "name": "正式名称，与本级文件中的写法一致。",
            "short_name": "本级日常使用的简称，导入计划时也按简称识别。",
            "paired_with": "专门委员会与其对应的工作委员会，如：财经委员会 ↔ 财经工委。只在一方填写即可。",
            "active": "不再使用的委员会请取消勾选（停用），不要删除：已有事项、成员仍指向它。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Committee.objects.filter(body=self.body).order_by("order", "id")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        _choice_field(self.fields["paired_with"], others, "请选择本常委会的委员会，所选委员会不存在或不属于本常委会。")

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_short_name(self):
        return self.cleaned_data["short_name"].strip()

    def clean(self):
        data = super().clean()
        self._check_names(data)
        self._check_pair(data)
        return data

    def _check_names(self, data):
        """Imports find committees by any of their names: no name of this body may name two."""
        others = Committee.objects.filter(body=self.body).only("name", "short_name", "aliases")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        taken = {}
        for other in others:
            for written in other.all_names():
                taken.setdefault(norm(written), other)
        for field in ("name", "short_name", "aliases"):
            value = data.get(field)
            if value is None:
                continue
            for written in value if field == "aliases" else [value]:
                other = taken.get(norm(written))
                if other is not None:
                    self.add_error(field, f"「{written}」已是委员会「{other.name}」（{other.short_name}）的名称或其他写法，"
                                          "同一常委会内各委员会的全称、简称和其他写法不能重复。")
                    break
        # A spelling equal to the committee's own name or short name adds nothing.
        if "aliases" in data and data.get("aliases") is not None:
            own = {norm(data.get("name")), norm(data.get("short_name"))}
            data["aliases"] = [a for a in data["aliases"] if norm(a) not in own]

    def _check_pair(self, data):
        kind, partner = data.get("kind"), data.get("paired_with")
        if kind is None or "paired_with" not in data:
            return
        pointing = None
        if self.instance.pk:
            pointing = Committee.objects.filter(body=self.body, paired_with=self.instance).first()
        if partner is None:
            partner_to_check = pointing
        else:
            partner_to_check = partner
            if pointing is not None and pointing.pk != partner.pk:
                self.add_error("paired_with", f"「{pointing.short_name}」已设置与本委员会对应；"
                                              f"如要改为「{partner.short_name}」，请先在「{pointing.short_name}」中解除对应关系。")
                return
            taken = Committee.objects.filter(body=self.body, paired_with=partner)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            other = taken.first()
            if other is None and partner.paired_with_id and partner.paired_with_id != self.instance.pk:
                other = partner.paired_with
            if other is not None:
                self.add_error("paired_with", f"「{partner.short_name}」已与「{other.short_name}」对应，"
                                              "一个委员会只能有一个对应委员会，请先解除原有对应关系。")
                return
        if partner_to_check is None:
            return
        kinds = {kind, partner_to_check.kind}
        if kinds != {Committee.Kind.SPECIAL, Committee.Kind.WORKING}:
            labels = dict(Committee.Kind.choices)
            field = "paired_with" if partner is not None else "kind"
            self.add_error(field, f"专门委员会只能与工作委员会对应：本委员会是{labels[kind]}，"
                                  f"「{partner_to_check.short_name}」是{labels[partner_to_check.kind]}。")


class ReportingBodyForm(VersionedForm):
    aliases = NamesField(
        label="其他写法", max_length_each=60,
        help_text="文件和导入表格中出现的其他写法，每行一个（也可用顿号、逗号分隔），如简称、全称或旧称。",
    )
    from_year = forms.IntegerField(
        label="设立年度", required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
        help_text="从哪一年起向常委会报告工作；不填表示一直存在。",
    )
    to_year = forms.IntegerField(
        label="撤销年度", required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
        help_text="机构撤并时填写最后存在的年度，不要删除该单位：已有事项、建议仍指向它。",
    )
    what = "该报告单位"

    class Meta:
        model = ReportingBody
        fields = ["name", "aliases", "kind", "liaison_committee", "order"]
        formfield_callback = scoped_formfield
        help_texts = {"name": "正式名称，与本级文件中的写法一致。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _choice_field(
            self.fields["liaison_committee"],
            Committee.objects.filter(body=self.body).order_by("order", "id"),
            "请选择本常委会的委员会，所选委员会不存在或不属于本常委会。",
        )
        if self.instance.pk:
            self.fields["from_year"].initial = self.instance.valid_from.year if self.instance.valid_from else None
            self.fields["to_year"].initial = self.instance.valid_to.year if self.instance.valid_to else None

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("from_year"), data.get("to_year")
        if start and end and end < start:
            self.add_error("to_year", f"撤销年度（{end}）不能早于设立年度（{start}）。")
            return data
        data["valid_from"] = self._date(self.instance.valid_from, start, 1, 1)
        data["valid_to"] = self._date(self.instance.valid_to, end, 12, 31)
        if data.get("name") is not None and data.get("aliases") is not None:
            self._check_names(data)
        return data

    @staticmethod
    def _date(saved, year, month, day):
        """A year as a date; an unchanged year keeps the exact date already saved."""
        if year is None:
            return None
        if saved is not None and saved.year == year:
            return saved
        return datetime.date(year, month, day)

    def _check_names(self, data):
        """Imports find units by name or other spelling: no two units existing in the same year share one."""
        others = ReportingBody.objects.filter(body=self.body).only("name", "aliases", "valid_from", "valid_to")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        start, end = data["valid_from"], data["valid_to"]
        for other in others:
            if not _overlap(start, end, other.valid_from, other.valid_to):
                continue
            names = {norm(n): n for n in [other.name, *other.aliases]}
            for field, values in (("name", [data["name"]]), ("aliases", data["aliases"])):
                clash = next((v for v in values if norm(v) in names), None)
                if clash:
                    self.add_error(field, f"「{clash}」已是报告单位「{other.name}」（{years_label(other)}）的名称或其他写法，"
                                          "同时存在的报告单位不能重名；如是机构撤并，请先给旧单位填写撤销年度。")
                    return
        own = norm(data["name"])
        data["aliases"] = [a for a in data["aliases"] if norm(a) != own]

    def save(self, commit=True):
        self.instance.valid_from = self.cleaned_data["valid_from"]
        self.instance.valid_to = self.cleaned_data["valid_to"]
        return super().save(commit)


def years_label(unit) -> str:
    start = f"{unit.valid_from.year} 年" if unit.valid_from else ""
    end = f"{unit.valid_to.year} 年" if unit.valid_to else ""
    if not start and not end:
        return "长期"
    return f"{start or '…'}—{end or '至今'}"


def _overlap(start_a, end_a, start_b, end_b) -> bool:
    """Do two periods share a day? None means open on that side."""
    lo, hi = datetime.date.min, datetime.date.max
    return (start_a or lo) <= (end_b or hi) and (start_b or lo) <= (end_a or hi)


class TermForm(VersionedForm):
    what = "该届次"

    class Meta:
        model = Term
        fields = ["number", "start", "end", "standing_meetings_before", "chairpersons_meetings_before"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"number": "如第十七届填 17。", "end": "尚未届满可不填。"}

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number is not None and number < 1:
            raise forms.ValidationError("届次应为正整数。")
        same = Term.objects.filter(body=self.body, number=number)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(f"第 {number} 届已经存在。")
        return number

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", "届满日期应晚于起始日期。")
            return data
        if start:
            others = Term.objects.filter(body=self.body)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            for other in others:
                if _overlap(start, end, other.start, other.end):
                    until = other.end.isoformat() if other.end else "尚未填写届满日期"
                    self.add_error("start", f"任期与{other}（{other.start.isoformat()} 至 {until}）重叠，"
                                            "同一常委会的各届任期不能重叠；如上一届已届满，请先填写其届满日期。")
                    break
        return data
