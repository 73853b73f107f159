"""The example deputy work load_demo loads for Baiyun (deputies/demo/load.py): sizes, every lifecycle
state, example marking, and derived fields that agree with the rows the lifecycle wrote."""

from collections import Counter

import pytest
from django.db.models import Count

from core.rules import rules_for
from deputies.demo.load import ASSIGNED_ON, SESSION_COUNT, SESSION_NAME, load_deputies_demo
from deputies.demo.names import TOWNS
from deputies.models import (
    Assignment,
    CongressSession,
    Contact,
    Deputy,
    Extension,
    Feedback,
    KeySupervision,
    Reception,
    Reply,
    Signature,
    Station,
    Suggestion,
    SuggestionEvent,
)
from deputies.models.suggestions import AWAITING_REPLY, FeedbackResult, SuggestionStatus
from supervision.opinions import add_months

S = SuggestionStatus


@pytest.fixture
def suggestions(baiyun):
    """The 2023 examples; the portal demo (deputies/demo/accounts.py) adds a few dated today."""
    return Suggestion.objects.filter(body=baiyun, year=2023)


def test_stations_are_baiyuns_24_central_and_51_area_ones(baiyun):
    stations = Station.objects.filter(body=baiyun)
    central = stations.filter(kind=Station.Kind.CENTRAL)
    area = stations.filter(kind=Station.Kind.AREA).select_related("parent")
    assert sorted(central.values_list("number", flat=True)) == [f"ZX{n:02d}" for n in range(1, 25)]
    assert sorted(area.values_list("number", flat=True)) == [f"PQ{n:02d}" for n in range(1, 52)]
    assert set(central.values_list("town", flat=True)) == {town for town, _, _ in TOWNS}
    assert len(TOWNS) == 24 and sum(1 for town, _, _ in TOWNS if town.endswith("镇")) == 4
    for station in area:
        assert station.parent.kind == Station.Kind.CENTRAL and station.parent.town == station.town


def test_about_300_deputies_in_24_groups_on_their_towns_stations(baiyun):
    deputies = Deputy.objects.filter(body=baiyun).select_related("station", "term")
    assert deputies.count() == 300
    assert deputies.values("group").distinct().count() == 24
    for deputy in deputies:
        assert deputy.station is not None and deputy.group == f"{deputy.station.town}代表小组"
        assert deputy.is_district and deputy.term.number == 17
        assert deputy.phone.startswith("1380000") and "示例" in deputy.address and "示例" in deputy.work_unit
    assert deputies.filter(is_city=True).exists() and deputies.filter(is_provincial=True).exists()
    assert 60 <= deputies.filter(gender=Deputy.Gender.FEMALE).count() <= 140
    left = deputies.exclude(status=Deputy.Status.SERVING)
    assert {d.status for d in left} == {Deputy.Status.RESIGNED, Deputy.Status.VACATED}
    assert all(d.status_on and d.status_on.year == 2023 for d in left)
    # Every station has its deputies.
    assert not Station.objects.filter(body=baiyun).annotate(n=Count("deputies")).filter(n=0).exists()


def test_receptions_mostly_three_to_six_a_year_some_below_the_target(baiyun):
    counts = dict(
        Deputy.objects.filter(body=baiyun)
        .annotate(n=Count("receptions", distinct=True)).values_list("pk", "n")
    )
    target = rules_for(baiyun).reception_target
    within = sum(1 for n in counts.values() if 3 <= n <= 6)
    assert within >= 0.8 * len(counts)
    assert 0 < sum(1 for n in counts.values() if n < target) < 0.4 * len(counts)
    receptions = Reception.objects.filter(station__body=baiyun)
    assert all(r.held_on.year == 2023 and r.voters > 0 and r.issue_lines() for r in receptions)
    # Deputies who left received voters only before they left (or once, on the station's first day).
    for deputy in Deputy.objects.filter(body=baiyun).exclude(status=Deputy.Status.SERVING):
        days = sorted(deputy.receptions.values_list("held_on", flat=True))
        assert len(days) <= 1 or days[-1] < deputy.status_on


