"""The upload between preview and commit, kept as a BackgroundJob(kind="plan_import").

    params  {"year", "kind", "filename", "mapping": {written name: committee id | "ignore"},
             "remove_missing", "committed_by"}
    result  {"preview": <preview.build_preview>, "summary": <apply.apply_preview> once committed}
    status  pending (previewed, not committed) → running (committing) → done | failed

The commit claims the job (pending/failed → running in one UPDATE) so two clicks never import
twice, computes the preview again inside the transaction that writes the plan, and runs inline
for small files or as plans.tasks.commit_plan_import for large ones (eagerly without Redis).
Progress of a running commit goes to the cache: the job row itself is inside the transaction.
"""

import logging
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from core.imports import CommitRefused, ImportFileError, inline_max_rows, job_max_age_hours
from core.models import BackgroundJob
from plans.imports.apply import apply_preview
from plans.imports.preview import build_preview
from plans.imports.reader import read_workbook

log = logging.getLogger(__name__)

JOB_KIND = "plan_import"
Status = BackgroundJob.Status
OPEN = (Status.PENDING, Status.FAILED)  # a job that may still be previewed again and committed


def _progress_key(job_id: int) -> str:
    return f"plan-import-progress-{job_id}"


def _job_data(job) -> bytes:
    # A job whose upload is gone (never stored, or removed from the store) is a 404 with the way out, not a 500.
    try:
        with job.input_file.open("rb") as f:
            return f.read()
    except (ValueError, FileNotFoundError):
        raise Http404("这个导入的文件已不存在，请重新上传文件。") from None


def _preview(job, data: bytes) -> dict:
    p = job.params
    return build_preview(read_workbook(data), body=job.body, year=p["year"], kind=p["kind"],
                         mapping=p.get("mapping") or {}, filename=p.get("filename", ""))


def _stored_preview(job) -> dict:
    """The preview of the kept upload; one the reader now refuses is refused with its reason, not a 500."""
    try:
        return _preview(job, _job_data(job))
    except ImportFileError as e:
        raise CommitRefused(f"{e} 请重新上传文件。", "unreadable") from None


def create_import_job(*, body, user, data: bytes, filename: str, year: int, kind: str, mapping=None) -> BackgroundJob:
    """Read and preview the upload; keep it as a job. Raises ImportFileError, and then saves nothing."""
    job = BackgroundJob(
        body=body, kind=JOB_KIND, created_by=user if user and user.is_authenticated else None,
        params={"year": year, "kind": kind, "filename": filename, "mapping": dict(mapping or {})},
    )
    preview = _preview(job, data)
    job.result = {"preview": preview}
    job.total = len(preview["rows"])
    job.message = "已读取，等待确认导入"
    job.input_file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
    job.save()
    return job


def _save_if_open(job, **fields) -> bool:
    """Write the fields only while the job is still open (pending or failed): one UPDATE, safe against a
    commit finishing in another request meanwhile. Returns whether it was written."""
    written = BackgroundJob.objects.filter(pk=job.pk, status__in=OPEN).update(**fields)
    if written:
        for name, value in fields.items():
            setattr(job, name, value)
    else:
        job.refresh_from_db()
    return bool(written)


def _refuse_closed(job):
    raise CommitRefused(_refusal(job), "done" if job.status == Status.DONE else "running")


def refresh_preview(job, *, mapping=None, data: bytes | None = None, filename: str | None = None) -> dict:
    """Preview again, with a new mapping and/or a corrected file. Raises ImportFileError for a bad file."""
    if job.status not in OPEN:
        _refuse_closed(job)
    params = dict(job.params)
    if mapping is not None:
        params["mapping"] = {k: v for k, v in mapping.items() if v not in (None, "")}
    if filename and data is not None:
        params["filename"] = filename
    job.params = params
    preview = _preview(job, data) if data is not None else _stored_preview(job)
    old_file = job.input_file.name
    if data is not None:
        job.input_file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
    fields = {"params": params, "result": {"preview": preview}, "total": len(preview["rows"]),
              "status": Status.PENDING, "message": "已读取，等待确认导入", "input_file": job.input_file.name}
    if not _save_if_open(job, **fields):
        if data is not None:
            job.input_file.storage.delete(fields["input_file"])
        _refuse_closed(job)
    if data is not None and old_file:
        job.input_file.storage.delete(old_file)
    return preview


def get_import_job(job_id) -> BackgroundJob:
    """The body's import job (the request's scope decides the body), or 404: unknown, another body's, or stale."""
    digits = str(job_id).isdigit()  # the URL takes any text; a non-number names no import
    job = BackgroundJob.objects.filter(kind=JOB_KIND, pk=job_id).select_related("body").first() if digits else None
    if job is None:
        raise Http404("没有这个导入。")
    stale_before = timezone.now() - timedelta(hours=job_max_age_hours())
    if job.status in OPEN and job.created_at < stale_before:
        raise Http404("这个导入已过期，请重新上传文件。")
    return job


