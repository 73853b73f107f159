"""The office's pages of the duty record (代表履职登记与积分):

/deputies/duty/?year=&group=&station=        every deputy's counts, activities and points (frozen or live), the ones
                                              below the minimum flagged; &export=xlsx the workbook; 定稿 (office)
/deputies/duty/<deputy>/?year=                one deputy's year: each count with what it is made of; &export=docx
                                              the year report for 向选民述职 (GB/T 9704)
/deputies/duty/declared/?status=              the deputies' declarations; /declared/<id>/ one, with 认定/退回 (office)
/deputies/duty/attendance/?target=&group=     attendance at one congress session or standing meeting, a group's
                                              deputies at a time, 出席/请假/缺席 per deputy (office)
What is counted: deputies/duty/record.py. Who may: deputies.permissions.duty_*_refusal.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import change_log, uploads
from core.exporters import export_response
from core.rules import rules_for
from deputies.duty import record, workflow
from deputies.duty.exports import DutyReportDocument, DutyWorkbook
from deputies.duty.forms import DecisionForm
from deputies.filtersets import DeclaredActivityFilterSet, DutyRecordFilterSet
from deputies.models import (
    AttendanceStatus,
    CongressSession,
    DeclaredActivity,
    Deputy,
    MeetingAttendance,
    SessionAttendance,
    Station,
)
from deputies.permissions import duty_manage_refusal, duty_read_refusal, require
from meetings.models import Meeting, MeetingKind


def year_of(request) -> int:
    raw = (request.GET.get("year") or request.POST.get("year") or "").strip()
    if raw.isdigit() and 1980 <= int(raw) <= 2100:
        return int(raw)
    if raw:
        messages.error(request, f"年度“{raw}”无法识别，请填写如 2023 的年份；已显示今年。")
    return timezone.localdate().year


def _years(body, year) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), year}, reverse=True)


def overview(request):
    require(duty_read_refusal(request.user))
    body = request.renda_body
    year = year_of(request)
    filterset = DutyRecordFilterSet(request.GET or None, queryset=record.year_deputies(body, year), request=request)
    deputies = filterset.qs if filterset.is_valid() else record.year_deputies(body, year).none()
    filtered = any(request.GET.get(k) for k in ("group", "station", "q", "below"))
    rows, is_frozen = record.result(body, year, deputies=deputies)
    if request.GET.get("below") == "true":
        rows = [r for r in rows if r["below_minimum"]]
    params = rows[0]["rule_params"] if rows else record.rule_params(rules_for(body))
    query = {k: v for k, v in request.GET.items() if k not in ("export", "page") and v}
    query["year"] = year
    if request.GET.get("export") == "xlsx":
        scope = "（" + "，".join(f"{filterset.form.fields[k].label}：{v}" for k, v in query.items()
                                if k in ("group", "q")) + "）" if any(k in query for k in ("group", "q")) else ""
        return export_response(DutyWorkbook(body.name, year, rows, is_frozen, params, scope))
    below = sum(1 for r in rows if r["below_minimum"])
    for r in rows:
        r["cells"] = [(k.key, r["counts"].get(k.key, 0)) for k in record.KINDS]
    first = next((r for r in rows if r.get("computed_at")), None)
    return render(request, "deputies/duty/overview.html", {
        "year": year, "years": _years(body, year), "rows": rows, "frozen": is_frozen, "filter": filterset,
        "filtered": filtered, "kinds": record.KINDS, "params": params, "below": below,
        "rule_rows": [(k.label, params["points"][k.key]) for k in record.KINDS],
        "frozen_at": first["computed_at"] if first else None, "frozen_by": first["computed_by"] if first else None,
        "can_manage": duty_manage_refusal(request.user) is None,
        "groups": sorted({g for g in Deputy.objects.filter(body=body).values_list("group", flat=True) if g}),
        "stations": Station.objects.filter(body=body).only("id", "number", "name"),
        "xlsx_url": f"?{urlencode({**query, 'export': 'xlsx'})}",
        "pending": DeclaredActivity.objects.filter(body=body, status=DeclaredActivity.Status.SUBMITTED).count(),
    })


@require_POST
def freeze_view(request):
    require(duty_manage_refusal(request.user))
    year = year_of(request)
    try:
        rows = record.freeze(request.renda_body, year, request.user)
    except record.FreezeError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"{year} 年代表履职积分已定稿（{len(rows)} 名代表）；此后修改积分规则不影响该年结果。")
    return redirect(f"{reverse('duty-overview')}?{urlencode({'year': year})}")


def deputy_page(request, pk):
    require(duty_read_refusal(request.user))
    body = request.renda_body
    deputy = get_object_or_404(Deputy.objects.select_related("station"), pk=pk)
    year = year_of(request)
    row, is_frozen = record.deputy_result(body, year, deputy)
    items = record.deputy_items(body, year, deputy, row["rule_params"]["feedback_days"])
    if request.GET.get("export") == "docx":
        return export_response(DutyReportDocument(body.name, year, row, items, is_frozen))
    declared = (DeclaredActivity.objects.filter(deputy=deputy, held_on__year=year).prefetch_related("events")
                .order_by("-held_on", "-pk"))
    return render(request, "deputies/duty/deputy.html", {
        "deputy": deputy, "year": year, "years": _years(body, year), "row": row, "frozen": is_frozen,
        "sections": sections(row, items), "declared": declared,
        "docx_url": f"?{urlencode({'year': year, 'export': 'docx'})}",
    })


def sections(row: dict, items: dict) -> list[dict]:
    """Each kind with its count, points and items, for the deputy's page and the portal."""
    params, counts = row["rule_params"], row["counts"]
    out = [{"key": k.key, "label": k.label, "unit": k.unit, "count": counts.get(k.key, 0),
            "each": params["points"][k.key], "points": counts.get(k.key, 0) * params["points"][k.key],
            "items": items.get(k.key, []), "activity": k.is_activity} for k in record.KINDS]
    out.append({"key": "absent", "label": "无故缺席（扣分）", "unit": "次", "count": counts.get("absent", 0),
                "each": -params["absent"], "points": -counts.get("absent", 0) * params["absent"],
                "items": items.get("absent", []), "activity": False})
    out.append({"key": "leave", "label": "请假（不扣分）", "unit": "次", "count": counts.get("leave", 0), "each": 0,
                "points": 0, "items": items.get("leave", []), "activity": False})
    return out


