"""A deputy on a phone (390×844): drafts a suggestion with a co-signer and submits it; the co-signer
logs in and confirms it, and it goes to the office (待审查). No page scrolls sideways. Screenshots of
the work list, the list, the detail (with a reply to give feedback on), the draft form and the receptions."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
TITLE = "关于在白云湖片区增设公交接驳线路的建议"


def _people():
    from core.models import Body, BodyMembership
    from core.roles import DEPUTY, ensure_roles
    from deputies.models import Station
    from deputies.suggestions import lifecycle
    from reports.demo import demo_body_name
    from tests.isolation_suggestions import assigned, deputies_for, office_user, units_for

    with scopes_disabled():
        body = Body.objects.get(name=demo_body_name())
        deputies = deputies_for(body, 4)
        deputies[0].station = Station.objects.filter(body=body).order_by("pk").first()
        deputies[0].save(update_fields=["station"])
        group = ensure_roles()[DEPUTY]
        for deputy, username in ((deputies[0], "pd-one"), (deputies[1], "pd-two")):
            user = get_user_model().objects.create_user(username, password="renda-demo", first_name=deputy.name)
            user.groups.add(group)
            BodyMembership.objects.create(user=user, body=body)
            deputy.user = user
            deputy.save(update_fields=["user"])
        # A reply waiting for pd-one's feedback, so the work list and the detail show one.
        s = assigned(body, title="关于改善社区停车秩序的建议", number=951)
        office = office_user(body)
        lifecycle.sign_for(s, units_for(body)[0], signed_on=date(2023, 2, 3), by=office)
        lifecycle.reply(s, replied_on=timezone.localdate(), reply_class="B", by=office,
                        text="已将该路段纳入明年停车设施建设计划，先行施划临时停车位 40 个。")
        return deputies, s


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_a_deputy_drafts_and_submits_on_a_phone_and_the_cosigner_confirms(demo, live_server, page, login,
                                                                           screenshot):
    _people()
    page.set_viewport_size(PHONE)
    login(page, "pd-one")
    page.goto(f"{live_server.url}/portal/deputy/")
    expect(page.locator("#todo-feedback")).to_contain_text("关于改善社区停车秩序的建议")
    _no_sideways_scroll(page)
    screenshot(page, "portal-deputy-home")

    page.locator("#todo-feedback a").first.click()
    expect(page.locator("#feedback")).to_contain_text("您对答复的意见")
    expect(page.locator("#replies")).to_contain_text("B类")
    _no_sideways_scroll(page)
    screenshot(page, "portal-deputy-detail-feedback")

    # Write a suggestion with a co-signer chosen in the picker (on a phone the header's links are behind 菜单).
    page.locator("summary.navtoggle").click()
    page.get_by_role("link", name="写建议").first.click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("内容").fill("白云湖片区居民出行不便，建议增设接驳地铁站的公交线路。")
    page.get_by_label("分类").fill("城建环保")
    page.get_by_label("筛选附议代表").fill("测试代表2")
    page.get_by_label("测试代表2").check()
    _no_sideways_scroll(page)
    screenshot(page, "portal-deputy-draft-form")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    expect(page.locator("#suggestion-status")).to_have_text("草稿")
    expect(page.locator("#signers")).to_contain_text("测试代表2")
    questions = []  # what cannot be undone is asked first
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="提交").click()
    assert questions and "提交后不能再修改" in questions[0]
    expect(page.locator("#suggestion-status")).to_have_text("待附议确认")
    expect(page.locator("#signers")).to_contain_text("待确认")
    _no_sideways_scroll(page)
    screenshot(page, "portal-deputy-detail")

    page.get_by_role("link", name="我的建议").first.click()
    expect(page.locator(".pd-list")).to_contain_text(TITLE)
    _no_sideways_scroll(page)
    screenshot(page, "portal-deputy-list")

    # A reception of their own: the station is their own by default; the count goes up.
    page.locator("summary.navtoggle").click()
    page.get_by_role("link", name="进站接待").first.click()
    expect(page.locator("#reception-count")).to_have_text("0")
    page.get_by_role("link", name="登记一次接待").click()
    page.get_by_label("接待选民人次").fill("5")
    page.get_by_label("反映的问题").fill("路灯不亮\n小区停车难")
    _no_sideways_scroll(page)
    screenshot(page, "portal-deputy-reception-form")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("今年您已进站接待 1 次（目标 4 次）")
    expect(page.locator("#reception-list")).to_contain_text("小区停车难")
    _no_sideways_scroll(page)
    screenshot(page, "portal-deputy-receptions")

    # The co-signer logs in on their own phone and confirms.
    page.context.clear_cookies()
    login(page, "pd-two")
    page.goto(f"{live_server.url}/portal/deputy/")
    confirm = page.locator("#todo-confirm")
    expect(confirm).to_contain_text(TITLE)
    confirm.get_by_role("link", name=TITLE).click()
    expect(page.locator("#cosign")).to_contain_text("测试代表1代表邀请您附议")
    _no_sideways_scroll(page)
    screenshot(page, "portal-deputy-cosign")
    page.get_by_role("button", name="确认附议").click()
    expect(page.locator(".messages")).to_contain_text("已报常委会审查")
    expect(page.locator("#suggestion-status")).to_have_text("待审查")

    from deputies.models import Suggestion

    with scopes_disabled():
        assert Suggestion.objects.get(title=TITLE).status == "submitted"


def test_the_demo_deputys_pages_fit_a_phone(demo, live_server, page, login, screenshot):
    """deputy-demo has example suggestions in every state: no page of theirs scrolls sideways."""
    from deputies.models import Signature

    with scopes_disabled():
        ids = list(Signature.objects.filter(deputy__user__username="deputy-demo")
                   .values_list("suggestion_id", flat=True).order_by("suggestion_id"))
    page.set_viewport_size(PHONE)
    login(page, "deputy-demo")
    for path in ("", "suggestions/", "suggestions/?group=closed", "suggestions/new/", "receptions/",
                 "receptions/new/", *(f"suggestions/{pk}/" for pk in ids)):
        answer = page.goto(f"{live_server.url}/portal/deputy/{path}")
        assert answer.status == 200 or path.startswith("suggestions/") and answer.status == 404, path
        _no_sideways_scroll(page)
    page.goto(f"{live_server.url}/portal/deputy/")
    screenshot(page, "portal-deputy-demo-home")
    page.goto(f"{live_server.url}/portal/deputy/suggestions/")
    screenshot(page, "portal-deputy-demo-list")
