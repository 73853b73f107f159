"""The office records a review opinion for a 13th meeting item; 社会建设工委's lead records the response."""

import re
from datetime import date

from django_scopes import scopes_disabled
from playwright.sync_api import expect


def _item_for(committee_short_name):
    from meetings.models import AgendaItem

    with scopes_disabled():
        return AgendaItem.objects.filter(
            meeting__body__name__contains="白云", meeting__year=2023, meeting__number=13, meeting__kind="standing",
            committees__short_name=committee_short_name,
        ).order_by("order").first()


def test_office_records_an_opinion_and_the_committee_lead_responds(demo, live_server, page, login, screenshot):
    item = _item_for("社会建设工委")
    assert item is not None
    login(page, "office")
    page.goto(f"{live_server.url}/supervision/opinions/new/{item.pk}/")
    page.get_by_label("审议意见").fill("一、进一步加强技能人才培养。二、完善激励机制。")
    page.get_by_label("送交日期").fill("2023-06-01")
    screenshot(page, "opinion-create-office")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("反馈期限 2023年8月1日")
    expect(page.locator("#opinion-state")).to_contain_text("逾期未反馈")  # 2023-08-01 has long passed
    opinion_url = page.url

    page.goto(f"{live_server.url}/supervision/opinions/?year=2023&overdue=true")
    opinion_id = re.search(r"/opinions/(\d+)/", opinion_url).group(1)
    row = page.locator(f"#opinion-{opinion_id}")
    expect(row).to_contain_text("逾期未反馈")
    screenshot(page, "opinion-list-overdue")

    # The responsible committee's lead records the response and the assessment.
    page.context.clear_cookies()
    login(page, "lead-shehui")
    page.goto(opinion_url)
    page.get_by_label("反馈日期").fill("2023-07-25")
    page.get_by_label("工委评价").select_option("basic")
    page.get_by_label("评价说明").fill("基本落实，培训经费仍需保障")
    page.get_by_label("据此建立整改记录").check()
    page.get_by_role("button", name="保存反馈情况").click()
    expect(page.locator(".messages")).to_contain_text("已建立整改记录")
    expect(page.locator("#opinion-state")).to_contain_text("已反馈 · 基本满意")
    screenshot(page, "opinion-detail-responded")

    page.goto(f"{live_server.url}/supervision/opinions/?year=2023")
    row = page.locator(f"#opinion-{opinion_id}")
    expect(row).to_contain_text("2023-07-25")
    expect(row).not_to_contain_text("逾期")
    expect(row).not_to_have_class("overdue")

    # Another committee's lead reads, with the reason instead of the form.
    page.context.clear_cookies()
    login(page, "lead-caijing")
    page.goto(opinion_url)
    expect(page.locator("#response")).to_contain_text("您所在的委员会不能登记")
    expect(page.locator("#response form")).to_have_count(0)
    with scopes_disabled():
        from supervision.models import ReviewOpinion

        opinion = ReviewOpinion.objects.get(pk=opinion_id)
        assert opinion.response_on == date(2023, 7, 25) and opinion.rectifications.count() == 1


def test_follow_up_page_and_livelihood_screens(demo, live_server, page, login, screenshot):
    from plans.models import PlanItem

    with scopes_disabled():
        follow_up = PlanItem.objects.get(body__name__contains="白云", year=2023, form="follow_up")
    login(page, "director")
    page.goto(f"{live_server.url}/supervision/follow-up/{follow_up.pk}/")
    expect(page.locator("#followed tbody tr")).to_have_count(16)
    expect(page.locator("#followed")).to_contain_text("逾期未反馈")
    screenshot(page, "followup-director")
    page.goto(f"{live_server.url}/supervision/livelihood/?year=2023")
    expect(page.locator("table.table tbody tr")).to_have_count(10)
    screenshot(page, "livelihood-list")
    page.goto(f"{live_server.url}/supervision/rectifications/")
    screenshot(page, "rectification-list")
    page.goto(f"{live_server.url}/supervision/inspections/")
    screenshot(page, "inspection-list")
