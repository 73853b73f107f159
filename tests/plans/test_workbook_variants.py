"""The 主要工作安排表 as other offices keep it (issue 20 §2): each variant of tests/plans/workbook_variants.py,
built from the demo plan, imports with the expected result, or stops with the expected message and changes
nothing. Also: a mapping remembered on the page is used by the next import through the API, and the demo's
exported plans import back unchanged."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.models import BackgroundJob, Committee
from plans.exports import PlanWorkbookExporter
from plans.imports.jobs import JOB_KIND
from plans.models import AnnualPlan, ItemCommittee, ItemEdit, PlanEntry, PlanItem
from tests.core.test_bad_workbooks import snapshot, unchanged_but_bookkeeping
from tests.plans import workbook_variants as variants
from tests.plans.workbook_variants import YEAR, Block, demo_blocks, layout

VARIANTS = {v.id: v for v in variants.VARIANTS}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo_plan(baiyun):
    return AnnualPlan.objects.get(body=baiyun, year=2023, kind="supervision")


@pytest.fixture
def blocks(demo_plan):
    return demo_blocks(demo_plan)


@pytest.fixture
def api(baiyun):
    from django.contrib.auth import get_user_model

    client = APIClient()
    client.force_authenticate(user=get_user_model().objects.get(username="office"))
    return client


def xlsx(data: bytes, name="安排表.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def upload(api, data: bytes, year=YEAR, kind=variants.KIND, **extra):
    return api.post(reverse("api:plan-import-list"), {"file": xlsx(data), "year": year, "kind": kind, **extra},
                    format="multipart")


def preview_of(api, data: bytes, **extra) -> dict:
    response = upload(api, data, **extra)
    assert response.status_code == 201, response.content[:2000]
    return response.json()


def commit(api, job_id, **extra):
    return api.post(reverse("api:plan-import-commit", kwargs={"job_id": job_id}), extra, format="json")


def imported(api, data: bytes) -> tuple[dict, AnnualPlan]:
    """Upload and commit; the preview and the plan it made."""
    preview = preview_of(api, data)
    assert preview["error_count"] == 0, [p["message"] for p in preview["problems"] if p["level"] == "error"]
    response = commit(api, preview["id"])
    assert response.status_code == 200, response.content[:2000]
    return preview, AnnualPlan.objects.get(pk=response.json()["summary"]["plan_id"])


def names(row: dict, key: str) -> list[str]:
    return [c["short_name"] for c in row[key]]


def roles(item: PlanItem) -> tuple[list[str], list[str], bool]:
    got = ItemCommittee.objects.filter(item=item).select_related("committee").order_by("id")
    return ([r.committee.short_name for r in got if r.role == "lead"],
            [r.committee.short_name for r in got if r.role == "helper"], item.all_committees_help)


def items_by_title(plan) -> dict[str, PlanItem]:
    return {e.item.title: e.item for e in PlanEntry.objects.filter(plan=plan).select_related("item")}


def errors(preview: dict) -> list[str]:
    return [p["message"] for p in preview["problems"] if p["level"] == "error"]


def warnings(preview: dict) -> list[str]:
    return [p["message"] for p in preview["problems"] if p["level"] == "warning"]


# --- unit names ------------------------------------------------------------------------------------


def test_suffixed_and_full_unit_names_find_the_committees_the_demo_has(api, baiyun, blocks, demo_plan):
    data = variants.build(VARIANTS["suffixed-units"], blocks)
    written = {r[3] for r in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=3, values_only=True)}
    assert "财政经济委员会、财政经济工委(室)牵头" in written and "各工委（室）" in written
    preview, plan = imported(api, data)
    assert preview["unknown_units"] == []
    demo = items_by_title(demo_plan)
    got = items_by_title(plan)
    assert len(got) == len(demo) > 30
    for title, item in got.items():
        assert roles(item) == roles(demo[title]), title


def test_phrases_meaning_every_committee_helps_set_the_flag(api, baiyun, blocks):
    preview, plan = imported(api, variants.build(VARIANTS["every-committee-helps"], blocks))
    assert preview["unknown_units"] == []
    for row, (text, leads, helpers, all_help) in zip(preview["rows"], variants.ALL_HELP_CASES, strict=True):
        assert (names(row, "leads"), names(row, "helpers"), row["all_committees_help"]) == (leads, helpers, all_help)
    items = items_by_title(plan)
    for row, (_, leads, helpers, all_help) in zip(preview["rows"], variants.ALL_HELP_CASES, strict=True):
        assert roles(items[row["title"]]) == (leads, helpers, all_help)
    # Without a lead, the preview says so: the item will only be 各工委分工落实.
    assert any(w.startswith(f"第 {preview['rows'][0]['row']} 行「组织实施部门」：“有关工委(室)”没有写牵头的委员会")
               for w in warnings(preview))


def test_several_units_follow_the_texts_order_and_words(api, baiyun, blocks):
    preview, plan = imported(api, variants.build(VARIANTS["leads-and-helpers"], blocks))
    items = items_by_title(plan)
    for row, (text, leads, helpers, all_help) in zip(preview["rows"], variants.ROLE_CASES, strict=True):
        assert (names(row, "leads"), names(row, "helpers"), row["all_committees_help"]) == (leads, helpers, all_help), text
        assert roles(items[row["title"]]) == (leads, helpers, all_help), text


def test_a_unit_may_be_mapped_to_every_committee_helps(api, office_client, baiyun, blocks):
    rows = [list(cells) for cells in blocks[0].rows[:2]]
    rows[0][variants.UNITS] = "财经工委、全体工委"
    rows[1][variants.UNITS] = "全体工委"
    data = layout([Block(blocks[0].label, rows)]).render()
    preview = preview_of(api, data)
    assert [u["name"] for u in preview["unknown_units"]] == ["全体工委"]
    assert errors(preview)[0].endswith("请在“未识别的单位”中选择它对应的委员会，或选择“各工委协助”或忽略。")
    page = office_client.get(reverse("plan-import-preview", kwargs={"job_id": preview["id"]})).content.decode()
    assert '<option value="all_help">各工委协助（记为各工委分工落实）</option>' in page

    response = api.post(reverse("api:plan-import-preview", kwargs={"job_id": preview["id"]}),
                        {"mapping": {"全体工委": "all_help"}}, format="json")
    assert response.status_code == 200 and response.json()["can_commit"]
    again = response.json()
    assert again["all_help_units"] == [{"name": "全体工委", "rows": [3, 4]}]
    assert [(names(r, "leads"), r["all_committees_help"]) for r in again["rows"]] == [(["财经工委"], True), ([], True)]
    page = office_client.get(reverse("plan-import-preview", kwargs={"job_id": preview["id"]})).content.decode()
    assert '<option value="all_help" selected>' in page and "各工委分工落实（全体工委）" in page
    assert commit(api, preview["id"]).status_code == 200
    assert all(i.all_committees_help for i in PlanItem.objects.filter(body=baiyun, year=YEAR))


# --- printed pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["page-break-inside-category", "page-break-in-merged-category"])
def test_a_category_carries_over_repeated_headers_and_page_breaks(api, baiyun, blocks, demo_plan, variant):
    data = variants.build(VARIANTS[variant], blocks)
    preview, plan = imported(api, data)
    assert preview["repeated_headers"] and preview["page_breaks"]
    assert not [p for p in preview["problems"] if p["column"] in ("序号", "类别") and "标明" not in p["message"]]
    demo_sections = {e.item.title: e.section.heading
                     for e in PlanEntry.objects.filter(plan=demo_plan).select_related("item", "section")}
    got = PlanEntry.objects.filter(plan=plan).select_related("item", "section")
    assert got.count() == sum(len(b.rows) for b in (blocks if variant == "page-break-inside-category" else blocks[:2]))
    for entry in got:
        assert entry.section.heading.startswith(demo_sections[entry.item.title].split("（")[0]), entry.item.title
    assert plan.sections.count() == len({e.section_id for e in got})  # （续） opened no section of its own


def test_a_numbering_that_starts_again_names_the_likely_missing_label(api, baiyun, blocks):
    data = variants.build(VARIANTS["numbering-restart"], blocks)
    preview = preview_of(api, data)
    header_row = preview["repeated_headers"][0]
    first = header_row + 1
    (message,) = errors(preview)
    assert message.startswith(f"第 {first} 行「序号」：第 {first}–{first + 6} 行的序号从“（一）”重新开始"
                              f"（第 {header_row - 1} 行为“（十二）”），但「类别」为空（第 {header_row - 1} 行后分页，"
                              f"第 {header_row} 行是重复的表头，第 {first} 行已在新的一页）")
    assert "“一、听取和审议“一府两院”专项工作报告”标明 12 项，到第" in message and "已列满 12 项" in message
    assert "请在第" in message and "填写类别名称" in message and "confirm_numbering" in message
    assert preview["confirmable"] and preview["numbering_restarts"] == [
        {"first_row": first, "last_row": first + 6, "section": blocks[0].label.replace("（共 12 项）", "（12项）")}]


def test_a_confirmed_restart_imports_under_the_category_above(api, baiyun, blocks):
    preview = preview_of(api, variants.build(VARIANTS["numbering-restart"], blocks))
    response = commit(api, preview["id"], confirm_numbering=True)
    assert response.status_code == 200, response.content[:2000]
    plan = AnnualPlan.objects.get(pk=response.json()["summary"]["plan_id"])
    assert plan.sections.count() == 1 and plan.entries.count() == 19
    assert any("已确认" in w for w in warnings(response.json()))


def test_the_preview_page_asks_for_the_confirmation_and_commits_with_it(office_client, baiyun, blocks):
    response = office_client.post(reverse("plan-import"), {
        "year": YEAR, "kind": variants.KIND, "file": xlsx(variants.build(VARIANTS["numbering-restart"], blocks))})
    job = BackgroundJob.objects.filter(kind=JOB_KIND).order_by("-pk").first()
    page = office_client.get(response["Location"]).content.decode()
    assert "序号重新编号的行" in page and 'name="confirm_numbering"' in page
    assert "确认并导入</button>" in page and "disabled" not in page.split('id="commit"')[1].split("</section>")[0]

    url = reverse("plan-import-commit", kwargs={"job_id": job.pk})
    refused = office_client.post(url, {})
    assert refused["Location"] == reverse("plan-import-preview", kwargs={"job_id": job.pk})
    assert not AnnualPlan.objects.filter(body=baiyun, year=YEAR).exists()
    done = office_client.post(url, {"confirm_numbering": "on"})
    plan = AnnualPlan.objects.get(body=baiyun, year=YEAR)
    assert done["Location"] == reverse("plan-detail", args=[plan.pk]) and plan.entries.count() == 19


@pytest.mark.parametrize("variant_id", [v.id for v in variants.VARIANTS if v.outcome != "ok"])
def test_each_variant_that_stops_says_why_and_changes_nothing(api, baiyun, blocks, variant_id):
    variant = VARIANTS[variant_id]
    before = snapshot()
    response = upload(api, variants.build(variant, blocks))
    if variant.outcome == "file":
        assert response.status_code == 400 and variant.message in response.json()["detail"]
        unchanged_but_bookkeeping(before, snapshot(), 0)
        return
    assert response.status_code == 201
    refused = commit(api, response.json()["id"])
    assert refused.status_code == 400
    assert any(variant.message in p["message"] for p in refused.json()["problems"]), refused.json()
    unchanged_but_bookkeeping(before, snapshot(), 1)


def test_a_label_beside_a_later_row_names_the_rows_and_what_to_fill_in(api, baiyun, blocks):
    preview = preview_of(api, variants.build(VARIANTS["label-beside-later-row"], blocks))
    (message,) = errors(preview)
    first = preview["rows"][12]["row"]  # section 二's first row, its 类别 cell empty
    assert message.startswith(f"第 {first} 行「类别」：第 {first} 行的类别无法确定：此行「类别」为空，按上方的")
    assert f"紧接着的第 {first + 1} 行写明类别“二、听取和审议专项工作报告并进行专题询问（7项）”，序号“（二）”与此行相接" in message
    assert f"请把类别写在第 {first} 行" in message
    assert not preview["confirmable"]  # a confirmation cannot settle it


# --- headers and time -----------------------------------------------------------------------------


def test_header_typos_are_forgiven_and_named(api, baiyun, blocks):
    preview, plan = imported(api, variants.build(VARIANTS["header-typos"], blocks))
    assert "第 2 行：表头“项目名”按「项目名称」列读取；如不对，请改正表头后重新上传。" in warnings(preview)
    assert "第 2 行：表头“组织实施部”按「组织实施部门」列读取；如不对，请改正表头后重新上传。" in warnings(preview)
    assert plan.entries.count() == 12


def test_time_written_as_the_item_form_accepts_it(api, baiyun, blocks):
    preview, plan = imported(api, variants.build(VARIANTS["time-texts"], blocks))
    items = items_by_title(plan)
    for row, (text, kind, (start, end), note) in zip(preview["rows"], variants.TIME_CASES, strict=True):
        item = items[row["title"]]
        assert (item.timing_kind, item.start_month if kind != "deadline" else None, item.end_month) == (kind, start, end)
        assert item.timing_note == note, text
    assert preview["rows"][1]["timing_label"] == "待定（根据区政府的提请而定）"
    assert preview["rows"][5]["timing_label"] == "1-6月"


# --- reporting bodies -------------------------------------------------------------------------------


def test_titles_set_the_reporting_bodies_they_name(api, office_client, baiyun, blocks):
    data = variants.build(VARIANTS["titles-naming-bodies"], blocks)
    preview, plan = imported(api, data)
    for row, (title, bodies) in zip(preview["rows"], variants.TITLE_CASES, strict=True):
        assert [b["name"] for b in row["reporting_bodies"]] == bodies, title
    items = items_by_title(plan)
    for title, bodies in variants.TITLE_CASES:
        assert sorted(items[title].reporting_bodies.values_list("name", flat=True)) == sorted(bodies), title
    page = office_client.get(reverse("plan-import-preview", kwargs={"job_id": preview["id"]})).content.decode()
    assert "报告单位：区法院、区检察院" in page

    # Imported again with a reworded title: the body it newly names is added, and shown among the changes.
    court = items[variants.TITLE_CASES[0][0]]
    rows = [list(cells) for cells in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=3, values_only=True)]
    rows[0][2] = "听取和审议区法院、区检察院关于全面推进民法典实施加强民事审判工作情况的报告"
    again = layout([Block(rows[0][0], [r[1:] for r in rows])], merge=False).render()
    preview = preview_of(api, again)
    assert preview["rows"][0]["changes"]["报告单位"] == ["区法院", "区法院、区检察院"]
    assert [r["action"] for r in preview["rows"][1:]] == ["unchanged"] * 5
    assert commit(api, preview["id"]).status_code == 200
    assert sorted(court.reporting_bodies.values_list("name", flat=True)) == ["区检察院", "区法院"]
    assert ItemEdit.objects.filter(item=court, changes__has_key="报告单位").exists()


# --- a mapping remembered ----------------------------------------------------------------------------


def _unknown_unit_workbook(blocks, unit="人大研究室") -> bytes:
    rows = [list(cells) for cells in blocks[0].rows[:2]]
    rows[0][variants.UNITS] = f"{unit}牵头，财经工委配合"
    return layout([Block(blocks[0].label, rows)]).render()


def test_a_mapping_remembered_on_the_page_is_used_by_the_next_import_through_the_api(office_client, api, baiyun,
                                                                                     blocks):
    data = _unknown_unit_workbook(blocks)
    office_client.post(reverse("plan-import"), {"year": YEAR, "kind": variants.KIND, "file": xlsx(data)})
    job = BackgroundJob.objects.filter(kind=JOB_KIND).order_by("-pk").first()
    page = office_client.get(reverse("plan-import-preview", kwargs={"job_id": job.pk})).content.decode()
    assert "记住这个写法" in page
    office = Committee.objects.get(body=baiyun, short_name="办公室")
    response = office_client.post(reverse("plan-import-mapping", kwargs={"job_id": job.pk}),
                                  {"unit-1": "人大研究室", "map-1": str(office.pk), "remember-1": "on"}, follow=True)
    assert "已记住“人大研究室”是「办公室」的写法" in response.content.decode()
    office.refresh_from_db()
    assert "人大研究室" in office.aliases
    entry = LogEntry.objects.filter(object_id=str(office.pk)).order_by("-pk").first()
    assert "其他写法" in entry.change_message and "导入计划时记住的写法（安排表.xlsx）" in entry.change_message
    job.refresh_from_db()
    assert job.result["preview"]["unknown_units"] == [] and job.params["mapping"] == {}

    preview = preview_of(api, data)  # the same file through the API: found at once
    assert preview["unknown_units"] == [] and preview["can_commit"]
    assert preview["rows"][0]["leads"][0] | {"id": None} == {"id": None, "short_name": "办公室", "written": "人大研究室",
                                                              "how": "found"}


def test_the_api_remembers_a_mapping_only_for_the_bodys_own_committees(api, baiyun, second_body, blocks):
    preview = preview_of(api, _unknown_unit_workbook(blocks, "人大调研室"))
    url = reverse("api:plan-import-preview", kwargs={"job_id": preview["id"]})
    with scopes_disabled():
        foreign = Committee.objects.filter(body=second_body).first()
    before = {c.pk: list(c.aliases) for c in Committee.objects.filter(body=baiyun)}
    refused = api.post(url, {"mapping": {"人大调研室": foreign.pk}, "remember": True}, format="json")
    assert refused.status_code == 400 and "不存在或不属于本常委会" in refused.json()["mapping"][0]
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    taken = api.post(url, {"mapping": {"人大调研室": caijing.pk, "财经工委": caijing.pk}, "remember": ["财经工委"]},
                     format="json")
    assert taken.status_code == 200 and taken.json()["remembered"] == []  # its own name already: nothing to keep
    clash = Committee.objects.get(body=baiyun, short_name="办公室")
    refused = api.post(url, {"mapping": {"财经工委": clash.pk}, "remember": ["财经工委"]}, format="json")
    assert refused.status_code == 400 and "已是委员会「财政经济工作委员会」（财经工委）的名称或其他写法" in refused.json()["detail"]
    assert {c.pk: list(c.aliases) for c in Committee.objects.filter(body=baiyun)} == before

    saved = api.post(url, {"mapping": {"人大调研室": caijing.pk}, "remember": True}, format="json")
    assert saved.status_code == 200 and saved.json()["remembered"] == [
        {"name": "人大调研室", "committee_id": caijing.pk, "committee": "财经工委"}]
    assert saved.json()["mapping"] == {} and saved.json()["can_commit"]
    assert preview_of(api, _unknown_unit_workbook(blocks, "人大调研室"))["unknown_units"] == []
    with scopes_disabled():
        assert not [c for c in Committee.objects.filter(body=second_body) if "人大调研室" in c.aliases]


# --- the demo's own exports --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["supervision", "major_matters", "deputy_work", "work_points"])
def test_the_demo_plans_exports_import_back_unchanged(api, baiyun, kind):
    """(The work-points plan's point 6 and the matters it names share one merged 序号 cell.)"""
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind=kind)
    preview = preview_of(api, PlanWorkbookExporter(plan).render(), year=2023, kind=kind)
    assert preview["error_count"] == 0, errors(preview)
    entries = {e.id: e for e in plan.entries.all()}
    for row in preview["rows"]:
        assert row["entry_id"] in entries and row["changes"] == {}, (row["title"], row["changes"])
    assert not preview["removals"]
