"""The overdue rule in SQL, matching Timing.is_overdue_on for the rows a list filters."""

from datetime import date

from django.db.models import Q


def overdue_filter(day: date, prefix: str = "") -> Q:
    """Due month of an earlier year, or of this year before the current month.

    `prefix` reaches the item through a relation, e.g. "item__" from ItemCommittee."""
    p = prefix
    return Q(**{f"{p}due_month__isnull": False}) & (
        Q(**{f"{p}year__lt": day.year}) | Q(**{f"{p}year": day.year, f"{p}due_month__lt": day.month})
    )
