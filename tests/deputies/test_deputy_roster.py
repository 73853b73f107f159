"""The deputy roster pages: who reads, who edits, who sees contact details; bad input; query counts; export."""

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from deputies.models import Deputy, Reception, Signature, Station, Suggestion
from tests.conftest import client_for

READERS = ["office", "lead-caijing", "director"]
PHONE = "13900009999"  # a string found nowhere else: its absence proves the contact is hidden
ADDRESS = "测试路九十九号名册楼"


# --- builders, shared by tests/deputies/test_stations_receptions.py and tests/deputies/test_roster_api.py -------------------


def make_station(body, number, name=None, kind=Station.Kind.AREA, **extra):
    return Station.objects.create(body=body, kind=kind, number=number, name=name or f"测试{number}联络站", **extra)


def make_deputy(body, name, station=None, **extra):
    extra.setdefault("gender", Deputy.Gender.FEMALE)
    return Deputy.objects.create(body=body, name=name, station=station, **extra)


def make_reception(station, held_on, deputies, voters=5, issues=""):
    reception = Reception.objects.create(station=station, held_on=held_on, voters=voters, issues=issues)
    reception.deputies.set(deputies)
    return reception


def make_roster(body, size=120, prefix="名册"):
    """Two stations of the body and `size` deputies over them, in one 代表小组; the first has contacts."""
    first = make_station(body, f"{prefix}T01", kind=Station.Kind.CENTRAL, town="测试镇")
    second = make_station(body, f"{prefix}T02", parent=first, town="测试镇")
    deputies = Deputy.objects.bulk_create(
        Deputy(body=body, name=f"{prefix}代表{n:03d}", code=f"{prefix}-{n:03d}",
               gender=Deputy.Gender.MALE if n % 2 else Deputy.Gender.FEMALE,
               group=f"{prefix}小组", sector="工人" if n % 3 else "农民", work_unit=f"测试单位{n}",
               station=first if n % 2 else second, is_city=(n % 5 == 0), is_example=(n == 2))
        for n in range(size)
    )
    deputies[0].phone, deputies[0].address = PHONE, ADDRESS
    deputies[0].save()
    return {"stations": (first, second), "deputies": deputies}


@pytest.fixture
def roster(baiyun):
    return make_roster(baiyun)


def _office_user():
    return get_user_model().objects.get(username="office")


# --- reading ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", READERS)
def test_every_role_of_the_body_reads_the_list_and_the_detail(roster, username):
    client = client_for(username)
    deputy = roster["deputies"][0]
    listing = client.get(reverse("deputy-list"), {"group": "名册小组"})
    assert listing.status_code == 200
    assert listing.context["page"].paginator.count == 120
    text = listing.content.decode()
    assert "名册代表000" in text and "名册T01" in text
    detail = client.get(reverse("deputy-detail", args=[deputy.pk]))
    assert detail.status_code == 200
    assert "名册代表000" in detail.content.decode()


@pytest.mark.parametrize(("username", "sees"), [("office", True), ("lead-caijing", False), ("director", False)])
def test_contact_details_reach_only_the_office(roster, username, sees):
    client = client_for(username)
    deputy = roster["deputies"][0]
    pages = [
        client.get(reverse("deputy-list"), {"q": "名册代表000"}),
        client.get(reverse("deputy-detail", args=[deputy.pk])),
        client.get(reverse("station-detail", args=[deputy.station_id])),
    ]
    for response in pages:
        text = response.content.decode()
        assert response.status_code == 200
        assert (PHONE in text) is (sees and response is not pages[2])  # the station page never lists phones
        assert (ADDRESS in text) is (sees and response is not pages[2])
    header = pages[0].content.decode().split("<tbody>")[0]
    assert ("联系电话" in header) is sees


