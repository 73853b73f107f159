"""Issue 21 point 11: on a phone the header and navigation are one compact line, the links behind a 菜单 button.

At 390×844 the header took 350 px of every page. Now the header and the section's own pages take at most 120 px;
the 菜单 button (a <details> summary, so it works without JavaScript) opens the navigation over the page and says
whether it is open (aria-expanded).
"""

from django.urls import reverse
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
MOST = 120  # px of a 844 px screen


def header_height(page) -> float:
    """Where the header and the section's page list end."""
    return page.evaluate("""() => Math.max(...['header.topbar', 'nav.subnav']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => e.getBoundingClientRect().bottom))""")


def test_office_header_on_a_phone(demo, live_server, page, login, screenshot):
    login(page, "office")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/meetings/")
    toggle = page.locator("summary.navtoggle")
    expect(toggle).to_be_visible()
    expect(page.locator("nav.subnav")).to_be_visible()  # 会议日历 · 会议列表 stay on screen
    assert header_height(page) <= MOST, header_height(page)
    screenshot(page, "phone-header-office")

    mainnav = page.get_by_role("navigation", name="主导航")
    expect(mainnav).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(mainnav.get_by_role("link", name="监督")).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    screenshot(page, "phone-menu-office")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(mainnav).to_be_hidden()

    toggle.click()
    with page.expect_navigation():
        mainnav.get_by_role("link", name="监督").click()
    assert page.url.endswith(reverse("evaluation-list"))  # 监督's first page
    assert header_height(page) <= MOST

    # On a wide screen the navigation is simply there, without the button.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(mainnav.get_by_role("link", name="会议")).to_be_visible()


def test_deputy_portal_header_on_a_phone_without_javascript(demo, live_server, browser, screenshot):
    """The menu is a <details>: it opens and closes with scripts off too."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill('input[name="username"]', "deputy-demo")
        page.fill('input[name="password"]', "renda-demo")
        with page.expect_navigation():
            page.click('button[type="submit"]')
        page.goto(f"{live_server.url}/portal/deputy/")
        assert header_height(page) <= MOST, header_height(page)
        screenshot(page, "phone-header-deputy")

        mainnav = page.get_by_role("navigation", name="主导航")
        expect(mainnav).to_be_hidden()
        page.get_by_text("菜单").click()
        expect(mainnav.get_by_role("link", name="我的建议")).to_be_visible()
        screenshot(page, "phone-menu-deputy")
        with page.expect_navigation():
            mainnav.get_by_role("link", name="我的建议").click()
        assert page.url.endswith(reverse("portal-deputy-suggestions"))
        assert header_height(page) <= MOST
    finally:
        context.close()
