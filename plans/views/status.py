"""Committee members keep their items up to date: status, progress, notes and documents."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from plans.forms import DocumentForm, StatusForm
from plans.models import ItemDocument, PlanItem
from plans.permissions import require_item_update
from plans.workflow import WorkflowError, record_edit


def _short(item) -> str:
    return Truncator(item.title).chars(24)


def _back(request, item):
    """Return to the page the form was on, at the item's row, so the user keeps their place."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = ""
    return redirect(f"{target or item.get_absolute_url()}#item-{item.pk}")


@require_POST
def item_status(request, pk):
    item = get_object_or_404(PlanItem.objects.prefetch_related("responsibilities__committee"), pk=pk)
    require_item_update(request.user, item)
    form = StatusForm(request.POST)
    if not form.is_valid():
        problems = "；".join(f"{form.fields[f].label}：{'，'.join(e)}" for f, e in form.errors.items() if f in form.fields)
        messages.error(request, f"“{_short(item)}”未保存：{problems or '提交的内容不完整，请刷新页面后重试。'}")
        return _back(request, item)
    data = form.cleaned_data
    from plans.workflow import change_status

    try:
        change_status(
            item, data["status"], request.user, data["note"], postponed_to_month=data["postponed_to_month"],
            progress=data["progress"], expected_version=data["version"],
        )
    except WorkflowError as error:
        # The page is reloaded after a refusal; keep the user's words where they can copy them back.
        typed = f"您填写的说明：“{data['note']}”，请复制后重新提交。" if data["note"] else ""
        messages.error(request, f"“{_short(item)}”未保存：{error}{typed}")
    else:
        messages.success(request, f"“{_short(item)}”已更新。")
    return _back(request, item)


@require_POST
def item_note(request, pk):
    """A progress note without a status change."""
    item = get_object_or_404(PlanItem.objects.prefetch_related("responsibilities__committee"), pk=pk)
    require_item_update(request.user, item)
    note = request.POST.get("note", "").strip()
    if note:
        record_edit(item, request.user, {"进展": ["", note[:200]]}, note)
        messages.success(request, "进展已记录。")
    else:
        messages.error(request, "请填写进展说明。")
    return _back(request, item)


@require_POST
def document_upload(request, pk):
    item = get_object_or_404(PlanItem.objects.prefetch_related("responsibilities__committee"), pk=pk)
    require_item_update(request.user, item)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        document = form.save(commit=False)
        document.item = item
        document.uploaded_by = request.user
        document.save()
        record_edit(item, request.user, {"文件": ["", f"{document.get_kind_display()}：{document.title}"]})
        messages.success(request, f"已上传“{document.title}”。")
    else:
        problems = "；".join(f"{form.fields[f].label}：{'，'.join(e)}" for f, e in form.errors.items() if f in form.fields)
        messages.error(request, f"文件未上传：{problems}")
    return _back(request, item)


def document_download(request, pk):
    # Scoped: a document of another body is a 404 like any other record.
    document = get_object_or_404(ItemDocument, pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])
