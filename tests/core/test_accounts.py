"""Accounts the office hands to deputies and units' contacts (core/accounts.py, core/views/accounts.py):
bulk creation from the roster, the one-time link, the initial password that must change at first
log-in (and may not be kept), re-issuing (confirmed first, the hand-out shown once), switching off, units'
contacts, and who may do any of it."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import accounts
from core.middleware import MUST_CHANGE_PASSWORD
from core.models import AccountSetup, BodyMembership, ReportingBody, UnitContact
from core.roles import DEPUTY, UNIT_CONTACT
from deputies.accounts import issuing
from deputies.models import Deputy
from tests.conftest import ROOT, client_for
from tests.isolation_suggestions import deputies_for, office_user

User = get_user_model()
GOOD_PASSWORD = "Qiyue-2024-zhan"
LINK = re.compile(r"https?://[^\s<\"]+/accounts/setup/[^\s<\"]+/")


@pytest.fixture
def people(baiyun):
    return deputies_for(baiyun, 4)


def _create(client, deputies, method="link"):
    return client.post(reverse("deputy-accounts"), {"deputies": [d.pk for d in deputies], "method": method})


def _log_in(username, password) -> tuple[Client, object]:
    client = Client()
    return client, client.post(reverse("login"), {"username": username, "password": password})


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


# --- creating deputies' accounts ------------------------------------------------------------------


def test_office_creates_deputies_accounts_in_bulk_with_links(baiyun, people, office_client):
    response = _create(office_client, people[:3])
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    text = response.content.decode()
    assert "本页只显示这一次" in text and "不保存明文" in text
    assert len(set(LINK.findall(text))) == 3
    for deputy in people[:3]:
        deputy.refresh_from_db()
        user = deputy.user
        assert user is not None and user.first_name == deputy.name
        assert user.username == deputy.code.lower() and user.username in text
        assert set(user.groups.values_list("name", flat=True)) == {DEPUTY}
        assert BodyMembership.objects.filter(user=user, body=baiyun).exists()
        assert not user.has_usable_password()
        setup = AccountSetup.objects.get(user=user)
        assert setup.method == "link" and setup.must_change_password and setup.issued_by.username == "office"
        assert deputy.name in text and deputy.group in text
    people[3].refresh_from_db()
    assert people[3].user is None


def test_deputies_who_have_an_account_are_skipped_and_named(people, office_client):
    _create(office_client, people[:1])
    first_user = Deputy.objects.get(pk=people[0].pk).user
    response = _create(office_client, people[:2])
    text = response.content.decode()
    assert f"{people[0].name}已有账号" in text
    assert Deputy.objects.get(pk=people[0].pk).user == first_user  # not replaced
    assert Deputy.objects.get(pk=people[1].pk).user is not None
    # Only ones with an account chosen: nothing to hand out, the list says why.
    response = _create(office_client, people[:2])
    assert response.status_code == 302
    page = office_client.get(response["Location"]).content.decode()
    assert f"{people[1].name}已有账号" in page


def test_a_deputy_of_another_body_refuses_the_whole_batch(baiyun, second_body, people, office_client):
    other = deputies_for(second_body, 1)[0]
    users_before = User.objects.count()
    response = _create(office_client, [people[0], other])
    assert response.status_code == 200
    assert "所选代表不在本级在任代表名册中" in response.content.decode()
    assert User.objects.count() == users_before
    with pytest.raises(accounts.AccountError, match="不是本级人大代表"):
        issuing.create_deputy_accounts(baiyun, [people[0], other], "link", office_user(baiyun), None)
    assert User.objects.count() == users_before and Deputy.objects.get(pk=people[0].pk).user is None


def test_a_former_deputy_gets_no_account(baiyun, people):
    Deputy.objects.filter(pk=people[0].pk).update(status=Deputy.Status.RESIGNED)
    people[0].refresh_from_db()
    with pytest.raises(accounts.AccountError, match="已不在任"):
        issuing.create_deputy_accounts(baiyun, [people[0]], "password", None, None)


def test_usernames_come_from_the_code_and_stay_unique(baiyun, people):
    User.objects.create_user(people[0].code.lower())
    Deputy.objects.filter(pk=people[1].pk).update(code="")
    people[1].refresh_from_db()
    issued, _ = issuing.create_deputy_accounts(baiyun, people[:2], "password", None, None)
    names = {c.name: c.username for c in issued}
    assert names[people[0].name] == f"{people[0].code.lower()}-2"
    assert names[people[1].name] == f"dep{people[1].pk}"


def test_initial_passwords_are_long_random_and_without_look_alikes():
    values = {accounts.initial_password() for _ in range(200)}
    assert len(values) == 200
    for value in values:
        assert len(value) >= 10 and not set(value) & set("0O1lI")


# --- the one-time link ---------------------------------------------------------------------------


def _link_for(client, deputy, method="link") -> str:
    text = _create(client, [deputy], method).content.decode()
    return LINK.findall(text)[0]


def test_the_link_sets_a_password_logs_in_and_is_then_spent(people, office_client):
    link = _link_for(office_client, people[0])
    browser = Client()
    first = browser.get(_path(link))
    assert first.status_code == 302 and first["Location"].endswith("/set-password/")
    page = browser.get(first["Location"])
    text = page.content.decode()
    assert "设置登录密码" in text and people[0].code.lower() in text
    # Django's validators apply, in Chinese; nothing changes.
    weak = browser.post(first["Location"], {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "密码" in weak.content.decode() and ("常见" in weak.content.decode() or "数字" in weak.content.decode())
    user = Deputy.objects.get(pk=people[0].pk).user
    assert not user.has_usable_password()
    done = browser.post(first["Location"], {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/"
    setup = AccountSetup.objects.get(user=user)
    assert not setup.must_change_password and setup.password_set_at is not None
    assert not browser.session.get(MUST_CHANGE_PASSWORD)
    home = browser.get("/")
    assert home.status_code == 302 and home["Location"] == reverse("portal-home")  # logged in, as a deputy
    # Once the password is set the link is spent.
    again = Client().get(_path(link))
    assert again.status_code == 200 and "链接已失效" in again.content.decode()
    # And the new password works at the log-in page, without being sent to change it again.
    client, answer = _log_in(user.username, GOOD_PASSWORD)
    assert answer.status_code == 302 and not client.session.get(MUST_CHANGE_PASSWORD)


def test_a_link_expires_after_account_link_days(people, office_client, settings):
    link = _link_for(office_client, people[0])
    later = default_token_generator._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with mock.patch.object(type(default_token_generator), "_now", return_value=later):
        response = Client().get(_path(link))
    assert response.status_code == 200 and "链接已失效" in response.content.decode()


def test_account_link_days_sets_the_timeout():
    """Read in a fresh interpreter, as at start-up; a malformed value stops it with the name."""
    import os
    import subprocess
    import sys

    def timeout(value):
        env = {**os.environ, "ACCOUNT_LINK_DAYS": value, "SECRET_KEY": "x" * 50}
        return subprocess.run([sys.executable, "-c", "import renda.settings as s; print(s.PASSWORD_RESET_TIMEOUT)"],
                              env=env, capture_output=True, text=True, cwd=ROOT)

    assert timeout("3").stdout.strip() == str(3 * 24 * 3600)
    bad = timeout("soon")
    assert bad.returncode != 0 and "ACCOUNT_LINK_DAYS" in bad.stderr


def test_garbage_links_are_refused_calmly(people):
    for path in ("/accounts/setup/xx/yy/", "/accounts/setup/MQ/set-password/"):
        response = Client().get(path)
        assert response.status_code == 200 and "链接已失效" in response.content.decode()


# --- the initial password ------------------------------------------------------------------------


def test_an_initial_password_must_be_changed_before_anything_else(people, office_client):
    text = _create(office_client, [people[0]], "password").content.decode()
    user = Deputy.objects.get(pk=people[0].pk).user
    password = re.search(r"data-password>([^<]+)<", text).group(1)
    assert user.check_password(password)
    client, answer = _log_in(user.username, password)
    assert answer.status_code == 302
    assert client.session.get(MUST_CHANGE_PASSWORD) is True
    for path in ("/", "/portal/", "/public/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == reverse("password-change"), path
    page = client.get(reverse("password-change")).content.decode()
    assert "初始密码" in page and "请先设置您自己的密码" in page
    wrong = client.post(reverse("password-change"), {"old_password": "nope", "new_password1": GOOD_PASSWORD,
                                                     "new_password2": GOOD_PASSWORD})
    assert wrong.status_code == 200 and "旧密码" in wrong.content.decode()
    done = client.post(reverse("password-change"), {"old_password": password, "new_password1": GOOD_PASSWORD,
                                                    "new_password2": GOOD_PASSWORD})
    assert done.status_code == 302
    assert not client.session.get(MUST_CHANGE_PASSWORD)
    assert not AccountSetup.objects.get(user=user).must_change_password
    assert client.get("/").status_code == 302 and client.get("/")["Location"] == reverse("portal-home")


def test_staff_change_their_own_password_without_being_asked_why(office_client):
    text = office_client.get(reverse("password-change")).content.decode()
    assert "修改密码" in text and "初始密码" not in text


def test_the_new_password_may_not_be_the_initial_one(baiyun, office_client):
    deputy = deputies_for(baiyun, 4)[3]
    text = office_client.post(reverse("deputy-accounts"), {"deputies": [deputy.pk], "method": "password"}
                              ).content.decode()
    password = re.search(r"data-password>([^<]+)<", text).group(1)
    deputy.refresh_from_db()
    client = Client()
    assert client.post(reverse("login"), {"username": deputy.user.username, "password": password}).status_code == 302
    same = client.post(reverse("password-change"), {"old_password": password, "new_password1": password,
                                                    "new_password2": password})
    page = same.content.decode()
    assert same.status_code == 200 and "新密码不能与原密码" in page
    assert not page.count("新密码不能与原密码") > 1  # once, next to the field
    assert AccountSetup.objects.get(user=deputy.user).must_change_password
    assert client.get("/")["Location"] == reverse("password-change")  # still sent to change it
    done = client.post(reverse("password-change"), {"old_password": password, "new_password1": "Qiyue-2024-zhan",
                                                    "new_password2": "Qiyue-2024-zhan"})
    assert done.status_code == 302 and not AccountSetup.objects.get(user=deputy.user).must_change_password


# --- re-issuing and switching off ----------------------------------------------------------------


def test_reissuing_ends_the_old_link_and_password(people, office_client):
    old_link = _link_for(office_client, people[0])
    deputy = Deputy.objects.get(pk=people[0].pk)
    response = office_client.post(reverse("deputy-account-reissue", args=[deputy.pk]),
                                  {"method": "password", "confirm": "1"}, follow=True)
    text = response.content.decode()
    assert response.status_code == 200 and "重新发放" in text
    password = re.search(r"data-password>([^<]+)<", text).group(1)
    assert "链接已失效" in Client().get(_path(old_link)).content.decode()
    client, _ = _log_in(deputy.user.username, password)
    assert client.session.get(MUST_CHANGE_PASSWORD) is True
    # Re-issue a link: the initial password stops working.
    text = office_client.post(reverse("deputy-account-reissue", args=[deputy.pk]), {"method": "link", "confirm": "1"},
                              follow=True).content.decode()
    assert LINK.findall(text)
    _, answer = _log_in(deputy.user.username, password)
    assert answer.status_code == 200  # the log-in page again


def test_reissue_asks_first_then_shows_the_sheet_once(baiyun, office_client):
    deputy = deputies_for(baiyun, 4)[2]
    issuing.create_deputy_accounts(baiyun, [deputy], "password", None, None)
    user = Deputy.objects.get(pk=deputy.pk).user
    before = user.password
    url = reverse("deputy-account-reissue", args=[deputy.pk])
    listing = office_client.get(reverse("deputy-accounts")).content.decode()
    assert f'href="{url}?next=' in listing  # the row links to the confirmation, it issues nothing
    for confirm_page in (office_client.get(url), office_client.post(url, {"method": "password"})):
        text = confirm_page.content.decode()
        assert confirm_page.status_code == 200 and 'id="reissue-confirm"' in text and "立即失效" in text
        assert user.username in text and "确认重新发放" in text
        user.refresh_from_db()
        assert user.password == before  # nothing issued yet
    done = office_client.post(url, {"method": "password", "confirm": "1", "next": reverse("deputy-accounts")})
    assert done.status_code == 302 and done["Location"].startswith(reverse("account-handout"))
    user.refresh_from_db()
    issued = user.password
    assert issued != before
    sheet = office_client.get(done["Location"])
    text = sheet.content.decode()
    password = re.search(r"data-password>([^<]+)<", text).group(1)
    assert sheet.status_code == 200 and "本页只显示这一次" in text and user.check_password(password)
    assert "no-store" in sheet["Cache-Control"] or "no-cache" in sheet["Cache-Control"]
    # Nothing in clear in the session, nor in the URL.
    assert password not in str(dict(office_client.session)) and password not in done["Location"]
    # A refresh: no sheet, no new password.
    again = office_client.get(done["Location"])
    text = again.content.decode()
    assert again.status_code == 200 and "已经显示过" in text and "data-password" not in text
    user.refresh_from_db()
    assert user.password == issued


def test_switching_an_account_off_and_on(people, office_client):
    link = _link_for(office_client, people[0])
    deputy = Deputy.objects.get(pk=people[0].pk)
    url = reverse("deputy-account-active", args=[deputy.pk])
    response = office_client.post(url, {"active": "0", "next": reverse("deputy-accounts") + "?state=inactive"})
    assert response.status_code == 302 and response["Location"] == reverse("deputy-accounts") + "?state=inactive"
    deputy.user.refresh_from_db()
    assert not deputy.user.is_active
    assert "链接已失效" in Client().get(_path(link)).content.decode()
    listing = office_client.get(reverse("deputy-accounts"), {"state": "inactive"}).content.decode()
    assert f'id="deputy-{deputy.pk}"' in listing and "已停用" in listing
    office_client.post(url, {"active": "1", "next": "https://evil.example/"})
    deputy.user.refresh_from_db()
    assert deputy.user.is_active


def test_a_staff_account_linked_to_a_deputy_is_not_reset_here(baiyun, people, office_client):
    director = User.objects.get(username="director")
    Deputy.objects.filter(pk=people[0].pk).update(user=director)
    response = office_client.post(reverse("deputy-account-reissue", args=[people[0].pk]), {"method": "password"},
                                  follow=True)
    assert "常委会工作人员的账号" in response.content.decode()
    response = office_client.post(reverse("deputy-account-active", args=[people[0].pk]), {"active": "0"}, follow=True)
    assert "常委会工作人员的账号" in response.content.decode()
    director.refresh_from_db()
    assert director.is_active and director.check_password("renda-demo")


def test_the_list_filters_by_group_and_state(baiyun, people, office_client):
    _create(office_client, people[:1])
    text = office_client.get(reverse("deputy-accounts"), {"group": "测试代表小组", "state": "link"}).content.decode()
    assert f'id="deputy-{people[0].pk}"' in text and f'id="deputy-{people[1].pk}"' not in text
    text = office_client.get(reverse("deputy-accounts"), {"group": "测试代表小组", "state": "none"}).content.decode()
    assert f'id="deputy-{people[0].pk}"' not in text and f'id="deputy-{people[1].pk}"' in text
    demo = Deputy.objects.get(user__username="deputy-demo")
    text = office_client.get(reverse("deputy-accounts"), {"state": "active"}).content.decode()
    assert f'id="deputy-{demo.pk}"' in text


def test_the_deputies_page_queries_stay_flat(baiyun, people, office_client, django_assert_max_num_queries):
    issuing.create_deputy_accounts(baiyun, people, "link", None, None)
    with django_assert_max_num_queries(12):
        response = office_client.get(reverse("deputy-accounts"))
    assert response.status_code == 200


# --- units' contacts -----------------------------------------------------------------------------


def _unit(body, name="区发展改革局"):
    return ReportingBody.objects.get(body=body, name=name)


def _contact_data(unit, **extra):
    return {"unit": unit.pk, "level": "office", "name": "李文书", "title": "办公室主任", "phone": "020-8888 6666",
            "username": "fgj-li", "method": "password", **extra}


def test_office_adds_a_unit_contact_who_logs_in_and_must_change(baiyun, office_client):
    unit = _unit(baiyun)
    response = office_client.post(reverse("unit-accounts"), _contact_data(unit))
    text = response.content.decode()
    assert response.status_code == 200 and "承办单位账号发放单" in text and "区发展改革局 · 办公室" in text
    contact = UnitContact.objects.get(user__username="fgj-li")
    assert (contact.unit, contact.level, contact.name, contact.phone) == (unit, "office", "李文书", "020-8888 6666")
    assert set(contact.user.groups.values_list("name", flat=True)) == {UNIT_CONTACT}
    password = re.search(r"data-password>([^<]+)<", text).group(1)
    client, _ = _log_in("fgj-li", password)
    assert client.get("/portal/")["Location"] == reverse("password-change")
    listing = office_client.get(reverse("unit-accounts")).content.decode()
    assert f'id="contact-{contact.pk}"' in listing and "已发放初始密码" in listing


def test_bad_contact_input_creates_nothing(baiyun, second_body, office_client):
    unit = _unit(baiyun)
    office_client.post(reverse("unit-accounts"), _contact_data(unit))
    before = (User.objects.count(), UnitContact.objects.count())
    duplicate = office_client.post(reverse("unit-accounts"), _contact_data(unit, username="FGJ-LI", name="王"))
    assert duplicate.status_code == 400 and "用户名“FGJ-LI”已被使用" in duplicate.content.decode()
    other_unit = ReportingBody.objects.filter(body=second_body).first()
    foreign = office_client.post(reverse("unit-accounts"), _contact_data(other_unit, username="x-wang"))
    assert foreign.status_code == 400 and "所选单位不是本级的承办单位" in foreign.content.decode()
    no_name = office_client.post(reverse("unit-accounts"), _contact_data(unit, username="x-zhao", name=""))
    assert "请填写联系人姓名" in no_name.content.decode()
    bad_name = office_client.post(reverse("unit-accounts"), _contact_data(unit, username="有 空格"))
    assert "用户名只能包含" in bad_name.content.decode()
    assert (User.objects.count(), UnitContact.objects.count()) == before
    with pytest.raises(accounts.AccountError, match="不是本级的承办单位"):
        accounts.create_unit_contact(baiyun, other_unit, "handler", "赵", "", "", "x-zhao", "link", None, None)
    assert (User.objects.count(), UnitContact.objects.count()) == before


def test_a_unit_contacts_user_name_refuses_chinese_characters(baiyun, office_client):
    unit = ReportingBody.objects.filter(body=baiyun).order_by("order", "pk")[0]
    answer = office_client.post(reverse("unit-accounts"), {
        "unit": unit.pk, "level": "handler", "name": "张三", "title": "", "phone": "", "username": "张三",
        "method": "link"})
    text = answer.content.decode()
    assert answer.status_code == 400 and "登录用户名：" in text and "汉字" in text
    assert not UnitContact.objects.filter(name="张三", unit=unit).exists()


def test_reissue_and_switch_off_a_unit_contact(baiyun, office_client):
    office_client.post(reverse("unit-accounts"), _contact_data(_unit(baiyun)))
    contact = UnitContact.objects.get(user__username="fgj-li")
    text = office_client.post(reverse("unit-contact-reissue", args=[contact.pk]), {"method": "link", "confirm": "1"},
                              follow=True).content.decode()
    assert LINK.findall(text) and "重新发放" in text
    office_client.post(reverse("unit-contact-active", args=[contact.pk]), {"active": "0"})
    contact.refresh_from_db()
    contact.user.refresh_from_db()
    assert not contact.active and not contact.user.is_active


def test_reissue_of_a_unit_contact_confirms_too(baiyun, office_client):
    unit = ReportingBody.objects.filter(body=baiyun).order_by("order", "pk")[0]
    accounts.create_unit_contact(baiyun, unit, "handler", "李四", "", "", "li-si", "link", None, None)
    contact = UnitContact.objects.get(user__username="li-si")
    url = reverse("unit-contact-reissue", args=[contact.pk])
    assert f'href="{url}"' in office_client.get(reverse("unit-accounts")).content.decode()
    assert 'id="reissue-confirm"' in office_client.get(url).content.decode()
    done = office_client.post(url, {"method": "link", "confirm": "1"})
    assert "/accounts/setup/" in office_client.get(done["Location"]).content.decode()
    assert "已经显示过" in office_client.get(done["Location"]).content.decode()


# --- who may -------------------------------------------------------------------------------------

OFFICE_PAGES = ["deputy-accounts", "unit-accounts"]


@pytest.mark.parametrize("username", ["director", "lead-caijing"])
def test_other_staff_are_refused_with_the_reason(baiyun, people, username):
    client = client_for(username)
    for name in OFFICE_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 403 and "只有常委会办公室和系统管理员" in response.content.decode()
    users_before = User.objects.count()
    assert _create(client, people[:1]).status_code == 403
    assert client.post(reverse("unit-accounts"), _contact_data(_unit(baiyun), username="sneaky")).status_code == 403
    assert User.objects.count() == users_before


def test_deputies_and_units_never_reach_the_account_pages(baiyun, people):
    for username in ("deputy-demo", "unit-demo"):
        client = client_for(username)
        for name in OFFICE_PAGES:
            assert client.get(reverse(name)).status_code == 403
        demo = Deputy.objects.get(user__username="deputy-demo")
        assert client.post(reverse("deputy-account-reissue", args=[demo.pk]), {"method": "link"}).status_code == 403


def test_administrators_may_manage_accounts(baiyun):
    assert client_for("admin").get(reverse("deputy-accounts")).status_code == 200


def test_anonymous_users_are_sent_to_log_in(people):
    for name in OFFICE_PAGES + ["password-change"]:
        response = Client().get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_issued_at_is_refreshed_on_reissue(baiyun, people):
    issued, _ = issuing.create_deputy_accounts(baiyun, people[:1], "link", None, None)
    user = User.objects.get(username=issued[0].username)
    AccountSetup.objects.filter(user=user).update(issued_at=timezone.now() - timedelta(days=30),
                                                  must_change_password=False, password_set_at=timezone.now())
    again = accounts.issue_login(user, "password", None, None)
    setup = AccountSetup.objects.get(user=user)
    assert again.reissued and setup.must_change_password and setup.password_set_at is None
    assert setup.issued_at > timezone.now() - timedelta(minutes=1)
