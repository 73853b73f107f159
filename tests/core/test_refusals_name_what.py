"""Issue 21 point 10: a refusal names what was refused, and the 403 page shows it.

Building a meeting's agenda used to answer "只有常委会办公室可以录入和调整计划。", about plans; each of the
office's pages now says which work it is the office's, and the API documentation refused to a deputy shows
its reason instead of a generic line.
"""

import re

import pytest
from django.urls import reverse

from meetings.models import Meeting
from plans.models import AnnualPlan
from tests.conftest import client_for

GENERIC = "您没有权限进行此操作。"


def alert(response) -> str:
    """The text of the 403 page's message."""
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', response.content.decode(), re.S)
    assert found, response.content.decode()[:500]
    return found.group(1).strip()


def test_agenda_building_refusal_is_about_the_agenda(lead_client, baiyun):
    meeting = Meeting.objects.filter(body=baiyun).first()
    response = lead_client.get(reverse("agenda-builder", kwargs={"pk": meeting.pk}))
    assert response.status_code == 403
    text = alert(response)
    assert text == "您没有建立会议议程的权限：只有常委会办公室可以建立会议议程。"
    assert "计划" not in text


@pytest.mark.parametrize(("route", "needs", "refused"), [
    ("meeting-create", None, "新建会议"),
    ("meeting-outcomes", "meeting", "记录会议情况"),
    ("agenda-item-create", "meeting", "添加议题"),
    ("plan-create", None, "新建年度计划"),
    ("plan-adjust", "plan", "调整年度计划"),
])
def test_each_office_page_names_what_it_refuses(director_client, baiyun, route, needs, refused):
    objects = {"meeting": Meeting.objects.filter(body=baiyun), "plan": AnnualPlan.objects.filter(body=baiyun)}
    kwargs = {"pk": objects[needs].first().pk} if needs else None
    response = director_client.get(reverse(route, kwargs=kwargs))
    assert response.status_code == 403
    assert alert(response) == f"您没有{refused}的权限：只有常委会办公室可以{refused}。"


def test_refused_api_documentation_says_why(baiyun):
    """DRF renders the documentation page's 403 with the same template: the reason shows, not a generic line."""
    response = client_for("deputy-demo").get(reverse("api-docs"))
    assert response.status_code == 403
    text = alert(response)
    assert text != GENERIC and "常委会工作人员" in text
