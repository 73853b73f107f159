"""Exporters: one class per file the system hands out, in the manner of pretalx's BaseExporter.

An exporter knows its identifier, its name for people, its file extension and content type,
the file name to save under, and produces the file's bytes in one method (`render`). Views
turn it into a download with `export_response`; heavy exports run the same class in a task.
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

# The cell helper moved to core.spreadsheet with the rest of the kit; still importable from here for the
# callers that import it with the download helpers (reports/year_archive.py, tests/plans/test_exports.py).
from core.spreadsheet import set_text  # noqa: F401

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters Windows and macOS refuse in file names, plus control characters.
_UNSAFE_FILENAME_RE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


class BaseExporter:
    identifier: str = ""
    verbose_name: str = ""
    extension: str = ""
    content_type: str = "application/octet-stream"

    def filename(self) -> str:
        """The name the file is saved under, in the user's language."""
        return f"{self.identifier}.{self.extension}"

    def ascii_filename(self) -> str:
        """The name for clients that cannot read RFC 5987 (`filename=`)."""
        return f"{self.identifier}.{self.extension}"

    def render(self) -> bytes:
        raise NotImplementedError


class XlsxExporter(BaseExporter):
    extension = "xlsx"
    content_type = XLSX_CONTENT_TYPE


# --- downloads -----------------------------------------------------------------------------------


def safe_filename(name: str) -> str:
    name = _UNSAFE_FILENAME_RE.sub("_", unicodedata.normalize("NFC", name)).strip(" .")
    return name or "export"


def ascii_fallback(name: str, default: str = "export") -> str:
    """An ASCII-only stand-in for `name`, keeping its extension: `2023年度计划.xlsx` → `2023.xlsx`."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext)
    stem = stem or default
    return f"{stem}.{ext}" if ext else stem


def content_disposition(filename: str, ascii_name: str | None = None, attachment: bool = True) -> str:
    """`attachment; filename="plan.xlsx"; filename*=UTF-8''2023%E5%B9%B4…` (RFC 6266 / RFC 5987).

    Browsers that know `filename*` (all current ones) save the Chinese name; older clients
    fall back to the ASCII `filename`.
    """
    filename = safe_filename(filename)
    fallback = ascii_fallback(ascii_name or filename).replace("\\", "").replace('"', "")
    disposition = "attachment" if attachment else "inline"
    header = f'{disposition}; filename="{fallback}"'
    if filename != fallback:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def file_response(data: bytes, filename: str, content_type: str, ascii_name: str | None = None) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, ascii_name)
    response["Content-Length"] = str(len(data))
    # Exports carry the body's data: never cached by a shared proxy.
    response["Cache-Control"] = "private, no-store"
    return response


def export_response(exporter: BaseExporter) -> HttpResponse:
    return file_response(exporter.render(), exporter.filename(), exporter.content_type, exporter.ascii_filename())
