"""The directors' dashboard: where a year stands, in a fixed number of queries whatever the data.

`figures(body, year, user)` returns plain JSON (the page and /api/v1/dashboard/ show the same).
Committee members see it limited to their committees (`committees` is then their ids): plan items
they lead, opinions and rectifications they follow, evaluations of the departments they liaise with
and the projects they follow, suggestions they supervise. Every number carries the link of the list
it counts, and that list holds exactly that many rows (tests/reports/test_dashboard.py walks
them all). The principles and aims plans state (PlanItem.is_principle) are never counted as work.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from deputies.figures.counts import year_totals
from meetings.materials import readiness_for_meetings
from meetings.models import Meeting, MeetingKind
from plans.filtersets import PROGRESS
from plans.models import ItemCommittee, PlanItem, PlanItemStatus, SupervisionForm
from plans.models.overdue import overdue_filter
from plans.models.plans import NOT_DUE_STATUSES
from reports import year_counts
from supervision.models import EvaluationResult, Rectification, ReviewOpinion

# The plan's promises: form of supervision -> (label, the count that says what was done).
PROMISES = [
    (SupervisionForm.EVALUATION, "满意度测评", "evaluations"),
    (SupervisionForm.INQUIRY, "专题询问", "inquiries"),
    (SupervisionForm.INSPECTION, "执法检查", "inspections"),
    (SupervisionForm.RESEARCH, "专题调研", "research"),
]


def _url(name, **query) -> str:
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return reverse(name) + ("?" + urlencode(query) if query else "")


def _overdue(day, prefix="") -> Q:
    """Plan items overdue on `day` (the rule of PlanItemQuerySet.overdue_on), through `prefix`."""
    return overdue_filter(day, prefix) & ~Q(**{f"{prefix}status__in": NOT_DUE_STATUSES})


def _items(body, year, committees):
    """The year's matters that are work (principles and aims never count), led by `committees` when given."""
    items = PlanItem.objects.filter(body=body, year=year).tasks()
    if committees is not None:
        items = items.filter(responsibilities__committee__in=committees, responsibilities__role="lead").distinct()
    return items


def _done_url(year, key, committees):
    url = reverse("summary-count", args=[year, key])
    return url + "?" + urlencode({"committees": ",".join(map(str, committees))}) if committees else url


def _promises(body, year, committees, counts):
    """What the year's adopted plans promised (reports/year_counts.planned) against what was done; each planned
    figure opens the matters it counts, each with the number it adds (year_counts.planned_url)."""
    planned = year_counts.planned(body, year, committees)
    rows = [{"form": "reports", "label": "听取和审议报告", "key": "reports"}]
    rows += [{"form": form.value, "label": label, "key": key} for form, label, key in PROMISES]
    for row in rows:
        key = row.pop("key")
        row.update(
            planned=planned[key], done=counts[key], done_url=_done_url(year, key, committees),
            planned_url=year_counts.planned_url(year, key, committees),
        )
        row["percent"] = min(100, round(100 * row["done"] / row["planned"])) if row["planned"] else None
    return rows


def _statuses(items, year, committee):
    counts = dict(items.values_list("status").annotate(n=Count("id", distinct=True)).order_by())
    return [
        {"status": value, "label": label, "count": counts.get(value, 0),
         "url": _url("item-list", year=year, status=value, committee=committee, principle="false")}
        for value, label in PlanItemStatus.choices
    ]


def _overdue_items(items, year, day, committee, limit=10):
    late = items.filter(_overdue(day)).order_by("year", "due_month", "pk")
    total = late.count()
    rows = []
    leads = Prefetch("responsibilities", queryset=ItemCommittee.objects.select_related("committee"))
    for item in late.prefetch_related(leads)[:limit]:
        months = (day.year - item.year) * 12 + day.month - item.due_month
        rows.append({
            "id": item.pk, "title": item.title, "status": item.get_status_display(), "due_month": item.due_month,
            "months_late": months, "url": reverse("item-detail", args=[item.pk]),
            "committees": [r.committee.short_name for r in item.responsibilities.all() if r.role == "lead"],
        })
    return {"count": total, "rows": rows, "url": _url("item-list", year=year, overdue="true", committee=committee)}


