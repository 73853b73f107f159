"""Liaison stations, the receptions held at them, and each deputy's reception count against the target."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.listing import render_filtered_list
from core.tables import TableExporter
from deputies.filtersets import ReceptionFilterSet, StationFilterSet
from deputies.models import Deputy, Reception, Station
from deputies.permissions import can_manage_roster, require, roster_refusal
from deputies.roster.forms import ReceptionForm, StationForm, kind_rank, stations_queryset
from deputies.stations import receptions as counting
from deputies.stations.tables import ReceptionTable, StationTable

NUMBER_TAKEN = "该联络站编号刚刚已被他人使用，联络站编号在本区内不能重复。"

# --- stations ----------------------------------------------------------------------------------------


def station_queryset():
    return Station.objects.select_related("parent").annotate(
        deputy_count=Count("deputies", filter=Q(deputies__status=Deputy.Status.SERVING), distinct=True),
    )


def station_list(request):
    queryset = station_queryset().order_by(kind_rank(), "number")
    return render_filtered_list(request, queryset, StationFilterSet, "deputies/stations/list.html",
                                {"can_manage": can_manage_roster(request.user)}, per_page=100,
                                exporter_class=TableExporter, table=StationTable())


def station_detail(request, pk):
    station = get_object_or_404(station_queryset(), pk=pk)
    target = counting.reception_target(request.renda_body)
    counting_year = counting.default_year()
    deputies = list(counting.with_reception_counts(
        Deputy.objects.filter(station=station).defer("phone", "address"), counting_year,
    ).order_by("status", "name", "id"))
    receptions = list(
        Reception.objects.filter(station=station)
        .prefetch_related(Prefetch("deputies", queryset=Deputy.objects.only("id", "name").order_by("name")))
        .order_by("-held_on", "-id")[:50]
    )
    totals = Reception.objects.filter(station=station).aggregate(
        count=Count("id"), this_year=Count("id", filter=Q(held_on__year=counting_year)),
    )
    return render(request, "deputies/stations/detail.html", {
        "station": station, "deputies": deputies, "receptions": receptions, "totals": totals,
        "children": list(station.children.order_by("number")) if station.kind == Station.Kind.CENTRAL else [],
        "target": target, "year": counting_year,
        "can_manage": can_manage_roster(request.user),
    })


def station_edit(request, pk=None):
    require(roster_refusal(request.user))
    station = get_object_or_404(Station, pk=pk) if pk else Station(body=request.renda_body)
    form = StationForm(request.POST or None, instance=station, body=request.renda_body)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                station = form.save()
        except IntegrityError:  # the same number saved by someone else a moment ago
            form.add_error("number", NUMBER_TAKEN)
        else:
            messages.success(request, f"联络站“{station.number} {station.name}”已保存。")
            return redirect("station-detail", pk=station.pk)
    return render(request, "deputies/stations/form.html", {"form": form, "station": station if pk else None})


# --- receptions ----------------------------------------------------------------------------------------


def reception_queryset():
    return Reception.objects.select_related("station", "created_by").prefetch_related(
        Prefetch("deputies", queryset=Deputy.objects.only("id", "name").order_by("name", "id"))
    )


def reception_list(request):
    queryset = reception_queryset().order_by("-held_on", "-id")
    wanted = request.GET.get("deputy", "")
    # The deputy filter arrives from a deputy's page or the counts page: shown by name, not as an id box.
    filter_deputy = Deputy.objects.only("id", "name").filter(pk=wanted).first() if wanted.isdigit() else None
    rest = request.GET.copy()
    for key in ("deputy", "page", "export"):
        rest.pop(key, None)
    can_manage = can_manage_roster(request.user)
    return render_filtered_list(request, queryset, ReceptionFilterSet, "deputies/receptions/list.html", {
        "can_manage": can_manage, "filter_deputy": filter_deputy, "query_without_deputy": rest.urlencode(),
    }, exporter_class=TableExporter, table=ReceptionTable(can_manage=can_manage))


def save_reception(form, user) -> Reception:
    """The reception and its deputies in one transaction: nothing half-saved."""
    with transaction.atomic():
        reception = form.save(commit=False)
        if reception.pk is None:
            reception.created_by = user
        reception.save()
        form.save_m2m()
    return reception


def reception_edit(request, pk=None):
    require(roster_refusal(request.user))
    station = None
    if pk:
        reception = get_object_or_404(Reception.objects.select_related("station"), pk=pk)
    else:
        reception = Reception()
        wanted = request.GET.get("station", "")
        station = stations_queryset().filter(pk=wanted).first() if wanted.isdigit() else None
    form = ReceptionForm(request.POST or None, instance=reception, station=station,
                         initial={} if pk else {"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        saved = save_reception(form, request.user)
        count = saved.deputies.count()
        messages.success(request, f"已登记 {saved.held_on:%Y-%m-%d} 在{saved.station.name}的接待，进站代表 {count} 名。")
        return redirect("station-detail", pk=saved.station_id)
    form.build_picker()
    return render(request, "deputies/receptions/form.html", {"form": form, "reception": reception if pk else None,
                                                             "station": station})


# --- counts against the target -------------------------------------------------------------------------


BELOW_CHOICES = [("", "全部"), ("true", "未达标"), ("false", "已达标")]


def reception_counts(request):
    """Each serving deputy's receptions in a year against the target; those below it first."""
    target = counting.reception_target(request.renda_body)
    years = counting.years_with_receptions()
    problems = []
    raw_year = request.GET.get("year", "").strip()
    year = counting.default_year(years=years)
    if raw_year:
        if raw_year.isdigit() and 1990 <= int(raw_year) <= 2100:
            year = int(raw_year)
        else:
            problems.append(f"年度：“{raw_year}”不是有效的年份。")
    stations = list(stations_queryset().only("id", "number", "name", "kind"))
    groups = list(
        Deputy.objects.filter(status=Deputy.Status.SERVING).exclude(group="")
        .order_by("group").values_list("group", flat=True).distinct()
    )
    queryset = Deputy.objects.filter(status=Deputy.Status.SERVING).select_related("station").defer("phone", "address")
    station_id = request.GET.get("station", "")
    if station_id:
        if station_id.isdigit() and any(s.pk == int(station_id) for s in stations):
            queryset = queryset.filter(station_id=int(station_id))
        else:
            problems.append("联络站：请从列表中选择。")
    group = request.GET.get("group", "")
    if group:
        queryset = queryset.filter(group=group)
    counted = counting.with_reception_counts(queryset, year)
    below = request.GET.get("below", "")
    if below == "true":
        counted = counting.only_below_target(counted, target)
    elif below == "false":
        counted = counted.filter(**{f"{counting.COUNT}__gte": target})
    rows = [] if problems else list(counting.below_target_first(counted, target))
    for d in rows:
        d.progress = counting.progress(getattr(d, counting.COUNT), target)
    summary = {
        "deputies": len(rows),
        "below": sum(1 for d in rows if not d.progress["met"]),
        "receptions": sum(d.progress["count"] for d in rows),
    }
    return render(request, "deputies/receptions/counts.html", {
        "rows": rows, "year": year, "years": sorted(set(years) | {year, timezone.localdate().year}, reverse=True),
        "target": target, "stations": stations, "groups": groups, "summary": summary, "problems": problems,
        "selected": {"station": station_id, "group": group, "below": below}, "below_choices": BELOW_CHOICES,
    })
