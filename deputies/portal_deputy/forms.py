"""Forms of the deputy's portal: a draft suggestion, the deputy's steps on it, a reception of their own.

Like the staff forms (deputies/suggestions/forms.py), they only read and type the input: deputies.suggestions.online
and deputies.suggestions.lifecycle decide whether a step is allowed, and their LifecycleError is put back on the
form next to the field it names (`add_lifecycle_error`). Each step posts the suggestion's version.

The co-signer and fellow-deputy pickers show names and 代表小组 only: deputies see each other's
names on the roster, never phone numbers, addresses or roster codes.
"""

from django import forms
from django.utils import timezone

from core import uploads
from core.forms.fields import scoped_formfield
from core.models import Term
from deputies.models import Deputy, Reception
from deputies.models.suggestions import FeedbackResult
from deputies.roster.forms import DeputyPicker, ReceptionForm, kind_rank, station_label, stations_queryset
from deputies.suggestions.forms import FILE_INPUT, VersionMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.TextInput(attrs={"class": "pd-wide"})


def _label(deputy) -> str:
    return f"{deputy.name}（{deputy.group}）" if deputy.group else deputy.name


def fellow_deputies(me):
    """The body's serving deputies other than me: whom I may ask to co-sign or name at a reception."""
    return Deputy.objects.filter(status=Deputy.Status.SERVING).exclude(pk=me.pk).defer("phone", "address")


def groups_by_deputy_group(deputies) -> list:
    """DeputyPicker groups by 代表小组, my own group first; each option the name only."""
    groups: dict = {}
    for d in deputies:
        key = d.group or "未分组"
        groups.setdefault(key, (key, "", []))[2].append((d.pk, d.name))
    return list(groups.values())


def groups_by_station(deputies, own_station_id) -> list:
    """DeputyPicker groups by station (my station first), each option 姓名（代表小组）."""
    groups: dict = {}
    for d in deputies:
        key = d.station_id or ""
        if key not in groups:
            label = station_label(d.station) if d.station_id else "未分配联络站"
            groups[key] = (label, key, [])
        groups[key][2].append((d.pk, _label(d)))
    ordered = sorted(groups.values(), key=lambda g: (g[1] != own_station_id, g[1] == ""))
    if ordered and own_station_id and ordered[0][1] == own_station_id:
        label, key, options = ordered[0]
        ordered[0] = (f"本站代表：{label}", key, options)
    return ordered


class DraftForm(VersionMixin):
    """A suggestion the deputy writes between sessions (draft), or changes after the office returned it."""

    title = forms.CharField(label="标题", max_length=200, widget=TEXT, help_text="如：关于……的建议")
    content = forms.CharField(label="内容", required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 10}),
                              help_text="写明问题、原因和具体建议；也可只上传原件")
    category = forms.CharField(label="分类", max_length=30, required=False, widget=TEXT,
                               help_text="如：城建环保、教科文卫，可不填，办公室审查时确定")
    document = forms.FileField(label="原件", required=False, widget=FILE_INPUT,
                               help_text=uploads.lazy_help_text("可选：扫描件或文档，"))
    cosigners = forms.ModelMultipleChoiceField(
        Deputy.objects.none(), label="附议代表", required=False,
        widget=DeputyPicker(filter_label="筛选附议代表"),
        help_text="可不选；提交后，所选代表在各自的工作台确认附议，全部确认后报常委会审查",
        error_messages={"invalid_choice": "所选附议代表（编号 %(value)s）不是本级在任代表。"},
    )

    def __init__(self, *args, me, **kwargs):
        super().__init__(*args, **kwargs)
        fellows = fellow_deputies(me)
        field = self.fields["cosigners"]
        field.queryset = fellows
        # My own 代表小组 first: the co-signers usually come from it.
        rows = sorted(fellows.order_by("group", "name", "pk"), key=lambda d: (d.group != me.group,))
        field.widget.groups = groups_by_deputy_group(rows)

    def clean_document(self):
        return uploads.checked(self.cleaned_data.get("document"))

    @staticmethod
    def initial_for(s) -> dict:
        cosigners = [sig.deputy_id for sig in s.signatures.all() if sig.role == "cosigner"]
        return {"title": s.title, "content": s.content, "category": s.category, "cosigners": cosigners,
                "version": s.version}


class VersionForm(VersionMixin):
    """A step that needs nothing but the version it was shown at: submit, confirm a co-signature."""


