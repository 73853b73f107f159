"""The one check of every uploaded document, and the one way documents are served back.

Offices send PDF, OFD, Word, WPS, Excel and scanned images, sometimes zipped together. Anything
else (a program, a script, a web page) is refused, and so is a file whose content is not what its
name says: the first bytes are read, not only the extension. A .zip must hold only allowed files.
The size cap is UPLOAD_MAX_MB (the environment variable RENDA_UPLOAD_MAX_MB, default 20).

`validate_upload` is a validator for model FileFields (so model forms, Django's admin and model
serializers check alike) and for plain form and serializer fields; it checks only a new upload and
lets a file already stored pass (it was checked when it came, or predates the check).
`file_response` serves a stored document with a content type from the allow-list: images are shown
in the browser when their content is an image, everything else is a download (attachment), and a
file of any other type (uploaded before the check) goes out as application/octet-stream.

The workbook and Word imports (plans.imports, deputies.imports) have their own checks.
"""

import posixpath
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.functional import lazy

MB = 1024 * 1024
ACCEPTED = "只接受 PDF、OFD、Word、WPS、Excel、图片或这些文件的 ZIP 压缩包"
ACCEPT_ATTRIBUTE = ".pdf,.ofd,.doc,.docx,.wps,.xls,.xlsx,.et,.jpg,.jpeg,.png,.zip"  # for <input type="file">

PDF, OLE2, ZIP, JPEG, PNG = b"%PDF-", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"

