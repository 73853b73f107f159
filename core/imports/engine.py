"""The one import engine: a workbook → a preview (every problem by row and column) → a commit, all or nothing.

An import declares itself once, in its own app, as an Importer: its kind, how it previews a file,
how it saves a checked preview, which of the app's Celery tasks commits a large file. The engine
does the rest the same way for every import, and never imports the apps (they hand it their Importer):

    Importer      kind, what, task; preview (file → JSON, never writes), save (inside the commit's
                  transaction); optionally clean_params, summary_text, done_url, nothing_saved, again_note.
                  plans.imports.jobs.PLAN_IMPORT (a printed 主要工作安排表 with its own reader),
                  deputies.imports (the roster, a session's suggestions), core.staff_users (staff users).
    TableImport   an Importer for a plain table, one record a row: columns (each with aliases) and `check`;
                  read_table finds the header row by its column names in the first rows of the first sheet
                  that has one, so title and note rows above it are fine; merged cells take their top-left
                  value; blank rows, repeated headers and note rows are skipped. The file is opened by
                  core.imports.reader.load_workbook_safely (empty, .xls, non-zip, too large, zip bombs
                  refused); dates are kept as YYYY-MM-DD, list columns keep their line breaks as "、".
    Problems      every problem by Excel row number and column, in words for the user.
    the job       the upload kept as a BackgroundJob(kind=importer.kind, input_file) between preview and commit:
                      params  {"filename", …the import's own choices (a mapping, a session)…, "committed_by"}
                      result  {"preview": <preview>, "summary": <save's summary> once committed}
                      status  pending (previewed) → running (committing) → done | failed
                  create_job, refresh_preview (a corrected file, or new choices such as a mapping), get_job
                  (404 for unknown and stale jobs), start_commit, run_commit, job_status (what the page polls).
                  The commit refuses a preview with errors; otherwise it previews the stored file again against
                  the data as it is now and claims the job (pending/failed → running in one UPDATE) only when that
                  has no error, so a second click never imports twice; it checks the file once more inside the
                  transaction that writes, and runs inline for files of up to core.imports.inline_max_rows()
                  rows, or in the import's Celery task (taking the job id) for larger ones, whose progress goes
                  to the cache (the job row itself is inside the transaction).

A table import's preview is plain JSON:
    {"filename", "sheet", "title", "header_row", "columns": {key: header as written},
     "missing_columns": [labels], "skipped_rows": [numbers], "rows": [{"row", …, "errors", "warnings"}],
     "problems": [{"row", "column", "level", "message"}], "error_count", "warning_count",
     "counts": {…}, "can_commit", …the importer's extras…}
Any import's preview has at least "rows", "problems", "error_count" and "can_commit".
"""

import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from django_scopes import scope, scopes_disabled

from core.imports import CommitRefused, ImportFileError, inline_max_rows, job_max_age_hours, norm, read_upload
from core.imports.reader import cell_text, load_workbook_safely, merged_values, sheet_grid
from core.models import BackgroundJob

__all__ = [
    "Column", "CommitRefused", "ImportFileError", "Importer", "Problems", "RowRefused", "Table", "TableImport",
    "TableRow", "create_job", "get_job", "job_status", "norm", "parse_date", "read_table", "read_upload",
    "recent_jobs", "refresh_preview", "run_commit", "split_names", "start_commit",
]

log = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 30
ERROR, WARNING = "error", "warning"
Status = BackgroundJob.Status
OPEN = (Status.PENDING, Status.FAILED)  # a job that may still be previewed again and committed
READ = "已读取，等待确认导入"
_NOTE_RE = re.compile(r"^(注|备注|说明|填写说明|填表说明)\s*[:：]")
_BRACKETS_RE = re.compile(r"[（(][^（()）]*[)）]$")


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column the importer reads: its key, the header it is offered under, other headers it accepts."""

    key: str
    label: str
    aliases: tuple = ()
    required: bool = False  # the header must have this column
    is_list: bool = False  # several values in one cell: line breaks count as separators

    def names(self) -> tuple:
        return (self.label, *self.aliases)


@dataclass
class TableRow:
    number: int  # the row number Excel shows
    cells: dict  # column key → text ("" when empty); only the columns the header has


@dataclass
class Table:
    sheet_name: str
    title: str
    header_row: int
    headers: dict  # column key → the header as written
    rows: list
    skipped: list = field(default_factory=list)  # repeated headers and note rows

    def has(self, key: str) -> bool:
        return key in self.headers


def _header_key(text: str) -> str:
    """A header as compared: no spaces, no required-marks (*), no trailing remark in brackets."""
    return norm(text).strip("*＊")


def _cell(value, is_list: bool) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()  # the year matters here; cell_text would keep only month and day
    if is_list and isinstance(value, str):
        value = re.sub(r"\s*\n\s*", "、", value.strip())
    return cell_text(value)


class _HeaderIndex:
    def __init__(self, columns):
        self.columns = list(columns)
        self.by_name = {}
        for column in self.columns:
            for name in column.names():
                self.by_name.setdefault(_header_key(name), column)

    def match(self, texts: list) -> dict:
        """column key → sheet column (1-based) for the cells that are known headers."""
        found, by_label = {}, set()
        for index, text in enumerate(texts, 1):
            key = _header_key(text)
            column = self.by_name.get(key) or self.by_name.get(_BRACKETS_RE.sub("", key))
            if column is None:
                continue
            # A column's own header wins over another it accepts: 编号 over the 序号 before it (a list's file).
            is_label = key == _header_key(column.label)
            if column.key not in found or (is_label and column.key not in by_label):
                found[column.key] = index
                if is_label:
                    by_label.add(column.key)
        return found

    def is_header(self, found: dict) -> bool:
        required = [c.key for c in self.columns if c.required]
        return all(k in found for k in required) and len(found) >= min(2, len(self.columns))

    def labels(self, keys=None) -> str:
        return " | ".join(c.label for c in self.columns if keys is None or c.key in keys)


def read_table(data: bytes, columns, *, what: str = "数据", file_label: str = "要导入的表格") -> Table:
    """The rows under the header of the first sheet that has one. Raises ImportFileError."""
    index = _HeaderIndex(columns)
    by_key = {c.key: c for c in index.columns}
    wb = load_workbook_safely(data, file_label)
    found_any_cell = False
    near_miss = None  # (row, found) of a row that looked like a header but lacked required columns
    for ws in wb.worksheets:
        grid_rows, grid_columns = sheet_grid(ws)
        if not grid_rows:
            continue
        merged, wide_rows = merged_values(ws, grid_rows, grid_columns)
        rows = list(ws.iter_rows(max_row=grid_rows, max_col=grid_columns))

        def texts_of(row_cells, r):
            return [cell_text(merged.get((r, c), cell.value)) for c, cell in enumerate(row_cells, 1)]

        header_at, found = None, {}
        for r, row_cells in enumerate(rows[:HEADER_SEARCH_ROWS], 1):
            texts = texts_of(row_cells, r)
            found_any_cell = found_any_cell or any(texts)
            found = index.match(texts)
            if index.is_header(found):
                header_at = r
                break
            if len(found) >= 2 and (near_miss is None or len(found) > len(near_miss[1])):
                near_miss = (r, found)
        found_any_cell = found_any_cell or any(cell.value is not None for row in rows for cell in row)
        if header_at is None:
            continue

        title = ""
        for r, row_cells in enumerate(rows[: header_at - 1], 1):
            line = next((t for t in texts_of(row_cells, r) if t), "")
            if line and not _NOTE_RE.match(line):
                title = line
                break
        headers = {key: texts_of(rows[header_at - 1], header_at)[col - 1] for key, col in found.items()}
        table = Table(sheet_name=ws.title, title=title, header_row=header_at, headers=headers, rows=[])
        for r, row_cells in enumerate(rows[header_at:], header_at + 1):
            values = [merged.get((r, c), cell.value) for c, cell in enumerate(row_cells, 1)]
            texts = [cell_text(v) for v in values]
            if not any(texts):
                continue
            if index.is_header(index.match(texts)):
                table.skipped.append(r)
                continue
            filled = [t for t in texts if t]
            if (r in wide_rows and len(set(filled)) == 1) or (
                len(filled) == 1 and (_NOTE_RE.match(filled[0]) or filled[0] == title)
            ):
                table.skipped.append(r)
                continue
            cells = {
                key: _cell(values[col - 1], by_key[key].is_list) if col <= len(values) else ""
                for key, col in found.items()
            }
            table.rows.append(TableRow(number=r, cells=cells))
        if not table.rows:
            raise ImportFileError(f"表中没有任何{what}：第 {header_at} 行表头以下是空的。请填写后再上传。")
        return table

    if not found_any_cell:
        raise ImportFileError("工作簿是空的：没有任何内容。请按模板填写后再上传。")
    if near_miss is not None:
        r, found = near_miss
        lacking = [c.label for c in index.columns if c.required and c.key not in found]
        raise ImportFileError(
            f"第 {r} 行的表头缺少{'、'.join(f'「{label}」' for label in lacking)}列。"
            f"表头应包括“{index.labels()}”（可以只有其中的部分列，但{'、'.join(lacking)}必须有）。"
        )
    required = [c.label for c in index.columns if c.required]
    raise ImportFileError(
        f"找不到表头行：前 {HEADER_SEARCH_ROWS} 行中没有包含“{'”“'.join(required)}”等列名的表头。"
        f"请使用下载的模板，表头为“{index.labels()}”。"
    )


# --- cell values ---------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NAME_SPLIT_RE = re.compile(r"[、，,;；\s]+")


def parse_date(text: str) -> date | None:
    """2023-01-05, 2023/1/5, 2023.1.5, 2023年1月5日 or 20230105 → date; "" → None. ValueError otherwise."""
    text = norm(text)
    if not text:
        return None
    m = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not m:
        raise ValueError(text)
    return date(int(m[1]), int(m[2]), int(m[3]))  # ValueError for 2023-02-30


def split_names(text: str) -> list[str]:
    """"张三、李四（D012），王五; 赵六" → names, a bracketed remark kept with its name."""
    text = re.sub(r"\s*([（(])\s*", "（", str(text or ""))
    text = re.sub(r"\s*([)）])", "）", text)
    return [part for part in _NAME_SPLIT_RE.split(text) if part]


def fmt(day: date | None) -> str:
    return day.isoformat() if day else ""


# --- problems ------------------------------------------------------------------------------------


class Problems:
    """Every problem as {"row", "column", "level", "message"}; the message names row and column."""

    def __init__(self, columns):
        self.labels = {c.key: c.label for c in columns}
        self.items = []

    def add(self, level, row, key, message, target=None) -> str:
        label = self.labels.get(key, "") if key else ""
        where = (f"第 {row} 行" if row else "") + (f"「{label}」" if label else "")
        text = f"{where}：{message}" if where else message
        self.items.append({"row": row, "column": label, "level": level, "message": text})
        if target is not None:
            target["errors" if level == ERROR else "warnings"].append(text)
        return text

    def error(self, row, key, message, target=None) -> str:
        return self.add(ERROR, row, key, message, target)

    def warning(self, row, key, message, target=None) -> str:
        return self.add(WARNING, row, key, message, target)

    @property
    def error_count(self) -> int:
        return sum(1 for p in self.items if p["level"] == ERROR)


class RowRefused(Exception):
    """A row the save step could not write after all; the commit is rolled back and names the row."""

    def __init__(self, row: int, message: str):
        super().__init__(message)
        self.row, self.message = row, message


# --- what an import declares --------------------------------------------------------------------


class Importer:
    """One import, declared by its app and handed to the engine's functions. Subclass: kind, preview, save."""

    kind = ""  # BackgroundJob.kind of its jobs
    what = "数据"  # what a row is, for messages ("代表", "建议")
    file_label = "要导入的表格"  # what the file is called in messages ("代表名册"): each import names its own
    task = ""  # dotted path of the app's Celery task that commits a large file, taking the job id; "" = always inline
    again_note = ""  # added to the refusal of a second commit of the same upload

    @property
    def nothing_saved(self) -> str:
        """How every refusal and failure ends: the commit is all or nothing."""
        return f"没有保存任何{self.what}"

    def clean_params(self, params: dict) -> dict:
        """The job's parameters as kept (the import's own choices tidied); called whenever they change."""
        return params

    def preview(self, data: bytes, *, body, params: dict) -> dict:
        """The file → the preview (JSON). Reads the database, never writes; ImportFileError for a bad file."""
        raise NotImplementedError

    def save(self, preview: dict, *, body, params: dict, user, progress) -> dict:
        """Write the checked rows (inside the commit's transaction); the summary (JSON).
        progress(done, total) reports how far it got; RowRefused names a row it could not write after all."""
        raise NotImplementedError

    def summary_text(self, summary: dict) -> str:
        return "导入完成。"

    def done_url(self, job) -> str | None:
        """Where the progress page goes once the job is done; None: back to the job's own page."""
        return None


