"""The office's meeting pages: the calendar, meetings, the agenda builder and outcomes."""

import calendar
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.listing import query_without
from core.models import Term
from core.years import BadYear, parse_year
from meetings import agenda
from meetings.forms import AgendaItemForm, MeetingForm, MoveAgendaItemForm, OutcomeForm
from meetings.models import AgendaItem, Meeting, MeetingKind
from plans.permissions import can_manage_plans, require_plan_manager


def _years(request):
    return sorted(set(Meeting.objects.values_list("year", flat=True)) | {timezone.localdate().year}, reverse=True)


def meeting_calendar(request):
    """The year's meetings by month, every kind, with how ready each agenda is."""
    from meetings.materials import readiness_for_meetings

    try:
        year, status = parse_year(request.GET.get("year")), 200
    except BadYear as error:  # say so, and show this year instead
        messages.error(request, str(error))
        year, status = parse_year(None), 400
    meetings = list(
        Meeting.objects.filter(year=year).select_related("term").annotate(agenda_count=Count("agenda_items"))
        .order_by("date", "planned_month", "kind", "number")
    )
    readiness = readiness_for_meetings(meetings)
    months = []
    for month in range(1, 13):
        in_month = [m for m in meetings if (m.date.month if m.date else m.planned_month) == month]
        for m in in_month:
            m.readiness = readiness.get(m.pk)
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        by_day = {}
        for m in in_month:
            if m.date:
                by_day.setdefault(m.date, []).append(m)
        months.append({
            "month": month,
            "meetings": in_month,
            "weeks": [[{"day": d, "in_month": d.month == month, "meetings": by_day.get(d, [])} for d in w] for w in weeks],
            "undated": [m for m in in_month if not m.date],
        })
    return render(request, "plans/meeting_calendar.html", {
        "year": year, "years": _years(request), "months": months,
        "kinds": MeetingKind.choices, "can_manage": _can_manage(request),
        "has_schedule": any(m.kind == MeetingKind.STANDING for m in meetings),
    }, status=status)


def _can_manage(request):
    return can_manage_plans(request.user)


def meeting_create(request):
    require_plan_manager(request.user, "新建会议")
    term = Term.objects.order_by("-number").first()
    kind = request.GET.get("kind") if request.GET.get("kind") in MeetingKind.values else MeetingKind.STANDING
    initial = {"kind": kind, "term": term, "year": timezone.localdate().year}
    if term is not None:
        initial["number"] = agenda.next_number(term, kind)
    form = MeetingForm(request.POST or None, initial=initial, instance=Meeting(body=request.renda_body))
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, f"已创建{meeting.title}。")
        return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "plans/meeting_form.html", {"form": form})


def meeting_edit(request, pk):
    """Edit a meeting; moving its date recomputes every open materials deadline."""
    require_plan_manager(request.user, "修改会议")
    meeting = get_object_or_404(Meeting, pk=pk)
    old_date = meeting.date
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        if meeting.date != old_date:
            from meetings.materials import recompute_meeting

            recompute_meeting(meeting)
            messages.success(request, "会议日期已调整，各议题未完成的材料报送期限已重新计算。")
        else:
            messages.success(request, "会议已保存。")
        return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "plans/meeting_form.html", {"form": form, "meeting": meeting})


@require_POST
def meeting_cancel(request, pk):
    require_plan_manager(request.user, "取消会议")
    meeting = get_object_or_404(Meeting, pk=pk)
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])
    messages.success(request, f"{meeting.short_title}已取消。议程中的议题仍保留，可移至其他会议。")
    return redirect("meeting-detail", pk=meeting.pk)


@require_POST
def meeting_delete(request, pk):
    require_plan_manager(request.user, "删除会议")
    meeting = get_object_or_404(Meeting, pk=pk)
    count = meeting.agenda_items.count()
    if count:
        messages.error(request, f"{meeting.short_title}还有 {count} 项议题，请先移至其他会议或撤下，再删除会议。")
        return redirect("meeting-detail", pk=meeting.pk)
    title = meeting.title
    meeting.delete()
    messages.success(request, f"已删除{title}。")
    return redirect("meeting-calendar")


