"""Topics of suggestions for next year's plans (issue 22 §2): each topic's numbers against a hand count on a small
known set, every number's link opening exactly its rows, the order within a topic, the page, the workbook and the
Word briefing, the API, and who may read and export."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import ReportingBody, Term
from deputies.filtersets import SuggestionFilterSet
from deputies.models import CongressSession, Deputy, Suggestion
from deputies.models.suggestions import SuggestionStatus
from deputies.suggestions import lifecycle
from deputies.topics import analysis as A
from tests.conftest import client_for


class Known:
    """Ten suggestions of one session (numbers as below), and one of the year before with #4's very title.

     1 交通运输 关于增设公交线路的建议        lead 区教育局, A, 满意
     2 交通运输 关于优化公交站点设置的建议    lead 区教育局, C, 不满意
     3 交通运输 关于加快公交站点建设的建议    lead 区民政局, no reply
     4 交通运输 关于打通断头路的建议          lead 区民政局, B, 基本满意; raised the year before too
     5 交通运输 关于打通城北断头路的建议      not assigned
     6 教育     关于增加公办学位的建议        lead 区教育局, D
     7 教育     关于改善校园周边环境的建议    not assigned
     8 (none)   关于加强社区养老服务的建议    lead 区民政局, A, 不满意
     9 交通运输 关于公交票价的建议            a draft: not counted
    10 交通运输 关于规范出租车管理的建议      not assigned

    交通运输 (6 counted) splits: 公交 (3 titles share it: 1, 2, 3), then 断头路 (4, 5; longer than 打通, as often),
    then 其他 (10). 教育 has 2: one topic. 8 is 未分类.
    """

    TITLES = {
        1: ("交通运输", "关于增设公交线路的建议"), 2: ("交通运输", "关于优化公交站点设置的建议"),
        3: ("交通运输", "关于加快公交站点建设的建议"), 4: ("交通运输", "关于打通断头路的建议"),
        5: ("交通运输", "关于打通城北断头路的建议"), 6: ("教育", "关于增加公办学位的建议"),
        7: ("教育", "关于改善校园周边环境的建议"), 8: ("", "关于加强社区养老服务的建议"),
        9: ("交通运输", "关于公交票价的建议"), 10: ("交通运输", "关于规范出租车管理的建议"),
    }

    def __init__(self, body, user):
        self.today = timezone.localdate()
        days = self.days
        term = Term.objects.get(body=body, number=17)
        self.session = CongressSession.objects.create(body=body, term=term, number=92, name="区十七届人大主题测试会议",
                                                      start_on=days(200))
        self.deputy = Deputy.objects.create(body=body, name="主题测试代表", gender="male")
        u = {n: ReportingBody.objects.get(body=body, name=n) for n in ("区教育局", "区民政局")}
        self.units = u
        made = {}
        for number, (category, title) in self.TITLES.items():
            data = lifecycle.NewSuggestion(title=title, raised_on=days(200), proposer=self.deputy,
                                           session=self.session, number=number, category=category)
            status = SuggestionStatus.DRAFT if number == 9 else SuggestionStatus.ACCEPTED
            made[number] = lifecycle.create_suggestion(body, data, user, status=status)

        def handle(n, lead, reply=None, feedback=None):
            s = lifecycle.assign(made[n], assigned_on=days(150), lead_unit=u[lead], by=user)
            if reply:
                lifecycle.reply(s, replied_on=days(100), reply_class=reply, by=user)
            if feedback:
                lifecycle.give_feedback(s, result=feedback, given_on=days(90), by=user, comment="仍未解决")

        handle(1, "区教育局", "A", "satisfied")
        handle(2, "区教育局", "C", "unsatisfied")
        handle(3, "区民政局")
        handle(4, "区民政局", "B", "basic")
        handle(6, "区教育局", "D")
        handle(8, "区民政局", "A", "unsatisfied")
        self.earlier = lifecycle.create_suggestion(body, lifecycle.NewSuggestion(
            title=self.TITLES[4][1], raised_on=days(200) - timedelta(days=365), proposer=self.deputy,
            year=self.session.year - 1, number=9401, category="交通运输"), user)
        self.made = {n: Suggestion.objects.get(pk=s.pk) for n, s in made.items()}

    def days(self, n):
        return self.today - timedelta(days=n)

    def pks(self, *numbers):
        return [self.made[n].pk for n in numbers]


@pytest.fixture
def office(baiyun):
    return get_user_model().objects.get(username="office")


@pytest.fixture
def known(baiyun, office):
    return Known(baiyun, office)


def topics_of(baiyun, known, username="office"):
    user = get_user_model().objects.get(username=username)
    return A.compute(baiyun, A.resolve_scope(baiyun, {"session": str(known.session.pk)}), user)


def _list_pks(baiyun, query: dict) -> set[int]:
    filterset = SuggestionFilterSet(QueryDict(mutable=True) | query, queryset=Suggestion.objects.filter(body=baiyun))
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


def test_the_titles_are_cut_into_the_pieces_keywords_come_from():
    assert A.pieces("关于优化公交站点设置的建议") == ["公交站点设置"]
    assert A.pieces("关于推进石井街道生活垃圾分类工作的建议") == ["石井", "生活垃圾分类"]
    assert A.pieces("关于加强钟落潭镇基层医疗卫生人才队伍建设的建议") == ["钟落潭", "基层医疗卫生人才队伍"]
    assert "石井街道" not in A.candidates("关于推进石井街道生活垃圾分类工作的建议")
    assert "垃圾分类" in A.candidates("关于推进石井街道生活垃圾分类工作的建议")


def test_each_topic_equals_the_count_made_by_hand(baiyun, known):
    topics = topics_of(baiyun, known)
    got = [(t["label"], t["count"], t["classes"], t["feedbacks"], t["repeated"],
            [(u["name"], u["count"]) for u in t["units"]]) for t in topics["topics"]]
    no_class = {"A": 0, "B": 0, "C": 0, "D": 0}
    no_feedback = {"satisfied": 0, "basic": 0, "unsatisfied": 0}
    assert got == [
        ("交通运输 · 公交", 3, {**no_class, "A": 1, "C": 1}, {**no_feedback, "satisfied": 1, "unsatisfied": 1}, 0,
         [("区教育局", 2), ("区民政局", 1)]),
        ("交通运输 · 断头路", 2, {**no_class, "B": 1}, {**no_feedback, "basic": 1}, 1, [("区民政局", 1)]),
        ("教育", 2, {**no_class, "D": 1}, no_feedback, 0, [("区教育局", 1)]),
        ("未分类", 1, {**no_class, "A": 1}, {**no_feedback, "unsatisfied": 1}, 0, [("区民政局", 1)]),
        ("交通运输 · 其他", 1, no_class, no_feedback, 0, []),
    ]
    totals = topics["totals"]
    assert (totals["count"], totals["repeated"], totals["classes"], totals["feedbacks"]) == (
        9, 1, {"A": 2, "B": 1, "C": 1, "D": 1}, {"satisfied": 1, "basic": 1, "unsatisfied": 2})
    assert topics["next_year"] == known.session.year + 1


def test_within_a_topic_the_repeated_then_the_least_satisfied_come_first(baiyun, known):
    topics = {t["label"]: t for t in topics_of(baiyun, known)["topics"]}
    assert [s["pk"] for s in topics["交通运输 · 公交"]["suggestions"]] == known.pks(2, 1, 3)
    assert [s["pk"] for s in topics["交通运输 · 断头路"]["suggestions"]] == known.pks(4, 5)
    assert topics["交通运输 · 断头路"]["suggestions"][0]["repeated"] is True


def test_every_number_opens_exactly_its_rows(baiyun, known):
    topics = topics_of(baiyun, known)
    for t in [*topics["topics"], topics["totals"]]:
        rows = {s["pk"] for s in t.get("suggestions", [])}
        links = t["links"]
        assert len(_list_pks(baiyun, links["count"])) == t["count"], t.get("label")
        if rows:
            assert _list_pks(baiyun, links["count"]) == rows, t["label"]
        assert len(_list_pks(baiyun, links["repeated"])) == t["repeated"]
        for c, n in t["classes"].items():
            assert len(_list_pks(baiyun, links["classes"][c])) == n, (t.get("label"), c)
        for f, n in t["feedbacks"].items():
            assert len(_list_pks(baiyun, links["feedbacks"][f])) == n, (t.get("label"), f)
        for u in t["units"]:
            assert len(_list_pks(baiyun, u["link"])) == u["count"], (t.get("label"), u["name"])
    by_label = {t["label"]: t for t in topics["topics"]}
    assert _list_pks(baiyun, by_label["交通运输 · 其他"]["links"]["count"]) == set(known.pks(10))
    assert by_label["交通运输 · 其他"]["links"]["count"]["title_lacks"] == "公交,断头路"
    assert _list_pks(baiyun, by_label["交通运输 · 断头路"]["links"]["repeated"]) == set(known.pks(4))


def test_a_committee_member_sees_the_topics_of_their_committee_only(baiyun, known):
    # None of the known suggestions names a supervising committee: a member's topics are empty, the director's full.
    assert topics_of(baiyun, known, "lead-caijing")["totals"]["count"] == 0
    assert topics_of(baiyun, known, "director")["totals"]["count"] == 9


def test_the_page_shows_the_topics_with_their_links(office_client, baiyun, known):
    response = office_client.get(reverse("suggestion-topics") + f"?session={known.session.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "建议分析" in text and "区十七届人大主题测试会议" in text
    assert "交通运输 · 公交" in text and "交通运输 · 断头路" in text and "统计口径" in text
    topic = response.context["topics"]["topics"][0]
    assert f'<a href="{topic["count_url"].replace("&", "&amp;")}" data-metric="count">3</a>' in text
    assert "据此拟订" in text and "往年提过" in text
    assert reverse("suggestions-to-plan") in text


def test_directors_and_committee_leads_read_but_do_not_export_or_plan(baiyun, known):
    for username in ("director", "lead-caijing"):
        client = client_for(username)
        url = reverse("suggestion-topics") + f"?session={known.session.pk}"
        response = client.get(url)
        assert response.status_code == 200, username
        assert "据此拟订" not in response.content.decode() and "导出 Excel" not in response.content.decode()
        assert client.get(url + "&export=xlsx").status_code == 403
        assert client.get(url + "&export=docx").status_code == 403
        assert client.get(reverse("suggestions-to-plan") + f"?ids={known.made[1].pk}").status_code == 403


def test_deputies_units_and_strangers_are_refused(baiyun, known):
    from django.test import Client

    assert Client().get(reverse("suggestion-topics")).status_code == 302
    assert APIClient().get(reverse("api:suggestion-topics")).status_code in (401, 403)


def test_the_workbook_has_its_title_columns_and_fonts(office_client, baiyun, known):
    from openpyxl import load_workbook

    response = office_client.get(reverse("suggestion-topics") + f"?session={known.session.pk}&export=xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb["主题"]
    assert sheet["A1"].value == f"{baiyun.name}区十七届人大主题测试会议代表建议集中反映问题梳理"
    heads = [c.value for c in sheet[2]]
    assert heads[:4] == ["序号", "主题", "件数", "A类"] and "不满意" in heads and "往年提过" in heads
    assert sheet["B3"].value == "交通运输 · 公交" and sheet["C3"].value == 3
    assert sheet["B3"].font.name == "宋体" and sheet["A1"].font.name == "黑体"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) and "&P" in sheet.oddFooter.center.text
    rows = [[c.value for c in row] for row in wb["建议"].iter_rows(min_row=3)]
    assert ["交通运输 · 公交", known.session.year, 2, "关于优化公交站点设置的建议", "区教育局", "C类", "不满意", None] \
        == rows[0][1:]


def test_the_word_briefing_is_an_official_document(office_client, baiyun, known):
    from docx import Document

    response = office_client.get(reverse("suggestion-topics") + f"?session={known.session.pk}&export=docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    paragraphs = [p for p in doc.paragraphs if p.text]
    title = f"关于{known.session.year}年代表建议反映集中问题的梳理报告"
    assert paragraphs[0].text == title and paragraphs[0].style.name == "公文标题"
    assert paragraphs[0].style.font.size.pt == 22
    texts = [p.text for p in paragraphs]
    assert "一、总体情况" in texts and "二、代表集中反映的问题" in texts
    assert "（一）交通运输 · 公交（3件）" in texts
    body = next(t for t in texts if t.startswith("答复类别A类1件"))
    assert "《关于优化公交站点设置的建议》" in body and "区教育局（2件）" in body
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert doc.styles["公文正文"].font.size.pt == 16


def test_the_api_answers_the_same_topics(baiyun, known):
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="director"))
    response = client.get(reverse("api:suggestion-topics") + f"?session={known.session.pk}")
    assert response.status_code == 200
    data = response.json()
    assert [t["label"] for t in data["topics"]][:2] == ["交通运输 · 公交", "交通运输 · 断头路"]
    assert data["topics"][0]["links"]["count"]["title_has"] == "公交"
    assert client.get(reverse("api:suggestion-topics") + "?year=abc").status_code == 400
    assert client.get(reverse("api:suggestion-topics") + "?session=999999").status_code == 404


def test_the_query_count_does_not_grow_with_the_suggestions(office_client, baiyun, known, office,
                                                             django_assert_max_num_queries):
    url = reverse("suggestion-topics") + f"?session={known.session.pk}"
    with django_assert_max_num_queries(100) as small:
        assert office_client.get(url).status_code == 200
    small = len(small.captured_queries)  # now: the log keeps the last 9,000 queries only
    units = list(ReportingBody.objects.filter(body=baiyun).order_by("pk")[:5])
    for n in range(100, 130):
        s = lifecycle.create_suggestion(baiyun, lifecycle.NewSuggestion(
            title=f"关于建设第{n}号口袋公园的建议", raised_on=known.days(200), proposer=known.deputy,
            session=known.session, number=n, category=["城市管理", "生态环境"][n % 2]), office)
        lifecycle.assign(s, assigned_on=known.days(100), lead_unit=units[n % 5], by=office)
    assert small > 5
    with django_assert_max_num_queries(small):
        response = office_client.get(url)
    assert response.context["topics"]["totals"]["count"] == 39
