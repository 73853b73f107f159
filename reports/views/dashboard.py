"""The directors' dashboard and the year-end summary pages (and their exports).

Who sees them (decided here, for pages and API alike): directors, the office and administrators
see the whole body; committee members see the dashboard limited to their committees, and the
summary; anyone else is refused.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.exporters import export_response
from core.models import Committee, CommitteeMembership
from core.roles import ADMINISTRATOR, COMMITTEE_MEMBER, has_role, is_director, is_office
from core.years import default_year, years_with_data
from deputies.permissions import unit_ranking_refusal
from deputies.unit_evaluation import scoring as unit_evaluation
from reports import summary_figures, year_counts
from reports.dashboard import figures
from reports.summary import summary
from supervision.models import EvaluationResult

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
    # 建议办理工作评价: the five lowest handling units of the year, for those who may read the ranking.
    lowest = None
    if unit_ranking_refusal(request.user) is None:
        lowest = unit_evaluation.lowest(request.renda_body, year)
        for row in lowest:
            row["url"] = f"{reverse('unit-evaluation')}?year={year}#unit-{row['unit']}"
    return render(request, "dashboard/dashboard.html", {"d": data, "year": year, "years": _years(year),
                                                        "lowest_units": lowest}, status=status)


def planned_count_page(request, year, key):
    """What a planned figure counts (the dashboard's 计划 column): each matter of the year's adopted plans it counts,
    with the number it adds (a section's declared count for a matter standing for it), adding up to the figure."""
    dashboard_scope(request.user)
    if key not in year_counts.PLANNED_FORMS:
        raise Http404("没有这项计划数。")
    committees = _committee_ids(request.GET.get("committees", ""))
    rows = []
    for matter in year_counts.planned_matters(request.renda_body, year, committees):
        count = matter.counts_for(key)
        if not count:
            continue
        if count > 1:
            why = f"分节标明“共 {count} 项”而只列此一事项，按 {count} 项计"
        elif matter.forms[0] not in year_counts.PLANNED_FORMS[key]:
            why = "其他监督形式含此项"
        else:
            why = ""
        rows.append({"title": matter.title, "url": reverse("item-detail", args=[matter.item_id]), "count": count,
                     "where": matter.where, "why": why})
    names, one = [], None
    if committees is not None:
        names = list(Committee.objects.filter(pk__in=committees).values_list("short_name", flat=True))
        one = next(iter(committees)) if len(committees) == 1 else None
    # The same matters in the item list, where it can say which: the whole body, or one committee's.
    list_query = {"year": year, "plan_status": "adopted", **year_counts.planned_query(key)}
    if one is not None:
        list_query["committee"] = one
    return render(request, "dashboard/planned_count.html", {
        "year": year, "label": year_counts.BY_KEY[key].label, "rows": rows, "total": sum(r["count"] for r in rows),
        "limited_to": names,
        "note": year_counts.PLANNED_NOTE_COMMITTEES if committees is not None else year_counts.PLANNED_NOTE,
        "list_url": reverse("item-list") + "?" + urlencode(list_query) if committees is None or one else "",
    })


def summary_page(request, year):
    dashboard_scope(request.user)
    data = summary(request.renda_body, year, request.user)
    return render(request, "dashboard/summary.html",
                  {"s": data, "year": year, "years": _years(year),
                   "figure_sections": summary_figures.sections(data["figures"])})


def summary_count_page(request, year, key):
    dashboard_scope(request.user)
    count = year_counts.BY_KEY.get(key)
    if count is None:
        return _summary_figure_page(request, year, key)
    committees = _committee_ids(request.GET.get("committees", ""))
    rows = year_counts.rows_for(count, request.renda_body, year, committees)
    value = year_counts.value(count, request.renda_body, year, committees)
    result = _evaluation_result(key, request.GET.get("result", ""))
    if result:  # the dashboard's 满意 / 基本满意 / 不满意 figures: the evaluated subjects of that result
        rows = rows.filter(result=result[0])
        value = rows.count()
    names = []
    if committees is not None:
        names = list(Committee.objects.filter(pk__in=committees).values_list("short_name", flat=True))
    return render(request, "dashboard/summary_count.html", {
        "count": count, "year": year, "value": value, "result_label": result[1] if result else "",
        "limited_to": names,
        "rows": [year_counts.row_of(obj) for obj in rows[:500]], "shown_all": rows.count() <= 500,
    })


def _evaluation_result(key, raw: str) -> tuple[str, str] | None:
    """(value, label) of a 测评结果 asked for on the evaluations' list; None when none is asked."""
    if not raw:
        return None
    labels = dict(EvaluationResult.choices)
    if key != "evaluations" or raw not in labels:
        raise Http404("没有这种测评结果。")
    return raw, labels[raw]


def _summary_figure_page(request, year, key):
    """The rows behind one of the summary's other figures that no list page can filter (summary_figures.LISTED)."""
    figure = summary_figures.LISTED.get(key)
    if figure is None:
        raise Http404("没有这项统计。")
    rows = figure.rows(request.renda_body, year)
    return render(request, "dashboard/summary_count.html", {
        "count": figure, "year": year, "value": rows.count(), "limited_to": [],
        "rows": [figure.row(obj) for obj in rows[:500]], "shown_all": rows.count() <= 500,
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
