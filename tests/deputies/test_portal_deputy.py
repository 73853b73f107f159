"""The deputy's portal (/portal/deputy/): each page as a deputy, nothing of others' suggestions, the
deputy's own steps (draft → submit → co-signers confirm or decline, deleting a draft, feedback), a
co-signer's read-only view of a returned suggestion, stale pages refused, receptions of their own
(once, within range), staff kept out, and a list whose query count does not grow with its rows."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import BodyMembership, UnitContact
from core.roles import DEPUTY, UNIT_CONTACT, ensure_roles
from deputies.models import Reception, Signature, Station, Suggestion, SuggestionEvent
from deputies.models.suggestions import SuggestionStatus as S
from deputies.portal_deputy.forms import earliest_own_reception
from deputies.portal_deputy.views import NOT_A_DEPUTY
from deputies.suggestions import lifecycle, online
from tests.conftest import client_for
from tests.isolation_suggestions import assigned, deputies_for, make_suggestion, office_user, units_for

E = SuggestionEvent.Kind


def deputy_user(body, deputy, username):
    """A deputy's account as the office would set it up: group 人大代表, the body, the roster link."""
    user = get_user_model().objects.create_user(username, password="renda-demo", first_name=deputy.name)
    user.groups.add(ensure_roles()[DEPUTY])
    BodyMembership.objects.create(user=user, body=body)
    deputy.user = user
    deputy.save(update_fields=["user"])
    return user


@pytest.fixture
def people(baiyun):
    """测试代表1 (pd-one) and 测试代表2 (pd-two) have accounts; 测试代表3 and 4 do not."""
    deputies = deputies_for(baiyun, 4)
    deputies[0].station = Station.objects.filter(body=baiyun).order_by("pk").first()
    deputies[0].save(update_fields=["station"])
    deputy_user(baiyun, deputies[0], "pd-one")
    deputy_user(baiyun, deputies[1], "pd-two")
    return deputies


@pytest.fixture
def one(people):
    return client_for("pd-one")


@pytest.fixture
def two(people):
    return client_for("pd-two")


@pytest.fixture
def two_deputies(people, one, two):
    """The deputies, the proposer's client (测试代表1) and the co-signer's (测试代表2)."""
    return people, one, two


def url(name, s=None, **query):
    path = reverse(name, args=[s.pk] if s is not None else [])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def replied(body, **kwargs):
    """A suggestion proposed by 测试代表1, co-signed by 测试代表2, assigned, signed for and replied (class B)."""
    s = assigned(body, **kwargs)
    units = units_for(body)
    office = office_user(body)
    lifecycle.sign_for(s, units[0], signed_on=date(2023, 2, 3), by=office)
    lifecycle.reply(s, replied_on=date(2023, 4, 20), reply_class="B", text="已列入明年计划。",
                    document=ContentFile(b"reply letter", name="dafu.txt"), by=office)
    s.refresh_from_db()
    return s


def draft_data(people, **extra):
    return {"title": "关于增设社区公交线路的建议", "content": "建议在某某社区增设公交线路。", "category": "城建环保",
            "cosigners": [people[1].pk], **extra}


# --- pages -----------------------------------------------------------------------------------------------


def test_each_page_answers_the_deputy(baiyun, people, one):
    s = replied(baiyun, title="门户页面测试建议")
    draft = online.save_draft(baiyun, people[0], title="门户草稿", content="内容", by=None)
    for address in (url("portal-deputy-home"), url("portal-deputy-suggestions"),
                    url("portal-deputy-suggestion", s), url("portal-deputy-draft-new"),
                    url("portal-deputy-draft-edit", draft), url("portal-deputy-receptions"),
                    url("portal-deputy-reception-new")):
        assert one.get(address).status_code == 200, address
    for group in ("progress", "feedback", "closed", "drafts", "nonsense"):
        assert one.get(url("portal-deputy-suggestions", group=group)).status_code == 200
    home = one.get(url("portal-deputy-home")).content.decode()
    # A reply waiting for feedback is the first thing on the work list, with a badge.
    assert 'id="todo-feedback"' in home and "答复已到，请您反馈" in home and "门户页面测试建议" in home
    assert "门户草稿" in home
    listing = one.get(url("portal-deputy-suggestions", group="feedback")).content.decode()
    assert f'id="suggestion-{s.pk}"' in listing and f'id="suggestion-{draft.pk}"' not in listing
    assert "领衔" in listing and "B类" in listing and "区" in listing
    drafts = one.get(url("portal-deputy-suggestions", group="drafts")).content.decode()
    assert f'id="suggestion-{draft.pk}"' in drafts and f'id="suggestion-{s.pk}"' not in drafts


