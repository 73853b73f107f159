"""The steps that deputies and handling units take from their own accounts (issue 7).

A deputy writes a suggestion between sessions (draft), submits it; co-signers confirm online
(待附议确认) before it reaches the office (待审查), which accepts it with a number or returns it
with a reason. A handling unit that should not handle a suggestion asks the office to reassign
it; the office decides and the history keeps both. The rest of the handling (sign for, input,
contacts, extension, reply, feedback) are the functions of deputies.suggestions.lifecycle, called for the
party's own account. Like there, every step is checked here, saved in one transaction, bumps
the suggestion's version and leaves an event.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max

from core.rules import rules_for
from deputies.models import Assignment, ReassignRequest, Signature, Suggestion
from deputies.suggestions.lifecycle import (
    E,
    LifecycleError,
    S,
    _check_date,
    _event,
    _fmt,
    _lock,
    _move,
    _save,
    _today,
    _user,
    assignment_due_dates,
)

# A deputy may still change these; after submission only the office's check moves it on.
DEPUTY_EDITABLE = (S.DRAFT, S.RETURNED)


# --- the deputy's draft ------------------------------------------------------------------------


def _check_draft(body, proposer, title, cosigners) -> None:
    if not (title or "").strip():
        raise LifecycleError("请填写建议标题。", "title")
    seen = {proposer.pk}
    for deputy in cosigners:
        if deputy.body_id != body.pk:
            raise LifecycleError(f"附议代表“{deputy}”不是本级人大代表。", "cosigners")
        if deputy.pk in seen:
            raise LifecycleError(f"代表“{deputy}”重复署名，每位代表只能列一次。", "cosigners")
        seen.add(deputy.pk)


def _set_cosigners(s, cosigners) -> None:
    """The co-signers in the order given. One who stays keeps their row (and a returned suggestion's
    co-signer their earlier confirmation, so they still see it; submitting asks everyone again)."""
    rows = Signature.objects.filter(suggestion=s, role=Signature.Role.COSIGNER)
    kept = {sig.deputy_id: sig for sig in rows}
    wanted = [d.pk for d in cosigners]
    rows.exclude(deputy_id__in=wanted).delete()
    new = []
    for i, d in enumerate(cosigners, start=1):
        sig = kept.get(d.pk)
        if sig is None:
            new.append(Signature(suggestion=s, deputy=d, role=Signature.Role.COSIGNER, order=i))
        elif sig.order != i:
            sig.order = i
            sig.save(update_fields=["order"])
    Signature.objects.bulk_create(new)


def save_draft(body, proposer, *, title, content="", category="", cosigners=(), document=None, by,
               suggestion=None, expected_version=None) -> Suggestion:
    """Create the deputy's draft, or change a draft or returned suggestion of theirs."""
    cosigners = list(cosigners)
    _check_draft(body, proposer, title, cosigners)
    with transaction.atomic():
        if suggestion is None:
            today = _today()
            s = Suggestion.objects.create(
                body=body, session=None, year=today.year, title=title.strip(), content=content.strip(),
                category=category.strip(), raised_on=today, status=S.DRAFT, created_by=_user(by),
                **({"document": document} if document else {}),
            )
            Signature.objects.create(suggestion=s, deputy=proposer, role=Signature.Role.PROPOSER, order=0)
            _set_cosigners(s, cosigners)
            _event(s, E.CREATED, by, on=today, to_status=S.DRAFT, text="代表起草建议", on_behalf_of=str(proposer))
            return s
        s = _lock(suggestion, expected_version)
        if s.status not in DEPUTY_EDITABLE:
            raise LifecycleError(f"该建议当前为“{s.get_status_display()}”，不能再修改。", "status")
        s.title, s.content, s.category = title.strip(), content.strip(), category.strip()
        fields = ["title", "content", "category"]
        if document:
            s.document = document
            fields.append("document")
        _set_cosigners(s, cosigners)
        _save(s, fields)
        _event(s, E.EDITED, by, on=_today(), text="代表修改建议", on_behalf_of=str(proposer))
    return s