# --- declarations ----------------------------------------------------------------------------------------------


def declared_list(request):
    require(duty_read_refusal(request.user))
    rows = DeclaredActivity.objects.select_related("deputy").order_by("-created_at", "-pk")
    filterset = DeclaredActivityFilterSet(request.GET or None, queryset=rows, request=request)
    rows = filterset.qs if filterset.is_valid() else rows.none()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "deputies/duty/declared_list.html", {
        "filter": filterset, "page": page, "rows": list(page.object_list), "statuses": DeclaredActivity.Status,
        "query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
    })


def declared_detail(request, pk):
    require(duty_read_refusal(request.user))
    activity = get_object_or_404(DeclaredActivity.objects.select_related("deputy", "decided_by"), pk=pk)
    can_decide = duty_manage_refusal(request.user) is None and activity.status == DeclaredActivity.Status.SUBMITTED
    form = None
    if request.method == "POST":
        require(duty_manage_refusal(request.user))
        form = DecisionForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["version"] != activity.version:
                messages.error(request, "该履职登记已被他人处理或代表已修改，请查看最新情况后再审核。")
                return redirect("duty-declared-detail", pk=activity.pk)
            try:
                if form.cleaned_data["decision"] == "approve":
                    workflow.approve(activity, request.user)
                    messages.success(request, f"已认定 {activity.deputy.name} 的“{activity.title}”，计入其履职积分。")
                else:
                    workflow.return_(activity, form.cleaned_data["reason"], request.user)
                    messages.success(request, f"已将“{activity.title}”退回 {activity.deputy.name}。")
            except workflow.StepError as e:
                messages.error(request, str(e))
            return redirect("duty-declared-detail", pk=activity.pk)
    if can_decide and form is None:
        form = DecisionForm(initial={"version": activity.version, "decision": "approve"})
    return render(request, "deputies/duty/declared_detail.html", {
        "activity": activity, "events": activity.events.select_related("by").order_by("at", "pk"),
        "form": form if can_decide else None,
    }, status=400 if request.method == "POST" else 200)


def declared_proof(request, pk):
    require(duty_read_refusal(request.user))
    activity = get_object_or_404(DeclaredActivity, pk=pk)
    if not activity.proof:
        return redirect("duty-declared-detail", pk=activity.pk)
    return uploads.file_response(activity.proof)