def test_the_deputy_counts_in_progress_only_what_is_being_handled(baiyun, two_deputies):
    people, proposer, _ = two_deputies
    confirming = online.submit(online.save_draft(baiyun, people[0], title="待附议的建议", content="x",
                                                 cosigners=[people[2]], by=None), by=None)
    submitted = online.submit(online.save_draft(baiyun, people[0], title="待审查的建议", content="x", by=None), by=None)
    handled = assigned(baiyun, title="办理中的建议")  # people[0] proposes it
    assert (confirming.status, submitted.status, handled.status) == (S.CONFIRMING, S.SUBMITTED, S.ASSIGNED)

    def counts(page):
        pairs = re.findall(r'<span class="n">(\d+)</span><span class="l">([^<]+)<', page)
        return {label: int(n) for n, label in pairs}

    home = counts(proposer.get(reverse("portal-deputy-home")).content.decode())
    in_progress = proposer.get(reverse("portal-deputy-suggestions"), {"group": "progress"}).content.decode()
    checking = proposer.get(reverse("portal-deputy-suggestions"), {"group": "checking"}).content.decode()
    for s in (confirming, submitted):
        link = f'href="{reverse("portal-deputy-suggestion", args=[s.pk])}"'
        assert link not in in_progress and link in checking
    assert f'href="{reverse("portal-deputy-suggestion", args=[handled.pk])}"' in in_progress
    assert home["审查中"] == checking.count('class="portal-card pd-sg') >= 2
    assert home["办理中"] == in_progress.count('class="portal-card pd-sg') >= 1


def test_the_detail_shows_units_cosigners_replies_and_a_timeline_without_internals(baiyun, people, one):
    s = replied(baiyun, title="时间线测试建议")
    office = office_user(baiyun)
    units = units_for(baiyun)
    lifecycle.set_key_supervision(s, leader="副主任 某某", since=date(2023, 4, 21), by=office)
    lifecycle.add_supervision_note(s, on=date(2023, 4, 22), text="督办进展内部说明", by=office)
    lifecycle.record_co_input(s, units[1], input_on=date(2023, 2, 20), text="协办单位内部意见全文", by=office)
    text = one.get(url("portal-deputy-suggestion", s)).content.decode()
    assert units[0].name in text and units[1].name in text and "协办意见期限" in text
    assert "已列入明年计划" in text and "B类" in text
    assert url("portal-deputy-document", s) + "?reply=" in text
    assert "测试代表2" in text and "已确认" in text
    assert "督办进展内部说明" not in text and "协办单位内部意见全文" not in text
    assert "向主办单位提交了协办意见" in text
    assert office.username not in text and (office.get_full_name() or office.username) not in text
    assert 'action="' + url("portal-deputy-feedback", s) + '#feedback"' in text


def test_a_reassignment_request_is_not_on_the_deputys_timeline(baiyun, people, one):
    s = assigned(baiyun, title="调整申请测试建议")
    units = units_for(baiyun)
    request = online.ask_reassignment(s, units[1], reason="不属于本单位职责（内部）", by=office_user(baiyun))
    online.decide_reassignment(request, approve=False, note="请继续协办（内部）", by=office_user(baiyun))
    text = one.get(url("portal-deputy-suggestion", s)).content.decode()
    assert "内部" not in text and "申请调整承办单位" not in text