def delete_draft(suggestion, *, by, expected_version=None) -> str:
    """The proposer deletes a draft never submitted (it has no number and no one else has acted on it);
    its signatures and events go with it. Returns its title."""
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if s.status != S.DRAFT:
            raise LifecycleError(f"该建议当前为“{s.get_status_display()}”，只有尚未提交的草稿可以删除。", "status")
        title = s.title
        s.delete()
    return title


def submit(suggestion, *, by, expected_version=None) -> Suggestion:
    """The proposer submits: to the co-signers for confirmation, or, without any, to the office."""
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if s.status not in DEPUTY_EDITABLE:
            raise LifecycleError(f"该建议当前为“{s.get_status_display()}”，不能提交。", "status")
        if not s.content.strip() and not s.document:
            raise LifecycleError("请填写建议内容或上传建议原件后再提交。", "content")
        today = _today()
        cosigners = Signature.objects.filter(suggestion=s, role=Signature.Role.COSIGNER)
        # A resubmitted suggestion may have changed: every co-signer confirms it again.
        cosigners.update(confirmed_on=None)
        Signature.objects.filter(suggestion=s, role=Signature.Role.PROPOSER).update(confirmed_on=today)
        names = "、".join(str(sig.deputy) for sig in cosigners.select_related("deputy"))
        s.raised_on = today
        if names:
            _move(s, S.CONFIRMING, by, E.SUBMITTED, on=today, fields=["raised_on"],
                  text=f"提交，等待附议代表确认：{names}")
        else:
            _move(s, S.SUBMITTED, by, E.SUBMITTED, on=today, fields=["raised_on"], text="提交常委会审查")
    return s


def _cosignature(s, deputy) -> Signature:
    row = Signature.objects.filter(suggestion=s, deputy=deputy, role=Signature.Role.COSIGNER).first()
    if row is None:
        raise LifecycleError("您不是该建议的附议代表。", "deputy")
    if s.status != S.CONFIRMING:
        raise LifecycleError(f"该建议当前为“{s.get_status_display()}”，不需要附议确认。", "status")
    if row.confirmed_on:
        raise LifecycleError(f"您已于 {_fmt(row.confirmed_on)} 确认附议。", "deputy")
    return row


def _all_confirmed(s, by, today) -> None:
    if not Signature.objects.filter(suggestion=s, confirmed_on__isnull=True).exists():
        _move(s, S.SUBMITTED, by, E.SUBMITTED, on=today, text="附议代表均已确认，提交常委会审查")


def confirm_cosign(suggestion, deputy, *, by, expected_version=None) -> Signature:
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        row = _cosignature(s, deputy)
        today = _today()
        row.confirmed_on = today
        row.save(update_fields=["confirmed_on"])
        _save(s, [])
        _event(s, E.CONFIRMED, by, on=today, text=f"{deputy}确认附议", on_behalf_of=str(deputy))
        _all_confirmed(s, by, today)
    return row


def decline_cosign(suggestion, deputy, *, reason="", by, expected_version=None) -> None:
    """A co-signer does not sign after all: their name comes off; the others still confirm."""
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        row = _cosignature(s, deputy)
        today = _today()
        row.delete()
        _save(s, [])
        _event(s, E.COSIGN_DECLINED, by, on=today, on_behalf_of=str(deputy),
               text=f"{deputy}不同意附议" + (f"：{reason.strip()[:200]}" if reason.strip() else ""))
        _all_confirmed(s, by, today)


# --- the office's check ------------------------------------------------------------------------


def next_number(s) -> int:
    """The next free number among the suggestions raised between sessions in the suggestion's year."""
    rows = Suggestion.objects.filter(body=s.body, number__isnull=False)
    rows = rows.filter(session=s.session) if s.session_id else rows.filter(session__isnull=True, year=s.year)
    return (rows.aggregate(top=Max("number"))["top"] or 0) + 1


