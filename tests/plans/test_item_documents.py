"""An item's documents: only office documents are taken, served back safely, and a wrong one removed or replaced
by its uploader or the office, on the item's history."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import ItemDocument, ItemEdit, PlanItem
from tests.conftest import client_for

PDF = b"%PDF-1.4 report body"
EXE = b"MZ\x90\x00" + b"\0" * 1024


@pytest.fixture
def caijing_item(baiyun, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return PlanItem.objects.get(body=baiyun, title__contains="2022 年度国有资产管理情况的综合报告")  # 财经工委 leads


def _upload(client, item, name, data, title="国有资产管理调研报告"):
    return client.post(reverse("item-document-upload", kwargs={"pk": item.pk}),
                       {"kind": "research", "title": title, "file": SimpleUploadedFile(name, data)}, follow=True)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_program_is_refused_on_the_item_page_and_nothing_is_stored(caijing_item):
    client = client_for("lead-caijing")
    response = _upload(client, caijing_item, "调研报告.exe", EXE)
    assert "文件未上传：文件：“调研报告.exe”不能上传：只接受 PDF、OFD、Word、WPS、Excel、图片或这些文件的 ZIP 压缩包" in \
        _messages(response)
    response = _upload(client, caijing_item, "调研报告.pdf", EXE)  # renamed: the content gives it away
    assert "“调研报告.pdf”不能上传：文件内容不是 PDF 文件" in _messages(response)
    assert not caijing_item.documents.exists()
    assert not ItemEdit.objects.filter(item=caijing_item, changes__has_key="文件").exists()


def test_an_oversized_file_is_refused_with_the_configured_cap(caijing_item, settings):
    settings.UPLOAD_MAX_MB = 1
    response = _upload(client_for("lead-caijing"), caijing_item, "大报告.pdf", PDF + b"\0" * (1024 * 1024))
    assert "“大报告.pdf”不能上传：文件超过 1 MB" in _messages(response)
    assert not caijing_item.documents.exists()


def test_the_page_says_what_is_taken(caijing_item):
    page = client_for("lead-caijing").get(reverse("item-detail", kwargs={"pk": caijing_item.pk})).content.decode()
    assert "PDF、OFD、Word、WPS、Excel、图片或其 ZIP 压缩包，不超过 20 MB" in page
    assert 'accept=".pdf,.ofd,.doc,.docx,.wps,.xls,.xlsx,.et,.jpg,.jpeg,.png,.zip"' in page


def test_a_document_is_uploaded_and_served_as_a_pdf_attachment(caijing_item):
    _upload(client_for("lead-caijing"), caijing_item, "调研报告.pdf", PDF)
    document = caijing_item.documents.get()
    download = client_for("director").get(reverse("document-download", kwargs={"pk": document.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment") and b"".join(download.streaming_content) == PDF


def test_an_old_upload_of_another_type_is_served_as_a_plain_download(caijing_item):
    """A program stored before the check is no longer served as application/x-msdos-program."""
    from django.core.files.base import ContentFile

    document = ItemDocument.objects.create(item=caijing_item, title="旧文件", file=ContentFile(EXE, name="setup.exe"))
    download = client_for("director").get(reverse("document-download", kwargs={"pk": document.pk}))
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment")
    download.close()


def _stored(item, username="lead-caijing", name="wrong.pdf"):
    _upload(client_for(username), item, name, PDF, title="调研报告")
    return item.documents.get(title="调研报告")


def test_the_uploader_replaces_a_wrong_file_and_the_history_names_both(caijing_item, tmp_path):
    document = _stored(caijing_item)
    old_path = tmp_path / document.file.name
    client = client_for("lead-caijing")
    page = client.get(reverse("item-detail", kwargs={"pk": caijing_item.pk})).content.decode()
    assert reverse("document-replace", kwargs={"pk": document.pk}) in page
    refused = client.post(reverse("document-replace", kwargs={"pk": document.pk}),
                          {"file": SimpleUploadedFile("right.pdf", EXE)}, follow=True)
    assert "“调研报告”未替换：新文件：“right.pdf”不能上传" in _messages(refused)
    document.refresh_from_db()
    assert document.file.name.endswith("wrong.pdf")

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("document-replace", kwargs={"pk": document.pk}),
                               {"file": SimpleUploadedFile("right.pdf", PDF + b" v2")}, follow=True)
    assert "“调研报告”的文件已替换为“right.pdf”" in _messages(response)
    document.refresh_from_db()
    assert document.file.name.endswith("right.pdf") and not old_path.exists()
    edit = ItemEdit.objects.filter(item=caijing_item).latest("at", "id")
    assert edit.by.username == "lead-caijing" and edit.note == "替换文件“wrong.pdf”"
    assert edit.changes["文件"] == ["调研报告：调研报告（wrong.pdf）", "调研报告：调研报告（right.pdf）"]
    page = response.content.decode()
    assert "替换文件“wrong.pdf”" in page  # on the item's 变更记录


def test_the_office_removes_a_wrong_upload_after_confirming_and_it_is_on_the_history(caijing_item, tmp_path):
    document = _stored(caijing_item, name="setup-notes.pdf")
    path = tmp_path / document.file.name
    client = client_for("office")
    page = client.get(reverse("item-detail", kwargs={"pk": caijing_item.pk})).content.decode()
    remove = reverse("document-remove", kwargs={"pk": document.pk})
    assert f'action="{remove}" class="inline" data-confirm="确定删除“调研报告”吗？' in page

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(remove, follow=True)
    assert "已删除“调研报告”" in _messages(response)
    assert not caijing_item.documents.exists() and not path.exists()
    edit = ItemEdit.objects.filter(item=caijing_item).latest("at", "id")
    assert edit.by == get_user_model().objects.get(username="office")
    assert edit.changes["文件"][1] == "已删除" and edit.note == "删除文件“setup-notes.pdf”"
    assert "删除文件“setup-notes.pdf”" in response.content.decode()


@pytest.mark.parametrize("username", ["director", "lead-shehui"])
def test_others_may_not_remove_or_replace(caijing_item, username):
    document = _stored(caijing_item)
    client = client_for(username)
    assert client.post(reverse("document-remove", kwargs={"pk": document.pk})).status_code == 403
    assert client.post(reverse("document-replace", kwargs={"pk": document.pk}),
                       {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 403
    page = client.get(reverse("item-detail", kwargs={"pk": caijing_item.pk})).content.decode()
    assert reverse("document-remove", kwargs={"pk": document.pk}) not in page
    assert caijing_item.documents.count() == 1


def test_a_fellow_member_who_did_not_upload_may_not_remove(caijing_item):
    """Only the uploader or the office: another member of 财经工委 (here the office uploaded) is refused, with the reason."""
    document = _stored(caijing_item, username="office")
    response = client_for("lead-caijing").post(reverse("document-remove", kwargs={"pk": document.pk}))
    assert response.status_code == 403 and "只有上传该文件的人或常委会办公室可以删除或替换它" in response.content.decode()
    assert caijing_item.documents.count() == 1


def test_the_item_page_queries_do_not_grow_with_its_documents(caijing_item):
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("lead-caijing")
    url = reverse("item-detail", kwargs={"pk": caijing_item.pk})
    lead = get_user_model().objects.get(username="lead-caijing")

    def queries():
        client.get(url)  # warm caches (session, roles)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    ItemDocument.objects.create(item=caijing_item, title="报告1", file=ContentFile(PDF, name="1.pdf"), uploaded_by=lead)
    one = queries()
    for n in range(2, 7):
        ItemDocument.objects.create(item=caijing_item, title=f"报告{n}", file=ContentFile(PDF, name=f"{n}.pdf"),
                                    uploaded_by=lead)
    page = client.get(url).content.decode()
    assert page.count("替换文件") >= 6
    assert queries() == one
