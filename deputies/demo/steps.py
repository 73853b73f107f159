"""The lifecycle's steps for the example suggestions, kept in memory and written in bulk (deputies/demo/load.py).

Each method writes what the function of the same name in deputies.suggestions.lifecycle writes for the
demo's input: the rows, the suggestion's derived fields and version, and the timeline event with its
words. Walking the 199 example suggestions through the lifecycle itself took some 1,300 steps of six to
ten queries each (about 4 s on SQLite, 11 s on PostgreSQL); here each table is one bulk insert, in the
order the step-by-step load created its rows, so ids come out the same too. There are no checks: the
demo's dates and units are fixed and valid (tests/deputies/test_deputies_demo.py checks the result).
A change to what a lifecycle step writes belongs here as well.

Entry times are those of the day each step happened (9:00), as if the office had entered them as they came.
"""

from datetime import date, datetime, time

from django.utils import timezone

from core.rules import rules_for
from deputies.models import (
    Assignment,
    Contact,
    Extension,
    Feedback,
    KeySupervision,
    Reply,
    Signature,
    Suggestion,
    SuggestionEvent,
)
from deputies.models.suggestions import AWAITING_REPLY, FeedbackResult, SuggestionStatus
from deputies.suggestions.lifecycle import assignment_due_dates
from supervision.opinions import add_months

S = SuggestionStatus
E = SuggestionEvent.Kind


