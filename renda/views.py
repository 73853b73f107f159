"""The home page: the year's plans and meetings at a glance."""

from django.db.models import Count, Value
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone

from plans.models import AnnualPlan, Meeting, MeetingKind
from plans.permissions import can_manage_plans


def _years_with_data() -> tuple[list[int], set[int]]:
    """The years with plans or meetings (newest first) and those with meetings, in one query."""
    plans = AnnualPlan.objects.order_by().values_list("year", Value("plan"))
    rows = plans.union(Meeting.objects.order_by().values_list("year", Value("meeting")))
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


def portal_home(request):
    """Deputies and units' contacts land on their own portal; staff on the home page."""
    from renda.navigation import portal_kind

    kind = portal_kind(request.user)
    if not kind:
        return redirect("home")
    return redirect(f"portal-{kind}-home")


def home(request):
    from renda.navigation import portal_kind

    if portal_kind(request.user):
        return redirect("portal-home")
    years, meeting_years = _years_with_data()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = default_year(years, meeting_years, timezone.localdate().year)
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
            "first_run_steps": _first_run_steps(request),
        },
    )


def _first_run_steps(request):
    """A new body's checklist while it has no plan yet (renda.setup_checklist); [] otherwise."""
    from renda.roles import is_body_admin, is_office
    from renda.setup_checklist import first_run_steps, needs_first_run

    body = request.renda_body
    if not needs_first_run(body):
        return []
    return first_run_steps(body, admin=is_body_admin(request.user), office=is_office(request.user))


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the static icon."""
    return redirect(static("favicon.svg"), permanent=True)