def test_session_with_192_suggestions_and_7_between_sessions(baiyun, suggestions):
    session = CongressSession.objects.get(body=baiyun, name=SESSION_NAME)
    assert session.term.number == 17 and session.number == 3 and session.year == 2023
    assert sorted(suggestions.filter(session=session).values_list("number", flat=True)) == list(
        range(1, SESSION_COUNT + 1))
    between = suggestions.filter(session__isnull=True)
    assert sorted(between.values_list("number", flat=True)) == list(range(1, 8))
    assert set(between.values_list("year", flat=True)) == {2023}
    assert suggestions.count() == 199
    for s in suggestions.filter(session=session):
        assert session.start_on <= s.raised_on <= session.end_on
    # Realistic titles, not one repeated; categories and supervising committees set.
    titles = list(suggestions.values_list("title", flat=True))
    assert len(set(titles)) >= 190 and all(t.startswith("关于") and t.endswith("的建议") for t in titles)
    assert not suggestions.filter(category="").exists() and not suggestions.filter(committee=None).exists()
    assert suggestions.values("committee").distinct().count() >= 5


def test_every_state_from_accepted_to_closed(suggestions):
    statuses = Counter(suggestions.values_list("status", flat=True))
    for status in (S.ACCEPTED, S.ASSIGNED, S.HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED):
        assert statuses[status] > 0, status
    assert statuses[S.CLOSED] > suggestions.count() / 2
    # Extension asked and pending, approved, refused.
    decisions = set(Extension.objects.filter(assignment__suggestion__in=suggestions).values_list("decision", flat=True))
    assert decisions == set(Extension.Decision.values)
    # Awaiting a reply (all of 2023, so late by now) and some first replies late.
    overdue = [s for s in suggestions if s.is_overdue()]
    assert len(overdue) == suggestions.filter(status__in=AWAITING_REPLY).count() > 0
    assert suggestions.filter(first_reply_on_time=False).exists()
    assert suggestions.filter(first_reply_on_time=True).count() > suggestions.filter(first_reply_on_time=False).count()


def test_both_feedback_rounds(suggestions):
    feedback = Counter(Feedback.objects.filter(suggestion__in=suggestions).values_list("round", "result"))
    assert feedback[(1, FeedbackResult.UNSATISFIED)] > 0
    assert feedback[(1, FeedbackResult.SATISFIED)] > feedback[(1, FeedbackResult.BASIC)] > 0
    assert feedback[(2, FeedbackResult.SATISFIED)] + feedback[(2, FeedbackResult.BASIC)] > 0
    # 不满意 → replied again → closed: two replies, two feedbacks, both rounds on the timeline.
    closed_twice = suggestions.filter(status=S.CLOSED, round=2)
    assert closed_twice.exists()
    for s in closed_twice:
        assert list(s.replies.values_list("round", flat=True)) == [1, 2]
        assert list(s.feedbacks.values_list("round", flat=True)) == [1, 2]
        replied = s.events.filter(kind=SuggestionEvent.Kind.REPLIED)
        assert sorted(replied.values_list("round", flat=True)) == [1, 2]
        said = [e.text for e in s.events.filter(kind=SuggestionEvent.Kind.FEEDBACK)]
        assert len(said) == 2 and said[0].startswith("第1轮答复反馈：不满意") and said[1].startswith("第2轮答复反馈")
    assert suggestions.filter(status=S.REPLIED, round=2).exists()
    assert suggestions.filter(status=S.REHANDLING, round=2).exists()


def test_every_example_row_is_marked(baiyun, second_body, suggestions):
    assert not Station.objects.filter(body=baiyun, is_example=False).exists()
    assert not Deputy.objects.filter(body=baiyun, is_example=False).exists()
    assert not Reception.objects.filter(station__body=baiyun, is_example=False).exists()
    assert not suggestions.filter(is_example=False).exists()
    names = Deputy.objects.filter(body=baiyun).values_list("name", flat=True)
    assert all(name.startswith("示例代表") for name in names)
    assert "示例" in suggestions.first().content
    # Only the Baiyun demo body has them.
    assert not Station.objects.filter(body=second_body).exists()
    assert not Suggestion.objects.filter(body=second_body).exists()


