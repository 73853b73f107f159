"""Rectification pages: the list, the detail with progress notes, closing, a new report for 不满意."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.bad_request import bad_request, id_param
from core.listing import render_filtered_list
from core.tables import TableExporter
from meetings.models import Meeting
from supervision import opinions as services
from supervision.filtersets import RectificationFilterSet
from supervision.forms.opinions import CloseForm, NoteForm, RectificationForm
from supervision.models import Inspection, Rectification, ReviewOpinion
from supervision.permissions import can_record_supervision, office_refusal, rectification_refusal, require
from supervision.tables import RectificationTable


def rectification_queryset():
    return Rectification.objects.select_related(
        "committee", "reporting_body", "opinion__agenda_item__meeting__term", "opinion__committee",
        "evaluation_subject__evaluation", "inspection", "new_report_agenda_item__meeting__term",
    )


def rectification_list(request):
    return render_filtered_list(
        request, rectification_queryset().order_by("status", "due_on", "pk"), RectificationFilterSet,
        "supervision/rectifications/list.html", {"can_record": can_record_supervision(request.user)},
        exporter_class=TableExporter, table=RectificationTable(),
    )


def rectification_create(request):
    """The office opens a record by hand, from an opinion (?opinion=) or an inspection (?inspection=)."""
    require(office_refusal(request.user))
    rect = Rectification(body=request.renda_body, source=Rectification.Source.OPINION)
    opinion = inspection = None
    try:
        opinion_id = id_param(request.GET.get("opinion") or request.POST.get("opinion"))
        inspection_id = id_param(request.GET.get("inspection") or request.POST.get("inspection"))
    except ValueError as error:
        return bad_request(request, f"整改来源“{error}”无法识别：审议意见或执法检查应以编号指明。")
    if opinion_id:
        opinion = get_object_or_404(ReviewOpinion.objects.select_related("agenda_item"), pk=opinion_id)
        rect.opinion, rect.source = opinion, Rectification.Source.OPINION
        rect.committee, rect.reporting_body = opinion.committee, opinion.reporting_body
    source_id = inspection_id
    if source_id:
        inspection = get_object_or_404(Inspection, pk=source_id)
        rect.inspection, rect.source = inspection, Rectification.Source.INSPECTION
    initial = {"due_on": services.rectification_due_on(request.renda_body, timezone.localdate())}
    form = RectificationForm(request.POST or None, instance=rect, initial=initial)
    if request.method == "POST" and form.is_valid():
        rect = form.save()
        messages.success(request, "整改记录已建立。")
        return redirect("rectification-detail", pk=rect.pk)
    return render(request, "supervision/rectifications/form.html",
                  {"form": form, "opinion": opinion, "inspection": inspection})


def rectification_detail(request, pk):
    rect = get_object_or_404(rectification_queryset(), pk=pk)
    reason = rectification_refusal(request.user, rect)
    rect.overdue = rect.is_overdue()
    schedule = services.schedule_new_report_function()
    context = {
        "rect": rect, "refusal": reason, "notes": rect.notes.select_related("by"),
        "note_form": NoteForm(), "close_form": CloseForm(),
        "can_schedule": schedule is not None and rect.needs_new_report and not rect.new_report_agenda_item_id
        and can_record_supervision(request.user),
        "schedule_missing": schedule is None and rect.needs_new_report,
    }
    if context["can_schedule"]:
        context["meetings"] = Meeting.objects.filter(status__in=[Meeting.Status.PLANNED, Meeting.Status.SCHEDULED]).select_related("term").order_by("year", "number")
    return render(request, "supervision/rectifications/detail.html", context)


@require_POST
def rectification_note(request, pk):
    rect = get_object_or_404(rectification_queryset(), pk=pk)
    require(rectification_refusal(request.user, rect))
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(rect, request.user, form.cleaned_data["text"])
        messages.success(request, "整改进展已记录。")
    else:
        messages.error(request, "请填写进展。")
    return redirect("rectification-detail", pk=rect.pk)


@require_POST
def rectification_close(request, pk):
    rect = get_object_or_404(rectification_queryset(), pk=pk)
    require(rectification_refusal(request.user, rect))
    if request.POST.get("reopen"):
        services.reopen_rectification(rect, request.user, request.POST.get("text", ""))
        messages.success(request, "整改记录已重新打开。")
        return redirect("rectification-detail", pk=rect.pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        if error := services.close_date_error(form.cleaned_data["closed_on"]):
            messages.error(request, error)
        else:
            services.close_rectification(rect, request.user, form.cleaned_data["closed_on"], form.cleaned_data["text"])
            messages.success(request, "整改已完成。")
    else:
        messages.error(request, "请填写正确的完成日期。")
    return redirect("rectification-detail", pk=rect.pk)


@require_POST
def rectification_schedule(request, pk):
    """不满意: put a new report on a later agenda, through the evaluations module's service."""
    require(office_refusal(request.user))
    rect = get_object_or_404(rectification_queryset(), pk=pk)
    schedule = services.schedule_new_report_function()
    if schedule is None:
        messages.error(request, "测评模块尚未提供“列入后续会议议程”功能。")
        return redirect("rectification-detail", pk=rect.pk)
    chosen = request.POST.get("meeting", "")
    meeting = Meeting.objects.filter(pk=chosen).first() if chosen.isdigit() else None
    if meeting is None:  # nothing or an unknown meeting chosen: say so on the page, not a 404
        messages.error(request, "请选择要列入的会议。")
        return redirect("rectification-detail", pk=rect.pk)
    schedule(rect, meeting, request.user)
    messages.success(request, f"已将再次报告列入{meeting.short_title}议程。")
    return redirect("rectification-detail", pk=rect.pk)
