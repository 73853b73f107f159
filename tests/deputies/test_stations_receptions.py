"""Liaison stations and receptions: pages, permissions, bad input, and each deputy's count against the target."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import BodyRules
from deputies.models import Deputy, Reception, Station
from deputies.stations import receptions as counting
from tests.conftest import client_for
from tests.deputies.test_deputy_roster import make_deputy, make_reception, make_roster, make_station
from tests.versioned_posts import post_edit

YEAR = 2019  # a year of receptions nobody else's data uses


@pytest.fixture
def roster(baiyun):
    return make_roster(baiyun, size=30, prefix="站")


# --- stations ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["office", "lead-caijing", "director"])
def test_every_role_reads_stations(roster, username):
    client = client_for(username)
    first, second = roster["stations"]
    listing = client.get(reverse("station-list"), {"q": "站T0"})
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "站T01" in text and "站T02" in text
    row = text.split(f'id="station-{first.pk}"')[1].split("</tr>")[0]
    assert ">15<" in row  # serving deputies assigned
    detail = client.get(reverse("station-detail", args=[second.pk]))
    assert detail.status_code == 200
    assert "站代表000" in detail.content.decode()


def test_station_filters(roster, office_client):
    first, second = roster["stations"]
    rows = office_client.get(reverse("station-list"), {"kind": "central", "q": "站T0"}).context["page"].object_list
    assert list(rows) == [first]
    rows = office_client.get(reverse("station-list"), {"town": "测试镇"}).context["page"].object_list
    assert set(rows) == {first, second}


def test_deputy_count_counts_serving_deputies_only(roster, office_client):
    first, _ = roster["stations"]
    Deputy.objects.filter(station=first, name="站代表001").update(status="resigned", status_on=date(2024, 1, 1))
    row = office_client.get(reverse("station-list"), {"q": "站T01"}).content.decode()
    assert ">14<" in row.split(f'id="station-{first.pk}"')[1].split("</tr>")[0]


@pytest.mark.parametrize("username", ["lead-caijing", "director"])
def test_only_the_office_adds_or_edits_stations(roster, username):
    client = client_for(username)
    first, _ = roster["stations"]
    assert client.get(reverse("station-create")).status_code == 403
    assert client.post(reverse("station-create"), {"kind": "point", "number": "越权01", "name": "越权站"}).status_code == 403
    assert post_edit(client, reverse("station-edit", args=[first.pk]),
                       {"kind": "central", "number": "站T01", "name": "改名"}).status_code == 403
    assert not Station.objects.filter(number="越权01").exists()
    first.refresh_from_db()
    assert first.name == "测试站T01联络站"


def test_the_office_adds_and_edits_a_station(roster, baiyun, office_client):
    first, _ = roster["stations"]
    response = office_client.post(reverse("station-create"), {
        "kind": "point", "number": "站T03", "name": "测试联络点", "town": "测试镇", "address": "测试路1号",
        "parent": first.pk,
    })
    station = Station.objects.get(body=baiyun, number="站T03")
    assert response.status_code == 302 and response["Location"] == reverse("station-detail", args=[station.pk])
    assert station.parent == first
    response = post_edit(office_client, reverse("station-edit", args=[station.pk]), {
        "kind": "point", "number": "站T03", "name": "测试联络点（新址）", "town": "测试镇", "address": "测试路2号",
    })
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.name == "测试联络点（新址）" and station.parent is None


def test_a_station_number_used_twice_is_refused_with_the_field_named(roster, office_client):
    before = Station.objects.count()
    response = office_client.post(reverse("station-create"), {"kind": "area", "number": "站t01", "name": "重号站"})
    assert response.status_code == 200
    assert "编号：编号“站t01”已由联络站“测试站T01联络站”使用" in response.content.decode()
    assert Station.objects.count() == before
    _, second = roster["stations"]
    response = post_edit(office_client, reverse("station-edit", args=[second.pk]),
                                  {"kind": "area", "number": "站T01", "name": "改号"})
    assert response.status_code == 200 and "联络站编号在本区内不能重复" in response.content.decode()
    second.refresh_from_db()
    assert second.number == "站T02"


def test_a_number_taken_in_the_meantime_is_refused_not_a_server_error(roster, office_client, monkeypatch):
    """Two people saving the same number at once: the form's check passes for both, the database refuses one."""
    from deputies.roster.forms import StationForm

    monkeypatch.setattr(StationForm, "clean_number", lambda form: form.cleaned_data["number"])
    before = Station.objects.count()
    response = office_client.post(reverse("station-create"), {"kind": "area", "number": "站T01", "name": "抢号站"})
    assert response.status_code == 200
    assert "该联络站编号刚刚已被他人使用" in response.content.decode()
    assert Station.objects.count() == before