def test_derived_fields_agree_with_the_rows(baiyun, suggestions):
    rules = rules_for(baiyun)
    replies, feedbacks, leads = {}, {}, {}
    for r in Reply.objects.filter(suggestion__in=suggestions).order_by("round"):
        replies.setdefault(r.suggestion_id, []).append(r)
    for f in Feedback.objects.filter(suggestion__in=suggestions).order_by("round"):
        feedbacks.setdefault(f.suggestion_id, []).append(f)
    for a in Assignment.objects.filter(suggestion__in=suggestions, role=Assignment.Role.LEAD, active=True):
        leads[a.suggestion_id] = a
    for s in suggestions:
        rs, fs, lead = replies.get(s.pk, []), feedbacks.get(s.pk, []), leads.get(s.pk)
        unsatisfied = [f for f in fs if f.result == FeedbackResult.UNSATISFIED]
        assert s.round == len(unsatisfied) + 1, s
        if s.status == S.ACCEPTED:
            assert lead is None and s.assigned_on is None and s.reply_due_on is None
            continue
        assert lead.unit_id == s.lead_unit_id and lead.assigned_on == s.assigned_on
        assert s.replied_on == (rs[-1].replied_on if rs else None)
        assert s.reply_class == (rs[-1].reply_class if rs else "")
        assert s.feedback == (fs[-1].result if fs else "")
        assert s.first_reply_on_time == (rs[0].on_time if rs else None)
        if s.round == 1:
            # Round 1: due 3 months after assignment, or the approved extension (the lead assignment's due date).
            assert s.reply_due_on == lead.due_on
            assert lead.due_on == add_months(s.assigned_on, rules.suggestion_reply_months) or \
                lead.extensions.filter(decision=Extension.Decision.APPROVED).exists()
        else:
            assert s.reply_due_on == add_months(unsatisfied[-1].given_on, rules.rehandle_reply_months)
        expected = {
            (0, 0): {S.ASSIGNED, S.HANDLING}, (1, 0): {S.REPLIED}, (1, 1): {S.REHANDLING, S.CLOSED},
            (2, 1): {S.REPLIED}, (2, 2): {S.CLOSED},
        }[(len(rs), len(fs))]
        assert s.status in expected, s
        assert (lead.signed_on is None) == (s.status == S.ASSIGNED), s  # signing for it starts handling
        for r, f in zip(rs, fs, strict=False):
            assert r.replied_on <= f.given_on and r.round == f.round
        assert all(r.replied_on >= s.assigned_on for r in rs)


def test_session_assignment_and_proposers(baiyun, suggestions):
    session_rows = suggestions.filter(session__isnull=False, assigned_on__isnull=False)
    assert session_rows.filter(assigned_on=ASSIGNED_ON).count() >= 180
    proposers = Signature.objects.filter(suggestion__in=suggestions, role=Signature.Role.PROPOSER)
    assert proposers.count() == suggestions.count()
    assert all(p.deputy.body_id == baiyun.pk for p in proposers.select_related("deputy"))
    assert Signature.objects.filter(suggestion__in=suggestions, role=Signature.Role.COSIGNER).exists()
    units = set(Assignment.objects.filter(suggestion__in=suggestions).values_list("unit__name", flat=True))
    assert "区住房建设交通局" in units and len(units) >= 12
    assert Assignment.objects.filter(suggestion__in=suggestions, role=Assignment.Role.CO).exists()


def test_contacts_replies_and_key_supervision_in_a_plausible_mix(suggestions):
    assigned = suggestions.filter(assigned_on__isnull=False)
    contacted = assigned.filter(contacts__isnull=False).distinct().count()
    in_person = assigned.filter(contacts__way__in=Contact.IN_PERSON).distinct().count()
    assert 0.85 * assigned.count() < contacted < assigned.count()
    assert 0.45 * assigned.count() < in_person < 0.65 * assigned.count()
    stages = set(Contact.objects.filter(suggestion__in=suggestions).values_list("stage", flat=True))
    assert stages == set(Contact.Stage.values)
    classes = Counter(suggestions.exclude(reply_class="").values_list("reply_class", flat=True))
    assert set(classes) == {"A", "B", "C", "D"}
    share = (classes["A"] + classes["B"]) / sum(classes.values())
    assert 0.68 <= share <= 0.82
    key = suggestions.filter(is_key=True)
    assert 3 <= key.count() <= 5
    rows = KeySupervision.objects.filter(suggestion__in=key)
    assert rows.count() == key.count()
    assert rows.filter(leader__contains="示例副主任").exists() and rows.filter(committee__isnull=False).exists()
    for s in key:
        assert s.events.filter(kind=SuggestionEvent.Kind.SUPERVISION_NOTE).exists()


def test_timeline_dated_as_the_steps_happened(suggestions):
    events = SuggestionEvent.objects.filter(suggestion__in=suggestions)
    assert events.filter(on__isnull=True).count() == 0
    assert all(e.at.date() == e.on for e in events.only("at", "on"))
    assert all(s.created_at.date() == s.raised_on for s in suggestions)
    # Every step was entered by the office's demo account.
    assert set(events.values_list("by__username", flat=True)) == {"office"}


def test_loading_again_adds_nothing(baiyun, suggestions):
    before = (Station.objects.count(), Deputy.objects.count(), suggestions.count(), SuggestionEvent.objects.count())
    load_deputies_demo(baiyun)
    after = (Station.objects.count(), Deputy.objects.count(), suggestions.count(), SuggestionEvent.objects.count())
    assert before == after
