"""The rules of deputies.suggestions.lifecycle: deadlines from the body's rules, what each step refuses, rounds, the timeline."""

from datetime import date

import pytest

from core.models import BodyRules, Committee
from deputies.models import Assignment, Extension, Feedback, Reply, Signature, Suggestion, SuggestionEvent
from deputies.suggestions import lifecycle
from deputies.suggestions.lifecycle import LifecycleError, StaleSuggestionError
from tests.isolation_suggestions import (
    deputies_for,
    make_suggestion,
    office_user,
    session_for,
    units_for,
)

E = SuggestionEvent.Kind


@pytest.fixture
def office(baiyun):
    return office_user(baiyun)


@pytest.fixture
def units(baiyun):
    return units_for(baiyun)


def _assign(s, units, office, on=date(2023, 2, 1), co=True):
    return lifecycle.assign(s, assigned_on=on, lead_unit=units[0], co_units=[units[1]] if co else [], by=office)


def _error(call, **kwargs) -> LifecycleError:
    with pytest.raises(LifecycleError) as caught:
        call(**kwargs)
    return caught.value


# --- deadlines ------------------------------------------------------------------------------------


def test_reply_is_due_three_months_after_assignment_and_co_units_input_one_month(baiyun, units, office):
    s = _assign(make_suggestion(baiyun), units, office, on=date(2023, 2, 1))
    assert s.status == "assigned" and s.lead_unit == units[0]
    assert s.reply_due_on == date(2023, 5, 1)
    lead = Assignment.objects.get(suggestion=s, role="lead")
    co = Assignment.objects.get(suggestion=s, role="co")
    assert lead.due_on == date(2023, 5, 1)
    assert co.due_on == date(2023, 3, 1)
    # Calendar months: the end of a longer month falls on the end of a shorter one.
    s2 = _assign(make_suggestion(baiyun, title="月末交办"), units, office, on=date(2023, 5, 31))
    assert s2.reply_due_on == date(2023, 8, 31)
    assert Assignment.objects.get(suggestion=s2, role="co").due_on == date(2023, 6, 30)


def test_the_handling_time_is_a_setting_of_the_body(baiyun, units, office):
    rules = BodyRules.objects.get_or_create(body=baiyun)[0]
    rules.suggestion_reply_months, rules.co_unit_input_months = 2, 2
    rules.save()
    s = _assign(make_suggestion(baiyun), units, office, on=date(2023, 2, 1))
    assert s.reply_due_on == date(2023, 4, 1)
    assert Assignment.objects.get(suggestion=s, role="co").due_on == date(2023, 4, 1)


# --- extensions -----------------------------------------------------------------------------------


def test_extension_up_to_six_months_in_all_and_only_once_approved(baiyun, units, office):
    s = _assign(make_suggestion(baiyun), units, office, on=date(2023, 2, 1))
    # Beyond six months from assignment: refused, naming the latest date allowed.
    error = _error(lifecycle.ask_extension, suggestion=s, asked_on=date(2023, 4, 1), reason="复杂",
                   requested_due_on=date(2023, 8, 2), by=office)
    assert error.field == "requested_due_on" and "2023-08-01" in error.message
    assert _error(lifecycle.ask_extension, suggestion=s, asked_on=date(2023, 4, 1), reason=" ",
                  requested_due_on=date(2023, 7, 1), by=office).field == "reason"
    ext = lifecycle.ask_extension(s, asked_on=date(2023, 4, 1), reason="涉及多部门", requested_due_on=date(2023, 8, 1),
                                  by=office)
    s.refresh_from_db()
    assert ext.decision == Extension.Decision.PENDING
    assert s.reply_due_on == date(2023, 5, 1), "asking changes nothing until the office approves"
    # A second request while one is pending is refused.
    assert "待审批" in _error(lifecycle.ask_extension, suggestion=s, asked_on=date(2023, 4, 2), reason="再申请",
                             requested_due_on=date(2023, 7, 1), by=office).message
    lifecycle.decide_extension(ext, approve=True, decided_on=date(2023, 4, 3), by=office)
    s.refresh_from_db()
    assert s.reply_due_on == date(2023, 8, 1)
    assert Assignment.objects.get(suggestion=s, role="lead").due_on == date(2023, 8, 1)
    assert "已审批" in _error(lifecycle.decide_extension, extension=ext, approve=False, decided_on=date(2023, 4, 4),
                             by=office).message
    # The six months are counted from assignment, also after an extension.
    assert _error(lifecycle.ask_extension, suggestion=s, asked_on=date(2023, 5, 1), reason="再延",
                  requested_due_on=date(2023, 8, 15), by=office).field == "requested_due_on"


