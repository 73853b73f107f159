"""The office's side of online suggestions in a real browser: deputies' accounts created in bulk and
handed out, a deputy's first log-in through the one-time link (on a phone), the office's check of a
submitted suggestion, marking it public, and the public pages without log-in."""

from django.urls import NoReverseMatch, reverse
from django_scopes import scopes_disabled
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
NEW_PASSWORD = "Baiyun-hu-2024"


def _setup():
    from core.models import Body
    from deputies.suggestions import online
    from reports.demo import demo_body_name
    from tests.isolation_suggestions import deputies_for

    with scopes_disabled():
        body = Body.objects.get(name=demo_body_name())
        people = deputies_for(body, 3)
        s = online.save_draft(body, people[0], title="关于在白云湖周边增设夜间公交线路的建议",
                              content="白云湖周边夜间客流较大，末班车过早。建议增设夜间线路并延长末班时间。",
                              category="城建环保", cosigners=[], by=None)
        s = online.submit(s, by=None)
        return body, people, s


def test_office_hands_out_accounts_and_checks_an_online_suggestion(demo, live_server, browser, page, login,
                                                                   screenshot):
    body, people, s = _setup()

    # The office creates accounts for the test group's deputies in one go, with one-time links.
    login(page, "office")
    page.goto(f"{live_server.url}/settings/accounts/deputies/?group=测试代表小组&state=none")
    expect(page.locator("tbody tr")).to_have_count(3)
    page.locator("#check-all").check()
    page.get_by_label("一次性链接（本人打开链接自行设置密码）").check()
    page.get_by_role("button", name="为所选代表创建账号").click()
    expect(page.locator("h1")).to_have_text("代表账号发放单")
    expect(page.locator("#handout-once")).to_contain_text("本页只显示这一次")
    expect(page.locator(".handout-card")).to_have_count(3)
    card = page.locator(".handout-card").filter(has_text=people[0].name)
    link = card.locator("[data-link]").inner_text().strip()
    username = card.locator("[data-username]").inner_text().strip()
    assert "/accounts/setup/" in link and username == people[0].code.lower()
    screenshot(page, "office-account-handout")

    # The list now shows the accounts as issued.
    page.goto(f"{live_server.url}/settings/accounts/deputies/?group=测试代表小组")
    expect(page.locator("tbody")).to_contain_text("已发放链接，待设置密码")
    screenshot(page, "office-deputy-accounts")

    # The deputy opens the link on a phone, sets a password and lands in the portal.
    phone = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE)
    deputy = phone.new_page()
    try:
        deputy.goto(link)
        expect(deputy.locator("h1")).to_have_text("设置登录密码")
        expect(deputy.locator("#setup-username")).to_have_text(username)
        screenshot(deputy, "deputy-account-setup-phone")
        deputy.locator('input[name="new_password1"]').fill("12345678")
        deputy.locator('input[name="new_password2"]').fill("12345678")
        deputy.get_by_role("button", name="设置密码并登录").click()
        expect(deputy.locator(".errorlist")).to_be_visible()  # Django's validators, in Chinese
        screenshot(deputy, "deputy-account-setup-refused-phone")
        deputy.locator('input[name="new_password1"]').fill(NEW_PASSWORD)
        deputy.locator('input[name="new_password2"]').fill(NEW_PASSWORD)
        deputy.get_by_role("button", name="设置密码并登录").click()
        deputy.wait_for_url("**/portal/**")
        try:
            home = reverse("portal-deputy-home")
        except NoReverseMatch:
            home = "/portal/"
        assert deputy.url.startswith(f"{live_server.url}{home}")
        assert deputy.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(deputy, "deputy-first-landing-phone")
        # The link is spent.
        deputy.goto(link)
        expect(deputy.locator("h1")).to_have_text("链接已失效")
    finally:
        phone.close()

    # The office accepts the submitted suggestion (立案) from the list's 待审查 filter.
    page.goto(f"{live_server.url}/suggestions/")
    page.locator("#waiting").get_by_role("link", name="待审查").click()
    page.get_by_role("link", name=s.title[:20]).first.click()
    expect(page.locator("#suggestion-status")).to_have_text("待审查")
    expect(page.locator("#check-state")).to_contain_text("等待常委会办公室审查")
    screenshot(page, "office-check-submitted")
    step = page.locator("#step-accept")
    step.get_by_label("分类").fill("城建环保")
    step.get_by_role("button", name="立案").click()
    expect(page.locator("#suggestion-status")).to_have_text("待交办")
    expect(page.locator(".messages")).to_contain_text("已审查立案")

    # And marks it public; the public page shows it without log-in.
    page.locator("#step-publish summary").click()
    page.locator("#step-publish").get_by_label("在公开页面公布该建议").check()
    page.locator("#step-publish").get_by_role("button", name="保存公开设置").click()
    expect(page.locator("#public-state")).to_have_text("已公开")
    screenshot(page, "office-suggestion-published")

    # What waits on the office, and the units' contacts.
    page.goto(f"{live_server.url}/suggestions/requests/")
    expect(page.locator("h1")).to_have_text("待处理事项")
    screenshot(page, "office-suggestion-requests")
    page.goto(f"{live_server.url}/settings/accounts/units/")
    expect(page.locator("#add-contact")).to_be_visible()
    page.locator("#add-contact summary").click()
    screenshot(page, "office-unit-accounts")

    public = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE)
    visitor = public.new_page()
    try:
        visitor.goto(f"{live_server.url}/public/")
        visitor.get_by_role("link", name=body.name).click()
        expect(visitor.locator("#result-count")).to_contain_text("共")
        visitor.locator("#q").fill("夜间公交")
        visitor.get_by_role("button", name="搜索").click()
        expect(visitor.locator(".public-card")).to_have_count(1)
        screenshot(visitor, "public-search-phone")
        visitor.get_by_role("link", name=s.title).click()
        expect(visitor.locator("h1")).to_have_text(s.title)
        expect(visitor.locator("#proposer")).to_have_text(people[0].name)
        assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(visitor, "public-suggestion-phone")
        # A demo suggestion with its public replies.
        visitor.goto(f"{live_server.url}/public/{body.pk}/suggestions/")
        visitor.locator(".public-card").filter(has_text="答复已公开").first.locator("a").click()
        expect(visitor.locator("#replies .public-reply").first).to_be_visible()
        assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(visitor, "public-suggestion-reply-phone")
    finally:
        public.close()
