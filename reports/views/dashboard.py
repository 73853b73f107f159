"""The directors' dashboard and the year-end summary pages (and their exports).

Who sees them (decided here, for pages and API alike): directors, the office and administrators
see the whole body; committee members see the dashboard limited to their committees, and the
summary; anyone else is refused.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from core.exporters import export_response
from core.models import Committee, CommitteeMembership
from core.roles import ADMINISTRATOR, COMMITTEE_MEMBER, has_role, is_director, is_office
from core.years import default_year, years_with_data
from reports import year_counts
from reports.dashboard import figures
from reports.summary import summary

REFUSED = "驾驶舱和年度统计供主任会议成员、办公室和各委员会使用。"


def dashboard_scope(user):
    """None: the whole body; {committee id: short name}: only these committees' work. Refuses everyone else."""
    if is_office(user) or is_director(user) or has_role(user, ADMINISTRATOR):
        return None
    if has_role(user, COMMITTEE_MEMBER):
        committees = dict(CommitteeMembership.objects.filter(user=user).order_by("committee__order")
                          .values_list("committee_id", "committee__short_name"))
        user._renda_committee_ids = set(committees)  # what plans.permissions.user_committee_ids caches
        return committees
    raise PermissionDenied(REFUSED)


class BadYear(ValueError):
    """A ?year that is not a year; the message is for the user."""


def parse_year(raw, body=None) -> int:
    if raw in (None, ""):
        if body is not None:  # this year once it has anything, else the latest year under way

            years, meeting_years = years_with_data()
            return default_year(years, meeting_years, timezone.localdate().year)
        return timezone.localdate().year
    text = str(raw).strip()
    if not text.isdigit() or not 1980 <= int(text) <= 2100:
        raise BadYear(f"年度“{text}”无法识别，请填写如 2023 的年份。")
    return int(text)


def _years(year) -> list[int]:
    years, _ = years_with_data()
    return sorted({*years, year, timezone.localdate().year}, reverse=True)


def dashboard_page(request):
    committees = dashboard_scope(request.user)
    try:
        year, status = parse_year(request.GET.get("year"), request.renda_body), 200
    except BadYear as error:  # say so, and show the default year instead
        messages.error(request, str(error))
        year, status = parse_year(None, request.renda_body), 400
    data = figures(request.renda_body, year, request.user, committees)
    return render(request, "dashboard/dashboard.html", {"d": data, "year": year, "years": _years(year)},
                  status=status)


def summary_page(request, year):
    dashboard_scope(request.user)
    return render(request, "dashboard/summary.html",
                  {"s": summary(request.renda_body, year, request.user), "year": year,
                   "years": _years(year)})


def summary_count_page(request, year, key):
    dashboard_scope(request.user)
    count = year_counts.BY_KEY.get(key)
    if count is None:
        raise Http404("没有这项统计。")
    committees = _committee_ids(request.GET.get("committees", ""))
    rows = year_counts.rows_for(count, request.renda_body, year, committees)
    names = []
    if committees is not None:
        names = list(Committee.objects.filter(pk__in=committees).values_list("short_name", flat=True))
    return render(request, "dashboard/summary_count.html", {
        "count": count, "year": year, "value": year_counts.value(count, request.renda_body, year, committees),
        "limited_to": names,
        "rows": [year_counts.row_of(obj) for obj in rows[:500]], "shown_all": rows.count() <= 500,
    })


def _committee_ids(raw: str):
    """?committees=3,5 narrows a count to those committees' work (the dashboard's links for members)."""
    ids = {int(part) for part in raw.split(",") if part.strip().isdigit()}
    return ids or None


def summary_xlsx(request, year):
    from reports.exports import SummaryWorkbook

    dashboard_scope(request.user)
    return export_response(SummaryWorkbook(request.renda_body, year, request.user))


def summary_docx(request, year):
    from reports.exports import SummaryDocument

    dashboard_scope(request.user)
    return export_response(SummaryDocument(request.renda_body, year, request.user))
