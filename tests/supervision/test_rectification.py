"""Rectification: notes and closing by the following committee, overdue marking, permissions, API."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import Committee
from supervision.models import Rectification
from tests.conftest import client_for
from tests.versioned_posts import post_edit


@pytest.fixture
def rect(baiyun):
    return Rectification.objects.create(
        body=baiyun, source=Rectification.Source.OPINION, what="整改养老服务短板",
        committee=Committee.objects.get(body=baiyun, short_name="社会建设工委"), due_on=date(2023, 10, 31),
    )


def _api(username):
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


def test_overdue_until_closed(rect, office_client):
    assert rect.is_overdue(date(2023, 11, 1)) and not rect.is_overdue(date(2023, 10, 31))
    text = office_client.get(reverse("rectification-list"), {"overdue": "true"}).content.decode()
    assert f'id="rect-{rect.pk}" class="overdue"' in text
    office_client.post(reverse("rectification-close", args=[rect.pk]), {"closed_on": "2023-11-20"})
    rect.refresh_from_db()
    assert rect.status == "closed" and rect.closed_on == date(2023, 11, 20) and not rect.is_overdue()
    assert f'id="rect-{rect.pk}"' not in office_client.get(reverse("rectification-list"), {"overdue": "true"}).content.decode()


def test_the_following_committee_adds_notes_and_closes(rect):
    lead = client_for("lead-shehui")
    lead.post(reverse("rectification-note", args=[rect.pk]), {"text": "已召开推进会"})
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    lead.post(reverse("rectification-close", args=[rect.pk]), {"closed_on": future})
    rect.refresh_from_db()
    assert rect.status == "open"  # a future date is refused
    lead.post(reverse("rectification-close", args=[rect.pk]), {"closed_on": "2023-12-01", "text": "已完成"})
    rect.refresh_from_db()
    assert rect.status == "closed"
    notes = [n.text for n in rect.notes.all()]
    assert notes[0] == "已召开推进会" and "整改完成（2023-12-01）" in notes[1]
    page = lead.get(reverse("rectification-detail", args=[rect.pk])).content.decode()
    assert "已召开推进会" in page and "重新打开" in page


@pytest.mark.parametrize(("username", "allowed"), [
    ("office", True), ("lead-shehui", True), ("lead-caijing", False), ("director", False),
])
def test_permission_matrix_page_and_api(rect, username, allowed):
    assert client_for(username).post(reverse("rectification-note", args=[rect.pk]), {"text": "x"}).status_code == (
        302 if allowed else 403)
    response = _api(username).post(reverse("api:rectification-notes", args=[rect.pk]), {"text": "y"}, format="json")
    assert response.status_code == (201 if allowed else 403)
    if not allowed:
        assert "不能" in response.json()["detail"]
    assert rect.notes.count() == (2 if allowed else 0)
    create = _api(username).post(reverse("api:rectification-list"), {"source": "opinion", "what": "z"}, format="json")
    assert create.status_code == (201 if username == "office" else 403)


def test_api_closes_and_filters(rect):
    api = _api("lead-shehui")
    assert api.post(reverse("api:rectification-close", args=[rect.pk]), {"closed_on": "2023-12-01"},
                    format="json").status_code == 200
    rows = api.get(reverse("api:rectification-list"), {"status": "closed"}).json()["results"]
    assert rect.pk in [r["id"] for r in rows]


def test_opinion_response_can_open_a_rectification(baiyun, office_client):
    from supervision.models import ReviewOpinion
    from tests.supervision.test_opinions import _opinion

    opinion = _opinion(baiyun)
    post_edit(office_client, reverse("opinion-detail", args=[opinion.pk]),
                       {"response_on": "2023-07-20", "assessment": "basic", "open_rectification": "on"})
    r = Rectification.objects.get(opinion=opinion)
    assert r.committee == ReviewOpinion.objects.get(pk=opinion.pk).committee and r.due_on == date(2023, 10, 20)


def test_new_report_button_follows_the_evaluations_service(rect, office_client):
    from supervision.opinions import schedule_new_report_function

    rect.needs_new_report = True
    rect.save()
    text = office_client.get(reverse("rectification-detail", args=[rect.pk])).content.decode()
    if schedule_new_report_function() is None:
        assert "尚未启用" in text
    else:
        assert "将再次报告列入后续会议议程" in text
