"""The handling unit's portal, supervision part: review opinions sent to the unit, its response
reports, and its rectifications with their progress.

Reading: supervision.permissions.unit_opinions / unit_rectifications (a 404 outside them).
Writing: unit_opinion_refusal / unit_rectification_refusal (a 403 with the reason). The unit's
response and progress go through the same services as the staff pages (supervision.opinions
.record_response, .add_note), so the plan items' history reads the same whoever entered them.
The unit never assesses, closes, reopens or changes a due date.
"""

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import uploads
from core.external import my_unit
from supervision import opinions as services
from supervision.forms.portal import STALE_OPINION, UnitNoteForm, UnitResponseForm
from supervision.models import Rectification, RectificationNote, ReviewOpinion
from supervision.permissions import (
    require,
    unit_opinion_refusal,
    unit_opinions,
    unit_rectification_refusal,
    unit_rectifications,
)
from supervision.views.opinions import opinion_queryset
from supervision.views.rectification import rectification_queryset

PER_PAGE = 30


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


# --- review opinions -----------------------------------------------------------------------------


def _opinion(request, pk):
    unit = my_unit(request)
    return unit, get_object_or_404(unit_opinions(request.user, opinion_queryset()), pk=pk)


def opinion_list(request):
    unit = my_unit(request)
    rows = unit_opinions(request.user, opinion_queryset()).order_by(
        "-agenda_item__meeting__year", "-sent_on", "agenda_item__order", "pk")
    page = _page(request, rows)
    today = timezone.localdate()
    opinions = list(page.object_list)
    for o in opinions:
        o.state_class, o.state_label = services.opinion_state(o, today)
    return render(request, "portal/unit/opinions.html", {"unit": unit, "page": page, "rows": opinions,
                                                          "query": ""})


def render_opinion(request, unit, opinion, form=None, status=200):
    opinion.state_class, opinion.state_label = services.opinion_state(opinion)
    refusal = unit_opinion_refusal(request.user, opinion)
    if form is None and refusal is None:
        form = UnitResponseForm(instance=ReviewOpinion.objects.get(pk=opinion.pk),
                                initial={"response_on": opinion.response_on or timezone.localdate()})
    rectifications = unit_rectifications(request.user, Rectification.objects.filter(opinion=opinion))
    return render(request, "portal/unit/opinion.html", {
        "unit": unit, "opinion": opinion, "form": form, "refusal": refusal,
        "response_filename": opinion.response_document.name.rsplit("/", 1)[-1] if opinion.response_document else "",
        "rectifications": rectifications.order_by("due_on", "pk"),
    }, status=status)


def opinion_detail(request, pk):
    unit, opinion = _opinion(request, pk)
    return render_opinion(request, unit, opinion)


@require_POST
def opinion_respond(request, pk):
    """The unit submits (or, until the committee assesses it, corrects) its response report.

    The form posts the opinion's response_version it was shown with; a changed opinion refuses it and
    the page is shown again from the current data (without the form, when it is no longer the unit's
    to change)."""
    unit, opinion = _opinion(request, pk)
    require(unit_opinion_refusal(request.user, opinion))
    with transaction.atomic():
        # The form works on its own (locked) copy: a refused form leaves the page's opinion as it was.
        current = ReviewOpinion.objects.select_for_update().get(pk=opinion.pk)
        old_report = current.response_document.name or ""
        form = UnitResponseForm(request.POST, request.FILES or None, instance=current)
        valid = form.is_valid()
        if valid:
            new_report = form.cleaned_data.get("response_document")
            if old_report and isinstance(new_report, UploadedFile):
                # A replaced report goes the office's way (change_opinion_file): on the plan items' history with
                # both names, the old file deleted once committed.
                saved = form.save(commit=False)
                saved.response_document = old_report
                saved.save()
                services.change_opinion_file(saved, "response", request.user, new_report)
            else:
                saved = form.save()
            services.record_response(saved, request.user)
    if not valid:
        if form.stale:
            messages.error(request, STALE_OPINION)
            unit, opinion = _opinion(request, pk)
            return render_opinion(request, unit, opinion, status=400)
        return render_opinion(request, unit, opinion, form, status=400)
    messages.success(request, f"反馈报告已提交（反馈日期 {saved.response_on:%Y-%m-%d}），待跟踪委员会评价。")
    return redirect("portal-unit-opinion", pk=opinion.pk)


def opinion_document(request, pk):
    """The opinion's document, or with ?which=response the unit's own response report."""
    _, opinion = _opinion(request, pk)
    file = opinion.response_document if request.GET.get("which") == "response" else opinion.document
    if not file:
        raise Http404("没有文件。")
    return uploads.file_response(file)


# --- rectifications ------------------------------------------------------------------------------


def _rectification(request, pk):
    unit = my_unit(request)
    return unit, get_object_or_404(unit_rectifications(request.user, rectification_queryset()), pk=pk)


def rectification_list(request):
    unit = my_unit(request)
    rows = unit_rectifications(request.user, rectification_queryset()).order_by("status", "due_on", "pk")
    page = _page(request, rows)
    today = timezone.localdate()
    rects = list(page.object_list)
    for r in rects:
        r.overdue = r.is_overdue(today)
    return render(request, "portal/unit/rectifications.html", {"unit": unit, "page": page, "rows": rects,
                                                                "query": ""})


def _author(note, unit) -> str:
    """The unit's own contacts by name; anyone else as the committee (no staff user names)."""
    contact = getattr(note.by, "unit_contact", None) if note.by_id else None
    if contact is not None and contact.unit_id == unit.pk:
        return f"{unit.name} · {contact.name}"
    return "常委会"


def render_rectification(request, unit, rect, form=None, status=200):
    rect.overdue = rect.is_overdue()
    notes = list(RectificationNote.objects.filter(rectification=rect).select_related("by__unit_contact"))
    for n in notes:
        n.author = _author(n, unit)
    refusal = unit_rectification_refusal(request.user, rect)
    opinion_visible = rect.opinion_id and unit_opinions(request.user, ReviewOpinion.objects.filter(
        pk=rect.opinion_id)).exists()
    return render(request, "portal/unit/rectification.html", {
        "unit": unit, "rect": rect, "notes": notes, "refusal": refusal, "opinion_visible": opinion_visible,
        "form": form if form is not None else (UnitNoteForm() if refusal is None else None),
    }, status=status)


def rectification_detail(request, pk):
    unit, rect = _rectification(request, pk)
    return render_rectification(request, unit, rect)


@require_POST
def rectification_note(request, pk):
    unit, rect = _rectification(request, pk)
    require(unit_rectification_refusal(request.user, rect))
    form = UnitNoteForm(request.POST)
    if not form.is_valid():
        return render_rectification(request, unit, rect, form, status=400)
    services.add_note(rect, request.user, form.cleaned_data["text"])
    messages.success(request, "整改进展已登记，跟踪委员会可以看到。")
    return redirect("portal-unit-rectification", pk=rect.pk)
