"""Adjusting an adopted plan: a move sets the item's whole timing with the item form's fields and rules, records the
timing before and after in full, and names the deciding meeting chosen from the body's meetings of the year."""

import re

import pytest
from django.urls import reverse

from meetings.models import Meeting
from plans.models import AnnualPlan, ItemEdit, PlanAdjustment, PlanKind
from tests.conftest import client_for


@pytest.fixture
def plan(baiyun):
    return AnnualPlan.objects.get(body=baiyun, year=2023, kind=PlanKind.SUPERVISION)


@pytest.fixture
def item(plan):
    """An item of the adopted supervision plan, planned over 4-8月 with a note."""
    item = plan.entries.filter(item__status="not_started").order_by("order").first().item
    item.timing_kind, item.start_month, item.end_month, item.quarter = "range", 4, 8, None
    item.timing_note = "视调研进度而定"
    item.save()
    return item


def _meeting(baiyun, kind, number):
    return Meeting.objects.get(body=baiyun, kind=kind, number=number)


@pytest.fixture
def office(baiyun):
    return client_for("office")


def _adjust(client, plan, **data):
    return client.post(reverse("plan-adjust", kwargs={"pk": plan.pk}), {"reason": "区政府申请延后", **data})


def test_a_move_sets_the_whole_timing_records_it_in_full_and_names_the_meeting(office, baiyun, plan, item):
    meeting = _meeting(baiyun, "standing", 16)
    response = _adjust(office, plan, kind="move", item=item.pk, timing_kind="range", start_month=10, end_month=11,
                       timing_note="", decided_meeting=meeting.pk)
    assert response.status_code == 302

    item.refresh_from_db()
    assert (item.timing_kind, item.start_month, item.end_month, item.timing_note) == ("range", 10, 11, "")
    adjustment = PlanAdjustment.objects.get(plan=plan, item=item)
    assert adjustment.change_display == "4-8月（视调研进度而定） → 10-11月"
    assert adjustment.timing_before == {"timing_kind": "range", "start_month": 4, "end_month": 8, "quarter": None,
                                        "timing_note": "视调研进度而定"}
    assert adjustment.timing_after == {"timing_kind": "range", "start_month": 10, "end_month": 11, "quarter": None,
                                       "timing_note": ""}
    assert adjustment.decided_meeting == meeting
    assert adjustment.decided_at == "第十七届人大常委会第十六次会议（2023-11-23）"
    assert ItemEdit.objects.get(item=item, note="计划调整：区政府申请延后").changes == {
        "时间": ["4-8月（视调研进度而定）", "10-11月"]}

    page = office.get(response.url, follow=True).content.decode()
    assert "调整已记录：4-8月（视调研进度而定） → 10-11月。" in page
    adjustments = page[page.index('id="adjustments"'):]
    assert "10-11月" in adjustments and "第十七届人大常委会第十六次会议（2023-11-23）" in adjustments


@pytest.mark.parametrize("timing, field, message", [
    ({"timing_kind": "range", "start_month": 11, "end_month": 10}, "截止月份", "截止月份应晚于起始月份。"),
    ({"timing_kind": "range", "start_month": 10}, "截止月份", "请选择截止月份。"),
    ({"timing_kind": "deadline"}, "截止月份", "请选择须在哪个月底前完成。"),
    ({"timing_kind": "quarter"}, "季度", "请选择季度。"),
    ({"timing_kind": "month", "start_month": 13}, "起始月份", "选择一个有效的选项。"),
    ({"timing_kind": "range", "start_month": 4, "end_month": 8, "timing_note": "视调研进度而定"}, "时间类型",
     "调整后的时间与现在相同（4-8月（视调研进度而定）），请修改时间，或改选“取消事项”。"),
])
def test_a_move_follows_the_item_forms_timing_rules_and_a_refusal_changes_nothing(
    office, plan, item, timing, field, message
):
    response = _adjust(office, plan, kind="move", item=item.pk, **timing)
    assert response.status_code == 200
    assert f"{field}：{message}" in response.content.decode()
    item.refresh_from_db()
    assert item.timing.label() == "4-8月"
    assert not PlanAdjustment.objects.filter(item=item).exists()


def test_each_timing_kind_keeps_only_its_own_fields(office, plan, item):
    """A quarter chosen with leftover months keeps the quarter only, as the item form does."""
    _adjust(office, plan, kind="move", item=item.pk, timing_kind="quarter", start_month=4, end_month=8, quarter=4,
            timing_note="视调研进度而定")
    item.refresh_from_db()
    assert (item.timing_kind, item.start_month, item.end_month, item.quarter) == ("quarter", None, None, 4)
    assert PlanAdjustment.objects.get(item=item).after == "第四季度（视调研进度而定）"


