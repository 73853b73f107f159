"""lead-shehui records a received report for an item of 社会建设工委 and cannot for 财经工委's."""

import re

from django_scopes import scopes_disabled
from playwright.sync_api import expect


def _open_step(title_text, step="report_draft"):
    """The demo's meetings are held and their steps done; reopen one so it can be recorded."""
    from meetings.models import MaterialStep

    with scopes_disabled():
        s = MaterialStep.objects.get(
            agenda_item__meeting__body__name__contains="白云", agenda_item__title__contains=title_text, step=step
        )
        s.done_on, s.done_by, s.note = None, None, ""
        s.save()
        return s


def test_lead_records_a_received_report_for_their_committees_item_only(demo, live_server, page, login, screenshot):
    mine = _open_step("开展养老服务工作")
    theirs = _open_step("上半年预算执行情况")
    login(page, "lead-shehui")
    page.goto(f"{live_server.url}/meetings/{mine.agenda_item.meeting_id}/")
    expect(page.locator("#readiness")).to_contain_text("逾期")
    page.locator("#readiness").get_by_role("link", name="材料报送").click()

    row = page.locator(f"#step-{mine.pk}")
    expect(row).to_contain_text("报告稿送工委征求意见")
    expect(row).to_contain_text("逾期未完成")
    row.locator('input[name="done_on"]').fill("2023-07-10")
    row.locator('input[name="note"]').fill("已收到区民政局报告稿")
    screenshot(page, "materials-lead-shehui")
    row.get_by_role("button", name="登记完成").click()

    expect(page).to_have_url(re.compile(rf"/meetings/{mine.agenda_item.meeting_id}/materials/#step-{mine.pk}$"))
    expect(page.locator(".messages")).to_contain_text("已登记完成")
    row = page.locator(f"#step-{mine.pk}")
    expect(row).to_contain_text("已完成 2023-07-10")
    expect(row).to_contain_text("逾期完成")  # due 2023-07-07 (20 days before 07-27), done three days later
    expect(row).to_contain_text("已收到区民政局报告稿")

    # 财经工委's item on the same page: the reason, and no form.
    other = page.locator(f"#agenda-{theirs.agenda_item_id}")
    expect(other).to_contain_text("该议题由财经委员会、财经工委负责，您所在的委员会不能登记其材料报送")
    expect(page.locator(f"#step-{theirs.pk} form")).to_have_count(0)

    # And the server refuses it too, page and API alike.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    headers = {"X-CSRFToken": csrf, "Referer": live_server.url + "/"}
    response = page.request.post(
        f"{live_server.url}/material-steps/{theirs.pk}/record/", form={"done_on": "2023-07-06"}, headers=headers
    )
    assert response.status == 403
    response = page.request.post(
        f"{live_server.url}/api/v1/material-steps/{theirs.pk}/record/", data={"done_on": "2023-07-06"}, headers=headers
    )
    assert response.status == 403
    assert "财经工委负责" in response.json()["detail"]

    # The plan item's timeline shows the record.
    page.locator(f"#agenda-{mine.agenda_item_id}").get_by_role("link").first.click()
    expect(page.locator(".timeline")).to_contain_text("报告稿送工委征求意见：已完成 2023-07-10")