def _refusal(job) -> str:
    if job.status == Status.DONE:
        when = timezone.localtime(job.finished_at).strftime("%Y-%m-%d %H:%M") if job.finished_at else ""
        return f"这个文件已于 {when} 导入，不能重复提交。如需再次导入，请重新上传文件（将更新该计划，不会重复添加）。"
    return "这个文件正在导入，请稍候。"


def start_commit(job, *, user, remove_missing: bool = False, mapping=None) -> str:
    """Commit the job: "done" when committed inline, "queued" when a task does it. Raises CommitRefused."""
    if job.status not in OPEN:
        _refuse_closed(job)
    params = dict(job.params)
    if mapping is not None:
        params["mapping"] = {k: v for k, v in mapping.items() if v not in (None, "")}
    params["remove_missing"] = bool(remove_missing)
    params["committed_by"] = user.pk if user and user.is_authenticated else None
    job.params = params
    preview = _stored_preview(job)  # against the data as it is now
    fields = {"params": params, "result": {"preview": preview}, "total": len(preview["rows"])}
    if not preview["can_commit"]:
        if not _save_if_open(job, **fields):
            _refuse_closed(job)
        raise CommitRefused(f"还有 {preview['error_count']} 个错误，改正后才能导入；计划未作任何修改。", "errors", preview)
    # Claim: the preview, the parameters and "running" in one UPDATE; a second click finds it taken.
    if not _save_if_open(job, **fields, status=Status.RUNNING, progress=0, message="正在导入…", finished_at=None):
        _refuse_closed(job)
    cache.delete(_progress_key(job.pk))
    if job.total > inline_max_rows():
        from plans.tasks import commit_plan_import

        commit_plan_import.delay(job.pk)
    else:
        run_commit(job.pk)
    job.refresh_from_db()
    return "done" if job.status == Status.DONE else ("failed" if job.status == Status.FAILED else "queued")


def run_commit(job_id: int) -> str:
    """Do the claimed commit: preview again and write the plan in one transaction. Returns the job's status."""
    from django.contrib.auth import get_user_model

    with scopes_disabled():
        job = BackgroundJob.objects.select_related("body").filter(pk=job_id, kind=JOB_KIND).first()
    if job is None or job.status != Status.RUNNING:
        return job.status if job else "missing"
    with scope(body=job.body):
        user = get_user_model().objects.filter(pk=job.params.get("committed_by")).first()

        def progress(done, total):
            cache.set(_progress_key(job.pk), done, 3600)

        try:
            with transaction.atomic():
                preview = _preview(job, _job_data(job))
                if not preview["can_commit"]:
                    job.result = {"preview": preview}
                    job.status = Status.FAILED
                    job.message = f"数据已变化，出现 {preview['error_count']} 个错误；计划未作任何修改。"
                    job.finished_at = timezone.now()
                    job.save()
                    return job.status
                summary = apply_preview(preview, body=job.body, user=user,
                                        remove_missing=job.params.get("remove_missing", False), progress=progress)
        except Exception:
            log.exception("plan import %s failed", job_id)
            job.status = Status.FAILED
            job.message = "导入失败，计划未作任何修改。请重试；如仍失败，请联系系统管理员。"
            job.finished_at = timezone.now()
            job.save()
            return job.status
        job.result = {"preview": preview, "summary": summary}
        job.status = Status.DONE
        job.progress = job.total = len(preview["rows"])
        job.message = summary_text(summary)
        job.finished_at = timezone.now()
        job.save()
        cache.delete(_progress_key(job.pk))
        return job.status


def summary_text(summary: dict) -> str:
    parts = [f"新增 {summary['created']} 项", f"更新 {summary['updated']} 项", f"未变 {summary['unchanged']} 项"]
    if summary.get("linked"):
        parts.append(f"关联其他计划中的事项 {summary['linked']} 项")
    if summary.get("removed"):
        parts.append(f"从计划中移除 {summary['removed']} 项")
    if summary.get("kept"):
        parts.append(f"保留表中没有的 {summary['kept']} 项")
    return f"已导入《{summary['plan_title']}》：" + "，".join(parts) + "。"


def job_status(job) -> dict:
    """What the progress page polls."""
    progress = job.progress
    if job.status == Status.RUNNING:
        progress = max(progress, cache.get(_progress_key(job.pk)) or 0)
    summary = (job.result or {}).get("summary") or {}
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": Status(job.status).label,
        "progress": progress,
        "total": job.total,
        "percent": int(100 * progress / job.total) if job.total else (100 if job.status == Status.DONE else 0),
        "message": job.message,
        "plan_url": reverse("plan-detail", args=[summary["plan_id"]]) if summary.get("plan_id") else None,
    }