def _committees(body, year, day, committees):
    """Each committee's lead items by stage, and (for the whole body) the items no committee leads."""
    # One lead row per (item, committee) (a unique pair), so plain counts: DISTINCT would sort every row.
    stages = {name: Count("item", filter=Q(item__status__in=statuses)) for name, statuses in PROGRESS.items()}
    rows = ItemCommittee.objects.filter(item__body=body, item__year=year, item__is_principle=False,
                                        role=ItemCommittee.Role.LEAD)
    if committees is not None:
        rows = rows.filter(committee__in=committees)
    table = list(
        rows.values("committee", "committee__short_name", "committee__order")
        .annotate(total=Count("item"), overdue=Count("item", filter=_overdue(day, "item__")), **stages)
        .order_by("committee__order", "committee")
    )
    if committees is None:
        unled = PlanItem.objects.filter(body=body, year=year).tasks().exclude(
            responsibilities__role=ItemCommittee.Role.LEAD)
        stage_counts = {name: Count("pk", filter=Q(status__in=statuses)) for name, statuses in PROGRESS.items()}
        extra = unled.aggregate(total=Count("pk"), overdue=Count("pk", filter=_overdue(day)), **stage_counts)
        if extra["total"]:
            table.append({"committee": None, "committee__short_name": "未指定牵头委员会", **extra})
    result = []
    for r in table:
        link = dict(year=year, committee=r["committee"], committee_role="lead") if r["committee"] else \
            dict(year=year, lead="none")
        link["principle"] = "false"
        result.append({
            "committee": r["committee"], "name": r["committee__short_name"], "total": r["total"],
            "done": r["done"], "in_progress": r["in_progress"], "not_started": r["not_started"],
            "overdue": r["overdue"], "done_percent": round(100 * r["done"] / r["total"]) if r["total"] else 0,
            "url": _url("item-list", **link),
            **{f"{name}_url": _url("item-list", progress=name, **link) for name in PROGRESS},
            "overdue_url": _url("item-list", overdue="true", **link),
        })
    return result


def _next_meeting(body, year, day):
    meeting = (
        Meeting.objects.filter(body=body, year=year, kind=MeetingKind.STANDING, date__gte=day)
        .exclude(status=Meeting.Status.CANCELLED).select_related("term").order_by("date").first()
    )
    if meeting is None:
        return None
    readiness = readiness_for_meetings([meeting], day)[meeting.pk]
    return {
        "id": meeting.pk, "title": meeting.title, "date": meeting.date.isoformat(), "days": (meeting.date - day).days,
        "url": reverse("meeting-detail", args=[meeting.pk]),
        "agenda": [a.title for a in meeting.agenda_items.order_by("order")],
        "agenda_fixed": bool(meeting.agenda_fixed_on and meeting.agenda_fixed_on <= day),
        "readiness": readiness.label, "complete": readiness.complete,
        "late": [f"{late.agenda_item.order}. {late.step.get_step_display()}（{late.whose}，截止 {late.step.due:%Y-%m-%d}）"
                 for late in readiness.late],
        "materials_url": reverse("meeting-materials", args=[meeting.pk]),
    }


def _months(body, year):
    rows = Meeting.objects.filter(body=body, year=year, kind__in=(MeetingKind.STANDING, MeetingKind.CHAIRPERSONS))
    months = {m: {"month": m, "standing_held": 0, "standing_planned": 0, "chair_held": 0, "chair_planned": 0}
              for m in range(1, 13)}
    for kind, status, day, planned in rows.exclude(status=Meeting.Status.CANCELLED).values_list(
            "kind", "status", "date", "planned_month"):
        month = day.month if day else planned
        if not month:
            continue
        prefix = "standing" if kind == MeetingKind.STANDING else "chair"
        months[month][f"{prefix}_{'held' if status == Meeting.Status.HELD else 'planned'}"] += 1
    # Each figure opens the meetings it counts: held ones, or those still to come (cancelled left out).
    for month, row in months.items():
        for prefix, kind in (("standing", MeetingKind.STANDING), ("chair", MeetingKind.CHAIRPERSONS)):
            base = {"year": year, "kind": kind, "month": month}
            row[f"{prefix}_held_url"] = _url("meeting-list", **base, status=Meeting.Status.HELD)
            row[f"{prefix}_planned_url"] = _url("meeting-list", **base, to_come="true")
    return list(months.values())


