"""The office records a meeting's 列席代表 in a real browser: from the meeting page, a deputy found by typing part of
their name in the searchable select, saved, and listed; on a phone-sized screen too."""

from django_scopes import scopes_disabled
from playwright.sync_api import expect


def test_office_picks_attending_deputies_by_typing_their_name(demo, live_server, page, login, screenshot):
    from deputies.models import Deputy, MeetingAttendance
    from meetings.models import Meeting

    with scopes_disabled():
        meeting = Meeting.objects.filter(body__name__contains="白云", year=2023, kind="standing",
                                         status="held").order_by("date").first()
        taken = set(MeetingAttendance.objects.filter(meeting=meeting).values_list("deputy_id", flat=True))
        deputy = Deputy.objects.filter(body=meeting.body, status="serving").exclude(pk__in=taken).order_by("pk").first()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "office")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.locator("#meeting-attendance-link").click()
    expect(page.locator("h1")).to_contain_text("列席代表")
    page.locator("#id_deputies + .ts-wrapper .ts-control").click()
    box = page.locator("#id_deputies-ts-control")
    box.fill(deputy.name)
    page.locator("#id_deputies-ts-dropdown .option", has_text=deputy.name).first.click()
    box.press("Escape")
    # Straight to the button: the field must not grow as the search box loses focus, or the click lands nowhere.
    page.get_by_role("button", name="保存列席代表").click()
    expect(page.locator("body")).to_contain_text("已保存列席代表名单", timeout=10_000)
    expect(page.locator(f"#attendee-{deputy.pk}")).to_contain_text(deputy.name)
    screenshot(page, "meeting-attendance-office-phone")
    assert problems == []
    with scopes_disabled():
        MeetingAttendance.objects.filter(meeting=meeting, deputy=deputy).delete()  # the shared data as it was