# The builder's search results, a page at a time.
SEARCH_PER_PAGE = 20


def _ids(values) -> list[int]:
    """The ids ticked, once each, in the order given; anything that is not a plain number is left out."""
    return list(dict.fromkeys(int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 19))


def agenda_builder(request, pk):
    """The plan items proposed for this meeting (its month's, and overdue earlier ones), and a search over every
    other item of its year still on no agenda (?q=); the office adds the chosen ones in one step."""
    require_plan_manager(request.user, "建立会议议程")
    meeting = get_object_or_404(Meeting.objects.select_related("term"), pk=pk)
    if request.method == "POST":
        ids = _ids(request.POST.getlist("items"))
        # Only what the page could offer: an item added to an agenda meanwhile (another tab, a colleague) or
        # cancelled is not added twice.
        chosen = agenda.addable(meeting).in_bulk(ids)
        items = [chosen[i] for i in ids if i in chosen]
        if not ids:
            messages.error(request, "请至少勾选一项。")
        elif not items:
            messages.error(request, "勾选的事项已列入议程或不能列入本次会议议程（如已取消），没有添加。请重新勾选。")
        else:
            created = agenda.add_plan_items(meeting, items, request.user)
            message = f"已将 {len(created)} 项列入{meeting.short_title}议程。"
            if len(items) < len(ids):
                message += f"另有 {len(ids) - len(items)} 项已列入议程或不能列入本次会议议程，没有添加。"
            messages.success(request, message)
            return redirect("meeting-detail", pk=meeting.pk)
    this_month, earlier = agenda.proposals(meeting)
    searched = "q" in request.GET
    query = request.GET.get("q", "").strip()[:100]
    results = None
    if searched:
        results = Paginator(agenda.search(meeting, query), SEARCH_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "plans/agenda_builder.html", {
        "meeting": meeting, "this_month": this_month, "earlier": earlier, "month": agenda.meeting_month(meeting),
        "proposed": {i.pk for i in this_month} | {i.pk for i in earlier},
        "searched": searched, "query": query, "results": results,
        "search_query": query_without(request, "page"),
    })


@require_POST
def agenda_fix(request, pk):
    """The office fixes the agenda (reminders stop asking for it) or reopens it for changes."""
    require_plan_manager(request.user, "确定或重新打开会议议程")
    meeting = get_object_or_404(Meeting, pk=pk)
    if request.POST.get("fixed") == "1":
        if not AgendaItem.objects.filter(meeting=meeting).exists():
            messages.error(request, "议程还没有议题，不能确定。")
            return redirect("meeting-detail", pk=meeting.pk)
        meeting.agenda_fixed_on = timezone.localdate()
        messages.success(request, f"{meeting.short_title}议程已确定。")
    else:
        meeting.agenda_fixed_on = None
        messages.success(request, f"{meeting.short_title}议程已重新打开，可继续调整。")
    meeting.save(update_fields=["agenda_fixed_on"])
    return redirect("meeting-detail", pk=meeting.pk)


def agenda_item_create(request, pk):
    require_plan_manager(request.user, "添加议题")
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        agenda.add_adhoc_item(meeting, form, request.user)
        messages.success(request, "议题已添加。")
        return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "plans/agenda_item_form.html", {"form": form, "meeting": meeting})


def agenda_item_edit(request, pk):
    require_plan_manager(request.user, "修改议题")
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        from meetings.materials import sync_material_steps

        sync_material_steps(item)
        messages.success(request, "议题已保存。")
        return redirect("meeting-detail", pk=item.meeting_id)
    return render(request, "plans/agenda_item_form.html", {"form": form, "meeting": item.meeting, "item": item})


