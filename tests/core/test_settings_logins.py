"""/settings/logins/: a body's administrator sees the lock-outs and log-ins of the body's own accounts
only, and lifts a lock-out (recorded); other bodies' and unknown usernames are never shown."""

from urllib.parse import urlparse

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for

LOGINS = "/settings/logins/"


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.AXES_SLOWDOWN_SECONDS = 0


def _try(username, password, address):
    client = Client(REMOTE_ADDR=address)
    return client, client.post(reverse("login"), {"username": username, "password": password})


def _lock(username, address, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(username, "wrong", address)


@pytest.fixture
def locked(baiyun, second_body, settings):
    """Lock-outs of baiyun's office (typed in capitals), of the other body's office, and of a name nobody has."""
    _lock("OFFICE", "10.0.0.1", settings)
    _lock("office-other", "10.0.0.2", settings)
    _lock("nobody-at-all", "10.0.0.3", settings)
    return {
        "own": AccessAttempt.objects.get(username="OFFICE"),
        "other": AccessAttempt.objects.get(username="office-other"),
        "unknown": AccessAttempt.objects.get(username="nobody-at-all"),
    }


def _section(page, section_id):
    return page.split(f'id="{section_id}"')[1].split("</section>")[0]


def test_url_names():
    assert reverse("settings-logins") == LOGINS
    assert reverse("settings-login-unlock", args=[3]) == "/settings/logins/3/unlock/"


def test_the_page_shows_this_bodys_lockouts_only(locked):
    page = client_for("admin").get(LOGINS)
    assert page.status_code == 200
    lockouts = _section(page.content.decode(), "lockouts")
    assert f'id="attempt-{locked["own"].pk}"' in lockouts and "已锁定" in lockouts
    assert "办公室演示账号" in lockouts  # the member's name, matched whatever the case typed
    assert f'id="attempt-{locked["other"].pk}"' not in lockouts and "office-other" not in lockouts
    assert f'id="attempt-{locked["unknown"].pk}"' not in lockouts and "nobody-at-all" not in lockouts

    other_page = client_for("admin-other").get(LOGINS).content.decode()
    other_lockouts = _section(other_page, "lockouts")
    assert f'id="attempt-{locked["other"].pk}"' in other_lockouts
    assert f'id="attempt-{locked["own"].pk}"' not in other_lockouts and "nobody-at-all" not in other_page


def test_recent_logins_are_this_bodys_only(baiyun, second_body):
    _try("director", "renda-demo", "10.0.1.1")
    _try("admin-other", "renda-demo", "10.0.1.2")
    assert AccessLog.objects.filter(username="admin-other").exists()
    records = _section(client_for("admin").get(LOGINS).content.decode(), "login-records")
    assert "10.0.1.1" in records and "主任会议演示账号" in records
    assert "10.0.1.2" not in records and "admin-other" not in records


def test_unlocking_lets_the_person_log_in_again_and_is_recorded(locked):
    client, refused = _try("office", "renda-demo", "10.0.0.1")
    assert refused.status_code == 429  # locked out, even with the right password
    admin = client_for("admin")
    response = admin.post(reverse("settings-login-unlock", args=[locked["own"].pk]), follow=True)
    assert "已解除" in response.content.decode()
    assert not AccessAttempt.objects.filter(username__iexact="office").exists()
    _, allowed = _try("office", "renda-demo", "10.0.0.1")
    assert allowed.status_code == 302

    office = get_user_model().objects.get(username="office")
    entry = LogEntry.objects.get(object_id=str(office.pk), change_message__startswith="登录锁定")
    assert entry.user.username == "admin" and "已解除" in entry.change_message
    history = _section(admin.get(LOGINS).content.decode(), "unlock-history")
    assert "登录锁定" in history and "office" in history
    # Nothing else was unlocked.
    assert AccessAttempt.objects.filter(pk__in=[locked["other"].pk, locked["unknown"].pk]).count() == 2
    # The other body's administrator does not see this record.
    assert "登录锁定" not in _section(client_for("admin-other").get(LOGINS).content.decode(), "unlock-history")


def test_unlocking_another_bodys_or_an_unknown_lockout_is_404(locked):
    admin = client_for("admin")
    for key in ("other", "unknown"):
        assert admin.post(reverse("settings-login-unlock", args=[locked[key].pk])).status_code == 404
    assert client_for("admin-other").post(reverse("settings-login-unlock", args=[locked["own"].pk])).status_code == 404
    assert AccessAttempt.objects.filter(pk__in=[v.pk for v in locked.values()]).count() == 3
    assert not LogEntry.objects.filter(change_message__startswith="登录锁定").exists()
    assert admin.get(reverse("settings-login-unlock", args=[locked["own"].pk])).status_code == 405


@pytest.mark.parametrize("username", ["office", "director", "lead-caijing"])
def test_staff_other_than_the_administrator_get_403(locked, username):
    client = client_for(username)
    assert client.get(LOGINS).status_code == 403
    assert client.post(reverse("settings-login-unlock", args=[locked["own"].pk])).status_code == 403
    assert AccessAttempt.objects.filter(pk=locked["own"].pk).exists()


def test_anonymous_users_are_sent_to_log_in(baiyun):
    for url in (LOGINS, reverse("settings-login-unlock", args=[1])):
        response = Client().get(url)
        assert response.status_code == 302 and urlparse(response["Location"]).path == reverse("login")


def test_the_page_costs_the_same_queries_for_few_rows_or_many(baiyun, settings):
    admin = client_for("admin")
    _lock("office", "10.0.2.1", settings)
    admin.get(LOGINS)
    with CaptureQueriesContext(connection) as few:
        admin.get(LOGINS)
    for i, username in enumerate(["director", "lead-caijing", "lead-shehui"]):
        _lock(username, f"10.0.2.{i + 2}", settings)
        _try(username, "renda-demo", f"10.0.3.{i}")
    with CaptureQueriesContext(connection) as many:
        page = admin.get(LOGINS)
    assert page.content.decode().count('<tr id="attempt-') >= 4
    assert len(many) == len(few)
