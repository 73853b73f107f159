"""The one way a suggestion moves through its handling (DOMAIN.md "Deputy suggestions").

raise → (check) → assign (交办) → sign for → contacts, co-units' input, extensions → reply (A–D)
→ feedback: 满意 / 基本满意 closes it; 不满意 starts another round with a new reply due within
the re-handling time. Every step is checked here, saved in one transaction, bumps the
suggestion's version and leaves an event on its timeline. Pages, the API and imports call these
functions and nothing else changes a suggestion's state.

Errors are LifecycleError with a message for the user and the field it concerns.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import uploads
from core.rules import rules_for
from deputies.models import (
    Assignment,
    Contact,
    Deputy,
    Extension,
    Feedback,
    KeySupervision,
    Reply,
    Signature,
    Suggestion,
    SuggestionEvent,
)
from deputies.models.suggestions import (
    AWAITING_REPLY,
    FeedbackResult,
    ReplyClass,
    SuggestionStatus,
)
from deputies.unit_evaluation import special_reports
from supervision.opinions import add_months

S = SuggestionStatus
E = SuggestionEvent.Kind


class LifecycleError(ValueError):
    """A step the rules do not allow; the message names the field and is shown to the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


# Said to whoever acted on a page shown before someone else changed the suggestion (no version numbers:
# the API answers those in its 409 body).
STALE_MESSAGE = "该建议已被他人更新，请查看最新内容后再操作。"


class StaleSuggestionError(LifecycleError):
    def __init__(self, current: Suggestion):
        super().__init__(
            STALE_MESSAGE, field="version"
        )
        self.current = current


def _today() -> date:
    return timezone.localdate()


def _fmt(day: date) -> str:
    return f"{day:%Y-%m-%d}"


def _check_date(day, field: str, label: str, *, not_before: date | None = None, before_label: str = "") -> None:
    if day is None:
        raise LifecycleError(f"请填写{label}。", field)
    if day > _today():
        raise LifecycleError(f"{label}（{_fmt(day)}）不能晚于今天。", field)
    if not_before is not None and day < not_before:
        raise LifecycleError(f"{label}（{_fmt(day)}）不能早于{before_label}（{_fmt(not_before)}）。", field)


def _lock(suggestion: Suggestion, expected_version) -> Suggestion:
    current = Suggestion.objects.select_for_update().select_related("body").get(pk=suggestion.pk)
    if expected_version not in (None, "") and int(expected_version) != current.version:
        raise StaleSuggestionError(current)
    return current


def _event(suggestion, kind, by, *, on=None, text="", from_status="", to_status="", on_behalf_of="") -> None:
    SuggestionEvent.objects.create(
        suggestion=suggestion, kind=kind, by=by if by is not None and by.is_authenticated else None,
        on=on, text=text, round=suggestion.round, from_status=from_status, to_status=to_status,
        on_behalf_of=on_behalf_of,
    )


def _save(suggestion: Suggestion, fields: list[str]) -> None:
    suggestion.version = F("version") + 1
    suggestion.save(update_fields=[*fields, "version"])
    suggestion.refresh_from_db(fields=["version"])


def _move(suggestion, to_status, by, kind, *, on=None, text="", fields=(), on_behalf_of="") -> None:
    from_status = suggestion.status
    suggestion.status = to_status
    _save(suggestion, ["status", *fields])
    _event(suggestion, kind, by, on=on, text=text, from_status=from_status, to_status=to_status,
           on_behalf_of=on_behalf_of)


# --- raising -------------------------------------------------------------------------------------


@dataclass
class NewSuggestion:
    """What the office (or an import) enters for one suggestion; deputies are Deputy rows of the body."""

    title: str
    raised_on: date
    proposer: Deputy
    year: int | None = None
    session: object = None
    number: int | None = None
    kind: str = "suggestion"
    content: str = ""
    category: str = ""
    committee: object = None
    cosigners: tuple = ()
    document: object = None  # an uploaded file of the original (原件), optional


def number_taken(body, session, year, number, exclude_pk=None) -> bool:
    if number is None:
        return False
    rows = Suggestion.objects.filter(body=body, number=number)
    rows = rows.filter(session=session) if session is not None else rows.filter(session__isnull=True, year=year)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.exists()


