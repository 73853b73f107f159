"""The materials page of a meeting: every report item's deadline ladder, recorded by whoever is responsible."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import uploads
from core.models import Committee
from meetings.materials import MaterialError, meeting_readiness, record_step, step_owner
from meetings.models import AgendaItem, MaterialStep, Meeting
from plans.models import PlanItem
from plans.permissions import material_refusal, require_material_update
from plans.workflow import record_edit


class MaterialStepForm(forms.Form):
    done_on = forms.DateField(label="完成日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", max_length=200, required=False)
    document = forms.FileField(label="文件", required=False, validators=[uploads.validate_upload])


def _file_label(step, name: str) -> str:
    return f"{step.get_step_display()}：{name}" if name else ""


def record_with_file(step, by, done_on, note, document):
    """meetings.materials.record_step, and when a file came with it, its name (and the one it replaced) on the
    history of the item's plan items; a replaced file is deleted once the change is committed. Pages and API."""
    storage, old_stored = step.document.storage, step.document.name or ""
    with transaction.atomic():
        record_step(step, by, done_on, note, document)
        if document:
            old_name, new_name = uploads.base_name(old_stored), uploads.download_name(step.document)
            if old_stored and old_stored != step.document.name:
                transaction.on_commit(lambda: storage.delete(old_stored))
            change = f"替换文件“{old_name}”" if old_name else f"上传文件“{new_name}”"
            for plan_item in step.agenda_item.plan_items.all():
                record_edit(plan_item, by, {"材料文件": [_file_label(step, old_name), _file_label(step, new_name)]},
                            change)
    return step


def remove_step_document(step, by) -> str:
    """Remove a wrong file from a step: the step stays recorded, the removal is on the history of the item's plan
    items, and the file is deleted once that is committed; returns the file's name. Pages and API."""
    if not step.document:
        raise MaterialError(f"“{step.get_step_display()}”没有文件可删除。", "document")
    name = uploads.download_name(step.document)
    storage, stored = step.document.storage, step.document.name
    with transaction.atomic():
        step.document = ""
        step.save(update_fields=["document"])
        for plan_item in step.agenda_item.plan_items.all():
            record_edit(plan_item, by, {"材料文件": [_file_label(step, name), "已删除"]}, f"删除文件“{name}”")
        transaction.on_commit(lambda: storage.delete(stored))
    return name


def _report_items(meeting):
    """The meeting's agenda items with their steps, committees, reporting bodies and plan items prefetched."""
    return [
        item
        for item in AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch("committees", queryset=Committee.objects.order_by("order")),
            "reporting_bodies",
            Prefetch("plan_items", queryset=PlanItem.objects.only("id", "title")),
            Prefetch("material_steps", queryset=MaterialStep.objects.select_related("done_by").order_by("due", "id")),
        )
        .order_by("order", "id")
        if item.hears_report
    ]


def meeting_materials(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("term", "body"), pk=pk)
    today = timezone.localdate()
    rows = []
    for item in _report_items(meeting):
        refusal = material_refusal(request.user, item)
        steps = [
            {
                "step": step,
                "owner": step_owner(step, item),
                "overdue": step.is_overdue(today),
                "done_late": step.done_on is not None and step.done_on > step.due,
            }
            for step in item.material_steps.all()
        ]
        rows.append({"item": item, "steps": steps, "refusal": refusal})
    return render(
        request,
        "plans/materials.html",
        {
            "meeting": meeting,
            "rows": rows,
            "today": today,
            "readiness": meeting_readiness(meeting, today),
        },
    )


@require_POST
def material_step_record(request, pk):
    step = get_object_or_404(
        MaterialStep.objects.select_related("agenda_item").prefetch_related("agenda_item__committees"), pk=pk
    )
    item = step.agenda_item
    require_material_update(request.user, item)
    back = redirect(f"{reverse('meeting-materials', kwargs={'pk': item.meeting_id})}#step-{step.pk}")
    form = MaterialStepForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = "；".join(f"{form.fields[f].label}：{'，'.join(e)}" for f, e in form.errors.items() if f in form.fields)
        messages.error(request, f"“{step.get_step_display()}”未登记：{problems or '提交的内容不完整，请刷新页面后重试。'}")
        return back
    data = form.cleaned_data
    try:
        record_with_file(step, request.user, data["done_on"], data["note"], data.get("document"))
    except MaterialError as error:
        messages.error(request, f"“{step.get_step_display()}”未登记：{error}")
    else:
        messages.success(request, f"“{item.title[:20]}”的“{step.get_step_display()}”已登记完成（{data['done_on']:%Y-%m-%d}）。")
    return back


def material_document(request, pk):
    """A step's document; scoped, so another body's is a 404."""
    step = get_object_or_404(MaterialStep, pk=pk)
    if not step.document:
        raise Http404("该环节没有文件。")
    return uploads.file_response(step.document)


@require_POST
def material_document_remove(request, pk):
    """Remove a wrong file from a step (whoever may record the step); the step stays recorded, the removal is on
    the history of the item's plan items, and the file is deleted once that is committed."""
    step = get_object_or_404(
        MaterialStep.objects.select_related("agenda_item").prefetch_related("agenda_item__committees"), pk=pk
    )
    item = step.agenda_item
    require_material_update(request.user, item)
    back = redirect(f"{reverse('meeting-materials', kwargs={'pk': item.meeting_id})}#step-{step.pk}")
    try:
        name = remove_step_document(step, request.user)
    except MaterialError as error:
        messages.error(request, str(error))
        return back
    messages.success(request, f"已删除“{step.get_step_display()}”的文件“{name}”。")
    return back
