"""Stored text is printable: control characters never reach the database or a file made from it.

A bell (\\x07) or an escape (\\x1b) pasted into a title is invisible on the page, cannot be written into
an Excel file (openpyxl refuses it, so one deputy's title broke the office's whole export), and NUL
cannot be stored by PostgreSQL. Tab, line feed and carriage return are text and stay.
"""

import re

from django.db import models

CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS_RE.sub("", text)


def strip_control_characters(sender, instance, **kwargs):
    """pre_save, for every model: whatever wrote the row (a page, the API, the portals, an import, a
    script), its text fields are saved without control characters."""
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and CONTROL_CHARACTERS_RE.search(value):
                setattr(instance, field.attname, without_control_characters(value))
