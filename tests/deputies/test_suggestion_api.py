"""The suggestions API: who sees and does what, the filters, query counts, a whole handling round, bad input.

Every fixture here is made in this file (a session of our own, deputies, suggestions through the
lifecycle), so the tests hold whatever example suggestions the demo data brings.
"""

from datetime import timedelta
from itertools import count

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import Committee, ReportingBody
from deputies.filtersets import SuggestionFilterSet
from deputies.models import (
    Assignment,
    CongressSession,
    Deputy,
    Signature,
    Suggestion,
    SuggestionEvent,
)
from deputies.permissions import (
    DIRECTOR_READS,
    SUGGESTION_OFFICE_ONLY,
    visible_suggestions,
)
from deputies.suggestions import lifecycle
from supervision.opinions import add_months

PHONE, ADDRESS = "13912345678", "接口测试路99号"
NUMBERS = count(1)

STEPS = ["assign", "sign", "co-input", "contacts", "extension", "extension-decision", "reply", "feedback",
         "key-supervision"]


# --- fixtures ------------------------------------------------------------------------------------------


def api_for(username: str | None) -> APIClient:
    client = APIClient()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def office_user():
    return get_user_model().objects.get(username="office")


@pytest.fixture
def today():
    """Read when the test starts, not at import: a run may cross midnight."""
    return timezone.localdate()


@pytest.fixture
def raised(today):
    """The day the test suggestions were raised: the test session's first day."""
    return today - timedelta(days=300)


@pytest.fixture
def office(baiyun):
    return api_for("office")


@pytest.fixture
def session(baiyun, raised):
    term = baiyun.terms.order_by("-number").first()
    return CongressSession.objects.create(body=baiyun, term=term, number=77, name="区十七届人大七十七次会议（接口测试）",
                                          start_on=raised)


@pytest.fixture
def deputies(baiyun):
    """Four deputies of Baiyun; the first has a phone and an address that must never be answered."""
    names = ["接口代表甲", "接口代表乙", "接口代表丙", "接口代表丁"]
    rows = [Deputy.objects.create(body=baiyun, name=n, gender="female") for n in names]
    rows[0].phone, rows[0].address = PHONE, ADDRESS
    rows[0].save()
    return rows


@pytest.fixture
def committees(baiyun):
    return {c.short_name: c for c in Committee.objects.filter(body=baiyun, short_name__in=["财经工委", "社会建设工委"])}


@pytest.fixture
def units(baiyun):
    return list(ReportingBody.objects.filter(body=baiyun).order_by("order", "pk")[:4])


def make(body, session, proposer, *, title="接口测试建议", committee=None, cosigners=(), kind="suggestion",
         category="城建环保", raised_on=None):
    """Raised on the session's first day unless said otherwise."""
    entry = lifecycle.NewSuggestion(title=title, raised_on=raised_on or session.start_on, proposer=proposer,
                                    session=session, number=next(NUMBERS), kind=kind, category=category,
                                    committee=committee, cosigners=tuple(cosigners))
    return lifecycle.create_suggestion(body, entry, office_user())


def assigned(s, units, on, co=()):
    return lifecycle.assign(s, assigned_on=on, lead_unit=units[0], co_units=list(co), by=office_user())


def url(step, s=None):
    if s is None:
        return reverse(f"api:suggestion-{step}")
    return reverse(f"api:suggestion-{step}", kwargs={"pk": s.pk if hasattr(s, "pk") else s})


def post(client, step, s, **data):
    if "version" not in data:
        data["version"] = Suggestion.objects.get(pk=getattr(s, "pk", s)).version
    return client.post(url(step, s), data, format="json")


@pytest.fixture
def trio(baiyun, session, deputies, committees, units, raised):
    """a: 财经工委's; b: 社会建设工委's; c: 社会建设工委's, under key supervision by 财经工委 (both see it)."""
    a = make(baiyun, session, deputies[0], title="甲建议", committee=committees["财经工委"], cosigners=deputies[1:3])
    b = make(baiyun, session, deputies[1], title="乙建议", committee=committees["社会建设工委"])
    c = make(baiyun, session, deputies[2], title="丙建议", committee=committees["社会建设工委"])
    for s in (a, b, c):
        assigned(s, units, raised + timedelta(days=10), co=units[1:2])
    lifecycle.set_key_supervision(c, leader="常委会副主任 王某某", committee=committees["财经工委"],
                                  since=raised + timedelta(days=20), by=office_user())
    return a, b, c


