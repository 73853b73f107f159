"""Importing a plan from its Word text: preview with sources, corrections, all-or-nothing commit, re-import,
links to other plans' matters, permissions, the API, and the preview page's query count.

Most tests give the import a ProposedPlan built here (the reader, plans.imports.word_text, is measured by
tests/plans/test_word_accuracy.py); those marked "real reader" read the Baiyun seed's text end to end.
"""

import copy
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import BackgroundJob, Committee, ReportingBody
from plans.imports import word_import
from plans.imports.word_import import IMPORT_NOTE, JOB_KIND
from plans.imports.word_model import ProposedItem, ProposedPlan, ProposedSection
from plans.models import AnnualPlan, ItemEdit, PlanEntry, PlanItem, PlanItemStatus
from tests.conftest import client_for

YEAR = 2031  # a year the demo data has no plan in
KIND = "supervision"
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "baiyun-2023" / "seed-000.txt"


def _item(number, title, *, forms=("special_report",), timing=None, leads=(), helpers=(), bodies=(), focus="",
          standing=True, all_help=False) -> ProposedItem:
    timing = {"timing_kind": "month", "start_month": 5, "end_month": None, "quarter": None, "timing_note": "",
              **(timing or {})}
    arrangement = f"拟安排在 {timing.get('start_month') or ''} 月份常委会会议上听取和审议，有关准备工作由{'、'.join(leads)}负责。"
    return ProposedItem(
        number=number, title=title, text=f"{number}{title}。重点是：{focus}\n{arrangement}", focus=focus,
        forms=list(forms), timing=timing, to_standing_meeting=standing, leads=list(leads), helpers=list(helpers),
        all_committees_help=all_help, reporting_bodies=list(bodies),
        sources={"title": f"{number}{title}。", "focus": f"重点是：{focus}", "forms": title,
                 "timing": arrangement, "meetings": arrangement, "leads": arrangement, "helpers": arrangement,
                 "reporting_bodies": title},
    )


def plan_a() -> ProposedPlan:
    """A supervision plan of two sections; item 3 names a committee the body does not have."""
    return ProposedPlan(title=f"示范 {YEAR} 年度监督工作计划", kind=KIND, year=YEAR, sections=[
        ProposedSection(heading="听取和审议专项工作报告", number="一、", declared_count=2, items=[
            _item("（一）", "听取和审议区法院关于民事审判工作情况的报告", leads=["监察司法委员会", "监察司法工委"],
                  bodies=["区法院"], focus="民法典实施"),
            _item("（二）", "听取和审议区政府关于教师队伍建设情况的报告", forms=("special_report", "evaluation"),
                  leads=["教科文卫工委"], bodies=["区人民政府"], timing={"start_month": 6}),
        ]),
        ProposedSection(heading="专题调研", number="二、", declared_count=1, items=[
            _item("（一）", "开展农村人居环境整治专题调研", forms=("research",), standing=False,
                  timing={"timing_kind": "deadline", "start_month": None, "end_month": 7},
                  leads=["乡村振兴工委"], all_help=True),
        ]),
    ])


TEXTS = {"PLAN-A": plan_a}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reader(monkeypatch):
    """The reader answers the texts of TEXTS with their ProposedPlans (a fresh copy each time, as a re-read)."""
    plans = dict(TEXTS)

    def parse(text, reporting_bodies=None):
        key = text.strip()
        return copy.deepcopy(plans[key]()) if key in plans else ProposedPlan()

    monkeypatch.setattr(word_import, "parse_plan_text", parse)
    monkeypatch.setattr(word_import, "split_documents", lambda text: [text])
    return plans


def paste(client, text="PLAN-A", **fields) -> BackgroundJob:
    response = client.post(reverse("plan-word-import"), {"text": text, **fields})
    assert response.status_code == 302, response.content.decode()[:3000]
    job = BackgroundJob.objects.filter(kind=JOB_KIND).order_by("-pk").first()
    assert response["Location"] == reverse("plan-word-import-preview", kwargs={"job_id": job.pk})
    return job


def preview_of(job) -> dict:
    job.refresh_from_db()
    return job.result["preview"]


def row(preview, index) -> dict:
    return next(r for r in preview["rows"] if r["index"] == index)


def committee(body, short_name) -> Committee:
    return Committee.objects.get(body=body, short_name=short_name)


