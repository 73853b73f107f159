"""Read pages for plans, plan items and meetings. Every query runs inside the user's body scope."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Case, F, Prefetch, Q, When
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.listing import query_without, render_filtered_list
from core.years import default_year, years_with_data
from plans.exports import PlanItemListExporter
from plans.filtersets import PlanItemFilterSet
from plans.forms import DocumentForm
from plans.models import AnnualPlan, ItemCommittee, PlanEntry, PlanItem, PlanItemStatus, SupervisionForm
from plans.permissions import can_manage_plans, item_refusal, user_committee_ids
from plans.workflow import allowed_next_statuses

# A committee leads a few dozen items a year; the generated 10-year data has hundreds.
MY_ITEMS_PER_PAGE = 50


def item_list_prefetch():
    """Built per request: a queryset made at import time would carry no scope, or the wrong one."""
    return (
        "reporting_bodies",
        Prefetch("responsibilities", queryset=ItemCommittee.objects.select_related("committee")),
    )


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


LIST_FIELDS = (
    "id", "body_id", "year", "title", "form", "timing_kind", "start_month", "end_month", "quarter",
    "postponed_to_month", "due_month", "status", "progress",
)


def item_list_rows(items) -> list[dict]:
    """The list's cells, worked out once per row with two queries for the whole page.

    The busiest page of the system: reading committees and reporting bodies as plain values
    instead of through per-row related managers keeps it well under the admin's time.
    """
    items = list(items)
    ids = [item.pk for item in items]
    leads, bodies = defaultdict(list), defaultdict(list)
    responsibilities = ItemCommittee.objects.filter(item_id__in=ids, role=ItemCommittee.Role.LEAD)
    for item_id, name in responsibilities.order_by("committee__order").values_list("item_id", "committee__short_name"):
        leads[item_id].append(name)
    through = PlanItem.reporting_bodies.through.objects.filter(planitem_id__in=ids)
    for item_id, name in through.order_by("reportingbody__order").values_list("planitem_id", "reportingbody__name"):
        bodies[item_id].append(name)
    today = timezone.localdate()
    forms, statuses = dict(SupervisionForm.choices), dict(PlanItemStatus.choices)
    return [
        {
            "pk": item.pk,
            "url": f"/items/{item.pk}/",
            "year": item.year,
            "title": item.title if len(item.title) <= 80 else item.title[:79] + "…",
            "form": forms.get(item.form, item.form),
            "timing": item.effective_timing.label(),
            "reporting_bodies": "、".join(bodies[item.pk]),
            "leads": "、".join(leads[item.pk]),
            "status": item.status,
            "status_label": statuses.get(item.status, item.status),
            "overdue": item.is_overdue(today),
        }
        for item in items
    ]


def item_list(request):
    queryset = PlanItem.objects.only(*LIST_FIELDS).order_by("year", "due_month", "id")
    return render_filtered_list(
        request, queryset, PlanItemFilterSet, "plans/item_list.html",
        exporter_class=PlanItemListExporter, rows_for_page=item_list_rows,
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
        PlanItem.objects.prefetch_related(*item_list_prefetch())
        .annotate(closed=Case(When(status__in=("done", "cancelled"), then=1), default=0))
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

    def rows(page):
        return [{"item": i, "next_statuses": [PlanItemStatus(s) for s in allowed_next_statuses(i)]} for i in page]

    return render(
        request,
        "plans/my_items.html",
        {
            "leading": rows(leading_page),
            "leading_page": leading_page,
            "leading_query": query_without(request, "page"),
            "helping": rows(helping_page),
            "helping_page": helping_page,
            "helping_query": query_without(request, "hpage"),
            "has_committees": bool(mine),
            "months": range(1, 13),
            "year": year or "",
        },
    )