def validate_new(body, data: NewSuggestion) -> list[tuple[str, str]]:
    """Every problem with the entry as (field, message); empty when it may be saved."""
    problems = []
    if not data.title.strip():
        problems.append(("title", "请填写建议标题。"))
    if data.raised_on is None:
        problems.append(("raised_on", "请填写提出日期。"))
    elif data.raised_on > _today():
        problems.append(("raised_on", f"提出日期（{_fmt(data.raised_on)}）不能晚于今天。"))
    if data.proposer is None:
        problems.append(("proposer", "请指定领衔代表。"))
    elif data.proposer.body_id != body.pk:
        problems.append(("proposer", f"领衔代表“{data.proposer}”不是本级人大代表。"))
    seen = {data.proposer.pk} if data.proposer is not None else set()
    for deputy in data.cosigners:
        if deputy.body_id != body.pk:
            problems.append(("cosigners", f"附议代表“{deputy}”不是本级人大代表。"))
        elif deputy.pk in seen:
            problems.append(("cosigners", f"代表“{deputy}”重复署名，每位代表只能列一次。"))
        seen.add(deputy.pk)
    if data.session is not None and data.session.body_id != body.pk:
        problems.append(("session", "所选会议不属于本级人大。"))
    if data.number is not None and data.number < 1:
        problems.append(("number", "编号应为正整数。"))
    year = data.session.year if data.session is not None else data.year
    if year is None:
        problems.append(("year", "闭会期间提出的建议请填写年度。"))
    elif number_taken(body, data.session, year, data.number):
        where = data.session.name if data.session is not None else f"{year}年闭会期间"
        problems.append(("number", f"{where}已有第{data.number}号建议，编号不能重复。"))
    if data.committee is not None and data.committee.body_id != body.pk:
        problems.append(("committee", "督办委员会不属于本级人大常委会。"))
    return problems


def create_suggestion(body, data: NewSuggestion, by, *, imported=False, status=S.ACCEPTED) -> Suggestion:
    problems = validate_new(body, data)
    if problems:
        field, message = problems[0]
        raise LifecycleError(message, field)
    year = data.session.year if data.session is not None else data.year
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            body=body, session=data.session, year=year, number=data.number, kind=data.kind,
            title=data.title.strip(), content=data.content, category=data.category, committee=data.committee,
            raised_on=data.raised_on, status=status, created_by=by if by and by.is_authenticated else None,
            **({"document": data.document} if data.document else {}),
        )
        signatures = [Signature(suggestion=suggestion, deputy=data.proposer, role=Signature.Role.PROPOSER,
                                order=0, confirmed_on=data.raised_on)]
        signatures += [
            Signature(suggestion=suggestion, deputy=d, role=Signature.Role.COSIGNER, order=i,
                      confirmed_on=data.raised_on)
            for i, d in enumerate(data.cosigners, start=1)
        ]
        Signature.objects.bulk_create(signatures)
        names = "、".join(str(d) for d in data.cosigners)
        _event(suggestion, E.IMPORTED if imported else E.CREATED, by, on=data.raised_on, to_status=status,
               text=f"领衔代表：{data.proposer}" + (f"；附议代表：{names}" if names else ""),
               on_behalf_of=str(data.proposer))
    return suggestion


# States before assignment, in which the office may still correct the entry.
BEFORE_ASSIGNMENT = (S.DRAFT, S.CONFIRMING, S.SUBMITTED, S.RETURNED, S.ACCEPTED)
EDITABLE = {"number": "编号", "title": "标题", "content": "内容", "category": "分类", "committee": "督办委员会"}


