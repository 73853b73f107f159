"""The whole online round of issue 7, every step from the party's own account.

A deputy (on a phone) writes a suggestion with a co-signer, who confirms it on their phone; the
office accepts it and assigns it to two units; the co-unit sends its input; the lead unit signs,
asks for an extension that the office approves and replies with class B; the deputy gives 不满意;
the lead unit replies again within the new month and the deputy gives 满意. Each step is on the
timeline, entered by the party's own account, and each party sees only what it should.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from supervision.opinions import add_months

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TITLE = "关于在白云湖片区增设夜间公交线路的建议"


def _parties():
    """Two deputies and two units' contacts with accounts, and a third deputy and unit without any part in it."""
    from core.models import Body, BodyMembership, UnitContact
    from core.roles import DEPUTY, UNIT_CONTACT, ensure_roles
    from reports.demo import demo_body_name
    from tests.isolation_suggestions import deputies_for, units_for

    with scopes_disabled():
        body = Body.objects.get(name=demo_body_name())
        deputies, units, groups = deputies_for(body, 3), units_for(body, 3), ensure_roles()
        User = get_user_model()

        def account(username, group):
            user = User.objects.create_user(username, password="renda-demo", first_name=username)
            user.groups.add(groups[group])
            BodyMembership.objects.create(user=user, body=body)
            return user

        for deputy, username in ((deputies[0], "round-proposer"), (deputies[1], "round-cosigner")):
            deputy.user = account(username, DEPUTY)
            deputy.save(update_fields=["user"])
        for unit, username in ((units[0], "round-lead"), (units[1], "round-co")):
            UnitContact.objects.create(unit=unit, user=account(username, UNIT_CONTACT), name=f"{unit.name}经办人")
        return body, deputies, units


def _as(page, login, username, viewport):
    page.context.clear_cookies()
    page.set_viewport_size(viewport)
    login(page, username)


def _narrow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"


def _open_portal_suggestion(page, base, kind):
    page.goto(f"{base}/portal/{kind}/suggestions/")
    page.get_by_role("link", name=TITLE).first.click()


