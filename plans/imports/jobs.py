"""The plan import as the one import engine (core.imports.engine) runs it: BackgroundJob kind "plan_import".

    params  {"year", "kind", "filename", "mapping": {written name: committee id | "ignore" | "all_help"},
             "confirm_numbering", "remove_missing", "committed_by"}
    result  {"preview": <preview.build_preview>, "summary": <apply.apply_preview> once committed}

The pages (plans/views/imports.py) and the API (plans/api/import_views.py) call the engine with PLAN_IMPORT;
large files are committed by plans.tasks.commit_plan_import. Named by its dotted path here, so that the task
module imports this one and not the other way round.
"""

from plans.imports.apply import apply_preview
from plans.imports.importer import PlanImporter
from plans.imports.preview import build_preview
from plans.imports.reader import read_workbook

JOB_KIND = "plan_import"


class PlanImport(PlanImporter):
    kind = JOB_KIND
    task = "plans.tasks.commit_plan_import"
    summary_extras = (("linked", "关联其他计划中的事项 {} 项"), ("removed", "从计划中移除 {} 项"),
                      ("kept", "保留表中没有的 {} 项"))

    def clean_params(self, params):
        # A unit left without a choice is not mapped: it stays unknown, and the preview asks again.
        mapping = {k: v for k, v in (params.get("mapping") or {}).items() if v not in (None, "")}
        return {**params, "mapping": mapping, "remove_missing": bool(params.get("remove_missing")),
                "confirm_numbering": bool(params.get("confirm_numbering"))}

    def preview(self, data, *, body, params):
        return build_preview(read_workbook(data), body=body, year=params["year"], kind=params["kind"],
                             mapping=params.get("mapping") or {}, filename=params.get("filename", ""),
                             confirm_numbering=bool(params.get("confirm_numbering")))

    def save(self, preview, *, body, params, user, progress):
        return apply_preview(preview, body=body, user=user, remove_missing=params.get("remove_missing", False),
                             progress=progress)


PLAN_IMPORT = PlanImport()
