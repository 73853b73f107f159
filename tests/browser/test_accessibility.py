"""Accessibility: axe-core (WCAG 2.1 A and AA rules, the copy bundled with axe-playwright-python) finds
nothing on the main pages, each opened as the roles that use it; and the agenda builder's order and an
item's status can be changed with the keyboard alone, with a visible focus ring, and are saved."""

import io

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.browser.axe import AXE_VERSION, page_checks, report, violations

YEAR = 2023


@pytest.fixture
def world(demo, settings):
    """The demo plus what makes the pages full: a day's reminders, a deputy's and a unit's account
    on a demo suggestion that was replied to. Returns the pks the page addresses need."""
    from core.models import Body
    from deputies.models.suggestions import Signature, Suggestion, SuggestionStatus
    from meetings.models import Meeting
    from plans.models import PlanItem
    from reports.demo import demo_body_name
    from supervision.models import Evaluation, ReviewOpinion
    from tests.parties import deputy_user
    from tests.portal_unit_builders import unit_user

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--date", f"{YEAR}-04-25", stdout=io.StringIO())
    with scopes_disabled():
        body = Body.objects.get(name=demo_body_name())
        suggestion = (Suggestion.objects.filter(body=body, status=SuggestionStatus.REPLIED, lead_unit__isnull=False)
                      .order_by("pk").first())
        proposer = Signature.objects.get(suggestion=suggestion, role=Signature.Role.PROPOSER).deputy
        deputy_user(proposer, "a11y-deputy")
        unit_user(body, suggestion.lead_unit, "a11y-unit")
        from django.contrib.auth import get_user_model

        from core.models import Committee

        return {
            "body": body.pk,
            "office_user": get_user_model().objects.get(username="office").pk,
            "committee": Committee.objects.filter(body=body).order_by("pk").first().pk,
            "item": PlanItem.objects.get(body=body, title__contains="2022 年度国有资产管理情况的综合报告").pk,
            "meeting": Meeting.objects.get(body=body, kind="standing", number=13).pk,
            "suggestion": suggestion.pk,
            "evaluation": Evaluation.objects.filter(agenda_item__meeting__body=body).order_by("pk").first().pk,
            "opinion": ReviewOpinion.objects.filter(agenda_item__meeting__body=body).order_by("pk").first().pk,
        }


# role (user name, None = anonymous) -> the pages that role works on (address templates over world's pks).
PAGES = {
    "anonymous": (None, ["/accounts/login/"]),
    "office": ("office", [
        "/", "/plans/", "/items/", "/items/{item}/", "/meetings/", "/meetings/{meeting}/", "/meetings/{meeting}/build/",
        "/suggestions/", "/suggestions/{suggestion}/", "/supervision/evaluations/",
        "/supervision/evaluations/{evaluation}/", "/supervision/opinions/", "/supervision/opinions/{opinion}/",
        "/notifications/", "/plans/import/",
    ]),
    # Read-only views of an item and a meeting (no forms, no ↑/↓), and the directors' own pages.
    "director": ("director", ["/", "/dashboard/", f"/summary/{YEAR}/", "/items/{item}/", "/meetings/{meeting}/"]),
    # A committee's lead: their items with the inline status forms, and an item's own status form.
    "committee": ("lead-caijing", ["/", "/items/mine/", "/items/{item}/"]),
    "deputy": ("a11y-deputy", ["/portal/deputy/", "/portal/deputy/suggestions/",
                               "/portal/deputy/suggestions/{suggestion}/"]),
    "unit": ("a11y-unit", ["/portal/unit/", "/portal/unit/suggestions/", "/portal/unit/suggestions/{suggestion}/"]),
    # The body administrator's set-up, and the platform administrator's bodies.
    "administrator": ("admin", [
        "/settings/", "/settings/users/", "/settings/users/new/", "/settings/users/{office_user}/",
        "/settings/users/import/", "/settings/committees/", "/settings/committees/{committee}/",
        "/settings/reporting-bodies/", "/settings/terms/", "/settings/tokens/", "/settings/logins/",
    ]),
    "platform": ("platform", ["/platform/", "/platform/bodies/new/", "/platform/bodies/{body}/"]),
}


