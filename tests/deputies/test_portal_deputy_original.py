"""A deputy removes a wrong original (原件) from their own draft (issue 21, point 5): 删除原件 on the draft form asks
first, the file is gone from the draft and from storage, and the suggestion's timeline names who removed which
file; only the proposer, only while the suggestion is still theirs to change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from deputies.models import Suggestion, SuggestionEvent
from deputies.suggestions import online
from tests.conftest import client_for
from tests.deputies.test_portal_deputy import one, people, two  # noqa: F401 - fixtures

PDF = b"%PDF-1.4 original"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _draft(body, deputies, content="建议在某某社区增设公交线路。"):
    return online.save_draft(body, deputies[0], title="关于增设社区公交线路的建议", content=content,
                             cosigners=[deputies[1]], document=SimpleUploadedFile("错的原件.pdf", PDF), by=None)


def _remove(client, s, version=None):
    return client.post(reverse("portal-deputy-original-remove", args=[s.pk]),
                       {"version": s.version if version is None else version}, follow=True)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_proposer_removes_the_original_of_a_draft_after_confirming(baiyun, people, one, media):  # noqa: F811
    s = _draft(baiyun, people)
    path = media / s.document.name
    assert path.exists()
    remove = reverse("portal-deputy-original-remove", args=[s.pk])
    page = one.get(reverse("portal-deputy-draft-edit", args=[s.pk])).content.decode()
    assert f'action="{remove}" class="pd-original-remove" data-confirm="确定删除已上传的原件吗？' in page
    assert "删除原件" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _remove(one, s)
    assert "建议原件：删除文件“错的原件.pdf”" in _messages(response)
    s.refresh_from_db()
    assert not s.document and not path.exists() and s.status == "draft"
    event = s.events.filter(kind=SuggestionEvent.Kind.EDITED).latest("at", "pk")
    assert event.by.username == "pd-one" and event.text == "建议原件：删除文件“错的原件.pdf”"
    page = one.get(reverse("portal-deputy-draft-edit", args=[s.pk])).content.decode()
    assert remove not in page  # nothing left to remove


def test_a_stale_page_or_an_original_that_is_the_whole_suggestion_removes_nothing(baiyun, people, one, media):  # noqa: F811
    s = _draft(baiyun, people)
    assert "原件未删除：" in _messages(_remove(one, s, version=s.version - 1 if s.version > 1 else 999))
    whole = _draft(baiyun, people, content="")
    answer = _remove(one, whole)
    assert "原件未删除：该建议没有建议内容，删除原件后建议将为空" in _messages(answer)
    for suggestion in (s, whole):
        suggestion.refresh_from_db()
        assert suggestion.document


def test_others_and_a_submitted_suggestion_may_not_remove_it(baiyun, people, one, two, media):  # noqa: F811
    s = _draft(baiyun, people)
    assert two.post(reverse("portal-deputy-original-remove", args=[s.pk]),
                    {"version": s.version}).status_code in (403, 404)  # the co-signer
    assert client_for("office").post(reverse("portal-deputy-original-remove", args=[s.pk]),
                                     {"version": s.version}).status_code == 403
    submitted = online.submit(_draft(baiyun, people), by=None)
    submitted = Suggestion.objects.get(pk=submitted.pk)
    answer = one.post(reverse("portal-deputy-original-remove", args=[submitted.pk]), {"version": submitted.version})
    assert answer.status_code == 403 and "只有草稿的原件可以删除" in answer.content.decode()
    assert one.get(reverse("portal-deputy-original-remove", args=[s.pk])).status_code == 405
    for suggestion in (s, submitted):
        suggestion.refresh_from_db()
        assert suggestion.document