def test_a_refused_extension_keeps_the_due_date(baiyun, units, office):
    s = _assign(make_suggestion(baiyun), units, office)
    ext = lifecycle.ask_extension(s, asked_on=date(2023, 4, 1), reason="复杂", requested_due_on=date(2023, 6, 1),
                                  by=office)
    lifecycle.decide_extension(ext, approve=False, decided_on=date(2023, 4, 2), note="理由不足", by=office)
    s.refresh_from_db()
    assert s.reply_due_on == date(2023, 5, 1)
    assert Extension.objects.get(pk=ext.pk).decision == Extension.Decision.REFUSED


def test_an_extension_cannot_be_approved_once_the_reply_is_in(baiyun, units, office):
    s = _assign(make_suggestion(baiyun), units, office)
    ext = lifecycle.ask_extension(s, asked_on=date(2023, 4, 1), reason="复杂", requested_due_on=date(2023, 6, 1),
                                  by=office)
    lifecycle.reply(s, replied_on=date(2023, 4, 20), reply_class="A", text="已解决", by=office)
    error = _error(lifecycle.decide_extension, extension=ext, approve=True, decided_on=date(2023, 4, 21), by=office)
    assert error.field == "decision"
    lifecycle.decide_extension(ext, approve=False, decided_on=date(2023, 4, 21), by=office)  # refusing is fine


# --- refusals -------------------------------------------------------------------------------------


def test_reply_before_assignment_is_refused(baiyun, units, office):
    s = make_suggestion(baiyun)
    error = _error(lifecycle.reply, suggestion=s, replied_on=date(2023, 3, 1), reply_class="A", by=office)
    assert error.field == "status" and "待交办" in error.message
    s = _assign(s, units, office, on=date(2023, 2, 1))
    error = _error(lifecycle.reply, suggestion=s, replied_on=date(2023, 1, 31), reply_class="A", by=office)
    assert error.field == "replied_on" and "交办日期" in error.message
    assert not Reply.objects.filter(suggestion=s).exists()


def test_feedback_before_reply_is_refused(baiyun, units, office):
    s = _assign(make_suggestion(baiyun), units, office)
    error = _error(lifecycle.give_feedback, suggestion=s, result="satisfied", given_on=date(2023, 3, 1), by=office)
    assert error.field == "result" and "答复后" in error.message
    assert not Feedback.objects.filter(suggestion=s).exists()


def test_a_cosigner_listed_twice_is_refused_and_nothing_is_saved(baiyun):
    deputies = deputies_for(baiyun)
    before = Suggestion.objects.filter(body=baiyun).count()
    for cosigners in ((deputies[1], deputies[1]), (deputies[0], deputies[1])):  # twice, or the proposer again
        entry = lifecycle.NewSuggestion(title="重复署名", raised_on=date(2023, 1, 10), proposer=deputies[0],
                                        session=session_for(baiyun), cosigners=cosigners)
        problems = lifecycle.validate_new(baiyun, entry)
        assert ("cosigners", next(m for f, m in problems if f == "cosigners")) in problems
        assert "重复署名" in dict(problems)["cosigners"]
        error = _error(lifecycle.create_suggestion, body=baiyun, data=entry, by=None)
        assert error.field == "cosigners"
    assert Suggestion.objects.filter(body=baiyun).count() == before


