"""Office pages for entering plans and items, adopting, adjusting and copying plans."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from plans import editing
from plans.forms import (
    AddedItemDecisionForm,
    AdjustmentForm,
    AdoptPlanForm,
    CopyPlanForm,
    PlanEntryForm,
    PlanForm,
    PlanItemForm,
    SectionForm,
)
from plans.models import AnnualPlan, PlanEntry, PlanItem, Section
from plans.models.plans import adoption_meetings
from plans.permissions import require_plan_manager
from plans.timing import timing_text, timing_values
from plans.workflow import StaleItemError, WorkflowError


def _warn(request, form) -> None:
    """A saved form's warnings (no lead committee, 全年 with months) go to the next page."""
    for warning in form.warnings():
        messages.warning(request, warning)


def plan_create(request):
    require_plan_manager(request.user, "新建年度计划")
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.body = request.renda_body
        plan.save()
        messages.success(request, f"已创建“{plan.title}”。")
        return redirect("plan-detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


def plan_edit(request, pk):
    require_plan_manager(request.user, "修改年度计划")
    plan = get_object_or_404(AnnualPlan, pk=pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "计划已保存。")
        return redirect("plan-detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


def section_edit(request, plan_pk, pk=None):
    require_plan_manager(request.user, "编辑计划分节")
    plan = get_object_or_404(AnnualPlan, pk=plan_pk)
    section = get_object_or_404(Section, pk=pk, plan=plan) if pk else Section(plan=plan, order=plan.sections.count() + 1)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"分节“{section.heading}”已保存。")
        return redirect("plan-detail", pk=plan.pk)
    return render(request, "plans/section_form.html", {"form": form, "plan": plan, "section": section})


def item_create(request, plan_pk):
    """Add a new matter to a plan; on an adopted plan this is an adjustment and needs a reason."""
    require_plan_manager(request.user, "新增计划事项")
    plan = get_object_or_404(AnnualPlan, pk=plan_pk)
    adopted = plan.status == AnnualPlan.Status.ADOPTED
    form = PlanItemForm(request.POST or None)
    entry_form = PlanEntryForm(request.POST or None, plan=plan, initial={"section": request.GET.get("section")})
    decision_form = AddedItemDecisionForm(request.POST or None, plan=plan) if adopted else None
    forms = [f for f in (form, entry_form, decision_form) if f is not None]
    if request.method == "POST" and all([f.is_valid() for f in forms]):
        reason = decision_form.cleaned_data["reason"] if adopted else ""
        with transaction.atomic():
            item = editing.save_item_form(
                form, request.user, request.renda_body, plan=plan,
                section=entry_form.cleaned_data["section"], number=entry_form.cleaned_data["number"],
                note=reason,
            )
            if adopted:
                editing.record_added_item(plan, item, request.user, reason, **decision_form.decision())
        messages.success(request, "事项已添加。")
        _warn(request, form)
        return redirect("plan-detail", pk=plan.pk)
    return render(
        request, "plans/item_form.html",
        {"form": form, "entry_form": entry_form, "decision_form": decision_form, "plan": plan, "adopted": adopted},
    )


def item_edit(request, pk):
    require_plan_manager(request.user, "修改计划事项")
    item = get_object_or_404(PlanItem.objects.prefetch_related("responsibilities__committee"), pk=pk)
    form = PlanItemForm(request.POST or None, instance=item)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            editing.save_item_form(form, request.user, request.renda_body, note=request.POST.get("note", ""))
        except StaleItemError as error:
            stale = error.current
            messages.error(request, str(error))
        else:
            messages.success(request, "事项已保存。")
            _warn(request, form)
            return redirect("item-detail", pk=item.pk)
    return render(request, "plans/item_form.html", {"form": form, "item": item, "stale": stale})


def entry_remove(request, pk):
    """Take an item off a draft plan, after asking (adopted plans are changed through adjustments). When no other
    plan lists the matter and nobody has worked on it, the page offers to delete the matter too."""
    require_plan_manager(request.user, "将事项移出计划")
    entry = get_object_or_404(PlanEntry.objects.select_related("plan", "item"), pk=pk)
    if entry.plan.status == AnnualPlan.Status.ADOPTED:
        messages.error(request, "该计划已通过，请通过“调整计划”取消事项，并说明理由。")
        return redirect("plan-detail", pk=entry.plan_id)
    item = entry.item
    other_plans = list(AnnualPlan.objects.filter(entries__item=item).exclude(pk=entry.plan_id).distinct())
    deletable = not other_plans and editing.untouched(item)
    if request.method == "POST":
        deleted = editing.remove_entry(entry, delete_matter=deletable and request.POST.get("delete_matter") == "1")
        done = "并删除了该事项" if deleted else "事项仍保留在“计划事项”中，但不在任何计划中时不计入计划工作"
        if other_plans:
            done = "该事项仍列在" + "、".join(f"《{p.title}》" for p in other_plans) + "中"
        messages.success(request, f"已将“{item.title[:30]}”移出本计划，{done}。")
        return redirect("plan-detail", pk=entry.plan_id)
    return render(request, "plans/entry_remove.html", {
        "entry": entry, "item": item, "other_plans": other_plans, "deletable": deletable,
    })


def plan_adopt(request, pk):
    require_plan_manager(request.user, "将计划标记为已通过")
    plan = get_object_or_404(AnnualPlan, pk=pk)
    meetings = adoption_meetings().filter(year=plan.year).order_by("date")
    initial = {"adopted_on": plan.adopted_on, "adopted_at": plan.adopted_at_id}
    form = AdoptPlanForm(request.POST or None, plan=plan, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        editing.adopt_plan(plan, request.user, form.cleaned_data["adopted_on"], form.cleaned_data["adopted_at"])
        messages.success(request, "计划已标记为通过，通过时的版本已保存。")
        return redirect("plan-detail", pk=plan.pk)
    return render(request, "plans/plan_adopt.html", {"plan": plan, "form": form})


def plan_adjust(request, pk):
    """Give an item of an adopted plan new timing, or drop it, with the reason and the deciding meeting. The form
    starts from the chosen item's timing; the page's script refills it when another item is chosen."""
    require_plan_manager(request.user, "调整年度计划")
    plan = get_object_or_404(AnnualPlan, pk=pk)
    timings = {}
    for item in PlanItem.objects.filter(entries__plan=plan):
        values = timing_values(item)
        timings[str(item.pk)] = {**values, "text": timing_text(values)}
    chosen = timings.get(str(request.GET.get("item")))
    form = AdjustmentForm(request.POST or None, plan=plan, initial={"item": request.GET.get("item"), **(chosen or {})})
    if chosen:
        form.fields["item"].help_text = f"现在的时间：{chosen['text']}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adjustment = editing.adjust_plan(
                plan, request.user, kind=data["kind"], item=data["item"], reason=data["reason"],
                timing=form.new_timing, **form.decision(),
            )
        except WorkflowError as error:  # e.g. an item already heard cannot be cancelled any more
            form.add_error("item", str(error))
        else:
            done = f"：{adjustment.change_display}" if adjustment.kind == "move" else ""
            messages.success(request, f"调整已记录{done}。")
            _warn(request, form)
            return redirect("plan-detail", pk=plan.pk)
    return render(request, "plans/plan_adjust.html", {"form": form, "plan": plan, "item_timings": timings})


def plan_copy(request, pk):
    require_plan_manager(request.user, "复制年度计划")
    plan = get_object_or_404(AnnualPlan, pk=pk)
    form = CopyPlanForm(request.POST or None, plan=plan, initial={"year": plan.year + 1})
    if request.method == "POST" and form.is_valid():
        new = editing.copy_plan(plan, form.cleaned_data["year"], form.cleaned_data["items"], request.user)
        messages.success(request, f"已创建草案“{new.title}”，含 {new.entries.count()} 项。")
        return redirect("plan-detail", pk=new.pk)
    return render(request, "plans/plan_copy.html", {"form": form, "plan": plan})