def test_the_deciding_meeting_is_one_of_the_years_meetings_listed_by_date(office, baiyun, plan, item, second_body):
    page = office.get(reverse("plan-adjust", kwargs={"pk": plan.pk})).content.decode()
    select = page[page.index('name="decided_meeting"'):]
    select = select[:select.index("</select>")]
    listed = re.findall(r"<option value=\"\d+\">([^<]+)</option>", select)
    assert listed[:3] == [
        "第十七届人大常委会第十七次主任会议（2023-03-17）",
        "第十七届人大常委会第十二次会议（2023-03-30）",
        "第十七届人大常委会第十三次会议（2023-05-25）",
    ]
    assert len(listed) == Meeting.objects.filter(body=baiyun, year=2023).exclude(status="cancelled").count()

    other_body = Meeting.objects.filter(body=second_body).first()
    other_year = Meeting.objects.filter(body=baiyun).exclude(year=2023).first()
    for meeting in (other_body, other_year):
        if meeting is None:
            continue
        response = _adjust(office, plan, kind="drop", item=item.pk, decided_meeting=meeting.pk)
        assert "决定会议：所选的决定会议不在本年度的会议中。" in response.content.decode()
    assert not PlanAdjustment.objects.filter(item=item).exists()


def test_a_decision_is_a_meeting_or_words_not_both(office, baiyun, plan, item):
    meeting = _meeting(baiyun, "chairpersons", 17)
    response = _adjust(office, plan, kind="drop", item=item.pk, decided_meeting=meeting.pk, decided_at="书面征求意见")
    assert "其他决定方式：已选择决定会议，请不要再填写其他决定方式（二者选其一）。" in response.content.decode()
    assert not PlanAdjustment.objects.filter(item=item).exists()

    _adjust(office, plan, kind="drop", item=item.pk, decided_at="书面征求主任会议成员意见")
    adjustment = PlanAdjustment.objects.get(item=item)
    assert (adjustment.decided_meeting, adjustment.decided_at) == (None, "书面征求主任会议成员意见")
    item.refresh_from_db()
    assert item.status == "cancelled"
    page = office.get(reverse("plan-detail", kwargs={"pk": plan.pk})).content.decode()
    assert "书面征求主任会议成员意见" in page


def test_an_item_already_heard_cannot_be_dropped_and_the_page_says_why(office, plan):
    heard = plan.entries.filter(item__status="reviewed").first().item
    response = _adjust(office, plan, kind="drop", item=heard.pk)
    assert response.status_code == 200
    assert "事项：不能从“已审议”改为“已取消”；可改为：跟踪落实中、已完成。" in response.content.decode()
    assert not PlanAdjustment.objects.filter(item=heard).exists()


def test_the_page_starts_from_the_items_present_timing(office, plan, item, django_assert_max_num_queries):
    assert plan.entries.count() == 40
    with django_assert_max_num_queries(20):  # no query per item or per meeting
        page = office.get(reverse("plan-adjust", kwargs={"pk": plan.pk}) + f"?item={item.pk}")
    text = page.content.decode()
    assert "现在的时间：4-8月（视调研进度而定）" in text
    assert re.search(r'<option value="range" selected>月份区间</option>', text)
    assert 'value="视调研进度而定"' in text
    # The other items' timing, for the page's script to fill in when another item is chosen.
    assert f'"{item.pk}": {{"timing_kind": "range", "start_month": 4, "end_month": 8' in text


def test_a_year_with_months_is_saved_as_the_whole_year_with_a_warning(office, plan, item):
    response = _adjust(office, plan, kind="move", item=item.pk, timing_kind="year", start_month=4, end_month=8)
    page = office.get(response.url).content.decode()
    assert "时间类型为“全年”，所填的4月、8月不会保存" in page
    item.refresh_from_db()
    assert (item.timing_kind, item.start_month, item.end_month) == ("year", None, None)


def test_an_item_added_to_an_adopted_plan_names_its_deciding_meeting(office, baiyun, plan):
    meeting = _meeting(baiyun, "chairpersons", 17)
    response = client_for("office").post(reverse("item-create", kwargs={"plan_pk": plan.pk}), {
        "title": "听取区政府关于防汛工作情况的报告", "form": "special_report", "timing_kind": "month", "start_month": 6,
        "reason": "根据区政府的提请", "decided_meeting": meeting.pk,
    })
    assert response.status_code == 302
    adjustment = PlanAdjustment.objects.get(plan=plan, kind="add")
    assert adjustment.decided_meeting == meeting and adjustment.reason == "根据区政府的提请"
    assert adjustment.decided_at == "第十七届人大常委会第十七次主任会议（2023-03-17）"

