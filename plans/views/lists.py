"""Read pages for plans, plan items and meetings. Every query runs inside the user's body scope."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Case, F, Prefetch, Q, When
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.listing import query_without, render_filtered_list
from core.tables import TableExporter
from core.years import default_year, years_with_data
from plans.exports import PlanItemListExporter
from plans.filtersets import AnnualPlanFilterSet, PlanItemFilterSet
from plans.forms import DocumentForm
from plans.models import AnnualPlan, ItemCommittee, PlanEntry, PlanItem, PlanItemStatus
from plans.models.plans import listed_annotation
from plans.permissions import can_manage_plans, item_refusal, user_committee_ids
from plans.tables import AnnualPlanTable, PlanItemTable
from plans.views.status import not_in_view, take_refused
from plans.workflow import allowed_next_statuses

# A committee leads a few dozen items a year; the generated 10-year data has hundreds.
MY_ITEMS_PER_PAGE = 50


def item_list_prefetch():
    """Built per request: a queryset made at import time would carry no scope, or the wrong one."""
    return (
        "reporting_bodies",
        Prefetch("responsibilities", queryset=ItemCommittee.objects.select_related("committee")),
    )


def plan_list(request):
    """年度计划: the body's plans by year and kind, with status and item counts; the office starts one here."""
    return render_filtered_list(request, AnnualPlanTable.base_queryset(), AnnualPlanFilterSet, "plans/plan_list.html",
                                {"can_manage": can_manage_plans(request.user)}, exporter_class=TableExporter,
                                table=AnnualPlanTable())


def plan_detail(request, pk):
    plan = get_object_or_404(AnnualPlan.objects.select_related("adopted_at__term"), pk=pk)
    entries = (
        PlanEntry.objects.filter(plan=plan)
        .select_related("item", "section")
        .prefetch_related(  # a list per item (to_attr): a related manager per row is costly on a long plan
            Prefetch("item__responsibilities", queryset=ItemCommittee.objects.select_related("committee"),
                     to_attr="responsibility_list"),
        )
        .order_by("order")
    )
    by_section = defaultdict(list)
    for entry in entries:
        entry.item.listed = True  # reached through this plan's entry (PlanItem.in_a_plan asks no query)
        by_section[entry.section_id].append(entry)
    sections = [
        {"section": section, "entries": by_section.get(section.id, [])} for section in plan.sections.order_by("order")
    ]
    unsectioned = by_section.get(None, [])
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "sections": sections,
            "unsectioned": unsectioned,
            "entry_count": len(entries),
            "can_manage": can_manage_plans(request.user),
            "adjustments": plan.adjustments.select_related("item", "by").order_by("at"),
        },
    )


def item_list(request):
    return render_filtered_list(
        request, PlanItemTable.base_queryset(), PlanItemFilterSet, "plans/item_list.html",
        exporter_class=PlanItemListExporter, table=PlanItemTable(),
    )


def _timeline(item):
    """Status changes and edits, oldest first: one history of the item."""
    events = [("status", c.at, c) for c in item.status_changes.select_related("by")]
    events += [("edit", e.at, e) for e in item.edits.select_related("by")]
    return [{"kind": kind, "at": at, "record": record} for kind, at, record in sorted(events, key=lambda e: e[1])]


def item_detail(request, pk):
    item = get_object_or_404(PlanItem.objects.prefetch_related(*item_list_prefetch()), pk=pk)
    refusal = item_refusal(request.user, item)
    return render(
        request,
        "plans/item_detail.html",
        {
            "item": item,
            "entries": item.entries.select_related("plan", "section").order_by("plan__kind"),
            "agenda_items": item.agenda_items.select_related("meeting__term").order_by("meeting__date"),
            "timeline": _timeline(item),
            "documents": item.documents.select_related("uploaded_by"),
            "can_update": refusal is None,
            "refusal": refusal,
            "can_manage": can_manage_plans(request.user),
            "next_statuses": [PlanItemStatus(s) for s in allowed_next_statuses(item)],
            "document_form": DocumentForm(),
            "months": range(1, 13),
            "refused_update": take_refused(request, item.pk),  # an update refused just now, as typed
        },
    )


def _default_year() -> int:
    years, meeting_years = years_with_data()
    return default_year(years, meeting_years, timezone.localdate().year)


def my_items(request):
    """本委事项: the items the user's committees lead, and apart those they help with; open ones first,
    due next on top, MY_ITEMS_PER_PAGE to a page (each row carries its status form)."""
    mine = user_committee_ids(request.user)
    # Without ?year the current year: every year at once is thousands of rows, each with its form.
    # An empty ?year= (the box cleared, "全部") still lists them all.
    year = request.GET.get("year") if "year" in request.GET else str(_default_year())
    base = (
        PlanItem.objects.tasks().prefetch_related(*item_list_prefetch())  # a principle is nobody's task
        .annotate(closed=Case(When(status__in=("done", "cancelled"), then=1), default=0), listed=listed_annotation())
        .order_by("closed", F("due_month").asc(nulls_last=True), "year", "id")
    )
    if year and year.isdigit():
        base = base.filter(year=int(year))
    # Subqueries rather than joins: no DISTINCT over every column, and the OR stays cheap. The user's
    # committees are of the current body, and so is the outer query: the inner one needs no scope
    # of its own (which would join every item of the body).
    def items_where(role):
        return ItemCommittee.objects.with_scopes_disabled().filter(committee__in=mine, role=role).values("item_id")

    leading = base.filter(pk__in=items_where("lead"))
    helping = (
        base.filter(Q(pk__in=items_where("helper")) | Q(all_committees_help=True)).exclude(pk__in=items_where("lead"))
        if mine
        else PlanItem.objects.none()
    )
    leading_page = Paginator(leading, MY_ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    helping_page = Paginator(helping, MY_ITEMS_PER_PAGE).get_page(request.GET.get("hpage"))

    # An update refused just now comes back in its row, with the problems and what was typed.
    refused = take_refused(request)

    def rows(page):
        return [
            {
                "item": i,
                "next_statuses": [PlanItemStatus(s) for s in allowed_next_statuses(i)],
                "refused": refused if refused is not None and refused.item == i.pk else None,
            }
            for i in page
        ]

    leading_rows, helping_rows = rows(leading_page), rows(helping_page)
    if refused is not None and not any(row["refused"] for row in leading_rows + helping_rows):
        not_in_view(request, refused)
    return render(
        request,
        "plans/my_items.html",
        {
            "leading": leading_rows,
            "leading_page": leading_page,
            "leading_query": query_without(request, "page"),
            "helping": helping_rows,
            "helping_page": helping_page,
            "helping_query": query_without(request, "hpage"),
            "has_committees": bool(mine),
            "months": range(1, 13),
            "year": year or "",
        },
    )