def test_anonymous_visitors_are_sent_to_log_in(client, roster):
    for url in (reverse("deputy-list"), reverse("deputy-detail", args=[roster["deputies"][0].pk]),
                reverse("deputy-create")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_other_body_sees_nothing_of_baiyuns_roster(roster):
    client = client_for("office-other")
    deputy = roster["deputies"][0]
    assert client.get(reverse("deputy-detail", args=[deputy.pk])).status_code == 404
    assert client.get(reverse("deputy-edit", args=[deputy.pk])).status_code == 404
    text = client.get(reverse("deputy-list"), {"q": "名册"}).content.decode()
    assert "名册代表" not in text
    export = client.get(reverse("deputy-list"), {"export": "xlsx"})
    names = [row[2] for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=3, values_only=True)]
    assert not any("名册代表" in (n or "") for n in names)


def test_filters_select_the_rows(roster, office_client):
    def names(**params):
        response = office_client.get(reverse("deputy-list"), {"group": "名册小组", **params})
        return {d.name for d in response.context["page"].paginator.object_list}

    first, second = roster["stations"]
    assert len(names(station=first.pk)) == 60
    assert len(names(gender="female")) == 60
    assert len(names(level="city")) == 24
    assert len(names(sector="农民")) == 40
    assert names(q="名册-007") == {"名册代表007"}
    Deputy.objects.filter(name="名册代表001").update(status=Deputy.Status.RESIGNED, status_on=date(2024, 3, 1))
    assert names(status="resigned") == {"名册代表001"}
    bad = office_client.get(reverse("deputy-list"), {"level": "galactic"})
    assert "筛选条件有误" in bad.content.decode() and bad.context["page"].paginator.count == 0


def test_example_rows_are_marked(roster, office_client):
    text = office_client.get(reverse("deputy-list"), {"q": "名册代表002"}).content.decode()
    row = text.split(f'id="deputy-{roster["deputies"][2].pk}"')[1].split("</tr>")[0]
    assert "示例数据" in row
    other = text.split("<tbody>")[1]
    assert other.count("示例数据") == 1


def test_the_list_shows_this_years_receptions_against_the_target(roster, office_client):
    first, _ = roster["stations"]
    deputy = roster["deputies"][1]  # at the first station
    today = timezone.localdate()
    for offset in range(3):
        make_reception(first, today - timedelta(days=offset), [deputy])
    make_reception(first, date(today.year - 1, 6, 1), [deputy])  # last year: not counted
    text = office_client.get(reverse("deputy-list"), {"q": "名册代表001"}).content.decode()
    row = text.split(f'id="deputy-{deputy.pk}"')[1].split("</tr>")[0]
    assert "3 / 4" in row
    detail = office_client.get(reverse("deputy-detail", args=[deputy.pk])).content.decode()
    assert 'id="reception-progress">3 / 4 次' in detail and "本年还差 1 次" in detail


def test_the_detail_lists_the_suggestions_the_deputy_signed_that_the_user_may_see(roster, baiyun):
    from core.models import Committee

    deputy = roster["deputies"][0]
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    other = Committee.objects.filter(body=baiyun).exclude(pk=caijing.pk).first()
    mine = Suggestion.objects.create(body=baiyun, year=2024, title="名册测试建议甲", raised_on=date(2024, 1, 5),
                                     committee=caijing)
    theirs = Suggestion.objects.create(body=baiyun, year=2024, title="名册测试建议乙", raised_on=date(2024, 1, 6),
                                       committee=other)
    Signature.objects.create(suggestion=mine, deputy=deputy, role=Signature.Role.PROPOSER)
    Signature.objects.create(suggestion=theirs, deputy=deputy, role=Signature.Role.COSIGNER)
    office = client_for("office").get(reverse("deputy-detail", args=[deputy.pk])).content.decode()
    assert "名册测试建议甲" in office and "名册测试建议乙" in office and "领衔代表" in office
    lead = client_for("lead-caijing").get(reverse("deputy-detail", args=[deputy.pk])).content.decode()
    assert "名册测试建议甲" in lead and "名册测试建议乙" not in lead
    try:
        link = reverse("suggestion-detail", args=[mine.pk])
    except Exception:  # the suggestion pages are another part of the app
        return
    assert f'href="{link}"' in office


# --- writing ----------------------------------------------------------------------------------------------


