"""The overdue rule in SQL, matching Timing.is_overdue_on for the rows a list filters."""

from datetime import date

from django.db.models import Exists, OuterRef, Q


def overdue_filter(day: date, prefix: str = "") -> Q:
    """Due month of an earlier year, or of this year before the current month.

    `prefix` reaches the item through a relation, e.g. "item__" from ItemCommittee."""
    from plans.models.plans import PlanEntry  # same app; plans.models.plans imports this module

    p = prefix
    # A matter taken out of every plan is never due (PlanItem.in_a_plan), nor is a principle (is_principle).
    listed = Exists(PlanEntry.objects.filter(item=OuterRef(f"{p}pk")))
    return Q(**{f"{p}due_month__isnull": False, f"{p}is_principle": False}) & (
        Q(**{f"{p}year__lt": day.year}) | Q(**{f"{p}year": day.year, f"{p}due_month__lt": day.month})
    ) & Q(listed)