def form_of(preview, **overrides) -> dict:
    """The correction form as the page posts it, unchanged, with `overrides` ({"r3-title": "…"})."""
    data = {"revision": str(preview.get("_revision", 0)), "kind": preview["kind"] or "",
            "year": str(preview["year"] or "")}
    for r in preview["rows"]:
        p, v = f"r{r['index']}-", r["values"]
        data.update({p + "title": v["title"], p + "focus": v["focus"], p + "number": v["number"],
                     p + "section": str(v["section"]), p + "form": v["form"], p + "extra_forms": v["extra_forms"],
                     p + "timing_kind": v["timing_kind"], p + "timing_note": v["timing_note"],
                     p + "leads": [str(i) for i in v["leads"]], p + "helpers": [str(i) for i in v["helpers"]],
                     p + "reporting_bodies": [str(i) for i in v["reporting_bodies"]],
                     p + "link": str(v["link"] or ""), p + "mentions": [str(i) for i in v["mentions"]]})
        for key in ("start_month", "end_month", "quarter"):
            data[p + key] = "" if v[key] is None else str(v[key])
        for key in ("to_standing_meeting", "to_chairpersons_meeting", "all_committees_help"):
            if v[key]:
                data[p + key] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def correct(client, job, **overrides):
    job.refresh_from_db()
    preview = {**job.result["preview"], "_revision": job.params.get("revision", 0)}
    return client.post(reverse("plan-word-import-correct", kwargs={"job_id": job.pk}), form_of(preview, **overrides))


def commit(client, job):
    return client.post(reverse("plan-word-import-commit", kwargs={"job_id": job.pk}))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def nothing_saved(body) -> bool:
    return not AnnualPlan.objects.filter(body=body, year=YEAR).exists() and not PlanItem.objects.filter(
        body=body, year=YEAR).exists()


# --- the preview ----------------------------------------------------------------------------------------


def test_a_paste_is_previewed_with_every_field_beside_its_sentence(office_client, baiyun, reader):
    job = paste(office_client)
    preview = preview_of(job)
    assert (preview["kind"], preview["year"], preview["plan"]["exists"]) == (KIND, YEAR, False)
    assert [s["heading"] for s in preview["sections"]] == ["一、听取和审议专项工作报告（共 2 项）", "二、专题调研（共 1 项）"]
    first, second, third = preview["rows"]
    assert first["values"]["leads"] == [committee(baiyun, "监察司法委员会").pk, committee(baiyun, "监察司法工委").pk]
    assert [b["name"] for b in first["reporting_bodies"]] == ["区法院"]
    assert [b["name"] for b in second["reporting_bodies"]] == ["区政府"]  # written 区人民政府, another spelling
    assert second["forms_label"] == "专项工作报告、满意度测评"
    assert third["timing_label"] == "7月底前" and third["values"]["all_committees_help"]
    assert first["sources"]["timing"].startswith("拟安排在 5 月份常委会会议上")

    # The unknown committee is an error naming the item and the name as written; nothing can be committed.
    errors = [p["message"] for p in preview["problems"] if p["level"] == "error"]
    assert errors == ["第 3 项（二、（一））「牵头委员会」：找不到委员会“乡村振兴工委”：请在本项的“牵头委员会”中选择对应的委员会。"]
    assert not preview["can_commit"]

    page = office_client.get(reverse("plan-word-import-preview", kwargs={"job_id": job.pk})).content.decode()
    assert "原文：拟安排在 5 月份常委会会议上听取和审议" in page
    assert "未识别：乡村振兴工委" in page
    assert re.search(r'<button type="submit" class="primary" disabled>提交</button>', page)
    assert "找不到委员会“乡村振兴工委”" in page


def test_kind_and_year_come_from_the_text_unless_chosen(office_client, baiyun, reader):
    preview = preview_of(paste(office_client, kind="work_points", year="2032"))
    assert (preview["kind"], preview["year"]) == ("work_points", 2032)
    assert any("文字中写的是 2031 年" in p["message"] for p in preview["problems"])
    reader["PLAN-A"] = lambda: ProposedPlan(sections=plan_a().sections)  # a text that says neither
    preview = preview_of(paste(office_client))
    messages = [p["message"] for p in preview["problems"] if p["level"] == "error"]
    assert "文字中没有写明是哪一种计划：请选择计划类别。" in messages and "文字中没有写明年度：请填写年度。" in messages


