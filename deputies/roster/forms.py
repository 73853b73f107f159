"""Forms for the roster: deputies, liaison stations and receptions.

The rules are the models' (Deputy.clean, Station.clean, Reception.clean, which a ModelForm runs),
and what needs more than the object is a function here: the API (deputies/api/roster_serializers.py)
runs the same ones with the same choices, so the page and the API refuse the same input in the same words.

Choice querysets are built per form instance (inside the request's body scope), so another body's
station or deputy is never a valid choice: it is refused with a message naming the field.
"""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.forms.fields import scoped_formfield
from core.forms.versioned import VersionGuardMixin
from core.models import Term
from deputies.models import Deputy, Reception, Station
from deputies.models.roster import reception_date_error, tidy_issues

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NO_SUCH_STATION = "联络站不存在或不属于本常委会，请从列表中选择。"
NO_SUCH_CENTRAL_STATION = "所属中心站不存在或不属于本常委会，请从列表中选择。"
# The deputies present at a reception: the form's words, by Django's codes (the API gives the same).
DEPUTIES_MESSAGES = {
    "required": "请选择至少一名进站代表。",
    "invalid_choice": "所选代表（编号 %(value)s）不是本常委会的代表。",
    "invalid_pk_value": "“%(pk)s”不是有效的代表编号。",
}


def kind_rank(prefix: str = ""):
    """Central stations first, then area stations, then points (the choices' alphabetical order is not that)."""
    field = f"{prefix}kind"
    return Case(When(**{field: Station.Kind.CENTRAL}, then=Value(0)), When(**{field: Station.Kind.AREA}, then=Value(1)),
                default=Value(2), output_field=IntegerField())


def stations_queryset():
    return Station.objects.order_by(kind_rank(), "number")


def station_label(station) -> str:
    return f"{station.number} {station.name}"


def deputy_choices() -> dict:
    """What a deputy's relations may name, on the page's form and through the API."""
    return {"station": stations_queryset(), "term": Term.objects.order_by("-number")}


def station_choices(station: Station) -> dict:
    """What a station may belong to: a central station of the body, not itself."""
    parents = Station.objects.filter(kind=Station.Kind.CENTRAL).order_by("number")
    return {"parent": parents.exclude(pk=station.pk) if station.pk else parents}


def reception_choices() -> dict:
    """Where a reception was held and who was there: the body's stations and deputies."""
    return {"station": stations_queryset(), "deputies": Deputy.objects.all()}


def station_number_error(body, number: str, station: Station) -> str | None:
    """A number another station of the body has (in any case), worded for the number field; the page's form
    (clean_number) and the API call it, and the database refuses what slips between the check and the save."""
    if body is None or not number:
        return None
    clash = Station.objects.filter(body=body, number__iexact=number).exclude(pk=station.pk).first()
    if clash is None:
        return None
    return f"编号“{number}”已由联络站“{clash.name}”使用，联络站编号在本区内不能重复。"


class StaleDeputyError(Exception):
    """Someone else saved the deputy since this user loaded the form."""

    def __init__(self, current: Deputy):
        super().__init__(
            "该代表的信息已被他人修改，您的修改未保存。请查看最新内容后重新填写。"
        )
        self.current = current


