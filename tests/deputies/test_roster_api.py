"""The roster API: every role of the body reads, the office writes; contact keys only for the office; bad input."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from deputies.models import Deputy, Reception, Station
from tests.deputies.test_deputy_roster import ADDRESS, PHONE, make_deputy, make_reception, make_roster, make_station
from tests.versioned_posts import with_version

YEAR = 2018


def api_for(username=None) -> APIClient:
    client = APIClient()
    if username:
        client.force_authenticate(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def roster(baiyun):
    return make_roster(baiyun, size=40, prefix="接口")


# --- reading ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("username", "sees"), [("office", True), ("lead-caijing", False), ("director", False)])
def test_every_role_reads_deputies_and_only_the_office_gets_contact_keys(roster, username, sees):
    api = api_for(username)
    response = api.get(reverse("api:deputy-list"), {"group": "接口小组", "page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 40
    for row in body["results"]:
        assert ("phone" in row) is sees and ("address" in row) is sees
    assert (PHONE in response.content.decode()) is sees
    deputy = roster["deputies"][0]
    detail = api.get(reverse("api:deputy-detail", args=[deputy.pk]))
    assert detail.status_code == 200
    assert ("phone" in detail.json()) is sees
    assert (PHONE in detail.content.decode()) is sees and (ADDRESS in detail.content.decode()) is sees
    if sees:
        assert detail.json()["phone"] == PHONE


@pytest.mark.parametrize("username", ["office", "lead-caijing", "director"])
def test_every_role_reads_stations_and_receptions(roster, username):
    first, _ = roster["stations"]
    make_reception(first, date(YEAR, 5, 1), roster["deputies"][1:4], issues="甲\n乙")
    api = api_for(username)
    stations = api.get(reverse("api:station-list"), {"q": "接口T0"}).json()["results"]
    assert {s["number"] for s in stations} == {"接口T01", "接口T02"}
    assert next(s for s in stations if s["number"] == "接口T01")["deputy_count"] == 20
    receptions = api.get(reverse("api:reception-list"), {"year": YEAR, "station": first.pk}).json()["results"]
    assert len(receptions) == 1 and receptions[0]["issue_lines"] == ["甲", "乙"]
    assert sorted(receptions[0]["deputies"]) == sorted(d.pk for d in roster["deputies"][1:4])


def test_anonymous_calls_are_refused(roster):
    api = api_for(None)
    for name in ("api:deputy-list", "api:station-list", "api:reception-list", "api:deputy-reception-counts"):
        assert api.get(reverse(name)).status_code in (401, 403), name
    assert api.post(reverse("api:station-list"), {"kind": "area", "number": "匿名01", "name": "匿名站"}).status_code in (401, 403)
    assert not Station.objects.filter(number="匿名01").exists()


def test_the_other_body_sees_nothing_of_baiyuns(roster):
    api = api_for("office-other")
    deputy, station = roster["deputies"][0], roster["stations"][0]
    reception = make_reception(station, date(YEAR, 5, 1), [deputy])
    assert api.get(reverse("api:deputy-detail", args=[deputy.pk])).status_code == 404
    assert api.get(reverse("api:station-detail", args=[station.pk])).status_code == 404
    assert api.get(reverse("api:reception-detail", args=[reception.pk])).status_code == 404
    text = api.get(reverse("api:deputy-list"), {"page_size": 500}).content.decode()
    assert "接口代表" not in text and PHONE not in text
    assert "接口T01" not in api.get(reverse("api:station-list"), {"page_size": 500}).content.decode()
    assert api.patch(reverse("api:station-detail", args=[station.pk]), {"name": "偷改"}, format="json").status_code == 404
    station.refresh_from_db()
    assert station.name != "偷改"


def test_deputy_list_api_filters_and_counts_this_years_receptions(roster):
    first, _ = roster["stations"]
    deputy = roster["deputies"][1]
    today = timezone.localdate()
    make_reception(first, today, [deputy])
    make_reception(first, today - timedelta(days=1), [deputy, roster["deputies"][3]])
    make_reception(first, date(today.year - 1, 3, 3), [deputy])
    api = api_for("director")
    rows = api.get(reverse("api:deputy-list"), {"station": first.pk, "page_size": 100}).json()["results"]
    assert len(rows) == 20
    by_name = {r["name"]: r for r in rows}
    assert by_name["接口代表001"]["receptions_this_year"] == 2
    assert by_name["接口代表003"]["receptions_this_year"] == 1
    assert by_name["接口代表005"]["receptions_this_year"] == 0
    assert by_name["接口代表005"]["station_detail"]["number"] == "接口T01"
    assert api.get(reverse("api:deputy-list"), {"q": "接口-007"}).json()["count"] == 1
    assert api.get(reverse("api:deputy-list"), {"group": "接口小组", "level": "city"}).json()["count"] == 8


def test_reception_counts_api(roster):
    first, second = roster["stations"]
    a, b = roster["deputies"][1], roster["deputies"][3]
    for month in (1, 2, 3, 4):
        make_reception(first, date(YEAR, month, 1), [a])
    make_reception(second, date(YEAR, 6, 1), [b, a])
    response = api_for("lead-caijing").get(reverse("api:deputy-reception-counts"), {"year": YEAR, "group": "接口小组"})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == YEAR and body["target"] == 4
    counts = {r["name"]: (r["count"], r["met"]) for r in body["results"]}
    assert counts["接口代表001"] == (5, True) and counts["接口代表003"] == (1, False)
    assert body["results"][-1]["name"] == "接口代表001"
    below = api_for("office").get(reverse("api:deputy-reception-counts"),
                                  {"year": YEAR, "group": "接口小组", "below": "true"}).json()["results"]
    assert len(below) == 39 and "phone" not in below[0]
    bad = api_for("office").get(reverse("api:deputy-reception-counts"), {"year": "明年"})
    assert bad.status_code == 400 and "年度" in bad.json()["year"][0]


# --- writing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["lead-caijing", "director"])
def test_only_the_office_writes(roster, username):
    api = api_for(username)
    deputy, station = roster["deputies"][0], roster["stations"][0]
    reception = make_reception(station, date(YEAR, 5, 1), [deputy])
    attempts = [
        api.post(reverse("api:deputy-list"), {"name": "越权", "gender": "male"}, format="json"),
        api.patch(reverse("api:deputy-detail", args=[deputy.pk]), {"name": "越权", "version": 1}, format="json"),
        api.post(reverse("api:station-list"), {"kind": "area", "number": "越权01", "name": "越权站"}, format="json"),
        api.patch(reverse("api:station-detail", args=[station.pk]), {"name": "越权"}, format="json"),
        api.post(reverse("api:reception-list"), {"held_on": "2024-01-01", "station": station.pk,
                                                 "deputies": [deputy.pk]}, format="json"),
        api.patch(reverse("api:reception-detail", args=[reception.pk]), {"voters": 99}, format="json"),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert "只有常委会办公室" in response.json()["detail"]
    assert not Deputy.objects.filter(name="越权").exists() and not Station.objects.filter(number="越权01").exists()
    reception.refresh_from_db()
    assert reception.voters == 5


def test_the_office_creates_and_updates_a_deputy(roster, baiyun):
    api = api_for("office")
    first, _ = roster["stations"]
    response = api.post(reverse("api:deputy-list"), {
        "name": "接口新代表", "gender": "female", "code": "接口-NEW", "station": first.pk, "is_city": True,
        "phone": "13700001111",
    }, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["levels"] == ["市", "区"] and data["version"] == 1 and data["phone"] == "13700001111"
    deputy = Deputy.objects.get(pk=data["id"])
    assert deputy.body == baiyun and deputy.station == first
    response = api.patch(reverse("api:deputy-detail", args=[deputy.pk]), {"work_unit": "某局", "version": 1},
                         format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    deputy.refresh_from_db()
    assert deputy.work_unit == "某局" and deputy.code == "接口-NEW" and deputy.is_city  # the rest kept
    stale = api.patch(reverse("api:deputy-detail", args=[deputy.pk]), {"work_unit": "旧版修改", "version": 1},
                      format="json")
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    assert stale.json()["current"]["version"] == 2
    missing = api.patch(reverse("api:deputy-detail", args=[deputy.pk]), {"work_unit": "无版本"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    assert "修改人大代表时须提供读取时的 version（请求体）或 If-Match 头" in missing.json()["version"][0]
    deputy.refresh_from_db()
    assert deputy.work_unit == "某局" and deputy.version == 2


def test_deputy_api_refuses_bad_input_naming_the_field(roster):
    api = api_for("office")
    before = Deputy.objects.count()
    duplicate = api.post(reverse("api:deputy-list"), {"name": "重号", "gender": "male", "code": "接口-001"},
                         format="json")
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == ["代表编号：代表编号“接口-001”已由代表 接口代表001 使用，同一常委会的代表编号不能重复。"]
    leaving = api.patch(reverse("api:deputy-detail", args=[roster["deputies"][2].pk]),
                        {"status": "resigned", "version": 1}, format="json")
    assert leaving.status_code == 400 and leaving.json()["status_on"][0].startswith("状态变更日期：")
    no_name = api.post(reverse("api:deputy-list"), {"gender": "male"}, format="json")
    assert no_name.status_code == 400 and "name" in no_name.json()
    assert Deputy.objects.count() == before


def test_the_office_creates_and_updates_a_station(roster, baiyun):
    api = api_for("office")
    first, _ = roster["stations"]
    response = api.post(reverse("api:station-list"), {"kind": "point", "number": "接口T03", "name": "接口联络点",
                                                      "parent": first.pk}, format="json")
    assert response.status_code == 201, response.json()
    station = Station.objects.get(pk=response.json()["id"])
    assert station.body == baiyun and station.parent == first
    detail = reverse("api:station-detail", args=[station.pk])
    response = api.patch(detail, with_version(api, detail, {"address": "接口路3号"}), format="json")
    assert response.status_code == 200
    station.refresh_from_db()
    assert station.address == "接口路3号" and station.parent == first and station.number == "接口T03"
    duplicate = api.post(reverse("api:station-list"), {"kind": "area", "number": "接口T01", "name": "重号站"},
                         format="json")
    assert duplicate.status_code == 400 and duplicate.json()["number"][0].startswith("编号：编号“接口T01”已由联络站")
    assert not Station.objects.filter(name="重号站").exists()


def test_the_office_records_and_edits_a_reception(roster):
    api = api_for("office")
    first, _ = roster["stations"]
    present = roster["deputies"][1:4]
    response = api.post(reverse("api:reception-list"), {
        "held_on": "2024-02-02", "station": first.pk, "deputies": [d.pk for d in present], "voters": 7,
        "issues": "路灯\n停车",
    }, format="json")
    assert response.status_code == 201, response.json()
    reception = Reception.objects.get(pk=response.json()["id"])
    assert set(reception.deputies.all()) == set(present) and reception.created_by.username == "office"
    detail = reverse("api:reception-detail", args=[reception.pk])
    response = api.patch(detail, with_version(api, detail, {"voters": 9}), format="json")
    assert response.status_code == 200
    reception.refresh_from_db()
    assert reception.voters == 9 and set(reception.deputies.all()) == set(present)  # the rest kept


def test_reception_api_refuses_bad_input_and_saves_nothing(roster, second_body):
    api = api_for("office")
    first, _ = roster["stations"]
    foreign_deputy = make_deputy(second_body, "接口他区代表")
    foreign_station = make_station(second_body, "接口他区T01")
    before = Reception.objects.count()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = api.post(reverse("api:reception-list"), {
        "held_on": future, "station": first.pk, "deputies": [roster["deputies"][1].pk, foreign_deputy.pk],
    }, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["held_on"] == ["接待日期：接待日期不能晚于今天：请在接待之后登记。"]
    assert errors["deputies"] == [f"进站代表：所选代表（编号 {foreign_deputy.pk}）不是本常委会的代表。"]
    response = api.post(reverse("api:reception-list"), {
        "held_on": "2024-01-01", "station": foreign_station.pk, "deputies": [],
    }, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"station", "deputies"}
    assert response.json()["station"][0].startswith("联络站：")
    reception = make_reception(first, date(2024, 1, 5), roster["deputies"][1:2])
    detail = reverse("api:reception-detail", args=[reception.pk])
    response = api.patch(detail, with_version(api, detail, {"deputies": [foreign_deputy.pk]}), format="json")
    assert response.status_code == 400
    assert Reception.objects.count() == before + 1
    assert list(reception.deputies.all()) == roster["deputies"][1:2]


# --- query counts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["office", "director"])
def test_api_lists_answer_in_a_flat_number_of_queries(baiyun, django_assert_max_num_queries, username):
    data = make_roster(baiyun, size=120, prefix="量接口")
    first, second = data["stations"]
    for n in range(10):
        make_reception(first if n % 2 else second, timezone.localdate() - timedelta(days=n),
                       data["deputies"][n * 10:n * 10 + 8])
    api = api_for(username)
    for name, query in [
        ("api:deputy-list", {"group": "量接口小组", "page_size": 200}),
        ("api:station-list", {"page_size": 200}),
        ("api:reception-list", {"page_size": 200}),
        ("api:deputy-reception-counts", {"group": "量接口小组"}),
    ]:
        with django_assert_max_num_queries(10):
            assert api.get(reverse(name), query).status_code == 200, name