def test_a_deputy_of_another_body_is_refused(baiyun, second_body):
    other = deputies_for(second_body)[0]
    entry = lifecycle.NewSuggestion(title="外来代表", raised_on=date(2023, 1, 10), proposer=other,
                                    session=session_for(baiyun))
    assert dict(lifecycle.validate_new(baiyun, entry))["proposer"].endswith("不是本级人大代表。")


def test_a_number_is_unique_per_session_or_per_year_between_sessions(baiyun):
    session = session_for(baiyun)
    other_session = session_for(baiyun, number=8, start_on=date(2022, 1, 5))
    make_suggestion(baiyun, number=7, session=session)
    error = _error(make_suggestion, body=baiyun, number=7, session=session, title="同号")
    assert error.field == "number" and session.name in error.message and "第7号" in error.message
    make_suggestion(baiyun, number=7, session=other_session)  # another session: allowed
    make_suggestion(baiyun, number=7, session=None, year=2031)  # between sessions: numbered per year
    error = _error(make_suggestion, body=baiyun, number=7, session=None, year=2031, title="闭会同号")
    assert error.field == "number" and "2031年闭会期间" in error.message
    make_suggestion(baiyun, number=7, session=None, year=2032)


def test_a_stale_version_is_refused(baiyun, units, office):
    s = make_suggestion(baiyun)
    old = s.version
    lifecycle.edit_suggestion(s, changes={"title": "改过的标题"}, by=office, expected_version=old)
    with pytest.raises(StaleSuggestionError) as caught:
        lifecycle.assign(s, assigned_on=date(2023, 2, 1), lead_unit=units[0], by=office, expected_version=old)
    assert caught.value.field == "version" and "请查看最新内容" in caught.value.message
    s.refresh_from_db()
    assert s.status == "accepted" and not Assignment.objects.filter(suggestion=s).exists()


# --- rounds ---------------------------------------------------------------------------------------


def test_unsatisfied_feedback_starts_a_second_round_and_both_rounds_are_kept(baiyun, units, office):
    s = _assign(make_suggestion(baiyun), units, office, on=date(2023, 2, 1))
    lifecycle.sign_for(s, units[0], signed_on=date(2023, 2, 3), by=office)
    s.refresh_from_db()
    assert s.status == "handling"
    first = lifecycle.reply(s, replied_on=date(2023, 4, 20), reply_class="B", text="已列入计划", by=office)
    assert first.on_time is True
    s.refresh_from_db()
    assert s.status == "replied" and s.first_reply_on_time is True
    # 不满意 needs a reason.
    assert _error(lifecycle.give_feedback, suggestion=s, result="unsatisfied", given_on=date(2023, 5, 5),
                  by=office).field == "comment"
    assert _error(lifecycle.give_feedback, suggestion=s, result="satisfied", given_on=date(2023, 4, 19),
                  by=office).field == "given_on"
    lifecycle.give_feedback(s, result="unsatisfied", comment="没有时间表", given_on=date(2023, 5, 5), by=office)
    s.refresh_from_db()
    assert (s.status, s.round, s.reply_due_on) == ("rehandling", 2, date(2023, 6, 5))
    lead = Assignment.objects.get(suggestion=s, role="lead")
    assert lead.due_on == date(2023, 6, 5), "the lead unit's row shows the reply now due"
    assert Reply.objects.get(suggestion=s, round=1).due_on == date(2023, 5, 1), "round 1 keeps its own due date"
    assert s.is_overdue(date(2023, 6, 6)) and not s.is_overdue(date(2023, 6, 5))
    # The second reply cannot be dated before the 不满意 feedback that reopened it.
    assert _error(lifecycle.reply, suggestion=s, replied_on=date(2023, 5, 4), reply_class="A",
                  by=office).field == "replied_on"
    second = lifecycle.reply(s, replied_on=date(2023, 6, 10), reply_class="A", text="已解决", by=office)
    assert second.round == 2 and second.due_on == date(2023, 6, 5) and second.on_time is False
    s.refresh_from_db()
    assert s.first_reply_on_time is True, "the first round's punctuality is kept"
    lifecycle.give_feedback(s, result="satisfied", given_on=date(2023, 6, 15), by=office)
    s.refresh_from_db()
    assert (s.status, s.feedback, s.reply_class) == ("closed", "satisfied", "A")
    assert [(r.round, r.reply_class) for r in Reply.objects.filter(suggestion=s)] == [(1, "B"), (2, "A")]
    assert [(f.round, f.result) for f in Feedback.objects.filter(suggestion=s)] == [
        (1, "unsatisfied"), (2, "satisfied")]
    # The feedback is the proposer's unless said otherwise.
    proposer = Signature.objects.get(suggestion=s, role="proposer").deputy
    assert {f.deputy for f in Feedback.objects.filter(suggestion=s)} == {proposer}


