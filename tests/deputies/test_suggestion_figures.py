"""The figures of suggestion handling: each number against a count made by hand on a small known set
built with the lifecycle; the links agree with the list's FilterSet; a fixed number of queries;
the workbook and the API; who sees which figures.
"""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.models import Committee, ReportingBody, Term
from deputies.figures import counts as F
from deputies.filtersets import SuggestionFilterSet
from deputies.models import CongressSession, Deputy, Suggestion
from deputies.models.suggestions import SuggestionStatus
from deputies.suggestions import lifecycle
from tests.conftest import client_for


class Known:
    """Eight suggestions of one session in chosen states (numbers = their number), and one between sessions.

     1 accepted, not assigned                              committee 财经工委
     2 a draft (not counted)                               财经工委
     3 lead 区教育局, co 区财政局, no reply: overdue         财经工委
     4 lead 区教育局, replied on time A, 满意 → closed;     财经工委, key supervision by 社会建设工委
       face-to-face contact by the lead unit
     5 lead 区教育局, replied late B, 基本满意 → closed;    社会建设工委
       phone contact by the lead unit
     6 lead 区民政局, replied on time C, 不满意 → round 2,   社会建设工委
       its new due date passed: overdue; joint research by the lead unit
     7 lead 区民政局, co 区财政局, replied on time D, no feedback; a contact by the co-unit only
     8 lead 区民政局, assigned 10 days ago (not yet due);     财经工委, key supervision by a leader
    """

    def __init__(self, body, user):
        # Dates count back from the day the test runs (read here, not at import: a run may cross midnight).
        self.today = timezone.localdate()
        days = self.days
        term = Term.objects.get(body=body, number=17)
        self.session = CongressSession.objects.create(body=body, term=term, number=91, name="区十七届人大统计测试会议",
                                                      start_on=days(200))
        self.deputy = Deputy.objects.create(body=body, name="统计测试代表", gender="male")
        c = {n: Committee.objects.get(body=body, short_name=n) for n in ("财经工委", "社会建设工委")}
        u = {n: ReportingBody.objects.get(body=body, name=n) for n in ("区教育局", "区民政局", "区财政局")}
        self.units = u
        made = {}

        def new(number, committee, status=SuggestionStatus.ACCEPTED):
            data = lifecycle.NewSuggestion(title=f"统计测试建议{number}", raised_on=days(200), proposer=self.deputy,
                                           session=self.session, number=number, committee=committee)
            made[number] = lifecycle.create_suggestion(body, data, user, status=status)
            return made[number]

        def assign(s, lead, co=(), on=150):
            return lifecycle.assign(s, assigned_on=days(on), lead_unit=lead, co_units=co, by=user)

        new(1, c["财经工委"])
        new(2, c["财经工委"], SuggestionStatus.DRAFT)
        assign(new(3, c["财经工委"]), u["区教育局"], [u["区财政局"]])

        s = assign(new(4, c["财经工委"]), u["区教育局"])
        lifecycle.add_contact(s, u["区教育局"], stage="before", way="face", contacted_on=days(140), by=user)
        lifecycle.add_contact(s, u["区教育局"], stage="during", way="phone", contacted_on=days(130), by=user)
        lifecycle.reply(s, replied_on=days(100), reply_class="A", by=user)
        lifecycle.give_feedback(s, result="satisfied", given_on=days(90), by=user)
        lifecycle.set_key_supervision(s, committee=c["社会建设工委"], since=days(140), by=user)

        s = assign(new(5, c["社会建设工委"]), u["区教育局"])
        lifecycle.add_contact(s, u["区教育局"], stage="before", way="phone", contacted_on=days(140), by=user)
        lifecycle.reply(s, replied_on=days(40), reply_class="B", by=user)  # due 3 months after day 150: late
        lifecycle.give_feedback(s, result="basic", given_on=days(30), by=user)

        s = assign(new(6, c["社会建设工委"]), u["区民政局"])
        lifecycle.add_contact(s, u["区民政局"], stage="during", way="research", contacted_on=days(130), by=user)
        lifecycle.reply(s, replied_on=days(120), reply_class="C", by=user)
        lifecycle.give_feedback(s, result="unsatisfied", comment="未解决", given_on=days(110), by=user)

        s = assign(new(7, None), u["区民政局"], [u["区财政局"]])
        lifecycle.add_contact(s, u["区财政局"], stage="during", way="face", contacted_on=days(140), by=user)
        lifecycle.reply(s, replied_on=days(110), reply_class="D", by=user)

        s = assign(new(8, c["财经工委"]), u["区民政局"], on=10)
        lifecycle.set_key_supervision(s, leader="常委会副主任 测试", since=days(5), by=user)

        self.between = lifecycle.create_suggestion(body, lifecycle.NewSuggestion(
            title="统计测试闭会期间建议", raised_on=days(1), proposer=self.deputy, year=days(1).year, number=900), user)
        self.made = {n: Suggestion.objects.get(pk=s.pk) for n, s in made.items()}

    def days(self, n):
        return self.today - timedelta(days=n)