def _shown(value) -> str:
    if value in (None, ""):
        return "（空）"
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def edit_suggestion(suggestion, *, changes: dict, by, expected_version=None) -> Suggestion:
    """The office corrects number, title, content, category or committee before assignment.

    `changes` maps field names of EDITABLE to new values; unchanged values are ignored. One EDITED
    event lists every change as 原值 → 新值. Nothing changed: the suggestion is returned as it was.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise LifecycleError(f"不能修改：{'、'.join(sorted(unknown))}。", sorted(unknown)[0])
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if s.status not in BEFORE_ASSIGNMENT or s.assigned_on is not None:
            raise LifecycleError(f"该建议已交办（当前为“{s.get_status_display()}”），不能再修改内容。", "status")
        if "title" in changes and not (changes["title"] or "").strip():
            raise LifecycleError("请填写建议标题。", "title")
        if "number" in changes:
            number = changes["number"]
            if number is not None and number < 1:
                raise LifecycleError("编号应为正整数。", "number")
            if number_taken(s.body, s.session, s.year, number, exclude_pk=s.pk):
                where = s.session.name if s.session_id else f"{s.year}年闭会期间"
                raise LifecycleError(f"{where}已有第{number}号建议，编号不能重复。", "number")
        committee = changes.get("committee")
        if committee is not None and committee.body_id != s.body_id:
            raise LifecycleError("督办委员会不属于本级人大常委会。", "committee")
        lines, fields = [], []
        for field, label in EDITABLE.items():
            if field not in changes:
                continue
            new = changes[field]
            if isinstance(new, str):
                new = new.strip()
            old = getattr(s, field)
            if field in ("content", "category") and new is None:
                new = ""
            if old == new:
                continue
            setattr(s, field, new)
            fields.append(field)
            lines.append(f"{label}：{_shown(old)} → {_shown(new)}")
        if not fields:
            return s
        _save(s, fields)
        _event(s, E.EDITED, by, on=_today(), text="；".join(lines))
    return s


def change_original_document(suggestion, *, by, new_file=None, expected_version=None) -> str:
    """Remove the suggestion's original (原件) sent by mistake (new_file None) or put new_file in its place.

    One EDITED event names the files (建议原件：删除文件“…” / 替换文件“…”为“…”); the old file is deleted once
    that is committed. An original that is the whole suggestion (no content) is replaced, never removed.
    Returns what was done, in words.
    """
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        old_name = uploads.download_name(s.document) if s.document else ""
        storage, stored = s.document.storage, s.document.name or ""
        if new_file is None:
            if not old_name:
                raise LifecycleError("建议原件已不存在。", "document")
            if not s.content.strip():
                raise LifecycleError("该建议没有建议内容，删除原件后建议将为空；请改为替换建议原件。", "document")
        s.document = new_file or ""
        _save(s, ["document"])
        if new_file is None:
            text = f"建议原件：删除文件“{old_name}”"
        elif old_name:
            text = f"建议原件：替换文件“{old_name}”为“{uploads.download_name(s.document)}”"
        else:
            text = f"建议原件：上传文件“{uploads.download_name(s.document)}”"
        _event(s, E.EDITED, by, on=_today(), text=text)
        if stored and stored != s.document.name:
            transaction.on_commit(lambda: storage.delete(stored))
    suggestion.document, suggestion.version = s.document, s.version
    return text


# --- assignment (交办) ---------------------------------------------------------------------------


def assignment_due_dates(rules, assigned_on: date) -> tuple[date, date]:
    """(the lead unit's reply due, the co-units' input due) for an assignment on `assigned_on`."""
    return (add_months(assigned_on, rules.suggestion_reply_months),
            add_months(assigned_on, rules.co_unit_input_months))


def reply_due(body, assigned_on: date) -> date:
    return assignment_due_dates(rules_for(body), assigned_on)[0]


def latest_due_allowed(body, assigned_on: date) -> date:
    return add_months(assigned_on, rules_for(body).suggestion_max_months)


def validate_assignment(body, suggestion, assigned_on, lead_unit, co_units) -> list[tuple[str, str]]:
    problems = []
    if suggestion.status != S.ACCEPTED:
        problems.append(("status", f"该建议当前为“{suggestion.get_status_display()}”，只有待交办的建议可以交办。"))
    if assigned_on is None:
        problems.append(("assigned_on", "请填写交办日期。"))
    elif assigned_on > _today():
        problems.append(("assigned_on", f"交办日期（{_fmt(assigned_on)}）不能晚于今天。"))
    elif assigned_on < suggestion.raised_on:
        problems.append(("assigned_on",
                         f"交办日期（{_fmt(assigned_on)}）不能早于提出日期（{_fmt(suggestion.raised_on)}）。"))
    if lead_unit is None:
        problems.append(("lead_unit", "请指定一个主办单位。"))
    elif lead_unit.body_id != body.pk:
        problems.append(("lead_unit", f"“{lead_unit}”不是本级的承办单位。"))
    seen = {lead_unit.pk} if lead_unit is not None else set()
    for unit in co_units:
        if unit.body_id != body.pk:
            problems.append(("co_units", f"“{unit}”不是本级的承办单位。"))
        elif unit.pk in seen:
            problems.append(("co_units", f"“{unit}”重复：主办单位不能同时协办，协办单位不能重复。"))
        seen.add(unit.pk)
    return problems


def assign(suggestion, *, assigned_on, lead_unit, co_units=(), by, expected_version=None) -> Suggestion:
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        problems = validate_assignment(s.body, s, assigned_on, lead_unit, list(co_units))
        if problems:
            field, message = problems[0]
            raise LifecycleError(message, field)
        due, co_due = assignment_due_dates(rules_for(s.body), assigned_on)
        Assignment.objects.create(suggestion=s, unit=lead_unit, role=Assignment.Role.LEAD,
                                  assigned_on=assigned_on, due_on=due)
        Assignment.objects.bulk_create([
            Assignment(suggestion=s, unit=u, role=Assignment.Role.CO, assigned_on=assigned_on, due_on=co_due)
            for u in co_units
        ])
        s.assigned_on, s.reply_due_on, s.lead_unit = assigned_on, due, lead_unit
        co = "、".join(u.name for u in co_units)
        _move(s, S.ASSIGNED, by, E.ASSIGNED, on=assigned_on, fields=["assigned_on", "reply_due_on", "lead_unit"],
              text=f"主办：{lead_unit.name}，答复期限 {_fmt(due)}"
              + (f"；协办：{co}，协办意见期限 {_fmt(co_due)}" if co else ""))
    return s


def assign_many(suggestions, *, assigned_on, lead_unit, co_units=(), by) -> list[Suggestion]:
    """Assign several suggestions to the same units on the same day: all of them, or none.

    When any one cannot be assigned, nothing is saved and the LifecycleError names each refused
    suggestion by its number with the reason; `.problems` holds (suggestion, field, message).
    """
    co_units = list(co_units)
    if not suggestions:
        raise LifecycleError("请至少选择一条待交办的建议。", "suggestions")
    problems, done = [], []
    try:
        with transaction.atomic():
            for suggestion in suggestions:
                try:
                    done.append(assign(suggestion, assigned_on=assigned_on, lead_unit=lead_unit,
                                       co_units=co_units, by=by))
                except LifecycleError as error:
                    problems.append((suggestion, error.field, error.message))
            if problems:
                raise _BatchRefused()
    except _BatchRefused:
        fields = {field for _, field, _ in problems}
        shared = fields & {"assigned_on", "lead_unit", "co_units"}
        if len(problems) == len(suggestions) and len(shared) == 1 and len({m for _, _, m in problems}) == 1:
            # The same reason for all (e.g. a bad date or unit): say it once, next to that field.
            error = LifecycleError(problems[0][2], problems[0][1])
        else:
            listed = "；".join(f"{s.number_label}《{s.title[:20]}》：{message}" for s, _, message in problems)
            error = LifecycleError(f"以下 {len(problems)} 条建议不能交办，本次全部未交办：{listed}", "suggestions")
        error.problems = problems
        raise error from None
    return done


class _BatchRefused(Exception):
    """Rolls the batch back (raised inside its transaction)."""


def _assignment(s, unit) -> Assignment:
    row = Assignment.objects.filter(suggestion=s, unit=unit, active=True).first()
    if row is None:
        raise LifecycleError(f"“{unit}”不是该建议的承办单位。", "unit")
    return row


def sign_for(suggestion, unit, *, signed_on, by, expected_version=None) -> Assignment:
    """A handling unit signs for its assignment (签收); the lead unit's signature starts handling."""
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        row = _assignment(s, unit)
        if row.signed_on:
            raise LifecycleError(f"{unit}已于 {_fmt(row.signed_on)} 签收。", "signed_on")
        _check_date(signed_on, "signed_on", "签收日期", not_before=row.assigned_on, before_label="交办日期")
        row.signed_on = signed_on
        row.save(update_fields=["signed_on"])
        text = f"{unit.name}（{row.get_role_display()}）签收"
        if row.role == Assignment.Role.LEAD and s.status == S.ASSIGNED:
            _move(s, S.HANDLING, by, E.SIGNED, on=signed_on, text=text, on_behalf_of=unit.name)
        else:
            _save(s, [])
            _event(s, E.SIGNED, by, on=signed_on, text=text, on_behalf_of=unit.name)
    return row