def test_basically_satisfied_closes(baiyun, units, office):
    s = _assign(make_suggestion(baiyun), units, office)
    lifecycle.reply(s, replied_on=date(2023, 3, 1), reply_class="C", text="暂难解决", by=office)
    lifecycle.give_feedback(s, result="basic", given_on=date(2023, 3, 5), by=office)
    s.refresh_from_db()
    assert s.status == "closed" and s.round == 1


def test_the_rehandling_time_is_a_setting(baiyun, units, office):
    rules = BodyRules.objects.get_or_create(body=baiyun)[0]
    rules.rehandle_reply_months = 2
    rules.save()
    s = _assign(make_suggestion(baiyun), units, office)
    lifecycle.reply(s, replied_on=date(2023, 3, 1), reply_class="B", text="计划中", by=office)
    lifecycle.give_feedback(s, result="unsatisfied", comment="太慢", given_on=date(2023, 3, 10), by=office)
    s.refresh_from_db()
    assert s.reply_due_on == date(2023, 5, 10)


# --- the timeline ---------------------------------------------------------------------------------


def test_every_step_is_on_the_timeline(baiyun, units, office):
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    s = make_suggestion(baiyun, number=21)
    lifecycle.edit_suggestion(s, changes={"title": "关于改进测试的建议", "committee": caijing}, by=office)
    s = _assign(s, units, office, on=date(2023, 2, 1))
    lifecycle.sign_for(s, units[0], signed_on=date(2023, 2, 2), by=office)
    lifecycle.sign_for(s, units[1], signed_on=date(2023, 2, 3), by=office)
    lifecycle.record_co_input(s, units[1], input_on=date(2023, 2, 20), text="同意主办单位意见", by=office)
    lifecycle.add_contact(s, units[0], stage="before", way="face", contacted_on=date(2023, 2, 10), note="面谈",
                          by=office)
    ext = lifecycle.ask_extension(s, asked_on=date(2023, 4, 1), reason="复杂", requested_due_on=date(2023, 6, 1),
                                  by=office)
    lifecycle.decide_extension(ext, approve=True, decided_on=date(2023, 4, 2), by=office)
    lifecycle.set_key_supervision(s, leader="副主任 王某", committee=caijing, since=date(2023, 2, 15), by=office)
    lifecycle.add_supervision_note(s, on=date(2023, 3, 1), text="实地督办", by=office)
    lifecycle.reply(s, replied_on=date(2023, 5, 20), reply_class="B", text="列入计划", by=office)
    lifecycle.give_feedback(s, result="unsatisfied", comment="无时间表", given_on=date(2023, 5, 25), by=office)
    lifecycle.reply(s, replied_on=date(2023, 6, 20), reply_class="A", text="已解决", by=office)
    lifecycle.give_feedback(s, result="satisfied", given_on=date(2023, 6, 25), by=office)
    events = list(SuggestionEvent.objects.filter(suggestion=s).order_by("at", "pk"))
    assert [e.kind for e in events] == [
        E.CREATED, E.EDITED, E.ASSIGNED, E.SIGNED, E.SIGNED, E.CO_INPUT, E.CONTACT, E.EXTENSION_ASKED,
        E.EXTENSION_DECIDED, E.KEY, E.SUPERVISION_NOTE, E.REPLIED, E.FEEDBACK, E.REHANDLING, E.REPLIED,
        E.FEEDBACK,
    ]
    # The 不满意 belongs to the round it judges; re-handling opens round 2.
    assert [(e.kind, e.round) for e in events[-4:]] == [(E.FEEDBACK, 1), (E.REHANDLING, 2), (E.REPLIED, 2),
                                                         (E.FEEDBACK, 2)]
    assert all(e.by == office for e in events)
    assert all(e.on is not None for e in events)
    edited = events[1]
    assert "标题：关于加强测试工作的建议 → 关于改进测试的建议" in edited.text and "督办委员会：（空） → " in edited.text
    transitions = [(e.from_status, e.to_status) for e in events if e.to_status]
    assert transitions == [("", "accepted"), ("accepted", "assigned"), ("assigned", "handling"),
                           ("handling", "replied"), ("replied", "rehandling"), ("rehandling", "replied"),
                           ("replied", "closed")]
    assert {e.round for e in events} == {1, 2}
    assert events[3].on_behalf_of == units[0].name
    s.refresh_from_db()
    # Every step bumps the version once; the 不满意 step writes two events (feedback, re-handling).
    assert s.version == len(events) - 1


