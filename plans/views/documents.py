"""An item's documents: upload, download, and removing or replacing a wrong upload.

Whoever may update the item uploads (plans.permissions.require_item_update); the uploader or the office
removes or replaces (plans.permissions.document_refusal). Every file is checked by core.uploads, and
every upload, replacement and removal is on the item's history (ItemEdit) with the file's name.
A stored file is deleted only once the database change is committed.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import uploads
from plans.forms import DocumentForm
from plans.models import ItemDocument, PlanItem
from plans.permissions import document_refusal, require_item_update
from plans.views.status import _back
from plans.workflow import record_edit


class ReplaceForm(forms.Form):
    file = forms.FileField(label="新文件", validators=[uploads.validate_upload],
                           error_messages={"required": "请选择用来替换的文件。"},
                           widget=forms.FileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}))


def _problems(form) -> str:
    return "；".join(f"{form.fields[f].label}：{'，'.join(e)}" for f, e in form.errors.items() if f in form.fields)


def _described(document, file_name: str | None = None) -> str:
    """How the history names a document: 类别：标题（文件名）."""
    return f"{document.get_kind_display()}：{document.title}（{file_name or uploads.download_name(document.file)}）"


def _delete_after_commit(field_file) -> None:
    storage, name = field_file.storage, field_file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _document_for_change(request, pk) -> ItemDocument:
    document = get_object_or_404(
        ItemDocument.objects.select_related("item").prefetch_related("item__responsibilities__committee"), pk=pk
    )
    reason = document_refusal(request.user, document)
    if reason:
        raise PermissionDenied(reason)
    return document


@require_POST
def document_upload(request, pk):
    item = get_object_or_404(PlanItem.objects.prefetch_related("responsibilities__committee"), pk=pk)
    require_item_update(request.user, item)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        document = form.save(commit=False)
        document.item = item
        document.uploaded_by = request.user
        with transaction.atomic():
            document.save()
            record_edit(item, request.user, {"文件": ["", _described(document)]}, f"上传文件“{uploads.download_name(document.file)}”")
        messages.success(request, f"已上传“{document.title}”。")
    else:
        messages.error(request, f"文件未上传：{_problems(form)}")
    return _back(request, item)


def document_download(request, pk):
    # Scoped: a document of another body is a 404 like any other record.
    document = get_object_or_404(ItemDocument, pk=pk)
    return uploads.file_response(document.file)


@require_POST
def document_replace(request, pk):
    """Put another file in place of a wrong one: the document keeps its title and kind; the history names both files."""
    document = _document_for_change(request, pk)
    item = document.item
    form = ReplaceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"“{document.title}”未替换：{_problems(form)}")
        return _back(request, item)
    old_file, old_name = document.file, uploads.download_name(document.file)
    old = _described(document)
    with transaction.atomic():
        _delete_after_commit(old_file)
        document.file = form.cleaned_data["file"]
        document.uploaded_by = request.user
        document.uploaded_at = timezone.now()
        document.save()
        record_edit(item, request.user, {"文件": [old, _described(document)]}, f"替换文件“{old_name}”")
    messages.success(request, f"“{document.title}”的文件已替换为“{uploads.download_name(document.file)}”。")
    return _back(request, item)


@require_POST
def document_remove(request, pk):
    document = _document_for_change(request, pk)
    item = document.item
    old, old_name = _described(document), uploads.download_name(document.file)
    with transaction.atomic():
        _delete_after_commit(document.file)
        document.delete()
        record_edit(item, request.user, {"文件": [old, "已删除"]}, f"删除文件“{old_name}”")
    messages.success(request, f"已删除“{document.title}”。")
    return _back(request, item)
