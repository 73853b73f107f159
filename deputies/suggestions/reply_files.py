"""A reply's letter (答复函) sent by mistake: removed or replaced, on the suggestion's timeline.

The office does it from the suggestion's page, the unit's contact who uploaded it from the unit portal
(deputies.permissions.reply_document_refusal decides, deputies/portal_unit/reply_files.py is the portal's
view). The new letter is checked like every upload (core.uploads); the reply's class, date and text stay as
they were. The change is an EDITED event ("第1轮答复函“…”已替换为“…”"), which the deputy and the unit read
on their timelines too; the old file is deleted once that is committed.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import uploads
from deputies.models import Reply, SuggestionEvent
from deputies.permissions import reply_document_refusal, require, suggestion_refusal
from deputies.suggestions.forms import FILE_INPUT
from deputies.suggestions.views import _get_visible

REMOVE, REPLACE = "remove", "replace"


class ReplyFileError(ValueError):
    """A change the reply does not allow; the message is for the user."""


class ReplyDocumentForm(forms.Form):
    """What the page posts: which reply, and remove, or replace with a new letter. `what` names the file (a
    subclass serves another file: deputies/suggestions/original_files.py)."""

    what = "答复函"
    action = forms.ChoiceField(choices=[(REMOVE, "删除"), (REPLACE, "替换")])
    document = forms.FileField(label="新的答复函", required=False, widget=FILE_INPUT,
                               validators=[uploads.validate_upload], help_text=uploads.lazy_help_text())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose = f"请选择删除或替换{self.what}。"
        self.fields["action"].error_messages.update(required=choose, invalid_choice=choose)
        self.fields["document"].label = f"新的{self.what}"

    def clean(self):
        data = super().clean()
        if data.get("action") == REPLACE and not data.get("document") and "document" not in self.errors:
            self.add_error("document", f"请选择新的{self.what}文件。")
        return data

    def problems(self) -> str:
        """The form's errors in one line, each after its field's label."""
        return "；".join(
            f"{self.fields[f].label}：{'，'.join(e)}" if f in self.fields and self.fields[f].label else "，".join(e)
            for f, e in self.errors.items()
        )

    def new_file(self):
        """The new file to put in place, or None to remove (for a valid form)."""
        return self.cleaned_data["document"] if self.cleaned_data["action"] == REPLACE else None


def change_reply_document(reply, by, new_file=None) -> str:
    """Remove the reply's letter (new_file None) or put new_file in its place; returns what was done, in words."""
    old_name = uploads.download_name(reply.document) if reply.document else ""
    storage, stored = reply.document.storage, reply.document.name or ""
    label = f"第{reply.round}轮答复函"
    if new_file is None:
        if not old_name:
            raise ReplyFileError(f"{label}已不存在。")
        if not reply.text.strip():
            raise ReplyFileError(f"该答复没有答复内容，删除答复函后答复将为空；请改为替换{label}。")
    with transaction.atomic():
        reply.document = new_file or ""
        reply.save(update_fields=["document"])
        new_name = uploads.download_name(reply.document) if new_file is not None else ""
        if new_file is None:
            text = f"{label}“{old_name}”已删除"
        elif old_name:
            text = f"{label}“{old_name}”已替换为“{new_name}”"
        else:
            text = f"{label}已上传“{new_name}”"
        SuggestionEvent.objects.create(
            suggestion=reply.suggestion, kind=SuggestionEvent.Kind.EDITED, on=timezone.localdate(), text=text,
            by=by if by is not None and by.is_authenticated else None, round=reply.round,
            on_behalf_of=reply.unit.name,
        )
        if stored and stored != reply.document.name:
            transaction.on_commit(lambda: storage.delete(stored))
    return text


def handle(request, s, back):
    """The POST of either page: `s` is a suggestion the user may see; `back` where to return (a redirect)."""
    reply_id = request.POST.get("reply", "")
    if not reply_id.isdigit():
        messages.error(request, "请选择要处理的答复。")
        return back
    reply = get_object_or_404(Reply.objects.select_related("unit", "suggestion"), suggestion=s, pk=int(reply_id))
    require(reply_document_refusal(request.user, s, reply))
    form = ReplyDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"第{reply.round}轮答复函未处理：{form.problems()}")
        return back
    try:
        done = change_reply_document(reply, request.user, form.new_file())
    except ReplyFileError as error:
        messages.error(request, f"第{reply.round}轮答复函未处理：{error}")
    else:
        messages.success(request, f"{done}。")
    return back


@require_POST
def reply_document(request, pk):
    """The office's page: remove or replace a reply's letter."""
    require(suggestion_refusal(request.user))  # the office's work, whichever suggestion
    s = _get_visible(request, pk)
    return handle(request, s, redirect(reverse("suggestion-detail", args=[s.pk]) + "#rounds"))
