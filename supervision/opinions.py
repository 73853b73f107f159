"""Review opinions (审议意见), rectification (整改), livelihood progress: the one way they change.

Due dates come from the body's rules (core.rules.rules_for) at the moment an opinion is sent, and
are stored on the row: a later change of the setting affects new opinions only.
"""

import calendar
from datetime import date

from django.db import transaction
from django.utils import timezone

from core import uploads
from core.models import Committee, ReportingBody
from core.rules import rules_for
from meetings.models import AgendaItem, Meeting
from plans.models import PlanItem, SupervisionForm
from plans.workflow import record_edit
from supervision.models import (
    LivelihoodProgress,
    Rectification,
    RectificationNote,
    ReviewOpinion,
)


def record_choices() -> dict:
    """What an opinion's, a rectification's or a project's relations may name, on the pages' forms and through the
    API: the body's active committees, its reporting bodies, its meetings (built in the request's body scope)."""
    return {
        "committee": Committee.objects.filter(active=True).order_by("order", "pk"),
        "reporting_body": ReportingBody.objects.order_by("order", "pk"),
        "department": ReportingBody.objects.order_by("order", "pk"),
        "response_heard_at": Meeting.objects.select_related("term").order_by("-year", "kind", "number"),
    }


def inspection_choices() -> dict:
    """What an inspection may name, on the page's form and through the API: the body's inspection plan items and
    its agenda items."""
    return {
        "plan_item": PlanItem.objects.filter(form=SupervisionForm.INSPECTION).order_by("-year", "pk"),
        "report_agenda_item": AgendaItem.objects.select_related("meeting__term").order_by(
            "-meeting__year", "meeting__number", "order"),
    }