# --- reading: who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize(("username", "sees"), [
    ("office", "abc"), ("director", "abc"), ("lead-caijing", "ac"), ("lead-shehui", "bc"), ("office-other", ""),
])
def test_each_role_sees_the_suggestions_it_may(trio, session, username, sees):
    client = api_for(username)
    by_name = dict(zip("abc", trio))
    # Another body's session is not a valid filter value there: office-other lists everything it may see.
    query = {"session": session.pk} if username != "office-other" else {"page_size": 500}
    response = client.get(url("list"), query)
    assert response.status_code == 200
    listed = {row["id"] for row in response.json()["results"]}
    mine = {s.pk for s in trio}
    assert listed & mine == {by_name[x].pk for x in sees}
    for name, s in by_name.items():
        expected = 200 if name in sees else 404
        assert client.get(url("detail", s)).status_code == expected, (username, name)


def test_the_other_bodys_office_sees_nothing_of_baiyun_and_gets_404_on_every_step(trio, baiyun, second_body):
    client = api_for("office-other")
    rows = client.get(url("list"), {"page_size": 500}).json()["results"]
    assert not Suggestion.objects.filter(body=baiyun, pk__in=[r["id"] for r in rows]).exists()
    assert client.get(url("list"), {"session": trio[0].session_id}).status_code == 400  # not one of theirs
    assert client.get(reverse("api:congress-session-list")).json()["count"] == CongressSession.objects.filter(
        body=second_body).count()
    for step in [*STEPS, "supervision-note"]:
        assert post(client, step, trio[0]).status_code == 404, step
    session = CongressSession.objects.filter(body=baiyun).first()
    assert client.get(reverse("api:congress-session-detail", kwargs={"pk": session.pk})).status_code == 404


def test_anonymous_callers_are_refused(trio):
    client = api_for(None)
    assert client.get(url("list")).status_code in (401, 403)
    assert client.get(url("detail", trio[0])).status_code in (401, 403)
    assert client.post(url("list"), {}, format="json").status_code in (401, 403)
    for step in [*STEPS, "supervision-note"]:
        assert post(client, step, trio[0]).status_code in (401, 403), step


@pytest.mark.parametrize(("username", "reason"), [
    ("director", DIRECTOR_READS), ("lead-caijing", SUGGESTION_OFFICE_ONLY), ("lead-shehui", SUGGESTION_OFFICE_ONLY),
])
def test_only_the_office_enters_and_handles_suggestions(trio, deputies, username, reason, raised):
    client = api_for(username)
    before = (Suggestion.objects.count(), SuggestionEvent.objects.count())
    created = client.post(url("list"), {"title": "越权", "raised_on": str(raised), "proposer": deputies[0].pk,
                                        "year": raised.year}, format="json")
    assert created.status_code == 403 and created.json()["detail"] == reason
    visible = trio[2]  # everyone of these three may read c
    for step in STEPS:
        response = post(client, step, visible)
        assert response.status_code == 403 and response.json()["detail"] == reason, step
    assert (Suggestion.objects.count(), SuggestionEvent.objects.count()) == before


@pytest.mark.parametrize(("username", "which", "expected"), [
    ("office", "a", 400),  # not under key supervision
    ("office", "c", 200),
    ("lead-caijing", "c", 200),  # 财经工委 is c's key-supervision committee
    ("lead-shehui", "c", 200),  # 社会建设工委 is c's supervising committee
    ("lead-caijing", "a", 403),  # visible, but not under key supervision
    ("lead-caijing", "b", 404),  # not visible to 财经工委 at all
    ("director", "c", 403),
])
def test_key_supervision_progress_notes(trio, username, which, expected, today):
    s = dict(zip("abc", trio))[which]
    response = post(api_for(username), "supervision-note", s, on=str(today), text="督办组实地察看进展")
    assert response.status_code == expected, response.content.decode()
    if expected == 200:
        events = response.json()["timeline"]
        assert events[-1]["kind"] == "supervision_note" and events[-1]["text"] == "督办组实地察看进展"
    if username == "lead-caijing" and which == "a":
        assert response.json()["detail"] == "该建议未列为重点督办。"


