"""Review opinions' files go through the same upload check (core/uploads.py) and are served back safely."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import AgendaItem, MeetingKind
from supervision.models import ReviewOpinion


def _item(baiyun):
    return AgendaItem.objects.get(meeting__body=baiyun, meeting__kind=MeetingKind.STANDING, meeting__year=2023,
                                  meeting__number=13, order=3)


def test_an_opinion_with_a_program_as_its_file_is_refused_and_a_pdf_served_as_one(baiyun, office_client, settings,
                                                                                   tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    item = _item(baiyun)
    before = ReviewOpinion.objects.count()
    refused = office_client.post(reverse("opinion-create", args=[item.pk]), {
        "text": "", "sent_on": "2023-06-08", "document": SimpleUploadedFile("审议意见.pdf", b"MZ\x90\x00" + b"\0" * 64)})
    assert refused.status_code == 200
    assert "“审议意见.pdf”不能上传：文件内容不是 PDF 文件" in refused.content.decode()
    assert ReviewOpinion.objects.count() == before
    office_client.post(reverse("opinion-create", args=[item.pk]), {
        "text": "", "sent_on": "2023-06-08", "document": SimpleUploadedFile("审议意见.pdf", b"%PDF-1.4 opinion")})
    opinion = ReviewOpinion.objects.latest("pk")
    download = office_client.get(reverse("opinion-document", args=[opinion.pk]))
    assert download["Content-Type"] == "application/pdf" and download["Content-Disposition"].startswith("attachment")
    download.close()


# --- a wrong file removed or replaced, on the history of the opinion's plan items --------------------------

PDF = b"%PDF-1.4 opinion"


def _opinion_with_files(baiyun, office_client, text=""):
    item = _item(baiyun)
    office_client.post(reverse("opinion-create", args=[item.pk]), {
        "text": text, "sent_on": "2023-06-08", "document": SimpleUploadedFile("审议意见错稿.pdf", PDF)})
    opinion = ReviewOpinion.objects.latest("pk")
    opinion.response_document = SimpleUploadedFile("反馈报告.pdf", PDF + b" response")
    opinion.save(update_fields=["response_document"])
    return opinion


def _committee_of(username):
    from django.contrib.auth import get_user_model

    from core.models import Committee
    from plans.permissions import user_committee_ids

    return Committee.objects.get(pk=min(user_committee_ids(get_user_model().objects.get(username=username))))


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _change(client, opinion, **data):
    return client.post(reverse("opinion-file", args=[opinion.pk]), data, follow=True)


def test_the_office_replaces_a_wrong_opinion_file_on_the_items_history(baiyun, office_client, settings, tmp_path):
    from django.test import TestCase

    from plans.models import ItemEdit

    settings.MEDIA_ROOT = str(tmp_path)
    opinion = _opinion_with_files(baiyun, office_client)
    old_path = tmp_path / opinion.document.name
    page = office_client.get(reverse("opinion-detail", args=[opinion.pk])).content.decode()
    assert reverse("opinion-file", args=[opinion.pk]) in page and "替换审议意见文件" in page
    assert "删除审议意见文件" not in page  # the file is the whole opinion: replaced, never removed
    refused = _change(office_client, opinion, which="document", action="replace",
                      document=SimpleUploadedFile("审议意见.pdf", b"MZ\x90\x00" + b"\0" * 64))
    assert "审议意见文件未处理：新的文件：“审议意见.pdf”不能上传" in _messages(refused)
    refused = _change(office_client, opinion, which="document", action="remove")
    assert "删除审议意见文件后意见将为空；请改为替换审议意见文件" in _messages(refused)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _change(office_client, opinion, which="document", action="replace",
                           document=SimpleUploadedFile("审议意见.pdf", PDF + b" right"))
    assert "审议意见文件：替换文件“审议意见错稿.pdf”为“审议意见.pdf”" in _messages(response)
    opinion.refresh_from_db()
    assert opinion.document.name.endswith("审议意见.pdf") and not old_path.exists()
    plan_items = list(opinion.agenda_item.plan_items.all())
    assert plan_items
    for plan_item in plan_items:
        edit = ItemEdit.objects.filter(item=plan_item).latest("at", "pk")
        assert edit.by.username == "office" and edit.note == "替换文件“审议意见错稿.pdf”为“审议意见.pdf”"
        assert edit.changes == {"审议意见文件": ["审议意见错稿.pdf", "审议意见.pdf"]}


def test_the_committee_removes_a_wrong_response_report_after_confirming(baiyun, office_client, settings, tmp_path):
    from django.test import TestCase

    from plans.models import ItemEdit
    from tests.conftest import client_for

    settings.MEDIA_ROOT = str(tmp_path)
    opinion = _opinion_with_files(baiyun, office_client, text="建议加强预算执行监督。")
    opinion.committee = _committee_of("lead-caijing")  # the committee that follows the opinion
    opinion.save(update_fields=["committee"])
    path = tmp_path / opinion.response_document.name
    committee = client_for("lead-caijing")
    page = committee.get(reverse("opinion-detail", args=[opinion.pk])).content.decode()
    assert f'action="{reverse("opinion-file", args=[opinion.pk])}" class="inline" data-confirm="确定删除反馈报告吗？' in page
    assert "替换审议意见文件" not in page  # the opinion's own file is the office's
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _change(committee, opinion, which="response", action="remove")
    assert "反馈报告：删除文件“反馈报告.pdf”" in _messages(response)
    opinion.refresh_from_db()
    assert not opinion.response_document and not path.exists() and opinion.document
    edit = ItemEdit.objects.filter(item__in=opinion.agenda_item.plan_items.all()).latest("at", "pk")
    assert edit.by.username == "lead-caijing" and edit.note == "删除文件“反馈报告.pdf”"
    assert edit.changes == {"反馈报告": ["反馈报告.pdf", "已删除"]}


def test_others_may_not_change_an_opinions_files(baiyun, office_client, settings, tmp_path):
    from tests.conftest import client_for

    settings.MEDIA_ROOT = str(tmp_path)
    opinion = _opinion_with_files(baiyun, office_client, text="意见")
    opinion.committee = _committee_of("lead-caijing")
    opinion.save(update_fields=["committee"])
    committee = client_for("lead-caijing")
    answer = committee.post(reverse("opinion-file", args=[opinion.pk]), {"which": "document", "action": "remove"})
    assert answer.status_code == 403 and "只有常委会办公室" in answer.content.decode()
    director = client_for("director")
    assert director.post(reverse("opinion-file", args=[opinion.pk]),
                         {"which": "response", "action": "remove"}).status_code == 403
    other = client_for("lead-shehui")
    assert other.post(reverse("opinion-file", args=[opinion.pk]),
                      {"which": "response", "action": "remove"}).status_code == 403
    opinion.refresh_from_db()
    assert opinion.document and opinion.response_document