def test_the_other_body_may_use_the_same_number(roster, second_body):
    response = client_for("office-other").post(reverse("station-create"),
                                               {"kind": "area", "number": "站T01", "name": "他区站"})
    assert response.status_code == 302
    assert Station.objects.filter(body=second_body, number="站T01").exists()


def test_the_other_body_sees_none_of_baiyuns_stations(roster):
    client = client_for("office-other")
    first, _ = roster["stations"]
    assert client.get(reverse("station-detail", args=[first.pk])).status_code == 404
    assert client.get(reverse("station-edit", args=[first.pk])).status_code == 404
    assert "站T01" not in client.get(reverse("station-list")).content.decode()


# --- receptions -------------------------------------------------------------------------------------------


def _reception_data(station, deputies, **changes):
    data = {"held_on": "2024-03-05", "station": station.pk, "deputies": [d.pk for d in deputies], "voters": "12",
            "issues": "道路破损\n\n  路灯不亮 ", "note": ""}
    data.update(changes)
    return data


def test_the_office_records_a_reception(roster, office_client):
    first, _ = roster["stations"]
    present = [d for d in roster["deputies"] if d.station_id == first.pk][:3]
    form = office_client.get(reverse("reception-create"), {"station": first.pk})
    text = form.content.decode()
    assert form.status_code == 200 and "本站代表：站T01" in text
    assert text.index("<legend>本站代表：站T01") < text.index("<legend>站T02 测试站T02联络站</legend>")  # the station's deputies first
    response = office_client.post(reverse("reception-create"), _reception_data(first, present))
    assert response.status_code == 302 and response["Location"] == reverse("station-detail", args=[first.pk])
    reception = Reception.objects.get(station=first, held_on=date(2024, 3, 5))
    assert set(reception.deputies.all()) == set(present)
    assert reception.voters == 12 and reception.issue_lines() == ["道路破损", "路灯不亮"]
    assert reception.created_by.username == "office"
    page = office_client.get(reverse("station-detail", args=[first.pk])).content.decode()
    assert f'id="reception-{reception.pk}"' in page and "路灯不亮" in page


def test_the_office_edits_a_reception(roster, office_client):
    first, _ = roster["stations"]
    deputies = [d for d in roster["deputies"] if d.station_id == first.pk]
    reception = make_reception(first, date(2024, 4, 1), deputies[:2])
    assert office_client.get(reverse("reception-edit", args=[reception.pk])).status_code == 200
    response = post_edit(office_client, reverse("reception-edit", args=[reception.pk]),
                                  _reception_data(first, deputies[1:4], held_on="2024-04-02", voters="3"))
    assert response.status_code == 302
    reception.refresh_from_db()
    assert reception.held_on == date(2024, 4, 2) and set(reception.deputies.all()) == set(deputies[1:4])


@pytest.mark.parametrize("username", ["lead-caijing", "director"])
def test_only_the_office_records_receptions(roster, username):
    client = client_for(username)
    first, _ = roster["stations"]
    reception = make_reception(first, date(2024, 4, 1), roster["deputies"][1:2])
    assert client.get(reverse("reception-list")).status_code == 200
    assert client.get(reverse("reception-create")).status_code == 403
    before = Reception.objects.count()
    assert client.post(reverse("reception-create"), _reception_data(first, roster["deputies"][:1])).status_code == 403
    assert post_edit(client, reverse("reception-edit", args=[reception.pk]),
                       _reception_data(first, roster["deputies"][:1])).status_code == 403
    assert Reception.objects.count() == before
    assert list(reception.deputies.all()) == roster["deputies"][1:2]