# --- edit and batch assignment ------------------------------------------------------------------


def test_edit_only_before_assignment_and_numbers_stay_unique(baiyun, units, office):
    make_suggestion(baiyun, number=31)
    s = make_suggestion(baiyun, number=32)
    assert _error(lifecycle.edit_suggestion, suggestion=s, changes={"number": 31}, by=office).field == "number"
    assert _error(lifecycle.edit_suggestion, suggestion=s, changes={"title": "  "}, by=office).field == "title"
    unchanged = lifecycle.edit_suggestion(s, changes={"number": 32, "title": s.title}, by=office)
    assert unchanged.version == s.version
    assert not SuggestionEvent.objects.filter(suggestion=s, kind=E.EDITED).exists()
    _assign(s, units, office)
    assert _error(lifecycle.edit_suggestion, suggestion=s, changes={"title": "再改"}, by=office).field == "status"


def test_batch_assignment_is_all_or_nothing(baiyun, units, office):
    a = make_suggestion(baiyun, number=41, title="甲")
    b = make_suggestion(baiyun, number=42, title="乙")
    c = _assign(make_suggestion(baiyun, number=43, title="丙"), units, office)  # already assigned
    with pytest.raises(LifecycleError) as caught:
        lifecycle.assign_many([a, b, c], assigned_on=date(2023, 2, 1), lead_unit=units[0], by=office)
    assert caught.value.field == "suggestions"
    assert "第43号" in caught.value.message and "只有待交办的建议可以交办" in caught.value.message
    assert "第41号" not in caught.value.message
    for s in (a, b):
        s.refresh_from_db()
        assert s.status == "accepted" and not Assignment.objects.filter(suggestion=s).exists()
    done = lifecycle.assign_many([a, b], assigned_on=date(2023, 2, 1), lead_unit=units[0], co_units=[units[2]],
                                 by=office)
    assert [s.reply_due_on for s in done] == [date(2023, 5, 1)] * 2
    assert Assignment.objects.filter(suggestion__in=[a, b], role="co", unit=units[2]).count() == 2


def test_due_state_marks_overdue_and_soon_due(baiyun, units, office):
    s = _assign(make_suggestion(baiyun), units, office, on=date(2023, 2, 1))  # due 2023-05-01
    assert lifecycle.due_state(s, date(2023, 4, 1), 14) == ("", "")
    assert lifecycle.due_state(s, date(2023, 4, 20), 14) == ("soon", "11 天后到期")
    assert lifecycle.due_state(s, date(2023, 5, 1), 14) == ("soon", "今天到期")
    assert lifecycle.due_state(s, date(2023, 5, 4), 14) == ("overdue", "逾期 3 天")
    lifecycle.reply(s, replied_on=date(2023, 5, 4), reply_class="A", text="好", by=office)
    s.refresh_from_db()
    assert lifecycle.due_state(s, date(2023, 6, 1), 14) == ("", "")
