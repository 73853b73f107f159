"""The one upload check (core/uploads.py): office documents and images only, by content, under the size cap."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import ACCEPTED, file_response, validate_upload

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode." + b"\0" * 200
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 40
JPG = b"\xff\xd8\xff\xe0\0\x10JFIF" + b"\0" * 40
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
OFD = zipped({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<ofd:Document/>"})


def upload(name, data):
    return SimpleUploadedFile(name, data)


def refusal(name, data) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, data))
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(("name", "data"), [
    ("报告.pdf", PDF), ("报告.ofd", OFD), ("旧版报告.doc", OLE2), ("报告.docx", DOCX), ("报告.wps", OLE2),
    ("统计表.xls", OLE2), ("统计表.xlsx", XLSX), ("统计表.et", OLE2), ("扫描件.jpg", JPG), ("扫描件.JPEG", JPG),
    ("截图.png", PNG), ("改名的新版文档.doc", DOCX),
    ("材料.zip", zipped({"报告.pdf": PDF, "附件/统计表.xlsx": XLSX, "扫描件.jpg": JPG, "__MACOSX/._报告.pdf": b"\0\5\26\7"})),
])
def test_each_office_document_type_is_taken(name, data):
    validate_upload(upload(name, data))  # no error


def test_a_program_renamed_pdf_is_refused_by_its_content():
    message = refusal("调研报告.pdf", EXE)
    assert "“调研报告.pdf”不能上传" in message and "文件内容不是 PDF 文件" in message and ACCEPTED in message


@pytest.mark.parametrize(("name", "data", "words"), [
    ("setup.exe", EXE, ACCEPTED),
    ("答复函", PDF, ACCEPTED),  # no extension
    ("page.html", b"<html><script>alert(1)</script></html>", ACCEPTED),
    ("报告.docx", XLSX, "不是 Word 文档"),  # a zip, but not a Word document
    ("统计表.xlsx", DOCX, "不是 Excel 工作簿"),
    ("报告.doc", PDF, "不是 Word 文档"),
    ("版式文件.ofd", zipped({"a.txt": b"x"}), "不是 OFD 文件"),
    ("扫描件.png", JPG, "不是 PNG 图片"),
    ("空文件.pdf", b"", "文件是空的"),
])
def test_other_types_and_mismatched_content_are_refused(name, data, words):
    message = refusal(name, data)
    assert f"“{name}”不能上传" in message and words in message


def test_a_zip_holding_a_program_is_refused_naming_the_member():
    message = refusal("材料.zip", zipped({"报告.pdf": PDF, "工具/setup.exe": EXE}))
    assert "“材料.zip”不能上传" in message and "压缩包中的“setup.exe”不是允许的文件类型" in message


def test_a_zip_member_whose_content_does_not_match_its_name_is_refused():
    message = refusal("材料.zip", zipped({"报告.pdf": EXE}))
    assert "压缩包中的“报告.pdf”的内容不是 PDF 文件" in message


def test_a_zip_inside_a_zip_and_a_broken_zip_are_refused():
    assert "又是压缩包" in refusal("材料.zip", zipped({"inner.zip": zipped({"a.pdf": PDF})}))
    assert "压缩包已损坏" in refusal("材料.zip", b"PK\x03\x04 broken")


def test_a_file_over_the_cap_is_refused_and_the_cap_is_a_setting(settings):
    big = upload("大报告.pdf", PDF)
    big.size = 21 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        validate_upload(big)
    assert caught.value.messages == ["“大报告.pdf”不能上传：文件超过 20 MB。"]
    settings.UPLOAD_MAX_MB = 50
    validate_upload(big)  # under the raised cap


def test_the_cap_is_read_strictly_from_the_environment():
    """RENDA_UPLOAD_MAX_MB sets the cap; a malformed value stops start-up naming the variable."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='renda.settings'; django.setup();"
            "from django.conf import settings; print(settings.UPLOAD_MAX_MB)")
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x"}
    root = Path(__file__).resolve().parents[2]

    def start(**extra):
        return subprocess.run([sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True,
                              cwd=root)

    assert start().stdout.strip() == "20"
    assert start(RENDA_UPLOAD_MAX_MB="50").stdout.strip() == "50"
    for bad in ("20MB", "0"):
        refused = start(RENDA_UPLOAD_MAX_MB=bad)
        assert refused.returncode != 0 and "RENDA_UPLOAD_MAX_MB" in refused.stderr


def test_a_file_already_stored_is_not_checked_again(baiyun, settings, tmp_path):
    """Records saved before the check keep working: only a new upload is checked."""
    from plans.models import ItemDocument, PlanItem

    settings.MEDIA_ROOT = str(tmp_path)
    item = PlanItem.objects.filter(body=baiyun).first()
    from django.contrib.auth import get_user_model

    office = get_user_model().objects.get(username="office")
    document = ItemDocument.objects.create(item=item, title="旧文件", file=ContentFile(b"old", name="old.txt"),
                                           uploaded_by=office)
    document.refresh_from_db()
    document.full_clean()  # no error for the stored .txt
    document.file = upload("new.exe", EXE)
    with pytest.raises(ValidationError, match="new.exe"):
        document.full_clean()


def test_downloads_carry_a_safe_type(tmp_path):
    from django.core.files.storage import FileSystemStorage
    from django.db.models import FileField
    from django.db.models.fields.files import FieldFile

    storage = FileSystemStorage(location=str(tmp_path))
    field = FileField(storage=storage)

    def served(name, data):
        storage.save(name, ContentFile(data))
        return file_response(FieldFile(None, field, name))

    pdf = served("报告.pdf", PDF)
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"].startswith("attachment")
    legacy = served("setup.exe", EXE)  # stored before the check
    assert legacy["Content-Type"] == "application/octet-stream" and legacy["Content-Disposition"].startswith("attachment")
    image = served("扫描件.png", PNG)
    assert image["Content-Type"] == "image/png" and image["Content-Disposition"].startswith("inline")
    fake = served("假图片.jpg", b"<html>")
    assert fake["Content-Type"] == "application/octet-stream" and fake["Content-Disposition"].startswith("attachment")
    for response in (pdf, legacy, image, fake):
        assert response["X-Content-Type-Options"] == "nosniff"
        response.file_to_stream.close()
