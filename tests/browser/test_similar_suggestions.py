"""A deputy drafting on the portal types a title and, without leaving the form, sees the similar earlier
suggestion (the demo's 2021 and 2022 ones on 景泰街道's 长者饭堂) with its unit, class and satisfaction."""

from playwright.sync_api import expect


def test_deputy_drafting_sees_the_similar_earlier_suggestion(demo, live_server, page, login, screenshot):
    login(page, "deputy-demo")
    page.goto(f"{live_server.url}/portal/deputy/suggestions/new/")
    panel = page.locator("#similar-live")
    expect(panel).to_be_hidden()
    page.fill("#id_title", "景泰街道长者饭堂太少，老人就餐不便")
    expect(panel).to_be_visible()
    earlier = panel.locator(".similar-row", has_text="景泰街道老人吃饭难")
    expect(earlier.first).to_be_visible()
    expect(earlier.first).to_contain_text("2022")
    expect(earlier.first).to_contain_text("区民政局")
    screenshot(page, "similar-suggestions-draft")
