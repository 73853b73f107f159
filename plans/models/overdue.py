"""The overdue rule in SQL, matching Timing.is_overdue_on for the rows a list filters."""

from datetime import date

from django.db.models import Q


def overdue_filter(day: date) -> Q:
    """Due month of an earlier year, or of this year before the current month."""
    return Q(due_month__isnull=False) & (Q(year__lt=day.year) | Q(year=day.year, due_month__lt=day.month))
