"""An item may carry more than one form of supervision ("……的报告，并开展满意度测评"): the main `form` and
`extra_forms`. Entered on the page and through the API with the same refusals, shown in the list, its file and
on the item's page, and found by the list's form filter whichever of its forms is asked for."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from core.api.validated import NOT_A_LIST
from core.models import Committee
from plans.models import AnnualPlan, ItemEdit, PlanEntry, PlanItem, PlanKind
from tests.conftest import client_for

REPEATED = "“专项工作报告”已是主要监督形式，不能再列为其他监督形式。"
UNKNOWN = "无法识别的监督形式“tea_party”，不能列为其他监督形式。"


def _api(username="office") -> APIClient:
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


@pytest.fixture
def plan(baiyun):
    return AnnualPlan.objects.create(body=baiyun, year=2031, kind=PlanKind.SUPERVISION, title="2031 年监督工作计划")


@pytest.fixture
def item(baiyun, plan):
    item = PlanItem.objects.create(body=baiyun, year=2031, title="听取和审议区政府关于养老服务的报告",
                                   form="special_report", timing_kind="month", start_month=6)
    PlanEntry.objects.create(plan=plan, item=item, order=1)
    return item


def _form_data(item, **changes) -> dict:
    data = {"title": item.title, "form": item.form, "timing_kind": item.timing_kind, "start_month": item.start_month,
            "version": item.version, "lead_committees": [], "reporting_bodies": []}
    data.update(changes)
    return {k: v for k, v in data.items() if v not in (None, [])}


def _api_data(item, **changes) -> dict:
    return {"title": item.title, "form": item.form, "timing_kind": item.timing_kind,
            "start_month": item.start_month, "version": item.version, **changes}


# --- the model -------------------------------------------------------------------------------------------------


def test_all_forms_lists_the_main_form_first(item):
    item.extra_forms = ["evaluation", "inquiry"]
    assert item.all_forms() == ["special_report", "evaluation", "inquiry"]
    assert item.forms_display() == "专项工作报告、满意度测评、专题询问"


@pytest.mark.parametrize(("extra", "message"), [
    (["special_report"], REPEATED),
    (["evaluation", "tea_party"], UNKNOWN),
    ("evaluation", "其他监督形式应为监督形式的列表。"),
])
def test_the_model_refuses_unknown_forms_and_the_main_form_again(item, extra, message):
    item.extra_forms = extra
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert refused.value.message_dict == {"extra_forms": [message]}


def test_a_form_ticked_twice_is_kept_once(item):
    item.extra_forms = ["evaluation", "evaluation"]
    item.full_clean()
    assert item.extra_forms == ["evaluation"]


# --- entering it: the page and the API --------------------------------------------------------------------------


def test_the_office_ticks_another_form_on_the_page_and_it_goes_on_the_timeline(item):
    client = client_for("office")
    page = client.get(reverse("item-edit", kwargs={"pk": item.pk})).content.decode()
    assert '<option value="evaluation">满意度测评</option>' in page  # an option of the searchable multi-select
    response = client.post(reverse("item-edit", kwargs={"pk": item.pk}),
                           _form_data(item, extra_forms=["evaluation", "inquiry"]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.extra_forms == ["evaluation", "inquiry"]
    edit = ItemEdit.objects.filter(item=item).latest("pk")
    assert edit.changes["其他监督形式"] == ["无", "满意度测评、专题询问"]


@pytest.mark.parametrize(("extra", "message"), [(["special_report"], REPEATED), (["tea_party"], UNKNOWN)])
def test_the_page_and_the_api_refuse_alike(item, extra, message):
    page = client_for("office").post(reverse("item-edit", kwargs={"pk": item.pk}), _form_data(item, extra_forms=extra))
    assert page.status_code == 200
    assert f"其他监督形式：{message}" in page.content.decode()
    api = _api().put(reverse("api:plan-item-detail", kwargs={"pk": item.pk}), _api_data(item, extra_forms=extra),
                     format="json")
    assert api.status_code == 400
    assert api.json() == {"extra_forms": [message]}
    item.refresh_from_db()
    assert item.extra_forms == [] and item.version == 1


def test_the_api_refuses_a_form_that_is_not_a_list(item):
    api = _api().put(reverse("api:plan-item-detail", kwargs={"pk": item.pk}),
                     _api_data(item, extra_forms="evaluation"), format="json")
    # In the words a page's multiple choice uses for the same mistake.
    assert api.status_code == 400
    assert api.json() == {"extra_forms": [str(NOT_A_LIST)]} == {"extra_forms": ["输入一系列值。"]}


def test_the_api_takes_a_list_and_reads_it_back(item):
    url = reverse("api:plan-item-detail", kwargs={"pk": item.pk})
    api = _api().put(url, _api_data(item, extra_forms=["evaluation"]), format="json")
    assert api.status_code == 200, api.json()
    body = _api("director").get(url).json()
    assert body["form"] == "special_report" and body["extra_forms"] == ["evaluation"]
    assert body["forms_display"] == "专项工作报告、满意度测评"
    # Not sending it clears it, as a submitted form without a ticked box does.
    cleared = _api().put(url, _api_data(item, version=2), format="json")
    assert cleared.status_code == 200 and cleared.json()["extra_forms"] == []


def test_a_new_item_with_another_form_through_the_api(baiyun, plan):
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    response = _api().post(reverse("api:plan-item-list"), {
        "title": "听取和审议区政府关于就业工作的报告，并开展专题询问", "form": "special_report",
        "extra_forms": ["inquiry"], "timing_kind": "month", "start_month": 9, "lead_committees": [caijing.pk],
        "plan": plan.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert PlanItem.objects.get(pk=response.json()["id"]).extra_forms == ["inquiry"]


# --- reading it: the list, its filter and file, the item's page -------------------------------------------------


def test_the_list_shows_every_form_and_its_filter_finds_an_item_by_another_form(item):
    PlanItem.objects.filter(pk=item.pk).update(extra_forms=["evaluation"])
    client = client_for("director")
    page = client.get(reverse("item-list") + "?year=2031&form=evaluation").content.decode()
    assert item.title in page and "专项工作报告、满意度测评" in page
    assert item.title in client.get(reverse("item-list") + "?year=2031&form=special_report").content.decode()
    assert item.title not in client.get(reverse("item-list") + "?year=2031&form=inquiry").content.decode()
    found = client.get(reverse("api:plan-item-list") + "?year=2031&form=evaluation").json()
    assert [row["id"] for row in found["results"]] == [item.pk]


def test_the_list_file_shows_every_form(item):
    import io

    from openpyxl import load_workbook

    PlanItem.objects.filter(pk=item.pk).update(extra_forms=["evaluation"])
    response = client_for("office").get(reverse("item-list") + "?year=2031&export=xlsx")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=3, values_only=True))  # title, header
    assert [(r[2], r[3]) for r in rows] == [(item.title, "专项工作报告、满意度测评")]  # after 序号, 年度


def test_the_item_page_shows_both_forms(item):
    PlanItem.objects.filter(pk=item.pk).update(extra_forms=["evaluation"])
    page = client_for("director").get(reverse("item-detail", kwargs={"pk": item.pk})).content.decode()
    assert "<dt>监督形式</dt><dd>专项工作报告</dd>" in page
    assert "<dt>其他监督形式</dt><dd>满意度测评</dd>" in page


def test_the_list_queries_do_not_grow_with_the_forms(baiyun, plan, django_assert_max_num_queries):
    for n in range(30):
        extra = PlanItem.objects.create(body=baiyun, year=2031, title=f"加测事项{n}", form="research",
                                        extra_forms=["visit", "inspection"], timing_kind="month", start_month=3)
        PlanEntry.objects.create(plan=plan, item=extra, order=n + 2)
    client = client_for("director")
    client.get(reverse("item-list") + "?year=2031&form=visit")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("item-list") + "?year=2031&form=visit").content.decode()
    assert page.count("专题调研、视察、执法检查") == 30


# --- the demo ---------------------------------------------------------------------------------------------------


def test_the_demo_items_that_say_they_carry_another_form_do(baiyun):
    departments = PlanItem.objects.get(body=baiyun, title="对区政府工作部门开展满意度测评")
    assert departments.all_forms() == ["evaluation", "special_report"]
    inquiries = PlanItem.objects.filter(body=baiyun, year=2023, form="inquiry")
    assert inquiries.count() == 7 and all(i.extra_forms == ["special_report"] for i in inquiries)


def test_the_demo_snapshot_puts_a_json_list_back_as_a_list(baiyun):
    from tests import demo_snapshot

    PlanItem.objects.filter(body=baiyun).update(extra_forms=[])
    demo_snapshot.restore()
    departments = PlanItem.objects.get(body=baiyun, title="对区政府工作部门开展满意度测评")
    assert departments.extra_forms == ["special_report"]
    assert PlanItem.objects.filter(body=baiyun, extra_forms__icontains='"special_report"').count() == 8
