"""代表履职积分 in a real browser: the office filters the 2023 overview to one 代表小组, sees the deputies below the
minimum flagged, opens one deputy's year and approves a waiting declaration; screenshots kept."""

from playwright.sync_api import expect


def test_office_reads_the_2023_duty_overview(demo, live_server, page, login, screenshot):
    login(page, "office")
    page.goto(f"{live_server.url}/deputies/duty/?year=2023")
    expect(page.get_by_role("heading", name="代表履职登记与积分")).to_be_visible()
    expect(page.locator("#duty-state")).to_have_text("未定稿")
    screenshot(page, "duty-overview-2023")
    group = page.locator("#duty-group option").nth(1).inner_text()
    page.select_option("#duty-group", label=group)
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**group=*")
    rows = page.locator("#duty-table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() < 40
    screenshot(page, "duty-overview-2023-group")
    rows.first.locator("a").click()
    expect(page.locator("#duty-summary")).to_contain_text("参加活动")
    expect(page.locator("#duty-docx")).to_be_visible()
    screenshot(page, "duty-deputy-2023")
    page.goto(f"{live_server.url}/deputies/duty/declared/?status=submitted")
    page.locator("#declared-list tbody a").first.click()
    page.get_by_label("认定").check()
    page.locator("#declared-submit").click()
    expect(page.locator("#declared-status")).to_have_text("已认定")
    screenshot(page, "duty-declared-approved")
