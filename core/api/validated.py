"""Validation in one place: an API write is checked by the model, as the page's ModelForm checks it.

As NetBox's ValidatedModelSerializer (netbox/api/serializers/base.py): the serializer only types the
input (a number is a number, an id names an object of the caller's body among the page's choices),
then the model's own full_clean runs: its field validators, its clean() with the cross-field rules
and its unique rules. The page's ModelForm runs the same full_clean, so both accept and refuse the
same input. A rule that involves more than the object (an item's committees, where it sits in a
plan) is a function the page's form and the serializer both call (`more_errors`).

The refusals are worded as the page words them: DRF says "请确保该值小于或者等于 100。" where the
form says "确保该值小于或等于100。", so every field here gives the Django form's message for the
same mistake, under the field's name.
"""

from collections.abc import Mapping
from copy import copy

from django import forms
from django.core import validators as django_validators
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils.functional import lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField, empty
from rest_framework.relations import ManyRelatedField
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator

from core.api.fields import MAX_ID

REQUIRED = forms.Field.default_error_messages["required"]
NOT_A_CHOICE = forms.ChoiceField.default_error_messages["invalid_choice"]  # %(value)s
NOT_ONE_OF_THE_OBJECTS = forms.ModelChoiceField.default_error_messages["invalid_choice"]
NOT_ONE_OF_THE_OBJECTS_LISTED = forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"]  # %(value)s
NOT_AN_ID = forms.ModelMultipleChoiceField.default_error_messages["invalid_pk_value"]  # %(pk)s
NOT_A_LIST = forms.ModelMultipleChoiceField.default_error_messages["invalid_list"]


def _drf_placeholders(message, **renames):
    """A Django message with %(name)s placeholders as DRF formats its own ({name}), translated when used."""

    def text():
        result = str(message)
        for django_name, drf_name in renames.items():
            result = result.replace(f"%({django_name})s", "{" + drf_name + "}")
        return result

    return lazy(text, str)()


# DRF builds these with its own messages; the same checks with Django's default messages read as the page's.
_LIMITS = (
    django_validators.MaxValueValidator,
    django_validators.MinValueValidator,
    django_validators.MaxLengthValidator,
    django_validators.MinLengthValidator,
)


def _as_page_validator(validator):
    for kind in _LIMITS:
        if type(validator) is kind:
            return kind(validator.limit_value)
    return validator


def use_page_wording(field) -> None:
    """Give a DRF field the Django form's messages for the mistakes both can refuse."""
    messages = field.error_messages
    for code in ("required", "null", "blank"):  # a form sees a missing, null or blank value alike
        messages[code] = REQUIRED
    if isinstance(field, ManyRelatedField):
        messages["not_a_list"] = NOT_A_LIST
        messages["empty"] = REQUIRED  # a required multiple choice given none
        use_page_wording(field.child_relation)
        if isinstance(field.child_relation, PageChoiceField):
            field.child_relation.error_messages["invalid_choice"] = NOT_ONE_OF_THE_OBJECTS_LISTED
        return
    if isinstance(field, serializers.IntegerField):
        messages["invalid"] = messages["max_string_length"] = forms.IntegerField.default_error_messages["invalid"]
    elif isinstance(field, serializers.DateField):
        messages["invalid"] = messages["datetime"] = forms.DateField.default_error_messages["invalid"]
    elif isinstance(field, serializers.ChoiceField):
        messages["invalid_choice"] = _drf_placeholders(NOT_A_CHOICE, value="input")
    field.validators = [_as_page_validator(v) for v in field.validators]


def use_own_wording(field, messages: Mapping) -> None:
    """Give a field the messages a page's form gives its own (its Meta.error_messages, its field's error_messages),
    by the Django form's codes: "required", and for a choice of objects "invalid_choice" and "invalid_pk_value"."""
    for code, message in messages.items():
        codes = ("required", "null", "blank", "empty") if code == "required" else (code,)
        for name in codes:
            field.error_messages[name] = message
        if isinstance(field, ManyRelatedField) and code != "required":
            field.child_relation.error_messages[code] = message


