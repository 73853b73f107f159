"""The office takes a suggestion through two rounds: assignment (the due date appears), a class B reply,
不满意 (re-handling with a new due date, both rounds on the timeline), a second reply and 满意 (已办结)."""

import re
from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect


def _make_suggestion():
    from core.models import Body
    from reports.demo import demo_body_name
    from tests.isolation_suggestions import make_suggestion, session_for, units_for

    today = timezone.localdate()
    with scopes_disabled():
        body = Body.objects.get(name=demo_body_name())
        session = session_for(body, number=9, start_on=today - timedelta(days=120))
        s = make_suggestion(body, number=901, session=session, title="关于在白云湖片区增设公交接驳线路的建议",
                            raised_on=today - timedelta(days=100), cosigners=2)
        return s, units_for(body)


def _day(days_ago: int) -> str:
    return f"{timezone.localdate() - timedelta(days=days_ago):%Y-%m-%d}"


def _long(days_ago: int) -> str:
    day = timezone.localdate() - timedelta(days=days_ago)
    return f"{day.year}年{day.month}月{day.day}日"


def test_office_handles_a_suggestion_through_two_rounds(demo, live_server, page, login, screenshot):
    from supervision.opinions import add_months

    s, units = _make_suggestion()
    today = timezone.localdate()
    login(page, "office")
    page.goto(f"{live_server.url}/suggestions/{s.pk}/")
    expect(page.locator("#suggestion-status")).to_have_text("待交办")

    # Assign (交办): the form is open on an accepted suggestion.
    step = page.locator("#step-assign")
    step.get_by_label("交办日期").fill(_day(80))
    step.get_by_label("主办单位").select_option(label=units[0].name)
    step.get_by_label("协办单位").select_option(label=units[1].name)
    step.get_by_role("button", name="交办").click()
    due = add_months(today - timedelta(days=80), 3)
    expect(page.locator(".messages")).to_contain_text(f"答复期限 {due:%Y-%m-%d}")
    expect(page.locator("#suggestion-status")).to_have_text("已交办待签收")
    expect(page.locator("#due-state")).to_contain_text(f"{due.year}年{due.month}月{due.day}日")

    # A class B reply.
    page.locator("#step-reply summary").click()
    step = page.locator("#step-reply")
    step.get_by_label("答复日期").fill(_day(10))
    step.get_by_label("答复类别").select_option("B")
    step.get_by_label("答复内容").fill("该线路已列入明年公交线网优化计划。")
    step.get_by_role("button", name="保存答复").click()
    expect(page.locator("#suggestion-status")).to_have_text("已答复待反馈")

    # 不满意: back to re-handling, due one month after the feedback.
    step = page.locator("#step-feedback")
    step.get_by_label("代表反馈").select_option("unsatisfied")
    step.get_by_label("反馈日期").fill(_day(5))
    step.get_by_label("意见说明").fill("没有明确开通时间。")
    step.get_by_role("button", name="保存反馈").click()
    new_due = add_months(today - timedelta(days=5), 1)
    expect(page.locator("#suggestion-status")).to_have_text("重新办理")
    expect(page.locator("#due-state")).to_contain_text("第2轮（重新办理）")
    expect(page.locator("#due-state")).to_contain_text(f"{new_due.year}年{new_due.month}月{new_due.day}日")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("第1轮办理")
    expect(timeline).to_contain_text("第2轮办理")
    expect(timeline).to_contain_text("第1轮答复，B类")
    expect(timeline).to_contain_text("不满意")
    rounds = page.locator("#rounds")
    expect(rounds).to_contain_text("第1轮")
    expect(rounds).to_contain_text("第2轮（重新办理）")
    screenshot(page, "suggestion-detail-rehandling")

    # The second reply and 满意 close it.
    step = page.locator("#step-reply")
    step.get_by_label("答复日期").fill(_day(1))
    step.get_by_label("答复类别").select_option("A")
    step.get_by_label("答复内容").fill("已于本月开通接驳线路。")
    step.get_by_role("button", name="保存答复").click()
    step = page.locator("#step-feedback")
    step.get_by_label("代表反馈").select_option("satisfied")
    step.get_by_label("反馈日期").fill(_day(0))
    step.get_by_role("button", name="保存反馈").click()
    expect(page.locator("#suggestion-status")).to_have_text("已办结")
    expect(page.locator("#due-state")).to_have_count(0)
    expect(timeline).to_contain_text("第2轮答复，A类")
    expect(timeline).to_contain_text("第2轮答复反馈：满意")
    screenshot(page, "suggestion-detail-two-rounds")

    # The list shows it closed, with its number and 答复类别 A.
    page.goto(f"{live_server.url}/suggestions/?q=白云湖")
    row = page.locator(f"#suggestion-{s.pk}")
    expect(row).to_contain_text("已办结")
    expect(row).to_contain_text("满意")
    expect(row).to_contain_text("+2 附议")


