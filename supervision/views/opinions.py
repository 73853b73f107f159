"""Review opinion pages: the list, entry from an agenda item, the detail with its response form, follow-up."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import uploads
from core.listing import render_filtered_list
from core.tables import TableExporter
from meetings.models import AgendaItem
from plans.models import PlanItem, SupervisionForm
from plans.workflow import record_edit
from supervision import opinions as services
from supervision.filtersets import ReviewOpinionFilterSet
from supervision.forms.opinions import FollowLinkForm, OpinionFileForm, OpinionForm, ResponseForm
from supervision.models import Rectification, ReviewOpinion
from supervision.permissions import (
    can_change_opinion_file,
    can_record_supervision,
    office_refusal,
    opinion_file_refusal,
    opinion_refusal,
    require,
)
from supervision.tables import OpinionTable


def opinion_queryset():
    return ReviewOpinion.objects.select_related(
        "agenda_item__meeting__term", "reporting_body", "committee", "response_heard_at__term"
    ).prefetch_related("agenda_item__committees")


def _rows(opinions):
    today = timezone.localdate()
    for o in opinions:
        o.state_class, o.state_label = services.opinion_state(o, today)
    return opinions


def opinion_list(request):
    queryset = opinion_queryset().order_by("-agenda_item__meeting__year", "-agenda_item__meeting__number",
                                           "agenda_item__order", "pk")
    return render_filtered_list(
        request, queryset, ReviewOpinionFilterSet, "supervision/opinions/list.html",
        {"can_record": can_record_supervision(request.user)},
        exporter_class=TableExporter, table=OpinionTable(prepare=_rows),
    )


def opinion_create(request, agenda_item_pk):
    require(office_refusal(request.user))
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__term", "meeting__body"), pk=agenda_item_pk)
    form = OpinionForm(request.POST or None, request.FILES or None, agenda_item=item,
                       initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        opinion = services.create_opinion(form.save(commit=False), request.user)
        due = f"，反馈期限 {opinion.due_on:%Y年%-m月%-d日}" if opinion.due_on else ""
        messages.success(request, f"审议意见已登记{due}。")
        return redirect("opinion-detail", pk=opinion.pk)
    return render(request, "supervision/opinions/form.html", {"form": form, "agenda_item": item})


def opinion_detail(request, pk):
    opinion = get_object_or_404(opinion_queryset(), pk=pk)
    reason = opinion_refusal(request.user, opinion)
    form = None
    if reason is None:
        form = ResponseForm(request.POST or None, request.FILES or None, instance=opinion)
        if request.method == "POST" and form.is_valid():
            form.save()
            rect = services.record_response(
                opinion, request.user, open_rectification=form.cleaned_data["open_rectification"],
            )
            messages.success(request, "反馈情况已保存。" + ("已建立整改记录。" if rect else ""))
            return redirect("opinion-detail", pk=opinion.pk)
    elif request.method == "POST":
        require(reason)
    opinion.state_class, opinion.state_label = services.opinion_state(opinion)
    return render(request, "supervision/opinions/detail.html", {
        "opinion": opinion, "form": form, "refusal": reason,
        "rectifications": Rectification.objects.filter(opinion=opinion).select_related("committee"),
        "followed_by": opinion.followed_by.all(),
        "can_record": can_record_supervision(request.user),
        "may_change_document": can_change_opinion_file(request.user, opinion, "document"),
        "may_change_response": can_change_opinion_file(request.user, opinion, "response"),
    })


def opinion_document(request, pk):
    opinion = get_object_or_404(ReviewOpinion, pk=pk)
    file = opinion.response_document if request.GET.get("which") == "response" else opinion.document
    if not file:
        raise Http404("没有文件。")
    return uploads.file_response(file)


@require_POST
def opinion_file(request, pk):
    """Remove or replace the opinion's file (which=document) or its response report (which=response), sent by
    mistake: supervision.permissions.opinion_file_refusal decides; on the history of the opinion's plan items."""
    opinion = get_object_or_404(ReviewOpinion.objects.select_related("agenda_item"), pk=pk)
    back = redirect("opinion-detail", pk=opinion.pk)
    which = request.POST.get("which", "")
    if which not in services.OPINION_FILES:
        require(opinion_file_refusal(request.user, opinion, "response"))  # who may change neither file is refused
        messages.error(request, "请选择要处理的文件。")
        return back
    require(opinion_file_refusal(request.user, opinion, which))
    label = services.OPINION_FILES[which][1]
    form = OpinionFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"{label}未处理：{form.problems()}")
        return back
    new_file = form.cleaned_data["document"] if form.cleaned_data["action"] == "replace" else None
    try:
        done = services.change_opinion_file(opinion, which, request.user, new_file)
    except services.OpinionFileError as error:
        messages.error(request, f"{label}未处理：{error}")
    else:
        messages.success(request, f"{done}。")
    return back


def followup_detail(request, plan_item_pk):
    """A 跟踪监督 plan item and the earlier opinions it follows, each with its state; the office links them."""
    item = get_object_or_404(PlanItem, pk=plan_item_pk)
    if item.form != SupervisionForm.FOLLOW_UP:
        raise Http404("该事项不是跟踪监督事项。")
    can_link = can_record_supervision(request.user)
    form = None
    if request.method == "POST":
        require(office_refusal(request.user))
    if can_link:
        form = FollowLinkForm(request.POST or None, plan_item=item,
                              initial={"opinions": list(item.followed_opinions.values_list("pk", flat=True))})
        if request.method == "POST" and form.is_valid():
            item.followed_opinions.set(form.cleaned_data["opinions"])

            record_edit(item, request.user, {"跟踪的审议意见": ["", f"{len(form.cleaned_data['opinions'])} 项"]})
            messages.success(request, f"已关联 {len(form.cleaned_data['opinions'])} 项审议意见。")
            return redirect("followup-detail", plan_item_pk=item.pk)
    rectifications = Rectification.objects.only("pk", "opinion_id", "status", "due_on", "closed_on")
    followed = _rows(list(
        opinion_queryset().filter(followed_by=item)
        .prefetch_related(Prefetch("rectifications", queryset=rectifications))
        .order_by("agenda_item__meeting__year", "agenda_item__meeting__number", "agenda_item__order", "pk")
    ))
    today = timezone.localdate()
    for o in followed:
        rects = list(o.rectifications.all())
        o.rect_open = sum(1 for r in rects if r.status == Rectification.Status.OPEN)
        o.rect_overdue = sum(1 for r in rects if r.is_overdue(today))
        o.rect_total = len(rects)
    counts = {
        "total": len(followed),
        "responded": sum(1 for o in followed if o.response_on),
        "overdue": sum(1 for o in followed if o.state_class == "overdue"),
    }
    return render(request, "supervision/opinions/followup.html", {
        "item": item, "opinions": followed, "form": form, "counts": counts,
    })


@require_POST
def opinion_send(request, pk):
    """Record the date an unsent opinion went to the reporting body (office)."""
    require(office_refusal(request.user))
    opinion = get_object_or_404(ReviewOpinion.objects.select_related("agenda_item__meeting__body"), pk=pk)
    from datetime import date

    try:
        sent_on = date.fromisoformat(request.POST.get("sent_on", ""))
    except ValueError:
        messages.error(request, "请填写正确的送交日期。")
    else:
        services.mark_sent(opinion, sent_on, request.user)
        messages.success(request, f"已登记送交，反馈期限 {opinion.due_on:%Y-%m-%d}。")
    return redirect("opinion-detail", pk=opinion.pk)