def test_another_deputys_suggestion_is_not_found(baiyun, second_body, people, one):
    others = deputies_for(baiyun, 4)
    entry = lifecycle.NewSuggestion(title="别人的建议", raised_on=date(2023, 1, 10), proposer=others[2],
                                    year=2023, cosigners=(others[3],), content="x",
                                    document=ContentFile(b"x", name="x.txt"))
    theirs = lifecycle.create_suggestion(baiyun, entry, office_user(baiyun))
    elsewhere = make_suggestion(second_body, title="另一个区的建议", document=ContentFile(b"y", name="y.txt"))
    for s in (theirs, elsewhere):
        for name in ("portal-deputy-suggestion", "portal-deputy-document", "portal-deputy-draft-edit"):
            assert one.get(url(name, s)).status_code == 404, (name, s.title)
        for name in ("portal-deputy-feedback", "portal-deputy-confirm", "portal-deputy-decline",
                     "portal-deputy-submit"):
            assert one.post(url(name, s), {f"{name.rsplit('-', 1)[1]}-version": s.version}).status_code == 404
    listing = one.get(url("portal-deputy-suggestions")).content.decode()
    assert "别人的建议" not in listing and "另一个区的建议" not in listing


def test_a_cosigner_does_not_see_the_proposers_draft(baiyun, people, two):
    draft = online.save_draft(baiyun, people[0], title="尚未提交的草稿", cosigners=[people[1]], by=None)
    assert two.get(url("portal-deputy-suggestion", draft)).status_code == 404
    assert "尚未提交的草稿" not in two.get(url("portal-deputy-home")).content.decode()


def test_the_document_download_is_for_own_suggestions(baiyun, people, one):
    s = replied(baiyun, title="原件测试建议")
    Suggestion.objects.filter(pk=s.pk).update(document="suggestions/2023/yuanjian.txt")
    s.refresh_from_db()
    s.document.storage.save(s.document.name, ContentFile(b"original"))
    answer = one.get(url("portal-deputy-document", s))
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == b"original"
    reply = s.replies.get()
    answer = one.get(url("portal-deputy-document", s) + f"?reply={reply.pk}")
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == b"reply letter"
    assert one.get(url("portal-deputy-document", s) + "?reply=abc").status_code == 404


# --- drafting, submitting, co-signing --------------------------------------------------------------------


def test_draft_submit_and_the_cosigner_confirms(baiyun, people, one, two):
    answer = one.post(url("portal-deputy-draft-new"), draft_data(people))
    assert answer.status_code == 302
    s = Suggestion.objects.get(title="关于增设社区公交线路的建议")
    assert answer["Location"] == url("portal-deputy-suggestion", s)
    assert s.status == S.DRAFT and s.created_by.username == "pd-one"
    detail = one.get(answer["Location"]).content.decode()
    assert 'action="' + url("portal-deputy-submit", s) + '"' in detail
    assert one.post(url("portal-deputy-submit", s), {"submit-version": s.version}).status_code == 302
    s.refresh_from_db()
    assert s.status == S.CONFIRMING
    # The proposer cannot change it any more.
    edit = one.get(url("portal-deputy-draft-edit", s)).content.decode()
    assert "不能再修改" in edit and "<form method=\"post\" enctype" not in edit
    home = two.get(url("portal-deputy-home")).content.decode()
    assert 'id="todo-confirm"' in home and "关于增设社区公交线路的建议" in home
    assert two.post(url("portal-deputy-confirm", s), {"confirm-version": s.version}).status_code == 302
    s.refresh_from_db()
    assert s.status == S.SUBMITTED and s.get_status_display() == "待审查"
    assert Signature.objects.get(suggestion=s, deputy=people[1]).confirmed_on == timezone.localdate()
    kinds = list(s.events.values_list("kind", flat=True))
    assert kinds == [E.CREATED, E.SUBMITTED, E.CONFIRMED, E.SUBMITTED]
    assert list(s.events.values_list("by__username", flat=True).distinct().order_by("by__username")) == [
        "pd-one", "pd-two"]


def test_the_cosigner_declines_with_a_reason(baiyun, people, one, two):
    s = online.submit(online.save_draft(baiyun, people[0], title="不同意附议测试", content="x",
                                        cosigners=[people[1]], by=None), by=None)
    # The proposer is not a co-signer: refused with the reason.
    refused = one.post(url("portal-deputy-decline", s), {"decline-version": s.version})
    assert refused.status_code == 403 and "不是该建议的附议代表" in refused.content.decode()
    answer = two.post(url("portal-deputy-decline", s), {"decline-version": s.version, "decline-reason": "不熟悉该领域"})
    assert answer.status_code == 302 and answer["Location"] == url("portal-deputy-home")
    s.refresh_from_db()
    assert s.status == S.SUBMITTED
    assert not Signature.objects.filter(suggestion=s, deputy=people[1]).exists()
    assert "不熟悉该领域" in s.events.get(kind=E.COSIGN_DECLINED).text
    assert two.get(url("portal-deputy-suggestion", s)).status_code == 404
    assert "不熟悉该领域" in one.get(url("portal-deputy-suggestion", s)).content.decode()


