"""Pages of the Word import: upload a .docx or paste the text, correct the preview in place, commit.

Office only (plans.permissions.plan_import_refusal); everyone else gets 403 with the reason. The reading,
checking and saving are plans.imports.word_import's, run by the one import engine (core.imports.engine);
these views read the forms and show the results. Every field of every item is an input named
"r<item>-<field>"; one "保存更正" POST turns what differs from the text's reading into corrections.
"""


from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.imports import CommitRefused, ImportFileError, engine, max_upload_bytes, read_upload
from core.models import Committee, ReportingBody
from plans.imports.word_import import (
    FIELD_LABELS,
    WORD_PLAN_IMPORT,
    CorrectionRefused,
    check_corrections,
    clean_text,
    text_of_file,
)
from plans.models import AnnualPlan, PlanKind, SupervisionForm
from plans.permissions import plan_import_refusal
from plans.timing import TimingKind
from plans.views.import_jobs import commit_job, refused_unless

PASTED = "粘贴的文字"
STALE = "预览已在别处更新（可能是另一个窗口或另一位同事），本次更正未保存。请查看最新的预览后再更正。"


# 403 with the reason for anyone but the office
office_only = refused_unless(lambda user, body: plan_import_refusal(user, body, "Word"))


class WordUploadForm(forms.Form):
    text = forms.CharField(label="计划全文", required=False, widget=forms.Textarea(attrs={"rows": 12}),
                           help_text="从 Word 中复制计划的全文，粘贴在这里。")
    file = forms.FileField(label="或选择 Word 文件（.docx）", required=False,
                           help_text=f"不超过 {max_upload_bytes() // 1024 // 1024} MB。")
    kind = forms.ChoiceField(label="计划类别", required=False, choices=[("", "按文字识别"), *PlanKind.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              help_text="留空则按文字中写的年度。")

    def clean(self):
        data = super().clean()
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError("请只选择一种方式：粘贴全文，或上传 Word 文件。")
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请粘贴计划的全文，或选择计划的 Word 文件（.docx）。")
        return data


def _upload_text(form) -> tuple[str, str, str]:
    """(text, filename, source) of a valid upload form; ImportFileError for an unreadable file."""
    upload = form.cleaned_data.get("file")
    if upload:
        return text_of_file(read_upload(upload), upload.name), upload.name, "docx"
    return clean_text(form.cleaned_data["text"]), PASTED, "paste"


@office_only
@require_http_methods(["GET", "POST"])
def word_upload(request):
    if request.method == "POST":
        form = WordUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text, filename, source = _upload_text(form)
                job = engine.create_job(
                    WORD_PLAN_IMPORT, body=request.renda_body, user=request.user, data=text.encode("utf-8"),
                    filename=filename, params={"kind": form.cleaned_data["kind"] or None,
                                               "year": form.cleaned_data["year"], "source": source},
                )
            except ImportFileError as e:
                form.add_error(None, str(e))
            else:
                return redirect("plan-word-import-preview", job_id=job.pk)
    else:
        kind = request.GET.get("kind")
        form = WordUploadForm(initial={"kind": kind if kind in PlanKind.values else "",
                                       "year": request.GET.get("year", "")})
    return render(request, "plans/import/word_upload.html", {
        "form": form, "plans": AnnualPlan.objects.order_by("-year", "kind"),
        "recent": engine.recent_jobs(WORD_PLAN_IMPORT),
    })


def _choices(preview) -> dict:
    """What each field may be set to: the body's committees and reporting bodies (in use, or already chosen)."""
    chosen_committees = {c["id"] for r in preview.get("rows", []) for c in r["leads"] + r["helpers"]}
    chosen_bodies = {b["id"] for r in preview.get("rows", []) for b in r["reporting_bodies"]}
    committees = [c for c in Committee.objects.order_by("order", "id") if c.active or c.pk in chosen_committees]
    bodies = [b for b in ReportingBody.objects.order_by("order", "id") if b.valid_to is None or b.pk in chosen_bodies]
    return {
        "committees": committees, "reporting_bodies": bodies, "forms": SupervisionForm.choices,
        "timing_kinds": TimingKind.choices, "months": range(1, 13), "quarters": range(1, 5),
        "kinds": PlanKind.choices,
    }


def _groups(preview) -> list[dict]:
    """The rows by section, in the text's order; each row with the prefix of its inputs' names."""
    sections = preview.get("sections", [])
    groups = [{"section": s, "rows": []} for s in sections]
    loose = {"section": None, "rows": []}
    for row in preview.get("rows", []):
        index = row["values"]["section"]
        target = groups[index - 1] if 1 <= index <= len(groups) else loose
        target["rows"].append({**row, "prefix": f"r{row['index']}"})
    return [g for g in [loose, *groups] if g["rows"] or g["section"]]


@office_only
@require_GET
def word_preview(request, job_id):
    job = engine.get_job(WORD_PLAN_IMPORT, job_id)
    preview = (job.result or {}).get("preview") or {}
    problems = preview.get("problems", [])
    return render(request, "plans/import/word_preview.html", {
        "job": job, "preview": preview, "rows": preview.get("rows", []), "groups": _groups(preview),
        "summary": (job.result or {}).get("summary"),
        "errors": [p for p in problems if p["level"] == "error"],
        "plan_problems": [p for p in problems if p["row"] is None],
        "editable": job.status in (job.Status.PENDING, job.Status.FAILED),
        "revision": job.params.get("revision", 0), "labels": FIELD_LABELS, **_choices(preview),
    })


# --- corrections ------------------------------------------------------------------------------------------


def _number(text: str):
    text = (text or "").strip()
    return int(text) if text.isdigit() else (text or None)


def _posted_row(post, index: int, main_form: str) -> dict:
    """The row's fields as posted, in the corrections' terms (a value that is not a number stays text, for
    check_corrections to refuse in words)."""
    p = f"r{index}-"
    form = post.get(p + "form", main_form)
    return {
        "title": post.get(p + "title", ""), "focus": post.get(p + "focus", ""), "number": post.get(p + "number", ""),
        "section": _number(post.get(p + "section")), "form": form,
        "extra_forms": [f for f in post.getlist(p + "extra_forms") if f != form],
        "timing_kind": post.get(p + "timing_kind", ""),
        **{key: _number(post.get(p + key)) for key in ("start_month", "end_month", "quarter")},
        "timing_note": post.get(p + "timing_note", ""),
        **{key: p + key in post for key in ("to_standing_meeting", "to_chairpersons_meeting", "all_committees_help")},
        **{key: [_number(v) for v in post.getlist(p + key)] for key in ("leads", "helpers", "reporting_bodies")},
        "link": _number(post.get(p + "link")),
        "mentions": [_number(v) for v in post.getlist(p + "mentions")],
    }


def _same(posted, baseline) -> bool:
    if isinstance(posted, str) and isinstance(baseline, str):
        return posted.strip() == baseline.strip()
    if isinstance(posted, list) and isinstance(baseline, list):  # chosen committees, bodies, forms: any order
        return sorted(map(str, posted)) == sorted(map(str, baseline))
    return posted == baseline


def posted_corrections(post, preview: dict) -> dict:
    """What the form holds that differs from the text's reading: the corrections, all of them (those set back to
    what the text says are dropped)."""
    rows = {}
    for row in preview.get("rows", []):
        if f"r{row['index']}-title" not in post:
            continue  # the row was not on the form
        baseline = {**row["proposed"], "link": row.get("auto_link"), "mentions": row.get("auto_mentions", [])}
        posted = _posted_row(post, row["index"], row["values"]["form"])
        if not row.get("mention_choices"):
            posted.pop("mentions")  # no choice was offered
        if posted["timing_kind"] == row["values"]["timing_kind"]:
            # Months the timing's kind does not use were emptied by the model's rule; not a correction.
            for key in ("start_month", "end_month", "quarter"):
                if posted[key] is None and row["values"][key] is None:
                    posted[key] = baseline[key]
        changed = {field: value for field, value in posted.items() if not _same(value, baseline.get(field))}
        if changed:
            rows[str(row["index"])] = changed
    corrections = {"rows": rows}
    for key in ("kind", "year"):
        value = _number(post.get(key)) if key == "year" else (post.get(key) or None)
        if value is not None and value != preview.get(f"uncorrected_{key}"):
            corrections[key] = value
    return corrections


@office_only
@require_POST
def word_correct(request, job_id):
    job = engine.get_job(WORD_PLAN_IMPORT, job_id)
    preview = (job.result or {}).get("preview") or {}
    if str(request.POST.get("revision", "")) != str(job.params.get("revision", 0)):
        messages.warning(request, STALE)
        return redirect("plan-word-import-preview", job_id=job.pk)
    try:
        corrections = check_corrections(posted_corrections(request.POST, preview), preview=preview,
                                        body=request.renda_body)
        preview = engine.refresh_preview(WORD_PLAN_IMPORT, job, params={
            "corrections": corrections, "revision": job.params.get("revision", 0) + 1})
    except CorrectionRefused as e:
        messages.error(request, f"更正未保存：{e.message}")
    except CommitRefused as e:
        messages.warning(request, e.message)
    except ImportFileError as e:
        messages.error(request, str(e))
    else:
        errors = preview["error_count"]
        messages.success(request, "已保存更正并重新检查" + (f"，还有 {errors} 个错误。" if errors else "，没有错误。"))
    return redirect("plan-word-import-preview", job_id=job.pk)


@office_only
@require_POST
def word_commit(request, job_id):
    # Always committed inline (WORD_PLAN_IMPORT has no task): done or failed.
    return commit_job(request, WORD_PLAN_IMPORT, engine.get_job(WORD_PLAN_IMPORT, job_id), "plan-word-import-preview")
