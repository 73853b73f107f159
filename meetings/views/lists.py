from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from core.listing import render_filtered_list
from core.models import Committee, ReportingBody
from core.tables import TableExporter
from core.years import BadYear, parse_year
from meetings.filtersets import MeetingFilterSet
from meetings.models import AgendaItem, Meeting, MeetingKind
from meetings.tables import MeetingTable
from plans.models import ItemCommittee, PlanItem
from plans.permissions import can_manage_plans


def meeting_list(request):
    queryset = Meeting.objects.select_related("term").annotate(agenda_count=Count("agenda_items")).order_by(
        "-year", "kind", "number"
    )
    return render_filtered_list(request, queryset, MeetingFilterSet, "plans/meeting_list.html",
                                {"schedule_year": _schedule_year(request)}, exporter_class=TableExporter,
                                table=MeetingTable())


def _schedule_year(request) -> int | None:
    """The year whose schedule workbook the list offers: the one filtered on, when it has standing meetings."""
    try:
        year = parse_year(request.GET.get("year")) if request.GET.get("year") else None
    except BadYear:  # the filter form says so
        return None
    if year and Meeting.objects.filter(year=year, kind=MeetingKind.STANDING).exists():
        return year
    return None


def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("term", "body"), pk=pk)
    # Lists (to_attr), not related managers: Django builds a filtered queryset per row for the
    # latter, a third of this page's time with a hundred agenda items.
    agenda = (
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch("reporting_bodies", queryset=ReportingBody.objects.all(), to_attr="reporting_body_list"),
            Prefetch("committees", queryset=Committee.objects.all(), to_attr="committee_list"),
            Prefetch(
                "plan_items",
                queryset=PlanItem.objects.prefetch_related(
                    Prefetch("responsibilities", queryset=ItemCommittee.objects.select_related("committee"),
                             to_attr="responsibility_list")
                ),
                to_attr="plan_item_list",
            ),
        )
        .order_by("order", "id")
    )
    return render(
        request,
        "plans/meeting_detail.html",
        {"meeting": meeting, "agenda": agenda, "can_manage": can_manage_plans(request.user)},
    )