def test_main_pages_have_no_wcag_violations(world, live_server, page, login):
    """All roles in one test: each browser test reloads the demo, which costs more than the pages."""
    foreign = []  # axe is injected from the installed package: no request may leave the test server
    page.on("request", lambda r: None if r.url.startswith((live_server.url, "data:")) else foreign.append(r.url))
    found, titles = [], {}
    for role, (username, addresses) in PAGES.items():
        page.context.clear_cookies()
        if username:
            login(page, username)
        for address in addresses:
            url = live_server.url + address.format(**world)
            response = page.goto(url)
            assert response.status == 200, f"{role}: {url} answered {response.status}"
            where = f"{role} {address}"
            found.append(report(where, violations(page)))
            found.extend(f"{where}: {problem}" for problem in page_checks(page))
            titles.setdefault(page.title(), []).append(where)
    problems = "\n".join(f for f in found if f)
    assert not problems, f"axe-core {AXE_VERSION} found:\n{problems}"
    assert len(found) >= sum(len(a) for _, a in PAGES.values())
    # Each page's title names it (WCAG 2.4.2): two different pages of one role never share a title.
    shared = {t: w for t, w in titles.items() if len({x.split()[0] for x in w}) < len(w)}
    assert not shared, shared
    assert not foreign, foreign


def _tab_to(page, selector, limit=250):
    """Presses Tab until the focused element matches `selector`: it is reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached after {limit} presses of Tab")


def _assert_focus_ring(page, selector):
    """The focused element is `selector` and shows a focus ring (the outline was not removed)."""
    ring = page.evaluate("""s => { const e = document.activeElement, c = getComputedStyle(e);
        return {here: e.matches(s), visible: e.matches(":focus-visible"), style: c.outlineStyle,
                width: parseFloat(c.outlineWidth)}; }""", selector)
    assert ring["here"], f"focus is not on {selector}"
    assert ring["visible"] and ring["style"] != "none" and ring["width"] > 0, f"no focus ring on {selector}: {ring}"


def test_agenda_order_and_item_status_change_with_the_keyboard_only(demo, live_server, page, login, screenshot):
    from meetings.models import AgendaItem, Meeting
    from plans.models import PlanItem, StatusChange
    from reports.demo import demo_body_name

    with scopes_disabled():
        meeting = Meeting.objects.get(body__name=demo_body_name(), kind="standing", number=13)
        ids = list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("pk", flat=True))
        item = PlanItem.objects.get(body__name=demo_body_name(), title__contains="2022 年度国有资产管理情况的综合报告")
    assert len(ids) >= 3

    def order():
        with scopes_disabled():
            return list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("pk", flat=True))

    # The agenda: Tab to the first item's ↓ and press Enter; focus comes back to it, Space moves it again.
    login(page, "office")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    down = f"#move-{ids[0]}-down"
    _tab_to(page, down)
    _assert_focus_ring(page, down)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert order()[:2] == [ids[1], ids[0]]
    _assert_focus_ring(page, down)
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert order()[:3] == [ids[1], ids[2], ids[0]]
    expect(page.locator(f"#agenda-{ids[0]} td.order")).to_have_text("3")
    _assert_focus_ring(page, down)

    # An item's status, as its committee's lead: select, progress, note and 更新 by keyboard.
    page.context.clear_cookies()
    login(page, "lead-caijing")
    page.goto(f"{live_server.url}/items/{item.pk}/")
    status = "form.statusform select[name=status]"
    _tab_to(page, status)
    _assert_focus_ring(page, status)
    for _ in range(10):  # a closed <select> steps through its options with the arrow keys
        if page.locator(status).evaluate("s => s.selectedOptions[0].text") == "跟踪落实中":
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator(status)).to_have_value("follow_up")
    page.keyboard.press("Tab")
    _assert_focus_ring(page, "form.statusform input[name=progress]")
    page.keyboard.press("Control+A")
    page.keyboard.type("60")
    _tab_to(page, "form.statusform input[name=note]", limit=3)
    page.keyboard.type("键盘操作更新")
    _tab_to(page, "form.statusform button[type=submit]", limit=3)
    _assert_focus_ring(page, "form.statusform button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("已更新")
    screenshot(page, "item-status-by-keyboard")
    with scopes_disabled():
        item.refresh_from_db()
        assert (item.status, item.progress) == ("follow_up", 60)
        assert StatusChange.objects.filter(item=item, note="键盘操作更新", to_status="follow_up").exists()
