"""The number filter of every FilterSet, bounded to what an integer column holds.

django-filter reads numbers as decimals; Django guards integer lookups against out-of-range ints
only, so a huge decimal (?meeting=-1e28) reached SQLite and overflowed (a 500). Out of range is
now the filter form's own "invalid" answer (400 in the API)."""

import django_filters

LIMIT = 2**31 - 1


class NumberFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -LIMIT)
        kwargs.setdefault("max_value", LIMIT)
        super().__init__(*args, **kwargs)