class DeputyForm(forms.ModelForm):
    """A deputy of the body; `version` guards against two people editing at once."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Deputy
        formfield_callback = scoped_formfield
        fields = [
            "code", "name", "gender", "term", *Deputy.LEVEL_FIELDS, "group", "constituency", "station", "sector",
            "work_unit", "phone", "address", "status", "status_on", "elected_on",
        ]
        widgets = {"status_on": DATE, "elected_on": DATE, "work_unit": forms.TextInput(attrs={"size": 50}),
                   "address": forms.TextInput(attrs={"size": 50})}

    def __init__(self, *args, body=None, with_contacts=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body if body is not None else getattr(self.instance, "body", None)
        if self.instance.body_id is None and body is not None:
            self.instance.body = body  # the code is unique in the body (Deputy.clean)
        for name, queryset in deputy_choices().items():
            self.fields[name].queryset = queryset
        self.fields["station"].label_from_instance = station_label
        self.fields["station"].error_messages["invalid_choice"] = NO_SUCH_STATION
        if not with_contacts:  # never reached by the pages (the office alone edits), kept for safety
            del self.fields["phone"], self.fields["address"]
        if self.instance.pk:
            self.initial["version"] = self.instance.version


class StationForm(VersionGuardMixin, forms.ModelForm):
    class Meta:
        model = Station
        formfield_callback = scoped_formfield
        fields = ["kind", "number", "name", "town", "address", "parent"]

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body if body is not None else getattr(self.instance, "body", None)
        self.fields["parent"].queryset = station_choices(self.instance)["parent"]
        self.fields["parent"].label_from_instance = station_label
        self.fields["parent"].error_messages["invalid_choice"] = NO_SUCH_CENTRAL_STATION

    def clean_number(self):
        number = self.cleaned_data["number"]  # stripped, and required, by the field
        problem = station_number_error(self.body, number, self.instance)
        if problem:
            raise forms.ValidationError(problem)
        return number


class DeputyPicker(forms.CheckboxSelectMultiple):
    """Deputies as checkboxes in groups (the station's own deputies first), with a filter box.

    Rendered in Python, like core.widgets.FastSelect: a few hundred checkboxes through the template
    engine cost more than the rest of the page. static/js/deputy-picker.js filters by name and moves
    the chosen station's group to the top.
    """

    def __init__(self, *args, filter_label="筛选进站代表", **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []  # [(label, station id or "", [(deputy id, label)])]
        self.filter_label = filter_label

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id", f"id_{name}")
        selected = {str(v) for v in (value or [])}
        parts = [
            format_html(
                '<div class="deputy-picker" id="{}" data-picker>'
                '<input type="search" class="picker-filter" id="{}_filter" placeholder="输入姓名、小组或编号筛选"'
                ' aria-label="{}"> <span class="hint picker-count" aria-live="polite"></span>',
                base_id, base_id, self.filter_label,
            )
        ]
        n = 0
        for label, station_id, options in self.groups:
            parts.append(format_html('<fieldset class="picker-group" data-station="{}"><legend>{}</legend>',
                                     station_id, label))
            for value_, option_label in options:
                option_id = f"{base_id}_{n}"
                n += 1
                checked = mark_safe(" checked") if str(value_) in selected else ""
                parts.append(format_html(
                    '<label class="picker-option" for="{}"><input type="checkbox" name="{}" value="{}" id="{}"{}> {}</label>',
                    option_id, name, value_, option_id, checked, option_label,
                ))
            parts.append(mark_safe("</fieldset>"))
        if not self.groups:
            parts.append(mark_safe('<p class="empty">本常委会还没有在任代表，请先在代表名册中添加。</p>'))
        parts.append(mark_safe("</div>"))
        return mark_safe("".join(str(p) for p in parts))

    def id_for_label(self, id_, index=None):
        return f"{id_}_filter" if id_ else id_


def picker_groups_by_deputy_group(deputies) -> list:
    """DeputyPicker groups by 代表小组 (for choosing co-signers), in the order the deputies come."""
    groups: dict = {}
    for d in deputies:
        key = d.group or "未分组"
        extra = "·".join(x for x in (d.group, d.code) if x)
        groups.setdefault(key, (key, "", []))[2].append((d.pk, f"{d.name}（{extra}）" if extra else d.name))
    return list(groups.values())


class DeputyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, deputy):
        return deputy.name


class ReceptionForm(VersionGuardMixin, forms.ModelForm):
    """A reception: its date (not in the future), station, the deputies present (this body's only)."""

    deputies = DeputyChoiceField(Deputy.objects.none(), label="进站代表", widget=DeputyPicker,
                                 error_messages=DEPUTIES_MESSAGES)

    class Meta:
        model = Reception
        formfield_callback = scoped_formfield
        fields = ["held_on", "station", "deputies", "voters", "issues", "note"]
        widgets = {
            "held_on": DATE,
            "issues": forms.Textarea(attrs={"rows": 5, "cols": 80}),
            "note": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }
        labels = {"held_on": "接待日期"}

    def __init__(self, *args, station=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in reception_choices().items():
            self.fields[name].queryset = queryset
        self.fields["station"].label_from_instance = station_label
        self.fields["station"].error_messages["invalid_choice"] = NO_SUCH_STATION
        self.fields["station"].widget.attrs["data-picker-station"] = "1"
        if station is None and self.instance.pk:
            station = self.instance.station
        if station is not None and not self.is_bound and not self.instance.pk:
            self.initial["station"] = station.pk
        self._station = station

    def build_picker(self):
        """Groups for the picker: the station's deputies, then the others by station; serving deputies,
        plus any already chosen. Called by the page only (the API needs no widget)."""
        chosen = self["deputies"].value() or []
        selected_ids = {int(i) for i in chosen if str(i).isdigit()}
        deputies = (
            Deputy.objects.filter(status=Deputy.Status.SERVING).select_related("station")
            .order_by(kind_rank("station__"), "station__number", "name", "id")
        )
        shown = list(deputies)
        missing = selected_ids - {d.pk for d in shown}
        if missing:
            shown += list(Deputy.objects.filter(pk__in=missing).select_related("station").order_by("name"))
        own = self._station.pk if self._station is not None else None
        if self.is_bound and str(self.data.get("station") or "").isdigit():
            own = int(self.data["station"])
        groups: dict = {}
        for d in shown:
            key = d.station_id or ""
            if key not in groups:
                label = f"{d.station.number} {d.station.name}" if d.station_id else "未分配联络站"
                groups[key] = (label, key, [])
            extra = "·".join(x for x in (d.group, d.code) if x)
            groups[key][2].append((d.pk, f"{d.name}（{extra}）" if extra else d.name))
        ordered = sorted(groups.values(), key=lambda g: (g[1] != own, g[1] == ""))
        if own in groups:
            label, key, options = ordered[0]
            ordered[0] = (f"本站代表：{label}", key, options)
        self.fields["deputies"].widget.groups = ordered

    # Reception.clean() holds these rules; the deputies' portal form (OwnReceptionForm) borrows the two methods.
    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        problem = reception_date_error(held_on)
        if problem:
            raise forms.ValidationError(problem)
        return held_on

    def clean_issues(self):
        return tidy_issues(self.cleaned_data.get("issues"))
