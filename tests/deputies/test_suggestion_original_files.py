"""A suggestion's original (原件) uploaded by mistake: the office removes it (after confirming) or replaces it from
the suggestion's page, on the suggestion's timeline with the file names; the stored file is deleted after commit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from deputies.models import SuggestionEvent
from tests.conftest import client_for
from tests.isolation_suggestions import units_for
from tests.portal_unit_builders import assigned_to

PDF = b"%PDF-1.4 suggestion"
EXE = b"MZ\x90\x00" + b"\0" * 1024


@pytest.fixture
def s(baiyun, settings, tmp_path):
    """An assigned suggestion whose original is the wrong file."""
    settings.MEDIA_ROOT = str(tmp_path)
    s = assigned_to(baiyun, units_for(baiyun, 1)[0], [])
    s.document = SimpleUploadedFile("错的原件.pdf", PDF)
    s.save(update_fields=["document"])
    return s


def _change(client, s, **data):
    return client.post(reverse("suggestion-original-document", args=[s.pk]), data, follow=True)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_office_replaces_a_wrong_original_on_the_timeline(s, tmp_path):
    office = client_for("office")
    old_path = tmp_path / s.document.name
    version = s.version
    page = office.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert reverse("suggestion-original-document", args=[s.pk]) in page and "替换建议原件" in page
    refused = _change(office, s, action="replace", document=SimpleUploadedFile("原件.pdf", EXE))
    assert "建议原件未处理：新的建议原件：“原件.pdf”不能上传：文件内容不是 PDF 文件" in _messages(refused)
    refused = _change(office, s, action="replace")
    assert "建议原件未处理：新的建议原件：请选择新的建议原件文件。" in _messages(refused)
    s.refresh_from_db()
    assert s.document.name.endswith("错的原件.pdf") and old_path.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _change(office, s, action="replace", document=SimpleUploadedFile("原件盖章版.pdf", PDF + b" ok"))
    assert "建议原件：替换文件“错的原件.pdf”为“原件盖章版.pdf”。" in _messages(response)
    s.refresh_from_db()
    assert s.document.name.endswith("原件盖章版.pdf") and not old_path.exists() and s.version == version + 1
    event = s.events.filter(kind=SuggestionEvent.Kind.EDITED).latest("at", "pk")
    assert event.by.username == "office" and event.text == "建议原件：替换文件“错的原件.pdf”为“原件盖章版.pdf”"
    assert event.text in response.content.decode()  # on the page's timeline


def test_the_office_removes_a_wrong_original_after_confirming(s, tmp_path):
    office = client_for("office")
    path = tmp_path / s.document.name
    page = office.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert f'action="{reverse("suggestion-original-document", args=[s.pk])}" class="inline" ' \
           'data-confirm="确定删除建议原件吗？' in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _change(office, s, action="remove")
    assert "建议原件：删除文件“错的原件.pdf”。" in _messages(response)
    s.refresh_from_db()
    assert not s.document and not path.exists()
    event = s.events.filter(kind=SuggestionEvent.Kind.EDITED).latest("at", "pk")
    assert event.by.username == "office" and event.text == "建议原件：删除文件“错的原件.pdf”"


def test_an_original_that_is_the_whole_suggestion_is_replaced_not_removed(s):
    s.content = ""
    s.save(update_fields=["content"])
    office = client_for("office")
    page = office.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert "删除建议原件" not in page and "替换建议原件" in page
    response = _change(office, s, action="remove")
    assert "该建议没有建议内容，删除原件后建议将为空；请改为替换建议原件。" in _messages(response)
    s.refresh_from_db()
    assert s.document


def test_others_may_not_change_the_original(s):
    for username in ("director", "lead-caijing"):
        client = client_for(username)
        answer = client.post(reverse("suggestion-original-document", args=[s.pk]), {"action": "remove"})
        assert answer.status_code in (403, 404), username
        page = client.get(reverse("suggestion-detail", args=[s.pk]))
        assert reverse("suggestion-original-document", args=[s.pk]) not in page.content.decode()
    director = client_for("director").post(reverse("suggestion-original-document", args=[s.pk]), {"action": "remove"})
    assert director.status_code == 403 and "主任会议成员可以查看代表建议，但不能修改" in director.content.decode()
    s.refresh_from_db()
    assert s.document