def _evaluations(body, year, committees):
    """The year's evaluated departments and projects: those the 满意度测评 count counts (year_counts), so the
    total opens as exactly its list, for the whole body or a committee's own."""
    subjects = year_counts.rows_for(year_counts.BY_KEY["evaluations"], body, year, committees)
    by_result = defaultdict(int)
    rated = []
    for s in subjects.select_related("evaluation"):
        by_result[s.result] += 1
        valid = (s.satisfied or 0) + (s.basic or 0) + (s.unsatisfied or 0)
        if valid:
            rated.append({"label": s.label, "result": s.get_result_display(), "evaluation": s.evaluation_id,
                          "rate": round(100 * ((s.satisfied or 0) + (s.basic or 0)) / valid, 1),
                          "satisfied_rate": round(100 * (s.satisfied or 0) / valid, 1),
                          "url": reverse("evaluation-detail", args=[s.evaluation_id])})
    rated.sort(key=lambda r: (r["satisfied_rate"], r["rate"]))
    return {
        "by_result": [{"result": v, "label": label, "count": by_result.get(v, 0),
                       "url": reverse("summary-count", args=[year, "evaluations"]) + "?" + urlencode(
                           {"result": v, **({"committees": ",".join(map(str, committees))} if committees else {})})}
                      for v, label in EvaluationResult.choices],
        "total": sum(by_result.values()), "lowest": rated[:5],
        "url": _done_url(year, "evaluations", committees),
    }


def _suggestions(body, year, user, day):
    """The year's accepted suggestions the user may see, by the rules of deputies/figures/counts.py (one query)."""
    totals, links = year_totals(body, year, user, today=day)
    keys = ("assigned", "on_time", "on_time_share", "ab_share", "satisfied_share", "overdue", "key")
    return {
        **{k: totals.get(k) for k in keys},
        "links": {k: reverse("suggestion-list") + "?" + urlencode(q) for k, q in links.items() if k in keys},
        "figures_url": reverse("suggestion-figures") + f"?year={year}",
    }


def _followup(body, year, day, committees, one):
    opinions = ReviewOpinion.objects.filter(agenda_item__meeting__body=body, agenda_item__meeting__year=year)
    rects = Rectification.objects.filter(body=body, status=Rectification.Status.OPEN)
    if committees is not None:
        opinions = opinions.filter(committee__in=committees)
        rects = rects.filter(committee__in=committees)
    o = opinions.aggregate(open=Count("pk", filter=Q(response_on__isnull=True)),
                           overdue=Count("pk", filter=Q(response_on__isnull=True, due_on__lt=day)))
    r = rects.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=day)))
    return {
        "opinions_open": o["open"], "opinions_overdue": o["overdue"],
        "opinions_open_url": _url("opinion-list", year=year, responded="false", committee=one),
        "opinions_overdue_url": _url("opinion-list", year=year, overdue="true", committee=one),
        "rectifications_open": r["open"], "rectifications_overdue": r["overdue"],
        "rectifications_open_url": _url("rectification-list", status="open", committee=one),
        "rectifications_overdue_url": _url("rectification-list", status="open", overdue="true", committee=one),
    }


def figures(body, year: int, user, committees=None, day=None) -> dict:
    """Everything on the dashboard for the year; `committees` ({id: short name}) limits it to those
    committees' work."""
    day = day or timezone.localdate()
    counts = year_counts.values(body, year, keys={"reports", *(key for _, _, key in PROMISES)},
                                committees=committees)
    items = _items(body, year, committees)
    one = next(iter(committees)) if committees is not None and len(committees) == 1 else None
    names = list(committees.values()) if committees else []
    return {
        "year": year, "today": day.isoformat(), "limited_to": names,
        "planned_note": (year_counts.PLANNED_NOTE_COMMITTEES if committees is not None else year_counts.PLANNED_NOTE)
                        + "完成数按会议和结果统计（满意度测评按测评对象计），口径见年度统计。",
        "promises": _promises(body, year, committees, counts),
        "statuses": _statuses(items, year, one),
        "overdue": _overdue_items(items, year, day, one),
        "committees": _committees(body, year, day, committees),
        "next_meeting": _next_meeting(body, year, day),
        "months": _months(body, year),
        "evaluations": _evaluations(body, year, committees),
        "suggestions": _suggestions(body, year, user, day),
        "followup": _followup(body, year, day, committees, one),
    }