class DeclineForm(VersionMixin):
    reason = forms.CharField(label="不同意附议的理由", required=False, max_length=200,
                             widget=forms.Textarea(attrs={"rows": 2}), help_text="可不填；领衔代表能看到")


class FeedbackForm(VersionMixin):
    result = forms.ChoiceField(label="您对答复的意见", choices=FeedbackResult.choices,
                               widget=forms.RadioSelect(attrs={"class": "pd-choices"}),
                               error_messages={"required": "请选择满意、基本满意或不满意。"})
    comment = forms.CharField(label="意见说明", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="选“不满意”时必填：写明不满意的理由，承办单位据此重新办理")


class OwnReceptionForm(forms.ModelForm):
    """A reception the deputy records themselves: I am among its deputies; others may be named too."""

    others = forms.ModelMultipleChoiceField(
        Deputy.objects.none(), label="同时进站的其他代表", required=False,
        widget=DeputyPicker(filter_label="筛选其他进站代表"),
        help_text="可不选；您本人自动计入",
        error_messages={"invalid_choice": "所选代表（编号 %(value)s）不是本级在任代表。"},
    )

    class Meta:
        model = Reception
        formfield_callback = scoped_formfield
        fields = ["station", "held_on", "voters", "issues", "note"]
        widgets = {
            "held_on": DATE,
            "issues": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"held_on": "接待日期"}
        help_texts = {"voters": "接待选民的人次", "issues": "选民反映的问题，每行一条"}

    # The staff form's check of the issues: blank lines dropped.
    clean_issues = ReceptionForm.clean_issues

    def __init__(self, *args, me, **kwargs):
        super().__init__(*args, **kwargs)
        self.me = me
        earliest, today = earliest_own_reception(me.body), timezone.localdate()
        held_on = self.fields["held_on"]
        held_on.help_text = f"接待之后登记；可登记 {earliest:%Y-%m-%d} 至今天的接待"
        held_on.widget.attrs.update(min=earliest.isoformat(), max=today.isoformat())
        station = self.fields["station"]
        station.queryset = stations_queryset()
        station.label_from_instance = station_label
        station.empty_label = "请选择"
        station.error_messages["invalid_choice"] = "联络站不存在或不属于本常委会，请从列表中选择。"
        if not self.is_bound:
            self.initial.setdefault("station", me.station_id)
            self.initial.setdefault("held_on", timezone.localdate())
        fellows = fellow_deputies(me).select_related("station")
        self.fields["others"].queryset = fellows
        rows = fellows.order_by(kind_rank("station__"), "station__number", "name", "pk")
        self.fields["others"].widget.groups = groups_by_station(rows, me.station_id)

    def clean_held_on(self):
        """Not in the future, and within the current term and the last year: older ones are the office's."""
        held_on = ReceptionForm.clean_held_on(self)
        earliest = earliest_own_reception(self.me.body)
        if held_on < earliest:
            raise forms.ValidationError(
                f"{held_on:%Y-%m-%d} 早于可登记的最早日期 {earliest:%Y-%m-%d}：本人只能登记本届任期内、一年以内的接待。"
                "更早的接待请联系常委会办公室补录。")
        return held_on

    def clean(self):
        data = super().clean()
        station, held_on = data.get("station"), data.get("held_on")
        if station is not None and held_on is not None:
            same = same_reception(self.me, station, held_on)
            if same is not None:
                raise forms.ValidationError(duplicate_message(same, self.me))
        return data


def earliest_own_reception(body, today=None):
    """The first day a deputy may record a reception of their own: a year back, and not before the
    current term began (the count against the target is per term and year)."""
    from dateutil.relativedelta import relativedelta

    today = today or timezone.localdate()
    earliest = today - relativedelta(years=1)
    term = Term.objects.filter(body=body, start__lte=today).order_by("-start").first()
    if term is not None and term.contains(today) and term.start > earliest:
        earliest = term.start
    return earliest


def same_reception(deputy, station, held_on):
    """A reception the deputy already attended at the station that day (whoever recorded it), or None."""
    return Reception.objects.filter(deputies=deputy, station=station, held_on=held_on).select_related(
        "station").first()


def duplicate_message(reception, deputy) -> str:
    who = "您本人登记" if reception.created_by_id and reception.created_by_id == deputy.user_id else "已有人登记"
    return (f"已有您 {reception.held_on:%Y-%m-%d} 在{reception.station.name}的进站接待记录（{who}），"
            "同一天同一联络站不能重复登记；如需更正请联系常委会办公室。")