def _form_data(deputy=None, **changes):
    data = {
        "code": "", "name": "新代表", "gender": "male", "term": "", "is_district": "on", "group": "名册小组",
        "constituency": "第一选区", "station": "", "sector": "工人", "work_unit": "某厂 工人", "phone": "",
        "address": "", "status": "serving", "status_on": "", "elected_on": "",
    }
    if deputy is not None:
        data.update({
            "code": deputy.code, "name": deputy.name, "gender": deputy.gender, "group": deputy.group,
            "station": deputy.station_id or "", "sector": deputy.sector, "work_unit": deputy.work_unit,
            "phone": deputy.phone, "address": deputy.address, "status": deputy.status, "version": deputy.version,
        })
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("username", ["lead-caijing", "director", "office-other"])
def test_only_the_office_adds_or_edits_deputies(roster, username):
    client = client_for(username)
    deputy = roster["deputies"][0]
    expected = 404 if username == "office-other" else 403
    assert client.get(reverse("deputy-create")).status_code == (200 if username == "office-other" else 403)
    before = Deputy.objects.count()
    if username != "office-other":
        response = client.post(reverse("deputy-create"), _form_data(name="越权代表"))
        assert response.status_code == 403 and "只有常委会办公室" in response.content.decode()
    assert client.post(reverse("deputy-edit", args=[deputy.pk]), _form_data(deputy, name="改名")).status_code == expected
    assert Deputy.objects.count() == before
    deputy.refresh_from_db()
    assert deputy.name == "名册代表000"


def test_the_office_adds_and_edits_a_deputy(roster, baiyun, office_client):
    first, _ = roster["stations"]
    response = office_client.post(reverse("deputy-create"), _form_data(code="名册-NEW", station=first.pk,
                                                                      phone="13811112222"))
    deputy = Deputy.objects.get(code="名册-NEW")
    assert response.status_code == 302 and response["Location"] == reverse("deputy-detail", args=[deputy.pk])
    assert deputy.body == baiyun and deputy.version == 1 and deputy.station == first and deputy.is_district
    response = office_client.post(reverse("deputy-edit", args=[deputy.pk]),
                                  _form_data(deputy, work_unit="某厂 厂长", is_city="on"))
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.work_unit == "某厂 厂长" and deputy.is_city and deputy.version == 2


def test_a_stale_edit_is_refused_and_nothing_is_saved(roster, office_client):
    deputy = roster["deputies"][3]
    form_read_at = deputy.version
    # Someone else saves first.
    assert office_client.post(reverse("deputy-edit", args=[deputy.pk]),
                              _form_data(deputy, work_unit="他人的修改")).status_code == 302
    response = office_client.post(reverse("deputy-edit", args=[deputy.pk]),
                                  _form_data(deputy, work_unit="我的修改", version=form_read_at))
    assert response.status_code == 200
    text = response.content.decode()
    assert "已被他人修改" in text and "您的修改未保存" in text
    deputy.refresh_from_db()
    assert deputy.work_unit == "他人的修改" and deputy.version == form_read_at + 1