def test_a_reception_in_the_future_is_refused(roster, office_client):
    first, _ = roster["stations"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    before = Reception.objects.count()
    response = office_client.post(reverse("reception-create"),
                                  _reception_data(first, roster["deputies"][:2], held_on=tomorrow.isoformat()))
    assert response.status_code == 200
    assert "接待日期：接待日期不能晚于今天" in response.content.decode()
    assert Reception.objects.count() == before


def test_a_deputy_of_another_body_is_refused(roster, second_body, office_client):
    first, _ = roster["stations"]
    foreign = make_deputy(second_body, "他区代表甲")
    before = Reception.objects.count()
    response = office_client.post(reverse("reception-create"),
                                  _reception_data(first, [roster["deputies"][1], foreign]))
    assert response.status_code == 200
    text = response.content.decode()
    assert f"进站代表：所选代表（编号 {foreign.pk}）不是本常委会的代表" in text
    assert "他区代表甲" not in text
    assert Reception.objects.count() == before


def test_a_reception_needs_deputies_and_a_station_of_the_body(roster, second_body, office_client):
    foreign_station = make_station(second_body, "他区T09")
    response = office_client.post(reverse("reception-create"),
                                  _reception_data(foreign_station, [], voters="-1"))
    text = response.content.decode()
    assert "进站代表：请选择至少一名进站代表" in text
    assert "联络站：联络站不存在或不属于本常委会" in text
    assert "接待选民人次：" in text
    assert not Reception.objects.filter(station=foreign_station).exists()


def test_the_reception_list_filters(roster, office_client):
    first, second = roster["stations"]
    a = make_reception(first, date(YEAR, 3, 1), roster["deputies"][1:3], issues="站测试专用问题：噪音扰民")
    b = make_reception(second, date(YEAR, 4, 1), roster["deputies"][0:1])
    rows = lambda **q: set(office_client.get(reverse("reception-list"), q).context["page"].object_list)  # noqa: E731
    assert rows(year=YEAR) == {a, b}
    assert rows(year=YEAR, station=first.pk) == {a}
    assert rows(deputy=roster["deputies"][0].pk) == {b}
    assert rows(q="站测试专用问题") == {a}


# --- counts against the target ----------------------------------------------------------------------------


@pytest.fixture
def counted(roster):
    """Receptions in YEAR, counted by hand below: 4 deputies of the first station and one of the second."""
    first, second = roster["stations"]
    at_first = [d for d in roster["deputies"] if d.station_id == first.pk]
    at_second = [d for d in roster["deputies"] if d.station_id == second.pk]
    a, b, c, d = at_first[:4]
    e = at_second[0]
    make_reception(first, date(YEAR, 1, 10), [a, b, c])
    make_reception(first, date(YEAR, 3, 10), [a, b])
    make_reception(first, date(YEAR, 5, 10), [a, b])
    make_reception(first, date(YEAR, 7, 10), [a])
    make_reception(first, date(YEAR, 9, 10), [a, c])
    make_reception(second, date(YEAR, 2, 2), [e, a])  # at another station: still counts for a
    make_reception(first, date(YEAR - 1, 12, 31), [b, c, d])  # the year before: not counted
    make_reception(first, date(YEAR + 1, 1, 1), [d])  # the year after: not counted
    # By hand: a 6, b 3, c 2, d 0, e 1 (target 4: only a meets it).
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "first": first, "second": second}


def test_counts_match_a_count_by_hand(counted, office_client):
    response = office_client.get(reverse("reception-counts"), {"year": YEAR, "group": "站小组"})
    assert response.status_code == 200
    rows = response.context["rows"]
    by_name = {d.name: d.progress["count"] for d in rows}
    expected = {counted[k].name: n for k, n in {"a": 6, "b": 3, "c": 2, "d": 0, "e": 1}.items()}
    for name, n in expected.items():
        assert by_name[name] == n, name
    assert sum(by_name.values()) == 12  # nobody else of the group received voters in YEAR
    assert sum(1 for d in rows if d.progress["met"]) == 1
    # Those below the target first, the fewest first; the one who met it last.
    assert rows[-1].name == counted["a"].name
    assert [d.progress["count"] for d in rows] == sorted(d.progress["count"] for d in rows)
    text = response.content.decode()
    row = text.split(f'id="count-{counted["b"].pk}"')[1].split("</tr>")[0]
    assert "差 1 次" in row