def test_a_draft_needs_a_title_and_names_the_field(baiyun, people, one):
    answer = one.post(url("portal-deputy-draft-new"), draft_data(people, title=" "))
    assert answer.status_code == 400 and "标题：" in answer.content.decode()
    answer = one.post(url("portal-deputy-draft-new"), draft_data(people, cosigners=[people[0].pk]))
    assert answer.status_code == 400 and "附议代表：" in answer.content.decode()
    assert not Suggestion.objects.filter(title="关于增设社区公交线路的建议").exists()


def test_the_picker_shows_names_and_groups_never_phones(baiyun, people, one):
    people[2].phone = "13900001111"
    people[2].save(update_fields=["phone"])
    text = one.get(url("portal-deputy-draft-new")).content.decode()
    assert "测试代表3" in text and "测试代表小组" in text
    assert "13900001111" not in text and people[2].code not in text
    assert f'value="{people[0].pk}" id=' not in text  # not myself


def test_a_returned_suggestion_shows_the_reason_is_changed_and_submitted_again(baiyun, people, one):
    s = online.submit(online.save_draft(baiyun, people[0], title="退回测试建议", content="x", by=None), by=None)
    online.return_to_deputy(s, reason="请补充具体地点", by=office_user(baiyun))
    s.refresh_from_db()
    home = one.get(url("portal-deputy-home")).content.decode()
    assert "退回理由：请补充具体地点" in home
    assert "请补充具体地点" in one.get(url("portal-deputy-suggestion", s)).content.decode()
    answer = one.post(url("portal-deputy-draft-edit", s), {"title": "退回测试建议（修改）", "content": "某某路口",
                                                            "category": "", "version": s.version})
    assert answer.status_code == 302
    s.refresh_from_db()
    assert (s.title, s.status) == ("退回测试建议（修改）", S.RETURNED)
    one.post(url("portal-deputy-submit", s), {"submit-version": s.version})
    s.refresh_from_db()
    assert s.status == S.SUBMITTED


def test_a_cosigner_may_not_edit_or_submit(baiyun, people, two):
    s = online.submit(online.save_draft(baiyun, people[0], title="附议代表不能修改", content="x",
                                        cosigners=[people[1]], by=None), by=None)
    answer = two.get(url("portal-deputy-draft-edit", s))
    assert answer.status_code == 403 and "只有领衔代表" in answer.content.decode()
    assert two.post(url("portal-deputy-submit", s), {"submit-version": s.version}).status_code == 403


def test_a_cosigner_sees_a_returned_suggestion_read_only_with_its_status(baiyun, two_deputies):
    people, _, cosigner = two_deputies
    s = online.save_draft(baiyun, people[0], title="关于退回后附议可见的建议", content="内容。", cosigners=[people[1]],
                          by=None)
    detail = reverse("portal-deputy-suggestion", args=[s.pk])
    assert cosigner.get(detail).status_code == 404  # a draft is the proposer's alone
    s = online.submit(s, by=None)
    online.confirm_cosign(s, people[1], by=None)
    s.refresh_from_db()
    online.return_to_deputy(s, reason="请补充具体地点", by=office_user(baiyun))
    page = cosigner.get(detail)
    text = page.content.decode()
    assert page.status_code == 200 and "已退回" in text and "请补充具体地点" in text
    assert "再次确认附议" in text
    for step in ("portal-deputy-submit", "portal-deputy-draft-edit", "portal-deputy-confirm", "portal-deputy-decline"):
        assert reverse(step, args=[s.pk]) not in text, step  # read-only
    assert cosigner.get(reverse("portal-deputy-draft-edit", args=[s.pk])).status_code == 403
    listing = cosigner.get(reverse("portal-deputy-suggestions"), {"group": "checking"}).content.decode()
    assert f'href="{detail}"' in listing
    # The proposer changes it and keeps the co-signer: still visible; submitted again, asked to confirm again.
    s.refresh_from_db()
    s = online.save_draft(baiyun, people[0], title="关于退回后附议可见的建议（修改）", content="补充了地点。",
                          cosigners=[people[1]], by=None, suggestion=s, expected_version=s.version)
    assert cosigner.get(detail).status_code == 200
    s = online.submit(s, by=None)
    assert s.status == S.CONFIRMING
    assert reverse("portal-deputy-confirm", args=[s.pk]) in cosigner.get(detail).content.decode()
    # Dropped from the co-signers while returned: no longer theirs to see.
    online.decline_cosign(s, people[1], by=None)
    assert cosigner.get(detail).status_code == 404