# --- filters and query counts ----------------------------------------------------------------------------


@pytest.fixture
def spread(baiyun, session, deputies, committees, units, today, raised):
    """Suggestions of one session in every state the filters tell apart."""
    office = office_user()
    made = {}
    made["waiting"] = make(baiyun, session, deputies[0], title="待交办的建议", kind="motion", category="教科文卫")
    made["overdue"] = assigned(make(baiyun, session, deputies[1], title="逾期的建议",
                                    committee=committees["财经工委"]), units, add_months(today, -4))
    made["soon"] = assigned(make(baiyun, session, deputies[2], title="临期的建议", cosigners=[deputies[3]]),
                            units[1:], add_months(today + timedelta(days=5), -3), co=units[2:3])
    made["handling"] = assigned(make(baiyun, session, deputies[0], title="办理中的建议",
                                     committee=committees["社会建设工委"]), units, today - timedelta(days=10))
    replied = assigned(make(baiyun, session, deputies[1], title="已答复的建议"), units, raised + timedelta(days=5))
    lifecycle.reply(replied, replied_on=raised + timedelta(days=50), reply_class="B", by=office)
    made["replied"] = replied
    closed = assigned(make(baiyun, session, deputies[2], title="已办结的建议"), units[2:], raised + timedelta(days=5))
    lifecycle.reply(closed, replied_on=raised + timedelta(days=40), reply_class="A", by=office)
    lifecycle.give_feedback(closed, result="satisfied", given_on=raised + timedelta(days=45), by=office)
    made["closed"] = closed
    again = assigned(make(baiyun, session, deputies[3], title="重新办理的建议"), units, raised + timedelta(days=5))
    lifecycle.reply(again, replied_on=raised + timedelta(days=40), reply_class="C", by=office)
    lifecycle.give_feedback(again, result="unsatisfied", comment="未解决", given_on=raised + timedelta(days=45),
                            by=office)
    made["rehandling"] = again
    lifecycle.set_key_supervision(made["handling"], leader="主任", since=today - timedelta(days=5), by=office)
    between = lifecycle.NewSuggestion(title="闭会期间的建议", raised_on=raised, proposer=deputies[0],
                                      year=raised.year, number=next(NUMBERS))
    made["between"] = lifecycle.create_suggestion(baiyun, between, office)
    return {k: Suggestion.objects.get(pk=v.pk) for k, v in made.items()}


def _filter_queries(spread, session, deputies, committees, units):
    s = session.pk
    return [
        {"session": s},
        {"year": session.start_on.year},
        {"between_sessions": "true"},
        {"session": s, "kind": "motion"},
        {"session": s, "status": "handling"},
        {"session": s, "status": "rehandling"},
        {"session": s, "reply_class": "B"},
        {"session": s, "feedback": "unsatisfied"},
        {"session": s, "feedback": "satisfied"},
        {"session": s, "unit": units[2].pk},
        {"session": s, "lead_unit": units[1].pk},
        {"session": s, "committee": committees["财经工委"].pk},
        {"session": s, "overdue": "true"},
        {"session": s, "overdue": "false"},
        {"session": s, "soon_due": "true"},
        {"session": s, "is_key": "true"},
        {"session": s, "category": "教科文卫"},
        {"deputy": deputies[3].pk},
        {"q": "临期"},
        {"q": deputies[3].name},
        {"session": s, "q": str(spread["closed"].number)},
    ]


