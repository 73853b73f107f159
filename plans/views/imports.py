"""Pages of the Excel import: upload, preview (with the committee mapping), commit, progress, blank template.

The mapping form maps each unknown unit to a committee, to 各工委协助 or to 忽略, and may remember a chosen
committee's spelling for every later import (Committee.aliases, recorded in the change history). The commit form
carries the confirmation that rows whose 序号 starts again belong to the category above.

Office only (plans.permissions.can_manage_plans); everyone else gets 403 with the reason. The
work itself is the import engine's (core.imports.engine) with the plan's declaration (plans.imports.jobs.PLAN_IMPORT);
these views only read the forms and show the results.
"""


from django import forms
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.imports import CommitRefused, ImportFileError, engine, max_upload_bytes, read_upload
from core.models import BackgroundJob, Committee
from plans.imports.apply import remember_spellings
from plans.imports.jobs import PLAN_IMPORT
from plans.imports.preview import ALL_HELP, IGNORE
from plans.imports.template import blank_template
from plans.models import AnnualPlan, PlanKind
from plans.permissions import can_manage_plans
from plans.views.import_jobs import commit_job, refused_unless

EMPTY_FILE = "文件是空的（0 字节），请选择填好的 Excel 工作簿（.xlsx）。"
REFUSAL = "只有办公室可以从 Excel 导入年度计划。您可以查看计划，但不能导入或修改。"


def import_refusal(user, body) -> str | None:
    """Why the user may not import, in words for the user; None when they may."""
    if not can_manage_plans(user):
        return REFUSAL
    if body is None:
        return "您的账号未归属任何人大常委会，不能导入计划。请联系系统管理员。"
    return None


office_only = refused_unless(import_refusal)  # 403 with the reason for anyone but the office


class UploadForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="计划类别", choices=PlanKind.choices)
    file = forms.FileField(
        label="工作簿（.xlsx）",
        error_messages={"empty": EMPTY_FILE, "required": "请选择要导入的 Excel 工作簿（.xlsx）。"},
        help_text=f"按“主要工作安排表”格式填写的 Excel 文件，不超过 {max_upload_bytes() // 1024 // 1024} MB。",
    )


class ReuploadForm(forms.Form):
    file = forms.FileField(label="修改后的工作簿（.xlsx）", error_messages={"empty": EMPTY_FILE})


@office_only
@require_http_methods(["GET", "POST"])
def import_upload(request):
    body = request.renda_body
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = engine.create_job(
                    PLAN_IMPORT, body=body, user=request.user, data=read_upload(upload), filename=upload.name,
                    params={"year": form.cleaned_data["year"], "kind": form.cleaned_data["kind"]},
                )
            except ImportFileError as e:
                form.add_error("file", str(e))
            else:
                return redirect("plan-import-preview", job_id=job.pk)
    else:
        initial_kind = request.GET.get("kind")
        form = UploadForm(initial={
            "year": request.GET.get("year") or timezone.localdate().year,
            "kind": initial_kind if initial_kind in PlanKind.values else PlanKind.SUPERVISION,
        })
    plans = AnnualPlan.objects.order_by("-year", "kind")
    recent = engine.recent_jobs(PLAN_IMPORT)
    return render(request, "plans/import/upload.html", {"form": form, "plans": plans, "recent": recent})


@office_only
@require_GET
def import_template(request):
    body = request.renda_body
    committees = Committee.objects.filter(active=True).order_by("order", "id").values_list("short_name", flat=True)
    data = blank_template(f"{body.name} {timezone.localdate().year} 年度主要工作安排表", list(committees))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename=\"template.xlsx\"; filename*=UTF-8''%E4%B8%BB%E8%A6%81%E5%B7%A5%E4%BD%9C%E5%AE%89%E6%8E%92%E8%A1%A8.xlsx"
    response["Cache-Control"] = "private, no-store"
    return response


def _label(committees: list[dict]) -> str:
    return "、".join(c["short_name"] for c in committees)


def _mapping_rows(job, preview) -> list[dict]:
    """Every written name the user has decided, or must decide, with its current choice."""
    rows = {}
    for unit in preview.get("unknown_units", []):
        rows[unit["name"]] = {"name": unit["name"], "rows": unit["rows"], "value": ""}
    for unit in preview.get("ignored_units", []):
        rows[unit["name"]] = {"name": unit["name"], "rows": unit["rows"], "value": IGNORE}
    for unit in preview.get("all_help_units", []):
        rows[unit["name"]] = {"name": unit["name"], "rows": unit["rows"], "value": ALL_HELP}
    mapping = job.params.get("mapping") or {}
    for row in preview.get("rows", []):
        for c in row["leads"] + row["helpers"]:
            if c["how"] == "mapped":
                entry = rows.setdefault(c["written"], {"name": c["written"], "rows": [], "value": str(c["id"])})
                entry["rows"].append(row["row"])
    for name, value in mapping.items():
        rows.setdefault(name, {"name": name, "rows": [], "value": str(value)})
    for entry in rows.values():
        entry["rows_label"] = "、".join(str(r) for r in entry["rows"][:12]) + ("…" if len(entry["rows"]) > 12 else "")
    return list(rows.values())


