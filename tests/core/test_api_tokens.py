"""API tokens: issued by a body's administrator on /settings/tokens/, shown once, kept as a digest,
revocable; they work only for an active member of the token's body, and only the own body's
administrator may see, issue or revoke them."""

import hashlib
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.api_tokens import authenticate_key, issue_token
from core.models import ApiToken, BodyMembership
from plans.models import PlanItem
from tests.api_tokens import token_for
from tests.conftest import client_for

User = get_user_model()
TOKENS = "/settings/tokens/"


def _user(username):
    return User.objects.get(username=username)


def _api(key) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def _all_ids(api, url):
    ids, next_url = set(), url + "?page_size=200"
    while next_url:
        response = api.get(next_url)
        assert response.status_code == 200, response.content
        data = response.json()
        ids |= {row["id"] for row in data["results"]}
        next_url = data["next"]
    return ids


def _issue_on_page(client, user, name="与办公自动化系统对接"):
    return client.post(TOKENS, {"user": user.pk, "name": name})


def test_urls_are_the_named_ones():
    assert reverse("settings-tokens") == TOKENS
    assert reverse("settings-token-revoke", args=[7]) == "/settings/tokens/7/revoke/"


def test_issued_key_is_shown_once_works_for_the_api_and_is_stored_only_as_a_digest(baiyun, second_body):
    admin = client_for("admin")
    office = _user("office")
    response = _issue_on_page(admin, office)
    assert response.status_code == 302
    shown = admin.get(response["Location"])
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    token = ApiToken.objects.get(body=baiyun, user=office)
    page = shown.content.decode()
    key = page.split("data-token-key>")[1].split("<")[0]
    assert key.startswith("rd_") and len(key) > 40
    assert token.key_prefix == key[:8] and token.created_by == _user("admin") and token.name == "与办公自动化系统对接"

    # The database holds the digest, never the key.
    assert token.key_digest == hashlib.sha256(key.encode()).hexdigest()
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert not any(key in value for value in stored)
    assert not LogEntry.objects.filter(change_message__contains=key).exists()

    # Shown once: the same address again, or the list, no longer has it.
    again = admin.get(response["Location"])
    assert key not in again.content.decode() and "只显示一次" in again.content.decode()
    listing = admin.get(TOKENS).content.decode()
    assert key not in listing and f"{token.key_prefix}…" in listing

    # The key reads this body's plan items, and none of the other body's.
    ids = _all_ids(_api(key), reverse("api:plan-item-list"))
    assert ids and ids <= set(PlanItem.objects.filter(body=baiyun).values_list("id", flat=True))
    assert ids.isdisjoint(PlanItem.objects.filter(body=second_body).values_list("id", flat=True))
    token.refresh_from_db()
    assert token.last_used_at is not None
    # The history on the page says who issued what.
    assert "与办公自动化系统对接" in listing.split('id="token-history"')[1]


def test_last_use_is_written_at_most_once_a_minute(baiyun):
    key = token_for("office")
    token = ApiToken.objects.get(user__username="office")
    _api(key).get(reverse("api:meeting-list"))
    token.refresh_from_db()
    first = token.last_used_at
    _api(key).get(reverse("api:meeting-list"))
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    _api(key).get(reverse("api:meeting-list"))
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(seconds=1)


def test_wrong_and_missing_keys_get_401_with_the_token_scheme(baiyun):
    for header in ({}, {"HTTP_AUTHORIZATION": "Token rd_not-a-real-key"}, {"HTTP_AUTHORIZATION": "Token a b"},
                   {"HTTP_AUTHORIZATION": "Token"}):
        response = Client().get(reverse("api:meeting-list"), **header)
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"] == "Token"


def test_a_revoked_token_gets_401_and_the_revoke_is_recorded(baiyun):
    key = token_for("office")
    assert _api(key).get(reverse("api:meeting-list")).status_code == 200
    token = ApiToken.objects.get(user__username="office")
    admin = client_for("admin")
    response = admin.post(reverse("settings-token-revoke", args=[token.pk]), follow=True)
    assert "已作废令牌" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = _api(key).get(reverse("api:meeting-list"))
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
    history = admin.get(TOKENS).content.decode().split('id="token-history"')[1]
    assert "有效 → 已作废" in history and "作废" in history
    # A GET does not revoke.
    fresh = token_for("office")
    other = ApiToken.objects.get(user__username="office", revoked_at__isnull=True)
    assert admin.get(reverse("settings-token-revoke", args=[other.pk])).status_code == 405
    assert _api(fresh).get(reverse("api:meeting-list")).status_code == 200


