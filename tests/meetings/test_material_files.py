"""A material step's file: only office documents, on the page and through the API; served back safely; a wrong one
replaced or removed by whoever records the step, on the history of the item's plan items."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from meetings.models import AgendaItem, MaterialStep, MeetingKind
from plans.models import ItemEdit
from tests.conftest import client_for

PDF = b"%PDF-1.4 report draft"
EXE = b"MZ\x90\x00" + b"\0" * 1024


@pytest.fixture
def step(baiyun, settings, tmp_path):
    """养老服务 (meeting 14, 社会建设工委): its report draft step, reopened."""
    settings.MEDIA_ROOT = str(tmp_path)
    item = AgendaItem.objects.get(meeting__body=baiyun, meeting__kind=MeetingKind.STANDING, meeting__number=14,
                                  title__contains="开展养老服务工作")
    s = MaterialStep.objects.get(agenda_item=item, step=MaterialStep.Step.REPORT_DRAFT)
    s.done_on, s.done_by, s.note = None, None, ""
    s.save()
    return s


def _record(client, step, name, data, follow=True):
    return client.post(reverse("material-step-record", kwargs={"pk": step.pk}),
                       {"done_on": "2023-07-05", "document": SimpleUploadedFile(name, data)}, follow=follow)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _file_edits(step):
    return ItemEdit.objects.filter(item__in=step.agenda_item.plan_items.all(), changes__has_key="材料文件")


def test_the_page_refuses_a_program_and_records_nothing(step):
    response = _record(client_for("lead-shehui"), step, "报告稿.pdf", EXE)
    assert "“报告稿送工委征求意见”未登记：文件：“报告稿.pdf”不能上传：文件内容不是 PDF 文件" in _messages(response)
    step.refresh_from_db()
    assert step.done_on is None and not step.document


def test_the_api_refuses_a_program_with_the_reason(step):
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username="lead-shehui"))
    response = api.post(reverse("api:material-step-record", kwargs={"pk": step.pk}),
                        {"done_on": "2023-07-05", "document": SimpleUploadedFile("setup.exe", EXE)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["document"] == [
        "“setup.exe”不能上传：只接受 PDF、OFD、Word、WPS、Excel、图片或这些文件的 ZIP 压缩包。"]
    step.refresh_from_db()
    assert step.done_on is None and not step.document
    ok = api.post(reverse("api:material-step-record", kwargs={"pk": step.pk}),
                  {"done_on": "2023-07-05", "document": SimpleUploadedFile("报告稿.pdf", PDF)}, format="multipart")
    assert ok.status_code == 200 and ok.json()["document"]


def test_a_file_is_served_as_a_pdf_and_the_upload_is_on_the_history(step):
    _record(client_for("lead-shehui"), step, "报告稿.pdf", PDF)
    download = client_for("director").get(reverse("material-step-document", kwargs={"pk": step.pk}))
    assert download["Content-Type"] == "application/pdf" and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    edit = _file_edits(step).get()
    assert edit.changes["材料文件"] == ["", "报告稿送工委征求意见：报告稿.pdf"] and edit.note == "上传文件“报告稿.pdf”"


def test_a_wrong_file_is_replaced_and_the_old_one_deleted(step, tmp_path):
    client = client_for("lead-shehui")
    _record(client, step, "错的文件.pdf", PDF)
    step.refresh_from_db()
    old_path = tmp_path / step.document.name
    page = client.get(reverse("meeting-materials", kwargs={"pk": step.agenda_item.meeting_id})).content.decode()
    assert "替换文件" in page and "PDF、OFD、Word、WPS、Excel、图片或其 ZIP 压缩包，不超过 20 MB" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        _record(client, step, "报告稿.pdf", PDF + b" v2")
    step.refresh_from_db()
    assert step.document.name.endswith("报告稿.pdf") and not old_path.exists()
    edit = _file_edits(step).latest("at", "id")
    assert edit.by.username == "lead-shehui" and edit.note == "替换文件“错的文件.pdf”"
    assert edit.changes["材料文件"] == ["报告稿送工委征求意见：错的文件.pdf", "报告稿送工委征求意见：报告稿.pdf"]


def test_the_office_removes_a_wrong_file_after_confirming(step, tmp_path):
    _record(client_for("lead-shehui"), step, "错的文件.pdf", PDF)
    step.refresh_from_db()
    path = tmp_path / step.document.name
    client = client_for("office")
    remove = reverse("material-step-document-remove", kwargs={"pk": step.pk})
    page = client.get(reverse("meeting-materials", kwargs={"pk": step.agenda_item.meeting_id})).content.decode()
    assert f'action="{remove}" class="inline" data-confirm="确定删除“报告稿送工委征求意见”的文件吗？' in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(remove, follow=True)
    assert "已删除“报告稿送工委征求意见”的文件“错的文件.pdf”" in _messages(response)
    step.refresh_from_db()
    assert not step.document and step.done_on is not None and not path.exists()  # the step stays recorded
    edit = _file_edits(step).latest("at", "id")
    assert edit.by.username == "office" and edit.note == "删除文件“错的文件.pdf”"
    assert edit.changes["材料文件"] == ["报告稿送工委征求意见：错的文件.pdf", "已删除"]


@pytest.mark.parametrize("username", ["director", "lead-caijing"])
def test_others_may_not_remove_the_file(step, username):
    _record(client_for("lead-shehui"), step, "报告稿.pdf", PDF)
    remove = reverse("material-step-document-remove", kwargs={"pk": step.pk})
    assert client_for(username).post(remove).status_code == 403
    step.refresh_from_db()
    assert step.document
    page = client_for(username).get(reverse("meeting-materials", kwargs={"pk": step.agenda_item.meeting_id}))
    assert remove not in page.content.decode()


# --- removing through the API (issue 21, point 5) -------------------------------------------------------------


def _api(username):
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


@pytest.mark.parametrize("username", ["lead-shehui", "office"])
def test_the_api_removes_a_wrong_file_on_the_history(step, tmp_path, username):
    _record(client_for("lead-shehui"), step, "错的文件.pdf", PDF)
    step.refresh_from_db()
    path = tmp_path / step.document.name
    assert path.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _api(username).delete(reverse("api:material-step-document", kwargs={"pk": step.pk}))
    assert response.status_code == 200, response.content
    assert response.json()["document"] == "" and response.json()["done_on"]  # the step stays recorded
    step.refresh_from_db()
    assert not step.document and step.done_on is not None and not path.exists()
    edit = _file_edits(step).latest("at", "id")
    assert edit.by.username == username and edit.note == "删除文件“错的文件.pdf”"
    assert edit.changes["材料文件"] == ["报告稿送工委征求意见：错的文件.pdf", "已删除"]
    again = _api(username).delete(reverse("api:material-step-document", kwargs={"pk": step.pk}))
    assert again.status_code == 400 and again.json()["document"] == ["“报告稿送工委征求意见”没有文件可删除。"]


@pytest.mark.parametrize("username", ["director", "lead-caijing"])
def test_the_api_refuses_others_the_removal(step, username):
    _record(client_for("lead-shehui"), step, "报告稿.pdf", PDF)
    edits = _file_edits(step).count()
    response = _api(username).delete(reverse("api:material-step-document", kwargs={"pk": step.pk}))
    assert response.status_code == 403 and response.json()["detail"]
    step.refresh_from_db()
    assert step.document and _file_edits(step).count() == edits
