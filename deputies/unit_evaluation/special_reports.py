"""不满意情况专项报告 (seed 000 (十三)): a deputy's 不满意 opens, besides re-handling, the lead unit's special
report, due BodyRules.unsatisfied_report_days after the feedback; the unit delivers it (text and/or a file) on its
portal, the suggestion's pages track it, the evaluation counts it and the daily reminders chase it.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.rules import rules_for
from deputies.models import SuggestionEvent
from deputies.models.unit_evaluation import UnsatisfiedReport


class ReportError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


def open_report(suggestion, feedback) -> UnsatisfiedReport | None:
    """Called by lifecycle.give_feedback inside its transaction when the feedback is 不满意."""
    if suggestion.lead_unit_id is None:
        return None
    days = rules_for(suggestion.body).unsatisfied_report_days
    report, _ = UnsatisfiedReport.objects.get_or_create(
        suggestion=suggestion, round=feedback.round,
        defaults={"unit_id": suggestion.lead_unit_id, "opened_on": feedback.given_on,
                  "due_on": feedback.given_on + timedelta(days=days)},
    )
    return report


def deliver(report, *, text="", document=None, delivered_on=None, by) -> UnsatisfiedReport:
    """The unit hands in its report; the suggestion's timeline says so. Refused once delivered."""
    delivered_on = delivered_on or timezone.localdate()
    text = (text or "").strip()
    if not text and not document:
        raise ReportError("请填写报告内容或上传报告文件。", "text")
    if delivered_on > timezone.localdate():
        raise ReportError("提交日期不能晚于今天。", "delivered_on")
    with transaction.atomic():
        row = UnsatisfiedReport.objects.select_for_update().get(pk=report.pk)
        if row.delivered_on is not None:
            raise ReportError(f"该专项报告已于 {row.delivered_on:%Y-%m-%d} 提交。", "text")
        row.delivered_on, row.text = delivered_on, text
        row.delivered_by = by if by is not None and by.is_authenticated else None
        fields = ["delivered_on", "text", "delivered_by"]
        if document:
            row.document = document
            fields.append("document")
        row.save(update_fields=fields)
        late = "" if row.on_time else f"（逾期，期限 {row.due_on:%Y-%m-%d}）"
        SuggestionEvent.objects.create(
            suggestion=row.suggestion, kind=SuggestionEvent.Kind.UNSATISFIED_REPORT, by=row.delivered_by,
            on=delivered_on,
            round=row.round, on_behalf_of=row.unit.name,
            text=f"{row.unit.name}提交第{row.round}轮《人大代表不满意情况专项报告》{late}",
        )
    return row
