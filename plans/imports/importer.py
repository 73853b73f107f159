"""What the plan's two imports (plans.imports.jobs.PLAN_IMPORT from Excel, plans.imports.word_import.WORD_PLAN_IMPORT
from Word) declare alike to the import engine (core.imports.engine): the words of their result and where it leads."""

from django.urls import reverse

from core.imports.engine import Importer


class PlanImporter(Importer):
    what = "计划事项"
    nothing_saved = "计划未作任何修改"
    again_note = "（将更新该计划，不会重复添加）"
    summary_lead = "已导入"  # then 《plan title》：
    summary_extras: tuple[tuple[str, str], ...] = ()  # (summary key, words with {} for the count), when not 0

    def summary_text(self, summary):
        parts = [f"新增 {summary['created']} 项", f"更新 {summary['updated']} 项", f"未变 {summary['unchanged']} 项"]
        parts += [words.format(summary[key]) for key, words in self.summary_extras if summary.get(key)]
        return f"{self.summary_lead}《{summary['plan_title']}》：" + "，".join(parts) + "。"

    def done_url(self, job):
        summary = (job.result or {}).get("summary") or {}
        return reverse("plan-detail", args=[summary["plan_id"]]) if summary.get("plan_id") else None
