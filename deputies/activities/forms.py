"""Forms for deputies attending standing-committee meetings (列席) and for trainings (代表培训).

The deputies are chosen in a searchable multi-select (static/js/multi-select.js upgrades a select carrying
`data-multi-select` with Tom Select; without JS the plain multiple select works). Choices are built per form
instance, inside the request's body scope, so another body's deputy is never a valid choice. The API
(deputies/api/activity_views.py) uses the same forms, so it refuses the same input in the same words.
"""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When

from core import change_log
from core.forms.fields import scoped_formfield
from core.forms.versioned import MISSING, STALE, VersionGuardMixin
from core.widgets import FastSelect
from deputies.models import Deputy, MeetingAttendance, Training

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SEARCHABLE = "data-multi-select"
PARTICIPANT_MESSAGES = {
    "invalid_choice": "所选代表（编号 %(value)s）不是本常委会的代表。",
    "invalid_pk_value": "“%(pk)s”不是有效的代表编号。",
}


def posted_ids(data, name) -> set[int]:
    """The ids posted for a multiple choice: a form's list, or a JSON list (the API)."""
    values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
    values = values if isinstance(values, (list, tuple)) else [values]
    return {int(v) for v in values if str(v).isdigit()}


class SearchableSelectMultiple(FastSelect, forms.SelectMultiple):
    """A multiple select written in Python (core.widgets.FastSelect), read as SelectMultiple reads a post."""


def deputy_label(deputy) -> str:
    extra = "·".join(x for x in (deputy.group, deputy.code) if x)
    status = "" if deputy.status == Deputy.Status.SERVING else f"，{deputy.get_status_display()}"
    return f"{deputy.name}（{extra}{status}）" if extra or status else deputy.name


def deputy_choices(chosen=()):
    """Serving deputies, plus any already chosen who no longer serve (they stay on the record)."""
    serving_first = Case(When(status=Deputy.Status.SERVING, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    return (Deputy.objects.filter(Q(status=Deputy.Status.SERVING) | Q(pk__in=list(chosen)))
            .only("id", "name", "code", "group", "status").order_by(serving_first, "name", "id"))


class DeputiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, deputy):
        return deputy_label(deputy)


def _deputies_field(label, placeholder):
    return DeputiesField(Deputy.objects.none(), label=label, required=False, error_messages=PARTICIPANT_MESSAGES,
                         widget=SearchableSelectMultiple(attrs={SEARCHABLE: placeholder, "size": 8}))


class AttendanceForm(forms.Form):
    """Who attended a meeting (列席代表): the whole list, replaced on save. `version_marker` is the list as the form
    showed it; a post made after someone else changed the list is refused and saves nothing."""

    deputies = _deputies_field("列席代表", "输入姓名、代表小组或编号搜索")
    version_marker = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, meeting, **kwargs):
        self.meeting = meeting
        self.current = list(MeetingAttendance.objects.filter(meeting=meeting, status="present").values_list("deputy_id", flat=True))
        super().__init__(*args, initial={"deputies": self.current}, **kwargs)
        wanted = set(self.current)
        if self.is_bound:
            wanted |= posted_ids(self.data, "deputies")
        self.fields["deputies"].queryset = deputy_choices(wanted)
        self.fields["version_marker"].initial = self.marker()

    def marker(self) -> str:
        return change_log.version_marker({"deputies": sorted(self.current)})

    def clean(self):
        data = super().clean()
        posted = self.data.get("version_marker", "")
        if posted != self.marker():
            raise forms.ValidationError((STALE if posted else MISSING).format(what="会议的列席代表名单"), code="stale")
        return data


def save_attendance(meeting, deputies, user) -> tuple[list, list]:
    """Make `deputies` the meeting's attendees: (names added, names removed). The caller holds a transaction."""
    chosen = {d.pk: d for d in deputies}
    every = {a.deputy_id: a for a in MeetingAttendance.objects.filter(meeting=meeting).select_related("deputy")}
    rows = {pk: a for pk, a in every.items() if a.status == "present"}
    gone = [rows[pk] for pk in rows if pk not in chosen]
    new = [chosen[pk] for pk in chosen if pk not in rows]
    if gone:
        MeetingAttendance.objects.filter(pk__in=[a.pk for a in gone]).delete()
    # A deputy recorded absent or on leave (deputies/duty attendance) and now ticked as attending: the row turns 出席.
    MeetingAttendance.objects.filter(meeting=meeting, deputy_id__in=[d.pk for d in new]).update(status="present")
    MeetingAttendance.objects.bulk_create([
        MeetingAttendance(body_id=meeting.body_id, meeting=meeting, deputy=d, created_by=user) for d in new
        if d.pk not in every])
    added, removed = [d.name for d in new], [a.deputy.name for a in gone]
    if added or removed:
        change_log.record(user, meeting, "change", note="列席代表：" + "；".join(
            p for p in (f"增加 {'、'.join(added)}" if added else "", f"删除 {'、'.join(removed)}" if removed else "")
            if p))
    return added, removed


class TrainingForm(VersionGuardMixin, forms.ModelForm):
    """One training: its title, when and where, how many days, and the deputies who took part."""

    participants = _deputies_field("参训代表", "输入姓名、代表小组或编号搜索")

    class Meta:
        model = Training
        formfield_callback = scoped_formfield
        fields = ["title", "held_on", "days", "place", "participants", "note"]
        widgets = {"held_on": DATE, "title": forms.TextInput(attrs={"size": 50}),
                   "note": forms.Textarea(attrs={"rows": 3, "cols": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = set(self.instance.participants.values_list("pk", flat=True)) if self.instance.pk else set()
        if self.is_bound:
            chosen |= posted_ids(self.data, "participants")
        self.fields["participants"].queryset = deputy_choices(chosen)


TRAINING_LABELS = {name: str(Training._meta.get_field(name).verbose_name)
                   for name in ("title", "held_on", "days", "place", "note")}


def training_values(training) -> dict:
    values = {name: getattr(training, name) for name in TRAINING_LABELS}
    if training.pk:
        values["participants"] = sorted(d.name for d in training.participants.all())
    return values
