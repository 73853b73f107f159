"""The body administrator's pages for committees, reporting bodies and terms (with meetings' numbering)."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Committee, ReportingBody, Term
from meetings.models import Meeting
from plans.imports.preview import CommitteeResolver
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(baiyun):
    return client_for("admin")


def _form_data(response) -> dict:
    """What the browser would post back: every field of the form with its shown value."""
    form = response.context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        data[field.html_name] = field.field.prepare_value(value) if field.name == "aliases" else value
    return data


def _edit_data(client, url, **changes) -> dict:
    data = _form_data(client.get(url))
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _caijing(baiyun):
    return Committee.objects.get(body=baiyun, short_name="财经工委")


# —— Committees ——

def test_renaming_a_committee_shows_its_items_under_the_new_name(baiyun, admin_client):
    caijing = _caijing(baiyun)
    url = reverse("settings-committee-edit", args=[caijing.pk])
    response = admin_client.post(url, _edit_data(admin_client, url, short_name="财经预算工委"))
    assert response.status_code == 302
    caijing.refresh_from_db()
    assert caijing.short_name == "财经预算工委"
    page = client_for("office").get(reverse("item-list"), {"year": 2023, "committee": caijing.pk})
    text = page.content.decode()
    assert page.context["rows"], "the committee leads items in the demo"
    assert "财经预算工委" in text
    assert all("财经预算工委" in row["leads"] for row in page.context["rows"])
    assert "财经工委" not in "".join(row["leads"] for row in page.context["rows"])


def test_aliases_typed_as_lines_are_stored_as_a_list_and_matched_by_imports(baiyun, admin_client):
    caijing = _caijing(baiyun)
    url = reverse("settings-committee-edit", args=[caijing.pk])
    response = admin_client.post(url, _edit_data(admin_client, url, aliases="财政经济工委\n 财经口 、预算工委，财经工委"))
    assert response.status_code == 302
    caijing.refresh_from_db()
    # The committee's own short name typed again adds nothing.
    assert caijing.aliases == ["财政经济工委", "财经口", "预算工委"]
    resolver = CommitteeResolver(Committee.objects.filter(body=baiyun))
    assert resolver.resolve("预算工委") == ("found", caijing)
    assert resolver.resolve("财经口") == ("found", caijing)
    # The edit page shows them back one a line, not as JSON.
    page = admin_client.get(url).content.decode()
    assert "财政经济工委\n财经口\n预算工委" in page
    assert '["' not in page


def test_a_name_used_by_another_committee_is_refused(baiyun, admin_client):
    caijing = _caijing(baiyun)
    url = reverse("settings-committee-edit", args=[caijing.pk])
    # The office's alias, and another committee's short name.
    refused = {
        "aliases": ("财经\n区人大常委会办公室", "其他写法：「区人大常委会办公室」已是委员会「办公室」（办公室）的名称或其他写法"),
        "short_name": ("城建环资工委", "简称：「城建环资工委」已是委员会「城乡建设环境与资源保护工作委员会」（城建环资工委）"),
    }
    for field, (value, message) in refused.items():
        response = admin_client.post(url, _edit_data(admin_client, url, **{field: value}))
        assert response.status_code == 200
        assert message in response.content.decode()
        caijing.refresh_from_db()
        assert caijing.short_name == "财经工委" and caijing.aliases == []
    # A new committee named like an existing one's full name is refused too.
    before = Committee.objects.filter(body=baiyun).count()
    response = admin_client.post(reverse("settings-committee-create"), {
        "name": "新委员会", "short_name": "财政经济工作委员会", "kind": "working", "order": 30, "active": "on"})
    assert "「财政经济工作委员会」已是委员会「财政经济工作委员会」（财经工委）的名称或其他写法" in response.content.decode()
    assert Committee.objects.filter(body=baiyun).count() == before


def test_the_same_name_in_another_body_is_allowed(baiyun, second_body, admin_client):
    response = admin_client.post(reverse("settings-committee-create"), {
        "name": "示例区预算审查工作委员会", "short_name": "示例区预算工委", "kind": "working", "order": 30, "active": "on"})
    assert response.status_code == 302
    assert Committee.objects.filter(body=baiyun, short_name="示例区预算工委").exists()


def test_another_bodys_committee_cannot_be_paired_and_nothing_is_saved(baiyun, second_body, admin_client):
    special = Committee.objects.get(body=baiyun, short_name="财经委员会")
    foreign = Committee.objects.get(body=second_body, short_name="示例区预算工委")
    url = reverse("settings-committee-edit", args=[special.pk])
    response = admin_client.post(url, _edit_data(admin_client, url, paired_with=foreign.pk, order=99))
    assert response.status_code == 200
    assert "对应委员会：请选择本常委会的委员会" in response.content.decode()
    special.refresh_from_db()
    assert special.paired_with == _caijing(baiyun) and special.order != 99
    # Nor is it offered.
    assert foreign.pk not in [c.pk for c in response.context["form"].fields["paired_with"].queryset]


def test_a_special_committee_pairs_only_with_a_working_committee(baiyun, admin_client):
    new = admin_client.post(reverse("settings-committee-create"), {
        "name": "民族宗教委员会", "short_name": "民宗委", "kind": "special", "order": 40, "active": "on",
        "paired_with": Committee.objects.get(body=baiyun, short_name="办公室").pk})
    assert "专门委员会只能与工作委员会对应" in new.content.decode()
    taken = admin_client.post(reverse("settings-committee-create"), {
        "name": "民族宗教委员会", "short_name": "民宗委", "kind": "special", "order": 40, "active": "on",
        "paired_with": _caijing(baiyun).pk})
    assert "「财经工委」已与「财经委员会」对应" in taken.content.decode()
    assert not Committee.objects.filter(body=baiyun, short_name="民宗委").exists()


def test_another_bodys_records_in_the_url_are_not_found(second_body, admin_client):
    foreign_committee = Committee.objects.get(body=second_body, short_name="示例区预算工委")
    foreign_unit = ReportingBody.objects.filter(body=second_body).first()
    foreign_term = Term.objects.get(body=second_body)
    for name, obj in (("settings-committee-edit", foreign_committee), ("settings-reporting-body-edit", foreign_unit),
                      ("settings-term-edit", foreign_term)):
        url = reverse(name, args=[obj.pk])
        assert admin_client.get(url).status_code == 404
        assert admin_client.post(url, {"name": "改名", "short_name": "改名", "number": 9}).status_code == 404
    foreign_committee.refresh_from_db()
    assert foreign_committee.short_name == "示例区预算工委"
    assert Term.objects.get(body=second_body).number == 3


def test_lists_show_only_the_own_body(second_body, admin_client):
    text = admin_client.get(reverse("settings-committees")).content.decode()
    assert "财经工委" in text and "示例区" not in text
    text = admin_client.get(reverse("settings-reporting-bodies"), {"show": "all"}).content.decode()
    assert "区发展改革局" in text and "示例区" not in text
    text = admin_client.get(reverse("settings-terms")).content.decode()
    assert "第十七届" in text and "第三届" not in text


def test_marking_a_committee_inactive_and_the_history_shows_who_changed_what(baiyun, admin_client):
    caijing = _caijing(baiyun)
    url = reverse("settings-committee-edit", args=[caijing.pk])
    data = _edit_data(admin_client, url, short_name="财经预算工委", aliases="财政经济工委、预算工委")
    data.pop("active")
    assert admin_client.post(url, data).status_code == 302
    caijing.refresh_from_db()
    assert caijing.active is False
    page = admin_client.get(url).content.decode()
    assert "简称：财经工委 → 财经预算工委" in page
    assert "其他写法：— → 财政经济工委、预算工委" in page
    assert "在用：是 → 否" in page
    assert "系统管理员" in page or "admin" in page
    entry = LogEntry.objects.filter(object_id=str(caijing.pk), change_message__contains="财经预算工委").get()
    assert entry.user.username == "admin"
    assert "简称：财经工委 → 财经预算工委" in admin_client.get(reverse("settings-committees")).content.decode()


def test_a_stale_form_does_not_overwrite_another_admins_change(baiyun, admin_client):
    caijing = _caijing(baiyun)
    url = reverse("settings-committee-edit", args=[caijing.pk])
    stale = _edit_data(admin_client, url, order=77)
    assert admin_client.post(url, _edit_data(admin_client, url, short_name="财经预算工委")).status_code == 302
    response = admin_client.post(url, stale)
    assert response.status_code == 200
    assert "该委员会已被他人修改" in response.content.decode()
    caijing.refresh_from_db()
    assert caijing.short_name == "财经预算工委" and caijing.order != 77


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_rows(baiyun, admin_client):
    lists = [(reverse("settings-committees"), None), (reverse("settings-reporting-bodies"), {"show": "all"}),
             (reverse("settings-terms"), None)]
    before = [_queries(admin_client, url, params) for url, params in lists]
    caijing = _caijing(baiyun)
    for i in range(6):
        c = Committee.objects.create(body=baiyun, name=f"测试委员会{i}", short_name=f"测试{i}", kind="special", order=50 + i)
        ReportingBody.objects.create(body=baiyun, name=f"测试局{i}", kind="department", liaison_committee=caijing)
        Term.objects.create(body=baiyun, number=i + 1, start=datetime.date(1990 + i, 1, 1),
                            end=datetime.date(1990 + i, 12, 31))
        if i % 2:
            c.paired_with = Committee.objects.create(body=baiyun, name=f"测试工委{i}", short_name=f"测工{i}",
                                                     kind="working")
            c.save()
    after = [_queries(admin_client, url, params) for url, params in lists]
    assert after == before


# —— Reporting bodies ——

def test_a_reporting_bodys_years_are_stored_as_dates_and_filter_the_list(baiyun, admin_client):
    response = admin_client.post(reverse("settings-reporting-body-create"), {
        "name": "区营商环境局", "aliases": "区营商局\n营商环境局", "kind": "department", "order": 90,
        "liaison_committee": _caijing(baiyun).pk, "from_year": 2019, "to_year": 2020})
    assert response.status_code == 302
    unit = ReportingBody.objects.get(body=baiyun, name="区营商环境局")
    assert (unit.valid_from, unit.valid_to) == (datetime.date(2019, 1, 1), datetime.date(2020, 12, 31))
    assert unit.aliases == ["区营商局", "营商环境局"]
    this_year = admin_client.get(reverse("settings-reporting-bodies"))
    assert "区营商环境局" not in [u.name for u in this_year.context["units"]]
    assert "区发展改革局" in [u.name for u in this_year.context["units"]]
    everything = admin_client.get(reverse("settings-reporting-bodies"), {"show": "all"}).content.decode()
    assert ">区营商环境局</a>" in everything and "2019 年—2020 年" in everything
    # A name taken by a unit of overlapping years is refused; after its end year it is free again.
    clash = admin_client.post(reverse("settings-reporting-body-create"), {
        "name": "区营商局", "kind": "department", "order": 91, "from_year": 2020})
    assert "「区营商局」已是报告单位「区营商环境局」" in clash.content.decode()
    later = admin_client.post(reverse("settings-reporting-body-create"), {
        "name": "区营商局", "kind": "department", "order": 91, "from_year": 2021})
    assert later.status_code == 302


def test_an_end_year_before_the_start_year_is_refused(baiyun, admin_client):
    unit = ReportingBody.objects.get(body=baiyun, name="区发展改革局")
    url = reverse("settings-reporting-body-edit", args=[unit.pk])
    response = admin_client.post(url, _edit_data(admin_client, url, from_year=2022, to_year=2021))
    assert "撤销年度：撤销年度（2021）不能早于设立年度（2022）" in response.content.decode()
    unit.refresh_from_db()
    assert unit.valid_from is None and unit.valid_to is None


def test_another_bodys_committee_as_liaison_is_refused(baiyun, second_body, admin_client):
    unit = ReportingBody.objects.get(body=baiyun, name="区发展改革局")
    foreign = Committee.objects.get(body=second_body, short_name="示例区预算工委")
    url = reverse("settings-reporting-body-edit", args=[unit.pk])
    response = admin_client.post(url, _edit_data(admin_client, url, liaison_committee=foreign.pk, name="改名局"))
    assert "对口联系工委：请选择本常委会的委员会" in response.content.decode()
    unit.refresh_from_db()
    assert unit.name == "区发展改革局" and unit.liaison_committee == _caijing(baiyun)


def test_a_reporting_body_change_is_recorded_with_names(baiyun, admin_client):
    unit = ReportingBody.objects.get(body=baiyun, name="区发展改革局")
    url = reverse("settings-reporting-body-edit", args=[unit.pk])
    shehui = Committee.objects.get(body=baiyun, short_name="社会建设工委")
    response = admin_client.post(url, _edit_data(admin_client, url, liaison_committee=shehui.pk, aliases="区发改局",
                                                 to_year=2030))
    assert response.status_code == 302
    page = admin_client.get(url).content.decode()
    assert "对口联系工委：财经工委 → 社会建设工委" in page
    assert "其他写法：— → 区发改局" in page
    assert "撤销日期：— → 2030-12-31" in page


# —— Terms ——

def test_overlapping_terms_and_duplicate_numbers_are_refused(baiyun, admin_client):
    create = reverse("settings-term-create")
    # Term 17 has no end yet: a term starting later still overlaps it.
    response = admin_client.post(create, {"number": 18, "start": "2026-10-01", "standing_meetings_before": 0,
                                          "chairpersons_meetings_before": 0})
    assert "任期与第十七届（2021-10-01 至 尚未填写届满日期）重叠" in response.content.decode()
    term = Term.objects.get(body=baiyun, number=17)
    url = reverse("settings-term-edit", args=[term.pk])
    assert admin_client.post(url, _edit_data(admin_client, url, end="2026-09-30")).status_code == 302
    inside = admin_client.post(create, {"number": 18, "start": "2026-09-01", "standing_meetings_before": 0,
                                        "chairpersons_meetings_before": 0})
    assert "重叠" in inside.content.decode()
    same = admin_client.post(create, {"number": 17, "start": "2027-10-01", "standing_meetings_before": 0,
                                      "chairpersons_meetings_before": 0})
    assert "第 17 届已经存在" in same.content.decode()
    backwards = admin_client.post(create, {"number": 18, "start": "2031-10-01", "end": "2026-10-01",
                                           "standing_meetings_before": 0, "chairpersons_meetings_before": 0})
    assert "届满日期应晚于起始日期" in backwards.content.decode()
    assert not Term.objects.filter(body=baiyun, number=18).exists()
    ok = admin_client.post(create, {"number": 18, "start": "2026-10-01", "standing_meetings_before": 0,
                                    "chairpersons_meetings_before": 0})
    assert ok.status_code == 302
    assert Term.objects.filter(body=baiyun, number=18).exists()


def test_the_next_meeting_number_honours_meetings_held_before_the_system(baiyun, admin_client, office_client):
    term = Term.objects.get(body=baiyun, number=17)
    assert Meeting.objects.filter(term=term, kind="standing").count() > 0
    url = reverse("settings-term-edit", args=[term.pk])
    response = admin_client.post(url, _edit_data(admin_client, url, standing_meetings_before=22,
                                                 chairpersons_meetings_before=5))
    assert response.status_code == 302
    # 22 standing meetings held before (the system has up to the 18th): the next is the 23rd.
    form = office_client.get(reverse("meeting-create")).context["form"]
    assert form.initial["number"] == 23
    # Fewer chairpersons' meetings held before than the system has (17): the system's count wins.
    form = office_client.get(reverse("meeting-create"), {"kind": "chairpersons"}).context["form"]
    assert form.initial["number"] == 18
    text = admin_client.get(reverse("settings-terms")).content.decode()
    assert "第 23 次" in text and "第 18 次" in text
    assert "本届使用本系统前已召开的常委会会议次数：0 → 22" in admin_client.get(url).content.decode()


# —— Access ——

PAGES = [("settings-committees", []), ("settings-committee-create", []), ("settings-reporting-bodies", []),
         ("settings-reporting-body-create", []), ("settings-terms", []), ("settings-term-create", [])]


@pytest.mark.parametrize("username", ["office", "director", "lead-caijing"])
def test_only_the_body_administrator_opens_the_pages(baiyun, username):
    client = client_for(username)
    caijing = _caijing(baiyun)
    urls = [reverse(name, args=args) for name, args in PAGES]
    urls.append(reverse("settings-committee-edit", args=[caijing.pk]))
    for url in urls:
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("settings-committee-edit", args=[caijing.pk]), {"name": "x", "short_name": "改名"})
    assert response.status_code == 403
    caijing.refresh_from_db()
    assert caijing.short_name == "财经工委"


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("settings-terms"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_other_bodys_administrator_sees_only_their_own(second_body):
    client = client_for("admin-other")
    text = client.get(reverse("settings-committees")).content.decode()
    assert "示例区预算工委" in text and "财经工委" not in text
    caijing = Committee.objects.get(short_name="财经工委")
    assert client.get(reverse("settings-committee-edit", args=[caijing.pk])).status_code == 404


def test_saving_the_demo_records_unchanged_changes_and_records_nothing(baiyun, admin_client):
    pages = [("settings-committee-edit", Committee), ("settings-reporting-body-edit", ReportingBody),
             ("settings-term-edit", Term)]
    entries = LogEntry.objects.count()
    for name, model in pages:
        for obj in model.objects.filter(body=baiyun):
            url = reverse(name, args=[obj.pk])
            response = admin_client.post(url, _edit_data(admin_client, url), follow=True)
            assert "没有修改任何内容" in response.content.decode(), (obj, response.context["form"].errors)
    assert LogEntry.objects.count() == entries
