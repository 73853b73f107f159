"""API fields shared by the apps' serializers.

Ids as input: Django guards single id lookups against out-of-range numbers but not lists of
ids (`pk__in`), where SQLite overflows; an id is 1..MAX_ID (PostgreSQL's integer).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MAX_ID = 2**31 - 1


def id_child() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID)


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The label of a model's choice field, as get_<name>_display() gives it, read-only.

    DRF's CharField(source="get_<name>_display") inspects that method's signature on every call:
    a third of the evaluations list's time (bench/load.py)."""

    def __init__(self, name: str, **kwargs):
        self.choice_name = name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return getattr(instance, f"get_{self.choice_name}_display")()
