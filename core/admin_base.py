"""Admin pages: the platform administrator's (core.admin_site), who works across bodies.

Every body-owned record shows and filters by its body, and a record may point only to records of its
own body: a committee of one body is never paired with another's, an item never lists another body's
reporting body, and so on, even for the platform administrator.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models


def body_of(obj):
    """The body a record belongs to, following its body-owning relation; None when it has none."""
    if obj is None:
        return None
    from core.models import Body

    if isinstance(obj, Body):
        return obj
    if isinstance(obj, get_user_model()):
        from core.bodies import body_for_user

        return body_for_user(obj)
    for path in ("body", "committee", "meeting", "plan", "item", "unit"):
        field = next((f for f in obj._meta.fields if f.name == path), None)
        if field is not None:
            target = getattr(obj, path, None)
            return target if path == "body" else body_of(target)
    return None


def check_same_body(obj) -> None:
    """Refuse a record whose relations point into another body than its own (ValidationError on the field)."""
    own = body_of(obj)
    if own is None:
        return
    errors = {}
    for field in obj._meta.fields:
        if not isinstance(field, models.ForeignKey) or field.name == "body":
            continue
        target = getattr(obj, field.name, None)
        other = body_of(target) if target is not None else None
        if other is not None and other.pk != own.pk:
            errors[field.name] = f"“{target}”属于{other}，不能用于{own}的记录。"
    if errors:
        raise ValidationError(errors)


class SameBodyModelForm(forms.ModelForm):
    """The admin's model form: every relation, one-to-many and many-to-many, stays inside the record's body."""

    def _post_clean(self):
        super()._post_clean()
        try:
            check_same_body(self.instance)
        except ValidationError as error:
            self._update_errors(error)
        own = body_of(self.instance)
        if own is None:
            return
        for name, value in self.cleaned_data.items():
            if isinstance(self.fields.get(name), forms.ModelMultipleChoiceField) and value is not None:
                strangers = [str(v) for v in value if (body_of(v) or own).pk != own.pk]
                if strangers:
                    self.add_error(name, f"{'、'.join(strangers)}不属于{own}。")


class SameBodyAdmin(admin.ModelAdmin):
    form = SameBodyModelForm


class SameBodyInline(admin.TabularInline):
    form = SameBodyModelForm


class BodyOwnedAdmin(SameBodyAdmin):
    """For models with a `body` field: listed and filtered by body; relations stay inside it."""

    def get_list_display(self, request):
        return ("body", *super().get_list_display(request))

    def get_list_filter(self, request):
        return ("body", *super().get_list_filter(request))

    def get_list_select_related(self, request):
        return ("body",)