def accept(suggestion, *, number=None, committee=None, category=None, on=None, by, expected_version=None) -> Suggestion:
    """The office accepts a submitted suggestion (立案) and gives it its number."""
    from deputies.suggestions.lifecycle import number_taken

    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if s.status != S.SUBMITTED:
            raise LifecycleError(f"该建议当前为“{s.get_status_display()}”，只有待审查的建议可以立案。", "status")
        on = on or _today()
        _check_date(on, "on", "审查日期", not_before=s.raised_on, before_label="提交日期")
        if number is None:
            number = next_number(s)
        elif number < 1:
            raise LifecycleError("编号应为正整数。", "number")
        elif number_taken(s.body, s.session, s.year, number, exclude_pk=s.pk):
            raise LifecycleError(f"{s.raised_at_label}已有第{number}号建议，编号不能重复。", "number")
        if committee is not None and committee.body_id != s.body_id:
            raise LifecycleError("督办委员会不属于本级人大常委会。", "committee")
        s.number = number
        fields = ["number"]
        if committee is not None:
            s.committee = committee
            fields.append("committee")
        if category is not None and category.strip():
            s.category = category.strip()
            fields.append("category")
        _move(s, S.ACCEPTED, by, E.ACCEPTED, on=on, fields=fields, text=f"审查立案，编为第{number}号")
    return s


def return_to_deputy(suggestion, *, reason, on=None, by, expected_version=None) -> Suggestion:
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        if s.status != S.SUBMITTED:
            raise LifecycleError(f"该建议当前为“{s.get_status_display()}”，只有待审查的建议可以退回。", "status")
        if not (reason or "").strip():
            raise LifecycleError("请写明退回的理由，代表据此修改。", "reason")
        on = on or _today()
        _check_date(on, "on", "退回日期", not_before=s.raised_on, before_label="提交日期")
        _move(s, S.RETURNED, by, E.RETURNED, on=on, text=f"退回代表：{reason.strip()}")
    return s


# --- signing for, and reassignment ---------------------------------------------------------------


def sign_due_on(assignment: Assignment, rules) -> date:
    """The last day the unit should sign for its assignment (签收期限)."""
    return assignment.assigned_on + timedelta(days=rules.suggestion_sign_days)


def ask_reassignment(suggestion, unit, *, reason, suggested_unit="", asked_on=None, by,
                     expected_version=None) -> ReassignRequest:
    """A unit asks the office to give the suggestion to another unit instead of signing for it."""
    with transaction.atomic():
        s = _lock(suggestion, expected_version)
        row = Assignment.objects.filter(suggestion=s, unit=unit, active=True).first()
        if row is None:
            raise LifecycleError(f"“{unit}”不是该建议的承办单位。", "unit")
        if row.signed_on:
            raise LifecycleError(f"{unit}已于 {_fmt(row.signed_on)} 签收，签收后不能再申请调整。", "reason")
        if ReassignRequest.objects.filter(assignment=row, decision=ReassignRequest.Decision.PENDING).exists():
            raise LifecycleError("已有一项调整申请待办公室审批。", "reason")
        if not (reason or "").strip():
            raise LifecycleError("请说明申请调整承办单位的理由。", "reason")
        asked_on = asked_on or _today()
        _check_date(asked_on, "asked_on", "申请日期", not_before=row.assigned_on, before_label="交办日期")
        request = ReassignRequest.objects.create(assignment=row, asked_on=asked_on, reason=reason.strip(),
                                                 suggested_unit=suggested_unit.strip(), asked_by=_user(by))
        _save(s, [])
        hint = f"，建议改由{suggested_unit.strip()}办理" if suggested_unit.strip() else ""
        _event(s, E.REASSIGN_ASKED, by, on=asked_on, on_behalf_of=unit.name,
               text=f"{unit.name}（{row.get_role_display()}）申请调整承办单位{hint}：{reason.strip()[:200]}")
    return request