@require_POST
def agenda_reorder(request, pk):
    """Drag and drop sends the whole order (JSON); the ↑/↓ buttons send one step (a form)."""
    require_plan_manager(request.user, "调整议题顺序")
    meeting = get_object_or_404(Meeting, pk=pk)
    current = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "id").values_list("pk", flat=True))
    if request.content_type == "application/json":
        try:
            ordered = [int(i) for i in json.loads(request.body)["order"]]
        except (ValueError, KeyError, TypeError):
            return JsonResponse({"error": "请求格式有误。"}, status=400)
    else:
        ordered = list(current)
        moving = int(request.POST.get("item", 0) or 0)
        if moving in ordered:
            index = ordered.index(moving)
            target = index - 1 if request.POST.get("direction") == "up" else index + 1
            if 0 <= target < len(ordered):
                ordered[index], ordered[target] = ordered[target], ordered[index]
    try:
        agenda.reorder(meeting, ordered)
    except ValidationError as error:
        if request.content_type == "application/json":
            return JsonResponse({"error": error.messages[0]}, status=409)
        messages.error(request, error.messages[0])
        return redirect("meeting-detail", pk=meeting.pk)
    if request.content_type == "application/json":
        return JsonResponse({"order": ordered})
    # Back to the button that was pressed, so a keyboard user can press it again (agenda-reorder.js).
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return redirect(f"{meeting_url(meeting)}#move-{request.POST.get('item')}-{direction}")


def meeting_url(meeting):
    from django.urls import reverse

    return reverse("meeting-detail", kwargs={"pk": meeting.pk})


def agenda_item_move(request, pk):
    require_plan_manager(request.user, "将议题移到其他会议")
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = MoveAgendaItemForm(request.POST or None, agenda_item=item)
    if request.method == "POST" and form.is_valid():
        source = item.meeting
        try:
            agenda.move_item(item, form.cleaned_data["meeting"], request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("meeting", error.messages[0])
        else:
            messages.success(request, f"议题已移至{form.cleaned_data['meeting'].short_title}。")
            return redirect("meeting-detail", pk=source.pk)
    return render(request, "plans/agenda_item_move.html", {"form": form, "item": item, "meeting": item.meeting})


@require_POST
def agenda_item_remove(request, pk):
    require_plan_manager(request.user, "撤下议题")
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    meeting = item.meeting
    agenda.remove_item(item, request.user, request.POST.get("reason", "").strip())
    messages.success(request, "议题已撤下，相关计划事项已退回“准备中”。")
    return redirect("meeting-detail", pk=meeting.pk)


def meeting_outcomes(request, pk):
    """Record what happened at the meeting: date held, attendance, each item's outcome."""
    require_plan_manager(request.user, "记录会议情况")
    meeting = get_object_or_404(Meeting.objects.select_related("term"), pk=pk)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))
    forms = [OutcomeForm(request.POST or None, instance=i, prefix=f"a{i.pk}") for i in items]
    errors = []
    if request.method == "POST":
        held_on = request.POST.get("held_on") or None
        try:
            in_office = int(request.POST["members_in_office"]) if request.POST.get("members_in_office") else None
            present = int(request.POST["members_present"]) if request.POST.get("members_present") else None
        except ValueError:
            in_office = present = None
            errors.append("组成人员数和出席人数应为整数。")
        if not held_on:
            errors.append("请填写会议召开日期。")
        if all(f.is_valid() for f in forms) and not errors:
            from datetime import date

            try:
                agenda.record_outcomes(
                    meeting, request.user, held_on=date.fromisoformat(held_on), in_office=in_office, present=present,
                    outcomes={f.instance.pk: f.cleaned_data for f in forms},
                )
            except (ValidationError, ValueError) as error:
                errors.append(error.messages[0] if hasattr(error, "messages") else f"日期有误：{held_on}")
            else:
                messages.success(request, "会议情况已记录。")
                return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "plans/meeting_outcomes.html", {
        "meeting": meeting, "rows": list(zip(items, forms)), "errors": errors,
    })