def _fmt(day: date) -> str:
    return f"{day:%Y-%m-%d}"


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class Steps:
    """Rows of the example suggestions, in the order deputies.suggestions.lifecycle would create them."""

    def __init__(self, body, by):
        self.body, self.rules = body, rules_for(body)
        self.by = by if by is not None and by.is_authenticated else None
        self.rows = {model: [] for model in (Suggestion, Signature, Assignment, Extension, Contact, Reply, Feedback,
                                             KeySupervision, SuggestionEvent)}
        self.proposer, self.lead = {}, {}  # id(suggestion) → its proposer, its lead unit's Assignment
        self.active = {}  # (id(suggestion), unit pk) → Assignment

    def save(self) -> None:
        """One bulk insert per table, parents first."""
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows)

    # --- what each step leaves ------------------------------------------------------------------

    def _add(self, row):
        self.rows[type(row)].append(row)
        return row

    def _event(self, s, kind, *, on, text="", from_status="", to_status="", on_behalf_of=""):
        self._add(SuggestionEvent(suggestion=s, kind=kind, at=at(on), on=on, by=self.by, on_behalf_of=on_behalf_of,
                                  round=s.round, from_status=from_status, to_status=to_status, text=text))

    def _move(self, s, to_status, kind, *, on, text="", on_behalf_of=""):
        from_status, s.status = s.status, to_status
        s.version += 1
        self._event(s, kind, on=on, text=text, from_status=from_status, to_status=to_status,
                    on_behalf_of=on_behalf_of)

    # --- the steps ------------------------------------------------------------------------------

    def create_suggestion(self, *, title, raised_on, proposer, year, session, number, content, category, committee,
                          cosigners) -> Suggestion:
        s = self._add(Suggestion(
            body=self.body, session=session, year=session.year if session is not None else year, number=number,
            title=title.strip(), content=content, category=category, committee=committee, raised_on=raised_on,
            status=S.ACCEPTED, created_by=self.by, created_at=at(raised_on), is_example=True,
        ))
        self._add(Signature(suggestion=s, deputy=proposer, role=Signature.Role.PROPOSER, order=0,
                            confirmed_on=raised_on))
        for i, deputy in enumerate(cosigners, start=1):
            self._add(Signature(suggestion=s, deputy=deputy, role=Signature.Role.COSIGNER, order=i,
                                confirmed_on=raised_on))
        self.proposer[id(s)] = proposer
        names = "、".join(str(d) for d in cosigners)
        self._event(s, E.CREATED, on=raised_on, to_status=S.ACCEPTED, on_behalf_of=str(proposer),
                    text=f"领衔代表：{proposer}" + (f"；附议代表：{names}" if names else ""))
        return s

    def assign(self, s, *, assigned_on, lead_unit, co_units):
        due, co_due = assignment_due_dates(self.rules, assigned_on)
        self.lead[id(s)] = self._assignment(s, lead_unit, Assignment.Role.LEAD, assigned_on, due)
        for unit in co_units:
            self._assignment(s, unit, Assignment.Role.CO, assigned_on, co_due)
        s.assigned_on, s.reply_due_on, s.lead_unit = assigned_on, due, lead_unit
        co = "、".join(u.name for u in co_units)
        self._move(s, S.ASSIGNED, E.ASSIGNED, on=assigned_on,
                   text=f"主办：{lead_unit.name}，答复期限 {_fmt(due)}"
                   + (f"；协办：{co}，协办意见期限 {_fmt(co_due)}" if co else ""))

    def _assignment(self, s, unit, role, assigned_on, due_on) -> Assignment:
        row = self._add(Assignment(suggestion=s, unit=unit, role=role, assigned_on=assigned_on, due_on=due_on))
        self.active[id(s), unit.pk] = row
        return row

    def sign_for(self, s, unit, *, signed_on):
        row = self.active[id(s), unit.pk]
        row.signed_on = signed_on
        text = f"{unit.name}（{row.get_role_display()}）签收"
        if row.role == Assignment.Role.LEAD and s.status == S.ASSIGNED:
            self._move(s, S.HANDLING, E.SIGNED, on=signed_on, text=text, on_behalf_of=unit.name)
        else:
            s.version += 1
            self._event(s, E.SIGNED, on=signed_on, text=text, on_behalf_of=unit.name)

    def record_co_input(self, s, unit, *, input_on, text):
        row = self.active[id(s), unit.pk]
        row.input_on, row.input_text = input_on, text.strip()
        late = "（逾期）" if input_on > row.due_on else ""
        s.version += 1
        self._event(s, E.CO_INPUT, on=input_on, text=f"{unit.name}提交协办意见{late}：{text.strip()[:200]}",
                    on_behalf_of=unit.name)

    def add_contact(self, s, unit, *, stage, way, contacted_on, note):
        contact = self._add(Contact(suggestion=s, unit=unit, round=s.round, stage=stage, way=way,
                                    contacted_on=contacted_on, note=note.strip(), created_by=self.by))
        s.version += 1
        text = f"{contact.get_stage_display()}{contact.get_way_display()}" + (f"：{note.strip()}" if note else "")
        self._event(s, E.CONTACT, on=contacted_on, on_behalf_of=unit.name, text=text)

    def ask_extension(self, s, *, asked_on, reason, requested_due_on) -> Extension:
        lead = self.lead[id(s)]
        ext = self._add(Extension(assignment=lead, asked_on=asked_on, reason=reason.strip(),
                                  requested_due_on=requested_due_on, asked_by=self.by))
        s.version += 1
        self._event(s, E.EXTENSION_ASKED, on=asked_on, on_behalf_of=lead.unit.name,
                    text=f"申请延期至 {_fmt(requested_due_on)}，理由：{reason.strip()[:200]}")
        return ext

    def decide_extension(self, s, ext, *, approve, decided_on, note):
        ext.decision = Extension.Decision.APPROVED if approve else Extension.Decision.REFUSED
        ext.decided_on, ext.decision_note, ext.decided_by = decided_on, note.strip(), self.by
        if approve:
            ext.assignment.due_on = ext.requested_due_on
            if s.status in AWAITING_REPLY:
                s.reply_due_on = ext.requested_due_on
        s.version += 1
        verdict = f"同意延期至 {_fmt(ext.requested_due_on)}" if approve else "不同意延期"
        self._event(s, E.EXTENSION_DECIDED, on=decided_on, text=verdict + (f"：{note.strip()}" if note.strip() else ""))

    def reply(self, s, *, replied_on, reply_class, text):
        row = self._add(Reply(suggestion=s, round=s.round, unit=s.lead_unit, replied_on=replied_on,
                              due_on=s.reply_due_on, reply_class=reply_class, text=text.strip(), created_by=self.by,
                              created_at=at(replied_on)))
        s.replied_on, s.reply_class = replied_on, reply_class
        if s.round == 1:
            s.first_reply_on_time = row.on_time
        late = "" if row.on_time in (True, None) else f"（逾期，期限 {_fmt(row.due_on)}）"
        words = f"第{s.round}轮答复，{reply_class}类{late}" + (f"：{text.strip()[:200]}" if text.strip() else "")
        self._move(s, S.REPLIED, E.REPLIED, on=replied_on, on_behalf_of=s.lead_unit.name, text=words)

    def give_feedback(self, s, *, result, comment, given_on):
        deputy = self.proposer[id(s)]
        self._add(Feedback(suggestion=s, round=s.round, result=result, comment=comment.strip(), given_on=given_on,
                           deputy=deputy, created_by=self.by, created_at=at(given_on)))
        s.feedback = result
        text = f"第{s.round}轮答复反馈：{FeedbackResult(result).label}" + (
            f"：{comment.strip()[:200]}" if comment.strip() else "")
        if result == FeedbackResult.UNSATISFIED:
            # The feedback belongs to the round it judges; re-handling opens the next one.
            self._event(s, E.FEEDBACK, on=given_on, text=text, on_behalf_of=str(deputy))
            s.round += 1
            s.reply_due_on = add_months(given_on, self.rules.rehandle_reply_months)
            self.lead[id(s)].due_on = s.reply_due_on
            self._move(s, S.REHANDLING, E.REHANDLING, on=given_on,
                       text=f"代表不满意，第{s.round}轮重新办理，答复期限 {_fmt(s.reply_due_on)}")
        else:
            self._move(s, S.CLOSED, E.FEEDBACK, on=given_on, text=text, on_behalf_of=str(deputy))

    def set_key_supervision(self, s, *, leader, committee, since, note):
        self._add(KeySupervision(suggestion=s, leader=leader.strip(), committee=committee, since=since,
                                 note=note.strip()))
        s.is_key = True
        s.version += 1
        who = "、".join(x for x in [leader.strip(), committee.short_name if committee else ""] if x)
        text = f"列为重点督办，督办：{who}" + (f"；{note.strip()}" if note.strip() else "")
        self._event(s, E.KEY, on=since, text=text)

    def add_supervision_note(self, s, *, on, text):
        s.version += 1
        self._event(s, E.SUPERVISION_NOTE, on=on, text=text.strip())