@pytest.fixture
def known(baiyun):
    from django.contrib.auth import get_user_model

    return Known(baiyun, get_user_model().objects.get(username="office"))


EXPECTED_TOTALS = {
    "count": 7, "assigned": 6, "replied": 4, "on_time": 3, "on_time_share": 50.0, "overdue": 2,
    "class_a": 1, "class_b": 1, "class_c": 1, "class_d": 1, "ab_share": 50.0,
    "with_feedback": 3, "satisfied": 1, "basic": 1, "unsatisfied": 1, "satisfied_share": 66.7,
    "closed": 2, "contacted": 3, "contact_share": 50.0, "in_person": 2, "in_person_share": 33.3, "key": 2,
    "led_head": 0, "led_member": 0,
}
EXPECTED_UNITS = {
    "区教育局": {"count": 3, "assigned": 3, "replied": 2, "on_time": 1, "on_time_share": 33.3, "overdue": 1,
             "class_a": 1, "class_b": 1, "class_c": 0, "class_d": 0, "ab_share": 100.0, "with_feedback": 2,
             "satisfied": 1, "basic": 1, "unsatisfied": 0, "satisfied_share": 100.0, "closed": 2, "contacted": 2,
             "contact_share": 66.7, "in_person": 1, "in_person_share": 33.3, "key": 1, "co_count": 0, "led_head": 0, "led_member": 0},
    "区民政局": {"count": 3, "assigned": 3, "replied": 2, "on_time": 2, "on_time_share": 66.7, "overdue": 1,
             "class_a": 0, "class_b": 0, "class_c": 1, "class_d": 1, "ab_share": 0.0, "with_feedback": 1,
             "satisfied": 0, "basic": 0, "unsatisfied": 1, "satisfied_share": 0.0, "closed": 0, "contacted": 1,
             "contact_share": 33.3, "in_person": 1, "in_person_share": 33.3, "key": 1, "co_count": 0, "led_head": 0, "led_member": 0},
    "区财政局": {"count": 0, "assigned": 0, "replied": 0, "on_time": 0, "on_time_share": None, "overdue": 0,
             "class_a": 0, "class_b": 0, "class_c": 0, "class_d": 0, "ab_share": None, "with_feedback": 0,
             "satisfied": 0, "basic": 0, "unsatisfied": 0, "satisfied_share": None, "closed": 0, "contacted": 0,
             "contact_share": None, "in_person": 0, "in_person_share": None, "key": 0, "co_count": 2, "led_head": 0, "led_member": 0},
}


def session_figures(baiyun, known, username="office"):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    return F.compute(baiyun, F.resolve_scope(baiyun, {"session": str(known.session.pk)}), user)


def test_the_known_states_are_what_the_table_says(known):
    m = known.made
    assert [m[n].status for n in range(1, 9)] == ["accepted", "draft", "assigned", "closed", "closed", "rehandling",
                                                   "replied", "assigned"]
    assert (m[4].first_reply_on_time, m[5].first_reply_on_time, m[6].first_reply_on_time) == (True, False, True)
    assert m[3].is_overdue() and m[6].is_overdue() and not m[8].is_overdue()


def test_each_total_equals_the_count_made_by_hand(baiyun, known):
    figures = session_figures(baiyun, known)
    totals = {k: v for k, v in figures["totals"].items() if k != "co_count"}
    assert totals == EXPECTED_TOTALS
    assert figures["scope"] == {"session": known.session.pk, "session_name": "区十七届人大统计测试会议",
                                "year": known.days(200).year, "label": "区十七届人大统计测试会议"}
    assert figures["targets"] == {"contact_percent": 100, "in_person_percent": 50}


def test_each_unit_equals_the_count_made_by_hand_sorted_by_count(baiyun, known):
    figures = session_figures(baiyun, known)
    units = {u["name"]: {k: v for k, v in u.items() if k not in ("unit", "name", "links")} for u in figures["units"]}
    assert units == EXPECTED_UNITS
    names = [u["name"] for u in figures["units"]]
    order = {u.name: u.order for u in known.units.values()}
    assert names[2] == "区财政局" and sorted(names[:2], key=lambda n: order[n]) == names[:2]


