"""Ids as API input. Django guards single id lookups against out-of-range numbers but not lists of
ids (`pk__in`), where SQLite overflows; an id is 1..MAX_ID (PostgreSQL's integer)."""

from rest_framework import serializers

MAX_ID = 2**31 - 1


def id_child() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID)