def test_the_author_deletes_a_draft_after_confirming(baiyun, two_deputies):
    people, proposer, cosigner = two_deputies
    s = online.save_draft(baiyun, people[0], title="要删除的草稿", content="x", cosigners=[people[1]], by=None)
    delete_url = reverse("portal-deputy-draft-delete", args=[s.pk])
    detail = proposer.get(reverse("portal-deputy-suggestion", args=[s.pk])).content.decode()
    assert f'href="{delete_url}"' in detail
    ask = proposer.get(delete_url)
    assert ask.status_code == 200 and "确认删除" in ask.content.decode() and "要删除的草稿" in ask.content.decode()
    assert Suggestion.objects.filter(pk=s.pk).exists()  # a GET deletes nothing
    assert cosigner.post(delete_url, {"version": s.version}).status_code in (403, 404)  # not the author's
    done = proposer.post(delete_url, {"version": s.version})
    assert done.status_code == 302 and done["Location"] == reverse("portal-deputy-home")
    assert not Suggestion.objects.filter(pk=s.pk).exists()
    assert "已删除草稿" in proposer.get(done["Location"]).content.decode()


def test_a_submitted_suggestion_cannot_be_deleted(baiyun, two_deputies):
    people, proposer, _ = two_deputies
    s = online.submit(online.save_draft(baiyun, people[0], title="已提交的建议", content="x", by=None), by=None)
    delete_url = reverse("portal-deputy-draft-delete", args=[s.pk])
    answer = proposer.post(delete_url, {"version": s.version})
    assert answer.status_code in (400, 403) and Suggestion.objects.filter(pk=s.pk).exists()
    assert f'href="{delete_url}"' not in proposer.get(reverse("portal-deputy-suggestion", args=[s.pk])).content.decode()


# --- feedback -----------------------------------------------------------------------------------------------


def test_unsatisfied_without_a_comment_is_refused_with_the_field_message(baiyun, people, one):
    s = replied(baiyun, title="反馈测试建议")
    answer = one.post(url("portal-deputy-feedback", s), {"feedback-version": s.version,
                                                         "feedback-result": "unsatisfied", "feedback-comment": ""})
    assert answer.status_code == 400
    assert "意见说明：代表不满意时请填写不满意的理由" in answer.content.decode()
    s.refresh_from_db()
    assert s.status == S.REPLIED and not s.feedbacks.exists()


def test_unsatisfied_starts_rehandling(baiyun, people, one):
    s = replied(baiyun, title="不满意测试建议")
    answer = one.post(url("portal-deputy-feedback", s), {"feedback-version": s.version,
                                                         "feedback-result": "unsatisfied",
                                                         "feedback-comment": "没有具体时间表"})
    assert answer.status_code == 302
    s.refresh_from_db()
    assert s.status == S.REHANDLING and s.round == 2
    feedback = s.feedbacks.get()
    assert (feedback.deputy, feedback.given_on, feedback.created_by.username) == (
        people[0], timezone.localdate(), "pd-one")
    page = one.get(url("portal-deputy-suggestion", s)).content.decode()
    assert "第2轮" in page and "没有具体时间表" in page


def test_satisfied_closes_it_and_only_the_proposer_gives_feedback(baiyun, people, one, two):
    s = replied(baiyun, title="满意测试建议")
    refused = two.post(url("portal-deputy-feedback", s), {"feedback-version": s.version, "feedback-result": "satisfied"})
    assert refused.status_code == 403 and "只有领衔代表" in refused.content.decode()
    assert 'action="' + url("portal-deputy-feedback", s) not in two.get(url("portal-deputy-suggestion", s)).content.decode()
    one.post(url("portal-deputy-feedback", s), {"feedback-version": s.version, "feedback-result": "satisfied"})
    s.refresh_from_db()
    assert s.status == S.CLOSED and s.feedback == "satisfied"


