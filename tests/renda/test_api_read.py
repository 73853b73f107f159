"""The read API: meetings, plans and plan items with their filters, pagination and schema."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.api_tokens import token_for


@pytest.fixture
def api(baiyun):
    from django.contrib.auth import get_user_model

    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="director"))
    return client


def test_meetings_of_2023_are_the_seven_standing_meetings_with_agenda_counts(api):
    rows = api.get(reverse("api:meeting-list"), {"year": 2023, "kind": "standing"}).json()["results"]
    assert [(r["number"], r["agenda_count"]) for r in rows] == [
        (12, 5), (13, 5), (14, 7), (15, 7), (16, 4), (17, 1), (18, 14)
    ]
    assert rows[1]["title"] == "第十七届人大常委会第十三次会议"
    assert all(r["term"] == 17 for r in rows)


def test_meetings_filter_by_year_kind_and_term(api):
    url = reverse("api:meeting-list")
    everything = api.get(url, {"year": 2023}).json()["count"]
    assert api.get(url, {"year": 2023, "kind": "standing"}).json()["count"] == 7
    assert api.get(url, {"year": 2023, "term": 17}).json()["count"] == everything
    # The demo's 2022 example meetings (follow-up supervision) are apart from 2023's.
    assert all(r["year"] == 2022 for r in api.get(url, {"year": 2022}).json()["results"])
    assert api.get(url, {"year": 2021}).json()["count"] == 0
    assert api.get(url, {"term": 16}).json()["count"] == 0


def test_meeting_detail_lists_the_agenda_in_order(api):
    meeting = api.get(reverse("api:meeting-list"), {"year": 2023, "kind": "standing"}).json()["results"][5]
    detail = api.get(reverse("api:meeting-detail", kwargs={"pk": meeting["id"]})).json()
    assert detail["number"] == 17
    [item] = detail["agenda_items"]
    assert len(item["reporting_bodies"]) == 23 and item["has_evaluation"] is True


def test_plan_items_filter_by_plan_kind_form_committee_and_status(api, baiyun):
    from core.models import Committee

    url = reverse("api:plan-item-list")
    research = api.get(url, {"year": 2023, "form": "research"}).json()
    assert research["count"] == 6
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    rows = api.get(url, {"year": 2023, "committee": caijing.pk, "page_size": 200}).json()["results"]
    assert rows and all("财经工委" in r["lead_committees"] + r["helping_committees"] for r in rows)
    major = api.get(url, {"plan_kind": "major_matters"}).json()
    assert major["count"] == 11
    reviewed = api.get(url, {"status": "reviewed", "page_size": 200}).json()["results"]
    assert reviewed and all(r["status"] == "reviewed" for r in reviewed)
    assert api.get(url, {"status": "no-such-status"}).status_code == 400


def test_plan_item_shows_every_plan_it_appears_in(api):
    rows = api.get(reverse("api:plan-item-list"), {"q": "国土总体规划"}).json()["results"]
    [item] = [row for row in rows if "国土总体规划" in row["title"]]
    assert {e["plan_kind"] for e in item["entries"]} == {"work_points", "supervision", "major_matters"}
    assert len(item["agenda_items"]) == 1


def test_pagination(api):
    url = reverse("api:plan-item-list")
    first = api.get(url, {"page_size": 10}).json()
    assert len(first["results"]) == 10 and first["next"]
    second = api.get(first["next"]).json()
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in second["results"])


def test_token_authentication(baiyun):
    from django.contrib.auth import get_user_model

    token = token_for(get_user_model().objects.get(username="office"))
    client = APIClient()
    assert client.get(reverse("api:meeting-list")).status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("api:meeting-list"), {"year": 2023}).status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(reverse("api:meeting-list")).status_code == 401


def test_directors_read_but_cannot_write_through_the_api(api):
    refused = api.post(reverse("api:meeting-list"), {})
    assert refused.status_code == 403 and "办公室" in refused.json()["detail"]


def test_schema_and_docs_are_served_locally(office_client):
    schema = office_client.get(reverse("api-schema"))
    assert schema.status_code == 200 and b"/api/v1/plan-items/" in schema.content
    docs = office_client.get(reverse("api-docs")).content.decode()
    assert "swagger" in docs.lower()
    # Our Content Security Policy allows no inline script: every script is a file of ours.
    assert "<script>" not in docs and '<script src="/static/' in docs
    assert "http://" not in docs and "https://" not in docs


def test_openapi_schema_is_valid_and_complete(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    for path in ("/api/v1/meetings/", "/api/v1/plan-items/", "/api/v1/committees/", "/api/v1/plans/"):
        assert path in text


def test_the_api_root_lists_every_endpoint_with_its_address(api):
    """GET /api/v1/ answers with the endpoints (it was a 404): a caller finds the lists from the root."""
    response = api.get("/api/v1/")
    assert response.status_code == 200
    endpoints = response.json()["endpoints"]
    for name in ("committees", "meetings", "plans", "plan-items", "evaluations", "suggestions", "deputies",
                 "notifications", "dashboard"):
        assert name in endpoints, name
    assert endpoints["plan-items"].endswith("/api/v1/plan-items/")
    assert api.get(endpoints["meetings"]).status_code == 200
    assert APIClient().get("/api/v1/").status_code in (401, 403)
