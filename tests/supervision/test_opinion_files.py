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
