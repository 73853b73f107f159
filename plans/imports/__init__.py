"""Importing an annual plan from a 主要工作安排表 workbook.

    reader   the workbook → rows (merged cells filled, repeated headers and notes skipped)
    preview  rows → how each was understood, the problems by row and column, what will change
    apply    the preview → the plan, all or nothing
    jobs     the upload kept as a BackgroundJob between preview and commit; inline or Celery commit
    template the blank workbook offered for download

Each limit can be changed in settings; the defaults are here.
"""

from django.conf import settings


def max_upload_bytes() -> int:
    return getattr(settings, "PLAN_IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def inline_max_rows() -> int:
    """Imports with more rows than this are committed by a Celery task while the page polls."""
    return getattr(settings, "PLAN_IMPORT_INLINE_MAX_ROWS", 300)


def job_max_age_hours() -> int:
    """An upload not committed within this many hours is stale: its preview is no longer offered."""
    return getattr(settings, "PLAN_IMPORT_JOB_MAX_AGE_HOURS", 24)


class ImportFileError(Exception):
    """The file cannot be read as a plan workbook; the message says why, in words for the user."""