def test_list_marks_overdue_and_soon_due_and_the_office_assigns_in_a_batch(demo, live_server, page, login,
                                                                          screenshot):
    from core.models import Body
    from deputies.suggestions import lifecycle
    from reports.demo import demo_body_name
    from tests.isolation_suggestions import make_suggestion, office_user, session_for, units_for

    today = timezone.localdate()
    with scopes_disabled():
        body = Body.objects.get(name=demo_body_name())
        session = session_for(body, number=8, start_on=today - timedelta(days=200))
        units = units_for(body)
        late = make_suggestion(body, number=1, session=session, title="关于整治城中村消防通道的建议",
                               raised_on=today - timedelta(days=190))
        lifecycle.assign(late, assigned_on=today - timedelta(days=120), lead_unit=units[0], by=office_user(body))
        soon = make_suggestion(body, number=2, session=session, title="关于增加社区养老服务网点的建议",
                               raised_on=today - timedelta(days=190))
        lifecycle.assign(soon, assigned_on=add_days_months(today, -3, 7), lead_unit=units[1], by=office_user(body))
        waiting = [make_suggestion(body, number=n, session=session, title=f"关于完善片区公共设施的建议（{n}）",
                                   raised_on=today - timedelta(days=190)) for n in (3, 4, 5)]
    login(page, "office")
    page.goto(f"{live_server.url}/suggestions/?session={session.pk}")
    expect(page.locator(f"#suggestion-{late.pk}")).to_have_class(re.compile("overdue"))
    expect(page.locator(f"#suggestion-{late.pk}")).to_contain_text("逾期")
    expect(page.locator(f"#suggestion-{soon.pk}")).to_have_class(re.compile("soon"))
    expect(page.locator(f"#suggestion-{soon.pk}")).to_contain_text("天后到期")
    screenshot(page, "suggestion-list")

    page.get_by_role("link", name="批量交办").click()
    expect(page.locator("tbody tr")).to_have_count(3)
    page.locator("#check-all").check()
    page.get_by_label("交办日期").fill(f"{today - timedelta(days=2):%Y-%m-%d}")
    page.get_by_label("主办单位").select_option(label=units[2].name)
    screenshot(page, "suggestion-batch-assign")
    page.get_by_role("button", name="交办所选建议").click()
    expect(page.locator(".messages")).to_contain_text("已交办 3 条建议")
    expect(page.locator("tbody")).to_contain_text("没有待交办的建议")
    with scopes_disabled():
        for s in waiting:
            s.refresh_from_db()
            assert s.status == "assigned" and s.lead_unit_id == units[2].pk


def add_days_months(day, months, days):
    """`months` calendar months from `day`, plus `days` days (a due date `days` days from now)."""
    from supervision.opinions import add_months

    return add_months(day, months) + timedelta(days=days)


