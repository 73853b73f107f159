"""The home page: the year's plans and meetings at a glance."""

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from plans.models import AnnualPlan, Meeting, MeetingKind
from plans.permissions import can_manage_plans


def _years_with_data() -> list[int]:
    years = set(AnnualPlan.objects.values_list("year", flat=True)) | set(
        Meeting.objects.values_list("year", flat=True)
    )
    return sorted(years, reverse=True)


def home(request):
    years = _years_with_data()
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        # Default to this year, or the latest year that has data when this one has none yet.
        year = this_year if this_year in years or not years else years[0]
    plans = AnnualPlan.objects.filter(year=year).select_related("adopted_at__term").annotate(
        item_count=Count("entries")
    )
    meetings = (
        Meeting.objects.filter(year=year)
        .select_related("term")
        .annotate(agenda_count=Count("agenda_items"))
        .order_by("kind", "number")
    )
    standing = [m for m in meetings if m.kind == MeetingKind.STANDING]
    others = [m for m in meetings if m.kind != MeetingKind.STANDING]
    return render(
        request,
        "home.html",
        {
            "year": year,
            "years": years if year in years else sorted([*years, year], reverse=True),
            "plans": plans,
            "standing_meetings": standing,
            "other_meetings": others,
            "agenda_total": sum(m.agenda_count for m in standing),
            "can_manage": can_manage_plans(request.user),
        },
    )
