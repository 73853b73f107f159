"""One place to read a body's deadline rules (defaults from DOMAIN.md until the body sets its own)."""

from datetime import date, timedelta

from plans.models import BodyRules, MaterialStep


def rules_for(body) -> BodyRules:
    """The body's rules row, created with the defaults on first use."""
    rules = BodyRules.objects.filter(body=body).first()
    return rules or BodyRules.objects.create(body=body)


def ladder(body) -> list[tuple[str, int]]:
    """(step, days before the meeting), earliest first."""
    r = rules_for(body)
    S = MaterialStep.Step
    return [
        (S.RESEARCH_START, r.research_start_days),
        (S.FINDINGS, r.findings_days),
        (S.REPORT_DRAFT, r.report_draft_days),
        (S.COMMITTEE_ANSWER, r.committee_answer_days),
        (S.REVISED_REPORT, r.revised_report_days),
        (S.MATERIALS, r.materials_days),
    ]


def ladder_dues(body, meeting_date: date) -> dict[str, date]:
    return {step: meeting_date - timedelta(days=days) for step, days in ladder(body)}
