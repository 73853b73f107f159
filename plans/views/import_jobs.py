"""What the pages of the plan's two imports (imports: Excel, word_import: Word) share: the office-only guard and
the commit. The work is the import engine's (core.imports.engine)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from core.imports import CommitRefused, engine


def refused_unless(refusal):
    """A view decorator: 403 with the reason refusal(user, body) gives (templates/403.html shows it), if any."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            reason = refusal(request.user, getattr(request, "renda_body", None))
            if reason:
                raise PermissionDenied(reason)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def commit_job(request, importer, job, preview_page: str, params: dict | None = None):
    """Commit and say how it went: to the plan when done, else back to the preview (named preview_page), where a
    queued commit shows its progress."""
    try:
        outcome = engine.start_commit(importer, job, user=request.user, params=params)
    except CommitRefused as e:
        (messages.error if e.code == "errors" else messages.warning)(request, e.message)
        return redirect(preview_page, job_id=job.pk)
    job.refresh_from_db()
    if outcome == "done":
        messages.success(request, job.message)
        return redirect("plan-detail", pk=job.result["summary"]["plan_id"])
    if outcome == "failed":
        messages.error(request, job.message)
    return redirect(preview_page, job_id=job.pk)