def test_a_stale_page_is_refused_and_nothing_changes(baiyun, people, one):
    s = replied(baiyun, title="过期页面测试建议")
    shown_version = s.version
    lifecycle.add_contact(s, units_for(baiyun)[0], stage="after", way="phone", contacted_on=date(2023, 4, 21),
                          by=office_user(baiyun))
    answer = one.post(url("portal-deputy-feedback", s), {"feedback-version": shown_version,
                                                         "feedback-result": "satisfied"})
    assert answer.status_code == 400 and "已被他人更新" in answer.content.decode()
    s.refresh_from_db()
    assert s.status == S.REPLIED and not s.feedbacks.exists()
    draft = online.save_draft(baiyun, people[0], title="过期草稿", content="x", by=None)
    old = draft.version
    online.save_draft(baiyun, people[0], title="过期草稿（他处修改）", content="x", by=None, suggestion=draft)
    answer = one.post(url("portal-deputy-submit", draft), {"submit-version": old})
    assert answer.status_code == 400 and "已被他人更新" in answer.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_a_get_on_a_step_goes_back_to_the_page(baiyun, people, one):
    s = replied(baiyun, title="GET 测试建议")
    answer = one.get(url("portal-deputy-feedback", s))
    assert answer.status_code == 302 and answer["Location"] == url("portal-deputy-suggestion", s)


# --- receptions ----------------------------------------------------------------------------------------------


def test_the_deputy_records_a_reception_of_their_own(baiyun, people, one):
    station = people[0].station
    form = one.get(url("portal-deputy-reception-new")).content.decode()
    assert f'<option value="{station.pk}" selected>' in form
    today = timezone.localdate()
    answer = one.post(url("portal-deputy-reception-new"), {
        "station": station.pk, "held_on": today.isoformat(), "voters": 6, "issues": "路灯不亮\n\n停车难",
        "note": "", "others": [people[2].pk],
    })
    assert answer.status_code == 302
    reception = Reception.objects.get(station=station, held_on=today, created_by__username="pd-one")
    assert set(reception.deputies.all()) == {people[0], people[2]}
    assert reception.issues == "路灯不亮\n停车难"
    page = one.get(url("portal-deputy-receptions")).content.decode()
    assert f'id="reception-{reception.pk}"' in page and "本人登记" in page
    assert '<strong id="reception-count">1</strong> / 4' in page


def test_a_reception_in_the_future_is_refused(baiyun, people, one):
    tomorrow = timezone.localdate() + timedelta(days=1)
    answer = one.post(url("portal-deputy-reception-new"), {
        "station": people[0].station.pk, "held_on": tomorrow.isoformat(), "voters": 1, "issues": "", "note": "",
    })
    assert answer.status_code == 400 and "接待日期：接待日期不能晚于今天" in answer.content.decode()
    assert not Reception.objects.filter(held_on=tomorrow).exists()


@pytest.fixture
def reception_deputy(people, one):
    """测试代表1, who has a station, and their client."""
    return people[0], one


def _reception(client, deputy, held_on, **extra):
    return client.post(reverse("portal-deputy-reception-new"), {
        "station": deputy.station_id, "held_on": held_on.isoformat(), "voters": 3, "issues": "停车难", "note": "",
        **extra})


def test_the_same_reception_from_two_tabs_is_counted_once(reception_deputy):
    deputy, client = reception_deputy
    today = timezone.localdate()
    assert _reception(client, deputy, today).status_code == 302
    again = _reception(client, deputy, today)
    text = again.content.decode()
    assert again.status_code == 400 and "不能重复登记" in text and deputy.station.name in text
    assert Reception.objects.filter(deputies=deputy, held_on=today).count() == 1
    # Another day, or another station, is another reception.
    assert _reception(client, deputy, today - timedelta(days=1)).status_code == 302


