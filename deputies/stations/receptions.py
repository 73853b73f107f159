"""Counting receptions (进站接待) per deputy: one annotation used by the counts page, the deputy pages and the API.

A deputy is expected to receive voters at a station at least `rules_for(body).reception_target` times a
year (DOMAIN.md, default 4). A reception counts once for each deputy present, in the year it was held.
"""

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from core.rules import rules_for
from deputies.models import Deputy, Reception

COUNT = "reception_count"


def reception_target(body) -> int:
    return rules_for(body).reception_target if body is not None else 4


def with_reception_counts(queryset, year: int):
    """The deputies annotated with `reception_count`: the receptions they attended in `year`.

    One aggregate in the same query (a filtered Count over the reception join), so a list of any
    length costs no extra queries. The deputy filters never join receptions, so no row is counted twice.
    """
    return queryset.annotate(
        **{COUNT: Count("receptions", filter=Q(receptions__held_on__year=year), distinct=True)}
    )


def below_target_first(queryset, target: int):
    """Order annotated deputies: those below the target first, the fewest receptions first, then by name."""
    return queryset.annotate(
        below_target=Case(When(**{f"{COUNT}__lt": target}, then=Value(0)), default=Value(1),
                          output_field=IntegerField()),
    ).order_by("below_target", COUNT, "name", "id")


def only_below_target(queryset, target: int):
    return queryset.filter(**{f"{COUNT}__lt": target})


def deputy_reception_count(deputy: Deputy, year: int) -> int:
    """One deputy's count, through the same annotation as the lists."""
    row = with_reception_counts(Deputy.objects.filter(pk=deputy.pk), year).values(COUNT).first()
    return row[COUNT] if row else 0


def years_with_receptions() -> list[int]:
    """The years in which the body held receptions, latest first."""
    years = (
        Reception.objects.annotate(y=ExtractYear("held_on")).values_list("y", flat=True).distinct().order_by("-y")
    )
    return [y for y in years if y]


def default_year(today=None, years: list[int] | None = None) -> int:
    """This year when it has receptions, else the latest year that has some, else this year."""
    this_year = (today or timezone.localdate()).year
    years = years_with_receptions() if years is None else years
    if not years or this_year in years:
        return this_year
    return years[0]


def progress(count: int, target: int) -> dict:
    """What a page shows next to a count: the count, the target, whether it is met."""
    return {"count": count, "target": target, "met": count >= target, "short": max(target - count, 0)}