def test_a_member_removed_from_the_body_or_switched_off_gets_401(baiyun):
    office = _user("office")
    key = token_for(office)
    assert _api(key).get(reverse("api:meeting-list")).status_code == 200
    BodyMembership.objects.filter(user=office, body=baiyun).delete()
    assert _api(key).get(reverse("api:meeting-list")).status_code == 401
    assert authenticate_key(key) is None

    director = _user("director")
    key = token_for(director)
    director.is_active = False
    director.save()
    assert _api(key).get(reverse("api:meeting-list")).status_code == 401


def test_a_token_works_only_in_its_own_body(baiyun, second_body):
    """A token issued in one body to a user who is no member there is refused."""
    _, key = issue_token(_user("office-other"), baiyun, "越级", _user("admin"))
    assert _api(key).get(reverse("api:meeting-list")).status_code == 401


def test_issuing_needs_a_name_and_a_user_of_this_body(baiyun, second_body):
    admin = client_for("admin")
    before = ApiToken.objects.count()
    empty = admin.post(TOKENS, {"user": _user("office").pk, "name": "  "})
    assert empty.status_code == 400 and "用途：请填写令牌的用途" in empty.content.decode()
    for other in ("office-other", "admin-other", "platform"):
        refused = _issue_on_page(admin, _user(other), name="越权")
        assert refused.status_code == 400
        assert "用户：只能为本级人大常委会在用的工作人员账号签发令牌" in refused.content.decode()
    not_a_number = admin.post(TOKENS, {"user": "x", "name": "越权"})
    assert not_a_number.status_code == 400
    assert ApiToken.objects.count() == before
    # The choices are this body's staff only.
    page = admin.get(TOKENS).content.decode()
    form = page.split('id="issue-token"')[1].split("</form>")[0]
    assert f'value="{_user("office").pk}"' in form and f'value="{_user("office-other").pk}"' not in form


def test_another_bodys_administrator_can_neither_see_nor_revoke_nor_issue(baiyun, second_body):
    key = token_for("office")
    token = ApiToken.objects.get(user__username="office")
    other_admin = client_for("admin-other")
    page = other_admin.get(TOKENS)
    assert page.status_code == 200
    assert f"{token.key_prefix}…" not in page.content.decode() and "测试" not in page.content.decode()
    assert other_admin.post(reverse("settings-token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None and _api(key).get(reverse("api:meeting-list")).status_code == 200
    before = ApiToken.objects.count()
    for username in ("office", "admin", "director"):
        assert _issue_on_page(other_admin, _user(username)).status_code == 400
    assert ApiToken.objects.count() == before
    # And the history of this body's tokens is not on the other's page.
    assert "测试" not in other_admin.get(TOKENS).content.decode()


@pytest.mark.parametrize("username", ["office", "director", "lead-caijing"])
def test_staff_other_than_the_administrator_get_403(baiyun, username):
    token_for("office")
    token = ApiToken.objects.get(user__username="office")
    client = client_for(username)
    assert client.get(TOKENS).status_code == 403
    assert client.post(TOKENS, {"user": _user(username).pk, "name": "自己签"}).status_code == 403
    assert client.post(reverse("settings-token-revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.objects.count() == 1


def test_anonymous_users_are_sent_to_log_in(baiyun):
    for url in (TOKENS, reverse("settings-token-revoke", args=[1])):
        response = Client().get(url)
        assert response.status_code == 302 and urlparse(response["Location"]).path == reverse("login")


def test_the_list_costs_the_same_queries_for_one_token_or_many(baiyun):
    admin = client_for("admin")
    token_for("office")
    admin.get(TOKENS)
    with CaptureQueriesContext(connection) as one:
        admin.get(TOKENS)
    for username in ("director", "lead-caijing", "lead-shehui", "admin"):
        token_for(username)
    ApiToken.objects.filter(user__username="director").update(revoked_at=timezone.now())
    with CaptureQueriesContext(connection) as many:
        page = admin.get(TOKENS)
    assert page.content.decode().count('<tr id="token-') == 5
    assert len(many) == len(one)
