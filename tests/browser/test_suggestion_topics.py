"""The office reads the topics of 2023's suggestions, drafts a plan item from a topic, and the item's page lists the
suggestions it came from (issue 22 §2)."""

import re

from playwright.sync_api import expect


def test_office_drafts_a_plan_item_from_a_topic(demo, live_server, page, login, screenshot):
    login(page, "office")
    page.goto(f"{live_server.url}/suggestions/topics/")
    page.select_option("#topics-session", "")
    page.select_option("#topics-year", "2023")
    page.get_by_role("button", name="查看").click()
    expect(page.locator("h1")).to_contain_text("2023 年")
    first = page.locator("#topics-summary tbody tr").first
    count = int(first.locator('[data-metric="count"]').inner_text())
    assert count >= 2
    screenshot(page, "suggestion-topics-2023")

    page.locator('[data-to-plan="1"]').click()
    expect(page.locator("h1")).to_have_text("根据代表建议拟订计划事项")
    titles = page.locator("#id_suggestions label").all_inner_texts()
    assert len(titles) == count
    page.fill("#id_year", "2092")  # a year without a plan: a draft plan is made for it
    page.select_option("#id_form", "inquiry")
    screenshot(page, "suggestions-to-plan")
    page.get_by_role("button", name="保存计划事项").click()

    expect(page).to_have_url(re.compile(r"/items/\d+/$"))
    sources = page.locator("#suggestion-sources")
    expect(sources).to_contain_text(f"共 {count} 件")
    expect(sources.locator("tbody tr")).to_have_count(count)
    expect(page.locator("body")).to_contain_text("2092年监督工作计划")
    screenshot(page, "plan-item-sources")

    sources.locator("tbody tr a").first.click()
    expect(page.locator("#trace")).to_contain_text("列入计划事项")