@extend_schema_field(OpenApiTypes.STR)
class TextChoiceField(serializers.ChoiceField):
    """A choice as a form's input takes it (null is no choice, as blank is, refused only where one is required),
    documented as a plain string with its values in the help text: several models have a `status` or a `kind` of
    their own, and enum components named after the field would collide."""

    def run_validation(self, data=empty):
        return super().run_validation("" if data is None and self.allow_blank else data)


class TextInputField(serializers.CharField):
    """Text as a form's input takes it: null is no text, as blank is (refused only where text is required)."""

    def run_validation(self, data=empty):
        return super().run_validation("" if data is None and self.allow_blank else data)


class CheckboxInputField(serializers.BooleanField):
    """A yes/no as a form's checkbox takes it: null is an unticked box."""

    def run_validation(self, data=empty):
        return super().run_validation(False if data is None else data)


# For a serializer taking over from a form's input (where a null was an empty value): its model's text fields
# and yes/no fields as the form reads them. ModelSerializer.serializer_field_mapping.
FORM_INPUT_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: TextInputField,
    models.TextField: TextInputField,
    models.BooleanField: CheckboxInputField,
}


class PageChoiceField(serializers.PrimaryKeyRelatedField):
    """An object named by its id, among the choices the page's form offers for the field.

    Every manager is scoped to the caller's body, so another body's id is not among them: it is
    refused as the page's select refuses it, as if it did not exist. The serializer's choices()
    narrows the choices as the form does (active committees, current reporting bodies...)."""

    among = None  # set by ValidatedModelSerializer.get_fields: () -> the form's queryset, or None
    # Django's codes and words: "invalid_choice" (with %(value)s when one of a list), "invalid_pk_value" (%(pk)s).
    default_error_messages = {"invalid_choice": NOT_ONE_OF_THE_OBJECTS, "invalid_pk_value": NOT_AN_ID}

    def get_queryset(self):
        chosen = self.among() if self.among is not None else None
        return chosen if chosen is not None else super().get_queryset()

    def to_internal_value(self, data):
        listed = isinstance(self.parent, ManyRelatedField)
        text = "" if isinstance(data, bool) or not isinstance(data, (int, str)) else str(data).strip()
        messages = self.error_messages
        if not text.isdigit():
            if listed:
                raise serializers.ValidationError(messages["invalid_pk_value"] % {"pk": data}, code="invalid_pk_value")
            raise serializers.ValidationError(messages["invalid_choice"] % {"value": data}, code="invalid_choice")
        if int(text) <= MAX_ID:  # larger ids exist nowhere (and overflow some databases' lookups)
            try:
                return self.get_queryset().get(pk=int(text))
            except ObjectDoesNotExist:
                pass
        raise serializers.ValidationError(messages["invalid_choice"] % {"value": data}, code="invalid_choice")


class PickedNumberField(serializers.IntegerField):
    """A number the page picks from a list (a month, a quarter): anything else is refused as that list refuses it."""

    def __init__(self, *, low: int, high: int, **kwargs):
        super().__init__(**kwargs)
        self.min_value, self.max_value = low, high  # for the schema; the check is to_internal_value's

    def to_internal_value(self, data):
        if isinstance(data, bool) or str(data) not in {str(n) for n in range(self.min_value, self.max_value + 1)}:
            raise serializers.ValidationError(NOT_A_CHOICE % {"value": data}, code="invalid_choice")
        return int(data)


def _own_messages(serializer) -> Mapping:
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "error_messages", {})


class PageWordedSerializer(serializers.Serializer):
    """A serializer whose fields refuse input in the words of the page's form; Meta.error_messages (optional, by
    field and Django's codes) gives a field the messages the page's form gives its own."""

    def get_fields(self):
        fields = super().get_fields()
        own = _own_messages(self)
        for name, field in fields.items():
            use_page_wording(field)
            use_own_wording(field, own.get(name, {}))
        return fields