def test_an_empty_paste_and_an_unreadable_file_are_refused(office_client, baiyun, reader):
    response = office_client.post(reverse("plan-word-import"), {"text": "   "})
    assert response.status_code == 200 and "请粘贴计划的全文" in response.content.decode()
    for name, data, message in [("plan.docx", b"not a zip", "不是 Word 文件"),
                                ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "旧版 Word 文件"),
                                ("plan.docx", b"PK\x03\x04broken", "无法读取这个 Word 文件")]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = office_client.post(reverse("plan-word-import"), {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200 and message in response.content.decode(), name
    assert not BackgroundJob.objects.filter(kind=JOB_KIND).exists()


# --- corrections -----------------------------------------------------------------------------------------


def test_corrections_change_the_preview_and_the_commit(office_client, baiyun, reader):
    job = paste(office_client)
    shehui = committee(baiyun, "社会建设工委")
    response = correct(office_client, job, **{
        "r1-title": "听取和审议区法院关于民事审判工作情况的报告（更正）",
        "r2-form": "inspection", "r2-extra_forms": [],
        "r1-timing_kind": "range", "r1-start_month": "8", "r1-end_month": "10",
        "r3-leads": [str(shehui.pk)],
    })
    assert response.status_code == 302
    assert "已保存更正并重新检查，没有错误。" in messages_of(response)
    preview = preview_of(job)
    first, second, third = preview["rows"]
    assert first["values"]["title"].endswith("（更正）") and first["timing_label"] == "8-10月"
    assert set(first["corrected"]) == {"title", "timing_kind", "start_month", "end_month"}
    assert second["forms_label"] == "执法检查" and third["leads"] == [{"id": shehui.pk, "short_name": "社会建设工委"}]
    assert third["unknown"]["leads"] == [] and preview["can_commit"]
    # What the text said is kept beside the correction.
    assert first["proposed"]["title"] == "听取和审议区法院关于民事审判工作情况的报告"
    page = office_client.get(reverse("plan-word-import-preview", kwargs={"job_id": job.pk})).content.decode()
    assert "已更正" in page and '<button type="submit" class="primary">提交</button>' in page

    response = commit(office_client, job)
    plan = AnnualPlan.objects.get(body=baiyun, year=YEAR, kind=KIND)
    assert response.status_code == 302 and response["Location"] == reverse("plan-detail", kwargs={"pk": plan.pk})
    assert "已从 Word 导入" in messages_of(response)[0]
    entries = list(PlanEntry.objects.filter(plan=plan).select_related("item", "section").order_by("order"))
    assert [e.number for e in entries] == ["（一）", "（二）", "（一）"]
    assert [e.section.heading for e in entries] == ["一、听取和审议专项工作报告（共 2 项）"] * 2 + ["二、专题调研（共 1 项）"]
    court = entries[0].item
    assert court.title.endswith("（更正）") and court.timing.label() == "8-10月" and court.focus == "民法典实施"
    assert [r.name for r in court.reporting_bodies.all()] == ["区法院"] and court.to_standing_meeting
    assert {r.committee.short_name for r in court.responsibilities.all()} == {"监察司法委员会", "监察司法工委"}
    assert entries[1].item.form == "inspection"
    research = entries[2].item
    assert (research.form, research.timing.label(), research.all_committees_help) == ("research", "7月底前", True)
    assert [(r.committee_id, r.role) for r in research.responsibilities.all()] == [(shehui.pk, "lead")]
    assert ItemEdit.objects.filter(item__in=[e.item for e in entries], note=IMPORT_NOTE).count() == 3


def test_setting_a_field_back_to_what_the_text_says_drops_its_correction(office_client, baiyun, reader):
    job = paste(office_client)
    correct(office_client, job, **{"r2-focus": "另写的重点"})
    assert preview_of(job)["corrections"]["rows"] == {"2": {"focus": "另写的重点"}}
    correct(office_client, job, **{"r2-focus": ""})
    assert preview_of(job)["corrections"]["rows"] == {}


@pytest.mark.parametrize("field, value, message", [
    ("r1-leads", "OTHER", "第 1 项（一、（一））「牵头委员会」：没有编号为"),
    ("r2-start_month", "13", "第 2 项（一、（二））「起始月份」：应在 1 到 12 之间（收到 13）"),
    ("r1-form", "poetry", "第 1 项（一、（一））「监督形式」：“poetry”不是可选的值"),
    ("r3-reporting_bodies", "OTHER-BODY", "第 3 项（二、（一））「报告单位」：没有编号为"),
])
def test_a_bad_correction_is_refused_naming_the_item_and_field(office_client, baiyun, second_body, reader, field,
                                                               value, message):
    job = paste(office_client)
    job.refresh_from_db()
    before = (job.params, job.result)
    if value == "OTHER":
        value = [str(Committee.objects.filter(body=second_body).first().pk)]
    elif value == "OTHER-BODY":
        value = [str(ReportingBody.objects.filter(body=second_body).first().pk)]
    response = correct(office_client, job, **{field: value, "r1-title": "这条更正也不应保存"})
    assert response.status_code == 302
    [shown] = messages_of(response)
    assert shown.startswith("更正未保存：" + message), shown
    job.refresh_from_db()
    assert (job.params, job.result) == before  # nothing changed, not even the good correction beside it


def test_the_kind_and_year_are_corrected_like_any_field(office_client, baiyun, reader):
    job = paste(office_client)
    correct(office_client, job, kind="major_matters", year="2032")
    preview = preview_of(job)
    assert (preview["kind"], preview["year"], preview["corrections"]["kind"]) == ("major_matters", 2032, "major_matters")
    assert preview["plan"]["title"] == "示范 2032 年度监督工作计划"  # the text's title, with the year chosen
    response = correct(office_client, job, year="1999")
    assert messages_of(response)[-1] == "更正未保存：「年度」：应在 2000 到 2100 之间（收到 1999）。"


@pytest.mark.parametrize("corrections", [
    None, [], "rows", {"rows": []}, {"rows": {"1": "title"}}, {"rows": {"99": {"title": "x"}}},
    {"rows": {"1": {"leads": "3"}}}, {"rows": {"1": {"leads": [{"id": 1}]}}}, {"rows": {"1": {"title": ""}}},
    {"rows": {"1": {"title": 5}}}, {"rows": {"1": {"section": 9}}}, {"rows": {"1": {"quarter": True}}},
    {"rows": {"1": {"extra_forms": "inquiry"}}}, {"rows": {"1": {"to_standing_meeting": "yes"}}},
    {"rows": {"1": {"link": -1}}}, {"rows": {"1": {"mentions": [None]}}}, {"kind": "x"}, {"year": "soon"},
    {"colour": 1}, {"rows": {"1": {"leads": [1], "helpers": [1]}}},
])
def test_the_api_refuses_malformed_corrections_in_words(api, baiyun, reader, corrections):
    job = api.post(reverse("api:plan-word-import-list"), {"text": "PLAN-A"}, format="json").json()
    if corrections == {"rows": {"1": {"leads": [1], "helpers": [1]}}}:
        pk = committee(baiyun, "财经工委").pk
        corrections = {"rows": {"1": {"leads": [pk], "helpers": [pk]}}}
    response = api.post(reverse("api:plan-word-import-preview", kwargs={"job_id": job["id"]}),
                        {"corrections": corrections}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["detail"] if "detail" in response.json() else response.json()["corrections"]
    assert api.get(reverse("api:plan-word-import-detail", kwargs={"job_id": job["id"]})).json()["revision"] == 0


def test_a_correction_made_on_an_older_preview_is_refused(office_client, baiyun, reader):
    job = paste(office_client)
    correct(office_client, job, **{"r1-focus": "第一次更正"})
    job.refresh_from_db()
    stale = form_of({**job.result["preview"], "_revision": 0}, **{"r1-focus": "另一窗口中的更正"})
    response = office_client.post(reverse("plan-word-import-correct", kwargs={"job_id": job.pk}), stale)
    assert any("预览已在别处更新" in m for m in messages_of(response))
    assert row(preview_of(job), 1)["values"]["focus"] == "第一次更正"


def test_a_range_ending_before_it_starts_is_the_items_error(office_client, baiyun, reader):
    job = paste(office_client)
    correct(office_client, job, **{"r1-timing_kind": "range", "r1-start_month": "9", "r1-end_month": "3",
                                   "r3-leads": [str(committee(baiyun, "财经工委").pk)]})
    preview = preview_of(job)
    assert [p["message"] for p in preview["problems"] if p["level"] == "error"] == [
        "第 1 项（一、（一））「截止月份」：截止月份应晚于起始月份。"]
    assert commit(office_client, job).status_code == 302 and nothing_saved(baiyun)


# --- the commit ------------------------------------------------------------------------------------------


def _fixed(client, job, body):
    correct(client, job, **{"r3-leads": [str(committee(body, "农村农业工委").pk)]})
    assert preview_of(job)["can_commit"]


def test_the_commit_is_all_or_nothing(office_client, baiyun, reader, monkeypatch):
    job = paste(office_client)
    _fixed(office_client, job, baiyun)
    real, calls = word_import._save_row, {"n": 0}

    def failing(row, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(row, **kwargs)

    monkeypatch.setattr(word_import, "_save_row", failing)
    response = commit(office_client, job)
    assert response.status_code == 302 and calls["n"] == 3
    assert nothing_saved(baiyun)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and "计划未作任何修改" in job.message

    monkeypatch.setattr(word_import, "_save_row", real)
    assert commit(office_client, job).status_code == 302  # a failed import may be tried again
    assert PlanEntry.objects.filter(plan__body=baiyun, plan__year=YEAR).count() == 3
    assert commit(office_client, job).status_code == 302  # a second click changes nothing
    assert PlanItem.objects.filter(body=baiyun, year=YEAR).count() == 3


def test_importing_again_updates_the_plan_instead_of_duplicating(office_client, baiyun, reader):
    job = paste(office_client)
    _fixed(office_client, job, baiyun)
    commit(office_client, job)
    plan = AnnualPlan.objects.get(body=baiyun, year=YEAR, kind=KIND)
    items = {e.number + e.item.title: e.item for e in PlanEntry.objects.filter(plan=plan).select_related("item")}
    court = PlanItem.objects.get(body=baiyun, year=YEAR, title__startswith="听取和审议区法院")
    PlanItem.objects.filter(pk=court.pk).update(status=PlanItemStatus.PREPARING, progress=30)

    def revised():
        plan = plan_a()
        plan.sections[0].items[0].timing = {**plan.sections[0].items[0].timing, "start_month": 9}
        plan.sections[1].items[0].leads = ["农村农业工委"]
        plan.sections[1].items.append(_item("（二）", "开展基层人大建设专题调研", forms=("research",),
                                            leads=["选联工委"], standing=False))
        plan.sections[1].declared_count = 2
        return plan

    reader["PLAN-B"] = revised
    job = paste(office_client, text="PLAN-B")
    preview = preview_of(job)
    assert preview["plan"] == {"id": plan.pk, "exists": True, "title": plan.title, "status": "draft",
                               "status_label": "草案"}
    assert [r["action"] for r in preview["rows"]] == ["update", "unchanged", "unchanged", "new"]
    assert preview["rows"][0]["changes"] == {"时间": ["5月", "9月"]}
    commit(office_client, job)

    assert PlanItem.objects.filter(body=baiyun, year=YEAR).count() == 4
    court.refresh_from_db()
    assert (court.timing.label(), court.status, court.progress, court.version) == ("9月", "preparing", 30, 2)
    edit = ItemEdit.objects.filter(item=court).order_by("-pk").first()
    assert (edit.note, edit.changes) == (IMPORT_NOTE, {"时间": ["5月", "9月"]})
    assert {e.number + e.item.title: e.item for e in PlanEntry.objects.filter(plan=plan)
            .select_related("item")}.items() >= items.items()
    assert AnnualPlan.objects.filter(body=baiyun, year=YEAR).count() == 1


def test_a_matter_another_plan_holds_is_linked_not_duplicated(office_client, baiyun, reader):
    points = AnnualPlan.objects.create(body=baiyun, year=YEAR, kind="work_points", title=f"{YEAR} 年工作要点")
    matter = PlanItem.objects.create(body=baiyun, year=YEAR, title="听取和审议区法院关于民事审判工作情况的报告",
                                     form="special_report", timing_kind="month", start_month=4)
    PlanEntry.objects.create(plan=points, item=matter, order=1, number="6")
    job = paste(office_client)
    first = row(preview_of(job), 1)
    assert first["action"] == "link" and first["link"]["id"] == matter.pk
    assert first["link"]["plans"] == [points.title]
    assert "时间" not in first["changes"]  # the matter keeps its own fields unless the clerk corrects them

    _fixed(office_client, job, baiyun)
    commit(office_client, job)
    matter.refresh_from_db()
    assert PlanItem.objects.filter(body=baiyun, year=YEAR).count() == 3  # 2 new + the linked matter
    assert set(matter.entries.values_list("plan__kind", flat=True)) == {"work_points", KIND}
    assert matter.timing.label() == "4月"
    assert ItemEdit.objects.get(item=matter, note=IMPORT_NOTE).changes == {"所在计划": ["", f"示范 {YEAR} 年度监督工作计划"]}


def test_the_clerk_may_refuse_or_choose_a_link(office_client, baiyun, reader):
    points = AnnualPlan.objects.create(body=baiyun, year=YEAR, kind="work_points", title=f"{YEAR} 年工作要点")
    matter = PlanItem.objects.create(body=baiyun, year=YEAR, title="听取和审议区法院关于民事审判工作情况的报告",
                                     form="special_report", timing_kind="year")
    other = PlanItem.objects.create(body=baiyun, year=YEAR, title="农村人居环境", form="research", timing_kind="year")
    for order, item in enumerate([matter, other], 1):
        PlanEntry.objects.create(plan=points, item=item, order=order, number=str(order))
    job = paste(office_client)
    correct(office_client, job, **{"r1-link": ""})
    assert row(preview_of(job), 1)["action"] == "new"
    api = APIClient()
    api.force_authenticate(user=_user("office"))
    response = api.post(reverse("api:plan-word-import-preview", kwargs={"job_id": job.pk}),
                        {"corrections": {"rows": {"3": {"link": other.pk, "leads": [committee(baiyun, "财经工委").pk]}}}},
                        format="json")
    assert response.status_code == 200, response.content
    third = row(response.json(), 3)
    assert third["action"] == "link" and third["item_id"] == other.pk
    assert third["changes"]["牵头"] == ["", "财经工委"]  # a corrected field is written to the linked matter


# --- permissions ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["director", "lead-caijing"])
def test_only_the_office_may_import_from_word(baiyun, username, office_client, reader):
    job = paste(office_client)
    client = client_for(username)
    pages = [
        client.get(reverse("plan-word-import")),
        client.post(reverse("plan-word-import"), {"text": "PLAN-A"}),
        client.get(reverse("plan-word-import-preview", kwargs={"job_id": job.pk})),
        client.post(reverse("plan-word-import-correct", kwargs={"job_id": job.pk}), {"revision": "0"}),
        commit(client, job),
    ]
    for response in pages:
        assert response.status_code == 403
        assert "只有办公室可以从 Word 文件导入年度计划" in response.content.decode()
    api = APIClient()
    api.force_authenticate(user=_user(username))
    for response in [
        api.get(reverse("api:plan-word-import-list")),
        api.post(reverse("api:plan-word-import-list"), {"text": "PLAN-A"}, format="json"),
        api.get(reverse("api:plan-word-import-detail", kwargs={"job_id": job.pk})),
        api.post(reverse("api:plan-word-import-preview", kwargs={"job_id": job.pk}), {}, format="json"),
        api.post(reverse("api:plan-word-import-commit", kwargs={"job_id": job.pk})),
    ]:
        assert response.status_code == 403 and "只有办公室" in response.json()["detail"]
    assert nothing_saved(baiyun) and BackgroundJob.objects.filter(kind=JOB_KIND).count() == 1


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.mark.django_db
def test_anonymous_visitors_are_refused(client, baiyun, reader):
    for response in [client.get(reverse("plan-word-import")), client.post(reverse("plan-word-import"), {"text": "x"})]:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert APIClient().post(reverse("api:plan-word-import-list"), {"text": "x"}, format="json").status_code in (401, 403)
    assert not BackgroundJob.objects.filter(kind=JOB_KIND).exists()


def test_another_bodys_office_finds_nothing(office_client, baiyun, second_body, reader):
    job = paste(office_client)
    other = client_for("office-other")
    assert other.get(reverse("plan-word-import")).status_code == 200  # its own upload page
    for name, method in [("plan-word-import-preview", "get"), ("plan-word-import-correct", "post"),
                         ("plan-word-import-commit", "post")]:
        assert getattr(other, method)(reverse(name, kwargs={"job_id": job.pk})).status_code == 404, name
    api = APIClient()
    api.force_authenticate(user=_user("office-other"))
    assert api.get(reverse("api:plan-word-import-list")).json()["count"] == 0
    for name in ["api:plan-word-import-preview", "api:plan-word-import-commit"]:
        assert api.post(reverse(name, kwargs={"job_id": job.pk}), {}, format="json").status_code == 404
    assert nothing_saved(baiyun)


# --- API -------------------------------------------------------------------------------------------------------


@pytest.fixture
def api(baiyun):
    client = APIClient()
    client.force_authenticate(user=_user("office"))
    return client


def test_api_text_corrections_and_commit(api, baiyun, reader):
    response = api.post(reverse("api:plan-word-import-list"), {"text": "PLAN-A"}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    job_id, url = data["id"], reverse("api:plan-word-import-preview", kwargs={"job_id": data["id"]})
    assert (data["kind"], data["year"], data["source"], data["revision"]) == (KIND, YEAR, "paste", 0)
    assert not data["can_commit"] and data["rows"][0]["sources"]["title"]

    # Refused: another body's committee, a month 13; the import is as it was.
    for fields, message in [({"leads": [Committee.objects.exclude(body=baiyun).first().pk]}, "「牵头委员会」：没有编号为"),
                            ({"start_month": 13}, "「起始月份」：应在 1 到 12 之间（收到 13）"),
                            ({"colour": "red"}, "不能更正“colour”")]:
        response = api.post(url, {"corrections": {"rows": {"3": fields}}}, format="json")
        assert response.status_code == 400 and message in response.json()["detail"], response.json()
    assert api.get(reverse("api:plan-word-import-detail", kwargs={"job_id": job_id})).json()["revision"] == 0

    response = api.post(url, {"corrections": {"rows": {"3": {"leads": [committee(baiyun, "财经工委").pk]}}},
                              "revision": 0}, format="json")
    assert response.status_code == 200 and response.json()["can_commit"] and response.json()["revision"] == 1
    response = api.post(url, {"corrections": {"rows": {"1": {"focus": "x"}}}, "revision": 0}, format="json")
    assert response.status_code == 409  # made on the older preview
    response = api.post(url, {"corrections": {"rows": {"1": {"quarter": 2, "timing_kind": "quarter"}}}},
                        format="json")
    assert response.json()["rows"][0]["timing_label"] == "第二季度"
    assert response.json()["corrections"]["rows"].keys() == {"1", "3"}  # added to those kept

    response = api.post(reverse("api:plan-word-import-commit", kwargs={"job_id": job_id}), format="json")
    assert response.status_code == 200, response.content
    summary = response.json()["summary"]
    assert (summary["created"], summary["plan_created"]) == (3, True)
    assert PlanItem.objects.get(pk=PlanEntry.objects.get(plan_id=summary["plan_id"], order=1).item_id).quarter == 2
    again = api.post(reverse("api:plan-word-import-commit", kwargs={"job_id": job_id}), format="json")
    assert again.status_code == 409 and "不能重复提交" in again.json()["detail"]


def test_api_refuses_what_it_cannot_read(api, baiyun, reader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.post(reverse("api:plan-word-import-list"), {"file": SimpleUploadedFile("a.docx", b"nope")},
                        format="multipart")
    assert response.status_code == 400 and "不是 Word 文件" in response.json()["detail"]
    response = api.post(reverse("api:plan-word-import-list"), {"text": "PLAN-A", "kind": "nonsense", "year": 1900},
                        format="json")
    assert response.status_code == 400 and {"kind", "year"} <= set(response.json())
    response = api.post(reverse("api:plan-word-import-list"), {"text": " \n "}, format="json")
    assert response.status_code == 400
    job = api.post(reverse("api:plan-word-import-list"), {"text": "PLAN-A"}, format="json").json()
    url = reverse("api:plan-word-import-commit", kwargs={"job_id": job["id"]})
    response = api.post(url, format="json")
    assert response.status_code == 400 and response.json()["problems"][0]["column"] == "牵头委员会"
    assert nothing_saved(baiyun)


# --- the page's cost -------------------------------------------------------------------------------------------


def test_the_preview_page_costs_the_same_for_a_long_plan(office_client, baiyun, reader, django_assert_max_num_queries):
    def long_plan():
        plan = plan_a()
        plan.sections[0].items = [_item(f"（{n}）", f"听取和审议第 {n} 项报告", leads=["财经工委"], bodies=["区政府"])
                                  for n in range(1, 61)]
        return plan

    reader["LONG"] = long_plan
    short, long = paste(office_client), paste(office_client, text="LONG")
    assert len(preview_of(long)["rows"]) == 61
    for job in (short, long):
        with django_assert_max_num_queries(8):
            response = office_client.get(reverse("plan-word-import-preview", kwargs={"job_id": job.pk}))
        assert response.status_code == 200


# --- the real reader on the Baiyun seed ---------------------------------------------------------------------------


def seed_plan(kind: str) -> str:
    """One of the four plans of the Baiyun seed (the text extracted from its PDF)."""
    from plans.imports.word_text import split_documents

    documents = split_documents(SEED.read_text(encoding="utf-8"))
    return next(d for d in documents if {"supervision": "监督工作计划", "major_matters": "讨论决定重大事项",
                                         "work_points": "工作要点"}[kind] in d.splitlines()[0])


def docx_of(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_seeds_supervision_plan_read_again_changes_nothing(office_client, baiyun):
    """Real reader: the demo's 2023 监督工作计划 was entered from this text; importing it again finds every item."""
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind=KIND)
    versions = dict(PlanItem.objects.filter(entries__plan=plan).values_list("pk", "version"))
    preview = preview_of(paste(office_client, text=seed_plan(KIND)))
    assert (preview["kind"], preview["year"], preview["plan"]["id"]) == (KIND, 2023, plan.pk)
    assert len(preview["rows"]) == 40 and preview["error_count"] == 0
    assert preview["counts"] | {"unchanged": 0} == {"new": 0, "update": 0, "unchanged": 0, "link": 0, "kept": 0,
                                                    "mentioned": 0}
    first = preview["rows"][0]
    assert first["values"]["title"] == "听取和审议区法院关于全面推进民法典实施加强民事审判工作情况的报告"
    assert first["sources"]["timing"].startswith("拟安排在 5 月份常委会会议上听取和审议")
    assert [c["short_name"] for c in first["leads"]] == ["监察司法委员会", "监察司法工委"]

    job = BackgroundJob.objects.filter(kind=JOB_KIND).latest("pk")
    response = commit(office_client, job)
    assert response.status_code == 302 and "未变 40 项" in messages_of(response)[0]
    assert dict(PlanItem.objects.filter(entries__plan=plan).values_list("pk", "version")) == versions
    assert not ItemEdit.objects.filter(note=IMPORT_NOTE).exists()


def test_the_seeds_work_points_read_again_keep_the_matters_they_name(office_client, baiyun):
    """Real reader: the demo's 工作要点 lists, after paragraphs 6-10 and 14, the matters they name; importing the text
    again finds those entries instead of adding them twice, and a mention the clerk unticks is left out."""
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind="work_points")
    entries = plan.entries.count()
    job = paste(office_client, text=seed_plan("work_points"))
    preview = preview_of(job)
    assert preview["counts"]["new"] == 0 and preview["counts"]["mentioned"] >= 30
    claimed = [m for r in preview["rows"] for m in r["mentioned"] if m["entry_id"]]
    assert len(claimed) >= 30
    commit(office_client, job)
    assert plan.entries.count() == entries

    job = paste(office_client, text=seed_plan("work_points"))
    paragraph = next(r for r in preview_of(job)["rows"] if r["mentioned"])
    dropped = paragraph["mentioned"][0]
    kept = [str(m["id"]) for m in paragraph["mentioned"][1:]]
    correct(office_client, job, **{f"r{paragraph['index']}-mentions": kept})
    preview = preview_of(job)
    assert dropped["id"] not in row(preview, paragraph["index"])["values"]["mentions"]
    assert any(k["item_id"] == dropped["id"] for k in preview["kept"])  # still in the plan, as an entry left over


def test_a_docx_is_read_like_its_text(office_client, baiyun):
    """Real reader: the same plan as a Word file, for another year: a new draft of 40 items."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("监督工作计划.docx", docx_of(seed_plan(KIND)))
    response = office_client.post(reverse("plan-word-import"), {"file": upload, "year": str(YEAR)})
    assert response.status_code == 302
    preview = preview_of(BackgroundJob.objects.filter(kind=JOB_KIND).latest("pk"))
    assert (preview["source"], preview["filename"], preview["kind"], preview["year"]) == (
        "docx", "监督工作计划.docx", KIND, YEAR)
    assert preview["plan"]["title"] == f"广州市白云区人大常委会 {YEAR} 年度监督工作计划"
    assert preview["counts"]["new"] == 40 and preview["can_commit"]


def test_plans_of_one_year_share_their_matters(office_client, baiyun):
    """Real reader: the 讨论决定重大事项工作计划 lists ten matters of the 监督工作计划 and one of its own; the
    工作要点 names dozens of them in its paragraphs. Each matter is created once."""
    commit(office_client, paste(office_client, text=seed_plan(KIND), year=str(YEAR)))
    assert PlanItem.objects.filter(body=baiyun, year=YEAR).count() == 40

    job = paste(office_client, text=seed_plan("major_matters"), year=str(YEAR))
    preview = preview_of(job)
    assert (preview["counts"]["link"], preview["counts"]["new"]) == (10, 1)
    linked = row(preview, 6)
    assert linked["link"]["title"] == "听取和审议区政府关于 2022 年区级预算执行和其他财政收支的审计工作报告"
    assert linked["values"]["title"] == "听取和审议区政府关于 2022 年度预算执行和其他财政收支的审计工作报告"
    commit(office_client, job)
    assert PlanItem.objects.filter(body=baiyun, year=YEAR).count() == 41
    entry = PlanEntry.objects.get(plan__kind="major_matters", plan__year=YEAR, item_id=linked["item_id"])
    assert entry.wording == linked["values"]["title"] and entry.number == "六"

    job = paste(office_client, text=seed_plan("work_points"), year=str(YEAR))
    preview = preview_of(job)
    paragraph = row(preview, 7)
    assert paragraph["values"]["title"] == "围绕为人民看好“钱袋子”开展监督"
    assert len(paragraph["mentioned"]) >= 5
    commit(office_client, job)
    points = AnnualPlan.objects.get(body=baiyun, year=YEAR, kind="work_points")
    assert PlanItem.objects.filter(body=baiyun, year=YEAR).count() == 41 + 17
    assert points.entries.count() == 17 + preview["counts"]["mentioned"]
    mentioned = PlanEntry.objects.filter(plan=points, item_id=paragraph["mentioned"][0]["id"]).get()
    assert mentioned.number == "7" and mentioned.item.entries.count() >= 2
