"""Reminders in a real browser: the day's run puts them in the header of the people concerned;
the lead opens one and lands on the meeting's materials; marking all read clears the count."""

from django.core.management import call_command
from playwright.sync_api import expect


def test_lead_follows_a_materials_reminder_and_marks_all_read(demo, live_server, page, login, screenshot, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--date", "2023-04-25", stdout=open("/dev/null", "w"))
    login(page, "lead-shehui")
    page.goto(f"{live_server.url}/")
    badge = page.locator("#notify-link .count")
    expect(badge).to_have_text("1")
    page.click("#notify-link")
    expect(page.get_by_role("heading", name="我的提醒")).to_be_visible()
    reminder = page.get_by_role("link", name="第十三次会议议题5：调研意见送报告单位还有 5 天到期（2023-04-30）")
    expect(reminder).to_be_visible()
    screenshot(page, "notifications-lead-shehui")
    reminder.click()
    page.wait_for_url("**/meetings/*/materials/")
    expect(page.locator("#notify-link .count")).to_have_count(0)

    # The office has four; "全部标为已读" clears them.
    page.context.clear_cookies()
    login(page, "office")
    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator("#notify-link .count")).to_have_text("4")
    page.get_by_role("button", name="全部标为已读").click()
    expect(page.get_by_text("已将 4 条提醒标为已读。")).to_be_visible()
    expect(page.locator("#notify-link .count")).to_have_count(0)


def test_administrator_sees_what_was_sent(demo, live_server, page, login, screenshot, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--date", "2023-04-25", stdout=open("/dev/null", "w"))
    login(page, "admin")
    page.goto(f"{live_server.url}/settings/reminders/")
    expect(page.get_by_role("heading", name="提醒发送记录")).to_be_visible()
    expect(page.locator("#totals")).to_contain_text("邮件已发送 7")
    expect(page.locator("table.reminder-log")).to_contain_text("lead-shehui")
    screenshot(page, "reminder-log-admin")
