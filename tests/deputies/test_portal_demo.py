"""The demo's portal accounts: deputy-demo and unit-demo log in with the demo password, have work
waiting, and the suggestions API answers each with their own suggestions only."""

from django.test import Client
from django.urls import reverse

from core.models import UnitContact
from deputies.models import Assignment, Deputy, Signature, Suggestion
from deputies.models.suggestions import SuggestionStatus


def _api_ids(client) -> set[int]:
    ids, url = set(), reverse("api:suggestion-list") + "?page_size=200"
    while url:
        answer = client.get(url)
        assert answer.status_code == 200
        data = answer.json()
        ids |= {row["id"] for row in data["results"]}
        url = data["next"]
    return ids


def _logged_in(username) -> Client:
    """Through the log-in page, with the demo password."""
    client = Client()
    answer = client.post(reverse("login"), {"username": username, "password": "renda-demo"})
    assert answer.status_code == 302, username
    return client


def test_deputy_demo_is_an_example_deputy_with_suggestions_raised_and_cosigned(baiyun):
    deputy = Deputy.objects.get(user__username="deputy-demo")
    assert deputy.is_example and deputy.body == baiyun
    roles = set(Signature.objects.filter(deputy=deputy).values_list("role", flat=True))
    assert roles == {"proposer", "cosigner"}


def test_the_api_answers_deputy_demo_with_their_own_suggestions_only(baiyun):
    deputy = Deputy.objects.get(user__username="deputy-demo")
    own = set(Signature.objects.filter(deputy=deputy).values_list("suggestion_id", flat=True))
    ids = _api_ids(_logged_in("deputy-demo"))
    assert ids == own
    assert Suggestion.objects.filter(body=baiyun).count() > len(ids) > 3


def test_the_api_answers_unit_demo_with_its_units_suggestions_only(baiyun):
    contact = UnitContact.objects.get(user__username="unit-demo")
    assert contact.unit.name == "区发展改革局"
    assigned = set(Assignment.objects.filter(unit=contact.unit, active=True).values_list("suggestion_id", flat=True))
    ids = _api_ids(_logged_in("unit-demo"))
    assert ids == assigned and len(ids) > 1
    # It handles some of deputy-demo's suggestions.
    deputy = Deputy.objects.get(user__username="deputy-demo")
    assert ids & set(Signature.objects.filter(deputy=deputy).values_list("suggestion_id", flat=True))


def test_demo_portals_have_work_waiting_today(baiyun):
    deputy = Deputy.objects.get(user__username="deputy-demo")
    mine = Suggestion.objects.filter(signatures__deputy=deputy)
    assert mine.filter(status=SuggestionStatus.SUBMITTED, signatures__role="proposer").exists()
    assert mine.filter(status=SuggestionStatus.CONFIRMING, signatures__role="cosigner",
                       signatures__confirmed_on__isnull=True).exists()
    contact = UnitContact.objects.get(user__username="unit-demo")
    assert Assignment.objects.filter(unit=contact.unit, active=True, signed_on__isnull=True).exists()


def test_some_closed_suggestions_are_public_and_some_are_not(baiyun):
    closed = Suggestion.objects.filter(body=baiyun, status=SuggestionStatus.CLOSED, session__isnull=False)
    assert closed.filter(is_public=True).exists() and closed.filter(is_public=False).exists()
    assert not Suggestion.objects.filter(body=baiyun, is_public=True).exclude(status=SuggestionStatus.CLOSED).exists()
