"""Every import's shared parts: the limits (settings, with their defaults here), the file error, reading an
upload, and a commit's refusal. The safe workbook loading is core.imports.reader, the one import engine (tables,
problems, the job from upload to commit) core.imports.engine."""

import re

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
    """The file cannot be read as the import's workbook; the message says why, in words for the user."""


class CommitRefused(Exception):
    """The job cannot be committed now; `message` says why, `code` is done | running | errors | unreadable."""

    def __init__(self, message: str, code: str, preview: dict | None = None):
        super().__init__(message)
        self.message, self.code, self.preview = message, code, preview


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, refusing early what is too large to read."""
    limit = max_upload_bytes()
    if upload is None:
        raise ImportFileError("请选择要导入的 Excel 工作簿（.xlsx）。")
    if upload.size is not None and upload.size > limit:
        raise ImportFileError(
            f"文件大小为 {upload.size / 1024 / 1024:.1f} MB，超过 {limit // 1024 // 1024} MB 的上限。"
            "请删除工作簿中的图片或多余的工作表后再上传。"
        )
    upload.seek(0)
    return upload.read()


def norm(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))
