"""The office opens 日历订阅 from the meetings' pages, copies its feed link, renews it, and the old link is refused."""

from urllib.parse import urlparse

import pytest
import time_machine
from playwright.sync_api import expect


@pytest.fixture
def on_the_demo_day():
    """The demo's day (make run's DEMO_TODAY): its 2023 meetings are inside the feed's window (the live server
    runs in this process, so its clock moves too)."""
    with time_machine.travel("2023-07-03 09:00 +0800"):
        yield


def test_office_renews_its_calendar_link(demo, on_the_demo_day, live_server, page, login, screenshot):
    login(page, "office")
    page.goto(f"{live_server.url}/meetings/")
    page.get_by_role("navigation", name="本栏目").get_by_role("link", name="日历订阅").click()
    expect(page.get_by_role("heading", name="日历订阅", level=1)).to_be_visible()
    mine = page.locator("#feed-mine")
    old_url = mine.locator("input[id$='-url']").input_value()
    assert mine.locator("input[id$='-webcal']").input_value().startswith("webcal://")
    old_path = urlparse(old_url).path
    assert old_path.startswith("/calendar/") and old_path.endswith(".ics")
    feed = page.request.get(f"{live_server.url}{old_path}")
    assert feed.status == 200 and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VCALENDAR" in feed.text() and "人大常委会第十三次会议" in feed.text()

    mine.get_by_role("button", name="复制网址").click()
    expect(mine.locator("[aria-live]")).not_to_be_empty()  # 已复制, or where the clipboard is refused: Ctrl+C
    screenshot(page, "calendar-subscriptions-office")

    page.once("dialog", lambda dialog: dialog.accept())
    mine.get_by_role("button", name="重新生成链接").click()
    expect(page.locator(".messages")).to_contain_text("旧链接已立即失效")
    mine = page.locator("#feed-mine")
    new_path = urlparse(mine.locator("input[id$='-url']").input_value()).path
    assert new_path != old_path
    expect(page.get_by_role("heading", name="链接重新生成记录")).to_be_visible()
    assert page.request.get(f"{live_server.url}{old_path}").status == 404
    assert page.request.get(f"{live_server.url}{new_path}").status == 200
    screenshot(page, "calendar-subscriptions-renewed")
