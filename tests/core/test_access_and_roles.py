"""Anonymous users are sent to log in; each role sees what it should."""

import pytest
from django.urls import reverse

from tests.conftest import client_for

PAGES = ["home", "item-list", "meeting-list"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["api:meeting-list", "api:plan-item-list", "api:committee-list"])
def test_anonymous_api_calls_are_refused(client, name):
    response = client.get(reverse(name))
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_login_page_is_in_chinese(client):
    text = client.get(reverse("login")).content.decode()
    assert "用户名" in text and "密码" in text and 'lang="zh-Hans"' in text


@pytest.mark.parametrize("username", ["office", "director", "lead-caijing", "lead-shehui", "admin"])
def test_every_role_sees_the_years_meetings(baiyun, username):
    text = client_for(username).get(reverse("home") + "?year=2023").content.decode()
    for number in "十二 十三 十四 十五 十六 十七 十八".split():
        assert f"第{number}次会议" in text


@pytest.mark.parametrize(
    ("username", "role_label"),
    [("office", "办公室"), ("director", "主任会议成员"), ("lead-caijing", "委员会成员"), ("admin", "系统管理员")],
)
def test_header_names_the_users_role(baiyun, username, role_label):
    text = client_for(username).get(reverse("home")).content.decode()
    assert f'<span class="role">{role_label}</span>' in text


@pytest.mark.parametrize("username", ["admin", "office", "director"])
def test_body_users_never_reach_djangos_admin(baiyun, username):
    """Django's admin works across bodies: it is the platform administrator's alone."""
    client = client_for(username)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert "后台管理" not in client.get(reverse("home")).content.decode()


def test_the_platform_administrator_reaches_djangos_admin_and_is_sent_from_body_pages(baiyun):
    client = client_for("platform")
    assert client.get(reverse("admin:index")).status_code == 200
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("platform-bodies")
    page = client.get(reverse("platform-bodies")).content.decode()
    assert "后台管理" in page and "平台管理员不属于任何人大常委会" in page


def test_logout_needs_post_and_ends_the_session(baiyun):
    client = client_for("office")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_security_headers_are_sent(office_client):
    response = office_client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