class TableImport(Importer):
    """An import of a plain table: columns, and `check` (table → preview rows); optionally `counts`."""

    columns: tuple = ()

    def check(self, table: Table, problems: Problems, *, body, params: dict) -> tuple[list, dict]:
        """(rows as they will be saved, extras for the preview). Reads the database, never writes."""
        raise NotImplementedError

    def counts(self, rows: list) -> dict:
        counts = {}
        for row in rows:
            action = row.get("action", "new")
            counts[action] = counts.get(action, 0) + 1
        return counts

    def preview(self, data: bytes, *, body, params: dict) -> dict:
        table = read_table(data, self.columns, what=self.what, file_label=self.file_label)
        problems = Problems(self.columns)
        rows, extras = self.check(table, problems, body=body, params=params)
        errors = problems.error_count
        return {
            "filename": params.get("filename", ""),
            "sheet": table.sheet_name,
            "title": table.title,
            "header_row": table.header_row,
            "columns": table.headers,
            "missing_columns": [c.label for c in self.columns if c.key not in table.headers],
            "skipped_rows": table.skipped,
            "rows": rows,
            "problems": sorted(problems.items, key=lambda p: (p["row"] or 0, p["level"] != ERROR)),
            "error_count": errors,
            "warning_count": len(problems.items) - errors,
            "counts": self.counts(rows),
            "can_commit": errors == 0 and bool(rows),
            **extras,
        }


