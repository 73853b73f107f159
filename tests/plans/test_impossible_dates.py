"""A date that does not exist (2023-02-30), typed or sent by a script, is answered with a message naming the
field and changes nothing, on every form that takes a date outside a ModelForm (issue 21, 1)."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from plans.models import AnnualPlan, PlanKind
from supervision.models import ReviewOpinion
from tests.conftest import client_for


@pytest.fixture
def draft(baiyun):
    return AnnualPlan.objects.create(body=baiyun, year=2024, kind=PlanKind.SUPERVISION, title="2024 年度监督工作计划")


@pytest.mark.parametrize(("typed", "message"), [
    ("2023-02-30", "通过日期不是有效的日期"),
    ("30/02/2023", "通过日期不是有效的日期"),
    ("", "请填写通过日期"),
    ("2019-03-30", "通过日期应在 2023 年或 2024 年内"),
])
def test_adopting_a_plan_on_a_day_that_does_not_fit(draft, typed, message):
    response = client_for("office").post(reverse("plan-adopt", args=[draft.pk]), {"adopted_on": typed})
    assert response.status_code == 200
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == AnnualPlan.Status.DRAFT and draft.adopted_on is None


def test_adopting_on_a_real_day_with_a_meeting_of_the_year(draft, baiyun):
    meeting = Meeting.objects.filter(body=baiyun).first()
    meeting.year = 2024
    meeting.save()
    response = client_for("office").post(reverse("plan-adopt", args=[draft.pk]),
                                         {"adopted_on": "2024-02-29", "adopted_at": meeting.pk})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, str(draft.adopted_on), draft.adopted_at_id) == (AnnualPlan.Status.ADOPTED, "2024-02-29",
                                                                          meeting.pk)


def test_a_meeting_of_another_year_is_refused_as_the_adopting_meeting(draft, baiyun):
    other_year = Meeting.objects.filter(body=baiyun).exclude(year=2024).first()
    response = client_for("office").post(reverse("plan-adopt", args=[draft.pk]),
                                         {"adopted_on": "2024-01-10", "adopted_at": other_year.pk})
    assert "所选的通过会议不在本年度的会议中" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == AnnualPlan.Status.DRAFT


def test_meeting_outcomes_and_opinion_sending_name_an_impossible_date(baiyun):
    office = client_for("office")
    meeting = Meeting.objects.filter(body=baiyun, agenda_items__isnull=False).first()
    response = office.post(reverse("meeting-outcomes", args=[meeting.pk]), {"held_on": "2023-02-30"})
    assert response.status_code == 200 and "日期" in response.content.decode()
    opinion = ReviewOpinion.objects.filter(agenda_item__meeting__body=baiyun, sent_on__isnull=True).first()
    if opinion is not None:
        response = office.post(reverse("opinion-send", args=[opinion.pk]), {"sent_on": "2023-02-30"}, follow=True)
        assert "请填写正确的送交日期" in response.content.decode()
        opinion.refresh_from_db()
        assert opinion.sent_on is None
