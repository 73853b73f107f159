"""The office adds an item in a real browser: reporting bodies, the lead committee and the deciding meeting are picked
in searchable selects, only the chosen 时间类型's fields show, a missing lead committee is warned about as it edits,
and the page stays short (the checkbox lists made it 2,300 px)."""

import re

from django_scopes import scopes_disabled
from playwright.sync_api import expect


def _pick(page, select_id, typed):
    """Type into the searchable select's box and take the first match, as a user does."""
    page.locator(f"#{select_id} + .ts-wrapper .ts-control").click()
    box = page.locator(f"#{select_id}-ts-control")
    box.fill(typed)
    page.locator(f"#{select_id}-ts-dropdown .option", has_text=typed).first.click()
    expect(page.locator(f"#{select_id} + .ts-wrapper .item", has_text=typed)).to_be_visible()
    box.press("Escape")


def _chosen(page, select_id):
    return page.eval_on_selector(f"#{select_id}", "s => Array.from(s.selectedOptions, o => o.text)")


def test_office_adds_an_item_with_searchable_selects_and_only_the_timing_fields_it_uses(
    demo, live_server, page, login, screenshot
):
    from meetings.models import Meeting
    from plans.models import AnnualPlan, PlanAdjustment, PlanItem

    with scopes_disabled():
        plan = AnnualPlan.objects.get(body__name__contains="白云", year=2023, kind="supervision")
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    login(page, "office")
    page.goto(f"{live_server.url}/plans/{plan.pk}/items/new/")

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 1800, f"the item form is {height} px high at 1280 wide"

    page.locator("#id_title").fill("听取和审议区政府关于优化营商环境工作情况的报告")
    page.locator("#id_form").select_option(label="专项工作报告")
    _pick(page, "id_reporting_bodies", "区发展改革局")
    _pick(page, "id_reporting_bodies", "区市场监管局")
    assert _chosen(page, "id_reporting_bodies") == ["区发展改革局", "区市场监管局"]
    warnings = page.locator("[data-form-warnings]")
    expect(warnings).to_contain_text("未选择牵头（负责）委员会")
    _pick(page, "id_lead_committees", "财经工委")
    assert _chosen(page, "id_lead_committees") == ["财经工委"]
    expect(warnings).not_to_contain_text("未选择牵头")

    months, end, quarter = page.locator("#id_start_month"), page.locator("#id_end_month"), page.locator("#id_quarter")
    page.locator("#id_timing_kind").select_option("quarter")
    expect(quarter).to_be_visible()
    expect(months).to_be_hidden()
    expect(end).to_be_hidden()
    expect(page.locator('label[for="id_start_month"]')).to_be_hidden()
    page.locator("#id_timing_kind").select_option("year")
    for field in (months, end, quarter):
        expect(field).to_be_hidden()
    page.locator("#id_timing_kind").select_option("range")
    expect(months).to_be_visible()
    expect(end).to_be_visible()
    expect(quarter).to_be_hidden()
    months.select_option("4")
    end.select_option("8")

    _pick(page, "id_decided_meeting", "第十二次会议")
    reason = page.locator("#id_reason")
    reason.fill("根据区政府的提请")
    expect(reason).to_have_value("根据区政府的提请")
    screenshot(page, "item-form-office")
    page.get_by_role("button", name="保存").click()

    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("事项已添加")
    with scopes_disabled():
        item = PlanItem.objects.get(title="听取和审议区政府关于优化营商环境工作情况的报告")
        assert sorted(b.name for b in item.reporting_bodies.all()) == ["区发展改革局", "区市场监管局"]
        assert [(r.committee.name, r.role) for r in item.responsibilities.all()] == [("财政经济工作委员会", "lead")]
        assert item.timing.label() == "4-8月"
        meeting = PlanAdjustment.objects.get(item=item, kind="add").decided_meeting
        assert meeting == Meeting.objects.get(body=plan.body, kind="standing", number=12)
    assert not problems, problems