@pytest.mark.parametrize("username", ["office", "lead-caijing"])
def test_filters_give_the_same_rows_as_the_shared_filterset(spread, session, deputies, committees, units, baiyun,
                                                            username):
    client, html = api_for(username), api_for(username)
    user = get_user_model().objects.get(username=username)
    for query in _filter_queries(spread, session, deputies, committees, units):
        response = client.get(url("list"), {**query, "page_size": 500})
        assert response.status_code == 200, query
        api_ids = [row["id"] for row in response.json()["results"]]
        request = RequestFactory().get("/", query)
        request.user, request.renda_body = user, baiyun
        rows = visible_suggestions(user, Suggestion.objects.filter(body=baiyun))
        expected = SuggestionFilterSet(query, queryset=rows, request=request).qs
        assert sorted(api_ids) == sorted(expected.values_list("pk", flat=True)), query
        assert len(api_ids) == len(set(api_ids)), query
        # The HTML list (deputies/suggestions/views.py) filters its rows with the same FilterSet.
        page = html.get(reverse("suggestion-list"), query)
        assert page.status_code == 200, query
        assert sorted(page.context["page"].paginator.object_list.values_list("pk", flat=True)) == sorted(api_ids)


def test_filters_pick_the_rows_a_person_would(spread, session, office, units, committees):
    def ids(**query):
        return {row["id"] for row in office.get(url("list"), {"session": session.pk, **query}).json()["results"]}

    # Re-handling is due a month after the 不满意 feedback, long past here.
    assert ids(overdue="true") == {spread["overdue"].pk, spread["rehandling"].pk}
    assert ids(soon_due="true") == {spread["soon"].pk}
    assert ids(is_key="true") == {spread["handling"].pk}
    assert ids(status="rehandling") == {spread["rehandling"].pk}
    assert ids(unit=units[2].pk) == {spread["soon"].pk, spread["closed"].pk}
    assert ids(kind="motion") == {spread["waiting"].pk}
    rows = {r["id"]: r for r in office.get(url("list"), {"session": session.pk}).json()["results"]}
    assert rows[spread["overdue"].pk]["due_state"] == "overdue" and "逾期" in rows[spread["overdue"].pk]["due_label"]
    assert rows[spread["soon"].pk]["due_state"] == "soon" and rows[spread["soon"].pk]["due_label"] == "5 天后到期"
    assert rows[spread["closed"].pk]["due_state"] == ""
    soon = rows[spread["soon"].pk]
    assert [(u["name"], u["role"]) for u in soon["units"]] == [(units[1].name, "lead"), (units[2].name, "co")]
    assert soon["cosigners"] == [{"id": soon["cosigners"][0]["id"], "name": "接口代表丁"}]
    assert office.get(url("list"), {"status": "no-such-status"}).status_code == 400


@pytest.fixture
def many(baiyun, deputies, committees, units, today, raised):
    """150 suggestions of one session with signatures, lead and co-units, key supervision: an N+1 would show."""
    term = baiyun.terms.order_by("-number").first()
    session = CongressSession.objects.create(body=baiyun, term=term, number=78, name="查询计数测试会议",
                                             start_on=raised)
    comms = list(committees.values())
    rows = Suggestion.objects.bulk_create(
        Suggestion(body=baiyun, session=session, year=raised.year, number=n + 1, title=f"计数建议{n}",
                   raised_on=raised, committee=comms[n % 2], status="handling", assigned_on=raised,
                   reply_due_on=today + timedelta(days=n - 75), lead_unit=units[n % 3], is_key=n % 10 == 0)
        for n in range(150)
    )
    Signature.objects.bulk_create(
        Signature(suggestion=s, deputy=d, role="proposer" if i == 0 else "cosigner", order=i)
        for s in rows for i, d in enumerate(deputies[:3])
    )
    Assignment.objects.bulk_create(
        Assignment(suggestion=s, unit=u, role="lead" if i == 0 else "co", assigned_on=raised, due_on=today)
        for n, s in enumerate(rows) for i, u in enumerate([units[n % 3], units[3]])
    )
    return session


