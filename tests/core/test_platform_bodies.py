"""The platform administrator's pages: every body, a new body from a committee template with its first
administrator, a body's fields (no cycles) and another administrator; nobody else may open them."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client

from core import body_setup
from core.models import Body, BodyMembership, BodyRules, Committee
from core.roles import ADMINISTRATOR, ensure_roles
from core.settings_access import PLATFORM_ADMINS_ONLY
from plans.models import PlanItem
from tests.conftest import client_for
from tests.versioned_posts import post_edit

LIST = "/platform/"
CREATE = "/platform/bodies/new/"
User = get_user_model()


def edit_url(body):
    return f"/platform/bodies/{body.pk}/"


def admin_url(body):
    return f"/platform/bodies/{body.pk}/administrators/"


def new_body_data(**changes):
    data = {
        "name": "广州市从化区人大常委会", "area_name": "广州市从化区", "short_name": "区人大常委会",
        "level": "county", "parent": "", "template": "", "admin_name": "从化区管理员",
        "admin_username": "conghua-admin", "method": "password",
    }
    data.update(changes)
    return data


def counts():
    return (Body.objects.count(), User.objects.count(), Committee.objects.count(), BodyRules.objects.count(),
            BodyMembership.objects.count(), LogEntry.objects.count())


def issued_password(response) -> str:
    match = re.search(r"data-password>([^<]+)<", response.content.decode())
    assert match, "the hand-out shows the initial password"
    return match[1]


@pytest.fixture
def platform(baiyun):
    return client_for("platform")


# --- who may open the pages ------------------------------------------------------------------------------


def test_the_list_shows_every_body_with_its_administrators(platform, baiyun, second_body):
    response = platform.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert baiyun.name in page and second_body.name in page
    row = re.search(rf'<tr id="body-{second_body.pk}">(.*?)</tr>', page, re.S)[1]
    assert "示例区系统管理员" in row and "县（区）级" in row and "示例市示例区" in row
    baiyun_row = re.search(rf'<tr id="body-{baiyun.pk}">(.*?)</tr>', page, re.S)[1]
    assert "已有" in baiyun_row  # Baiyun has plans
    assert f'href="{edit_url(baiyun)}"' in page and CREATE in page


@pytest.mark.parametrize("username", ["admin", "office", "director", "lead-caijing", "admin-other"])
@pytest.mark.parametrize("method, url", [
    ("get", LIST), ("get", CREATE), ("post", CREATE), ("get", "edit"), ("post", "edit"), ("post", "admin"),
])
def test_everyone_else_is_refused_with_the_reason(baiyun, second_body, username, method, url):
    before = counts()
    target = {"edit": edit_url(second_body), "admin": admin_url(second_body)}.get(url, url)
    data = new_body_data(name=second_body.name + "改", admin_username="sneaky-admin") if method == "post" else None
    client = client_for(username)
    response = client.post(target, data) if method == "post" else client.get(target)
    assert response.status_code == 403
    assert PLATFORM_ADMINS_ONLY in response.content.decode()
    assert counts() == before
    second_body.refresh_from_db()
    assert second_body.name == "示例市示例区人大常委会"


@pytest.mark.parametrize("url", [LIST, CREATE, "/platform/bodies/1/", "/platform/bodies/1/administrators/"])
def test_anonymous_is_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_missing_body_is_a_404_not_a_500(platform):
    assert platform.get("/platform/bodies/999999/").status_code == 404
    assert platform.post("/platform/bodies/999999/administrators/", new_body_data()).status_code == 404


# --- creating a body -------------------------------------------------------------------------------------


def test_create_a_county_body_from_the_template_and_its_administrator_works_there(platform, baiyun, second_body):
    bodies, users = Body.objects.count(), User.objects.count()
    response = platform.post(CREATE, new_body_data())
    assert response.status_code == 200
    page = response.content.decode()
    assert "本页只显示这一次" in page and "conghua-admin" in page
    password = issued_password(response)
    assert Body.objects.count() == bodies + 1 and User.objects.count() == users + 1

    body = Body.objects.get(name="广州市从化区人大常委会")
    assert (body.level, body.area_name, body.short_name, body.parent) == ("county", "广州市从化区", "区人大常委会", None)
    # Committees of the county template, with their other spellings; rules with the defaults.
    template = body_setup.load_templates()["county"]
    committees = {c.short_name: c for c in Committee.objects.filter(body=body)}
    assert set(committees) == {c.short_name for c in template.committees}
    assert committees["财经工委"].name == "财政经济工作委员会" and "财经" in committees["财经工委"].aliases
    assert committees["办公室"].kind == Committee.Kind.OFFICE
    assert BodyRules.objects.get(body=body).materials_days == 7
    admin = User.objects.get(username="conghua-admin")
    assert admin.first_name == "从化区管理员" and not admin.is_superuser and not admin.is_staff
    assert list(admin.groups.values_list("name", flat=True)) == [ADMINISTRATOR]
    assert list(BodyMembership.objects.filter(user=admin).values_list("body", flat=True)) == [body.pk]

    # The history on the body's page: who created it, with what.
    history = platform.get(edit_url(body)).content.decode()
    assert "新增" in history and "名称：— → 广州市从化区人大常委会" in history and "从化区管理员" in history

    # The new administrator logs in with the initial password, sets their own, and lands in the NEW body.
    client = Client()
    logged_in = client.post("/accounts/login/", {"username": "conghua-admin", "password": password})
    assert logged_in.status_code == 302
    assert client.get("/")["Location"].startswith("/accounts/password/")
    response = client.post("/accounts/password/", {"old_password": password, "new_password1": "Conghua-2024-ok",
                                                   "new_password2": "Conghua-2024-ok"}, follow=True)
    assert response.status_code == 200
    home = response.content.decode()
    assert "广州市从化区人大常委会" in home and baiyun.name not in home
    items = client.get("/items/")
    assert items.status_code == 200
    baiyun_titles = list(PlanItem.objects.filter(body=baiyun).values_list("title", flat=True)[:20])
    assert baiyun_titles and not any(title in items.content.decode() for title in baiyun_titles)
    # A body's administrator is not the platform's.
    assert client.get(LIST).status_code == 403


def test_a_city_body_gets_special_committees_paired_with_working_ones(platform, baiyun):
    response = platform.post(CREATE, new_body_data(name="示例市人大常委会", area_name="示例市", level="city",
                                                   admin_username="city-admin", method="link"))
    assert response.status_code == 200 and "data-link" in response.content.decode()
    body = Body.objects.get(name="示例市人大常委会")
    committees = {c.short_name: c for c in Committee.objects.filter(body=body).select_related("paired_with")}
    assert committees["财经委员会"].kind == Committee.Kind.SPECIAL
    assert committees["财经委员会"].paired_with == committees["财经工委"]
    assert committees["法制委"].paired_with == committees["法工委"]
    assert len(committees) == len(body_setup.load_templates()["city"].committees)
    # A county under the new city: the parent is above it, so it is accepted.
    response = platform.post(CREATE, new_body_data(parent=body.pk, admin_username="county-admin"))
    assert response.status_code == 200
    assert Body.objects.get(name="广州市从化区人大常委会").parent == body


def test_another_template_or_none_may_be_chosen(platform, baiyun):
    platform.post(CREATE, new_body_data(template="none"))
    assert not Committee.objects.filter(body__name="广州市从化区人大常委会").exists()
    platform.post(CREATE, new_body_data(name="某镇人大", area_name="某镇", level="town", template="town",
                                        admin_username="town-admin"))
    assert set(Committee.objects.filter(body__name="某镇人大").values_list("short_name", flat=True)) == {"主席团", "人大办"}


@pytest.mark.parametrize("changes, field, message", [
    ({"name": "广州市白云区人大常委会"}, "名称", "名称已存在"),
    ({"admin_username": "office"}, "登录用户名", "已被使用"),
    ({"admin_username": "管理员"}, "登录用户名", "不能使用汉字"),
    ({"level": "city", "parent": "BAIYUN"}, "上级人大常委会", "不高于本级"),
    ({"level": "county", "parent": "BAIYUN"}, "上级人大常委会", "上级必须比本级高"),
    ({"level": "", "admin_name": " "}, "级别", "请选择级别"),
    ({"parent": "999999"}, "上级人大常委会", "不存在"),
    ({"method": "email"}, "发放方式", "请选择发放方式"),
])
def test_a_refused_form_creates_nothing(platform, baiyun, changes, field, message):
    changes = {k: (baiyun.pk if v == "BAIYUN" else v) for k, v in changes.items()}
    before = counts()
    response = platform.post(CREATE, new_body_data(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{field}：" in page and message in page
    assert counts() == before


def test_a_broken_template_file_refuses_the_template_but_not_the_page(platform, baiyun, tmp_path, monkeypatch):
    broken = tmp_path / "broken.toml"
    broken.write_text("[levels.county\n", encoding="utf-8")
    monkeypatch.setattr(body_setup, "TEMPLATE_FILE", broken)
    assert platform.get(CREATE).status_code == 200
    before = counts()
    response = platform.post(CREATE, new_body_data())
    assert response.status_code == 400 and "委员会模板文件有误" in response.content.decode()
    assert counts() == before
    assert platform.post(CREATE, new_body_data(template="none")).status_code == 200


# --- editing a body and appointing administrators --------------------------------------------------------


def edit_data(body, **changes):
    data = {"name": body.name, "area_name": body.area_name, "short_name": body.short_name, "level": body.level,
            "parent": body.parent_id or ""}
    data.update(changes)
    return data


def test_edit_records_the_change_and_refuses_a_cycle(platform, baiyun, second_body):
    platform.post(CREATE, new_body_data(name="广州市人大常委会", area_name="广州市", level="city",
                                        admin_username="gz-admin"))
    city = Body.objects.get(name="广州市人大常委会")
    response = post_edit(platform, edit_url(baiyun), edit_data(baiyun, parent=city.pk))
    assert response.status_code == 302
    baiyun.refresh_from_db()
    assert baiyun.parent == city
    page = platform.get(edit_url(baiyun)).content.decode()
    assert "上级人大常委会：— → 广州市人大常委会" in page and "修改" in page

    # The city may not take Baiyun (its lower body) or itself as parent, nor drop to Baiyun's level.
    before = counts()
    for changes, message in [({"parent": baiyun.pk, "level": "province"}, "形成循环"),
                             ({"parent": city.pk}, "本会自己"),
                             ({"level": "county"}, "下级人大常委会“广州市白云区人大常委会”是县（区）级")]:
        response = post_edit(platform, edit_url(city), edit_data(city, **changes))
        assert response.status_code == 400
        assert message in response.content.decode()
    city.refresh_from_db()
    assert (city.parent, city.level) == (None, "city") and counts() == before
    # The refused choices are not even offered.
    form_page = platform.get(edit_url(city)).content.decode()
    parent_select = re.search(r'<select name="parent".*?</select>', form_page, re.S)[0]
    assert baiyun.name not in parent_select and second_body.name in parent_select


def test_edit_refuses_an_existing_name(platform, baiyun, second_body):
    response = post_edit(platform, edit_url(second_body), edit_data(second_body, name=baiyun.name))
    assert response.status_code == 400 and "名称已存在" in response.content.decode()
    second_body.refresh_from_db()
    assert second_body.name == "示例市示例区人大常委会"


def test_appoint_another_administrator(platform, baiyun, second_body):
    response = platform.post(admin_url(second_body), {"admin_name": "示例区新管理员", "admin_username": "other-admin-2",
                                                      "method": "link"})
    assert response.status_code == 200 and "/accounts/setup/" in response.content.decode()
    user = User.objects.get(username="other-admin-2")
    assert list(BodyMembership.objects.filter(user=user).values_list("body", flat=True)) == [second_body.pk]
    assert user.groups.filter(name=ADMINISTRATOR).exists()
    page = platform.get(edit_url(second_body)).content.decode()
    assert "other-admin-2" in page and "已发放链接" in page
    assert "系统管理员：示例区系统管理员 → 示例区系统管理员、示例区新管理员" in page
    # Baiyun's administrators are not touched.
    assert not BodyMembership.objects.filter(user=user, body=baiyun).exists()


def test_appointing_with_a_taken_username_creates_nothing(platform, second_body):
    before = counts()
    response = platform.post(admin_url(second_body), {"admin_name": "某人", "admin_username": "admin-other",
                                                      "method": "password"})
    assert response.status_code == 400 and "登录用户名：" in response.content.decode()
    assert counts() == before


# --- the templates ---------------------------------------------------------------------------------------


def test_every_level_has_a_template_that_loads():
    templates = body_setup.load_templates()
    assert set(templates) == set(Body.Level.values)
    for level, template in templates.items():
        assert template.committees, level
        for special, working in template.pairs():
            kinds = {c.short_name: c.kind for c in template.committees}
            assert kinds[special] == "special" and kinds[working] == "working"
    assert any(c.kind == "special" for c in templates["province"].committees)
    assert {c.kind for c in templates["county"].committees} == {"office", "working"}
    assert "财经工委" in {c.short_name for c in templates["county"].committees}


@pytest.mark.parametrize("text, message", [
    ("[levels.county", "TOML 格式错误"),
    ('[[levels.county.committees]]\nname="办公室"\nshort_name="办公室"\nkind="office"\n', "缺少级别"),
    ('[[levels.moon.committees]]\nname="办公室"\nshort_name="办公室"\nkind="office"\n', "未知级别"),
])
def test_a_broken_template_file_says_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(body_setup.TemplateError, match=message):
        body_setup.load_templates(path)


def _levels(county_entries: str) -> str:
    other = '\nname="办公室"\nshort_name="办公室"\nkind="office"\n'
    return "".join(f"[[levels.{level}.committees]]{other}" for level in ("province", "city", "town")) + county_entries


@pytest.mark.parametrize("entries, message", [
    ('[[levels.county.committees]]\nname="财政经济工作委员会"\nshort_name="财经工委"\nkind="committee"\n', "kind"),
    ('[[levels.county.committees]]\nname="财政经济工作委员会"\nshort_name="财经工委"\nkind="working"\naliases=["财经"]\n'
     '[[levels.county.committees]]\nname="财经委员会"\nshort_name="财经"\nkind="special"\n', "写法“财经”"),
    ('[[levels.county.committees]]\nname="财经委员会"\nshort_name="财经委"\nkind="special"\npaired_with="预算工委"\n',
     "找不到对应的工作委员会“预算工委”"),
    ('[[levels.county.committees]]\nname="办公室"\nshort_name="办公室"\nkind="office"\npaired_with="办公室"\n',
     "只有专门委员会"),
    ('[[levels.county.committees]]\nname="办公室"\nshort_name="办公室"\nkind="office"\ncolour="red"\n', "未知字段 colour"),
])
def test_a_broken_committee_entry_is_named(tmp_path, entries, message):
    path = tmp_path / "t.toml"
    path.write_text(_levels(entries), encoding="utf-8")
    with pytest.raises(body_setup.TemplateError, match=re.escape(message)) as error:
        body_setup.load_templates(path)
    assert "[levels.county] 第" in str(error.value)


# --- query count -----------------------------------------------------------------------------------------


def test_the_list_query_count_does_not_grow_with_bodies(platform, baiyun, django_assert_max_num_queries):
    platform.get(LIST)  # warm the session and caches
    with django_assert_max_num_queries(8) as few:
        platform.get(LIST)
    for i in range(6):
        body = Body.objects.create(name=f"测试区{i}人大常委会", area_name=f"测试区{i}", level="county", parent=baiyun)
        user = User.objects.create_user(f"test-admin-{i}", first_name=f"管理员{i}")
        user.groups.add(ensure_roles()[ADMINISTRATOR])
        BodyMembership.objects.create(user=user, body=body)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = platform.get(LIST)
    page = response.content.decode()
    assert "测试区5人大常委会" in page and "管理员5" in page


def test_the_set_up_is_all_or_nothing_even_when_issuing_fails_last(baiyun):
    """create_body saves the body, rules, committees and account before issuing the log-in: a refusal
    there (an unknown method) must take all of them back."""
    from core.accounts import AccountError

    before = counts()
    body = Body(name="广州市从化区人大常委会", area_name="广州市从化区", level="county")
    with pytest.raises(AccountError, match="发放方式"):
        body_setup.create_body(body, body_setup.load_templates()["county"], "从化区管理员", "conghua-admin", "email",
                               User.objects.get(username="platform"), None)
    assert counts() == before
