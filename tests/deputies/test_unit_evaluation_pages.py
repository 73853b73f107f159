"""The ranking page of the handling units: who reads it, each number opens what it counts, 定稿, the
exports in official layout, the rules page's weights, the unit's own row on its portal."""

import io
import re
from html import unescape

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from core.rules import rules_for
from deputies.models import UnitEvaluation
from deputies.unit_evaluation import scoring
from tests.conftest import client_for
from tests.deputies.test_unit_evaluation_scoring import EDU_SCORE, YEAR, known  # noqa: F401

URL = reverse("unit-evaluation")


@pytest.mark.parametrize("username", ["office", "director", "lead-caijing", "admin"])
def test_staff_read_the_ranking(known, username):  # noqa: F811
    response = client_for(username).get(URL, {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "区教育局" in html and "区民政局" in html and str(EDU_SCORE) in html
    # 区教育局 is first: the higher score.
    assert html.index("区教育局") < html.index("区民政局")


@pytest.mark.parametrize("username", ["deputy-demo", "unit-demo"])
def test_deputies_and_units_are_refused(baiyun, username):
    assert client_for(username).get(URL).status_code in (403, 302)


def test_each_number_opens_the_suggestions_it_counts(known, office_client):  # noqa: F811
    html = office_client.get(URL, {"year": YEAR}).content.decode()
    ranking = {r["unit"]: r for r in scoring.compute(known.made[1].body, YEAR)}
    links = re.findall(r'<tr data-unit="(\d+)" id="unit-\d+">(.*?)</tr>', html, re.S)
    assert len(links) == 2
    checked = 0
    for unit_id, row in links:
        cell = (r'data-component="(\w+)"><a href="([^"]+)" class="count">(\d+)</a>/'
                r'<a href="([^"]+)" class="base">(\d+)')
        for key, count_url, count, base_url, base in re.findall(cell, row):
            listed = office_client.get(unescape(count_url)).content.decode()
            assert int(count) == ranking[int(unit_id)]["components"][key]["count"]
            # The list page says how many rows it found.
            assert f"共 {count} 件" in listed, (key, count_url)
            listed = office_client.get(unescape(base_url)).content.decode()
            assert f"共 {base} 件" in listed, (key, base_url)
            checked += 1
    assert checked >= 12


def test_office_freezes_the_year_and_weights_no_longer_move_it(known, office_client, baiyun):  # noqa: F811
    assert "ranking-freeze" in office_client.get(URL, {"year": YEAR}).content.decode()
    assert "ranking-freeze" not in client_for("director").get(URL, {"year": YEAR}).content.decode()
    assert client_for("director").post(reverse("unit-evaluation-freeze"), {"year": YEAR}).status_code == 403
    response = office_client.post(reverse("unit-evaluation-freeze"), {"year": YEAR})
    assert response.status_code == 302
    assert UnitEvaluation.objects.filter(body=baiyun, year=YEAR).count() == 2
    rules = rules_for(baiyun)
    rules.weight_satisfaction = 0
    rules.save()
    html = office_client.get(URL, {"year": YEAR}).content.decode()
    assert "已定稿" in html and str(EDU_SCORE) in html and "ranking-freeze" not in html


def test_the_rules_page_edits_the_weights_with_their_sources(baiyun):
    admin = client_for("admin")
    html = admin.get(reverse("body-rules")).content.decode()
    assert "建议办理工作评价" in html and "权重：答复前沟通联系" in html and "100%沟通联系" in html
    form = {}
    from core.views.rules import RulesForm

    rules = rules_for(baiyun)
    for name in RulesForm.Meta.fields:
        form[name] = getattr(rules, name)
    form["weight_ab_share"] = 30
    assert admin.post(reverse("body-rules"), form).status_code == 302
    assert rules_for(baiyun).weight_ab_share == 30
    for name in ("weight_sign_on_time", "weight_contact", "weight_in_person", "weight_reply_on_time",
                 "weight_ab_share", "weight_satisfaction", "weight_rehandling", "weight_extensions",
                 "weight_special_report"):
        form[name] = 0
    response = admin.post(reverse("body-rules"), form)
    assert response.status_code == 200 and "各项权重不能全部为 0" in response.content.decode()
    assert rules_for(baiyun).weight_ab_share == 30


def test_the_workbook_and_the_word_file(known, office_client):  # noqa: F811
    response = office_client.get(URL, {"year": YEAR, "export": "xlsx"})
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    ws = wb["评价结果"]
    assert ws.cell(1, 1).value.endswith(f"{YEAR}年度代表建议办理工作评价结果")
    assert [ws.cell(3, c).value for c in range(1, 5)] == ["名次", "承办单位", "按时签收", "答复前沟通联系"]
    assert ws.cell(3, 12).value == "得分"
    assert ws.cell(4, 2).value == "区教育局" and ws.cell(4, 12).value == EDU_SCORE
    assert ws.cell(4, 3).value == "2/4（50.0%）" and ws.cell(4, 2).font.name == "宋体"
    assert ws.cell(1, 1).font.name == "黑体"
    assert "100%沟通联系" in wb["评价规则"].cell(3, 4).value

    response = office_client.get(URL, {"year": YEAR, "export": "docx"})
    doc = Document(io.BytesIO(response.content))
    title = doc.paragraphs[0]
    assert title.text.endswith(f"{YEAR}年度代表建议办理工作评价结果")
    from docx.oxml.ns import qn

    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    assert doc.paragraphs[1].runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells[:3]] == ["名次", "承办单位", "得分"]
    assert table.rows[1].cells[1].text == "区教育局" and table.rows[1].cells[2].text == str(EDU_SCORE)
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


def test_the_ranking_page_queries_do_not_grow_with_suggestions(known, baiyun, django_assert_max_num_queries):  # noqa: F811
    from django.contrib.auth import get_user_model

    from core.models import ReportingBody
    from deputies.suggestions import lifecycle

    client = client_for("office")
    client.get(URL, {"year": YEAR})
    with django_assert_max_num_queries(QUERIES):
        assert client.get(URL, {"year": YEAR}).status_code == 200
    office = get_user_model().objects.get(username="office")
    for n, name in enumerate(["区财政局", "区卫生健康局", "区水务局", "区民政局", "区教育局"] * 3):
        s = lifecycle.create_suggestion(baiyun, lifecycle.NewSuggestion(
            title=f"加测建议{n}", raised_on=known.days(100), proposer=known.deputy, year=YEAR, number=900 + n), office)
        unit = ReportingBody.objects.get(body=baiyun, name=name)
        lifecycle.assign(s, assigned_on=known.days(90), lead_unit=unit, by=office)
        lifecycle.add_contact(s, unit, stage="before", way="face", contacted_on=known.days(80), by=office)
    with django_assert_max_num_queries(QUERIES):
        html = client.get(URL, {"year": YEAR}).content.decode()
    assert "区水务局" in html


QUERIES = 20
