"""The preview → the plan, all or nothing.

Called inside the transaction that also computed the preview (core.imports.engine.run_commit), so the ids
it names are those of the rows it is about to write. Agenda links and status timelines of matched matters are
kept; what the workbook changes is recorded as ItemEdit rows with the note "Excel 导入". What a row sets on an
item is its columns' (apply, new_related, set_related in plans.workbook_layout); its 状态 and 进度 (a workbook
the plan's export wrote) go through plans.workflow.change_status, step by step, on the item's timeline, and its
原文表述 is the entry's (PlanEntry.wording). A workbook without those columns leaves status, progress and
wording as they are.
"""

from collections import defaultdict

from django.db import transaction

from core import change_log
from core.imports import norm
from core.models import Committee
from plans.editing import untouched
from plans.imports.preview import ALL_HELP, HEADING_MAX, IGNORE, section_key
from plans.imports.principles import item_reads_as_principle
from plans.models import AnnualPlan, ItemEdit, PlanEntry, PlanItem, Section
from plans.workbook_layout import (
    TRACKING_LABELS,
    WORDING_LABEL,
    apply_tracking,
    category_label,
    columns,
    parse_category,
)

IMPORT_NOTE = "Excel 导入"
PLAN_FIELD = "所在计划"


class StalePreview(Exception):
    """The preview names a row that is no longer there."""


def _responsibilities(item: PlanItem, row: dict) -> list:
    """The unsaved rows the columns relate a new item to (its committees), for one bulk insert."""
    return [obj for column in columns() if column.new_related for obj in column.new_related(item, row)]


def _set_related(item: PlanItem, row: dict):
    """An existing item's related rows (its committees) made to match the row."""
    for column in columns():
        if column.set_related:
            column.set_related(item, row)


def _set_fields(item: PlanItem, row: dict):
    for column in columns():
        if column.apply:
            column.apply(item, row)


def _bulk_create(objects: list):
    by_model = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows)


def _wording(row: dict) -> str:
    """A new entry's 原文表述: as the workbook wrote it (the column left out: none)."""
    return row["wording"] if row.get("wording_written") else ""


def _new_heading(spec: dict) -> str:
    """A new section's heading: as the workbook wrote it (一、…（共 12 项）) while that says the count it declares,
    else the heading and the count as the import reads them."""
    written = spec.get("written") or ""
    if len(written) <= HEADING_MAX and parse_category(written) == (spec["heading"], spec["declared_count"]):
        return written
    return category_label(spec["heading"], spec["declared_count"])[:HEADING_MAX]


def apply_preview(preview: dict, *, body, user=None, remove_missing: bool = False, progress=None) -> dict:
    """Write the plan the preview describes. Raises on any problem; the caller's transaction rolls back."""
    if preview["error_count"]:
        raise ValueError("a preview with errors cannot be applied")
    year, kind, rows = preview["year"], preview["kind"], preview["rows"]
    total = len(rows)
    summary = {"created": 0, "updated": 0, "unchanged": 0, "linked": 0, "removed": 0, "deleted_items": 0,
               "kept": 0}
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().filter(body=body, year=year, kind=kind).first()
        if plan is None:
            if preview["plan"]["exists"]:
                raise StalePreview("the plan has gone")
            plan = AnnualPlan.objects.create(body=body, year=year, kind=kind, title=preview["plan"]["title"])
            summary["plan_created"] = True
        elif not preview["plan"]["exists"] or preview["plan"]["id"] != plan.id:
            raise StalePreview("a plan was created meanwhile")

        # Sections, in the workbook's order; sections only the plan has come after them.
        leftover = {section_key(s.heading): s for s in Section.objects.filter(plan=plan)}
        sections = {}
        for order, spec in enumerate(preview["sections"], 1):
            section = leftover.pop(spec["key"], None)
            if section is None:
                section = Section(plan=plan, heading=_new_heading(spec))
            else:
                written_count = parse_category(section.heading)[1]
                if written_count is not None and written_count != spec["declared_count"]:
                    section.heading = category_label(parse_category(section.heading)[0], spec["declared_count"])[:200]
            section.order = order
            section.declared_count = spec["declared_count"]
            section.save()
            sections[spec["key"]] = section

        entries = {e.id: e for e in PlanEntry.objects.filter(plan=plan).select_related("item", "section")}
        wanted_items = {r["item_id"] for r in rows if r["item_id"]} | {r["item_id"] for r in preview["removals"]}
        items = {i.id: i for i in PlanItem.objects.filter(body=body, id__in=wanted_items)}
        edits, new_entries, moved_entries, new_related = [], [], [], []

        for position, row in enumerate(rows, 1):
            section = sections.get(row["section_key"]) if row["section_key"] else None
            action = row["action"]
            if action == "new":
                item = PlanItem(body=body, year=year, form=row["form"])
                _set_fields(item, row)
                # A principle or an aim (工作要点's 始终坚持党的全面领导) is not a task: plans.imports.principles.
                # As the preview showed it: the 原则/目标 cell, else the rule.
                item.is_principle = row["is_principle"] if "is_principle" in row else item_reads_as_principle(
                    item, leads=row.get("leads"), helpers=row.get("helpers"),
                    reporting_bodies=row.get("reporting_bodies"))
                item.save()
                apply_tracking(item, row, user, IMPORT_NOTE)
                # A new item has no committees yet: collect them (and any other related rows) for one bulk insert.
                new_related += _responsibilities(item, row)
                edits.append(ItemEdit(item=item, by=user, changes={PLAN_FIELD: ["", plan.title]}, note=IMPORT_NOTE))
                new_entries.append(PlanEntry(plan=plan, item=item, section=section, order=position,
                                             number=row["number"], wording=_wording(row)))
                summary["created"] += 1
            else:
                item = items.get(row["item_id"])
                if item is None:
                    raise StalePreview(f"item {row['item_id']} has gone")
                if any(label not in (*TRACKING_LABELS, WORDING_LABEL) for label in row["changes"]):
                    _set_fields(item, row)
                    item.version += 1
                    item.save()
                    _set_related(item, row)
                if any(label in TRACKING_LABELS for label in row["changes"]):
                    item = apply_tracking(item, row, user, IMPORT_NOTE)  # its own history: the timeline
                changes = {k: v for k, v in row["changes"].items() if k not in TRACKING_LABELS}
                if action == "link":
                    changes[PLAN_FIELD] = ["", plan.title]
                    new_entries.append(PlanEntry(plan=plan, item=item, section=section, order=position,
                                                 number=row["number"], wording=_wording(row)))
                    summary["linked"] += 1
                else:
                    entry = entries.get(row["entry_id"])
                    if entry is None or entry.item_id != item.id:
                        raise StalePreview(f"entry {row['entry_id']} has gone")
                    entry.section, entry.number, entry.order = section, row["number"], position
                    if row.get("wording_written"):
                        entry.wording = row["wording"]
                    moved_entries.append(entry)
                    summary["updated" if row["changes"] else "unchanged"] += 1
                if changes:
                    edits.append(ItemEdit(item=item, by=user, changes=changes, note=IMPORT_NOTE))
            if progress and (position % 20 == 0 or position == total):
                progress(position, total)

        # Entries the workbook no longer lists: removed when asked, else kept after the others.
        order = total
        for removal in preview["removals"]:
            entry = entries.get(removal["entry_id"])
            if entry is None:
                raise StalePreview(f"entry {removal['entry_id']} has gone")
            if remove_missing:
                item = entry.item
                entry.delete()
                summary["removed"] += 1
                if not item.entries.exists() and untouched(item):
                    item.delete()
                    summary["deleted_items"] += 1
                else:
                    edits.append(ItemEdit(item=item, by=user, changes={PLAN_FIELD: [plan.title, ""]},
                                          note=IMPORT_NOTE))
            else:
                order += 1
                entry.order = order
                moved_entries.append(entry)
                summary["kept"] += 1

        PlanEntry.objects.bulk_create(new_entries)
        _bulk_create(new_related)
        PlanEntry.objects.bulk_update(moved_entries, ["section", "number", "order", "wording"])
        ItemEdit.objects.bulk_create(edits)

        # Sections the workbook no longer has: dropped when empty, else kept after the others.
        place_leftover_sections(leftover.values(), after=len(sections))

    summary["plan_id"] = plan.id
    summary["plan_title"] = plan.title
    return summary


