"""One guard against lost updates, for every page form and API endpoint that changes a saved record.

The form carries a hidden marker: a fingerprint of the record's saved values (its concrete fields, and
the many-to-many ids the form edits) when the form was opened. When it is posted, the record is read
again; if its fingerprint differs, someone saved in between, and the form is refused with a message
naming the record kind, nothing is saved and everything typed is kept. A form posted without the marker
(a script that builds the post itself) is refused the same way: it cannot tell which version it read.
The API gives the same marker as `version` (and as the ETag of a detail) and refuses a stale one with 409.
"""

from django import forms

from core import change_log

STALE = "该{what}已被他人修改，请刷新后重新填写（本次修改未保存）。"
MISSING = "缺少版本标记，无法确认该{what}是否已被他人修改，请刷新后重新填写（本次修改未保存）。"


def record_kind(instance) -> str:
    return str(instance._meta.verbose_name)


def fingerprint(instance, m2m=()) -> str:
    """The fingerprint of the record's saved values: each concrete field (a relation by its id) and the ids of the
    named many-to-many fields (read through a prefetch when there is one)."""
    values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
    for name in m2m:
        values[name] = sorted(obj.pk for obj in getattr(instance, name).all())
    return change_log.version_marker(values)


class VersionGuardMixin(forms.ModelForm):
    """A ModelForm that refuses to overwrite a change saved since it was opened (only when it edits a saved record).

    `stale_what` names the record kind in the message (the model's verbose name by default); the fingerprint
    covers the many-to-many fields the form shows."""

    version_marker = forms.CharField(widget=forms.HiddenInput, required=False)
    stale_what = None
    version_guard = True  # False in a subclass with a guard of its own

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_marker = None
        if self.instance.pk is None or not self.version_guard:
            self.fields.pop("version_marker", None)
            return
        m2m = [f.name for f in self.instance._meta.many_to_many if f.name in self.fields]
        # The record as the view read it for this request: its values before the post is applied to it.
        self.saved_marker = fingerprint(self.instance, m2m)
        self.fields["version_marker"].initial = self.saved_marker

    def clean(self):
        data = super().clean()
        if self.saved_marker is not None:
            posted = self.data.get(self.add_prefix("version_marker"), "")
            if posted != self.saved_marker:
                what = self.stale_what or record_kind(self.instance)
                message = STALE if posted else MISSING
                raise forms.ValidationError(message.format(what=what), code="stale")
        return data
