"""Control characters (a bell, an escape) never reach the database, and no file made from stored text fails.

Before: a title with \\x07 was accepted by the API, the page forms and the deputy portal, and then every Excel
export holding it answered 500 (openpyxl's IllegalCharacterError): one deputy's title broke the office's
suggestion export for every reader.
"""

import io
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse
from openpyxl import load_workbook

from core.text import CONTROL_CHARACTERS_RE
from meetings.models import Meeting
from plans.models import AnnualPlan, PlanItem
from supervision.models import Evaluation
from tests.conftest import client_for
from tests.permission_matrix_walk import named_routes

BELL, ESCAPE = "\x07", "\x1b"
PROJECT_APPS = ("core", "plans", "meetings", "supervision", "deputies")


def _poison_every_text_field():
    """Rows as a script or an old release could have left them: every free-text field of every row ends in a
    bell, written with update() so that nothing on the way cleans it."""
    poisoned = 0
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            # Identifiers are not free text: unique ones (by the field or a constraint) would collide.
            constrained = {name for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)
                           and len(c.fields) == 1 for name in c.fields}
            fields = [f for f in model._meta.concrete_fields
                      if isinstance(f, (models.CharField, models.TextField)) and not f.choices and not f.unique
                      and f.name not in constrained and f.name not in ("number", "code", "key_digest", "key_prefix")]
            if fields:
                poisoned += model.objects.update(**{f.attname: Concat(f.attname, Value(BELL)) for f in fields})
    assert poisoned > 1000


def _workbook_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return "".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None)


def _list_routes():
    for name, pattern, _ in named_routes():
        params = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
        if not params and not name.startswith(("api:", "portal-", "public-", "platform-", "settings-")):
            yield name


def test_every_export_of_stored_text_with_control_characters_opens(baiyun):
    _poison_every_text_field()
    office = client_for("office")
    plan = AnnualPlan.objects.filter(body=baiyun).first()
    meeting = Meeting.objects.filter(body=baiyun, agenda_items__isnull=False).first()
    evaluation = Evaluation.objects.filter(agenda_item__meeting__body=baiyun).first()
    files = [
        reverse("plan-export", args=[plan.pk]),
        reverse("api:plan-export", args=[plan.pk]),
        reverse("meeting-agenda-xlsx", args=[meeting.pk]),
        reverse("meeting-schedule-xlsx", args=[meeting.year]),
        reverse("summary-xlsx", args=[2023]),
        reverse("evaluation-detail", args=[evaluation.pk]) + "?export=xlsx",
    ]
    for name in _list_routes():
        page = office.get(reverse(name) + "?year=2023")
        if page.status_code != 200:
            continue
        if "spreadsheetml" in page["Content-Type"]:  # a workbook of its own, such as the blank plan template
            files.append(reverse(name) + "?year=2023")
        elif "export=xlsx" in page.content.decode():
            files.append(reverse(name) + "?year=2023&export=xlsx")
    assert len(files) > 15
    for url in files:
        response = office.get(url)
        assert response.status_code in (200, 302), url  # 302: a long list goes to a background export
        if response.status_code == 200:
            text = _workbook_text(b"".join(response))
            assert not CONTROL_CHARACTERS_RE.search(text), url
    document = office.get(reverse("summary-docx", args=[2023]))
    assert document.status_code == 200
    assert BELL not in zipfile.ZipFile(io.BytesIO(b"".join(document))).read("word/document.xml").decode()


def test_text_typed_with_control_characters_is_saved_without_them(baiyun):
    """The page form, the API and a plain save alike: the row never holds them; tab and line breaks stay."""
    office = client_for("office")
    item = PlanItem.objects.filter(body=baiyun).first()
    sent = {key: getattr(item, key) for key in ("title", "form", "timing_kind", "start_month", "end_month",
                                                 "quarter", "version")}
    response = office.patch(f"/api/v1/plan-items/{item.pk}/", {**sent, "focus": f"重点{BELL}是{ESCAPE}：\t一\n二"},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.focus == "重点是：\t一\n二"

    meeting = Meeting.objects.filter(body=baiyun).first()
    meeting.place = f"常委会{BELL}会议室"
    meeting.save()
    meeting.refresh_from_db()
    assert meeting.place == "常委会会议室"


@pytest.mark.parametrize("text", [f"议题{BELL}", f"{ESCAPE}[31m红色"])
def test_a_portal_suggestion_title_with_control_characters_does_not_break_the_office_export(baiyun, text):
    from deputies.models import Suggestion

    suggestion = Suggestion.objects.filter(body=baiyun).first()
    suggestion.title = text
    suggestion.save()
    suggestion.refresh_from_db()
    assert not CONTROL_CHARACTERS_RE.search(suggestion.title)
    response = client_for("office").get(reverse("suggestion-list") + "?export=xlsx")
    assert response.status_code in (200, 302)


def test_the_upgrade_strips_control_characters_from_rows_saved_before(baiyun):
    """renda 0008: text stored by an older release loses its control characters; other text is untouched."""
    import importlib

    from django.apps import apps as registry
    from django.db import connection

    migration = importlib.import_module("renda.migrations.0008_strip_control_characters")
    item = PlanItem.objects.filter(body=baiyun).first()
    other = PlanItem.objects.filter(body=baiyun).exclude(pk=item.pk).first()
    PlanItem.objects.filter(pk=item.pk).update(title=Concat("title", Value(f"{BELL}{ESCAPE}")), focus="一\t二\n三")
    untouched = other.title
    migration.strip_control_characters(registry, connection.schema_editor())
    item.refresh_from_db()
    other.refresh_from_db()
    assert not CONTROL_CHARACTERS_RE.search(item.title) and item.focus == "一\t二\n三"
    assert other.title == untouched