def test_counts_filters(counted, office_client):
    url = reverse("reception-counts")
    below = office_client.get(url, {"year": YEAR, "group": "站小组", "below": "true"}).context["rows"]
    assert counted["a"] not in below and counted["d"] in below and len(below) == 29
    met = office_client.get(url, {"year": YEAR, "group": "站小组", "below": "false"}).context["rows"]
    assert [d.pk for d in met] == [counted["a"].pk]
    at_second = office_client.get(url, {"year": YEAR, "station": counted["second"].pk}).context["rows"]
    assert {d.station_id for d in at_second} == {counted["second"].pk} and len(at_second) == 15
    bad = office_client.get(url, {"year": "abc"})
    assert "年度：“abc”不是有效的年份" in bad.content.decode() and bad.context["rows"] == []


def test_counts_leave_out_deputies_no_longer_serving(counted, office_client):
    Deputy.objects.filter(pk=counted["b"].pk).update(status="resigned", status_on=date(YEAR, 12, 1))
    rows = office_client.get(reverse("reception-counts"), {"year": YEAR, "group": "站小组"}).context["rows"]
    assert counted["b"].pk not in {d.pk for d in rows}


def test_the_target_is_the_bodys_setting(counted, baiyun, office_client):
    BodyRules.objects.filter(body=baiyun).delete()
    BodyRules.objects.create(body=baiyun, reception_target=2)
    rows = office_client.get(reverse("reception-counts"), {"year": YEAR, "group": "站小组"}).context["rows"]
    assert {d.name for d in rows if d.progress["met"]} == {counted[k].name for k in "abc"}


def test_one_counting_function_serves_page_detail_and_default_year(counted, baiyun):
    assert counting.deputy_reception_count(counted["a"], YEAR) == 6
    assert counting.deputy_reception_count(counted["d"], YEAR) == 0
    assert counting.deputy_reception_count(counted["d"], YEAR + 1) == 1
    years = counting.years_with_receptions()
    assert YEAR in years and YEAR - 1 in years
    this_year = timezone.localdate().year
    assert counting.default_year() == (this_year if this_year in years else years[0])


def test_default_year_prefers_this_year_once_it_has_receptions(roster):
    first, _ = roster["stations"]
    make_reception(first, timezone.localdate(), roster["deputies"][1:2])
    assert counting.default_year() == timezone.localdate().year


def test_counts_page_queries_stay_flat(baiyun, django_assert_max_num_queries):
    data = make_roster(baiyun, size=120, prefix="量")
    first, second = data["stations"]
    for n in range(20):
        make_reception(first if n % 2 else second, date(YEAR, 1, 1) + timedelta(days=n), data["deputies"][n * 5:n * 5 + 7])
    client = client_for("office")
    client.get(reverse("deputy-list"))
    for url, query in [
        (reverse("reception-counts"), {"year": YEAR}),
        (reverse("reception-counts"), {"year": YEAR, "below": "true", "group": "量小组"}),
        (reverse("reception-list"), {"year": YEAR}),
        (reverse("station-list"), {}),
        (reverse("station-detail", args=[first.pk]), {}),
    ]:
        with django_assert_max_num_queries(13):
            assert client.get(url, query).status_code == 200, url


def test_reception_form_queries_stay_flat(baiyun, django_assert_max_num_queries):
    data = make_roster(baiyun, size=120, prefix="表")
    client = client_for("office")
    client.get(reverse("deputy-list"))
    with django_assert_max_num_queries(13):
        response = client.get(reverse("reception-create"), {"station": data["stations"][0].pk})
    assert response.status_code == 200 and "表代表119" in response.content.decode()