@pytest.mark.parametrize("username", ["office", "lead-caijing"])
def test_list_query_count_does_not_grow_with_rows(many, username, django_assert_max_num_queries):
    client = api_for(username)
    with CaptureQueriesContext(connection) as few:
        small = client.get(url("list"), {"session": many.pk, "page_size": 5})
    with django_assert_max_num_queries(12):
        large = client.get(url("list"), {"session": many.pk, "page_size": 500, "is_key": "false", "q": "计数"})
    assert len(small.json()["results"]) == 5
    expected = Suggestion.objects.filter(session=many, is_key=False)
    if username != "office":
        expected = expected.filter(committee__short_name="财经工委")
    assert len(large.json()["results"]) == expected.count() >= 60
    assert all(len(r["cosigners"]) == 2 and len(r["units"]) == 2 for r in large.json()["results"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("list"), {"session": many.pk, "page_size": 500})


def test_detail_query_count_is_bounded(trio, office, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = office.get(url("detail", trio[2]))
    assert response.status_code == 200
    assert response.json()["key_supervision"]["committee"]["name"] == "财经工委"


# --- the whole round through the API -------------------------------------------------------------------------


def test_a_suggestion_goes_round_twice_and_closes(baiyun, session, deputies, committees, units, office, raised):
    created = office.post(url("list"), {
        "session": session.pk, "number": 501, "kind": "suggestion", "title": "关于加快老旧小区改造的建议",
        "content": "建议加快推进。", "category": "城建环保", "committee": committees["财经工委"].pk,
        "raised_on": str(raised), "proposer": deputies[0].pk, "cosigners": [deputies[1].pk, deputies[2].pk],
    }, format="json")
    assert created.status_code == 201, created.content.decode()
    s = created.json()
    assert s["status"] == "accepted" and s["number_label"] == "第501号" and s["year"] == raised.year
    assert s["session"] == {"id": session.pk, "name": session.name}
    assert s["proposer"] == {"id": deputies[0].pk, "name": "接口代表甲"}
    assert [d["name"] for d in s["cosigners"]] == ["接口代表乙", "接口代表丙"]
    pk, version = s["id"], s["version"]

    assigned_on = raised + timedelta(days=10)
    r = office.post(url("assign", pk), {"assigned_on": str(assigned_on), "lead_unit": units[0].pk,
                                        "co_units": [units[1].pk], "version": version}, format="json")
    assert r.status_code == 200, r.content.decode()
    s = r.json()
    due = add_months(assigned_on, 3)
    assert s["status"] == "assigned" and s["reply_due_on"] == str(due) and s["assigned_on"] == str(assigned_on)
    assert s["lead_unit"] == {"id": units[0].pk, "name": units[0].name}
    assert [(u["role"], u["due_on"]) for u in s["units"]] == [("lead", str(due)),
                                                              ("co", str(add_months(assigned_on, 1)))]
    assert s["version"] > version

    s = post(office, "sign", pk, signed_on=str(assigned_on + timedelta(days=1))).json()
    assert s["status"] == "handling" and s["units"][0]["signed_on"] == str(assigned_on + timedelta(days=1))
    s = post(office, "contacts", pk, stage="before", way="face", contacted_on=str(assigned_on + timedelta(days=3)),
             note="上门听取意见").json()
    assert s["contacts"][0]["way_display"] == "当面沟通" and s["contacts"][0]["unit"]["id"] == units[0].pk
    s = post(office, "co-input", pk, unit=units[1].pk, input_on=str(assigned_on + timedelta(days=20)),
             text="同意主办单位方案").json()
    assert s["units"][1]["input_on"] == str(assigned_on + timedelta(days=20))

    replied_on = assigned_on + timedelta(days=60)
    r = post(office, "reply", pk, replied_on=str(replied_on), reply_class="B", text="已列入明年计划。")
    assert r.status_code == 200, r.content.decode()
    s = r.json()
    assert s["status"] == "replied" and s["reply_class"] == "B" and s["first_reply_on_time"] is True
    assert s["replies"][0]["on_time"] is True

    unhappy_on = replied_on + timedelta(days=10)
    r = post(office, "feedback", pk, result="unsatisfied", comment="进度太慢", given_on=str(unhappy_on))
    assert r.status_code == 200, r.content.decode()
    s = r.json()
    assert s["status"] == "rehandling" and s["round"] == 2 and s["feedback"] == "unsatisfied"
    assert s["reply_due_on"] == str(add_months(unhappy_on, 1))

    second_reply = unhappy_on + timedelta(days=20)
    s = post(office, "reply", pk, replied_on=str(second_reply), reply_class="A", text="已完成改造。").json()
    assert s["status"] == "replied" and s["reply_class"] == "A"
    assert s["first_reply_on_time"] is True  # the first round's reply decides it
    s = post(office, "feedback", pk, result="satisfied", given_on=str(second_reply + timedelta(days=3))).json()
    assert s["status"] == "closed" and s["status_display"] == "已办结" and s["feedback_display"] == "满意"

    assert [(x["round"], x["reply_class"]) for x in s["replies"]] == [(1, "B"), (2, "A")]
    assert [(x["round"], x["result"]) for x in s["feedbacks"]] == [(1, "unsatisfied"), (2, "satisfied")]
    timeline = s["timeline"]
    assert [e["kind"] for e in timeline] == ["created", "assigned", "signed", "contact", "co_input", "replied",
                                             "feedback", "rehandling", "replied", "feedback"]
    assert [e["round"] for e in timeline[5:]] == [1, 1, 2, 2, 2]  # the 不满意 belongs to the round it judges
    assert {e["round"] for e in timeline if e["kind"] == "replied"} == {1, 2}
    assert timeline[7]["to_status"] == "rehandling" and timeline[-1]["to_status"] == "closed"
    assert all(e["by"] for e in timeline)
    assert timeline[1]["on"] == str(assigned_on) and timeline[5]["on_behalf_of"] == units[0].name


def test_extension_asked_and_approved_moves_the_due_date(baiyun, session, deputies, units, office, today):
    s = make(baiyun, session, deputies[0])
    assigned(s, units, today - timedelta(days=30))
    s.refresh_from_db()
    wanted = add_months(s.assigned_on, 5)
    r = post(office, "extension", s, asked_on=str(today), reason="需协调多个部门", requested_due_on=str(wanted))
    assert r.status_code == 200, r.content.decode()
    [ext] = r.json()["extensions"]
    assert ext["decision"] == "pending" and ext["unit"]["id"] == units[0].pk
    too_far = post(office, "extension", s, asked_on=str(today), reason="再延",
                   requested_due_on=str(add_months(s.assigned_on, 7)))
    assert too_far.status_code == 400 and "requested_due_on" in too_far.json()
    r = post(office, "extension-decision", s, extension=ext["id"], approve=True, decided_on=str(today), note="同意")
    assert r.status_code == 200, r.content.decode()
    assert r.json()["reply_due_on"] == str(wanted) and r.json()["extensions"][0]["decision"] == "approved"
    again = post(office, "extension-decision", s, extension=ext["id"], approve=False, decided_on=str(today))
    assert again.status_code == 400 and "已审批" in again.json()["extension"][0]
    unknown = post(office, "extension-decision", s, extension=999999, approve=True, decided_on=str(today))
    assert unknown.status_code == 400 and "extension" in unknown.json()


def test_key_supervision_through_the_api(trio, committees, office, baiyun, second_body, today):
    a = trio[0]
    r = post(office, "key-supervision", a, leader="常委会副主任 李某某", committee=committees["财经工委"].pk,
             since=str(today), note="每月报告进展")
    assert r.status_code == 200, r.content.decode()
    body = r.json()
    assert body["is_key"] is True and body["key_supervision"]["leader"] == "常委会副主任 李某某"
    other = Committee.objects.filter(body=second_body).first()
    r = post(office, "key-supervision", a, committee=other.pk, since=str(today))
    assert r.status_code == 400 and "督办委员会不存在" in r.json()["committee"][0]
    r = post(office, "key-supervision", a, since=str(today))
    assert r.status_code == 400 and "leader" in r.json()


def test_a_reply_document_can_be_uploaded(baiyun, session, deputies, units, office, settings, tmp_path, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    s = make(baiyun, session, deputies[0])
    assigned(s, units, today - timedelta(days=30))
    letter = SimpleUploadedFile("答复函.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    r = office.post(url("reply", s), {"replied_on": str(today), "reply_class": "A", "text": "已解决",
                                      "version": Suggestion.objects.get(pk=s.pk).version, "document": letter},
                    format="multipart")
    assert r.status_code == 200, r.content.decode()
    assert r.json()["replies"][0]["has_document"] is True


# --- bad input ------------------------------------------------------------------------------------------


def _new(in_session, deputies, **extra):
    data = {"session": in_session.pk, "number": 900, "title": "测试建议", "raised_on": str(in_session.start_on),
            "proposer": deputies[0].pk, "cosigners": [deputies[1].pk]}
    data.update(extra)
    return data


def test_creating_with_unknown_or_foreign_ids_is_refused_naming_the_field(session, deputies, office, second_body, today,
                                                                          raised):
    stranger = Deputy.objects.create(body=second_body, name="外区代表", gender="male")
    foreign_session = CongressSession.objects.create(
        body=second_body, term=second_body.terms.order_by("-number").first(), number=79, name="外区会议",
        start_on=raised)
    foreign_committee = Committee.objects.filter(body=second_body).first()
    before = (Suggestion.objects.count(), Signature.objects.count(), SuggestionEvent.objects.count())
    cases = [
        ({"proposer": 999999}, "proposer", "领衔代表不存在"),
        ({"proposer": stranger.pk}, "proposer", "领衔代表不存在"),
        ({"cosigners": [deputies[1].pk, 999999]}, "cosigners", "附议代表不存在"),
        ({"cosigners": [stranger.pk]}, "cosigners", "附议代表不存在"),
        ({"session": foreign_session.pk}, "session", "会议不存在"),
        ({"session": 999999}, "session", "会议不存在"),
        ({"committee": foreign_committee.pk}, "committee", "督办委员会不存在"),
        ({"kind": "petition"}, "kind", "类别"),
        ({"cosigners": [deputies[1].pk, deputies[1].pk]}, "cosigners", "重复署名"),
        ({"cosigners": [deputies[0].pk]}, "cosigners", "重复署名"),
        ({"session": None, "year": None}, "year", "年度"),
        ({"raised_on": str(today + timedelta(days=1))}, "raised_on", "不能晚于今天"),
        ({"title": "   "}, "title", ""),
    ]
    for extra, field, words in cases:
        r = office.post(url("list"), _new(session, deputies, **extra), format="json")
        assert r.status_code == 400, extra
        assert field in r.json() and words in r.json()[field][0], (extra, r.json())
    assert (Suggestion.objects.count(), Signature.objects.count(), SuggestionEvent.objects.count()) == before


def test_a_number_used_twice_in_the_session_is_refused(session, deputies, office, raised):
    assert office.post(url("list"), _new(session, deputies), format="json").status_code == 201
    twice = office.post(url("list"), _new(session, deputies, title="另一条"), format="json")
    assert twice.status_code == 400
    assert twice.json()["number"] == [f"{session.name}已有第900号建议，编号不能重复。"]
    # Between sessions numbers count per year, apart from the session's.
    between = office.post(url("list"), _new(session, deputies, session=None, year=raised.year), format="json")
    assert between.status_code == 201 and between.json()["raised_at"] == f"{raised.year}年闭会期间"


def test_steps_out_of_order_or_with_bad_units_are_refused(baiyun, session, deputies, units, office, second_body, today,
                                                          raised):
    s = make(baiyun, session, deputies[0])
    r = post(office, "reply", s, replied_on=str(today), reply_class="A")
    assert r.status_code == 400 and "不能登记答复" in r.json()["status"][0]
    r = post(office, "feedback", s, result="satisfied", given_on=str(today))
    assert r.status_code == 400 and "答复后代表才能反馈" in r.json()["result"][0]
    foreign_unit = ReportingBody.objects.filter(body=second_body).first()
    r = post(office, "assign", s, assigned_on=str(today), lead_unit=foreign_unit.pk)
    assert r.status_code == 400 and r.json()["lead_unit"][0].startswith("承办单位不存在")
    r = post(office, "assign", s, assigned_on=str(today), lead_unit=units[0].pk, co_units=[999999])
    assert r.status_code == 400 and r.json()["co_units"][0].startswith("承办单位不存在")
    r = post(office, "assign", s, assigned_on=str(today), lead_unit=units[0].pk, co_units=[units[0].pk])
    assert r.status_code == 400 and "co_units" in r.json()
    r = post(office, "assign", s, assigned_on=str(raised - timedelta(days=1)), lead_unit=units[0].pk)
    assert r.status_code == 400 and "不能早于提出日期" in r.json()["assigned_on"][0]
    assert Suggestion.objects.get(pk=s.pk).status == "accepted" and not Assignment.objects.filter(suggestion=s)

    assigned_on = today - timedelta(days=20)
    assert post(office, "assign", s, assigned_on=str(assigned_on), lead_unit=units[0].pk).status_code == 200
    r = post(office, "reply", s, replied_on=str(assigned_on - timedelta(days=1)), reply_class="A")
    assert r.status_code == 400 and "不能早于交办日期" in r.json()["replied_on"][0]
    r = post(office, "reply", s, replied_on=str(today), reply_class="E")
    assert r.status_code == 400 and "reply_class" in r.json()
    r = post(office, "sign", s, unit=units[3].pk, signed_on=str(today))
    assert r.status_code == 400 and "不是该建议的承办单位" in r.json()["unit"][0]
    r = post(office, "co-input", s, unit=units[0].pk, input_on=str(today), text="意见")
    assert r.status_code == 400 and "只有协办单位" in r.json()["unit"][0]
    r = post(office, "contacts", s, stage="someday", way="phone", contacted_on=str(today))
    assert r.status_code == 400 and "stage" in r.json()
    assert post(office, "reply", s, replied_on=str(today - timedelta(days=2)), reply_class="B").status_code == 200
    r = post(office, "feedback", s, result="satisfied", given_on=str(today - timedelta(days=3)))
    assert r.status_code == 400 and "不能早于答复日期" in r.json()["given_on"][0]
    r = post(office, "feedback", s, result="unsatisfied", given_on=str(today))
    assert r.status_code == 400 and "comment" in r.json()
    assert Suggestion.objects.get(pk=s.pk).status == "replied"


def test_a_stale_version_is_a_conflict_and_changes_nothing(baiyun, session, deputies, units, office, today):
    s = make(baiyun, session, deputies[0])
    read = Suggestion.objects.get(pk=s.pk).version
    assert post(office, "assign", s, assigned_on=str(today), lead_unit=units[0].pk, version=read).status_code == 200
    events = SuggestionEvent.objects.filter(suggestion=s).count()
    r = post(office, "sign", s, signed_on=str(today), version=read)
    assert r.status_code == 409
    assert "已被他人更新" in r.json()["detail"] and r.json()["current"]["version"] == read + 1
    # Even a step the stale view would get wrong answers 409 first.
    r = post(office, "assign", s, assigned_on=str(today), lead_unit=units[1].pk, version=read)
    assert r.status_code == 409
    assert SuggestionEvent.objects.filter(suggestion=s).count() == events
    assert Suggestion.objects.get(pk=s.pk).status == "assigned"
    missing = office.post(url("sign", s), {"signed_on": str(today)}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()


# --- what must never be answered ------------------------------------------------------------------------------


def test_deputies_contact_details_never_appear(trio, session, deputies, office):
    assert Deputy.objects.get(pk=deputies[0].pk).phone == PHONE
    created = office.post(url("list"), _new(session, deputies, number=777, cosigners=[]), format="json")
    assert created.status_code == 201
    for username in ("office", "director", "lead-caijing"):
        client = api_for(username)
        texts = [
            client.get(url("list"), {"page_size": 500}).content.decode(),
            client.get(url("list"), {"deputy": deputies[0].pk}).content.decode(),
            client.get(url("detail", trio[0])).content.decode(),
        ]
        assert "接口代表甲" in texts[2]  # the proposer's name is there ...
        for text in [*texts, created.content.decode()]:
            assert PHONE not in text and ADDRESS not in text  # ... and nothing more of them
            assert '"phone"' not in text and '"address"' not in text


def test_congress_sessions_are_listed_newest_first(session, office, raised):
    rows = office.get(reverse("api:congress-session-list")).json()["results"]
    mine = next(r for r in rows if r["id"] == session.pk)
    assert mine["name"] == session.name and mine["year"] == raised.year and mine["number"] == 77
    starts = [r["start_on"] for r in rows]
    assert starts == sorted(starts, reverse=True)


def test_schema_documents_the_suggestion_steps(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    for path in ("/api/v1/suggestions/", "/api/v1/suggestions/{id}/assign/", "/api/v1/suggestions/{id}/reply/",
                 "/api/v1/suggestions/{id}/extension-decision/", "/api/v1/congress-sessions/"):
        assert path in text, path
    assert "SuggestionReplyWrite" in text and "SuggestionConflict" in text