def record_co_input(suggestion, unit, *, input_on, text, by, expected_version=None) -> Assignment:
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        row = _assignment(s, unit)
        if row.role != Assignment.Role.CO:
            raise LifecycleError("只有协办单位提交协办意见。", "unit")
        if not text.strip():
            raise LifecycleError("请填写协办意见。", "input_text")
        _check_date(input_on, "input_on", "提交日期", not_before=row.assigned_on, before_label="交办日期")
        row.input_on, row.input_text = input_on, text.strip()
        row.save(update_fields=["input_on", "input_text"])
        late = "（逾期）" if input_on > row.due_on else ""
        _save(s, [])
        _event(s, E.CO_INPUT, by, on=input_on, text=f"{unit.name}提交协办意见{late}：{text.strip()[:200]}",
               on_behalf_of=unit.name)
    return row


# --- handling ------------------------------------------------------------------------------------


def add_contact(suggestion, unit, *, stage, way, contacted_on, note="", by, expected_version=None) -> Contact:
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if s.assigned_on is None:
            raise LifecycleError("建议尚未交办，不能登记沟通联系。", "status")
        _assignment(s, unit)
        if stage not in Contact.Stage.values:
            raise LifecycleError("请选择沟通阶段（办前、办中、办结）。", "stage")
        if way not in Contact.Way.values:
            raise LifecycleError("请选择沟通方式。", "way")
        _check_date(contacted_on, "contacted_on", "沟通日期", not_before=s.assigned_on, before_label="交办日期")
        contact = Contact.objects.create(suggestion=s, unit=unit, round=s.round, stage=stage, way=way,
                                         contacted_on=contacted_on, note=note.strip(), created_by=_user(by))
        _save(s, [])
        _event(s, E.CONTACT, by, on=contacted_on, on_behalf_of=unit.name,
               text=f"{contact.get_stage_display()}{contact.get_way_display()}" + (f"：{note.strip()}" if note else ""))
    return contact


