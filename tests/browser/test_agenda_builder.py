"""The office builds and orders the 13th meeting's agenda in a real browser."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.browser.axe import page_checks, report, violations
from tests.conftest import restore_session_data


@pytest.fixture
def empty_13th(transactional_db):
    from meetings.models import AgendaItem, Meeting
    from plans.models import PlanItem
    from reports.demo import demo_body_name

    with scopes_disabled():
        restore_session_data()
        meeting = Meeting.objects.get(body__name=demo_body_name(), kind="standing", number=13)
        plan_items = list(PlanItem.objects.filter(agenda_items__meeting=meeting).values_list("pk", flat=True))
        AgendaItem.objects.filter(meeting=meeting).delete()
        PlanItem.objects.filter(pk__in=plan_items).update(status="preparing")
        return meeting


def _titles(page):
    return page.locator("table.agenda tbody tr td:nth-child(2)").all_inner_texts()


def test_office_builds_and_reorders_the_agenda(empty_13th, live_server, page, login, screenshot):
    login(page, "office")
    page.goto(f"{live_server.url}/meetings/{empty_13th.pk}/")
    expect(page.get_by_text("尚未安排议题")).to_be_visible()
    page.get_by_role("link", name="从计划添加议题").first.click()
    boxes = page.locator('input[name="items"]:checked')
    expect(boxes).to_have_count(5)
    screenshot(page, "agenda-builder-13th")
    page.get_by_role("button", name="加入议程").click()

    expect(page.locator(".messages")).to_contain_text("已将 5 项列入第十三次会议议程")
    rows = page.locator("table.agenda tbody tr")
    expect(rows).to_have_count(5)
    before = _titles(page)

    # Keyboard-reachable buttons: move the first item down one place.
    rows.first.get_by_role("button", name="下移第 1 项").click()
    expect(page.locator("table.agenda tbody tr").nth(1)).to_contain_text(before[0].split("\n")[0])
    after_button = _titles(page)
    assert after_button[:2] == [before[1], before[0]]

    # Drag the last row to the top; the order is saved and survives a reload.
    rows = page.locator("table.agenda tbody tr")
    with page.expect_response(lambda r: r.url.endswith("/agenda/reorder/") and r.status == 200):
        rows.nth(4).drag_to(rows.nth(0), target_position={"x": 20, "y": 5})
    page.reload()
    after_drag = _titles(page)
    assert after_drag[0] == after_button[4]
    assert [c.strip() for c in page.locator("table.agenda tbody td.order").all_inner_texts()] == ["1", "2", "3", "4", "5"]
    screenshot(page, "agenda-13th-reordered")


def test_office_finds_an_item_of_another_month_and_adds_it(empty_13th, live_server, page, login, screenshot):
    login(page, "office")
    page.goto(f"{live_server.url}/meetings/{empty_13th.pk}/build/")
    # Only May's items are proposed; the July research is found by searching the year.
    expect(page.get_by_text("现代都市农业")).to_have_count(0)
    search = page.get_by_role("searchbox", name="事项名称、负责委员会或报告单位")
    search.fill("都市农业")
    search.press("Enter")

    results = page.locator("#search table tbody tr")
    expect(page.locator("#search-heading")).to_contain_text("找到 1 项")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("7月")
    problems = [report("agenda builder with search results", violations(page)), *page_checks(page)]
    assert not any(problems), problems
    page.get_by_role("checkbox", name="围绕加快推进我区现代都市农业示范区建设开展专题调研").check()
    # Uncheck May's proposals: only the found item goes on the agenda this time.
    proposals = page.locator('form#agenda-add input[name="items"]')
    expect(proposals).to_have_count(5)
    for box in proposals.all():
        box.uncheck()
    screenshot(page, "agenda-builder-search")
    page.get_by_role("button", name="加入议程").click()

    expect(page.locator(".messages")).to_contain_text("已将 1 项列入第十三次会议议程")
    expect(page.locator("table.agenda tbody tr")).to_have_count(1)
    expect(page.locator("table.agenda tbody tr").first).to_contain_text("现代都市农业示范区建设")