def decide_reassignment(request, *, approve: bool, new_unit=None, decided_on=None, note="", by,
                        expected_version=None) -> ReassignRequest:
    """The office approves (naming the unit that takes over, required for a lead) or refuses.

    The new unit's time runs from the decision: a new lead owes its reply within the reply months.
    """
    with transaction.atomic():
        row = ReassignRequest.objects.select_related("assignment__unit").get(pk=request.pk)
        s = _lock(row.assignment.suggestion, expected_version)
        row = ReassignRequest.objects.select_for_update().select_related("assignment__unit").get(pk=row.pk)
        if row.decision != ReassignRequest.Decision.PENDING:
            raise LifecycleError(f"该申请已审批（{row.get_decision_display()}）。", "decision")
        decided_on = decided_on or _today()
        _check_date(decided_on, "decided_on", "审批日期", not_before=row.asked_on, before_label="申请日期")
        old = row.assignment
        if not approve and not note.strip():
            raise LifecycleError("不同意调整时请写明理由，承办单位据此继续办理。", "decision_note")
        if approve:
            if new_unit is None and old.role == Assignment.Role.LEAD:
                raise LifecycleError("同意调整主办单位时，请指定改由哪个单位主办。", "new_unit")
            if new_unit is not None:
                if new_unit.body_id != s.body_id:
                    raise LifecycleError(f"“{new_unit}”不是本级的承办单位。", "new_unit")
                current = Assignment.objects.filter(suggestion=s, unit=new_unit, active=True).first()
                # A co-unit may take over as lead (its co-unit part ends); otherwise a unit has one part.
                if current is not None and not (old.role == Assignment.Role.LEAD and current.role == Assignment.Role.CO):
                    raise LifecycleError(f"“{new_unit}”已是该建议的{current.get_role_display()}单位。", "new_unit")
        row.decision = ReassignRequest.Decision.APPROVED if approve else ReassignRequest.Decision.REFUSED
        row.decided_on, row.decided_by, row.decision_note = decided_on, _user(by), note.strip()
        row.new_unit = new_unit if approve else None
        row.save(update_fields=["decision", "decided_on", "decided_by", "decision_note", "new_unit"])
        if not approve:
            _save(s, [])
            _event(s, E.REASSIGNED, by, on=decided_on, text=f"不同意{old.unit.name}调整承办单位的申请：{note.strip()}")
            return row
        old.active, old.ended_on = False, decided_on
        old.save(update_fields=["active", "ended_on"])
        fields, moved = [], ""
        if new_unit is not None:
            due, co_due = assignment_due_dates(rules_for(s.body), decided_on)
            is_lead = old.role == Assignment.Role.LEAD
            promoted = Assignment.objects.filter(suggestion=s, unit=new_unit, active=True, role=Assignment.Role.CO)
            was_co = is_lead and promoted.update(active=False, ended_on=decided_on) > 0
            Assignment.objects.create(suggestion=s, unit=new_unit, role=old.role, assigned_on=decided_on,
                                      due_on=due if is_lead else co_due)
            moved = f"，改由{new_unit.name}{old.get_role_display()}" + ("（原为协办单位，不再协办）" if was_co else "")
            if is_lead:
                s.lead_unit, s.reply_due_on = new_unit, due
                fields = ["lead_unit", "reply_due_on"]
                moved += f"，答复期限 {_fmt(due)}"
        text = f"同意{old.unit.name}的调整申请，撤回其{old.get_role_display()}" + moved
        if note.strip():
            text += f"；{note.strip()}"
        if old.role == Assignment.Role.LEAD and s.status == S.HANDLING:
            _move(s, S.ASSIGNED, by, E.REASSIGNED, on=decided_on, fields=fields, text=text)
        else:
            _save(s, fields)
            _event(s, E.REASSIGNED, by, on=decided_on, text=text)
    return row