def test_the_whole_round_from_each_partys_own_account(demo, live_server, page, login, screenshot):
    body, deputies, units = _parties()
    base, today = live_server.url, timezone.localdate()

    # 1. The deputy writes it on a phone, with a co-signer, and submits it.
    _as(page, login, "round-proposer", PHONE)
    page.goto(f"{base}/portal/deputy/suggestions/new/")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("内容").fill("白云湖片区夜间返程无公交，建议开通夜间线路接驳地铁站。")
    page.get_by_label("分类").fill("城建环保")
    page.get_by_label("筛选附议代表").fill(deputies[1].name)
    page.get_by_label(deputies[1].name).check()
    page.get_by_role("button", name="保存草稿").click()
    page.once("dialog", lambda dialog: dialog.accept())  # "不能再修改" / "不能撤回": asked first
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#suggestion-status")).to_have_text("待附议确认")
    _narrow(page)
    screenshot(page, "round-1-deputy-submitted-phone")

    # 2. The co-signer confirms on their phone.
    _as(page, login, "round-cosigner", PHONE)
    page.goto(f"{base}/portal/deputy/")
    page.locator("#todo-confirm").get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="确认附议").click()
    expect(page.locator("#suggestion-status")).to_have_text("待审查")
    _narrow(page)

    # 3. The office accepts it (numbered) and assigns it to a lead unit and a co-unit.
    _as(page, login, "office", DESKTOP)
    page.goto(f"{base}/suggestions/")
    page.locator("#waiting").get_by_role("link", name="待审查").click()
    page.get_by_role("link", name=TITLE[:20]).first.click()
    detail_url = page.url
    page.locator("#step-accept").get_by_role("button", name="立案").click()
    expect(page.locator("#suggestion-status")).to_have_text("待交办")
    step = page.locator("#step-assign")
    step.get_by_label("主办单位").select_option(label=units[0].name)
    step.get_by_label("协办单位").select_option(label=units[1].name)
    step.get_by_role("button", name="交办").click()
    expect(page.locator("#suggestion-status")).to_have_text("已交办待签收")

    # 4. The co-unit signs for it and sends its input to the lead unit.
    _as(page, login, "round-co", DESKTOP)
    _open_portal_suggestion(page, base, "unit")
    page.locator("#step-sign").get_by_role("button", name="签收本建议").click()
    expect(page.locator(".messages")).to_contain_text("已签收")
    step = page.locator("#step-coinput")
    if step.get_attribute("open") is None:
        step.locator("summary").click()
    step.get_by_label("协办意见").fill("本局同意在夜间线路沿线增设候车亭。")
    step.get_by_role("button", name="提交协办意见").click()
    expect(page.locator(".messages")).to_contain_text("协办意见")
    expect(page.locator("#step-reply")).to_have_count(0)  # a co-unit never replies

    # 5. The lead unit signs, reads the co-unit's input, and asks for an extension.
    _as(page, login, "round-lead", DESKTOP)
    _open_portal_suggestion(page, base, "unit")
    page.locator("#step-sign").get_by_role("button", name="签收本建议").click()
    expect(page.locator("#suggestion-status")).to_have_text("办理中")
    expect(page.locator("body")).to_contain_text("本局同意在夜间线路沿线增设候车亭。")
    wanted = add_months(today, 4)
    page.locator("#step-extension summary").click()
    step = page.locator("#step-extension")
    step.get_by_label("申请延期至").fill(f"{wanted:%Y-%m-%d}")
    step.get_by_label("延期理由").fill("需与公交企业测算运营成本。")
    step.get_by_role("button", name="提交延期申请").click()
    expect(page.locator("#extensions")).to_contain_text("待审批")
    lead_url = page.url

    # 6. The office approves the extension.
    _as(page, login, "office", DESKTOP)
    page.goto(detail_url)
    page.locator(".decide-form").first.get_by_label("审批结果").select_option("approve")
    page.locator(".decide-form").first.get_by_role("button", name="提交审批").click()
    expect(page.locator("#handling")).to_contain_text("已同意")

    # 7. The lead unit replies with class B.
    _as(page, login, "round-lead", DESKTOP)
    page.goto(lead_url)
    step = page.locator("#step-reply")
    if step.get_attribute("open") is None:
        step.locator("summary").click()
    step.get_by_label("答复类别").select_option("B")
    step.get_by_label("答复内容").fill("夜间线路已列入明年公交线网优化计划。")
    page.once("dialog", lambda dialog: dialog.accept())  # "不能再修改" / "不能撤回": asked first
    step.get_by_role("button", name="提交答复").click()
    expect(page.locator("#suggestion-status")).to_have_text("已答复待反馈")

    # 8. The deputy reads it on the phone and is not satisfied.
    _as(page, login, "round-proposer", PHONE)
    page.goto(f"{base}/portal/deputy/")
    page.locator("#todo-feedback").get_by_role("link", name=TITLE).click()
    expect(page.locator("body")).to_contain_text("夜间线路已列入明年公交线网优化计划。")
    feedback = page.locator("#feedback")
    feedback.get_by_label("不满意").check()
    feedback.get_by_label("意见说明").fill("请明确开通时间，不要只是“列入计划”。")
    _narrow(page)
    screenshot(page, "round-8-deputy-feedback-phone")
    feedback.get_by_role("button", name="提交反馈").click()
    expect(page.locator("#suggestion-status")).to_have_text("重新办理")

    # 9. The lead unit replies again, within the new month.
    _as(page, login, "round-lead", DESKTOP)
    page.goto(lead_url)
    expect(page.locator("body")).to_contain_text(f"{add_months(today, 1):%Y-%m-%d}")
    step = page.locator("#step-reply")
    if step.get_attribute("open") is None:
        step.locator("summary").click()
    step.get_by_label("答复类别").select_option("B")
    step.get_by_label("答复内容").fill("经与公交企业商定，夜间线路于下月起试运行。")
    page.once("dialog", lambda dialog: dialog.accept())  # "不能再修改" / "不能撤回": asked first
    step.get_by_role("button", name="提交答复").click()
    expect(page.locator("#suggestion-status")).to_have_text("已答复待反馈")

    # 10. The deputy is satisfied; the suggestion is closed.
    _as(page, login, "round-proposer", PHONE)
    page.goto(f"{base}/portal/deputy/")
    page.locator("#todo-feedback").get_by_role("link", name=TITLE).click()
    page.locator("#feedback").get_by_label("满意", exact=True).check()
    page.locator("#feedback").get_by_role("button", name="提交反馈").click()
    expect(page.locator("#suggestion-status")).to_have_text("已办结")
    timeline = page.locator("#timeline")
    for kind in ("提交", "附议确认", "审查立案", "交办", "签收", "申请延期", "延期审批", "答复", "代表反馈", "重新办理"):
        expect(timeline).to_contain_text(kind)
    _narrow(page)
    screenshot(page, "round-10-deputy-closed-phone")

    # Every step was entered from the party's own account.
    from deputies.models import Suggestion, SuggestionEvent

    E = SuggestionEvent.Kind
    with scopes_disabled():
        s = Suggestion.objects.get(title=TITLE)
        assert (s.status, s.round, s.reply_class, s.feedback) == ("closed", 2, "B", "satisfied")
        steps = list(s.events.order_by("at", "id").values_list("kind", "by__username"))
    expected = [
        (E.CREATED, "round-proposer"), (E.SUBMITTED, "round-proposer"), (E.CONFIRMED, "round-cosigner"),
        (E.SUBMITTED, "round-cosigner"), (E.ACCEPTED, "office"), (E.ASSIGNED, "office"), (E.SIGNED, "round-co"),
        (E.CO_INPUT, "round-co"), (E.SIGNED, "round-lead"), (E.EXTENSION_ASKED, "round-lead"),
        (E.EXTENSION_DECIDED, "office"), (E.REPLIED, "round-lead"), (E.FEEDBACK, "round-proposer"),
        (E.REHANDLING, "round-proposer"), (E.REPLIED, "round-lead"), (E.FEEDBACK, "round-proposer"),
    ]
    assert [step for step in steps if step[0] != E.EDITED] == expected

    # Each party sees only what it should: a third unit and a third deputy do not see it at all.
    from core.models import BodyMembership, UnitContact
    from core.roles import DEPUTY, UNIT_CONTACT, ensure_roles
    from tests.isolation_suggestions import units_for

    with scopes_disabled():
        groups, User = ensure_roles(), get_user_model()
        outsider = User.objects.create_user("round-outsider", password="renda-demo")
        outsider.groups.add(groups[UNIT_CONTACT])
        BodyMembership.objects.create(user=outsider, body=body)
        UnitContact.objects.create(unit=units_for(body, 3)[2], user=outsider, name="其他单位经办人")
        stranger = User.objects.create_user("round-stranger", password="renda-demo")
        stranger.groups.add(groups[DEPUTY])
        BodyMembership.objects.create(user=stranger, body=body)
        deputies[2].user = stranger
        deputies[2].save(update_fields=["user"])
    for username, kind in (("round-outsider", "unit"), ("round-stranger", "deputy")):
        _as(page, login, username, PHONE)
        page.goto(f"{base}/portal/{kind}/suggestions/")
        expect(page.locator("main")).not_to_contain_text(TITLE)
        assert page.goto(f"{base}/portal/{kind}/suggestions/{s.pk}/").status == 404
        assert page.goto(f"{base}/suggestions/{s.pk}/").status == 403
