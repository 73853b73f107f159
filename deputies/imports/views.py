"""Pages of the two Excel imports of deputy work: upload (with the blank template), preview, re-upload,
commit, progress. The same experience as the plan import (plans/views/imports.py).

    /deputies/import/                 the roster: upload; ?template=xlsx the blank workbook
    /suggestions/import/              a session's suggestions: upload (the session, or 闭会期间 + year)
    …/import/<job_id>/                preview: every row as it will be saved, every problem by row and column;
                                      after the commit, the result
    …/import/<job_id>/reupload/       a corrected file in place of the upload
    …/import/<job_id>/commit/         all or nothing; large files in a task while the page shows progress
    …/import/<job_id>/status/         JSON the progress page polls (static/js/plan-import.js)

Office only: deputies.permissions.roster_refusal / suggestion_refusal; everyone else gets 403 with
the reason. The work itself is the import engine's (core.imports.engine) with the imports' declarations
(deputies.imports.ROSTER_IMPORT, SUGGESTION_IMPORT).
"""

from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exporters import XLSX_CONTENT_TYPE, file_response
from core.imports import engine as ti
from core.imports import max_upload_bytes
from core.models import BackgroundJob
from deputies.imports import ROSTER_IMPORT, SUGGESTION_IMPORT
from deputies.imports.templates import roster_template, suggestion_template
from deputies.models import CongressSession
from deputies.permissions import roster_refusal, suggestion_refusal

EMPTY_FILE = "文件是空的（0 字节），请选择填好的 Excel 工作簿（.xlsx）。"
BETWEEN = "between"


