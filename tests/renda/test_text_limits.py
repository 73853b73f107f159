"""Every text field has a limit that real documents fit, kept by the pages, the API and the imports alike; an
exported row is never taller than Excel allows (issue 21, 4: item and agenda titles took 5,000 characters
and the exported plan row got 2,554 pt)."""

from io import BytesIO

from django.apps import apps
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from core.spreadsheet import MAX_ROW_HEIGHT
from meetings.models import AgendaItem
from plans.models import PlanItem
from tests.conftest import client_for

PROJECT_APPS = ("core", "plans", "meetings", "supervision", "deputies")
LONGEST_REAL_TITLE = 208  # 听取和审议区政府工作部门（区政府办、……）关于 2023 年度政府工作目标任务完成情况的报告，并开展满意度测评


def test_every_text_field_of_the_apps_has_a_limit():
    unlimited = [f"{model._meta.label}.{field.name}" for app in PROJECT_APPS
                 for model in apps.get_app_config(app).get_models() for field in model._meta.concrete_fields
                 if isinstance(field, (models.CharField, models.TextField)) and not field.max_length]
    assert not unlimited


def test_titles_fit_the_longest_real_one_with_room():
    for model in (PlanItem, AgendaItem):
        assert model._meta.get_field("title").max_length >= 2 * LONGEST_REAL_TITLE


def test_an_item_title_over_the_limit_is_refused_by_the_form_and_the_api(baiyun):
    office = client_for("office")
    item = PlanItem.objects.filter(body=baiyun).first()
    limit = PlanItem._meta.get_field("title").max_length
    too_long = "关于" * limit
    sent = {key: getattr(item, key) for key in ("form", "timing_kind", "start_month", "end_month", "quarter",
                                                 "version")}
    response = office.patch(f"/api/v1/plan-items/{item.pk}/", {**sent, "title": too_long},
                            content_type="application/json")
    assert response.status_code == 400 and "title" in response.json()
    page = office.get(reverse("item-edit", args=[item.pk])).content.decode()
    assert f'maxlength="{limit}"' in page
    item.refresh_from_db()
    assert item.title != too_long


def test_an_exported_row_stays_within_excels_height(baiyun):
    item = PlanItem.objects.filter(body=baiyun, entries__isnull=False).first()
    PlanItem.objects.filter(pk=item.pk).update(title="很长的事项名称" * 700)  # as an older release let it be stored
    plan = item.entries.first().plan
    data = b"".join(client_for("office").get(reverse("plan-export", args=[plan.pk])))
    sheet = load_workbook(BytesIO(data)).active
    heights = [d.height for d in sheet.row_dimensions.values() if d.height]
    assert heights and max(heights) <= MAX_ROW_HEIGHT
