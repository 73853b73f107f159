"""建议办理工作评价: every component of the handling units' score against a count made by hand on a small
known set built with the lifecycle; a weight change moves this year's live score and not a frozen year;
the list's `component` filter selects exactly what each number counts."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils import timezone

from core.models import ReportingBody
from core.rules import rules_for
from deputies.filtersets import SuggestionFilterSet
from deputies.models import Deputy, Suggestion, UnitEvaluation, UnsatisfiedReport
from deputies.suggestions import lifecycle
from deputies.unit_evaluation import scoring, special_reports

YEAR = 2001  # between-session suggestions of a year no demo row uses


class Known:
    """Six suggestions of YEAR, all raised 200 days ago.

    区教育局 leads 1–4:
      1 assigned day 150, signed day 149 (on time), face contact day 140, replied day 100 on time A, 满意
      2 assigned day 150, signed day 140 (late: sign days 3), phone contact day 90 AFTER the reply of day 120
        (on time, B), 不满意 day 110 → round 2 due day 80; re-replied day 85 on time C; special report due
        day 80, delivered day 82 (on time); 基本满意 day 70
      3 assigned day 150, never signed, extension approved; research contact day 140; no reply yet
      4 assigned day 150, signed day 150, replied day 50 late D, 不满意 day 45 → report due day 15, not delivered
    区民政局 leads 5; 6 stays unassigned:
      5 assigned day 150, signed day 148, no contact, replied day 100 on time A, no feedback
      6 accepted only
    Co-unit 区财政局 on 1 is not scored.
    """

    def __init__(self, body, user):
        self.today = timezone.localdate()
        d = self.days
        self.deputy = Deputy.objects.create(body=body, name="评价测试代表", gender="male")
        u = {n: ReportingBody.objects.get(body=body, name=n) for n in ("区教育局", "区民政局", "区财政局")}
        self.units = u
        rules = rules_for(body)
        rules.suggestion_sign_days, rules.unsatisfied_report_days = 3, 30
        rules.save()
        made = {}

        def new(n):
            made[n] = lifecycle.create_suggestion(body, lifecycle.NewSuggestion(
                title=f"评价测试建议{n}", raised_on=d(200), proposer=self.deputy, year=YEAR, number=800 + n), user)
            return made[n]

        def assign(s, lead, co=()):
            return lifecycle.assign(s, assigned_on=d(150), lead_unit=lead, co_units=co, by=user)

        edu, civ = u["区教育局"], u["区民政局"]
        s = assign(new(1), edu, [u["区财政局"]])
        lifecycle.sign_for(s, edu, signed_on=d(149), by=user)
        lifecycle.add_contact(s, edu, stage="before", way="face", contacted_on=d(140), by=user)
        lifecycle.reply(s, replied_on=d(100), reply_class="A", by=user)
        lifecycle.give_feedback(s, result="satisfied", given_on=d(95), by=user)

        s = assign(new(2), edu)
        lifecycle.sign_for(s, edu, signed_on=d(140), by=user)
        lifecycle.reply(s, replied_on=d(120), reply_class="B", by=user)
        lifecycle.give_feedback(s, result="unsatisfied", comment="未落实", given_on=d(110), by=user)
        lifecycle.add_contact(s, edu, stage="after", way="phone", contacted_on=d(90), by=user)
        self.report_2 = UnsatisfiedReport.objects.get(suggestion=s)
        special_reports.deliver(self.report_2, text="情况说明", delivered_on=d(82), by=user)
        s.refresh_from_db()
        lifecycle.reply(s, replied_on=d(85), reply_class="C", by=user)
        lifecycle.give_feedback(s, result="basic", given_on=d(70), by=user)

        s = assign(new(3), edu)
        lifecycle.add_contact(s, edu, stage="during", way="research", contacted_on=d(140), by=user)
        ext = lifecycle.ask_extension(s, asked_on=d(140), reason="情况复杂", requested_due_on=d(20), by=user)
        lifecycle.decide_extension(ext, approve=True, decided_on=d(139), by=user)

        s = assign(new(4), edu)
        lifecycle.sign_for(s, edu, signed_on=d(150), by=user)
        lifecycle.reply(s, replied_on=d(50), reply_class="D", by=user)
        lifecycle.give_feedback(s, result="unsatisfied", comment="未答复实质问题", given_on=d(45), by=user)

        s = assign(new(5), civ)
        lifecycle.sign_for(s, civ, signed_on=d(148), by=user)
        lifecycle.reply(s, replied_on=d(100), reply_class="A", by=user)
        new(6)
        self.made = made

    def days(self, n):
        return self.today - timedelta(days=n)


@pytest.fixture
def known(baiyun):
    return Known(baiyun, get_user_model().objects.get(username="office"))


# (count, base) by hand, from the docstring above.
EXPECTED = {
    "区教育局": {
        "sign_on_time": (2, 4),     # 1 a day after assignment, 4 the same day; 2 ten days late; 3 never
        "contact": (2, 4),          # 1 before its reply; 3 not replied yet, a contact counts; 2 only after; 4 none
        "in_person": (2, 4),        # 1 face, 3 research
        "reply_on_time": (2, 4),    # 1, 2 on time; 3 none; 4 late
        "ab_share": (1, 3),         # latest classes: 1 A, 2 C (re-handled), 4 D
        "satisfaction": (2, 3),     # latest feedback: 1 满意, 2 基本满意, 4 不满意
        "rehandling": (1, 2),       # 2 re-replied on time; 4 not yet
        "no_extension": (3, 4),     # 3 extended
        "special_report": (1, 2),   # 2 on time; 4 not delivered
    },
    "区民政局": {
        "sign_on_time": (1, 1), "contact": (0, 1), "in_person": (0, 1), "reply_on_time": (1, 1),
        "ab_share": (1, 1), "satisfaction": (0, 0), "rehandling": (0, 0), "no_extension": (1, 1),
        "special_report": (0, 0),
    },
}
EDU_SCORE = round(5 * .5 + 15 * .5 + 15 * 1 + 15 * .5 + 10 / 3 + 20 * 2 / 3 + 5 * .5 + 5 * .75 + 10 * .5, 1)


def _by_name(ranking):
    return {r["name"]: r for r in ranking}


def test_each_component_equals_the_hand_count(known, baiyun):
    ranking = _by_name(scoring.compute(baiyun, YEAR))
    assert set(ranking) == {"区教育局", "区民政局"}  # the co-unit and the unassigned suggestion are not scored
    for unit, expected in EXPECTED.items():
        got = {k: (c["count"], c["base"]) for k, c in ranking[unit]["components"].items()}
        assert got == expected, unit


def test_score_is_the_weighted_attainment(known, baiyun):
    rules = rules_for(baiyun)
    ranking = _by_name(scoring.compute(baiyun, YEAR))
    # 区教育局 with the default weights 5/15/15/15/10/20/5/5/10 (all apply, Σ 100), targets contact 100 %,
    # in person 50 %: attainments 2/4, 2/4, 1 (2/4 ÷ 50 %), 2/4, 1/3, 2/3, 1/2, 3/4, 1/2.
    assert rules.weight_contact == 15 and rules.in_person_target_percent == 50
    assert ranking["区教育局"]["score"] == EDU_SCORE == 60.4
    # 区民政局: satisfaction, re-handling and the special report do not apply (Σ weights 65):
    # sign 5, contact 0, in person 0, on time 15, A+B 10, no extension 5 → 35 / 65.
    assert ranking["区民政局"]["score"] == round(35 / 65 * 100, 1)
    assert ranking["区民政局"]["components"]["satisfaction"]["points"] is None
    assert [r["name"] for r in scoring.compute(baiyun, YEAR)] == ["区教育局", "区民政局"]


def test_a_weight_changes_this_years_live_score_not_a_frozen_year(known, baiyun):
    office = get_user_model().objects.get(username="office")
    scoring.freeze(baiyun, YEAR, office)
    frozen_score = _by_name(scoring.result(baiyun, YEAR)[0])["区教育局"]["score"]
    # A later year, live: move 区教育局's suggestion 4 there (late D, 不满意, no report: 10 of 100).
    Suggestion.objects.filter(pk=known.made[4].pk).update(year=YEAR + 1)
    live_before = _by_name(scoring.compute(baiyun, YEAR + 1))["区教育局"]["score"]

    rules = rules_for(baiyun)
    rules.weight_satisfaction, rules.weight_in_person = 0, 60
    rules.save()

    ranking, is_frozen = scoring.result(baiyun, YEAR)
    assert is_frozen and _by_name(ranking)["区教育局"]["score"] == frozen_score == EDU_SCORE
    assert _by_name(scoring.compute(baiyun, YEAR))["区教育局"]["score"] != frozen_score  # live would differ
    assert _by_name(ranking)["区教育局"]["rule_params"]["weights"]["satisfaction"] == 20
    assert UnitEvaluation.objects.filter(body=baiyun, year=YEAR).count() == 2
    live_after, is_frozen = scoring.result(baiyun, YEAR + 1)
    assert not is_frozen and live_before == 10.0
    # Σ weights 125 now; sign for (5) and no extension (5) met: 10 / 125.
    assert _by_name(live_after)["区教育局"]["score"] == 8.0
    with pytest.raises(scoring.FreezeError):
        scoring.freeze(baiyun, YEAR, office)


@pytest.mark.parametrize("unit", ["区教育局", "区民政局"])
def test_the_component_filter_selects_what_each_number_counts(known, baiyun, rf, unit):
    ranking = _by_name(scoring.compute(baiyun, YEAR))
    unit_pk = known.units[unit].pk
    request = rf.get("/")
    request.renda_body = baiyun
    for key, c in ranking[unit]["components"].items():
        for part, expected in (("", c["count"]), (".base", c["base"]), (".missed", c["base"] - c["count"])):
            data = QueryDict(mutable=True)
            data.update({"year": str(YEAR), "lead_unit": str(unit_pk), "component": key + part})
            fs = SuggestionFilterSet(data, queryset=Suggestion.objects.all(), request=request)
            assert fs.is_valid(), fs.errors
            assert fs.qs.count() == expected, (unit, key, part)


def test_unsatisfied_opens_a_special_report_due_by_the_rule(known):
    report = UnsatisfiedReport.objects.get(suggestion=known.made[4])
    assert report.unit == known.units["区教育局"] and report.round == 1
    assert report.due_on == known.days(45) + timedelta(days=30) and report.delivered_on is None
    assert report.is_overdue(known.today)
    delivered = known.report_2
    delivered.refresh_from_db()
    assert delivered.on_time and delivered.text == "情况说明"
    with pytest.raises(special_reports.ReportError):
        special_reports.deliver(delivered, text="again", by=None)
