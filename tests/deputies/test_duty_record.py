"""代表履职登记与积分: the points of a hand-built year for three deputies equal a count by hand (approved
declarations count, returned and pending ones do not; 请假 costs nothing, 缺席 is deducted); changing the rule
moves the current year and not a frozen one; the office's pages, the portal, the API and the exports show it."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from core.models import ReportingBody, Term
from core.rules import rules_for
from deputies.duty import record, workflow
from deputies.models import (
    CongressSession,
    DeclaredActivity,
    Deputy,
    DutyYearResult,
    MeetingAttendance,
    Reception,
    SessionAttendance,
    Station,
    Training,
)
from deputies.models.suggestions import SuggestionStatus
from deputies.suggestions import lifecycle
from meetings.models import Meeting, MeetingKind
from supervision.models import Inspection
from tests.conftest import client_for

YEAR = 2002  # a year no demo row uses
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _declare(body, deputy, kind, title, status, office):
    a = DeclaredActivity(body=body, deputy=deputy, kind=kind, held_on=date(YEAR, 6, 1), title=title, text="情况",
                         proof=SimpleUploadedFile("proof.pdf", PDF))
    workflow.declare(a, None)
    if status == "approved":
        workflow.approve(a, office)
    elif status == "returned":
        workflow.return_(a, "缺少签到表", office)
    return a


class Year:
    """Three deputies of YEAR.

    甲: 人代会出席; 列席 M1 出席, M2 缺席; 执法检查 1; 进站接待 2; 培训 1 (office) + declared 培训 pending (no);
        declared 主题活动 approved, 向选民述职 approved, 其他 returned (no); proposes S1 (accepted, replied 5-01,
        feedback 5-20: on time) → 10+5+5+10+3+3+10+5+1−5 = 47, activities 8
    乙: 人代会请假; co-signs S1; 进站接待 1; declared 其他 approved → 5+2+2 = 9, activities 2 (< 4)
    丙: 人代会缺席; proposes S2, a draft (no) → −5, activities 0
    """

    def __init__(self, body, office):
        term = Term.objects.filter(body=body).first()
        self.a, self.b, self.c = (Deputy.objects.create(body=body, name=n, gender="male", group="积分测试组")
                                  for n in ("积分甲", "积分乙", "积分丙"))
        session = CongressSession.objects.create(body=body, term=term, number=95, name="积分测试人代会",
                                                 start_on=date(YEAR, 1, 10))
        for d, st in ((self.a, "present"), (self.b, "leave"), (self.c, "absent")):
            SessionAttendance.objects.create(body=body, session=session, deputy=d, status=st)
        m1, m2 = (Meeting.objects.create(body=body, term=term, kind=MeetingKind.STANDING, number=90 + i, year=YEAR,
                                         date=date(YEAR, 3 + i, 1), status=Meeting.Status.HELD) for i in (1, 2))
        MeetingAttendance.objects.create(body=body, meeting=m1, deputy=self.a)
        MeetingAttendance.objects.create(body=body, meeting=m2, deputy=self.a, status="absent")
        inspection = Inspection.objects.create(body=body, year=YEAR, title="积分测试执法检查", laws="某法")
        inspection.deputies.set([self.a])
        station = Station.objects.filter(body=body).first()
        for day, who in ((2, [self.a, self.b]), (3, [self.a])):
            r = Reception.objects.create(station=station, held_on=date(YEAR, 4, day), voters=3)
            r.deputies.set(who)
        t = Training.objects.create(body=body, title="积分测试培训", held_on=date(YEAR, 7, 1))
        t.participants.set([self.a])
        _declare(body, self.a, "training", "待审核的培训", "submitted", office)
        _declare(body, self.a, "theme", "主题活动", "approved", office)
        _declare(body, self.a, "voters_report", "向选民述职", "approved", office)
        self.returned = _declare(body, self.a, "other", "被退回的", "returned", office)
        _declare(body, self.b, "other", "其他履职", "approved", office)
        s1 = lifecycle.create_suggestion(body, lifecycle.NewSuggestion(
            title="积分测试建议", raised_on=date(YEAR, 1, 12), proposer=self.a, year=YEAR, number=901,
            cosigners=(self.b,)), office)
        unit = ReportingBody.objects.filter(body=body).first()
        s1 = lifecycle.assign(s1, assigned_on=date(YEAR, 2, 1), lead_unit=unit, by=office)
        lifecycle.reply(s1, replied_on=date(YEAR, 5, 1), reply_class="A", by=office)
        lifecycle.give_feedback(s1, result="satisfied", given_on=date(YEAR, 5, 20), by=office)
        lifecycle.create_suggestion(body, lifecycle.NewSuggestion(
            title="积分测试草稿", raised_on=date(YEAR, 1, 12), proposer=self.c, year=YEAR, number=902), office,
            status=SuggestionStatus.DRAFT)

    def rows(self, body, **kwargs):
        ids = {self.a.pk: "a", self.b.pk: "b", self.c.pk: "c"}
        rows, _ = record.result(body, YEAR, deputies=Deputy.objects.filter(pk__in=ids), **kwargs)
        return {ids[r["deputy"]]: r for r in rows}


@pytest.fixture
def year(baiyun, django_user_model):
    return Year(baiyun, django_user_model.objects.get(username="office"))


def test_points_equal_a_count_by_hand(baiyun, year):
    rows = year.rows(baiyun)
    a, b, c = rows["a"], rows["b"], rows["c"]
    assert {k: v for k, v in a["counts"].items() if v} == {
        "congress": 1, "standing": 1, "inspection": 1, "reception": 2, "training": 1, "theme": 1,
        "voters_report": 1, "proposed": 1, "feedback": 1, "absent": 1}
    assert (a["activities"], a["points"], a["below_minimum"]) == (8, 47.0, False)
    assert {k: v for k, v in b["counts"].items() if v} == {"reception": 1, "other": 1, "cosigned": 1, "leave": 1}
    assert (b["activities"], b["points"], b["below_minimum"]) == (2, 9.0, True)
    assert (c["activities"], c["points"], c["below_minimum"]) == (0, -5.0, True)
    # The returned declaration, changed and approved, counts then.
    workflow.resubmit(year.returned, None)
    workflow.approve(year.returned, None)
    assert year.rows(baiyun)["a"]["points"] == 49.0


def test_a_feedback_given_late_does_not_count(baiyun, year):
    rules = rules_for(baiyun)
    rules.duty_feedback_days = 10  # the feedback came 19 days after the reply
    rules.save()
    assert year.rows(baiyun)["a"]["counts"]["feedback"] == 0


def test_the_rule_changes_the_live_year_and_not_a_frozen_one(baiyun, year, django_user_model):
    record.freeze(baiyun, YEAR, django_user_model.objects.get(username="office"))
    with pytest.raises(record.FreezeError):
        record.freeze(baiyun, YEAR, None)
    rules = rules_for(baiyun)
    rules.duty_points_reception, rules.duty_min_activities = 20, 2
    rules.save()
    frozen = year.rows(baiyun)
    assert frozen["a"]["points"] == 47.0 and frozen["b"]["below_minimum"] is True
    live = {r["deputy"]: r for r in record.duty_record(baiyun, YEAR, deputies=[year.a, year.b])}
    assert live[year.a.pk]["points"] == 47.0 + 2 * 15 and live[year.b.pk]["below_minimum"] is False
    # The page of the current (unfrozen) year uses the new rule; the frozen year's page shows what was frozen.
    office = client_for("office")
    page = office.get(reverse("duty-overview"), {"year": YEAR, "group": "积分测试组"}).content.decode()
    assert 'id="duty-state">已定稿' in page and "<strong>47</strong>" in page
    assert DutyYearResult.objects.filter(body=baiyun, year=YEAR).count() >= 3


def test_the_rules_page_changes_the_points(baiyun, year):
    admin = client_for("admin")
    page = admin.get(reverse("body-rules")).content.decode()
    assert "代表履职积分" in page and "参照各地代表履职积分办法的常见做法" in page and "不少于 4 次" in page
    from core.views.rules import RulesForm
    from tests.conftest import client_for as _c  # noqa: F401

    form = RulesForm(instance=rules_for(baiyun))
    data = {name: form.initial.get(name) for name in RulesForm.Meta.fields}
    data["duty_points_inspection"] = 9
    response = admin.post(reverse("body-rules"), data, follow=True)
    assert "代表履职积分" in response.content.decode()
    assert rules_for(baiyun).duty_points_inspection == 9
    assert year.rows(baiyun)["a"]["points"] == 47.0 + 4


def test_the_overview_filters_flags_and_exports(baiyun, year):
    office = client_for("office")
    page = office.get(reverse("duty-overview"), {"year": YEAR, "group": "积分测试组"}).content.decode()
    assert f'id="duty-{year.a.pk}"' in page and f'id="duty-{year.b.pk}" class="flagged"' in page
    assert 'id="duty-below-count">2 名低于每年 4 次' in page
    only_below = office.get(reverse("duty-overview"), {"year": YEAR, "group": "积分测试组", "below": "true"})
    assert f'id="duty-{year.a.pk}"' not in only_below.content.decode()
    response = office.get(reverse("duty-overview"), {"year": YEAR, "group": "积分测试组", "export": "xlsx"})
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb["履职积分"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[1]
    by_name = {row[1]: dict(zip(header, row)) for row in values[2:]}
    assert by_name["积分甲"]["积分"] == 47 and by_name["积分乙"]["低于最低次数"] == "是"
    assert "参照各地代表履职积分办法的常见做法" in str([[c.value for c in r] for r in wb["积分规则"].iter_rows()])


def test_the_word_report_of_a_deputy(baiyun, year):
    response = client_for("office").get(reverse("duty-deputy", args=[year.a.pk]), {"year": YEAR, "export": "docx"})
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.startswith("积分甲代表2002年度履职情况报告")
    assert "全年参加活动8次" in text and "履职积分47分" in text and "积分测试执法检查" in text
    assert "被退回的" not in text and "待审核的培训" not in text
    table = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert table[-1] == ["合计", "", "", "47"]
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


def test_page_queries_do_not_grow_with_deputies(baiyun, year, django_assert_max_num_queries):
    office = client_for("office")
    url = reverse("duty-overview")
    office.get(url, {"year": YEAR})
    with django_assert_max_num_queries(30):
        few = office.get(url, {"year": YEAR, "group": "积分测试组"})
    with django_assert_max_num_queries(30):
        every = office.get(url, {"year": YEAR})
    assert few.status_code == every.status_code == 200
    assert every.content.decode().count('<tr id="duty-') > 50