def test_a_code_used_twice_is_refused_with_the_field_named(roster, office_client):
    before = Deputy.objects.count()
    response = office_client.post(reverse("deputy-create"), _form_data(code="名册-005", name="重号代表"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "代表编号：代表编号“名册-005”已由代表 名册代表005 使用" in text
    assert Deputy.objects.count() == before


def test_the_same_code_in_another_body_is_allowed(roster, second_body):
    response = client_for("office-other").post(reverse("deputy-create"), _form_data(code="名册-005", name="他区代表"))
    assert response.status_code == 302
    assert Deputy.objects.get(body=second_body, code="名册-005").name == "他区代表"


@pytest.mark.parametrize("status", ["resigned", "vacated"])
def test_leaving_needs_the_date(roster, office_client, status):
    deputy = roster["deputies"][4]
    response = office_client.post(reverse("deputy-edit", args=[deputy.pk]), _form_data(deputy, status=status))
    assert response.status_code == 200
    assert "状态变更日期：状态为" in response.content.decode() and "须填写状态变更日期" in response.content.decode()
    deputy.refresh_from_db()
    assert deputy.status == "serving" and deputy.version == 1
    response = office_client.post(reverse("deputy-edit", args=[deputy.pk]),
                                  _form_data(deputy, status=status, status_on="2024-05-01"))
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.status == status and deputy.status_on == date(2024, 5, 1)


def test_a_station_of_another_body_is_not_a_choice(roster, second_body, office_client):
    foreign = make_station(second_body, "他区T01")
    response = office_client.post(reverse("deputy-create"), _form_data(name="串站代表", station=foreign.pk))
    assert response.status_code == 200
    assert "联络站：联络站不存在或不属于本常委会" in response.content.decode()
    assert not Deputy.objects.filter(name="串站代表").exists()


# --- export -----------------------------------------------------------------------------------------------


def _sheet(response):
    """The header (row 2, under the title) and the rows, without the 序号 column."""
    wb = load_workbook(io.BytesIO(response.content))
    rows = [row[1:] for row in wb.active.iter_rows(min_row=2, values_only=True)]
    return rows[0], rows[1:]


@pytest.mark.parametrize(("username", "sees"), [("office", True), ("lead-caijing", False), ("director", False)])
def test_the_export_is_the_filtered_list_with_contacts_for_the_office_only(roster, username, sees):
    first, _ = roster["stations"]
    response = client_for(username).get(reverse("deputy-list"), {"station": first.pk, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, rows = _sheet(response)
    assert len(rows) == 60
    assert ("联系电话" in header) is sees and ("通讯地址" in header) is sees
    assert header[:3] == ("代表编号", "姓名", "性别")
    flat = [str(v) for row in rows for v in row if v is not None]
    assert (PHONE in flat) is False  # deputy 000 is at the second station
    response = client_for(username).get(reverse("deputy-list"), {"q": "名册代表000", "export": "xlsx"})
    header, rows = _sheet(response)
    flat = [str(v) for row in rows for v in row if v is not None]
    assert (PHONE in flat) is sees and (ADDRESS in flat) is sees
    assert rows[0][header.index("联络站编号")] == "名册T02"


def test_export_escapes_formula_like_text(roster, office_client):
    Deputy.objects.filter(name="名册代表010").update(work_unit="=HYPERLINK(\"x\")")
    response = office_client.get(reverse("deputy-list"), {"q": "名册代表010", "export": "xlsx"})
    wb = load_workbook(io.BytesIO(response.content))
    cell = wb.active.cell(row=3, column=11)  # under the title and the header, after 序号
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


# --- query counts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["office", "director"])
@pytest.mark.parametrize("query", ["group=名册小组", "group=名册小组&page=2", "q=名册&gender=male", "level=city",
                                   "group=名册小组&export=xlsx"])
def test_list_queries_stay_flat_with_many_deputies(roster, django_assert_max_num_queries, username, query):
    first, second = roster["stations"]
    deputies = roster["deputies"]
    today = timezone.localdate()
    for n in range(10):
        make_reception(first if n % 2 else second, today - timedelta(days=n), deputies[n * 10:n * 10 + 8])
    client = client_for(username)
    client.get(reverse("deputy-list"))  # the session and the rules row exist before counting
    with django_assert_max_num_queries(12):
        response = client.get(reverse("deputy-list") + "?" + query)
    assert response.status_code == 200


def test_detail_queries_do_not_grow_with_receptions_or_suggestions(roster, baiyun, django_assert_max_num_queries):
    first, _ = roster["stations"]
    deputy = roster["deputies"][1]
    today = timezone.localdate()
    for n in range(12):
        make_reception(first, date(today.year, 1, 1) + timedelta(days=n), [deputy])
    for n in range(8):
        s = Suggestion.objects.create(body=baiyun, year=2024, title=f"查询建议{n}", raised_on=date(2024, 1, 5))
        Signature.objects.create(suggestion=s, deputy=deputy, role=Signature.Role.PROPOSER)
    client = client_for("office")
    client.get(reverse("deputy-list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("deputy-detail", args=[deputy.pk]))
    assert response.status_code == 200 and "查询建议7" in response.content.decode()
