"""Which year a page opens on: the years that have data, and the default among them.

The apps that hold dated work register where their years come from (plans: plans, meetings: meetings) in
their AppConfig.ready(), so this layer reads them without naming any app above it.
"""

from collections.abc import Callable

from django.db.models import Value
from django.utils import timezone

# (source name, a function returning the queryset whose "year" values count)
YEAR_SOURCES: list[tuple[str, Callable]] = []


def register_year_source(name: str, queryset: Callable) -> None:
    if all(existing != name for existing, _ in YEAR_SOURCES):
        YEAR_SOURCES.append((name, queryset))


def years_with_data() -> tuple[list[int], set[int]]:
    """The years with plans or meetings (newest first) and those with meetings, in one query."""
    parts = [queryset().order_by().values_list("year", Value(name)) for name, queryset in YEAR_SOURCES]
    if not parts:
        return [], set()
    rows = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    years, meeting_years = set(), set()
    for year, source in rows:
        years.add(year)
        if source == "meeting":
            meeting_years.add(year)
    return sorted(years, reverse=True), meeting_years


def default_year(years: list[int], meeting_years: set[int], this_year: int) -> int:
    """This year once it has anything; before that, the latest year whose meetings have begun.

    A draft plan for a coming year alone does not make that year the one people land on.
    """
    if this_year in years:
        return this_year
    started = [y for y in meeting_years if y <= this_year]
    if started:
        return max(started)
    return years[0] if years else this_year


# The years a ?year may name: a standing committee's records start well after 1980; 2100 leaves room.
FIRST_YEAR, LAST_YEAR = 1980, 2100


class BadYear(ValueError):
    """A ?year that is not a year; the message is for the user."""


def parse_year(raw, body=None) -> int:
    """A ?year as an int, or the page's default year when none is given; BadYear (naming it) otherwise."""
    if raw in (None, ""):
        if body is not None:  # this year once it has anything, else the latest year under way
            years, meeting_years = years_with_data()
            return default_year(years, meeting_years, timezone.localdate().year)
        return timezone.localdate().year
    text = str(raw).strip()
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise BadYear(f"年度“{text}”无法识别，请填写 {FIRST_YEAR} 到 {LAST_YEAR} 之间的年份，如 2023。")
    return int(text)