# extension → (what it is, in words; the content type it is served with)
TYPES = {
    "pdf": ("PDF 文件", "application/pdf"),
    "ofd": ("OFD 文件", "application/ofd"),
    "doc": ("Word 文档", "application/msword"),
    "docx": ("Word 文档", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "wps": ("WPS 文字文档", "application/vnd.ms-works"),
    "xls": ("Excel 工作簿", "application/vnd.ms-excel"),
    "xlsx": ("Excel 工作簿", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "et": ("WPS 表格文档", "application/vnd.ms-excel"),
    "jpg": ("JPG 图片", "image/jpeg"),
    "jpeg": ("JPG 图片", "image/jpeg"),
    "png": ("PNG 图片", "image/png"),
    "zip": ("ZIP 压缩包", "application/zip"),
}
IMAGES = {"jpg", "jpeg", "png"}
# Members of a .zip that are not documents but what archivers add on their own: skipped, not refused.
ARCHIVER_LITTER = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")
MAX_ZIP_MEMBERS = 1000


def max_upload_mb() -> int:
    return settings.UPLOAD_MAX_MB


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_MB * MB


def help_text(what: str = "") -> str:
    """The hint under a file input: what is accepted and how large."""
    return f"{what}PDF、OFD、Word、WPS、Excel、图片或其 ZIP 压缩包，不超过 {max_upload_mb()} MB"


# For a form field declared at import time: the hint is made when the form is shown, with the setting then.
lazy_help_text = lazy(help_text, str)


def extension(name: str) -> str:
    base = posixpath.basename((name or "").replace("\\", "/"))
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def base_name(name: str) -> str:
    return posixpath.basename((name or "").replace("\\", "/"))


def _zip_names(handle) -> list[str] | None:
    """The member names of a zip, or None when it cannot be read as one."""
    try:
        with zipfile.ZipFile(handle) as archive:
            return archive.namelist()
    except Exception:  # noqa: BLE001 - whatever an untrusted archive makes zipfile raise, it is not readable
        return None
    finally:
        handle.seek(0)


def _ooxml_problem(handle, folder: str, label: str) -> str | None:
    names = _zip_names(handle)
    if names is None or not any(n.startswith(folder) for n in names):
        return f"文件内容不是 {label}（扩展名与内容不符）"
    return None


def _content_problem(kind: str, head: bytes, handle) -> str | None:
    """Why the content is not a file of this kind; None when it is."""
    label = TYPES[kind][0]
    mismatch = f"文件内容不是 {label}（扩展名与内容不符）"
    if kind == "pdf":
        return None if PDF in head[:1024] else mismatch
    if kind in ("jpg", "jpeg"):
        return None if head.startswith(JPEG) else mismatch
    if kind == "png":
        return None if head.startswith(PNG) else mismatch
    if kind in ("doc", "wps"):
        # Word and WPS save the old binary format; a .docx renamed .doc is still a Word document.
        if head.startswith(OLE2):
            return None
        return _ooxml_problem(handle, "word/", label) if head.startswith(ZIP) else mismatch
    if kind in ("xls", "et"):
        if head.startswith(OLE2):
            return None
        return _ooxml_problem(handle, "xl/", label) if head.startswith(ZIP) else mismatch
    if not head.startswith(ZIP):
        return mismatch
    if kind == "docx":
        return _ooxml_problem(handle, "word/", label)
    if kind == "xlsx":
        return _ooxml_problem(handle, "xl/", label)
    if kind == "ofd":
        names = _zip_names(handle)
        return None if names is not None and any(n.lower() == "ofd.xml" for n in names) else mismatch
    return _zip_problem(handle)


def _member_label(info: zipfile.ZipInfo) -> str:
    """A member's name as the user wrote it: Chinese Windows archivers write names in GBK without saying so."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return base_name(name.rstrip("/")) or name


def _zip_problem(handle) -> str | None:
    """A .zip: every member an allowed document whose content matches its name (no zip inside a zip)."""
    try:
        with zipfile.ZipFile(handle) as archive:
            members = [
                i for i in archive.infolist()
                if not i.is_dir() and not i.filename.startswith(ARCHIVER_LITTER[0])
                and base_name(i.filename) not in ARCHIVER_LITTER[1:]
            ]
            if not members:
                return "压缩包是空的"
            if len(members) > MAX_ZIP_MEMBERS:
                return f"压缩包中的文件超过 {MAX_ZIP_MEMBERS} 个"
            for info in members:
                label = _member_label(info)
                kind = extension(info.filename)
                if kind == "zip":
                    return f"压缩包中的“{label}”又是压缩包，请解压后分别上传或重新打包"
                if kind not in TYPES:
                    return f"压缩包中的“{label}”不是允许的文件类型"
                if info.flag_bits & 0x1:
                    return "压缩包设有密码，无法检查其中的文件"
                with archive.open(info) as member:
                    head = member.read(1024)
                problem = _member_content_problem(kind, head)
                if problem:
                    return f"压缩包中的“{label}”{problem}"
    except Exception:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError...: an untrusted archive that cannot be read
        return "压缩包已损坏，无法打开"
    finally:
        handle.seek(0)
    return None


def _member_content_problem(kind: str, head: bytes) -> str | None:
    """A zip member's first bytes against its name (its inner structure is not unpacked)."""
    label = TYPES[kind][0]
    expected = {
        "pdf": (PDF,), "jpg": (JPEG,), "jpeg": (JPEG,), "png": (PNG,), "docx": (ZIP,), "xlsx": (ZIP,), "ofd": (ZIP,),
        "doc": (OLE2, ZIP), "wps": (OLE2, ZIP), "xls": (OLE2, ZIP), "et": (OLE2, ZIP),
    }[kind]
    if kind == "pdf":
        return None if PDF in head else f"的内容不是 {label}"
    return None if head.startswith(expected) else f"的内容不是 {label}"


def upload_problem(upload) -> str | None:
    """Why this upload may not be stored, in words for the user (without its name); None when it may."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_upload_bytes():
        return f"文件超过 {max_upload_mb()} MB"
    kind = extension(getattr(upload, "name", ""))
    if kind not in TYPES:
        return ACCEPTED
    if not size:
        return "文件是空的"
    handle = upload.file if isinstance(upload, FieldFile) else upload
    try:
        handle.seek(0)
        head = handle.read(2048)
        handle.seek(0)
    except (OSError, ValueError):
        return "文件无法读取，请重新上传"
    problem = _content_problem(kind, head, handle)
    if problem and "不是" in problem:
        return f"{problem}。{ACCEPTED}"  # a type the office does not take: say which it does
    return problem


def _is_new_upload(value) -> bool:
    """A file being uploaded now, not one already in storage (a stored FieldFile is committed)."""
    if isinstance(value, FieldFile):
        return bool(value) and not value._committed
    return bool(value) and hasattr(value, "read")


def validate_upload(value) -> None:
    """Validator: refuse a new upload that is not an allowed office document, or is too large.

    The message names the file and the reason, e.g. “setup.exe”不能上传：只接受 PDF、…。
    """
    if not _is_new_upload(value):
        return
    problem = upload_problem(value)
    if problem:
        raise ValidationError(f"“{base_name(value.name)}”不能上传：{problem}。", code="upload")


def checked(upload):
    """For a form's clean_<field>: the upload when it passes (None and False pass through)."""
    if upload:
        validate_upload(upload)
    return upload


# --- serving ----------------------------------------------------------------------------------------


def download_name(field_file) -> str:
    return base_name(field_file.name)


def file_response(field_file, filename: str | None = None) -> FileResponse:
    """Serve a stored document: a known type with its own content type, images inline when their content
    is an image, every other file as a download of application/octet-stream."""
    name = filename or download_name(field_file)
    kind = extension(name)
    handle = field_file.open("rb")
    content_type = TYPES[kind][1] if kind in TYPES else "application/octet-stream"
    inline = False
    if kind in IMAGES:
        head = handle.read(16)
        handle.seek(0)
        inline = head.startswith(JPEG if kind != "png" else PNG)
        if not inline:
            content_type = "application/octet-stream"
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