class ValidatedModelSerializer(serializers.ModelSerializer):
    """Types the input, then lets the model validate the object (full_clean), as the page's ModelForm does.

    Meta.inputs names the fields the request carries beside the object's own (a version, where to
    file the object): the view or a service reads them, the model does not. As with a ModelForm, the
    instance given is the object to change, or a new unsaved one carrying what the page would give
    it (its body, its meeting). `validated_instance` is the object as the model left it (clean() may
    normalise fields), unsaved; save() saves it with its many-to-many choices. Meta.error_messages, as
    a ModelForm's, gives a field the messages its page's form gives it (by field, then Django's codes).
    """

    serializer_related_field = PageChoiceField

    def choices(self) -> dict:
        """The page form's querysets for relation fields, by field name (called while validating, in scope)."""
        return {}

    def more_errors(self, attrs: dict, instance) -> dict[str, list[str]]:
        """Rules beyond the model's own, written once in a function the page's form calls too. `attrs` holds the
        fields that were valid (others may be missing), as a form's cleaned_data does in its clean()."""
        return {}

    def get_validators(self):
        return []  # uniqueness is the model's to check (full_clean), in the model's words

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs["validators"] = [v for v in kwargs.get("validators", []) if not isinstance(v, UniqueValidator)]
        return field_class, kwargs

    def get_fields(self):
        fields = super().get_fields()
        own = _own_messages(self)
        for name, field in fields.items():
            use_page_wording(field)
            use_own_wording(field, own.get(name, {}))
            chooser = field.child_relation if isinstance(field, ManyRelatedField) else field
            if isinstance(chooser, PageChoiceField):
                chooser.among = lambda name=name: self.choices().get(name)
        return fields

    def _own_fields(self) -> set[str]:
        opts = self.Meta.model._meta
        own = {f.name for f in opts.concrete_fields if f.editable} | {f.name for f in opts.many_to_many}
        inputs = set(getattr(self.Meta, "inputs", ()))
        return {name for name, field in self.fields.items() if not field.read_only and name in own - inputs}

    def to_internal_value(self, data):
        """Type each field, then let the model judge the object, as a ModelForm does: its rules run on the fields
        that were valid even when others were not, so every refusal comes at once, as on the page."""
        if not isinstance(data, Mapping):
            return super().to_internal_value(data)  # DRF's refusal of a body that is not an object
        attrs, errors = {}, {}
        for field in self._writable_fields:
            validate_method = getattr(self, f"validate_{field.field_name}", None)
            try:
                value = field.run_validation(field.get_value(data))
                attrs[field.field_name] = validate_method(value) if validate_method is not None else value
            except serializers.ValidationError as error:
                detail = error.detail
                errors[field.field_name] = detail if isinstance(detail, dict) else list(detail)
            except DjangoValidationError as error:
                errors[field.field_name] = list(error.messages)
            except SkipField:
                pass
        instance, rule_errors = self._judge(attrs, failed=set(errors))
        for name, messages in rule_errors.items():
            if isinstance(errors.get(name), dict):
                continue  # a nested object's own refusals stand
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise serializers.ValidationError(errors)
        for name in self._simple_own_fields():  # what clean() left, e.g. a month the chosen timing does not use
            attrs[name] = getattr(instance, name)
        self.validated_instance = instance
        return attrs

    def _simple_own_fields(self) -> set[str]:
        return self._own_fields() & {f.name for f in self.Meta.model._meta.concrete_fields}

    def _judge(self, attrs: dict, failed: set[str]):
        """The object with the valid input set on it, and what the model and more_errors() refuse."""
        simple = self._simple_own_fields() - failed
        # A copy: a refused write leaves the object the view holds as it was read.
        instance = copy(self.instance) if self.instance is not None else self.Meta.model()
        for name in simple & attrs.keys():
            setattr(instance, name, attrs[name])
        errors: dict[str, list] = {}
        try:
            # Fields the serializer does not write are left out, as a ModelForm leaves out those it does not show.
            instance.full_clean(exclude={f.name for f in self.Meta.model._meta.fields} - simple)
        except DjangoValidationError as error:
            for name, messages in error.message_dict.items():
                errors[api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name] = list(messages)
        for name, messages in self.more_errors(attrs, instance).items():
            errors.setdefault(name, []).extend(messages)
        return instance, errors

    def save(self, **kwargs):
        instance = self.validated_instance
        for name, value in kwargs.items():
            setattr(instance, name, value)
        with transaction.atomic():
            instance.save()
            for field in self.Meta.model._meta.many_to_many:
                if field.name in self._own_fields() and field.name in self.validated_data:
                    getattr(instance, field.name).set(self.validated_data[field.name])
        self.instance = instance
        return instance
