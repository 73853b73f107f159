"""A suggestion's original (原件) uploaded by mistake: removed or replaced, on the suggestion's timeline.

The office does it from the suggestion's page (deputies.permissions.original_document_refusal decides); the shape
is the reply letter's (deputies/suggestions/reply_files.py), whose form this reuses. The change goes through
deputies.suggestions.lifecycle.change_original_document: an EDITED event (建议原件：替换文件“…”为“…”), the old
file deleted once that is committed.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from deputies.permissions import original_document_refusal, require, suggestion_refusal
from deputies.suggestions import lifecycle
from deputies.suggestions.reply_files import ReplyDocumentForm
from deputies.suggestions.views import _get_visible


class OriginalDocumentForm(ReplyDocumentForm):
    """What the page posts: remove, or replace with a new original."""

    what = "建议原件"


@require_POST
def original_document(request, pk):
    require(suggestion_refusal(request.user))  # the office's work, whichever suggestion (as the reply letter's route)
    s = _get_visible(request, pk)
    require(original_document_refusal(request.user, s))
    back = redirect(reverse("suggestion-detail", args=[s.pk]) + "#content")
    form = OriginalDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"建议原件未处理：{form.problems()}")
        return back
    try:
        done = lifecycle.change_original_document(s, by=request.user, new_file=form.new_file())
    except lifecycle.LifecycleError as error:
        messages.error(request, f"建议原件未处理：{error.message}")
    else:
        messages.success(request, f"{done}。")
    return back
