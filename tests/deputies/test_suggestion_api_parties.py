"""The suggestions API for deputies and handling units' contacts (issue 7).

Each reads its own suggestions only (raised or co-signed; assigned to the unit), by session and by
token, without the office's internal working (deputies/api/party.py); each takes its own steps on
them (deputies/permissions.py decides), and none changes an assignment, a due date, a reply's class
once given, or another party's records. The world of suggestions is tests/parties.py.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from deputies.models import (
    Assignment,
    Extension,
    Feedback,
    ReassignRequest,
    Signature,
    Suggestion,
    SuggestionEvent,
)
from deputies.permissions import (
    CO_ONLY,
    LEAD_ONLY,
    NOT_YOUR_UNIT,
    SUGGESTION_OFFICE_ONLY,
)
from deputies.suggestions import online
from tests.api_tokens import token_for
from tests.parties import build_world, deputy_user

E = SuggestionEvent.Kind


@pytest.fixture
def world(baiyun):
    return build_world(baiyun)


def client_for(username, how="session") -> APIClient:
    client = APIClient()
    user = get_user_model().objects.get(username=username)
    if how == "token":
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    else:
        client.force_login(user)
    return client


def url(step, s=None):
    if s is None:
        return reverse(f"api:suggestion-{step}")
    return reverse(f"api:suggestion-{step}", kwargs={"pk": getattr(s, "pk", s)})


def post(client, step, s, **data):
    data.setdefault("version", Suggestion.objects.get(pk=s.pk).version)
    return client.post(url(step, s), data, format="json")


def listed(client) -> set[int]:
    ids, next_url = set(), url("list") + "?page_size=200"
    while next_url:
        answer = client.get(next_url)
        assert answer.status_code == 200, answer.content.decode()
        ids |= {row["id"] for row in answer.json()["results"]}
        next_url = answer.json()["next"]
    return ids


# --- reading: their own only ------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["session", "token"])
@pytest.mark.parametrize(("username", "theirs"), [
    ("party-deputy", {"own", "cosigned"}),  # raised and co-signed; not B's draft naming them
    ("party-deputy-b", {"cosigned", "b_own", "draft"}),  # their own draft too
    ("party-unit", {"own", "cosigned"}),  # lead and co-unit; not the one reassigned away
    ("party-unit-other", {"own", "cosigned", "b_own"}),
])
def test_a_party_lists_and_opens_its_own_suggestions_only(world, baiyun, username, theirs, how):
    client = client_for(username, how)
    mine = {world.s[key].pk for key in theirs}
    assert listed(client) == mine  # nothing of the demo data or of other parties either
    others = Suggestion.objects.filter(body=baiyun).exclude(pk__in=mine)
    assert others.count() > 10
    for s in [*(world.s[key] for key in world.s if key not in theirs), *others.order_by("?")[:10]]:
        assert client.get(url("detail", s)).status_code == 404, (username, s.title)
    for key in theirs:
        assert client.get(url("detail", world.s[key])).status_code == 200, (username, key)


def test_filters_work_within_a_partys_own_rows(world):
    client = client_for("party-unit")
    rows = client.get(url("list"), {"lead_unit": world.units["mine"].pk}).json()["results"]
    assert [r["id"] for r in rows] == [world.s["own"].pk]
    assert client.get(url("list"), {"q": "北郊菜市场"}).json()["count"] == 0  # another unit's, not found
    rows = client_for("party-deputy").get(url("list"), {"unit": world.units["far"].pk}).json()["results"]
    assert rows == []


# --- reading: without the office's internal working ------------------------------------------------------------


def _detail(username, s):
    answer = client_for(username).get(url("detail", s))
    assert answer.status_code == 200
    return answer.json(), answer.content.decode()


def test_the_office_reads_every_record_and_who_entered_it(world):
    data, _ = _detail("office", world.s["own"])
    kinds = {e["kind"] for e in data["timeline"]}
    assert {E.SUPERVISION_NOTE, E.CO_INPUT, E.CONTACT} <= kinds and all(e["by"] for e in data["timeline"])
    assert data["key_supervision"]["note"] == world.secrets["key_note"]
    data, _ = _detail("office", world.s["cosigned"])
    assert E.REASSIGN_ASKED in {e["kind"] for e in data["timeline"]}
    assert [r["reason"] for r in data["reassign_requests"]] == [world.secrets["reassign_reason"]]
    assert data["contacts"][0]["note"] == "乙局电话沟通要点"


def test_a_deputy_reads_no_internal_steps_nor_who_typed_them(world):
    for key in ("own", "cosigned"):
        data, text = _detail("party-deputy", world.s[key])
        kinds = {e["kind"] for e in data["timeline"]}
        assert not kinds & {E.SUPERVISION_NOTE, E.CO_INPUT, E.REASSIGN_ASKED}, key
        assert E.ASSIGNED in kinds and E.CONTACT in kinds
        assert all(e["by"] is None for e in data["timeline"])
        assert data["reassign_requests"] == []
        for secret in [world.secrets["supervision"], world.secrets["reassign_reason"], "乙局协办意见正文", "office"]:
            assert secret not in text, (key, secret)
        for phone in [*world.phones, "13800001101", *world.addresses]:
            assert phone not in text
        assert '"phone":' not in text and '"address":' not in text
    data, _ = _detail("party-deputy", world.s["own"])
    assert data["contacts"][0]["note"] == "甲局面谈要点记录"  # the deputy hears what was said with them
    # Key supervision is addressed to the parties too: who supervises and what is asked of the handling.
    assert data["key_supervision"]["leader"] == "常委会副主任 隔离某"
    assert data["key_supervision"]["note"] == world.secrets["key_note"]
    assert data["proposer"] == {"id": world.deputies["a"].pk, "name": "隔离代表甲"}


def test_the_lead_unit_reads_co_input_and_contact_notes_but_not_internal_steps(world):
    data, text = _detail("party-unit", world.s["own"])
    kinds = {e["kind"] for e in data["timeline"]}
    assert E.CO_INPUT in kinds and E.SUPERVISION_NOTE not in kinds
    assert "乙局协办意见正文" in text and "甲局面谈要点记录" in text
    assert data["contacts"][0]["note"] == "甲局面谈要点记录"
    assert all(e["by"] is None for e in data["timeline"])
    assert world.secrets["supervision"] not in text
    assert not any(phone in text for phone in world.phones + world.addresses)


def test_a_co_unit_sees_a_contact_happened_but_not_what_was_said_and_only_its_own_requests(world):
    data, text = _detail("party-unit", world.s["cosigned"])
    assert data["contacts"][0]["note"] == "" and data["contacts"][0]["way"] == "phone"
    assert "乙局电话沟通要点" not in text
    contact = next(e for e in data["timeline"] if e["kind"] == E.CONTACT)
    assert contact["text"] == "办前电话沟通"
    assert E.REASSIGN_ASKED not in {e["kind"] for e in data["timeline"]}
    # Its own request and the office's answer stay in its history.
    [request] = data["reassign_requests"]
    assert request["unit"]["name"] == "隔离测试甲局" and request["decision"] == "refused"
    assert request["decision_note"] == "职能相关，请继续协办"
    # The other unit (the lead) reads the contact notes and sees no request of 甲局's.
    data, text = _detail("party-unit-other", world.s["cosigned"])
    assert data["contacts"][0]["note"] == "乙局电话沟通要点" and data["reassign_requests"] == []
    assert world.secrets["reassign_reason"] not in text


def test_detail_query_count_is_bounded_for_a_party(world, django_assert_max_num_queries):
    client = client_for("party-unit")
    with django_assert_max_num_queries(20):
        assert client.get(url("detail", world.s["own"])).status_code == 200


# --- the lead unit's and co-unit's own steps ---------------------------------------------------------------------


def test_the_lead_unit_signs_contacts_asks_for_time_and_replies_for_itself(world):
    unit, s = client_for("party-unit"), world.s["own"]
    answer = post(unit, "sign", s, signed_on=str(world.day(3)))  # no unit named: its own
    assert answer.status_code == 200, answer.content.decode()
    assert answer.json()["status"] == "handling"
    assert Assignment.objects.get(suggestion=s, unit=world.units["mine"]).signed_on == world.day(3)
    answer = post(unit, "contacts", s, stage="during", way="research", contacted_on=str(world.day(5)), note="共同调研")
    assert answer.status_code == 200 and answer.json()["contacts"][-1]["unit"]["name"] == "隔离测试甲局"
    current = Suggestion.objects.get(pk=s.pk).reply_due_on
    answer = post(unit, "extension", s, asked_on=str(world.today), reason="需协调多个部门",
                  requested_due_on=str(current + timedelta(days=30)))
    assert answer.status_code == 200, answer.content.decode()
    assert answer.json()["extensions"][0]["decision"] == "pending"
    assert Suggestion.objects.get(pk=s.pk).reply_due_on == current  # asking moves nothing
    answer = post(unit, "reply", s, replied_on=str(world.today), reply_class="B", text="已列入计划。")
    assert answer.status_code == 200, answer.content.decode()
    data = answer.json()
    assert data["status"] == "replied" and data["reply_class"] == "B"
    steps = [e for e in data["timeline"] if e["kind"] in (E.SIGNED, E.CONTACT, E.EXTENSION_ASKED, E.REPLIED)]
    assert {e["on_behalf_of"] for e in steps} == {"隔离测试甲局"}
    entered_by = SuggestionEvent.objects.filter(suggestion=s, kind=E.REPLIED).get().by
    assert entered_by.username == "party-unit"


def test_the_co_unit_sends_its_input_and_signs_but_takes_no_lead_step(world):
    unit, s = client_for("party-unit"), world.s["cosigned"]
    answer = post(unit, "co-input", s, input_on=str(world.day(10)), text="甲局协办意见：同意主办单位方案")
    assert answer.status_code == 200, answer.content.decode()
    assert Assignment.objects.get(suggestion=s, unit=world.units["mine"]).input_text.startswith("甲局协办意见")
    assert post(unit, "sign", s, signed_on=str(world.day(3))).status_code == 200
    assert Assignment.objects.get(suggestion=s, unit=world.units["other"]).signed_on is None  # the lead's own
    before = SuggestionEvent.objects.filter(suggestion=s).count()
    for step, data in [
        ("contacts", {"stage": "before", "way": "phone", "contacted_on": str(world.day(4))}),
        ("extension", {"asked_on": str(world.today), "reason": "理由",
                       "requested_due_on": str(world.today + timedelta(days=90))}),
        ("reply", {"replied_on": str(world.today), "reply_class": "A"}),
    ]:
        answer = post(unit, step, s, **data)
        assert answer.status_code == 403 and answer.json()["detail"] == LEAD_ONLY, step
    assert SuggestionEvent.objects.filter(suggestion=s).count() == before


def test_a_unit_never_acts_for_another_unit(world):
    unit, s = client_for("party-unit"), world.s["own"]
    other = world.units["other"].pk
    cases = [
        ("sign", {"unit": other, "signed_on": str(world.day(3))}, NOT_YOUR_UNIT),
        ("co-input", {"unit": other, "input_on": str(world.day(3)), "text": "冒名"}, NOT_YOUR_UNIT),
        ("contacts", {"unit": other, "stage": "before", "way": "phone", "contacted_on": str(world.day(3))},
         NOT_YOUR_UNIT),
        ("reassign-request", {"unit": other, "reason": "冒名申请"}, NOT_YOUR_UNIT),
        ("co-input", {"input_on": str(world.day(3)), "text": "主办单位不提交协办意见"}, CO_ONLY),
        ("sign", {"unit": world.units["far"].pk, "signed_on": str(world.day(3))}, NOT_YOUR_UNIT),
        ("sign", {"unit": 999999, "signed_on": str(world.day(3))}, NOT_YOUR_UNIT),
    ]
    before = (SuggestionEvent.objects.filter(suggestion=s).count(), Suggestion.objects.get(pk=s.pk).version)
    for step, data, reason in cases:
        answer = post(unit, step, s, **data)
        assert answer.status_code == 403 and answer.json()["detail"] == reason, (step, data, answer.content)
    garbled = post(unit, "sign", s, unit="乙局", signed_on=str(world.day(3)))
    assert garbled.status_code == 400 and "unit" in garbled.json()
    assert (SuggestionEvent.objects.filter(suggestion=s).count(), Suggestion.objects.get(pk=s.pk).version) == before
    assert Assignment.objects.get(suggestion=s, unit=world.units["other"]).input_text == "乙局协办意见正文"


def test_a_unit_changes_no_assignment_due_date_or_reply_class(world, baiyun):
    unit, s = client_for("party-unit"), world.s["own"]
    office = client_for("office")
    current = Suggestion.objects.get(pk=s.pk)
    ext = post(office, "extension", s, asked_on=str(world.today), reason="办公室代录",
               requested_due_on=str(current.reply_due_on + timedelta(days=20))).json()["extensions"][0]
    before = {
        "suggestion": Suggestion.objects.filter(pk=s.pk).values("version", "lead_unit", "reply_due_on",
                                                                "reply_class", "status", "category").get(),
        "assignments": list(Assignment.objects.filter(suggestion=s).values("unit", "role", "due_on", "active")),
        "extension": Extension.objects.get(pk=ext["id"]).decision,
    }
    office_only = [
        ("assign", {"assigned_on": str(world.today), "lead_unit": world.units["mine"].pk}),
        ("extension-decision", {"extension": ext["id"], "approve": True, "decided_on": str(world.today)}),
        ("key-supervision", {"leader": "自己督办自己", "since": str(world.today)}),
        ("accept", {"category": "换个分类"}),
        ("return", {"reason": "退回"}),
        ("reassign-decision", {"request": 1, "approve": True}),
        ("supervision-note", {"on": str(world.today), "text": "进展"}),
    ]
    for step, data in office_only:
        answer = post(unit, step, s, **data)
        assert answer.status_code == 403, (step, answer.content)
        if step != "supervision-note":
            assert answer.json()["detail"] == SUGGESTION_OFFICE_ONLY, step
    assert unit.post(url("list"), {"title": "单位录入", "raised_on": str(world.today),
                                   "proposer": world.deputies["a"].pk, "year": world.today.year},
                     format="json").status_code == 403
    for method in ("put", "patch", "delete"):
        answer = getattr(unit, method)(url("detail", s), {"reply_due_on": str(world.today)}, format="json")
        assert answer.status_code in (403, 405), method
    # Its reply's class stands once given: replying again is refused, the class unchanged.
    assert post(unit, "reply", s, replied_on=str(world.today), reply_class="C").status_code == 200
    again = post(unit, "reply", s, replied_on=str(world.today), reply_class="A")
    assert again.status_code == 400 and "不能登记答复" in again.json()["status"][0]
    after = Suggestion.objects.get(pk=s.pk)
    assert after.reply_class == "C" and after.lead_unit_id == before["suggestion"]["lead_unit"]
    assert after.reply_due_on == before["suggestion"]["reply_due_on"]
    assert list(Assignment.objects.filter(suggestion=s).values("unit", "role", "due_on", "active")) == before[
        "assignments"]
    assert Extension.objects.get(pk=ext["id"]).decision == before["extension"] == "pending"


def test_a_unit_cannot_touch_another_units_suggestion(world):
    unit = client_for("party-unit")
    for key in ("b_own", "far", "withdrawn"):
        s = world.s[key]
        version = Suggestion.objects.get(pk=s.pk).version
        for step in ("sign", "co-input", "contacts", "extension", "reply", "reassign-request", "feedback",
                     "confirm", "decline", "supervision-note"):
            assert post(unit, step, s, signed_on=str(world.day(3))).status_code == 404, (key, step)
        for step in ("assign", "extension-decision", "accept", "return", "reassign-decision"):
            assert post(unit, step, s).status_code == 403, (key, step)  # the office's, whatever the suggestion
        assert Suggestion.objects.get(pk=s.pk).version == version


def test_a_stale_unit_step_is_a_conflict(world):
    unit, s = client_for("party-unit"), world.s["own"]
    read = Suggestion.objects.get(pk=s.pk).version
    assert post(unit, "sign", s, signed_on=str(world.day(3)), version=read).status_code == 200
    answer = post(unit, "contacts", s, stage="before", way="phone", contacted_on=str(world.day(4)), version=read)
    assert answer.status_code == 409 and answer.json()["current"]["version"] == read + 1
    assert answer.json()["current"]["timeline"][-1]["by"] is None  # the conflict answer is read as the party too


# --- reassignment requests --------------------------------------------------------------------------------------


def test_a_unit_asks_for_reassignment_and_the_office_decides(world):
    unit, office, s = client_for("party-unit"), client_for("office"), world.s["own"]
    answer = post(unit, "reassign-request", s, reason="该事项属乙局职能", suggested_unit="隔离测试乙局")
    assert answer.status_code == 200, answer.content.decode()
    [request] = answer.json()["reassign_requests"]
    assert request["decision"] == "pending" and request["reason"] == "该事项属乙局职能"
    again = post(unit, "reassign-request", s, reason="再申请一次")
    assert again.status_code == 400 and "待办公室审批" in again.json()["reason"][0]
    refused_by_unit = post(unit, "reassign-decision", s, request=request["id"], approve=True,
                           new_unit=world.units["far"].pk)
    assert refused_by_unit.status_code == 403
    missing_unit = post(office, "reassign-decision", s, request=request["id"], approve=True)
    assert missing_unit.status_code == 400 and "new_unit" in missing_unit.json()
    no_reason = post(office, "reassign-decision", s, request=request["id"], approve=False)
    assert no_reason.status_code == 400 and "note" in no_reason.json()
    foreign = post(office, "reassign-decision", s, request=ReassignRequest.objects.exclude(
        assignment__suggestion=s).first().pk, approve=False, note="x")
    assert foreign.status_code == 400 and "request" in foreign.json()
    answer = post(office, "reassign-decision", s, request=request["id"], approve=True, new_unit=world.units["far"].pk,
                  note="改由丙局主办")
    assert answer.status_code == 200, answer.content.decode()
    data = answer.json()
    assert data["lead_unit"]["name"] == "隔离测试丙局" and data["status"] == "assigned"
    assert [r["decision"] for r in data["reassign_requests"]] == ["approved"]
    assert {E.REASSIGN_ASKED, E.REASSIGNED} <= {e["kind"] for e in data["timeline"]}
    again = post(office, "reassign-decision", s, request=request["id"], approve=False, note="改主意")
    assert again.status_code == 400 and "已审批" in again.json()["request"][0]
    # Relieved, the unit no longer sees the suggestion; the history keeps both steps.
    assert unit.get(url("detail", s)).status_code == 404
    assert s.pk not in listed(unit)
    assert ReassignRequest.objects.get(pk=request["id"]).new_unit == world.units["far"]


def test_a_signed_unit_cannot_ask_for_reassignment(world):
    unit, s = client_for("party-unit"), world.s["own"]
    assert post(unit, "sign", s, signed_on=str(world.day(3))).status_code == 200
    answer = post(unit, "reassign-request", s, reason="签收后又想调整")
    assert answer.status_code == 400 and "签收后不能再申请调整" in answer.json()["reason"][0]


# --- the deputy's own steps -------------------------------------------------------------------------------------


def _replied(world, key):
    office = client_for("office")
    s = world.s[key]
    assert post(office, "reply", s, replied_on=str(world.today), reply_class="B", text="答复").status_code == 200
    return s


def test_the_proposer_gives_feedback_a_cosigner_cannot(world):
    s = _replied(world, "own")
    cosigner = client_for("party-deputy-b")  # not on `own` at all
    assert post(cosigner, "feedback", s, result="satisfied", given_on=str(world.today)).status_code == 404
    answer = post(client_for("party-deputy"), "feedback", s, result="unsatisfied", comment="进度太慢",
                  given_on=str(world.today))
    assert answer.status_code == 200, answer.content.decode()
    assert answer.json()["status"] == "rehandling" and answer.json()["round"] == 2
    assert Feedback.objects.get(suggestion=s).deputy == world.deputies["a"]
    other = _replied(world, "cosigned")  # A co-signs B's: B gives the feedback
    answer = post(client_for("party-deputy"), "feedback", other, result="satisfied", given_on=str(world.today))
    assert answer.status_code == 403 and answer.json()["detail"] == "只有领衔代表可以对答复提出反馈意见。"
    assert post(client_for("party-deputy-b"), "feedback", other, result="satisfied",
                given_on=str(world.today)).status_code == 200


def test_a_deputy_takes_no_units_or_office_steps(world):
    deputy, s = client_for("party-deputy"), world.s["own"]
    version = Suggestion.objects.get(pk=s.pk).version
    for step in ("sign", "co-input", "contacts", "extension", "reply", "reassign-request"):
        answer = post(deputy, step, s)
        assert answer.status_code == 403 and answer.json()["detail"] == SUGGESTION_OFFICE_ONLY, step
    for step in ("assign", "extension-decision", "key-supervision", "accept", "return", "reassign-decision",
                 "supervision-note"):
        assert post(deputy, step, s).status_code == 403, step
    answer = post(deputy, "confirm", s)  # the proposer is no co-signer
    assert answer.status_code == 403 and answer.json()["detail"] == "您不是该建议的附议代表。"
    created = deputy.post(url("list"), {"title": "代表直接录入", "raised_on": str(world.today),
                                        "year": world.today.year, "proposer": world.deputies["a"].pk}, format="json")
    assert created.status_code == 403
    assert deputy.patch(url("detail", s), {"category": "改分类"}, format="json").status_code in (403, 405)
    assert Suggestion.objects.get(pk=s.pk).version == version


# --- the online round through the API ---------------------------------------------------------------------------


def test_cosigners_confirm_or_decline_and_the_office_accepts_or_returns(world, baiyun):
    a, b, c = (world.deputies[k] for k in "abc")
    s = online.submit(online.save_draft(baiyun, b, title="隔离测试：在线提交的建议", content="内容",
                                        cosigners=[a, c], by=None), by=None)
    deputy_a = client_for("party-deputy")
    assert post(client_for("office"), "confirm", s).status_code == 403  # only the co-signer
    answer = post(deputy_a, "confirm", s)
    assert answer.status_code == 200, answer.content.decode()
    assert answer.json()["status"] == "confirming"
    again = post(deputy_a, "confirm", s)
    assert again.status_code == 400 and "已于" in again.json()["deputy"][0]
    deputy_user(c, "party-deputy-c")
    answer = post(client_for("party-deputy-c"), "decline", s, reason="不熟悉该领域")
    assert answer.status_code == 200 and answer.json()["id"] == s.pk
    assert not Signature.objects.filter(suggestion=s, deputy=c).exists()
    assert client_for("party-deputy-c").get(url("detail", s)).status_code == 404
    s.refresh_from_db()
    assert s.status == "submitted"

    office = client_for("office")
    assert post(deputy_a, "accept", s).status_code == 403
    answer = post(office, "return", s, reason="")
    assert answer.status_code == 400 and "reason" in answer.json()
    answer = post(office, "return", s, reason="请补充具体地点")
    assert answer.status_code == 200 and answer.json()["status"] == "returned"
    # Back with its proposer: the co-signer who confirmed still reads it, and may not act on it.
    seen = client_for("party-deputy").get(url("detail", s))
    assert seen.status_code == 200 and seen.json()["status"] == "returned"
    assert post(deputy_a, "confirm", s).status_code == 400
    s = online.submit(s, by=None)
    assert post(deputy_a, "confirm", s).status_code == 200
    answer = post(office, "accept", s, category="教科文卫")
    assert answer.status_code == 200, answer.content.decode()
    data = answer.json()
    assert data["status"] == "accepted" and data["number"] and data["category"] == "教科文卫"
    taken = post(office, "accept", s)
    assert taken.status_code == 400 and "status" in taken.json()
    kinds = [e["kind"] for e in client_for("party-deputy").get(url("detail", s)).json()["timeline"]]
    assert kinds[-1] == E.ACCEPTED and E.RETURNED in kinds and E.CONFIRMED in kinds


def test_the_office_still_records_any_units_step(world):
    office, s = client_for("office"), world.s["cosigned"]
    answer = post(office, "co-input", s, unit=world.units["mine"].pk, input_on=str(world.day(6)), text="纸质协办意见")
    assert answer.status_code == 200
    missing = post(office, "co-input", s, input_on=str(world.day(6)), text="未指明单位")
    assert missing.status_code == 400 and "unit" in missing.json()
    answer = post(office, "reassign-request", s, unit=world.units["other"].pk, reason="乙局来函申请调整")
    assert answer.status_code == 200, answer.content.decode()