def test_a_reception_too_old_or_in_the_future_is_refused_naming_the_date(reception_deputy):
    deputy, client = reception_deputy
    for day in (date(2020, 5, 1), timezone.localdate() - timedelta(days=400),
                timezone.localdate() + timedelta(days=1)):
        answer = _reception(client, deputy, day)
        text = answer.content.decode()
        assert answer.status_code == 400 and "接待日期：" in text, day
        assert not Reception.objects.filter(deputies=deputy, held_on=day).exists()
    text = _reception(client, deputy, date(2020, 5, 1)).content.decode()
    assert "本届任期内、一年以内" in text and earliest_own_reception(deputy.body).strftime("%Y-%m-%d") in text


def test_receptions_the_office_entered_are_shown_without_any_edit(baiyun, people, one):
    reception = Reception.objects.create(station=people[0].station, held_on=timezone.localdate(), voters=3,
                                         created_by=office_user(baiyun))
    reception.deputies.set([people[0]])
    page = one.get(url("portal-deputy-receptions")).content.decode()
    assert f'id="reception-{reception.pk}"' in page and "办公室登记" in page
    assert reverse("reception-edit", args=[reception.pk]) not in page
    # The staff edit page stays closed to the deputy (confined to the portal).
    assert one.get(reverse("reception-edit", args=[reception.pk])).status_code == 403


# --- who may come in ------------------------------------------------------------------------------------------


def test_staff_and_units_get_a_clear_403(baiyun, people):
    for client in (client_for("office"), client_for("director")):
        for name in ("portal-deputy-home", "portal-deputy-suggestions", "portal-deputy-draft-new",
                     "portal-deputy-receptions", "portal-deputy-reception-new"):
            answer = client.get(url(name))
            assert answer.status_code == 403, name
            assert NOT_A_DEPUTY in answer.content.decode()
    user = get_user_model().objects.create_user("pd-unit", password="x")
    user.groups.add(ensure_roles()[UNIT_CONTACT])
    BodyMembership.objects.create(user=user, body=baiyun)
    UnitContact.objects.create(unit=units_for(baiyun)[0], user=user, name="经办人")
    unit = Client()
    unit.force_login(user)
    assert unit.get(url("portal-deputy-home")).status_code == 403
    assert Client().get(url("portal-deputy-home")).status_code == 302  # log in first


def test_a_deputy_account_without_a_roster_link_gets_a_403(baiyun):
    user = get_user_model().objects.create_user("pd-unlinked", password="x")
    user.groups.add(ensure_roles()[DEPUTY])
    BodyMembership.objects.create(user=user, body=baiyun)
    client = Client()
    client.force_login(user)
    assert client.get(url("portal-deputy-home")).status_code == 403


# --- query counts -----------------------------------------------------------------------------------------------


def _many(body, people, n):
    for i in range(n):
        s = assigned(body, title=f"数量测试建议{i}", number=900 + i)
        if i % 2:
            lifecycle.sign_for(s, units_for(body)[0], signed_on=date(2023, 2, 3), by=office_user(body))
    for i in range(n // 3):
        online.save_draft(body, people[0], title=f"数量测试草稿{i}", cosigners=[people[1]], by=None)


@pytest.mark.parametrize("rows", [2, 12])
def test_list_and_home_queries_do_not_grow_with_rows(baiyun, people, one, django_assert_max_num_queries, rows):
    _many(baiyun, people, rows)
    for i in range(rows):
        reception = Reception.objects.create(station=people[0].station, held_on=date(2023, 3, 1 + i), voters=i)
        reception.deputies.set([people[0], people[2]])
    with django_assert_max_num_queries(11):
        answer = one.get(url("portal-deputy-suggestions"))
    text = answer.content.decode()
    assert text.count('class="portal-card pd-sg') >= rows
    assert "逾期" in text and "答复期限" in text and "主办" in text
    with django_assert_max_num_queries(11):
        one.get(url("portal-deputy-suggestions", group="progress"))
    with django_assert_max_num_queries(10):
        one.get(url("portal-deputy-home"))
    detail = url("portal-deputy-suggestion", Suggestion.objects.get(title="数量测试建议1"))
    with django_assert_max_num_queries(14):  # + 1: the suggestion's thread (连续多年提出), if any
        one.get(detail)
    with django_assert_max_num_queries(11):
        answer = one.get(url("portal-deputy-receptions"))
    assert answer.content.decode().count('class="portal-card pd-reception"') == rows
