"""Satisfaction evaluations: creating them with their subjects, entering a batch of counts,
opening rectifications for low results, and putting a new report on a later agenda.

Used by the pages (supervision/views/evaluations.py), the API (supervision/api/evaluation_views.py)
and the demo data (supervision/demo/results.py).
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.models import ReportingBody
from core.rules import rules_for
from meetings import agenda
from meetings.forms import AgendaItemForm
from meetings.models import AgendaItem, Meeting, MeetingKind
from supervision import rules as result_rules
from supervision.models import Evaluation, EvaluationResult, EvaluationSubject, LivelihoodProject, Rectification

SOURCE_DEPARTMENTS = "departments"
SOURCE_LIVELIHOOD = "livelihood"
SOURCE_REPORT = "report"
SOURCES = [
    (SOURCE_DEPARTMENTS, "议题的报告单位（逐个部门测评）"),
    (SOURCE_LIVELIHOOD, "本年度民生实事项目（逐项测评）"),
    (SOURCE_REPORT, "对报告本身测评（一个对象）"),
]


def evaluable_items():
    """The agenda items an evaluation may be held on, on the page's form and through the API: those of standing
    committee meetings, the latest first (built in the request's body scope)."""
    return (AgendaItem.objects.filter(meeting__kind=MeetingKind.STANDING).select_related("meeting__term")
            .order_by("-meeting__year", "-meeting__number", "order"))


def evaluation_body(evaluation: Evaluation):
    return evaluation.agenda_item.meeting.body


def evaluation_date(evaluation: Evaluation) -> date:
    """The day of the vote: the evaluation's own date, else the meeting's, else today."""
    return evaluation.held_on or evaluation.agenda_item.meeting.date or timezone.localdate()


# --- creating -------------------------------------------------------------------------------------


def planned_subjects(agenda_item: AgendaItem, source: str, report_label: str = "") -> list[EvaluationSubject]:
    """Unsaved subjects for the agenda item, from the chosen source, in order."""
    if source == SOURCE_DEPARTMENTS:
        bodies = list(agenda_item.reporting_bodies.order_by("order", "id"))
        return [
            EvaluationSubject(order=i, kind=EvaluationSubject.Kind.DEPARTMENT, reporting_body=rb, label=rb.name)
            for i, rb in enumerate(bodies, start=1)
        ]
    if source == SOURCE_LIVELIHOOD:
        projects = list(
            LivelihoodProject.objects.filter(body_id=agenda_item.meeting.body_id, year=agenda_item.meeting.year)
            .order_by("number")
        )
        return [
            EvaluationSubject(
                order=i, kind=EvaluationSubject.Kind.LIVELIHOOD, livelihood_project=p, reporting_body=p.department,
                label=p.title,
            )
            for i, p in enumerate(projects, start=1)
        ]
    if source == SOURCE_REPORT:
        first = agenda_item.reporting_bodies.order_by("order", "id").first()
        label = report_label.strip() or agenda_item.title[:200]
        return [EvaluationSubject(order=1, kind=EvaluationSubject.Kind.REPORT, reporting_body=first, label=label)]
    raise ValidationError(f"未知的测评对象来源：{source}")


@transaction.atomic
def create_evaluation(
    agenda_item: AgendaItem, source: str, *, title: str = "", held_on: date | None = None, note: str = "",
    report_label: str = "",
) -> Evaluation:
    subjects = planned_subjects(agenda_item, source, report_label)
    if not subjects:
        if source == SOURCE_DEPARTMENTS:
            raise ValidationError("该议题没有报告单位，无法按部门测评；请先在议题中填写报告单位，或选择对报告测评。")
        raise ValidationError(f"{agenda_item.meeting.year} 年没有民生实事项目，请先录入民生实事项目。")
    meeting = agenda_item.meeting
    evaluation = Evaluation.objects.create(
        agenda_item=agenda_item,
        title=title.strip() or f"{meeting.short_title}满意度测评",
        held_on=held_on or meeting.date,
        note=note,
    )
    for subject in subjects:
        subject.evaluation = evaluation
        subject.in_office = meeting.members_in_office
        subject.present = meeting.members_present
    EvaluationSubject.objects.bulk_create(subjects)
    if not agenda_item.has_evaluation:
        agenda_item.has_evaluation = True
        agenda_item.save(update_fields=["has_evaluation"])
    return evaluation


# --- entering counts ------------------------------------------------------------------------------


def parse_count(value) -> int | None | str:
    """'' / None → None; '12' → 12; anything else is returned as the bad text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text == "":
        return None
    if text.isdigit():
        return int(text)
    return text


def check_rows(subjects: list[EvaluationSubject], rows: dict[int, dict]) -> list[str]:
    """Messages for every bad row (each naming its subject); rows entirely blank are skipped."""
    errors = []
    for subject in subjects:
        row = rows.get(subject.pk)
        if row is None or all(row.get(f) is None for f in result_rules.COUNT_FIELDS):
            continue
        bad = [result_rules.COUNT_LABELS[f] for f in result_rules.COUNT_FIELDS if isinstance(row.get(f), str)]
        if bad:
            errors.append(f"{subject.label}：{'、'.join(bad)}应为整数")
            continue
        errors.extend(result_rules.count_errors(subject.label, row))
    return errors


def enter_counts(evaluation: Evaluation, rows: dict[int, dict], by=None) -> list[EvaluationSubject]:
    """Save a whole batch of counts in one transaction, or nothing at all.

    `rows` maps subject id → {field: int | None | bad text}. A row left entirely blank is skipped.
    A row whose counts are unchanged keeps its stored result and rule; changed or new rows are
    computed with the body's rule in force now. Raises ValidationError with one message per bad
    subject. Low results open (or update) their rectification.
    """
    body = evaluation_body(evaluation)
    with transaction.atomic():
        subjects = list(
            EvaluationSubject.objects.select_for_update().filter(evaluation=evaluation).order_by("order", "id")
        )
        unknown = set(rows) - {s.pk for s in subjects}
        if unknown:
            raise ValidationError([f"测评对象不属于本次测评：{', '.join(str(i) for i in sorted(unknown))}"])
        errors = check_rows(subjects, rows)
        if errors:
            raise ValidationError(errors)
        rule, params = result_rules.rule_and_params(rules_for(body))
        now = timezone.now()
        changed = []
        for subject in subjects:
            row = rows.get(subject.pk)
            if row is None or all(row.get(f) is None for f in result_rules.COUNT_FIELDS):
                continue
            same = all(getattr(subject, f) == row[f] for f in result_rules.COUNT_FIELDS)
            if same and subject.result:
                continue  # explicit re-entry of the same counts never recomputes an old result
            for f in result_rules.COUNT_FIELDS:
                setattr(subject, f, row[f])
            subject.result, used = result_rules.compute_result(row, rule, params)
            subject.rule = rule
            subject.rule_params = {**params, **used}
            subject.computed_at = now
            changed.append(subject)
        EvaluationSubject.objects.bulk_update(
            changed, [*result_rules.COUNT_FIELDS, "result", "rule", "rule_params", "computed_at"]
        )
        sync_rectifications(evaluation, changed)
    return changed


# --- rectification --------------------------------------------------------------------------------


def follow_committee(subject: EvaluationSubject, agenda_committees: list):
    """Who follows the rectification: the livelihood project's committee, else the agenda item's first.

    A department is followed by its liaison committee (对口联系工委), else by the committee
    responsible for the agenda item; None when there is neither (left blank).
    """
    if subject.livelihood_project_id and subject.livelihood_project.committee_id:
        return subject.livelihood_project.committee
    if subject.reporting_body_id and subject.reporting_body.liaison_committee_id:
        return subject.reporting_body.liaison_committee
    return agenda_committees[0] if agenda_committees else None


def rectification_what(subject: EvaluationSubject, evaluation: Evaluation) -> str:
    result = subject.get_result_display()
    text = f"{subject.label}在{evaluation.title}中测评结果为“{result}”，须针对审议和测评中指出的问题进行整改"
    if subject.result == EvaluationResult.UNSATISFIED:
        text += "，并再次向常委会报告"
    return text + "。"


def sync_rectifications(evaluation: Evaluation, subjects: list[EvaluationSubject]) -> list[Rectification]:
    """基本满意 / 不满意 open a rectification (one per subject); 不满意 also asks for a new report.

    A subject re-entered as 满意 drops its rectification if nothing has been recorded on it yet.
    """
    if not subjects:
        return []
    body = evaluation_body(evaluation)
    due = evaluation_date(evaluation) + relativedelta(months=rules_for(body).rectification_months)
    committees = list(evaluation.agenda_item.committees.order_by("order", "id"))
    existing = {
        r.evaluation_subject_id: r
        for r in Rectification.objects.filter(evaluation_subject__in=subjects).prefetch_related("notes")
    }
    touched = []
    for subject in subjects:
        current = existing.get(subject.pk)
        if subject.result == EvaluationResult.SATISFIED:
            if current and current.status == Rectification.Status.OPEN and not current.notes.all() \
                    and current.new_report_agenda_item_id is None:
                current.delete()
            continue
        needs_report = subject.result == EvaluationResult.UNSATISFIED
        if current is None:
            current = Rectification(
                body=body, source=Rectification.Source.EVALUATION, evaluation_subject=subject,
                reporting_body=subject.reporting_body, committee=follow_committee(subject, committees),
                due_on=due,
            )
        current.what = rectification_what(subject, evaluation)
        current.needs_new_report = needs_report or current.new_report_agenda_item_id is not None
        current.save()
        touched.append(current)
    return touched


def later_meetings(rectification: Rectification):
    """Standing-committee meetings after the evaluated one, not cancelled: where a new report may go."""
    source = rectification.evaluation_subject.evaluation.agenda_item.meeting
    queryset = Meeting.objects.filter(kind=source.kind).exclude(status=Meeting.Status.CANCELLED).exclude(pk=source.pk)
    if source.date:
        queryset = queryset.filter(Q(date__gt=source.date) | Q(date__isnull=True, year__gte=source.year))
    else:
        queryset = queryset.filter(year__gte=source.year)
    return queryset.select_related("term").order_by("year", "number")


@transaction.atomic
def schedule_new_report(rectification: Rectification, meeting: Meeting, by=None) -> AgendaItem:
    """Put the rectified subject's new report on a later meeting's agenda and link it to the record."""
    if rectification.new_report_agenda_item_id:
        raise ValidationError("该整改事项的再次报告已列入议程。")
    if not rectification.needs_new_report:
        raise ValidationError("该整改事项无须再次报告。")
    if not later_meetings(rectification).filter(pk=meeting.pk).exists():
        raise ValidationError("请选择测评之后、未取消的常委会会议。")
    subject = rectification.evaluation_subject
    who = rectification.reporting_body.name if rectification.reporting_body_id else subject.label
    data = {
        "title": f"听取和审议{who}关于满意度测评整改情况的报告，并再次开展满意度测评",
        "form": AgendaItem.Form.HEAR_AND_REVIEW,
        "has_evaluation": "on",
        "reporting_bodies": [rectification.reporting_body_id] if rectification.reporting_body_id else [],
        "committees": [rectification.committee_id] if rectification.committee_id else [],
    }
    form = AgendaItemForm(data, meeting=meeting)
    if not form.is_valid():
        raise ValidationError([f"{k}：{'；'.join(v)}" for k, v in form.errors.items()])
    item = agenda.add_adhoc_item(meeting, form, by)
    rectification.new_report_agenda_item = item
    rectification.save(update_fields=["new_report_agenda_item"])
    return item


# --- reading --------------------------------------------------------------------------------------


def subject_rows(subjects) -> list[dict]:
    """Each subject with its ballots, valid votes and rates, for tables and exports."""
    rows = []
    for s in subjects:
        entered = s.satisfied is not None
        valid = result_rules.valid_votes(_counts(s)) if entered else None
        rows.append({
            "subject": s,
            "ballots": result_rules.ballots(_counts(s)) if entered else None,
            "valid": valid,
            "satisfied_rate": result_rules.percent(s.satisfied, valid),
            "approval_rate": result_rules.percent((s.satisfied or 0) + (s.basic or 0), valid) if entered else None,
            "rule_label": result_rules.rule_label(s.rule),
        })
    return rows


def _counts(subject) -> dict:
    return {f: getattr(subject, f) or 0 for f in result_rules.COUNT_FIELDS}


def chart(rows: list[dict], bar_width: int = 460) -> dict:
    """Geometry of a stacked horizontal bar chart (满意 / 基本满意 / 不满意 per subject), as numbers
    the template draws as inline SVG; bars are scaled to the largest valid vote count."""
    entered = [r for r in rows if r["valid"] is not None]
    scale = max((r["valid"] for r in entered), default=0) or 1
    label_width, row_height, top = 220, 22, 28
    bars = []
    for index, row in enumerate(entered):
        s = row["subject"]
        y = top + index * row_height
        x = label_width
        parts = []
        for value, css in ((s.satisfied, "sat"), (s.basic, "basic"), (s.unsatisfied, "unsat")):
            width = round(value * bar_width / scale, 1)
            parts.append({"x": x, "width": width, "value": value, "css": css, "text_x": x + width / 2})
            x += width
        bars.append({"label": s.label[:16], "y": y, "text_y": y + 14, "parts": parts, "result": s.get_result_display(),
                     "result_x": x + 6})
    return {
        "bars": bars,
        "width": label_width + bar_width + 80,
        "height": top + len(bars) * row_height + 10,
        "label_x": label_width - 6,
        "bar_height": row_height - 6,
    }


def department_choices():
    return ReportingBody.objects.order_by("order", "id")
