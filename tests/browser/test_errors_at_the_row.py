"""A refused update is shown where it was typed, with everything typed kept, in a real browser:
a committee lead on 本委事项 (the error in the item's row, in view, the cursor in the field to correct), and a
deputy on a phone giving feedback on a reply (the page opens at the form at the bottom of the page)."""

import re

from django.db.models import F
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOT_DIR

PHONE = {"width": 390, "height": 844}
NOTE = "已发函区政府，等待审计报告"


def _lowest_open_caijing_item():
    """The open item of 财经工委 listed last on 本委事项: far down the page, out of the first view."""
    from plans.models import PlanItem

    with scopes_disabled():
        items = PlanItem.objects.filter(
            body__name__contains="白云", status="not_started", responsibilities__committee__short_name="财经工委",
            responsibilities__role="lead",
        )
        year = items.order_by("-year").values_list("year", flat=True).first()
        return items.filter(year=year).order_by(F("due_month").asc(nulls_last=True), "id").last()


def test_a_refused_status_update_is_shown_at_its_row_and_then_saved(demo, live_server, page, login, screenshot):
    item = _lowest_open_caijing_item()
    login(page, "lead-caijing")
    page.goto(f"{live_server.url}/items/mine/?year={item.year}")
    row = page.locator(f"#item-{item.pk}")
    expect(row).not_to_be_in_viewport()
    row.locator('select[name="status"]').select_option(label="已推迟")
    row.locator('input[name="note"]').fill(NOTE)
    row.get_by_role("button", name="更新").click()  # no month chosen

    expect(page).to_have_url(re.compile(rf"/items/mine/\?year={item.year}#item-{item.pk}$"))
    row = page.locator(f"#item-{item.pk}")
    alert = row.get_by_role("alert")
    expect(alert).to_contain_text("推迟至：推迟时须选择推迟到的月份")
    expect(alert).to_be_in_viewport()
    expect(page.locator(".messages")).to_have_count(0)
    expect(row.locator('input[name="note"]')).to_have_value(NOTE)
    expect(row.locator('select[name="status"]')).to_have_value("postponed")
    month = row.locator('select[name="postponed_to_month"]')
    expect(month).to_be_focused()
    expect(month).to_have_attribute("aria-invalid", "true")
    screenshot(page, "my-items-refused-at-the-row")
    page.screenshot(path=str(SCREENSHOT_DIR / "my-items-refused-at-the-row-view.png"))  # what the user sees

    month.select_option(label="11月")
    row.get_by_role("button", name="更新").click()
    expect(page.locator(".messages")).to_contain_text("已更新")
    row = page.locator(f"#item-{item.pk}")
    expect(row.get_by_role("alert")).to_have_count(0)
    expect(row.locator(".badge").first).to_have_text("已推迟")
    from plans.models import PlanItem

    with scopes_disabled():
        saved = PlanItem.objects.get(pk=item.pk)
        assert (saved.status, saved.postponed_to_month) == ("postponed", 11)
        assert saved.status_changes.filter(note=NOTE).exists()


def test_a_deputys_refused_feedback_on_a_phone_is_shown_at_the_form(demo, live_server, page, login, screenshot):
    from deputies.models import Suggestion
    from deputies.suggestions import lifecycle
    from tests.isolation_suggestions import office_user

    page.set_viewport_size(PHONE)
    login(page, "deputy-demo")
    page.goto(f"{live_server.url}/portal/deputy/")
    page.locator("#todo-feedback a").first.click()
    suggestion_url = page.url
    form = page.locator("#feedback")
    form.get_by_label("不满意").check()
    form.get_by_role("button", name="提交反馈").click()  # no reason given

    form = page.locator("#feedback")
    problem = form.locator(".errorlist")
    expect(problem).to_contain_text("意见说明：代表不满意时请填写不满意的理由")
    expect(problem).to_be_in_viewport()  # not the top of the page: the reply and the timeline are long
    expect(form.get_by_role("alert")).to_be_in_viewport()
    expect(form.get_by_label("不满意")).to_be_checked()
    screenshot(page, "deputy-feedback-refused-phone")
    page.screenshot(path=str(SCREENSHOT_DIR / "deputy-feedback-refused-phone-view.png"))  # what the deputy sees

    # While they write the reason, the unit records a call: the page they read is out of date.
    reason = "答复只说“列入计划”，请明确开通时间。"
    form.get_by_label("意见说明").fill(reason)
    with scopes_disabled():
        s = Suggestion.objects.get(pk=int(re.search(r"/suggestions/(\d+)/", suggestion_url).group(1)))
        lifecycle.add_contact(s, s.lead_unit, stage="after", way="phone", contacted_on=s.replied_on,
                              by=office_user(s.body))
    form.get_by_role("button", name="提交反馈").click()
    form = page.locator("#feedback")
    expect(form.get_by_role("alert")).to_contain_text("已被他人更新")
    expect(form.get_by_role("alert")).to_be_in_viewport()
    expect(form.get_by_label("意见说明")).to_have_value(reason)
    expect(form.get_by_label("不满意")).to_be_checked()

    form.get_by_role("button", name="提交反馈").click()  # read, and sent again as it was
    expect(page.locator(".messages")).to_contain_text("已提交“不满意”意见")
    expect(page.locator("#suggestion-status")).to_have_text("重新办理")
    with scopes_disabled():
        s.refresh_from_db()
        assert s.status == "rehandling" and s.feedbacks.get(round=1).comment == reason
