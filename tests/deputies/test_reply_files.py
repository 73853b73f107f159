"""A unit's reply letter (答复函): only office documents, on the portal, the office's page and the API; served back
safely; a wrong letter removed or replaced by the contact who uploaded it (before feedback) or by the office,
on the suggestion's timeline."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from deputies.models import Reply, SuggestionEvent
from deputies.suggestions import lifecycle
from tests.conftest import client_for
from tests.isolation_suggestions import units_for
from tests.portal_unit_builders import assigned_to, client_of, unit_user

PDF = b"%PDF-1.4 reply letter"
EXE = b"MZ\x90\x00" + b"\0" * 1024
ACCEPTED = "只接受 PDF、OFD、Word、WPS、Excel、图片或这些文件的 ZIP 压缩包"


@pytest.fixture
def units(baiyun, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return units_for(baiyun, 2)


@pytest.fixture
def lead(baiyun, units):
    return unit_user(baiyun, units[0], "unit-lead")


@pytest.fixture
def s(baiyun, units, lead):
    """Assigned today to units[0], which has signed for it."""
    s = assigned_to(baiyun, units[0], units[1:2])
    lifecycle.sign_for(s, units[0], signed_on=timezone.localdate(), by=lead)
    s.refresh_from_db()
    return s


def _reply(client, s, name, data, text="已列入明年计划。"):
    s.refresh_from_db(fields=["version"])
    return client.post(reverse("portal-unit-reply", args=[s.pk]), {
        "reply-version": s.version, "reply-reply_class": "B", "reply-replied_on": timezone.localdate().isoformat(),
        "reply-text": text, "reply-document": SimpleUploadedFile(name, data)})


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_portal_refuses_a_program_as_a_reply_letter_and_records_no_reply(s, lead):
    answer = _reply(client_of(lead), s, "答复函.exe", EXE)
    assert answer.status_code == 400
    assert f"“答复函.exe”不能上传：{ACCEPTED}" in answer.content.decode()
    answer = _reply(client_of(lead), s, "答复函.pdf", EXE)
    assert answer.status_code == 400 and "“答复函.pdf”不能上传：文件内容不是 PDF 文件" in answer.content.decode()
    assert not Reply.objects.filter(suggestion=s).exists()


def test_the_office_page_refuses_a_program_as_a_reply_letter(s):
    s.refresh_from_db(fields=["version"])
    answer = client_for("office").post(reverse("suggestion-reply", args=[s.pk]), {
        "reply-version": s.version, "reply-replied_on": timezone.localdate().isoformat(), "reply-reply_class": "A",
        "reply-text": "", "reply-document": SimpleUploadedFile("dafu.exe", EXE)})
    assert answer.status_code == 400 and f"“dafu.exe”不能上传：{ACCEPTED}" in answer.content.decode()
    assert not Reply.objects.filter(suggestion=s).exists()


def test_the_api_refuses_a_program_as_a_reply_letter(s, lead):
    api = APIClient()
    api.force_authenticate(lead)
    s.refresh_from_db(fields=["version"])
    answer = api.post(reverse("api:suggestion-reply", args=[s.pk]), {
        "replied_on": timezone.localdate().isoformat(), "reply_class": "B", "text": "已列入计划", "version": s.version,
        "document": SimpleUploadedFile("答复函.zip", _zip_with_a_program())}, format="multipart")
    assert answer.status_code == 400
    assert answer.json()["document"] == [f"“答复函.zip”不能上传：压缩包中的“setup.exe”不是允许的文件类型。{ACCEPTED}。"]
    assert not Reply.objects.filter(suggestion=s).exists()


def _zip_with_a_program() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("答复函.pdf", PDF)
        archive.writestr("setup.exe", EXE)
    return buffer.getvalue()


def test_a_letter_is_served_as_a_pdf_attachment(s, lead):
    _reply(client_of(lead), s, "答复函.pdf", PDF)
    reply = Reply.objects.get(suggestion=s)
    download = client_for("office").get(reverse("suggestion-document", args=[s.pk]), {"reply": reply.pk})
    assert download["Content-Type"] == "application/pdf" and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF


def _change(client, route, s, reply, **data):
    payload = {"reply": reply.pk, **data}
    return client.post(reverse(route, args=[s.pk]), payload, follow=True)


def test_the_contact_who_uploaded_it_replaces_a_wrong_letter_on_the_timeline(s, lead, tmp_path):
    client = client_of(lead)
    _reply(client, s, "错的答复函.pdf", PDF)
    reply = Reply.objects.get(suggestion=s)
    old_path = tmp_path / reply.document.name
    page = client.get(reverse("portal-unit-suggestion", args=[s.pk])).content.decode()
    assert reverse("portal-unit-reply-document", args=[s.pk]) in page and "替换答复函" in page
    refused = _change(client, "portal-unit-reply-document", s, reply, action="replace",
                      document=SimpleUploadedFile("答复函.pdf", EXE))
    assert "第1轮答复函未处理：新的答复函：“答复函.pdf”不能上传" in _messages(refused)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _change(client, "portal-unit-reply-document", s, reply, action="replace",
                           document=SimpleUploadedFile("答复函盖章版.pdf", PDF + b" stamped"))
    assert "第1轮答复函“错的答复函.pdf”已替换为“答复函盖章版.pdf”" in _messages(response)
    reply.refresh_from_db()
    assert reply.document.name.endswith("答复函盖章版.pdf") and not old_path.exists()
    assert reply.reply_class == "B" and reply.text == "已列入明年计划。"  # the reply itself is unchanged
    event = s.events.filter(kind=SuggestionEvent.Kind.EDITED).latest("at", "pk")
    assert event.by == lead and event.on_behalf_of == reply.unit.name
    assert event.text == "第1轮答复函“错的答复函.pdf”已替换为“答复函盖章版.pdf”"
    assert event.text in response.content.decode()  # on the portal's timeline


def test_the_office_removes_a_wrong_letter_after_confirming(s, lead, tmp_path):
    _reply(client_of(lead), s, "setup.pdf", PDF)
    reply = Reply.objects.get(suggestion=s)
    path = tmp_path / reply.document.name
    office = client_for("office")
    page = office.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert f'action="{reverse("suggestion-reply-document", args=[s.pk])}" class="inline" ' \
           'data-confirm="确定删除第1轮答复函吗？' in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _change(office, "suggestion-reply-document", s, reply, action="remove")
    assert "第1轮答复函“setup.pdf”已删除" in _messages(response)
    reply.refresh_from_db()
    assert not reply.document and not path.exists()
    event = s.events.filter(kind=SuggestionEvent.Kind.EDITED).latest("at", "pk")
    assert event.by.username == "office" and event.text == "第1轮答复函“setup.pdf”已删除"


def test_a_letter_that_is_the_whole_reply_is_replaced_not_removed(s, lead):
    _reply(client_of(lead), s, "答复函.pdf", PDF, text="")
    reply = Reply.objects.get(suggestion=s)
    response = _change(client_for("office"), "suggestion-reply-document", s, reply, action="remove")
    assert "该答复没有答复内容，删除答复函后答复将为空；请改为替换第1轮答复函" in _messages(response)
    reply.refresh_from_db()
    assert reply.document


def test_others_may_not_change_the_letter(baiyun, s, lead, units):
    _reply(client_of(lead), s, "答复函.pdf", PDF)
    reply = Reply.objects.get(suggestion=s)
    colleague = unit_user(baiyun, units[0], "unit-lead-2")
    answer = client_of(colleague).post(reverse("portal-unit-reply-document", args=[s.pk]),
                                       {"reply": reply.pk, "action": "remove"})
    assert answer.status_code == 403 and "只有上传该答复函的联系人或常委会办公室可以删除或替换它" in answer.content.decode()
    assert client_for("director").post(reverse("suggestion-reply-document", args=[s.pk]),
                                       {"reply": reply.pk, "action": "remove"}).status_code == 403
    co = unit_user(baiyun, units[1], "unit-co")
    assert client_of(co).post(reverse("portal-unit-reply-document", args=[s.pk]),
                              {"reply": reply.pk, "action": "remove"}).status_code == 403
    reply.refresh_from_db()
    assert reply.document


def test_after_the_deputys_feedback_only_the_office_may_change_it(s, lead):
    _reply(client_of(lead), s, "答复函.pdf", PDF)
    reply = Reply.objects.get(suggestion=s)
    s.refresh_from_db()
    lifecycle.give_feedback(s, result="satisfied", given_on=timezone.localdate(), by=None)
    answer = client_of(lead).post(reverse("portal-unit-reply-document", args=[s.pk]),
                                  {"reply": reply.pk, "action": "replace",
                                   "document": SimpleUploadedFile("new.pdf", PDF)})
    assert answer.status_code == 403 and "代表已对该答复提出反馈意见" in answer.content.decode()
    page = client_of(lead).get(reverse("portal-unit-suggestion", args=[s.pk])).content.decode()
    assert reverse("portal-unit-reply-document", args=[s.pk]) not in page


# --- through the API (issue 21, point 5): PUT replaces, DELETE removes, the same rules and timeline -------------


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _letter_url(s, reply):
    return reverse("api:suggestion-reply-document", args=[s.pk, reply.pk])


def test_the_api_removes_a_wrong_letter_for_the_contact_who_uploaded_it(s, lead, tmp_path):
    _reply(client_of(lead), s, "错的答复函.pdf", PDF)
    reply = Reply.objects.get(suggestion=s)
    path = tmp_path / reply.document.name
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = _api(lead).delete(_letter_url(s, reply))
    assert answer.status_code == 200, answer.content
    reply.refresh_from_db()
    assert not reply.document and not path.exists()
    assert reply.reply_class == "B" and reply.text == "已列入明年计划。"
    event = s.events.filter(kind=SuggestionEvent.Kind.EDITED).latest("at", "pk")
    assert event.by == lead and event.on_behalf_of == reply.unit.name
    assert event.text == "第1轮答复函“错的答复函.pdf”已删除"
    again = _api(lead).delete(_letter_url(s, reply))
    assert again.status_code == 400 and again.json()["document"] == ["第1轮答复函已不存在。"]


def test_the_api_replaces_a_wrong_letter_for_the_office(s, lead, tmp_path):
    from django.contrib.auth import get_user_model

    _reply(client_of(lead), s, "错的答复函.pdf", PDF)
    reply = Reply.objects.get(suggestion=s)
    old_path = tmp_path / reply.document.name
    office = _api(get_user_model().objects.get(username="office"))
    refused = office.put(_letter_url(s, reply), {"document": SimpleUploadedFile("答复函.exe", EXE)},
                         format="multipart")
    assert refused.status_code == 400 and refused.json()["document"] == [f"“答复函.exe”不能上传：{ACCEPTED}。"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = office.put(_letter_url(s, reply), {"document": SimpleUploadedFile("盖章版.pdf", PDF + b" v2")},
                            format="multipart")
    assert answer.status_code == 200, answer.content
    reply.refresh_from_db()
    assert reply.document.name.endswith("盖章版.pdf") and not old_path.exists()
    event = s.events.filter(kind=SuggestionEvent.Kind.EDITED).latest("at", "pk")
    assert event.by.username == "office" and event.text == "第1轮答复函“错的答复函.pdf”已替换为“盖章版.pdf”"


def test_the_api_refuses_others_the_letter(baiyun, s, lead, units):
    from django.contrib.auth import get_user_model

    _reply(client_of(lead), s, "答复函.pdf", PDF)
    reply = Reply.objects.get(suggestion=s)
    colleague = unit_user(baiyun, units[0], "unit-lead-2")
    answer = _api(colleague).delete(_letter_url(s, reply))
    assert answer.status_code == 403 and "只有上传该答复函的联系人或常委会办公室可以删除或替换它" in answer.json()["detail"]
    assert _api(get_user_model().objects.get(username="director")).delete(_letter_url(s, reply)).status_code == 403
    co = unit_user(baiyun, units[1], "unit-co")
    assert _api(co).delete(_letter_url(s, reply)).status_code in (403, 404)
    assert _api(lead).delete(reverse("api:suggestion-reply-document", args=[s.pk, 10**12])).status_code == 404
    reply.refresh_from_db()
    assert reply.document
    s.refresh_from_db()
    lifecycle.give_feedback(s, result="satisfied", given_on=timezone.localdate(), by=None)
    late = _api(lead).delete(_letter_url(s, reply))
    assert late.status_code == 403 and "代表已对该答复提出反馈意见" in late.json()["detail"]
    reply.refresh_from_db()
    assert reply.document