def _list_count(baiyun, query: dict) -> int:
    filterset = SuggestionFilterSet(QueryDict(mutable=True) | query, queryset=Suggestion.objects.filter(body=baiyun))
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


def test_every_link_selects_exactly_the_suggestions_its_number_counts(baiyun, known):
    figures = session_figures(baiyun, known)
    assert {"overdue", "class_a", "class_d", "satisfied", "unsatisfied", "closed", "key"} <= set(figures["links"])
    for metric, query in figures["links"].items():
        assert _list_count(baiyun, query) == figures["totals"][metric], (metric, query)
    for unit in figures["units"]:
        for metric, query in unit["links"].items():
            assert query["lead_unit"] == unit["unit"]
            assert _list_count(baiyun, query) == unit[metric], (unit["name"], metric, query)
    # The draft is listed under the session but not counted: the total links only with a filter that leaves it out.
    if "count" in figures["links"]:
        assert "accepted" in figures["links"]["count"]


def test_without_a_draft_the_total_links_to_the_session(baiyun, known):
    known.made[2].delete()
    figures = session_figures(baiyun, known)
    assert _list_count(baiyun, figures["links"]["count"]) == figures["totals"]["count"] == 7


def test_a_year_counts_the_session_and_between_sessions(baiyun, known):
    from django.contrib.auth import get_user_model

    office = get_user_model().objects.get(username="office")
    year = known.session.year
    figures = F.compute(baiyun, F.resolve_scope(baiyun, {"year": str(year)}), office)
    by_hand = (Suggestion.objects.filter(body=baiyun, year=year)
               .exclude(status__in=F.NOT_ACCEPTED).count())
    assert figures["totals"]["count"] == by_hand >= 7 + (known.between.year == year)
    assert figures["scope"]["label"] == f"{year} 年"


def test_a_committee_member_counts_the_suggestions_it_supervises(baiyun, known):
    caijing = session_figures(baiyun, known, "lead-caijing")["totals"]  # 1, 3, 4, 8 (4 by committee, 8 too)
    assert (caijing["count"], caijing["assigned"], caijing["closed"], caijing["key"], caijing["overdue"]) == (4, 3, 1, 2, 1)
    shehui = session_figures(baiyun, known, "lead-shehui")["totals"]  # 5, 6 supervised; 4 under its key supervision
    assert (shehui["count"], shehui["closed"], shehui["unsatisfied"]) == (3, 2, 1)
    assert session_figures(baiyun, known, "director")["totals"]["count"] == 7


# --- the page, the workbook, the API ---------------------------------------------------------------


