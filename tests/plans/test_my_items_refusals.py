"""本委事项 (/items/mine/) and an item's own page: an update the rules refuse (已推迟 without a month, 已取消
without a reason, progress 150, a page someone else saved meanwhile) comes back in the item's own row, with
the problem next to the form and everything typed kept; nothing is saved. A good update is saved as before."""

import re

import pytest
from django.urls import reverse

from plans.models import PlanItem, StatusChange
from tests.conftest import client_for

MINE = reverse("my-items")


@pytest.fixture
def item(baiyun):
    """An open item 财经工委 leads (lead-caijing's), not started: it may be postponed or cancelled."""
    return (
        PlanItem.objects.filter(
            body=baiyun, status="not_started", responsibilities__committee__short_name="财经工委",
            responsibilities__role="lead",
        )
        .order_by("year", "due_month", "pk")
        .first()
    )


def _send(client, item, page, **typed):
    data = {"status": item.status, "progress": item.progress, "postponed_to_month": "", "note": "",
            "version": item.version, "next": page, **typed}
    return client.post(reverse("item-status", kwargs={"pk": item.pk}), data)


def _row(html, item):
    """The item's row on 本委事项 (or its status section on its own page)."""
    found = re.search(rf'<(article|section) [^>]*id="item-{item.pk}">(.*?)</\1>', html, re.S)
    assert found, f"no row for item {item.pk}"
    return found.group(2)


def _unchanged(item):
    fresh = PlanItem.objects.get(pk=item.pk)
    assert (fresh.status, fresh.progress, fresh.postponed_to_month, fresh.version) == (
        item.status, item.progress, item.postponed_to_month, item.version)
    assert not StatusChange.objects.filter(item=item, note__startswith="已发函").exists()


@pytest.mark.parametrize(("typed", "problem", "field"), [
    ({"status": "postponed", "note": "已发函区政府，等待材料"}, "推迟至：推迟时须选择推迟到的月份（1–12 月）。",
     "postponed_to_month"),
    ({"status": "cancelled", "note": ""}, "说明：取消时须说明理由。", "note"),
    ({"status": "preparing", "progress": "150", "note": "已发函区政府，等待材料"}, "进度（%）：确保该值小于或等于100。",
     "progress"),
])
def test_a_refused_update_comes_back_in_its_row_with_what_was_typed(baiyun, item, typed, problem, field):
    lead = client_for("lead-caijing")
    page = f"{MINE}?year={item.year}"
    sent = _send(lead, item, page, **typed)
    assert sent.status_code == 302 and sent["Location"] == f"{page}#item-{item.pk}"  # back at the row

    shown = lead.get(sent["Location"])
    html = shown.content.decode()
    row = _row(html, item)
    assert "未保存" in row and problem in row, row
    assert 'role="alert"' in row
    messages = re.search(r'<ul class="messages">(.*?)</ul>', html, re.S)
    assert not messages or problem not in messages.group(1), "the problem is at the row, not at the top"
    # Everything typed is still there to correct and send again.
    assert f'<option value="{typed["status"]}" selected>' in row
    note = typed.get("note", "")
    assert f'placeholder="如：已收到区政府报告初稿" value="{note}"' in row
    if "progress" in typed:
        assert f'name="progress" min="0" max="100" value="{typed["progress"]}"' in row
    # The field named by the problem is marked, and described by the problem, for assistive technology.
    marked = re.search(rf'name="{field}"[^>]*>', row).group(0)
    assert 'aria-invalid="true"' in marked and 'aria-describedby="item-%d-problems"' % item.pk in marked
    assert html.count('aria-invalid="true"') == 1
    # Only that row: the others show their own values, no problem.
    assert html.count("未保存") == 1
    _unchanged(item)

    # Shown once: the page seen again is the plain list.
    assert "未保存" not in lead.get(page).content.decode()


def test_a_good_update_is_saved_as_before(baiyun, item):
    lead = client_for("lead-caijing")
    page = f"{MINE}?year={item.year}"
    sent = _send(lead, item, page, status="postponed", postponed_to_month="11", note="已发函区政府，等待材料")
    assert sent.status_code == 302 and sent["Location"] == f"{page}#item-{item.pk}"
    html = lead.get(sent["Location"]).content.decode()
    assert "已更新" in html and "未保存" not in html
    item.refresh_from_db()
    assert (item.status, item.postponed_to_month) == ("postponed", 11)
    assert StatusChange.objects.filter(item=item, to_status="postponed", note="已发函区政府，等待材料").exists()


def test_on_the_items_own_page_the_refusal_is_at_its_form(baiyun, item):
    office = client_for("office")
    page = reverse("item-detail", kwargs={"pk": item.pk})
    sent = _send(office, item, page, status="cancelled", progress="30")
    assert sent["Location"] == f"{page}#item-{item.pk}"
    row = _row(office.get(sent["Location"]).content.decode(), item)
    assert "说明：取消时须说明理由。" in row
    assert '<option value="cancelled" selected>' in row and 'value="30"' in row
    _unchanged(item)


def test_a_page_saved_meanwhile_keeps_what_was_typed_with_the_current_version(baiyun, item):
    lead, office = client_for("lead-caijing"), client_for("office")
    page = f"{MINE}?year={item.year}"
    assert _send(office, item, page, status="preparing", note="办公室先改").status_code == 302
    sent = _send(lead, item, page, status="postponed", postponed_to_month="10", note="已发函区政府，等待材料")
    row = _row(lead.get(sent["Location"]).content.decode(), item)
    fresh = PlanItem.objects.get(pk=item.pk)
    assert "该事项已被他人修改，请查看最新内容后再提交。" in row
    assert f'name="version" value="{fresh.version}"' in row  # sent again, it is judged on the current item
    assert '<option value="10" selected>' in row and 'value="已发函区政府，等待材料"' in row
    assert fresh.status == "preparing" and fresh.postponed_to_month is None


def test_when_the_row_is_not_on_the_page_the_message_is_on_top_with_the_note(baiyun, item):
    lead = client_for("lead-caijing")
    page = f"{MINE}?year=1990"  # a year with none of the user's items
    sent = _send(lead, item, page, status="postponed", note="已发函区政府，等待材料")
    html = lead.get(sent["Location"]).content.decode()
    top = re.search(r'<ul class="messages">(.*?)</ul>', html, re.S).group(1)
    assert "推迟至：推迟时须选择推迟到的月份" in top and "您填写的说明：“已发函区政府，等待材料”" in top
    _unchanged(item)


def test_a_refusal_on_another_page_is_never_shown_on_a_later_one(baiyun, item):
    """Left for the page the form was on; any other page drops it rather than show it later."""
    lead = client_for("lead-caijing")
    _send(lead, item, f"{MINE}?year={item.year}", status="cancelled")
    assert "未保存" not in lead.get(reverse("item-detail", kwargs={"pk": item.pk})).content.decode()
    assert "未保存" not in lead.get(f"{MINE}?year={item.year}").content.decode()