def place_leftover_sections(leftover, *, after: int) -> None:
    """Sections only the plan has (not in the file): deleted when empty, else kept in their order after the
    file's `after` sections."""
    order = after
    for section in leftover:
        if section.entries.exists():
            order += 1
            section.order = order
            section.save(update_fields=["order"])
        else:
            section.delete()


# --- spellings remembered from a mapping ---------------------------------------------------------------

ALIAS_MAX = 60  # as the committee form allows


def remember_spellings(body, user, mapping: dict, names, *, source: str = "") -> tuple[list[dict], list[str]]:
    """Keep the written names the user chose to remember as their committees' other spellings (Committee.aliases),
    so that every later import finds them. All or nothing: (saved [{"name", "committee_id", "committee"}], [])
    or ([], the refusals in words). Only this body's committees; each change goes in the change history."""
    with transaction.atomic():
        committees = {c.pk: c for c in Committee.objects.select_for_update().filter(body=body)}
        chosen, refusals = _spellings_to_keep(committees, mapping, names)
        if refusals:
            return [], refusals
        note = f"导入计划时记住的写法（{source}）" if source else "导入计划时记住的写法"
        saved = []
        for name, committee in chosen:
            before = list(committee.aliases)
            if committee.add_alias(name):
                change_log.record(user, committee, "change", {"其他写法": (before, list(committee.aliases))}, note)
                saved.append({"name": name, "committee_id": committee.pk, "committee": committee.short_name})
    return saved, []


def _spellings_to_keep(committees: dict, mapping: dict, names) -> tuple[list, list[str]]:
    taken = {norm(n): c for c in committees.values() for n in c.all_names()}
    chosen, refusals = [], []
    for name in dict.fromkeys(names):
        value = mapping.get(name)
        committee = committees.get(value) if isinstance(value, int) else None
        other = taken.get(norm(name))
        if value in (IGNORE, ALL_HELP, None, ""):
            refusals.append(f"“{name}”没有对应到某个委员会（选择的是忽略、各工委协助或未选择），不能记为委员会的写法。")
        elif committee is None:
            refusals.append(f"“{name}”：委员会 id {value} 不存在或不属于本常委会。")
        elif other is not None and other.pk != committee.pk:
            refusals.append(f"“{name}”已是委员会「{other.name}」（{other.short_name}）的名称或其他写法，"
                            f"不能再记为「{committee.short_name}」的写法。")
        elif len(name) > ALIAS_MAX:
            refusals.append(f"“{name[:30]}…”过长（其他写法最多 {ALIAS_MAX} 个字符）。")
        elif other is None:
            chosen.append((name, committee))
    return chosen, refusals