def _user(by):
    return by if by is not None and by.is_authenticated else None


def ask_extension(suggestion, *, asked_on, reason, requested_due_on, by, expected_version=None) -> Extension:
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if s.status not in AWAITING_REPLY:
            raise LifecycleError(f"该建议当前为“{s.get_status_display()}”，不需要延期。", "status")
        lead = Assignment.objects.get(suggestion=s, role=Assignment.Role.LEAD, active=True)
        if Extension.objects.filter(assignment=lead, decision=Extension.Decision.PENDING).exists():
            raise LifecycleError("已有一项延期申请待审批，请等待办公室审批。", "requested_due_on")
        if not reason.strip():
            raise LifecycleError("请说明申请延期的理由。", "reason")
        _check_date(asked_on, "asked_on", "申请日期", not_before=s.assigned_on, before_label="交办日期")
        if requested_due_on is None or requested_due_on <= s.reply_due_on:
            raise LifecycleError(f"申请延期至的日期应晚于当前答复期限（{_fmt(s.reply_due_on)}）。", "requested_due_on")
        ceiling = latest_due_allowed(s.body, s.assigned_on)
        if s.round == 1 and requested_due_on > ceiling:
            months = rules_for(s.body).suggestion_max_months
            raise LifecycleError(
                f"办理期限自交办之日起最长 {months} 个月，最晚可延期至 {_fmt(ceiling)}。", "requested_due_on"
            )
        ext = Extension.objects.create(assignment=lead, asked_on=asked_on, reason=reason.strip(),
                                       requested_due_on=requested_due_on, asked_by=_user(by))
        _save(s, [])
        _event(s, E.EXTENSION_ASKED, by, on=asked_on, on_behalf_of=lead.unit.name,
               text=f"申请延期至 {_fmt(requested_due_on)}，理由：{reason.strip()[:200]}")
    return ext


