"""Law-enforcement inspections (执法检查) and special inquiries (专题询问): the office records them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from core.listing import render_filtered_list
from core.tables import TableExporter
from meetings.models import AgendaItem
from supervision.filtersets import InspectionFilterSet, SpecialInquiryFilterSet
from supervision.forms.opinions import InquiryForm, InspectionForm
from supervision.models import Inspection, Rectification, ReviewOpinion, SpecialInquiry
from supervision.permissions import can_record_supervision, office_refusal, require
from supervision.tables import InquiryTable, InspectionTable


def inspection_queryset():
    return Inspection.objects.select_related("plan_item", "report_agenda_item__meeting__term")


def inspection_list(request):
    return render_filtered_list(
        request, inspection_queryset().order_by("-year", "start_on", "pk"), InspectionFilterSet,
        "supervision/inspections/list.html", {"can_record": can_record_supervision(request.user)},
        exporter_class=TableExporter, table=InspectionTable(),
    )


def inspection_edit(request, pk=None):
    require(office_refusal(request.user))
    inspection = get_object_or_404(Inspection, pk=pk) if pk else Inspection(body=request.renda_body)
    form = InspectionForm(request.POST or None, instance=inspection)
    if request.method == "POST" and form.is_valid():
        inspection = form.save()
        messages.success(request, "执法检查已保存。")
        return redirect("inspection-detail", pk=inspection.pk)
    return render(request, "supervision/inspections/form.html", {"form": form, "inspection": inspection if pk else None})


def inspection_detail(request, pk):
    inspection = get_object_or_404(inspection_queryset(), pk=pk)
    opinions = []
    if inspection.report_agenda_item_id:
        opinions = list(ReviewOpinion.objects.filter(agenda_item=inspection.report_agenda_item_id)
                        .select_related("committee", "reporting_body"))
        from supervision.opinions import opinion_state

        for o in opinions:
            o.state_class, o.state_label = opinion_state(o)
    rects = Rectification.objects.filter(inspection=inspection).select_related("committee", "reporting_body")
    return render(request, "supervision/inspections/detail.html", {
        "inspection": inspection, "opinions": opinions, "rectifications": rects,
        "can_record": can_record_supervision(request.user),
    })


def inquiry_list(request):
    queryset = SpecialInquiry.objects.select_related("agenda_item__meeting__term").order_by(
        "-agenda_item__meeting__year", "agenda_item__meeting__number", "agenda_item__order")
    return render_filtered_list(
        request, queryset, SpecialInquiryFilterSet, "supervision/inspections/inquiry_list.html",
        {"can_record": can_record_supervision(request.user),
         "pending": AgendaItem.objects.filter(has_inquiry=True, special_inquiry__isnull=True)
         .select_related("meeting__term").order_by("meeting__year", "meeting__number", "order")},
        exporter_class=TableExporter, table=InquiryTable(),
    )


def inquiry_edit(request, agenda_item_pk):
    """The inquiry of an agenda item: anyone reads it here; the office records it."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__term"), pk=agenda_item_pk)
    inquiry = SpecialInquiry.objects.filter(agenda_item=item).first()
    reason = office_refusal(request.user)
    if request.method == "POST":
        require(reason)
    form = None
    if reason is None:
        form = InquiryForm(request.POST or None, instance=inquiry or SpecialInquiry(agenda_item=item))
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, "专题询问已保存。")
            return redirect("inquiry-edit", agenda_item_pk=item.pk)
    opinions = ReviewOpinion.objects.filter(agenda_item=item).select_related("committee")
    return render(request, "supervision/inspections/inquiry.html", {
        "item": item, "inquiry": inquiry, "form": form, "refusal": reason, "opinions": opinions,
    })
