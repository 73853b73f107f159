"""Read pages for plans, plan items and meetings. Every query runs inside the user's body scope."""

from collections import defaultdict

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from plans.filtersets import MeetingFilterSet, PlanItemFilterSet
from plans.models import AgendaItem, AnnualPlan, ItemCommittee, Meeting, PlanEntry, PlanItem
from renda.listing import render_filtered_list

ITEM_LIST_PREFETCH = (
    "reporting_bodies",
    Prefetch("responsibilities", queryset=ItemCommittee.objects.select_related("committee")),
)


def plan_detail(request, pk):
    plan = get_object_or_404(AnnualPlan.objects.select_related("adopted_at__term"), pk=pk)
    entries = (
        PlanEntry.objects.filter(plan=plan)
        .select_related("item", "section")
        .prefetch_related(
            "item__reporting_bodies",
            Prefetch("item__responsibilities", queryset=ItemCommittee.objects.select_related("committee")),
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
        {"plan": plan, "sections": sections, "unsectioned": unsectioned, "entry_count": len(entries)},
    )


def item_list(request):
    queryset = PlanItem.objects.prefetch_related(*ITEM_LIST_PREFETCH).order_by("year", "due_month", "id")
    return render_filtered_list(request, queryset, PlanItemFilterSet, "plans/item_list.html")


def item_detail(request, pk):
    item = get_object_or_404(PlanItem.objects.prefetch_related(*ITEM_LIST_PREFETCH), pk=pk)
    return render(
        request,
        "plans/item_detail.html",
        {
            "item": item,
            "entries": item.entries.select_related("plan", "section").order_by("plan__kind"),
            "agenda_items": item.agenda_items.select_related("meeting__term").order_by("meeting__date"),
            "timeline": item.status_changes.select_related("by").order_by("at", "id"),
        },
    )


def meeting_list(request):
    queryset = Meeting.objects.select_related("term").annotate(agenda_count=Count("agenda_items")).order_by(
        "-year", "kind", "number"
    )
    return render_filtered_list(request, queryset, MeetingFilterSet, "plans/meeting_list.html")


def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("term", "body"), pk=pk)
    agenda = (
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(
            "reporting_bodies",
            Prefetch(
                "plan_items",
                queryset=PlanItem.objects.prefetch_related(
                    Prefetch("responsibilities", queryset=ItemCommittee.objects.select_related("committee"))
                ),
            ),
        )
        .order_by("order", "id")
    )
    return render(request, "plans/meeting_detail.html", {"meeting": meeting, "agenda": agenda})