def test_office_enters_a_suggestion_and_the_supervising_committee_records_progress(demo, live_server, page, login,
                                                                                  screenshot):
    from core.models import Body
    from reports.demo import demo_body_name
    from tests.isolation_suggestions import deputies_for, session_for, units_for

    today = timezone.localdate()
    with scopes_disabled():
        body = Body.objects.get(name=demo_body_name())
        session = session_for(body, number=9, start_on=today - timedelta(days=120))
        deputies_for(body)
        units = units_for(body)
    login(page, "office")
    page.goto(f"{live_server.url}/suggestions/new/?session={session.pk}")
    page.get_by_label("编号").fill("902")
    page.get_by_label("标题").fill("关于加快老旧小区加装电梯审批的建议")
    page.get_by_label("内容", exact=True).fill("建议简化审批流程，统一补贴标准。")
    page.get_by_label("提出日期").fill(_day(100))
    page.get_by_label("领衔代表").select_option(label="测试代表1（测试代表小组）")
    # Co-signers are checkboxes grouped by 代表小组, with a filter box.
    page.get_by_label("筛选附议代表").fill("测试代表")
    page.get_by_role("checkbox", name="测试代表1（测试代表小组").check()
    page.get_by_role("checkbox", name="测试代表2（测试代表小组").check()
    page.get_by_label("督办委员会").select_option(label="财经工委")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".errorlist")).to_contain_text("重复署名")
    expect(page.get_by_label("标题")).to_have_value("关于加快老旧小区加装电梯审批的建议")
    screenshot(page, "suggestion-create-error")
    expect(page.get_by_role("checkbox", name="测试代表2（测试代表小组")).to_be_checked()  # kept after the error
    page.get_by_role("checkbox", name="测试代表1（测试代表小组").uncheck()
    page.get_by_role("checkbox", name="测试代表3（测试代表小组").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已录入第902号建议")
    detail_url = page.url

    step = page.locator("#step-assign")
    step.get_by_label("交办日期").fill(_day(85))
    step.get_by_label("主办单位").select_option(label=units[0].name)
    step.get_by_role("button", name="交办").click()
    page.locator("#step-key summary").click()
    step = page.locator("#step-key")
    step.get_by_label("督办领导").fill("常委会副主任 王某某")
    step.get_by_label("督办委员会").select_option(label="财经工委")
    step.get_by_label("确定日期").fill(_day(60))
    step.get_by_role("button", name="列为重点督办").click()
    expect(page.locator(".pagehead")).to_contain_text("重点督办")
    page.locator("#step-contact summary").click()
    step = page.locator("#step-contact")
    step.get_by_label("沟通阶段").select_option("before")
    step.get_by_label("沟通方式").select_option("research")
    step.get_by_label("沟通日期").fill(_day(70))
    step.get_by_label("沟通情况").fill("与代表到三个小区实地调研")
    step.get_by_role("button", name="保存沟通联系").click()
    expect(page.locator("#contacts")).to_contain_text("✓ 已当面")
    page.locator("#step-extension summary").click()
    step = page.locator("#step-extension")
    step.get_by_label("申请日期").fill(_day(3))
    step.get_by_label("申请延期至").fill(f"{today + timedelta(days=200):%Y-%m-%d}")
    step.get_by_label("延期理由").fill("涉及规划调整")
    step.get_by_role("button", name="提交延期申请").click()
    expect(page.locator("#step-extension .error, #step-extension .errorlist")).to_contain_text("最长 6 个月")
    expect(page.locator("#step-extension")).to_have_attribute("open", "")
    step.get_by_label("申请延期至").fill(f"{today + timedelta(days=30):%Y-%m-%d}")
    step.get_by_role("button", name="提交延期申请").click()
    expect(page.locator("#handling")).to_contain_text("待审批")
    expect(page.locator(".decide-form")).to_have_count(1)
    screenshot(page, "suggestion-detail-pending-extension")

    # The supervising committee's lead reads it and records progress, and nothing else.
    page.context.clear_cookies()
    login(page, "lead-caijing")
    page.goto(detail_url)
    expect(page.locator("#step-reply")).to_have_count(0)
    expect(page.locator(".decide-form")).to_have_count(0)
    page.locator("#step-note summary").click()
    step = page.locator("#step-note")
    step.get_by_label("进展日期").fill(_day(1))
    step.get_by_label("督办进展").fill("已召开协调会，明确由住建部门牵头")
    step.get_by_role("button", name="保存督办进展").click()
    expect(page.locator("#timeline")).to_contain_text("已召开协调会")
    screenshot(page, "suggestion-detail-committee")