# --- attendance in bulk --------------------------------------------------------------------------------------------


def _targets(body, year):
    """The year's congress sessions and standing meetings that took place: [(value, label)]."""
    out = [(f"s{s.pk}", f"{s.name}（{s.start_on:%Y-%m-%d}）")
           for s in CongressSession.objects.filter(body=body, start_on__year=year).order_by("start_on")]
    out += [(f"m{m.pk}", f"{m} （{m.date:%Y-%m-%d}）" if m.date else str(m))
            for m in Meeting.objects.filter(body=body, year=year, kind=MeetingKind.STANDING)
            .exclude(status=Meeting.Status.CANCELLED).order_by("date", "pk")]
    return out


def _target(body, value: str):
    """(kind, object) of a posted target "s<id>" (congress session) or "m<id>" (standing meeting)."""
    if len(value) > 1 and value[1:].isdigit():
        if value[0] == "s":
            return "s", CongressSession.objects.filter(body=body, pk=int(value[1:])).first()
        if value[0] == "m":
            return "m", (Meeting.objects.filter(body=body, pk=int(value[1:]), kind=MeetingKind.STANDING)
                         .exclude(status=Meeting.Status.CANCELLED).first())
    return None, None


def attendance_page(request):
    require(duty_manage_refusal(request.user))
    body = request.renda_body
    year = year_of(request)
    data = request.POST if request.method == "POST" else request.GET
    targets = _targets(body, year)
    value = data.get("target") or (targets[0][0] if targets else "")
    kind, target = _target(body, value)
    group = data.get("group", "")
    deputies = Deputy.objects.filter(body=body, status=Deputy.Status.SERVING).only("id", "name", "group", "code")
    if group:
        deputies = deputies.filter(group=group)
    deputies = list(deputies.order_by("group", "name", "id"))
    model = SessionAttendance if kind == "s" else MeetingAttendance
    link = {"session": target} if kind == "s" else {"meeting": target}
    current = ({a.deputy_id: a for a in model.objects.filter(**link, deputy__in=deputies)} if target else {})
    if request.method == "POST":
        if target is None:
            messages.error(request, "会议：请选择本年度的一次人代会会议或常委会会议。")
        else:
            changed = _save_attendance(request, model, link, deputies, current, body)
            messages.success(request, f"已保存 {target} 的出席情况（{changed} 名代表有变化）。" if changed
                             else "出席情况没有变化。")
        return redirect(f"{reverse('duty-attendance')}?{urlencode({'year': year, 'target': value, 'group': group})}")
    rows = [{"deputy": d, "status": current[d.pk].status if d.pk in current else ""} for d in deputies]
    return render(request, "deputies/duty/attendance.html", {
        "year": year, "years": _years(body, year), "targets": targets, "target_value": value, "target": target,
        "group": group, "rows": rows, "statuses": AttendanceStatus.choices,
        "groups": sorted({g for g in Deputy.objects.filter(body=body).values_list("group", flat=True) if g}),
    })


def _save_attendance(request, model, link, deputies, current, body) -> int:
    """Each deputy's posted status (status-<id>: present/leave/absent, or "" for not recorded); returns how many
    changed. Kept in the history of the session or meeting."""
    valid = set(AttendanceStatus.values)
    changes, create, update, remove = [], [], [], []
    for d in deputies:
        wanted = request.POST.get(f"status-{d.pk}", "")
        if wanted and wanted not in valid:
            continue
        row = current.get(d.pk)
        have = row.status if row else ""
        if wanted == have:
            continue
        label = dict(AttendanceStatus.choices)
        changes.append(f"{d.name} {label.get(have, '未登记')}→{label.get(wanted, '未登记')}")
        if row is None:
            create.append(model(body=body, deputy=d, status=wanted, created_by=request.user, **link))
        elif wanted:
            row.status = wanted
            update.append(row)
        else:
            remove.append(row.pk)
    if changes:
        with transaction.atomic():
            model.objects.bulk_create(create)
            model.objects.bulk_update(update, ["status"])
            model.objects.filter(pk__in=remove).delete()
            change_log.record(request.user, next(iter(link.values())), "change", note="出席情况：" + "；".join(changes))
    return len(changes)
