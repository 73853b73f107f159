"""What cannot be undone asks first (issue 21, 6): dismissing the question leaves everything as it was,
accepting it does the deed. Deleting a meeting, taking an item off an agenda, taking an item out of a plan."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.conftest import restore_session_data


@pytest.fixture
def demo_rows(transactional_db):
    from meetings.models import AgendaItem, Meeting, MeetingKind
    from plans.models import AnnualPlan, PlanEntry
    from reports.demo import demo_body_name

    with scopes_disabled():
        restore_session_data()
        body_name = demo_body_name()
        term = Meeting.objects.filter(body__name=body_name).first().term
        empty = Meeting.objects.create(body=term.body, term=term, year=2023, kind=MeetingKind.CHAIRPERSONS,
                                       number=98, planned_month=12)
        agenda_item = AgendaItem.objects.filter(meeting__body__name=body_name).order_by("pk").first()
        item = PlanEntry.objects.filter(plan__body__name=body_name).order_by("pk").first().item
        draft = AnnualPlan.objects.create(body=term.body, year=2024, kind="supervision", title="2024 年度监督工作计划（草案）")
        entry = PlanEntry.objects.create(plan=draft, item=item, order=1, number="1")
        return {"empty": empty, "agenda_item": agenda_item, "entry": entry}


def _answer(page, accept: bool, questions: list):
    def on_dialog(dialog):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()
    page.once("dialog", on_dialog)


def test_deleting_a_meeting_and_taking_an_item_off_an_agenda_ask_first(demo_rows, live_server, page, login,
                                                                          screenshot):
    from meetings.models import AgendaItem, Meeting

    login(page, "office")
    questions = []
    meeting = demo_rows["empty"]
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    _answer(page, False, questions)
    page.get_by_role("button", name="删除会议").click()
    page.wait_for_timeout(300)
    assert "删除后不能恢复" in questions[-1]
    with scopes_disabled():
        assert Meeting.objects.filter(pk=meeting.pk).exists()
    _answer(page, True, questions)
    page.get_by_role("button", name="删除会议").click()
    expect(page.locator(".messages")).to_contain_text("已删除")
    with scopes_disabled():
        assert not Meeting.objects.filter(pk=meeting.pk).exists()

    agenda_item = demo_rows["agenda_item"]
    page.goto(f"{live_server.url}/meetings/{agenda_item.meeting_id}/")
    _answer(page, False, questions)
    page.locator(f'form[action$="/{agenda_item.pk}/remove/"] button').click()
    page.wait_for_timeout(300)
    assert "撤下" in questions[-1] and agenda_item.title[:10] in questions[-1]
    with scopes_disabled():
        assert AgendaItem.objects.filter(pk=agenda_item.pk).exists()
    screenshot(page, "confirm-dismissed-agenda")


def test_taking_an_item_out_of_a_draft_plan_asks_first(demo_rows, live_server, page, login, screenshot):
    from plans.models import PlanEntry

    entry = demo_rows["entry"]
    login(page, "office")
    page.goto(f"{live_server.url}/plans/{entry.plan_id}/")
    page.locator(f'a[href$="/entries/{entry.pk}/remove/"]').click()
    expect(page.get_by_text("移出《2024 年度监督工作计划（草案）》吗")).to_be_visible()
    screenshot(page, "entry-remove-asks")
    page.get_by_role("link", name="取消").click()
    with scopes_disabled():
        assert PlanEntry.objects.filter(pk=entry.pk).exists()