# --- the job -------------------------------------------------------------------------------------


def _progress_key(job_id: int) -> str:
    return f"import-progress-{job_id}"


def _job_data(job) -> bytes:
    # A job whose upload is gone (never stored, or removed from the store) is a 404 with the way out, not a 500.
    try:
        with job.input_file.open("rb") as f:
            return f.read()
    except (ValueError, FileNotFoundError):
        raise Http404("这个导入的文件已不存在，请重新上传文件。") from None


def _preview(importer: Importer, job, data: bytes) -> dict:
    return importer.preview(data, body=job.body, params=job.params)


def _stored_preview(importer: Importer, job) -> dict:
    """The preview of the kept upload; one the reader now refuses is refused with its reason, not a 500."""
    try:
        return _preview(importer, job, _job_data(job))
    except ImportFileError as e:
        raise CommitRefused(f"{e} 请重新上传文件。", "unreadable") from None


def _params(importer: Importer, params: dict, changes: dict | None) -> dict:
    """The job's parameters with the changes that name a value (None: keep what the job has)."""
    return importer.clean_params({**params, **{k: v for k, v in (changes or {}).items() if v is not None}})


def create_job(importer: Importer, *, body, user, data: bytes, filename: str, params: dict | None = None):
    """Read and preview the upload; keep it as a job. Raises ImportFileError, and then saves nothing."""
    job = BackgroundJob(
        body=body, kind=importer.kind, created_by=user if user and user.is_authenticated else None,
        params=importer.clean_params({**(params or {}), "filename": filename}),
    )
    preview = _preview(importer, job, data)
    job.result = {"preview": preview}
    job.total = len(preview["rows"])
    job.message = READ
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


