"""The office links a repeated matter into a thread from a suggestion's similar list, then drafts next year's plan
item from the thread, and the item's page lists every suggestion of the thread as its source (issue 22 §1–2)."""

import re

from django_scopes import scopes_disabled
from playwright.sync_api import expect


def test_office_links_a_thread_and_drafts_a_plan_item_from_it(demo, live_server, page, login, screenshot):
    from deputies.models import Suggestion

    with scopes_disabled():
        # A 2023 suggestion whose matter a 2022 one raised in other words (the demo's reworded repeats,
        # deputies/demo/earlier.py), in no thread yet.
        pairs = []
        for earlier in Suggestion.objects.filter(body__name__contains="白云", year=2022,
                                                 title__contains="主要道路上下班时段堵车"):
            town = earlier.title.removeprefix("关于治理").split("主要道路")[0]
            later = Suggestion.objects.filter(body=earlier.body, year=2023, thread_member__isnull=True,
                                              title=f"关于优化{town}主干道交通组织、缓解高峰拥堵的建议").first()
            if later and not hasattr(earlier, "thread_member"):
                pairs.append((later, earlier))
    assert pairs, "the demo has reworded repeats of 2023 traffic suggestions"
    suggestion, earlier = pairs[0]
    login(page, "office")
    page.goto(f"{live_server.url}/suggestions/{suggestion.pk}/")
    page.locator("#thread-create-link").click()
    expect(page.locator("h1")).to_have_text("建立连续建议线索")
    # The origin is ticked already; the office ticks the earlier year's wording of the same matter.
    page.locator("#id_suggestions label", has_text=earlier.title).locator("input").check()
    page.get_by_role("button", name="建立线索").click()
    expect(page).to_have_url(re.compile(r"/suggestions/threads/\d+/$"))
    members = page.locator("#years tbody tr")
    expect(members).to_have_count(2)
    expect(members.first).to_contain_text("2022")  # the years side by side, the earliest first
    screenshot(page, "thread-linked-by-office")

    page.locator("#thread-to-plan").click()
    expect(page.locator("h1")).to_have_text("根据代表建议拟订计划事项")
    page.fill("#id_year", "2093")  # a year without a plan: a draft plan is made for it
    page.get_by_role("button", name="保存计划事项").click()
    expect(page).to_have_url(re.compile(r"/items/\d+/$"))
    sources = page.locator("#suggestion-sources")
    expect(sources.locator("tbody tr")).to_have_count(2)
    expect(sources).to_contain_text(suggestion.title)
    expect(sources).to_contain_text(earlier.title)
    screenshot(page, "plan-item-from-thread")
