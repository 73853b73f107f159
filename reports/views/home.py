"""The home page: the year's plans and meetings at a glance."""

from django.db.models import Count
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone

from core.navigation import portal_kind
from core.roles import is_body_admin, is_office
from core.setup_checklist import first_run_steps, needs_first_run
from core.years import default_year, years_with_data
from meetings.models import Meeting, MeetingKind
from plans.models import AnnualPlan
from plans.permissions import can_manage_plans


def portal_home(request):
    """Deputies and units' contacts land on their own portal; staff on the home page."""
    kind = portal_kind(request.user)
    if not kind:
        return redirect("home")
    return redirect(f"portal-{kind}-home")


def home(request):
    if portal_kind(request.user):
        return redirect("portal-home")
    years, meeting_years = years_with_data()
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
    """A new body's checklist while it has no plan yet (core.setup_checklist); [] otherwise."""
    body = request.renda_body
    if not needs_first_run(body):
        return []
    return first_run_steps(body, admin=is_body_admin(request.user), office=is_office(request.user))


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the static icon."""
    return redirect(static("favicon.svg"), permanent=True)