def _refuse_closed(importer: Importer, job):
    if job.status == Status.DONE:
        when = timezone.localtime(job.finished_at).strftime("%Y-%m-%d %H:%M") if job.finished_at else ""
        raise CommitRefused(
            f"这个文件已于 {when} 导入，不能重复提交。如需再次导入，请重新上传文件{importer.again_note}。", "done")
    raise CommitRefused("这个文件正在导入，请稍候。", "running")


def refresh_preview(importer: Importer, job, *, data: bytes | None = None, filename: str | None = None,
                    params: dict | None = None) -> dict:
    """Preview again, with a corrected file and/or new choices (params: changes, None keeps a value).
    Raises ImportFileError for a bad new file (the old one stays), CommitRefused for a closed job."""
    if job.status not in OPEN:
        _refuse_closed(importer, job)
    changes = {**(params or {}), "filename": (filename or None) if data is not None else None}
    job.params = _params(importer, job.params, changes)
    preview = _preview(importer, job, data) if data is not None else _stored_preview(importer, job)
    old_file = job.input_file.name
    if data is not None:
        job.input_file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
    fields = {"params": job.params, "result": {"preview": preview}, "total": len(preview["rows"]),
              "status": Status.PENDING, "message": READ, "input_file": job.input_file.name}
    if not _save_if_open(job, **fields):
        if data is not None:
            job.input_file.storage.delete(fields["input_file"])
        _refuse_closed(importer, job)
    if data is not None and old_file:
        job.input_file.storage.delete(old_file)
    return preview


def get_job(importer: Importer, job_id):
    """The body's import of this kind (the request's scope decides the body), or 404: unknown, another body's,
    or stale."""
    digits = str(job_id).isdigit()  # an API's URL takes any text; a non-number names no import
    job = (BackgroundJob.objects.filter(kind=importer.kind, pk=job_id).select_related("body", "created_by").first()
           if digits else None)
    if job is None:
        raise Http404("没有这个导入。")
    if job.status in OPEN and job.created_at < timezone.now() - timedelta(hours=job_max_age_hours()):
        raise Http404("这个导入已过期，请重新上传文件。")
    return job


def recent_jobs(importer: Importer, count: int = 10):
    """The body's latest imports of this kind, for the upload page."""
    return BackgroundJob.objects.filter(kind=importer.kind).select_related("created_by")[:count]


def _errors_refusal(importer: Importer, preview: dict, *, changed: bool) -> CommitRefused:
    # "Changed": the preview the user saw could be committed, the data as it is now cannot.
    count = preview.get("error_count", 0)
    found = f"数据已变化，出现 {count} 个错误" if changed else f"还有 {count} 个错误"
    return CommitRefused(f"{found}，改正后才能导入；{importer.nothing_saved}。", "errors", preview)


def _choices(params: dict) -> dict:
    return {k: v for k, v in params.items() if k != "committed_by"}


