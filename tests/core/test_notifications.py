"""Notifications as people see them: the unread count in the header, their own list, following a
reminder to its item, marking read; the API; and the administrator's log of what was sent and
what failed. Permissions as a matrix of role x action."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from core.models import Notification
from tests.conftest import client_for

DAY = date(2023, 4, 25)


def _notify(user, title, *, body, url="/meetings/", email_state="sent", error="", read=False):
    from django.utils import timezone

    return Notification.objects.create(
        body=body, recipient=user, kind="materials", subject=f"test:{title}", step="before-7", reason="committee",
        day=DAY, title=title, url=url, email_state=email_state, email_error=error,
        read_at=timezone.now() if read else None,
    )


@pytest.fixture
def inbox(baiyun):
    User = get_user_model()
    lead = User.objects.get(username="lead-shehui")
    other = User.objects.get(username="lead-caijing")
    mine = [_notify(lead, f"社会建设工委的提醒{i}", body=baiyun) for i in range(3)]
    _notify(lead, "已读的提醒", body=baiyun, read=True)
    theirs = _notify(other, "财经工委的提醒", body=baiyun, email_state="failed", error="SMTPServerDisconnected: 断开")
    return {"lead": lead, "mine": mine, "theirs": theirs}


def test_header_shows_the_unread_count_and_the_list_only_own(inbox):
    client = client_for("lead-shehui")
    home = client.get("/").content.decode()
    assert 'id="notify-link"' in home and 'aria-label="未读 3 条"' in home
    page = client.get("/notifications/").content.decode()
    assert "社会建设工委的提醒0" in page and "已读的提醒" in page
    assert "财经工委的提醒" not in page
    unread_only = client.get("/notifications/?state=unread").content.decode()
    assert "已读的提醒" not in unread_only and "社会建设工委的提醒2" in unread_only


def test_opening_a_reminder_marks_it_read_and_goes_to_its_item(inbox):
    client = client_for("lead-shehui")
    first = inbox["mine"][0]
    response = client.get(f"/notifications/{first.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/meetings/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert 'aria-label="未读 2 条"' in client.get("/").content.decode()


def test_mark_one_and_mark_all_read(inbox):
    client = client_for("lead-shehui")
    second = inbox["mine"][1]
    assert client.post(f"/notifications/{second.pk}/read/").status_code == 302
    second.refresh_from_db()
    assert second.read_at is not None
    client.post("/notifications/read-all/")
    assert not inbox["lead"].notifications.filter(read_at__isnull=True).exists()
    assert Notification.objects.get(pk=inbox["theirs"].pk).read_at is None  # someone else's stays unread
    assert "aria-label=\"未读" not in client.get("/").content.decode()


def test_someone_elses_reminder_is_not_found(inbox):
    client = client_for("lead-shehui")
    theirs = inbox["theirs"]
    assert client.get(f"/notifications/{theirs.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_foreign_link_is_never_followed(inbox, baiyun):
    bad = _notify(inbox["lead"], "坏链接", body=baiyun, url="//evil.example/x")
    response = client_for("lead-shehui").get(f"/notifications/{bad.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_settings_turn_email_off_and_choose_the_digest(inbox):
    from core.models import NotificationPreference

    client = client_for("lead-shehui")
    assert "同时发送邮件" in client.get("/notifications/settings/").content.decode()
    response = client.post("/notifications/settings/", {"digest": "weekly"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=inbox["lead"])
    assert preference.email_enabled is False and preference.digest == "weekly"
    bad = client.post("/notifications/settings/", {"email_enabled": "on", "digest": "daily"})
    assert bad.status_code == 200 and "每周工作提示" in bad.content.decode()
    assert NotificationPreference.objects.get(user=inbox["lead"]).digest == "weekly"


# role -> expected status for: own list, settings, the administrator's log, retry failed (POST)
MATRIX = {
    "admin": (200, 200, 200, 302),
    "office": (200, 200, 403, 403),
    "lead-shehui": (200, 200, 403, 403),
    "lead-caijing": (200, 200, 403, 403),
    "director": (200, 200, 403, 403),
    "deputy-demo": (200, 200, 403, 403),
    "unit-demo": (200, 200, 403, 403),
}


@pytest.mark.parametrize("username", sorted(MATRIX))
def test_pages_by_role(inbox, username):
    client = client_for(username)
    got = (
        client.get("/notifications/").status_code,
        client.get("/notifications/settings/").status_code,
        client.get("/settings/reminders/").status_code,
        client.post("/settings/reminders/retry/").status_code,
    )
    assert got == MATRIX[username]


def test_anonymous_is_sent_to_log_in(inbox):
    client = Client()
    for url in ("/notifications/", "/notifications/settings/", "/settings/reminders/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/notifications/").status_code in (401, 403)


def test_administrators_log_shows_who_got_what_and_what_failed(inbox, second_body):
    other_body = _notify(get_user_model().objects.get(username="office-other"), "别的人大的提醒", body=second_body)
    page = client_for("admin").get("/settings/reminders/").content.decode()
    assert "财经工委的提醒" in page and "社会建设工委的提醒1" in page
    assert "发送失败" in page and "SMTPServerDisconnected" in page
    assert other_body.title not in page  # another body's log stays theirs
    failed = client_for("admin").get("/settings/reminders/?email_state=failed").content.decode()
    assert "财经工委的提醒" in failed and "社会建设工委的提醒1" not in failed


@pytest.fixture
def tasks_in_process():
    """Tasks the view queues run right here, even when the suite has a Redis broker."""
    from renda.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


def test_retry_puts_failed_mail_back_in_the_queue_and_sends_it(inbox, settings, tasks_in_process):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    get_user_model().objects.filter(username="lead-caijing").update(email="lead-caijing@renda.example")
    client_for("admin").post("/settings/reminders/retry/")
    theirs = Notification.objects.get(pk=inbox["theirs"].pk)
    assert theirs.email_state == "sent" and theirs.email_error == ""
    assert [m.to for m in mail.outbox] == [["lead-caijing@renda.example"]]


def test_api_lists_own_counts_unread_and_marks_read(inbox):
    client = client_for("lead-shehui")
    data = client.get("/api/v1/notifications/").json()
    titles = {n["title"] for n in data["results"]}
    assert "财经工委的提醒" not in titles and "社会建设工委的提醒0" in titles
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}
    first = inbox["mine"][0]
    marked = client.post(f"/api/v1/notifications/{first.pk}/read/").json()
    assert marked["unread"] is False
    assert client.get("/api/v1/notifications/?state=unread").json()["count"] == 2
    assert client.post(f"/api/v1/notifications/{inbox['theirs'].pk}/read/").status_code == 404
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked_read": 2}


def test_deputies_and_units_reach_their_own_notifications(inbox, baiyun):
    deputy = get_user_model().objects.get(username="deputy-demo")
    _notify(deputy, "您的建议已答复", body=baiyun, url="/portal/deputy/")
    client = client_for("deputy-demo")
    assert "您的建议已答复" in client.get("/notifications/").content.decode()
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    assert client.get("/portal/deputy/").content.decode().count('aria-label="未读 1 条"') == 1


def test_list_queries_do_not_grow_with_rows(inbox, baiyun, django_assert_max_num_queries):
    client = client_for("lead-shehui")
    client.get("/notifications/")
    for i in range(40):
        _notify(inbox["lead"], f"更多提醒{i}", body=baiyun)
    admin = client_for("admin")
    admin.get("/settings/reminders/")
    with django_assert_max_num_queries(12):
        assert client.get("/notifications/").status_code == 200
    with django_assert_max_num_queries(14):
        assert admin.get("/settings/reminders/").status_code == 200


def test_deputies_and_units_are_not_offered_the_directors_digest(inbox):
    page = client_for("deputy-demo").get("/notifications/settings/").content.decode()
    assert "同时发送邮件" in page and "每周工作提示" not in page
    assert "每周工作提示" in client_for("director").get("/notifications/settings/").content.decode()


def test_log_totals_follow_the_filter(inbox):
    page = client_for("admin").get("/settings/reminders/?email_state=failed").content.decode()
    totals = page.split('id="totals"', 1)[1].split("</p>", 1)[0]
    assert "符合筛选的共 1 条" in totals and "发送失败 1" in totals