def decide_extension(extension, *, approve: bool, decided_on, note="", by, expected_version=None) -> Extension:
    with transaction.atomic():
        s = _lock(extension.assignment.suggestion, expected_version)
        ext = Extension.objects.select_for_update().select_related("assignment").get(pk=extension.pk)
        if ext.decision != Extension.Decision.PENDING:
            raise LifecycleError(f"该延期申请已审批（{ext.get_decision_display()}）。", "decision")
        _check_date(decided_on, "decided_on", "审批日期", not_before=ext.asked_on, before_label="申请日期")
        if approve and s.status not in AWAITING_REPLY:
            raise LifecycleError(
                f"该建议当前为“{s.get_status_display()}”，不再等待答复，只能不同意这项延期申请。", "decision"
            )
        if approve and s.round > 1 and ext.asked_on < _round_start(s)[0]:
            raise LifecycleError("该延期申请是上一轮办理时提出的，只能不同意；本轮如需延期请重新申请。", "decision")
        ext.decision = Extension.Decision.APPROVED if approve else Extension.Decision.REFUSED
        ext.decided_on, ext.decision_note, ext.decided_by = decided_on, note.strip(), _user(by)
        ext.save(update_fields=["decision", "decided_on", "decision_note", "decided_by"])
        fields = []
        if approve:
            ext.assignment.due_on = ext.requested_due_on
            ext.assignment.save(update_fields=["due_on"])
            if s.status in AWAITING_REPLY:
                s.reply_due_on = ext.requested_due_on
                fields = ["reply_due_on"]
        _save(s, fields)
        verdict = f"同意延期至 {_fmt(ext.requested_due_on)}" if approve else "不同意延期"
        _event(s, E.EXTENSION_DECIDED, by, on=decided_on, text=verdict + (f"：{note.strip()}" if note.strip() else ""))
    return ext


# --- reply and feedback --------------------------------------------------------------------------


def _round_start(s) -> tuple[date, str]:
    """The day the current round began: assignment, or the 不满意 feedback that reopened it."""
    if s.round == 1:
        return s.assigned_on, "交办日期"
    previous = Feedback.objects.filter(suggestion=s, round=s.round - 1).first()
    return (previous.given_on, "上一轮不满意反馈日期") if previous else (s.assigned_on, "交办日期")


def reply(suggestion, *, replied_on, reply_class, text="", document=None, by, expected_version=None) -> Reply:
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if s.status not in AWAITING_REPLY:
            raise LifecycleError(f"该建议当前为“{s.get_status_display()}”，不能登记答复。", "status")
        if reply_class not in ReplyClass.values:
            raise LifecycleError("请选择答复类别（A、B、C、D）。", "reply_class")
        start, label = _round_start(s)
        _check_date(replied_on, "replied_on", "答复日期", not_before=start, before_label=label)
        row = Reply.objects.create(suggestion=s, round=s.round, unit=s.lead_unit, replied_on=replied_on,
                                   due_on=s.reply_due_on, reply_class=reply_class, text=text.strip(),
                                   created_by=_user(by), **({"document": document} if document else {}))
        s.replied_on, s.reply_class = replied_on, reply_class
        fields = ["replied_on", "reply_class"]
        if s.round == 1:
            s.first_reply_on_time = row.on_time
            fields.append("first_reply_on_time")
        late = "" if row.on_time in (True, None) else f"（逾期，期限 {_fmt(row.due_on)}）"
        _move(s, S.REPLIED, by, E.REPLIED, on=replied_on, fields=fields, on_behalf_of=s.lead_unit.name,
              text=f"第{s.round}轮答复，{reply_class}类{late}" + (f"：{text.strip()[:200]}" if text.strip() else ""))
    return row