def _url(name, *args, query=None) -> str | None:
    """The page's address, or None while the page is not part of this deployment."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


@dataclass(frozen=True)
class ImportPage:
    importer: ti.TableImport
    refusal: object  # user → reason | None
    name: str  # URL name of the upload page; the others add -preview, -reupload, -commit, -status
    title: str
    upload_template: str
    rows_template: str

    def guard(self, request):
        reason = self.refusal(request.user)
        if not reason and getattr(request, "renda_body", None) is None:
            reason = "您的账号未归属任何人大常委会，不能导入。请联系系统管理员。"
        if reason:
            raise PermissionDenied(reason)

    def url(self, suffix, job) -> str:
        return reverse(f"{self.name}-{suffix}", kwargs={"job_id": job.pk})


ROSTER = ImportPage(ROSTER_IMPORT, roster_refusal, "deputy-import", "导入代表名册",
                    "deputies/import/upload_roster.html", "deputies/import/_rows_roster.html")
SUGGESTIONS = ImportPage(SUGGESTION_IMPORT, suggestion_refusal, "suggestion-import", "导入代表建议",
                         "deputies/import/upload_suggestions.html", "deputies/import/_rows_suggestions.html")
PAGES = {p.importer.kind: p for p in (ROSTER, SUGGESTIONS)}


def guarded(page: ImportPage):
    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            page.guard(request)
            return view(request, page, *args, **kwargs)

        return wrapped

    return decorate


# --- forms ---------------------------------------------------------------------------------------


def _file_field():
    return forms.FileField(
        label="工作簿（.xlsx）",
        error_messages={"empty": EMPTY_FILE, "required": "请选择要导入的 Excel 工作簿（.xlsx）。"},
        help_text=f"Excel 文件（.xlsx），不超过 {max_upload_bytes() // 1024 // 1024} MB。",
    )


class RosterUploadForm(forms.Form):
    file = _file_field()


class SuggestionUploadForm(forms.Form):
    raised_at = forms.ChoiceField(label="提出时间")
    year = forms.IntegerField(label="年度（闭会期间提出的）", required=False, min_value=1980, max_value=2100)
    file = _file_field()

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.pk): s for s in sessions}
        self.fields["raised_at"].choices = [(str(s.pk), s.name) for s in sessions] + [(BETWEEN, "闭会期间")]

    def clean(self):
        data = super().clean()
        if data.get("raised_at") == BETWEEN:
            if not data.get("year"):
                self.add_error("year", "闭会期间提出的建议请填写年度。")
            elif data["year"] > timezone.localdate().year:
                self.add_error("year", f"年度 {data['year']} 晚于今年。")
        return data

    def params(self) -> dict:
        session = self.sessions.get(self.cleaned_data["raised_at"])
        if session is not None:
            return {"session": session.pk, "year": session.year}
        return {"session": None, "year": self.cleaned_data["year"]}


class ReuploadForm(forms.Form):
    file = forms.FileField(label="修改后的工作簿（.xlsx）", error_messages={"empty": EMPTY_FILE})


# --- pages ---------------------------------------------------------------------------------------


def _template_response(data: bytes, filename: str):
    return file_response(data, filename, XLSX_CONTENT_TYPE, "template.xlsx")


def _upload(request, page, form, extra=None):
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        params = form.params() if hasattr(form, "params") else {}
        try:
            job = ti.create_job(page.importer, body=request.renda_body, user=request.user,
                                data=ti.read_upload(upload), filename=upload.name, params=params)
        except ti.ImportFileError as e:
            form.add_error("file", str(e))
        else:
            return redirect(page.url("preview", job))
    return render(request, page.upload_template,
                  {"form": form, "page": page, "recent": ti.recent_jobs(page.importer), **(extra or {})})


@require_http_methods(["GET", "POST"])
@guarded(ROSTER)
def roster_upload(request, page):
    if request.method == "GET" and request.GET.get("template") == "xlsx":
        return _template_response(roster_template(request.renda_body.name), "代表名册（导入模板）.xlsx")
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    return _upload(request, page, form, {"deputy_list_url": _url("deputy-list")})


@require_http_methods(["GET", "POST"])
@guarded(SUGGESTIONS)
def suggestion_upload(request, page):
    sessions = list(CongressSession.objects.order_by("-start_on"))
    if request.method == "GET" and request.GET.get("template") == "xlsx":
        chosen = next((s for s in sessions if str(s.pk) == request.GET.get("session")), None)
        where = chosen.name if chosen else request.renda_body.name
        return _template_response(suggestion_template(where), f"{where}代表建议（导入模板）.xlsx")
    initial = {"raised_at": str(sessions[0].pk) if sessions else BETWEEN, "year": timezone.localdate().year}
    if request.GET.get("session") in {str(s.pk) for s in sessions}:
        initial["raised_at"] = request.GET["session"]
    form = SuggestionUploadForm(request.POST or None, request.FILES or None, sessions=sessions,
                                initial=None if request.method == "POST" else initial)
    return _upload(request, page, form, {"sessions": sessions, "session_create_url": _url("session-create")})


def _done_links(page, job) -> list[tuple[str, str]]:
    summary = (job.result or {}).get("summary") or {}
    if page is ROSTER:
        url = _url("deputy-list")
        return [("查看代表名册", url)] if url else []
    if summary.get("session"):
        query = {"session": summary["session"]}
    else:
        query = {"between_sessions": "true", "year": summary.get("year")}
    links = []
    if url := _url("suggestion-list", query=query):
        links.append(("查看导入的建议", url))
    if url := _url("suggestion-figures", query={"session": summary["session"]} if summary.get("session")
                   else {"year": summary.get("year")}):
        links.append(("办理统计", url))
    return links


@require_GET
def _preview(request, page, job_id):
    job = ti.get_job(page.importer, job_id)
    preview = (job.result or {}).get("preview") or {}
    problems = preview.get("problems", [])
    return render(request, "deputies/import/preview.html", {
        "page": page,
        "job": job,
        "preview": preview,
        "rows": preview.get("rows", []),
        "errors": [p for p in problems if p["level"] == "error"],
        "warnings": [p for p in problems if p["level"] == "warning"],
        "summary": (job.result or {}).get("summary"),
        "status": ti.job_status(page.importer, job),
        "done_links": _done_links(page, job) if job.status == BackgroundJob.Status.DONE else [],
        "reupload_form": ReuploadForm(),
        "preview_url": page.url("preview", job),
        "status_url": page.url("status", job),
        "commit_url": page.url("commit", job),
        "reupload_url": page.url("reupload", job),
    })


@require_POST
def _reupload(request, page, job_id):
    job = ti.get_job(page.importer, job_id)
    form = ReuploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择修改后的 Excel 工作簿（.xlsx）。")
        return redirect(page.url("preview", job))
    upload = form.cleaned_data["file"]
    try:
        preview = ti.refresh_preview(page.importer, job, data=ti.read_upload(upload), filename=upload.name)
    except ti.CommitRefused as e:
        messages.warning(request, e.message)
    except ti.ImportFileError as e:
        messages.error(request, f"新文件无法读取，仍保留原来的文件：{e}")
    else:
        errors = preview["error_count"]
        messages.success(request, f"已读取修改后的文件“{upload.name}”"
                                  + (f"，还有 {errors} 个错误。" if errors else "，没有错误。"))
    return redirect(page.url("preview", job))


@require_POST
def _commit(request, page, job_id):
    job = ti.get_job(page.importer, job_id)
    try:
        ti.start_commit(page.importer, job, user=request.user)
    except ti.CommitRefused as e:
        (messages.error if e.code == "errors" else messages.warning)(request, e.message)
        return redirect(page.url("preview", job))
    # Done or failed, the job's page says so (its message in the result box); queued, it shows the progress.
    return redirect(page.url("preview", job))


@require_GET
def _status(request, page, job_id):
    job = ti.get_job(page.importer, job_id)
    # No done_url: static/js/plan-import.js then reloads the preview page, which shows the result.
    return JsonResponse(ti.job_status(page.importer, job), json_dumps_params={"ensure_ascii": False})


roster_preview = guarded(ROSTER)(_preview)
roster_reupload = guarded(ROSTER)(_reupload)
roster_commit = guarded(ROSTER)(_commit)
roster_status = guarded(ROSTER)(_status)
suggestion_preview = guarded(SUGGESTIONS)(_preview)
suggestion_reupload = guarded(SUGGESTIONS)(_reupload)
suggestion_commit = guarded(SUGGESTIONS)(_commit)
suggestion_status = guarded(SUGGESTIONS)(_status)

