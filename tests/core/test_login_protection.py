"""Repeated failed log-ins are slowed, then locked; an administrator can see and lift the lock."""

from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import client_for


def _try(client, password, username="office"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_correct_password_logs_in(baiyun, client):
    response = _try(client, "renda-demo")
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_is_told_in_chinese(baiyun, client):
    response = _try(client, "wrong")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_failures_past_the_threshold_must_wait(baiyun, client, settings):
    settings.AXES_SLOWDOWN_AFTER = 3
    settings.AXES_SLOWDOWN_SECONDS = 60
    for _ in range(3):
        _try(client, "wrong")
    response = _try(client, "renda-demo")
    assert response.status_code == 429
    assert "秒后再试" in response.content.decode()
    # The refused try was not checked, so it did not count as another failure.
    assert AccessAttempt.objects.get(username="office").failures_since_start == 3


def test_lockout_after_the_limit_and_lifted_by_an_administrator(baiyun, client, settings):
    settings.AXES_SLOWDOWN_SECONDS = 0
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "wrong")
    locked = _try(client, "renda-demo")
    assert locked.status_code == 429
    assert "账号已暂时锁定" in locked.content.decode()

    admin = client_for("admin")
    attempts_page = admin.get(reverse("settings-logins"))
    assert attempts_page.status_code == 200 and "office" in attempts_page.content.decode()
    attempt = AccessAttempt.objects.get(username="office")
    admin.post(reverse("settings-login-unlock", args=[attempt.pk]))
    assert not AccessAttempt.objects.filter(username="office").exists()

    assert _try(client, "renda-demo").status_code == 302
