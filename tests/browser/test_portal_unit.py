"""A handling unit's contact works from their own account: the workbench shows a suggestion to sign
for; they sign for it, record a contact with the deputy, ask for an extension and reply with class B
and a letter — every step on the timeline. Screenshots: workbench, list and suggestion (desktop), and
the suggestion on a phone."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from supervision.opinions import add_months


def _world():
    from core.models import Body
    from reports.demo import demo_body_name
    from tests.isolation_suggestions import units_for
    from tests.portal_unit_builders import assigned_to, unit_user

    with scopes_disabled():
        body = Body.objects.get(name=demo_body_name())
        units = units_for(body)
        user = unit_user(body, units[0], "unit-browser", name="王经办")
        s = assigned_to(body, units[0], units[1:2], title="关于在白云湖片区增设社区长者饭堂的建议", cosigners=2,
                        number=902)
        return s, units, user


def test_a_unit_signs_for_contacts_asks_an_extension_and_replies(demo, live_server, page, login, screenshot, tmp_path):
    s, units, user = _world()
    today = timezone.localdate()
    login(page, user.username)
    expect(page).to_have_url(f"{live_server.url}/portal/unit/")
    expect(page.locator("h1")).to_contain_text(f"{units[0].name} · 工作台")
    to_sign = page.locator("#to-sign")
    expect(to_sign).to_contain_text(s.title)
    expect(to_sign).to_contain_text(f"签收期限 {today + timedelta(days=3):%Y-%m-%d}")
    screenshot(page, "portal-unit-home")

    page.locator(".portalnav").get_by_role("link", name="交办建议").click()
    card = page.locator(f"#suggestion-{s.pk}")
    expect(card).to_contain_text("主办")
    expect(card).to_contain_text("未签收")
    screenshot(page, "portal-unit-suggestions")
    card.get_by_role("link").click()

    # Sign for it (签收): the page opens on that step.
    expect(page.locator("#sign-state")).to_contain_text("本单位尚未签收")
    page.locator("#step-sign").get_by_role("button", name="签收本建议").click()
    expect(page.locator(".messages")).to_contain_text("已签收")
    expect(page.locator("#suggestion-status")).to_have_text("办理中")

    # A contact with the deputy before handling.
    page.locator("#step-contact summary").click()
    step = page.locator("#step-contact")
    step.get_by_label("沟通阶段").select_option(label="办前")
    step.get_by_label("沟通方式").select_option(label="当面沟通")
    step.get_by_label("沟通情况").fill("到代表所在社区当面听取意见。")
    step.get_by_role("button", name="保存沟通联系").click()
    expect(page.locator(".messages")).to_contain_text("已登记办前当面沟通")
    expect(page.locator("#contacts")).to_contain_text("到代表所在社区当面听取意见。")

    # An extension request, which the office decides.
    wanted = add_months(today, 4)
    page.locator("#step-extension summary").click()
    step = page.locator("#step-extension")
    step.get_by_label("申请延期至").fill(f"{wanted:%Y-%m-%d}")
    step.get_by_label("延期理由").fill("选址涉及多个部门，需要协调。")
    step.get_by_role("button", name="提交延期申请").click()
    expect(page.locator(".messages")).to_contain_text(f"申请延期至 {wanted:%Y-%m-%d}")
    expect(page.locator("#extensions")).to_contain_text("待审批")
    expect(page.locator("#step-extension")).to_have_count(0)

    # The reply: class B with the letter.
    letter = tmp_path / "答复函.pdf"
    letter.write_bytes(b"%PDF-1.4 reply letter")
    step = page.locator("#step-reply")
    expect(step).to_have_attribute("open", "")
    step.get_by_label("答复类别").select_option("B")
    step.get_by_label("答复内容").fill("长者饭堂已列入明年民生实事计划。")
    step.get_by_label("答复函").set_input_files(str(letter))
    questions = []  # what cannot be undone is asked first
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    step.get_by_role("button", name="提交答复").click()
    assert questions and "不能撤回或修改" in questions[0]
    expect(page.locator(".messages")).to_contain_text("已提交第1轮答复，B类")
    expect(page.locator("#suggestion-status")).to_have_text("已答复待反馈")
    rounds = page.locator("#rounds")
    expect(rounds).to_contain_text("B类（正在解决或列入计划）")
    expect(rounds.get_by_role("link", name="下载答复函")).to_be_visible()
    timeline = page.locator("#timeline")
    for kind in ("交办", "签收", "沟通联系", "申请延期", "答复"):
        expect(timeline).to_contain_text(kind)
    expect(timeline).not_to_contain_text("办公室演示账号")
    screenshot(page, "portal-unit-suggestion")

    with scopes_disabled():
        from deputies.models import Reply

        reply = Reply.objects.get(suggestion=s)
        assert reply.reply_class == "B" and reply.document and reply.created_by_id == user.pk

    # The same page on a phone: no sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the page is {wide}px wide on a 390px phone"
    screenshot(page, "portal-unit-suggestion-phone")
    page.goto(f"{live_server.url}/portal/unit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "portal-unit-home-phone")
