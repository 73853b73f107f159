"""建议办理工作评价 in a real browser: the office reads the demo's 2023 ranking, opens a number and finds the
suggestions it counts, and the unit reads its own score on its portal."""

import re

from playwright.sync_api import expect


def test_office_reads_the_2023_ranking_and_opens_a_number(demo, live_server, page, login, screenshot):
    login(page, "office")
    page.goto(f"{live_server.url}/suggestions/unit-evaluation/?year=2023")
    expect(page.get_by_role("heading", name=re.compile("建议办理工作评价"))).to_be_visible()
    rows = page.locator("table.ranking tbody tr[data-unit]")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 3
    screenshot(page, "unit-evaluation-2023-office")
    # The first unit's contact count opens the list of exactly that many suggestions.
    link = rows.first.locator('td[data-component="contact"] a.count')
    count = int(link.inner_text())
    link.click()
    page.wait_for_url("**/suggestions/?*component=contact*")
    expect(page.locator(".pagehead .meta")).to_contain_text(f"共 {count} 件")


def test_the_unit_reads_its_own_score(demo, live_server, page, login, screenshot):
    """unit-demo's 区发展改革局 leads none of the demo's 2023 suggestions: for this flow its contact works for the
    first unit of the ranking (put back afterwards)."""
    from django_scopes import scopes_disabled

    from core.models import UnitContact
    from deputies.models import Suggestion

    with scopes_disabled():
        contact = UnitContact.objects.get(user__username="unit-demo", active=True)
        own_unit = contact.unit_id
        lead = Suggestion.objects.filter(body=contact.unit.body, year=2023, lead_unit__isnull=False).first().lead_unit
        contact.unit = lead
        contact.save()
    try:
        login(page, "unit-demo")
        page.goto(f"{live_server.url}/portal/unit/evaluation/?year=2023")
        expect(page.locator("#unit-score")).to_contain_text("得分")
        expect(page.locator(".pagehead .meta")).to_contain_text(lead.name)
        screenshot(page, "unit-evaluation-2023-unit")
    finally:
        with scopes_disabled():
            UnitContact.objects.filter(pk=contact.pk).update(unit_id=own_unit)
