"""A committee lead keeps their items up to date in a real browser, and is refused elsewhere."""

import re

from django_scopes import scopes_disabled
from playwright.sync_api import expect


def _item(text):
    from plans.models import PlanItem

    with scopes_disabled():
        return PlanItem.objects.get(body__name__contains="白云", title__contains=text)


def test_lead_updates_an_item_of_their_committee_from_their_page(demo, live_server, page, login, screenshot):
    item = _item("2022 年度国有资产管理情况的综合报告")
    login(page, "lead-caijing")
    page.goto(f"{live_server.url}/items/mine/")
    row = page.locator(f"#item-{item.pk}")
    expect(row).to_contain_text("国有资产管理情况的综合报告")
    row.locator('select[name="status"]').select_option(label="跟踪落实中")
    row.locator('input[name="progress"]').fill("60")
    row.locator('input[name="note"]').fill("审议意见已送区政府")
    screenshot(page, "my-items-lead-caijing")
    row.get_by_role("button", name="更新").click()

    expect(page).to_have_url(re.compile(rf"/items/mine/#item-{item.pk}$"))
    expect(page.locator(".messages")).to_contain_text("已更新")
    row = page.locator(f"#item-{item.pk}")
    expect(row.locator(".badge").first).to_have_text("跟踪落实中")
    expect(row).to_contain_text("60%")

    row.get_by_role("link", name=re.compile("国有资产")).click()
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("已审议 → 跟踪落实中")
    expect(timeline).to_contain_text("审议意见已送区政府")
    expect(timeline).to_contain_text("财经工委")  # the demo user's name names the committee
    screenshot(page, "item-timeline")


def test_lead_is_refused_on_another_committees_item_on_the_page_and_the_api(demo, live_server, page, login):
    item = _item("开展养老服务工作")
    login(page, "lead-caijing")
    page.goto(f"{live_server.url}/items/{item.pk}/")
    expect(page.locator("#item-%d" % item.pk)).to_contain_text("该事项由社会建设委员会、社会建设工委负责，您所在的委员会不能修改")
    expect(page.locator('form[action$="/status/"]')).to_have_count(0)

    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/api/v1/plan-items/{item.pk}/status/",
        data={"status": "follow_up", "version": item.version},
        headers={"X-CSRFToken": csrf, "Referer": live_server.url + "/"},
    )
    assert response.status == 403
    assert "社会建设工委负责" in response.json()["detail"]


def test_director_reads_everything_and_changes_nothing(demo, live_server, page, login):
    item = _item("2022 年度国有资产管理情况的综合报告")
    login(page, "director")
    page.goto(f"{live_server.url}/items/{item.pk}/")
    expect(page.locator("h1")).to_contain_text("国有资产管理情况的综合报告")
    expect(page.get_by_text("主任会议成员可以查看所有事项，但不能修改")).to_be_visible()
    expect(page.locator('form[action$="/status/"]')).to_have_count(0)