@office_only
@require_GET
def import_preview(request, job_id):
    job = engine.get_job(PLAN_IMPORT, job_id)
    preview = (job.result or {}).get("preview") or {}
    rows = [
        {**row, "leads_label": _label(row["leads"]), "helpers_label": _label(row["helpers"]),
         "bodies_label": "、".join(b["name"] for b in row.get("reporting_bodies", []))}
        for row in preview.get("rows", [])
    ]
    summary = (job.result or {}).get("summary")
    return render(request, "plans/import/preview.html", {
        "job": job,
        "preview": preview,
        "rows": rows,
        "errors": [p for p in preview.get("problems", []) if p["level"] == "error"],
        "warnings": [p for p in preview.get("problems", []) if p["level"] == "warning"],
        "mapping_rows": _mapping_rows(job, preview),
        "committees": Committee.objects.order_by("-active", "order", "id"),
        "summary": summary,
        "status": engine.job_status(PLAN_IMPORT, job),
        "reupload_form": ReuploadForm(),
        "ignore": IGNORE,
        "all_help": ALL_HELP,
    })


def _posted_mapping(post) -> tuple[dict, list[str]]:
    """The mapping form: {written name: committee id | IGNORE | ALL_HELP}, and the names ticked 记住这个写法."""
    mapping, remember = {}, []
    for key, name in post.items():
        if not key.startswith("unit-"):
            continue
        number = key.removeprefix("unit-")
        value = post.get("map-" + number, "")
        if value in (IGNORE, ALL_HELP) or value.isdigit():
            mapping[name] = value if not value.isdigit() else int(value)
        if post.get("remember-" + number) == "on":
            remember.append(name)
    return mapping, remember


def _remember(request, job, mapping: dict, names: list[str]) -> bool:
    """Save the ticked spellings; their names leave the mapping (the committee's spelling now finds them)."""
    saved, refusals = remember_spellings(request.renda_body, request.user, mapping, names,
                                         source=job.params.get("filename", ""))
    for refusal in refusals:
        messages.error(request, f"没有记住任何写法：{refusal}")
    for spelling in saved:
        mapping.pop(spelling["name"], None)
    if saved:
        written = "、".join(f"“{s['name']}”是「{s['committee']}」" for s in saved)
        messages.success(request, f"已记住{written}的写法，以后导入（页面和 API）会自动识别。")
    return not refusals


@office_only
@require_POST
def import_mapping(request, job_id):
    job = engine.get_job(PLAN_IMPORT, job_id)
    mapping, remember = _posted_mapping(request.POST)
    if remember and job.status in (BackgroundJob.Status.PENDING, BackgroundJob.Status.FAILED):
        _remember(request, job, mapping, remember)
    try:
        preview = engine.refresh_preview(PLAN_IMPORT, job, params={"mapping": mapping})
    except CommitRefused as e:
        messages.warning(request, e.message)
    except ImportFileError as e:
        messages.error(request, str(e))
    else:
        left = len(preview["unknown_units"])
        messages.success(request, "已按所选的对应关系重新检查。" + (f"还有 {left} 个单位未选择。" if left else ""))
    return redirect("plan-import-preview", job_id=job.pk)


@office_only
@require_POST
def import_reupload(request, job_id):
    job = engine.get_job(PLAN_IMPORT, job_id)
    form = ReuploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择修改后的 Excel 工作簿（.xlsx）。")
        return redirect("plan-import-preview", job_id=job.pk)
    upload = form.cleaned_data["file"]
    try:
        preview = engine.refresh_preview(PLAN_IMPORT, job, data=read_upload(upload), filename=upload.name)
    except CommitRefused as e:
        messages.warning(request, e.message)
    except ImportFileError as e:
        messages.error(request, f"新文件无法读取，仍保留原来的文件：{e}")
    else:
        errors = preview["error_count"]
        messages.success(
            request, f"已读取修改后的文件“{upload.name}”" + (f"，还有 {errors} 个错误。" if errors else "，没有错误。")
        )
    return redirect("plan-import-preview", job_id=job.pk)


@office_only
@require_POST
def import_commit(request, job_id):
    return commit_job(request, PLAN_IMPORT, engine.get_job(PLAN_IMPORT, job_id), "plan-import-preview", params={
        "remove_missing": request.POST.get("remove_missing") == "on",
        "confirm_numbering": request.POST.get("confirm_numbering") == "on"})


@office_only
@require_GET
def import_status(request, job_id):
    job = engine.get_job(PLAN_IMPORT, job_id)
    return JsonResponse(engine.job_status(PLAN_IMPORT, job), json_dumps_params={"ensure_ascii": False})
