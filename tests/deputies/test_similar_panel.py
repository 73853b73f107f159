"""The 相似建议 JSON and panels: a deputy drafting gets accepted suggestions' public fields only; staff get the
suggestions they may see; the server-rendered panel on the suggestion's page."""

from django.urls import reverse

from deputies.models import Suggestion
from tests.conftest import client_for

DRAFT = "景泰街道长者饭堂太少，老人就餐不便"


def test_deputy_drafting_gets_the_earlier_repeat_with_public_fields_only(baiyun):
    answer = client_for("deputy-demo").get(reverse("portal-deputy-similar"), {"title": DRAFT})
    assert answer.status_code == 200
    data = answer.json()
    titles = [r["title"] for r in data["earlier"]]
    assert any("景泰街道老人吃饭难" in t for t in titles), titles
    row = data["earlier"][0]
    assert set(row) == {"id", "year", "number", "number_label", "title", "raised_at", "status", "lead_unit",
                        "reply_class", "feedback", "similarity"}
    ids = [r["id"] for rows in data.values() for r in rows]
    assert not Suggestion.objects.filter(pk__in=ids, status__in=("draft", "submitted", "confirming",
                                                                  "returned")).exists()


def test_staff_json_and_refusals(baiyun):
    answer = client_for("office").get(reverse("similar-suggestions"), {"title": DRAFT})
    assert answer.status_code == 200 and answer.json()["earlier"]
    assert client_for("office").get(reverse("portal-deputy-similar"), {"title": DRAFT}).status_code == 403
    assert client_for("deputy-demo").get(reverse("similar-suggestions"), {"title": DRAFT}).status_code in (302, 403)


def test_api_similar_of_a_suggestion(baiyun):
    s = Suggestion.objects.get(body=baiyun, year=2023, title="关于在景泰街道增设长者饭堂的建议")
    answer = client_for("office").get(f"/api/v1/suggestions/{s.pk}/similar/")
    assert answer.status_code == 200
    assert any(r["year"] == 2022 and "景泰街道" in r["title"] for r in answer.json()["earlier"])