def add_months(day: date, months: int) -> date:
    """Calendar-aware month arithmetic: the same day, or the month's last day (2023-05-31 + 1 → 2023-06-30)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def opinion_due_on(body, sent_on: date | None) -> date | None:
    if sent_on is None:
        return None
    return add_months(sent_on, rules_for(body).opinion_response_months)


def rectification_due_on(body, start: date) -> date:
    return add_months(start, rules_for(body).rectification_months)


def _timeline(agenda_item, by, label: str, text: str) -> None:
    """Note the step on every plan item the agenda item carries (the item's history)."""
    for plan_item in agenda_item.plan_items.all():
        record_edit(plan_item, by, {label: ["", text[:200]]})


def default_committee(agenda_item):
    """The working committee (工委) that follows the item day to day, else its first committee."""
    committees = agenda_item.committees.order_by("order", "pk")
    return committees.filter(kind="working").first() or committees.first()


def default_reporting_body(agenda_item):
    return agenda_item.reporting_bodies.order_by("order", "pk").first()


@transaction.atomic
def create_opinion(opinion: ReviewOpinion, by) -> ReviewOpinion:
    """Save a new opinion (from a form), filling committee, reporting body and the due date."""
    item = opinion.agenda_item
    body = item.meeting.body
    if opinion.committee_id is None:
        opinion.committee = default_committee(item)
    if opinion.reporting_body_id is None:
        opinion.reporting_body = default_reporting_body(item)
    opinion.due_on = opinion_due_on(body, opinion.sent_on)
    opinion.save()
    sent = f"{opinion.sent_on:%Y-%m-%d} 送交，{opinion.due_on:%Y-%m-%d} 前反馈" if opinion.sent_on else "尚未送交"
    _timeline(item, by, "审议意见", sent)
    return opinion


@transaction.atomic
def mark_sent(opinion: ReviewOpinion, sent_on: date, by) -> ReviewOpinion:
    opinion.sent_on = sent_on
    opinion.due_on = opinion_due_on(opinion.agenda_item.meeting.body, sent_on)
    opinion.save(update_fields=["sent_on", "due_on"])
    _timeline(opinion.agenda_item, by, "审议意见", f"{sent_on:%Y-%m-%d} 送交，{opinion.due_on:%Y-%m-%d} 前反馈")
    return opinion


@transaction.atomic
def record_response(opinion: ReviewOpinion, by, *, open_rectification: bool = False, rectification_what: str = ""):
    """After a response form saved the opinion's response fields: history, and rectification if asked."""
    parts = []
    if opinion.response_on:
        parts.append(f"{opinion.response_on:%Y-%m-%d} 收到反馈")
    if opinion.response_heard_at_id:
        parts.append(f"提请{opinion.response_heard_at.short_title}")
    if opinion.assessment:
        parts.append(f"工委评价：{opinion.get_assessment_display()}")
    if parts:
        _timeline(opinion.agenda_item, by, "审议意见反馈", "，".join(parts))
    if open_rectification and not opinion.rectifications.exists():
        return open_rectification_for_opinion(opinion, by, rectification_what)
    return None


# An opinion's two files: which (as the page posts it) → (field, how the history and messages name it).
OPINION_FILES = {"document": ("document", "审议意见文件"), "response": ("response_document", "反馈报告")}


class OpinionFileError(ValueError):
    """A change the opinion does not allow; the message is for the user."""


def change_opinion_file(opinion: ReviewOpinion, which: str, by, new_file=None) -> str:
    """Remove the opinion's file or response report (new_file None) or put new_file in its place; on the history of
    every plan item the agenda item carries, with the file names (删除文件“…”, 替换文件“…”为“…”). The old file is
    deleted once that is committed. Returns what was done, in words."""
    field, label = OPINION_FILES[which]
    current = getattr(opinion, field)
    old_name = uploads.download_name(current) if current else ""
    storage, stored = current.storage, current.name or ""
    if new_file is None:
        if not old_name:
            raise OpinionFileError(f"{label}已不存在。")
        if which == "document" and not opinion.text.strip():
            raise OpinionFileError(f"该审议意见没有文字内容，删除{label}后意见将为空；请改为替换{label}。")
    with transaction.atomic():
        setattr(opinion, field, new_file or "")
        opinion.save(update_fields=[field])
        new_name = uploads.download_name(getattr(opinion, field)) if new_file is not None else ""
        if new_file is None:
            note = f"删除文件“{old_name}”"
        elif old_name:
            note = f"替换文件“{old_name}”为“{new_name}”"
        else:
            note = f"上传文件“{new_name}”"
        for plan_item in opinion.agenda_item.plan_items.all():
            record_edit(plan_item, by, {label: [old_name, new_name or "已删除"]}, note)
        if stored and stored != getattr(opinion, field).name:
            transaction.on_commit(lambda: storage.delete(stored))
    return f"{label}：{note}"


def open_rectification_for_opinion(opinion: ReviewOpinion, by, what: str = "") -> Rectification:
    body = opinion.agenda_item.meeting.body
    start = opinion.response_on or timezone.localdate()
    return Rectification.objects.create(
        body=body, source=Rectification.Source.OPINION, opinion=opinion, reporting_body=opinion.reporting_body,
        committee=opinion.committee, what=what or f"落实“{opinion.agenda_item.title[:60]}”审议意见",
        due_on=rectification_due_on(body, start),
    )


def add_note(rectification: Rectification, by, text: str) -> RectificationNote:
    return RectificationNote.objects.create(rectification=rectification, by=by, text=text.strip())


CLOSED_IN_THE_FUTURE = "完成日期不能晚于今天。"


def close_date_error(closed_on: date) -> str | None:
    """Why a rectification may not be closed on that day (the page and the API ask the same); None when it may."""
    return CLOSED_IN_THE_FUTURE if closed_on > timezone.localdate() else None


@transaction.atomic
def close_rectification(rectification: Rectification, by, closed_on: date, text: str = "") -> Rectification:
    rectification.status = Rectification.Status.CLOSED
    rectification.closed_on = closed_on
    rectification.save(update_fields=["status", "closed_on"])
    add_note(rectification, by, f"整改完成（{closed_on:%Y-%m-%d}）。{text}".strip())
    return rectification


@transaction.atomic
def reopen_rectification(rectification: Rectification, by, text: str = "") -> Rectification:
    rectification.status = Rectification.Status.OPEN
    rectification.closed_on = None
    rectification.save(update_fields=["status", "closed_on"])
    add_note(rectification, by, f"重新打开。{text}".strip())
    return rectification


def add_progress(project, by, reported_on: date, percent: int, text: str) -> LivelihoodProgress:
    return LivelihoodProgress.objects.create(project=project, by=by, reported_on=reported_on, percent=percent, text=text)


# --- states, as shown in lists and on the follow-up page ------------------------------------------


def opinion_state(opinion: ReviewOpinion, day: date | None = None) -> tuple[str, str]:
    """(css class, label) of where the opinion stands."""
    day = day or timezone.localdate()
    if opinion.sent_on is None:
        return "draft", "未送交"
    if opinion.response_on is None:
        if opinion.is_overdue(day):
            return "overdue", "逾期未反馈"
        return "planned", "待反馈"
    if opinion.assessment:
        return "done", f"已反馈 · {opinion.get_assessment_display()}"
    return "reviewed", "已反馈，待评价"


def rectification_schedule_available() -> bool:
    """The evaluation engineer's `schedule_new_report`, when their module provides it."""
    return schedule_new_report_function() is not None


def schedule_new_report_function():
    try:
        from supervision import evaluations
    except ImportError:
        return None
    return getattr(evaluations, "schedule_new_report", None)
