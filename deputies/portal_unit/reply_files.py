"""The unit portal's side of deputies/suggestions/reply_files.py: the contact who uploaded a reply's letter removes or
replaces it while the deputy has not yet given feedback (deputies.permissions.reply_document_refusal)."""

from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from deputies.portal_unit.suggestion_views import _get
from deputies.suggestions.reply_files import handle


@require_POST
def reply_document(request, pk):
    s, _, _ = _get(request, pk)  # 404 unless the suggestion is assigned to the contact's unit now
    return handle(request, s, redirect(reverse("portal-unit-suggestion", args=[s.pk]) + "#rounds"))
