"""An exported 主要工作安排表 imports back as the same plan: into a new plan, and over the plan it came from (issue 21,
20). Every field the table carries comes back: the sections with their headings and declared counts, each entry's
序号, and each matter's title, forms, committees with their roles and 各工委, the 组织实施部门 cell as the office
wrote it, timing with its note, meeting marks, reporting bodies and 重点 (the focus, paragraphs and all).

The columns after 重点 carry the rest, so they are compared too: the entry's 原文表述 (wording), the tracking
(status, with the month of a postponement, and progress, each applied through plans.workflow.change_status) and
the mark of a principle or an aim (is_principle)."""

import io

import openpyxl
import pytest

from core.models import Committee
from plans.exports import PlanWorkbookExporter
from plans.imports.apply import apply_preview
from plans.imports.preview import build_preview
from plans.imports.reader import read_workbook
from plans.models import AnnualPlan, ItemCommittee, PlanEntry, PlanKind
from plans.workbook_layout import position

NEW_YEAR = 2030  # no plan there: the import creates every matter anew


def cells(data: bytes) -> list[tuple]:
    """The table as printed, header and rows (not the title row, which names the plan)."""
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True))


def described(plan) -> list[tuple]:
    """Every field the table carries, entry by entry in the table's order (entries of no section first)."""
    entries = (PlanEntry.objects.filter(plan=plan).select_related("item", "section")
               .prefetch_related("item__responsibilities__committee", "item__reporting_bodies"))
    rows = []
    for entry in sorted(entries, key=lambda e: (e.section.order if e.section else 0, e.order, e.id)):
        item, section = entry.item, entry.section
        roles = sorted(item.responsibilities.all(), key=lambda r: r.id)
        rows.append((
            section.heading if section else None, section.declared_count if section else None, entry.number,
            item.title, item.form, item.extra_forms,
            item.timing_kind, item.start_month, item.end_month, item.quarter, item.timing_note,
            item.to_standing_meeting, item.to_chairpersons_meeting,
            [r.committee.short_name for r in roles if r.role == "lead"],
            [r.committee.short_name for r in roles if r.role == "helper"], item.all_committees_help,
            sorted(b.name for b in item.reporting_bodies.all()), item.focus,
            entry.wording, item.status, item.postponed_to_month, item.progress, item.is_principle,
        ))
    return rows


def import_file(data: bytes, body, year: int, kind: str) -> dict:
    preview = build_preview(read_workbook(data), body=body, year=year, kind=kind)
    assert preview["error_count"] == 0, [p["message"] for p in preview["problems"] if p["level"] == "error"]
    return preview


@pytest.mark.parametrize("kind", [PlanKind.WORK_POINTS, PlanKind.SUPERVISION, PlanKind.MAJOR_MATTERS,
                                  PlanKind.DEPUTY_WORK])
def test_an_exported_plan_imports_back_unchanged(baiyun, kind):
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind=kind)
    entries = list(PlanEntry.objects.filter(plan=plan).select_related("item").order_by("order", "id"))
    committee = {c.short_name: c for c in Committee.objects.filter(body=baiyun)}
    # The office wrote "选联及有关工委" for one matter (the export used to make it 选联工委及各工委) ...
    written = entries[0].item
    written.responsibilities.all().delete()
    ItemCommittee.objects.create(item=written, committee=committee["选联工委"], role="lead")
    written.all_committees_help, written.units_as_written = True, "选联及有关工委"
    written.save()
    # ... and for another a text its committees no longer read as (changed on the item's page since).
    changed = entries[1].item
    changed.responsibilities.all().delete()
    ItemCommittee.objects.create(item=changed, committee=committee["财经工委"], role="lead")
    ItemCommittee.objects.create(item=changed, committee=committee["办公室"], role="helper")
    changed.all_committees_help, changed.units_as_written = False, "社会建设工委牵头"
    changed.focus = "突出问题导向，聚焦群众反映强烈的问题。\n听取和审议专项工作报告，开展满意度测评。" * 3
    changed.save()
    original = described(plan)

    exported = PlanWorkbookExporter(plan).render()
    table = cells(exported)
    units = position("units")
    rows_of = {row[position("title")]: row for row in table[1:]}
    assert rows_of[written.title][units] == "选联及有关工委"  # as written, since it still reads as its committees
    assert rows_of[changed.title][units] == "财经工委牵头，办公室配合"  # made from the committees it has now
    assert rows_of[changed.title][position("focus")] == changed.focus

    # Into a new plan: every matter created anew, with every field the table carries.
    preview = import_file(exported, baiyun, NEW_YEAR, kind)
    assert preview["counts"]["new"] == len(entries)
    apply_preview(preview, body=baiyun)
    copy = AnnualPlan.objects.get(body=baiyun, year=NEW_YEAR, kind=kind)
    assert described(copy) == original
    assert cells(PlanWorkbookExporter(copy).render()) == table  # and it exports as the same table, cell for cell

    # Over the plan it came from: every row is its entry, unchanged, and nothing changes.
    preview = import_file(exported, baiyun, 2023, kind)
    assert [r["entry_id"] for r in preview["rows"]] == [e.id for e in sorted(
        entries, key=lambda e: (e.section.order if e.section else 0, e.order, e.id))]
    assert [r["changes"] for r in preview["rows"] if r["changes"]] == [] and not preview["removals"]
    summary = apply_preview(preview, body=baiyun)
    assert summary["unchanged"] == len(entries) and summary["updated"] == summary["created"] == 0
    assert described(plan) == original
