"""移出 asks first and offers to delete the matter when no other plan holds it; a matter in no plan is never
counted as due, overdue or planned work (issue 21, 2). Before, one click removed the entry and the matter
stayed on, overdue, in 本委事项 and on the dashboard, with no page able to delete it."""

from datetime import date

import pytest
from django.urls import reverse

from plans.models import AnnualPlan, PlanEntry, PlanItem, PlanItemStatus, PlanKind
from tests.conftest import client_for


@pytest.fixture
def draft_entry(baiyun):
    """A draft plan listing one new matter, due in March 2023 (overdue since)."""
    plan = AnnualPlan.objects.create(body=baiyun, year=2023, kind=PlanKind.LEGISLATION, title="2023 年度立法工作计划")
    item = PlanItem.objects.create(body=baiyun, year=2023, title="制定某某条例的调研", form="research",
                                   timing_kind="month", start_month=3)
    return PlanEntry.objects.create(plan=plan, item=item, order=1, number="1")


def test_removing_asks_first_and_changes_nothing_until_confirmed(draft_entry):
    page = client_for("office").get(reverse("entry-remove", args=[draft_entry.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "确定将“<strong>制定某某条例的调研</strong>”移出" in text and 'name="delete_matter"' in text
    assert PlanEntry.objects.filter(pk=draft_entry.pk).exists()


def test_the_matter_in_no_other_plan_can_be_deleted_with_its_entry(draft_entry):
    response = client_for("office").post(reverse("entry-remove", args=[draft_entry.pk]), {"delete_matter": "1"},
                                         follow=True)
    assert "并删除了该事项" in response.content.decode()
    assert not PlanItem.objects.filter(pk=draft_entry.item_id).exists()


def test_a_matter_kept_in_no_plan_is_no_longer_overdue_anywhere(draft_entry, baiyun):
    item = draft_entry.item
    assert item.is_overdue()
    office = client_for("office")
    office.post(reverse("entry-remove", args=[draft_entry.pk]), follow=True)  # the message shown on the plan page
    item.refresh_from_db()
    assert PlanItem.objects.filter(pk=item.pk).exists() and not item.is_overdue()
    assert not PlanItem.objects.filter(pk=item.pk).overdue_on(date(2024, 1, 1))
    listed = office.get("/items/?year=2023&overdue=true&q=制定某某条例").content.decode()
    assert "制定某某条例的调研" not in listed


def test_a_matter_another_plan_holds_is_kept_and_that_plan_named(draft_entry, baiyun):
    other = AnnualPlan.objects.filter(body=baiyun, year=2023, kind=PlanKind.SUPERVISION).first()
    PlanEntry.objects.create(plan=other, item=draft_entry.item, order=999, number="99")
    office = client_for("office")
    page = office.get(reverse("entry-remove", args=[draft_entry.pk])).content.decode()
    assert other.title in page and 'name="delete_matter"' not in page
    response = office.post(reverse("entry-remove", args=[draft_entry.pk]), {"delete_matter": "1"}, follow=True)
    assert f"该事项仍列在《{other.title}》中" in response.content.decode()
    assert PlanItem.objects.filter(pk=draft_entry.item_id).exists()


def test_a_matter_with_work_done_is_never_deleted(draft_entry):
    PlanItem.objects.filter(pk=draft_entry.item_id).update(status=PlanItemStatus.PREPARING, progress=30)
    office = client_for("office")
    assert 'name="delete_matter"' not in office.get(reverse("entry-remove", args=[draft_entry.pk])).content.decode()
    office.post(reverse("entry-remove", args=[draft_entry.pk]), {"delete_matter": "1"})
    assert PlanItem.objects.filter(pk=draft_entry.item_id).exists()
    assert not PlanEntry.objects.filter(pk=draft_entry.pk).exists()
