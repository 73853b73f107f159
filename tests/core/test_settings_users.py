"""The body administrator's users page (/settings/users/): staff users of the own body only — list, add,
edit (with history and the lock-out guard), re-issue, and the bulk add from a workbook."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core import staff_users
from core.models import BodyMembership, Committee, CommitteeMembership
from core.roles import ADMINISTRATOR, COMMITTEE_MEMBER, DIRECTOR, OFFICE, ensure_roles
from tests.conftest import client_for

User = get_user_model()
LIST = "/settings/users/"
NEW = "/settings/users/new/"
IMPORT = "/settings/users/import/"
TEMPLATE = "/settings/users/import/template/"
PASSWORD_RE = re.compile(r'<code class="credential" data-password>([^<]+)</code>')


def edit_url(user):
    return f"/settings/users/{user.pk}/"


def reissue_url(user):
    return f"/settings/users/{user.pk}/reissue/"


def committee(body, short_name):
    return Committee.objects.get(body=body, short_name=short_name)


def make_staff(body, username, role=OFFICE, name="测试人员", committees=()):
    user = User.objects.create_user(username, password="renda-demo", first_name=name)
    user.groups.add(ensure_roles()[role])
    BodyMembership.objects.create(user=user, body=body)
    for c, lead in committees:
        CommitteeMembership.objects.create(user=user, committee=c, role="lead" if lead else "staff")
    return user


def edit_data(client, user, **changes):
    """The edit form as the page fills it, with the changes."""
    from django_scopes import scope

    body = BodyMembership.objects.get(user=user).body
    with scope(body=body):
        user = User.objects.prefetch_related("groups").get(pk=user.pk)
        memberships = staff_users.committee_memberships(user, body)
        data = {
            "name": user.first_name, "roles": staff_users.role_names(user),
            "committees": [m.committee_id for m in memberships],
            "lead_committees": [m.committee_id for m in memberships if m.role == "lead"],
            "version_marker": staff_users.version_marker(user, body),
        }
        if user.is_active:
            data["active"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def can_log_in(username, password) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def handout_passwords(client, response) -> list[str]:
    assert response.status_code == 302 and "/settings/accounts/handout/" in response["Location"], response
    page = client.get(response["Location"]).content.decode()
    return PASSWORD_RE.findall(page)


# --- access --------------------------------------------------------------------------------------


GET_URLS = [LIST, NEW, IMPORT, TEMPLATE]


@pytest.mark.parametrize("url", GET_URLS + ["edit", "reissue"])
def test_anonymous_is_sent_to_log_in(baiyun, url):
    target = {"edit": edit_url, "reissue": reissue_url}.get(url)
    url = target(User.objects.get(username="office")) if target else url
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("username", ["office", "director", "lead-caijing"])
def test_only_the_body_administrator_may_open_the_pages(baiyun, username):
    client = client_for(username)
    office = User.objects.get(username="office")
    for url in GET_URLS + [edit_url(office)]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "系统管理员" in response.content.decode()
    before = User.objects.count()
    response = client.post(NEW, {"name": "某人", "username": "sneaky", "roles": OFFICE, "method": "password"})
    assert response.status_code == 403 and User.objects.count() == before
    response = client.post(reissue_url(office), {"method": "password"})
    assert response.status_code == 403


def test_platform_administrator_is_sent_to_the_platform_pages(baiyun):
    response = client_for("platform").get(LIST)
    assert response.status_code == 302 and "/platform/" in response["Location"]


# --- the list ------------------------------------------------------------------------------------


def test_list_shows_the_own_bodys_staff_only(baiyun, second_body):
    page = client_for("admin").get(LIST).content.decode()
    for username in ("admin", "office", "director", "lead-caijing", "lead-shehui"):
        assert f"<code>{username}</code>" in page
    assert "财经工委（负责人）" in page
    for username in ("office-other", "admin-other", "platform"):
        assert f"<code>{username}</code>" not in page
    # Deputies' and units' accounts are not staff: not here.
    assert "deputy-demo" not in page and "unit-demo" not in page
    # The other body sees its own.
    other = client_for("admin-other").get(LIST).content.decode()
    assert "<code>admin-other</code>" in other and "<code>office-other</code>" in other
    assert "<code>lead-caijing</code>" not in other


def test_list_filters_by_role_committee_and_active(baiyun):
    caijing = committee(baiyun, "财经工委")
    make_staff(baiyun, "gone-clerk", name="已离职", committees=[(caijing, False)]).__class__.objects.filter(
        username="gone-clerk").update(is_active=False)
    client = client_for("admin")
    page = client.get(LIST, {"role": DIRECTOR}).content.decode()
    assert "<code>director</code>" in page and "<code>office</code>" not in page
    page = client.get(LIST, {"committee": caijing.pk}).content.decode()
    assert "<code>lead-caijing</code>" in page and "<code>gone-clerk</code>" in page and "<code>lead-shehui</code>" not in page
    page = client.get(LIST, {"active": "0"}).content.decode()
    assert "<code>gone-clerk</code>" in page and "<code>admin</code>" not in page


def test_list_query_count_does_not_grow_with_rows(baiyun, django_assert_max_num_queries):
    client = client_for("admin")
    caijing, shehui = committee(baiyun, "财经工委"), committee(baiyun, "社会建设工委")
    client.get(LIST)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for n in range(12):
        user = make_staff(baiyun, f"extra-{n}", role=COMMITTEE_MEMBER, committees=[(caijing, n % 2), (shehui, False)])
        user.groups.add(ensure_roles()[DIRECTOR])
        staff_users.issue_login(user, "link", None, None)
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST)
    assert response.content.decode().count("<code>extra-") == 12


# --- adding one user -----------------------------------------------------------------------------


def test_create_with_initial_password_gives_a_working_committee_lead(baiyun):
    caijing = committee(baiyun, "财经工委")
    admin = client_for("admin")
    response = admin.post(NEW, {"name": "王财经", "username": "wang-caijing", "roles": [COMMITTEE_MEMBER],
                                "committees": [caijing.pk], "lead_committees": [caijing.pk], "method": "password"})
    passwords = handout_passwords(admin, response)
    assert len(passwords) == 1
    user = User.objects.get(username="wang-caijing")
    assert user.first_name == "王财经"
    assert set(user.groups.values_list("name", flat=True)) == {COMMITTEE_MEMBER}
    assert BodyMembership.objects.filter(user=user, body=baiyun).exists()
    assert CommitteeMembership.objects.get(user=user).role == "lead"
    assert CommitteeMembership.objects.get(user=user).committee == caijing

    # The new user logs in, must set a password first, then works as the committee's lead.
    person = Client()
    response = person.post("/accounts/login/", {"username": "wang-caijing", "password": passwords[0]})
    assert response.status_code == 302
    assert person.get("/items/mine/")["Location"].startswith("/accounts/password/")
    response = person.post("/accounts/password/", {"old_password": passwords[0], "new_password1": "Caijing-2024-ok",
                                                   "new_password2": "Caijing-2024-ok"})
    assert response.status_code == 302
    page = person.get("/items/mine/")
    assert page.status_code == 200
    assert "财经工委" in page.content.decode()

    # Recorded, and shown on the user's page and the list.
    history = admin.get(edit_url(user)).content.decode()
    assert "新增" in history and "委员会：— → 财经工委（负责人）" in history and "初始密码" in history
    assert "wang-caijing" in admin.get(LIST).content.decode().split('id="user-history"')[1]


def test_create_refuses_bad_input_and_creates_nothing(baiyun, second_body):
    admin = client_for("admin")
    before = User.objects.count()
    theirs = Committee.objects.filter(body=second_body).first()
    cases = [
        ({"committees": [theirs.pk]}, "所在委员会"),
        ({"lead_committees": [theirs.pk]}, "担任负责人的委员会"),
        ({"username": "王五"}, "用户名只能包含英文字母"),
        ({"username": "office"}, "已被使用"),
        ({"roles": ["人大代表"]}, "角色"),
        ({"roles": []}, "请至少选择一个角色"),
        ({"name": ""}, "请填写姓名"),
        ({"method": ""}, "发放方式"),
    ]
    for change, message in cases:
        data = {"name": "赵六", "username": "zhaoliu", "roles": [OFFICE], "method": "link", **change}
        response = admin.post(NEW, data)
        assert response.status_code == 400, change
        assert message in response.content.decode(), change
    assert User.objects.count() == before


# --- editing -------------------------------------------------------------------------------------


def test_edit_role_committees_and_active_are_recorded_in_history(baiyun):
    admin = client_for("admin")
    shehui, caijing = committee(baiyun, "社会建设工委"), committee(baiyun, "财经工委")
    lead = User.objects.get(username="lead-shehui")
    data = edit_data(admin, lead, roles=[COMMITTEE_MEMBER, DIRECTOR], committees=[shehui.pk, caijing.pk],
                     lead_committees=[caijing.pk], name="社会建设工委新负责人")
    response = admin.post(edit_url(lead), data)
    assert response.status_code == 302
    assert set(lead.groups.values_list("name", flat=True)) == {COMMITTEE_MEMBER, DIRECTOR}
    roles = dict(CommitteeMembership.objects.filter(user=lead).values_list("committee__short_name", "role"))
    assert roles == {"社会建设工委": "staff", "财经工委": "lead"}
    page = admin.get(edit_url(lead)).content.decode()
    assert "角色：委员会成员 → 委员会成员、主任会议成员" in page
    assert "委员会：社会建设工委（负责人） → 财经工委（负责人）、社会建设工委（工作人员）" in page
    assert "姓名：社会建设工委负责人演示账号 → 社会建设工委新负责人" in page

    response = admin.post(edit_url(lead), edit_data(admin, lead, active=None))
    assert response.status_code == 302
    lead.refresh_from_db()
    assert not lead.is_active
    assert "状态：在用 → 停用" in admin.get(edit_url(lead)).content.decode()
    assert not can_log_in("lead-shehui", "renda-demo")


def test_a_stale_form_does_not_undo_another_admins_change(baiyun):
    admin = client_for("admin")
    office = User.objects.get(username="office")
    stale = edit_data(admin, office)
    admin.post(edit_url(office), edit_data(admin, office, roles=[OFFICE, DIRECTOR]))
    response = admin.post(edit_url(office), {**stale, "name": "改名"})
    assert response.status_code == 400
    assert "已被他人修改" in response.content.decode()
    office.refresh_from_db()
    assert office.first_name != "改名"
    assert set(office.groups.values_list("name", flat=True)) == {OFFICE, DIRECTOR}


def test_other_bodys_users_are_not_found(baiyun, second_body):
    admin = client_for("admin")
    for username in ("office-other", "admin-other"):
        other = User.objects.get(username=username)
        password = other.password
        assert admin.get(edit_url(other)).status_code == 404
        response = admin.post(edit_url(other), {"name": "被改", "roles": [DIRECTOR], "active": "on"})
        assert response.status_code == 404
        assert admin.post(reissue_url(other), {"method": "password"}).status_code == 404
        other.refresh_from_db()
        assert other.first_name != "被改" and other.password == password
        assert not other.groups.filter(name=DIRECTOR).exists()
    assert admin.get("/settings/users/999999/").status_code == 404


def test_another_bodys_committee_is_refused_on_edit(baiyun, second_body):
    admin = client_for("admin")
    office = User.objects.get(username="office")
    theirs = Committee.objects.filter(body=second_body).first()
    response = admin.post(edit_url(office), edit_data(admin, office, committees=[theirs.pk], name="改名"))
    assert response.status_code == 400
    assert "所在委员会：所选委员会不是本级的委员会" in response.content.decode()
    office.refresh_from_db()
    assert office.first_name == "办公室演示账号"
    assert not CommitteeMembership.objects.filter(user=office).exists()


def test_deputies_accounts_are_not_edited_here(baiyun):
    from core.roles import DEPUTY

    deputy = User.objects.create_user("some-deputy", first_name="某代表")
    deputy.groups.add(ensure_roles()[DEPUTY])
    BodyMembership.objects.create(user=deputy, body=baiyun)
    admin = client_for("admin")
    response = admin.get(edit_url(deputy), follow=True)
    assert "代表账号" in response.content.decode() and "不在这里管理" in response.content.decode()
    response = admin.post(edit_url(deputy), {"name": "x", "roles": [ADMINISTRATOR], "active": "on"})
    assert not deputy.groups.filter(name=ADMINISTRATOR).exists()
    assert "<code>some-deputy</code>" not in admin.get(LIST).content.decode()


def test_the_last_administrator_cannot_lock_the_body_out(baiyun):
    admin_user = User.objects.get(username="admin")
    admin = client_for("admin")
    response = admin.post(edit_url(admin_user), edit_data(admin, admin_user, roles=[OFFICE]))
    assert response.status_code == 400
    assert "唯一在用的系统管理员" in response.content.decode()
    assert admin_user.groups.filter(name=ADMINISTRATOR).exists()

    response = admin.post(edit_url(admin_user), edit_data(admin, admin_user, active=None))
    assert response.status_code == 400
    assert "不能停用自己" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active

    # With a second active administrator, the first may step down.
    make_staff(baiyun, "admin-two", role=ADMINISTRATOR)
    response = admin.post(edit_url(admin_user), edit_data(admin, admin_user, roles=[OFFICE]))
    assert response.status_code == 302
    assert not admin_user.groups.filter(name=ADMINISTRATOR).exists()
    # And the second then is the last one: nobody may take the role from them.
    second = User.objects.get(username="admin-two")
    client = client_for("admin-two")
    response = client.post(edit_url(second), edit_data(client, second, roles=[DIRECTOR]))
    assert response.status_code == 400 and "唯一在用的系统管理员" in response.content.decode()


def test_reissue_gives_a_new_password_and_is_recorded(baiyun):
    admin = client_for("admin")
    director = User.objects.get(username="director")
    response = admin.post(reissue_url(director), {"method": "password"})
    passwords = handout_passwords(admin, response)
    assert len(passwords) == 1
    assert not can_log_in("director", "renda-demo")
    assert can_log_in("director", passwords[0])
    assert "重新发放登录方式（初始密码）" in admin.get(edit_url(director)).content.decode()
    assert admin.get(reissue_url(director)).status_code == 405


# --- bulk add ------------------------------------------------------------------------------------


def workbook(rows, headers=("姓名", "用户名", "角色", "委员会", "是否负责人")) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["白云区工作人员"])
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "users.xlsx"
    return out


GOOD_ROWS = [
    ("李办公", "li-office", "办公室", "", ""),
    ("周财经", "zhou-caijing", "委员会成员", "财政经济工作委员会", "是"),  # full name
    ("吴监察", "wu-jiancha", "委员会成员、主任会议成员", "区人大常委会监察和司法工作委员会", "否"),  # an alias
]


def test_template_has_the_headers_and_an_example(baiyun):
    response = client_for("admin").get(TEMPLATE)
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[0] == "姓名")
    assert rows[header][:5] == ["姓名", "用户名", "角色", "委员会", "是否负责人"]
    assert rows[header + 1][0] and rows[header + 1][2] == "委员会成员"


def test_a_good_workbook_creates_every_user_and_one_handout(baiyun):
    admin = client_for("admin")
    response = admin.post(IMPORT, {"file": workbook(GOOD_ROWS), "method": "password"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "确认导入 3 个用户" in page
    assert not User.objects.filter(username="li-office").exists()  # the preview creates nothing
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page)[1]
    response = admin.post(IMPORT, {"confirm": "1", "digest": digest})
    passwords = handout_passwords(admin, response)
    assert len(passwords) == 3
    zhou = User.objects.get(username="zhou-caijing")
    assert CommitteeMembership.objects.get(user=zhou).committee.short_name == "财经工委"
    assert CommitteeMembership.objects.get(user=zhou).role == "lead"
    wu = User.objects.get(username="wu-jiancha")
    assert set(wu.groups.values_list("name", flat=True)) == {COMMITTEE_MEMBER, DIRECTOR}
    assert CommitteeMembership.objects.get(user=wu).committee.short_name == "监察司法工委"
    assert all(BodyMembership.objects.filter(user__username=u, body=baiyun).exists()
               for u in ("li-office", "zhou-caijing", "wu-jiancha"))
    # A second confirm (back button, double click) creates nothing more.
    count = User.objects.count()
    response = admin.post(IMPORT, {"confirm": "1", "digest": digest})
    assert response.status_code == 409 and "没有等待确认的导入" in response.content.decode()
    assert User.objects.count() == count


def test_a_workbook_with_one_bad_row_creates_nothing_and_names_row_and_column(baiyun, second_body):
    admin = client_for("admin")
    rows = GOOD_ROWS + [
        ("孙某", "sun-x", "办公室", "示例区预算工委", ""),  # row 6: another body's committee
        ("", "no-name", "办公室", "", ""),  # row 7
        ("钱某", "li-office", "办公室", "", ""),  # row 8: duplicate in the file
        ("冯某", "office-other", "厨师", "", ""),  # row 9: taken in the system, unknown role
    ]
    response = admin.post(IMPORT, {"file": workbook(rows), "method": "link"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "第 6 行「委员会」：本级没有名为“示例区预算工委”的委员会" in page
    assert "第 7 行「姓名」：姓名为空" in page
    assert "第 8 行「用户名」：用户名“li-office”与第 3 行重复" in page
    assert "第 9 行「用户名」" in page and "第 9 行「角色」：未知角色“厨师”" in page
    assert "确认导入" not in page
    # Nothing waits for a confirm, and nothing was created.
    response = admin.post(IMPORT, {"confirm": "1", "digest": "0" * 64})
    assert response.status_code == 409
    for username in ("li-office", "zhou-caijing", "wu-jiancha", "sun-x", "no-name"):
        assert not User.objects.filter(username=username).exists()


def test_a_confirm_for_another_upload_is_refused(baiyun):
    admin = client_for("admin")
    first = admin.post(IMPORT, {"file": workbook(GOOD_ROWS[:1]), "method": "link"}).content.decode()
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', first)[1]
    admin.post(IMPORT, {"file": workbook(GOOD_ROWS[1:]), "method": "link"})  # another tab, another file
    response = admin.post(IMPORT, {"confirm": "1", "digest": digest})
    assert response.status_code == 409
    assert "不一致" in response.content.decode()
    assert not User.objects.filter(username__in=["li-office", "zhou-caijing"]).exists()


def test_a_username_taken_between_preview_and_confirm_creates_nothing(baiyun):
    admin = client_for("admin")
    page = admin.post(IMPORT, {"file": workbook(GOOD_ROWS), "method": "link"}).content.decode()
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page)[1]
    make_staff(baiyun, "wu-jiancha")
    response = admin.post(IMPORT, {"confirm": "1", "digest": digest})
    assert response.status_code == 409
    assert "第 5 行「用户名」" in response.content.decode()
    assert not User.objects.filter(username__in=["li-office", "zhou-caijing"]).exists()


def test_unreadable_files_are_refused_clearly(baiyun):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = client_for("admin")
    response = admin.post(IMPORT, {"file": SimpleUploadedFile("users.xlsx", b"not a zip at all"), "method": "link"})
    assert response.status_code == 400
    assert "工作簿" in response.content.decode()
    response = admin.post(IMPORT, {"file": workbook([("张三", "zs", "办公室")], headers=("名字", "账号X")),
                                   "method": "link"})
    assert response.status_code == 400 and "表头" in response.content.decode()


@pytest.mark.parametrize("bad", ["abc", "9999999999999999999999999", "-1", "1.5"])
def test_a_committee_id_that_is_no_id_is_a_form_error(baiyun, bad):
    client = client_for("admin")
    before = get_user_model().objects.count()
    response = client.post(reverse("settings-user-create"), {
        "name": "甲", "username": "zz-jia", "roles": ["办公室"], "method": "password", "committees": [bad]})
    assert response.status_code == 400
    assert "不是本级的委员会" in response.content.decode()
    assert get_user_model().objects.count() == before
    office = get_user_model().objects.get(username="office")
    response = client.post(reverse("settings-user-edit", args=[office.pk]),
                           {"name": "办公室", "roles": ["办公室"], "lead_committees": [bad], "active": "on"})
    assert response.status_code == 400


def test_a_superuser_in_the_body_is_not_the_body_administrators_to_manage(baiyun):
    from core.models import BodyMembership
    from core.roles import OFFICE, ensure_roles

    root = get_user_model().objects.create_superuser("zz-root", password="old-secret")
    root.groups.add(ensure_roles()[OFFICE])
    BodyMembership.objects.create(user=root, body=baiyun)
    client = client_for("admin")
    assert "zz-root" not in client.get(reverse("settings-users")).content.decode()
    response = client.post(reverse("settings-user-reissue", args=[root.pk]), {"method": "password"}, follow=True)
    assert "平台管理员" in response.content.decode()
    root.refresh_from_db()
    assert root.check_password("old-secret") and root.is_superuser
    assert "zz-root" not in client.get(reverse("settings-tokens")).content.decode()