def give_feedback(suggestion, *, result, comment="", given_on, by, deputy=None, expected_version=None) -> Feedback:
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if s.status != S.REPLIED:
            raise LifecycleError(
                f"该建议当前为“{s.get_status_display()}”，承办单位答复后代表才能反馈。", "result"
            )
        if result not in FeedbackResult.values:
            raise LifecycleError("请选择满意、基本满意或不满意。", "result")
        _check_date(given_on, "given_on", "反馈日期", not_before=s.replied_on, before_label="答复日期")
        if result == FeedbackResult.UNSATISFIED and not comment.strip():
            raise LifecycleError("代表不满意时请填写不满意的理由，供承办单位重新办理。", "comment")
        if deputy is None:
            proposer = Signature.objects.filter(suggestion=s, role=Signature.Role.PROPOSER).select_related("deputy")
            deputy = proposer.first().deputy if proposer.exists() else None
        row = Feedback.objects.create(suggestion=s, round=s.round, result=result, comment=comment.strip(),
                                      given_on=given_on, deputy=deputy, created_by=_user(by))
        s.feedback = result
        label = FeedbackResult(result).label
        who = str(deputy) if deputy else ""
        text = f"第{s.round}轮答复反馈：{label}" + (f"：{comment.strip()[:200]}" if comment.strip() else "")
        if result == FeedbackResult.UNSATISFIED:
            # The feedback belongs to the round it judges; re-handling opens the next one.
            _event(s, E.FEEDBACK, by, on=given_on, text=text, on_behalf_of=who)
            # Besides re-handling, the lead unit owes a 不满意情况专项报告 (deputies/unit_evaluation).
            special_reports.open_report(s, row)
            s.round += 1
            s.reply_due_on = add_months(given_on, rules_for(s.body).rehandle_reply_months)
            # The lead unit's assignment shows the reply now due; each Reply keeps the due date it met.
            Assignment.objects.filter(suggestion=s, role=Assignment.Role.LEAD, active=True).update(
                due_on=s.reply_due_on
            )
            _move(s, S.REHANDLING, by, E.REHANDLING, on=given_on, fields=["feedback", "round", "reply_due_on"],
                  text=f"代表不满意，第{s.round}轮重新办理，答复期限 {_fmt(s.reply_due_on)}")
        else:
            _move(s, S.CLOSED, by, E.FEEDBACK, on=given_on, fields=["feedback"], text=text, on_behalf_of=who)
    return row


# --- key supervision -----------------------------------------------------------------------------


def set_key_supervision(suggestion, *, leader="", committee=None, since, note="", by, expected_version=None):
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if not leader.strip() and committee is None:
            raise LifecycleError("请填写督办领导或选择督办委员会。", "leader")
        if committee is not None and committee.body_id != s.body_id:
            raise LifecycleError("督办委员会不属于本级人大常委会。", "committee")
        _check_date(since, "since", "确定日期")
        row, _ = KeySupervision.objects.update_or_create(
            suggestion=s, defaults={"leader": leader.strip(), "committee": committee, "since": since,
                                    "note": note.strip()},
        )
        s.is_key = True
        _save(s, ["is_key"])
        who = "、".join(x for x in [leader.strip(), committee.short_name if committee else ""] if x)
        _event(s, E.KEY, by, on=since, text=f"列为重点督办，督办：{who}" + (f"；{note.strip()}" if note.strip() else ""))
    return row


def add_supervision_note(suggestion, *, on, text, by, expected_version=None) -> None:
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if not s.is_key:
            raise LifecycleError("该建议未列为重点督办。", "text")
        if not text.strip():
            raise LifecycleError("请填写督办进展。", "text")
        _check_date(on, "on", "日期")
        _save(s, [])
        _event(s, E.SUPERVISION_NOTE, by, on=on, text=text.strip())


# --- reading -------------------------------------------------------------------------------------


def due_state(suggestion, today: date, soon_days: int) -> tuple[str, str]:
    """("overdue" | "soon" | "", words) for a suggestion awaiting its reply."""
    if suggestion.status not in AWAITING_REPLY or suggestion.reply_due_on is None:
        return "", ""
    days = (suggestion.reply_due_on - today).days
    if days < 0:
        return "overdue", f"逾期 {-days} 天"
    if days <= soon_days:
        return "soon", "今天到期" if days == 0 else f"{days} 天后到期"
    return "", ""
