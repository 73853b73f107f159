"""The directors' dashboard and the year-end summary in a real browser, with screenshots kept."""

from playwright.sync_api import expect


def test_director_reads_the_2023_dashboard_and_follows_a_number(demo, live_server, page, login, screenshot):
    login(page, "director")
    page.goto(f"{live_server.url}/dashboard/?year=2023")
    expect(page.get_by_role("heading", name="2023 年工作驾驶舱")).to_be_visible()
    evaluations = page.locator("#promise-evaluation")
    expect(evaluations.locator("a.planned")).to_have_text("33")
    expect(page.locator("#promise-inquiry a.planned")).to_have_text("7")
    expect(page.locator("#promise-inspection a.planned")).to_have_text("1")
    screenshot(page, "dashboard-2023-director")
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet held upright
    screenshot(page, "dashboard-2023-tablet")
    page.emulate_media(media="print")
    screenshot(page, "dashboard-2023-print")
    expect(page.locator(".topbar")).to_be_hidden()
    page.emulate_media(media="screen")

    # "逾期事项 N" leads to a list of exactly N items.
    overdue = int(page.locator("a.overdue-count .badge").inner_text())
    page.locator("a.overdue-count").click()
    page.wait_for_url("**/items/?*overdue=true*")
    expect(page.locator(".pagehead .meta")).to_contain_text(f"共 {overdue} 项")


def test_office_reads_the_summary_and_opens_a_count(demo, live_server, page, login, screenshot):
    login(page, "office")
    page.goto(f"{live_server.url}/summary/2023/")
    expect(page.locator("#paragraph")).to_contain_text("全年共召开常委会会议 7 次")
    screenshot(page, "summary-2023-office")
    page.locator("#count-standing_meetings a").click()
    expect(page.get_by_role("heading", name="2023 年 · 常委会会议：7 次")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(7)
    screenshot(page, "summary-2023-standing-meetings")
