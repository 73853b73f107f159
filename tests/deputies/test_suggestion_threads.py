"""Threads of repeated suggestions (连续多年提出), their 专项跟踪督办, and the 相似建议 panel and JSON: who sees and
changes what (deputies.permissions), on the demo's thread across 2021–2023."""

import pytest
from django.urls import reverse

from deputies.models import Suggestion, SuggestionThread, ThreadMember, ThreadProgressNote
from tests.conftest import client_for


@pytest.fixture
def thread(baiyun):
    return SuggestionThread.objects.get(body=baiyun, is_example=True)


def members(thread):
    return list(Suggestion.objects.filter(thread_member__thread=thread).order_by("year"))


def test_demo_thread_spans_three_years_under_supervision(thread):
    assert [s.year for s in members(thread)] == [2021, 2022, 2023]
    assert thread.supervision.committee.short_name == "社会建设工委"
    assert ThreadProgressNote.objects.filter(thread=thread).exists()


def test_office_sees_the_years_side_by_side_with_notes_and_history(office_client, thread):
    page = office_client.get(reverse("thread-detail", args=[thread.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    for s in members(thread):
        assert s.title in text and s.number_label in text
    assert "督办进展" in text and ThreadProgressNote.objects.filter(thread=thread).first().text in text
    assert thread.note in text


def test_thread_list_and_suggestion_page_link_the_thread(office_client, thread):
    listing = office_client.get(reverse("thread-list")).content.decode()
    assert thread.title in listing
    s2023 = members(thread)[-1]
    detail = office_client.get(reverse("suggestion-detail", args=[s2023.pk])).content.decode()
    assert 'id="suggestion-thread"' in detail and reverse("thread-detail", args=[thread.pk]) in detail
    assert 'id="similar-suggestions"' in detail


def test_office_creates_a_thread_from_the_similar_list(office_client, baiyun):
    s = Suggestion.objects.filter(body=baiyun, year=2023, title__contains="学位", thread_member__isnull=True,
                                  status="closed").order_by("number").first()
    detail = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert f"{reverse('thread-create')}?from={s.pk}" in detail
    form = office_client.get(reverse("thread-create"), {"from": s.pk})
    earlier = [c for c in form.context["form"].fields["suggestions"].choices if str(c[0]) != str(s.pk)]
    assert earlier, "the similar earlier suggestions are offered"
    answer = office_client.post(reverse("thread-create"), {"from": s.pk, "title": "学位线索",
                                                            "suggestions": [s.pk, earlier[0][0]]})
    assert answer.status_code == 302
    thread = SuggestionThread.objects.get(title="学位线索")
    assert ThreadMember.objects.filter(thread=thread).count() == 2
    page = office_client.get(reverse("thread-detail", args=[thread.pk])).content.decode()
    assert "修改记录" in page


def test_a_suggestion_in_another_thread_is_refused_with_a_message(office_client, baiyun, thread):
    taken = members(thread)[0]
    other = Suggestion.objects.filter(body=baiyun, year=2023, thread_member__isnull=True).exclude(
        status="draft").first()
    answer = office_client.post(reverse("thread-create"), {"title": "重复", "suggestions": [other.pk, taken.pk]})
    assert answer.status_code == 400
    assert "已在线索" in answer.content.decode()
    assert not SuggestionThread.objects.filter(title="重复").exists()


def test_supervision_and_notes_permissions(thread, baiyun):
    url = reverse("thread-note", args=[thread.pk])
    data = {"note-on": "2023-07-01", "note-text": "听取区民政局汇报"}
    assert client_for("lead-caijing").post(url, data).status_code in (403, 404)
    assert client_for("director").post(url, data).status_code == 403
    answer = client_for("lead-shehui").post(url, data)
    assert answer.status_code == 302
    assert ThreadProgressNote.objects.filter(thread=thread, text="听取区民政局汇报").exists()
    supervise = reverse("thread-supervise", args=[thread.pk])
    assert client_for("lead-shehui").post(supervise, {}).status_code == 403
    assert client_for("director").get(reverse("thread-detail", args=[thread.pk])).status_code == 200


def _party_user(username, group, body):
    from django.contrib.auth import get_user_model

    from core.models import BodyMembership
    from core.roles import ensure_roles

    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(ensure_roles()[group])
    BodyMembership.objects.create(user=user, body=body)
    return user


def test_unit_sees_the_thread_of_its_suggestion_without_internal_notes(thread):
    from core.models import UnitContact
    from core.roles import UNIT_CONTACT
    from deputies.models import Assignment

    s2023 = members(thread)[-1]
    lead = Assignment.objects.get(suggestion=s2023, role="lead", active=True).unit
    user = _party_user("unit-thread", UNIT_CONTACT, s2023.body)
    UnitContact.objects.create(unit=lead, user=user, name="经办", level=UnitContact.Level.HANDLER)
    page = client_for("unit-thread").get(reverse("portal-unit-suggestion", args=[s2023.pk])).content.decode()
    assert 'id="suggestion-thread"' in page
    assert ThreadProgressNote.objects.filter(thread=thread).first().text not in page and thread.note not in page
    for s in members(thread):
        assert s.title in page


def test_deputy_sees_threads_of_their_own_suggestions_only(thread):
    from core.roles import DEPUTY
    from deputies.models import Signature

    s2022 = members(thread)[1]
    proposer = Signature.objects.get(suggestion=s2022, role="proposer").deputy
    proposer.user = _party_user("deputy-thread", DEPUTY, s2022.body)
    proposer.save(update_fields=["user"])
    page = client_for("deputy-thread").get(reverse("portal-deputy-suggestion", args=[s2022.pk])).content.decode()
    assert 'id="suggestion-thread"' in page and members(thread)[-1].title in page
    assert ThreadProgressNote.objects.filter(thread=thread).first().text not in page and thread.note not in page
    # The API confines deputies' and units' accounts to their own routes (core/api): threads are not among them.
    assert client_for("deputy-thread").get("/api/v1/suggestion-threads/").status_code == 403
    # deputy-demo raised none of the thread's suggestions: the thread is not on its portal's suggestion pages
    from deputies.models import Deputy

    theirs = Signature.objects.filter(deputy=Deputy.objects.get(user__username="deputy-demo"), role="proposer")
    assert not ThreadMember.objects.filter(suggestion__in=theirs.values("suggestion_id")).exists()


def test_api_creates_a_thread_and_refuses_the_other_bodys_suggestion(baiyun, second_body):
    from tests.isolation_suggestions import assigned

    ours = list(Suggestion.objects.filter(body=baiyun, year=2022, thread_member__isnull=True).order_by("pk")[:2])
    foreign = assigned(second_body, title="他区建议")
    api = client_for("office")
    bad = api.post("/api/v1/suggestion-threads/", {"title": "跨区", "suggestions": [ours[0].pk, foreign.pk]},
                   content_type="application/json")
    assert bad.status_code == 400 and "不属于本常委会" in str(bad.json())
    good = api.post("/api/v1/suggestion-threads/", {"title": "API线索", "suggestions": [s.pk for s in ours]},
                    content_type="application/json")
    assert good.status_code == 201, good.content
    assert {r["id"] for r in good.json()["suggestions"]} == {s.pk for s in ours}