def start_commit(importer: Importer, job, *, user, params: dict | None = None) -> str:
    """Commit the job: "done" | "failed" when done inline, "queued" when the task does it. Raises CommitRefused.

    params: the commit's own choices (as refresh_preview; the plan API's mapping). A preview with errors is
    never committed as it stands: refused at once, from the stored preview. Otherwise, or when the commit brings
    new choices, the file is previewed again against the data as it is now; errors found then keep the job open
    with the new preview and refuse the commit. The claimed commit checks the file once more as it writes.
    """
    if job.status not in OPEN:
        _refuse_closed(importer, job)
    stored = (job.result or {}).get("preview") or {}
    committed_by = user.pk if user and user.is_authenticated else None
    params = {**_params(importer, job.params, params), "committed_by": committed_by}
    new_choices = _choices(params) != _choices(job.params)
    if not stored.get("can_commit") and not new_choices:
        raise _errors_refusal(importer, stored, changed=False)
    job.params = params
    preview = _stored_preview(importer, job)
    fields = {"params": job.params, "result": {"preview": preview}, "total": len(preview["rows"])}
    if not preview["can_commit"]:
        if not _save_if_open(job, **fields):
            _refuse_closed(importer, job)
        raise _errors_refusal(importer, preview, changed=stored.get("can_commit", False) and not new_choices)
    # Claim: the preview, the parameters and "running" in one UPDATE; a second click finds it taken.
    if not _save_if_open(job, **fields, status=Status.RUNNING, progress=0, message="正在导入…", finished_at=None):
        _refuse_closed(importer, job)
    cache.delete(_progress_key(job.pk))
    if job.total > inline_max_rows() and importer.task:
        import_string(importer.task).delay(job.pk)
    elif run_commit(importer, job.pk, inline=True) == "errors":
        job.refresh_from_db()
        raise _errors_refusal(importer, job.result["preview"], changed=True)
    job.refresh_from_db()
    return {Status.DONE: "done", Status.FAILED: "failed"}.get(job.status, "queued")


def _fail(job, message: str, preview=None) -> str:
    if preview is not None:
        job.result = {"preview": preview}
    job.status = Status.FAILED
    job.message = message
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_progress_key(job.pk))
    return job.status


def run_commit(importer: Importer, job_id: int, *, inline: bool = False) -> str:
    """Do the claimed commit: preview the file again and save every row in one transaction. Returns the job's
    status, or "errors" when an inline commit found errors (the job is then pending again, with the new preview).
    A Celery task calls this with the job id; it opens the job's body scope itself."""
    with scopes_disabled():
        job = BackgroundJob.objects.select_related("body").filter(pk=job_id, kind=importer.kind).first()
    if job is None or job.status != Status.RUNNING:
        return job.status if job else "missing"
    nothing = importer.nothing_saved
    with scope(body=job.body):
        user = get_user_model().objects.filter(pk=job.params.get("committed_by")).first()

        def progress(done, total=None):
            cache.set(_progress_key(job.pk), done, 3600)

        try:
            with transaction.atomic():
                preview = _preview(importer, job, _job_data(job))
                if not preview["can_commit"] and inline:
                    job.result, job.status, job.total = {"preview": preview}, Status.PENDING, len(preview["rows"])
                    job.message = READ
                    job.save()
                    return "errors"
                if not preview["can_commit"]:
                    return _fail(job, f"数据已变化，出现 {preview['error_count']} 个错误；{nothing}。", preview)
                summary = importer.save(preview, body=job.body, params=job.params, user=user, progress=progress)
        except RowRefused as e:
            return _fail(job, f"第 {e.row} 行无法保存：{e.message} {nothing}。")
        except ImportFileError as e:
            return _fail(job, f"{e} {nothing}。")
        except Exception:
            log.exception("%s %s failed", importer.kind, job_id)
            return _fail(job, f"导入失败，{nothing}。请重试；如仍失败，请联系系统管理员。")
        job.result = {"preview": preview, "summary": summary}
        job.status = Status.DONE
        job.progress = job.total = len(preview["rows"])
        job.message = importer.summary_text(summary)
        job.finished_at = timezone.now()
        job.save()
        cache.delete(_progress_key(job.pk))
        return job.status


def job_status(importer: Importer, job) -> dict:
    """What the progress page polls (static/js/plan-import.js) and the API answers."""
    progress = job.progress
    if job.status == Status.RUNNING:
        progress = max(progress, cache.get(_progress_key(job.pk)) or 0)
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": Status(job.status).label,
        "progress": progress,
        "total": job.total,
        "percent": int(100 * progress / job.total) if job.total else (100 if job.status == Status.DONE else 0),
        "message": job.message,
        # Named for the first import; the script goes there when done, to the job's page when it is None.
        "plan_url": importer.done_url(job) if job.status == Status.DONE else None,
    }