def test_the_page_shows_the_numbers_links_and_definitions(office_client, baiyun, known):
    response = office_client.get(reverse("suggestion-figures") + f"?session={known.session.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "建议办理统计" in text and "区十七届人大统计测试会议" in text
    assert "统计口径" in text and "按期答复率 = 按期答复 ÷ 已交办" in text
    assert '<tr data-metric="on_time">' in text and "50.0%" in text and "66.7%" in text
    assert 'class="fig-tile below" data-metric="contact_share"' in text  # 50% against the 100% target
    assert "按期答复 3 ÷ 已交办 6" in text and "满意+基本满意 2 ÷ 有反馈 3" in text
    assert "区教育局" in text and "区财政局" in text
    figures = session_figures(baiyun, known)
    overdue = reverse("suggestion-list") + "?" + "&amp;".join(
        f"{k}={v}" for k, v in figures["links"]["overdue"].items())
    assert f'<a href="{overdue}">2</a>' in text


def test_the_page_defaults_to_the_latest_session(office_client, baiyun, known):
    latest = CongressSession.objects.filter(body=baiyun).order_by("-start_on").first()
    text = office_client.get(reverse("suggestion-figures")).content.decode()
    assert f"建议办理统计 <small>{latest.name}</small>" in text


def test_bad_scopes_are_refused_clearly(office_client, baiyun, known):
    response = office_client.get(reverse("suggestion-figures") + "?year=abc")
    assert response.status_code == 200 and "年度“abc”无法识别" in response.content.decode()
    assert office_client.get(reverse("suggestion-figures") + "?session=999999").status_code == 404
    assert APIClient_for("office").get(reverse("api:suggestion-figures") + "?year=abc").status_code == 400


def test_the_query_count_does_not_grow_with_the_suggestions(office_client, baiyun, known,
                                                             django_assert_max_num_queries):
    url = reverse("suggestion-figures") + f"?session={known.session.pk}"
    with CaptureQueriesContext(connection) as small:
        assert office_client.get(url).status_code == 200
    from django.contrib.auth import get_user_model

    office = get_user_model().objects.get(username="office")
    for n in range(100, 140):
        s = lifecycle.create_suggestion(baiyun, lifecycle.NewSuggestion(
            title=f"更多{n}", raised_on=known.days(200), proposer=known.deputy, session=known.session, number=n),
            office)
        unit = list(ReportingBody.objects.filter(body=baiyun).order_by("pk"))[n % 7]
        s = lifecycle.assign(s, assigned_on=known.days(100), lead_unit=unit, by=office)
        lifecycle.add_contact(s, unit, stage="before", way="face", contacted_on=known.days(90), by=office)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = office_client.get(url)
    assert response.context["figures"]["totals"]["count"] == 47
    with django_assert_max_num_queries(20):
        assert office_client.get(url + "&export=xlsx").status_code == 200
    lead = client_for("lead-caijing")
    with django_assert_max_num_queries(20):
        assert lead.get(reverse("api:suggestion-figures") + f"?session={known.session.pk}").status_code == 200


def test_the_workbook_has_the_totals_and_one_row_per_unit(office_client, baiyun, known):
    response = office_client.get(reverse("suggestion-figures") + f"?session={known.session.pk}&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["总体情况", "按承办单位"]
    totals = {row[0]: row[1:] for row in wb["总体情况"].iter_rows(min_row=5, values_only=True) if row[0]}
    # Shares are numbers shown as percentages, so the workbook can be summed and sorted.
    assert totals["件数"][0] == 7 and totals["按期答复"][:2] == (3, 0.5)
    assert totals["沟通联系"] == (3, 0.5, 1) and totals["A+B 占比"][:2] == (2, 0.5)
    assert wb["总体情况"]["C8"].number_format == "0.0%"
    assert "统计口径" in totals
    units = list(wb["按承办单位"].iter_rows(values_only=True))
    assert units[0][:3] == ("主办单位", "件数", "已答复")
    assert [r[0] for r in units[1:]][2] == "区财政局" and units[3][-1] == 2  # co_count


def APIClient_for(username):
    from django.contrib.auth import get_user_model

    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


def test_the_api_answers_the_same_figures(baiyun, known):
    response = APIClient_for("office").get(reverse("api:suggestion-figures"), {"session": known.session.pk})
    assert response.status_code == 200
    data = response.json()
    assert {k: v for k, v in data["totals"].items() if k != "co_count"} == EXPECTED_TOTALS
    assert [u["name"] for u in data["units"]][2] == "区财政局"
    assert data["links"]["overdue"] == {"session": known.session.pk, "overdue": "true"}
    year = APIClient_for("director").get(reverse("api:suggestion-figures"), {"year": known.session.year}).json()
    assert year["scope"]["session"] is None and year["totals"]["count"] >= 7


# --- who sees what -------------------------------------------------------------------------------


@pytest.mark.parametrize(("username", "count"), [("office", 7), ("director", 7), ("lead-caijing", 4)])
def test_page_and_api_for_each_role(baiyun, known, username, count):
    client = client_for(username)
    response = client.get(reverse("suggestion-figures") + f"?session={known.session.pk}")
    assert response.status_code == 200
    assert response.context["figures"]["totals"]["count"] == count
    assert ("本委督办（含重点督办）的建议的统计" in response.content.decode()) == (username == "lead-caijing")
    api = client.get(reverse("api:suggestion-figures") + f"?session={known.session.pk}")
    assert api.status_code == 200 and api.json()["totals"]["count"] == count


def test_anonymous_visitors_are_sent_to_log_in(client, baiyun, known):
    response = client.get(reverse("suggestion-figures"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("api:suggestion-figures")).status_code in (401, 403)


def test_another_body_sees_nothing_of_baiyuns(baiyun, second_body, known):
    other = client_for("office-other")
    assert other.get(reverse("suggestion-figures") + f"?session={known.session.pk}").status_code == 404
    assert other.get(reverse("api:suggestion-figures") + f"?session={known.session.pk}").status_code == 404
    for url in (reverse("suggestion-figures") + f"?year={known.session.year}",
                reverse("api:suggestion-figures") + f"?year={known.session.year}",
                reverse("suggestion-figures")):
        response = other.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert "区教育局" not in text and "区十七届人大" not in text and "统计测试" not in text
    data = other.get(reverse("api:suggestion-figures") + f"?year={known.session.year}").json()
    assert data["totals"]["count"] == 0 and data["units"] == []
