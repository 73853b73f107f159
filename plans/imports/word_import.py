"""Importing a plan from its Word document or pasted text: the text → a preview the clerk corrects → the plan.

The one import engine (core.imports.engine) runs it as WORD_PLAN_IMPORT, BackgroundJob kind "plan_word_import":

    upload   a .docx is read to its text (plans.imports.word_text.docx_text); a paste is the text. The job keeps
             the text (UTF-8) as its file, so every later preview reads the same words.
    params   {"kind", "year" (None: as the text says), "source": "docx" | "paste", "filename",
              "corrections": {"rows": {"<item index>": {field: value}}, "kind", "year"}, "revision", "committed_by"}
    preview  the text read by plans.imports.word_text.parse_plan_text (a ProposedPlan: every field with the sentence
             it came from), its names resolved for the body (committees by CommitteeResolver, reporting bodies by
             name, other spelling or recognise.reporting_bodies_in), the clerk's corrections applied, every item
             checked by the model's own rules, matched with the plan of that kind and year (importing again updates
             it) and, for items still new, linked to a matter of the same year another plan holds; the matters an
             item names in its text (工作要点: "听取和审议区政府关于 A、B 等报告") are listed in the plan beside it
             (word_text.find_links, strict: same_matter).
    commit   all or nothing, in the engine's transaction: the plan, its sections (heading and declared count),
             its entries, and each item with every field; matched items are updated and their changes recorded
             as ItemEdit rows noted "Word 导入"; linked matters are listed in the plan, not copied.

Corrections are checked before they are kept (check_corrections): a field that does not exist, a value of the
wrong kind, a month outside 1-12, a committee, reporting body or matter of another body are refused with the item
and the field named, and nothing changes. What the corrected item then means (a range ending before it starts,
a month missing for its kind) is the model's rule, shown as the item's error in the preview.

A row's "values" are what will be saved, in the corrections' own terms (the page and the API send the same
shape); "proposed" are those values as read from the text, before corrections.
"""

import logging
import re
from collections import defaultdict
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction

from core.imports import ImportFileError, norm
from core.models import Committee, ReportingBody
from plans.editing import set_committees
from plans.imports.apply import PLAN_FIELD, StalePreview, place_leftover_sections
from plans.imports.importer import PlanImporter
from plans.imports.preview import CommitteeResolver, default_plan_title, section_key
from plans.imports.principles import item_reads_as_principle, reads_as_principle
from plans.imports.recognise import reporting_bodies_in
from plans.imports.word_model import ProposedPlan
from plans.imports.word_text import docx_text, find_links, parse_plan_text, same_matter, split_documents
from plans.models import AnnualPlan, ItemEdit, PlanEntry, PlanItem, PlanKind, Section, SupervisionForm
from plans.models.plans import forms_label
from plans.timing import Timing, TimingKind
from plans.workbook_layout import TITLE_MAX, form_for_category

log = logging.getLogger(__name__)

JOB_KIND = "plan_word_import"
IMPORT_NOTE = "Word 导入"
TEXT_MAX_CHARS = 300_000  # four whole plans are about 40 000 characters
ERROR, WARNING = "error", "warning"
NUMBER_MAX, HEADING_MAX, NOTE_MAX = 20, 200, 200  # PlanEntry.number, Section.heading, PlanItem.timing_note
YEARS = (2000, 2100)

# Every field a correction may set, with its name in messages (the item's own field names where it has them).
FIELD_LABELS = {
    "title": "事项", "focus": "重点", "section": "分节", "number": "编号", "form": "监督形式",
    "extra_forms": "其他监督形式", "timing_kind": "时间类型", "start_month": "起始月份", "end_month": "截止月份",
    "quarter": "季度", "timing_note": "时间说明", "to_standing_meeting": "提请常委会会议",
    "to_chairpersons_meeting": "提请主任会议", "leads": "牵头委员会", "helpers": "配合委员会",
    "all_committees_help": "各工委分工落实", "reporting_bodies": "报告单位", "link": "关联事项",
    "mentions": "点名的其他事项",
}
TIMING_KEYS = ("timing_kind", "start_month", "end_month", "quarter", "timing_note")
# The sentence shown beside each field: the reader's source key (word_model.ITEM_FIELDS) for it.
SOURCE_OF = {
    "title": "title", "focus": "focus", "form": "forms", "extra_forms": "forms", "timing": "timing",
    "meetings": "meetings", "leads": "leads", "helpers": "helpers", "all_committees_help": "helpers",
    "reporting_bodies": "reporting_bodies",
}
PLAN_LABELS = {"kind": "计划类别", "year": "年度"}
_DEFAULT_FORMS = {PlanKind.MAJOR_MATTERS: "major_matter", PlanKind.DEPUTY_WORK: "deputy_work"}


# --- reading what was uploaded or pasted ------------------------------------------------------------


def plain(text: str) -> str:
    """Text any database can keep: no NUL characters, no lone surrogates (a JSON request may carry both)."""
    return str(text).replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def clean_text(text: str) -> str:
    """The text as kept (plain, with plain line breaks). ImportFileError if empty or too long."""
    text = plain(text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportFileError("没有读到任何文字：请粘贴计划的全文，或选择计划的 Word 文件（.docx）。")
    if len(text) > TEXT_MAX_CHARS:
        raise ImportFileError(f"文字过长（{len(text)} 个字符，最多 {TEXT_MAX_CHARS} 个）：请一次导入一份计划。")
    return text


def text_of_file(data: bytes, filename: str) -> str:
    """A .docx file's text (or a plain .txt file's). ImportFileError with the reason otherwise."""
    name = (filename or "").lower()
    if name.endswith(".doc") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError("这是旧版 Word 文件（.doc）：请在 Word 中“另存为” .docx 格式后再上传，或直接粘贴全文。")
    if name.endswith(".txt"):
        try:
            return clean_text(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ImportFileError("文本文件不是 UTF-8 编码：请另存为 UTF-8，或直接粘贴全文。") from None
    if not data.startswith(b"PK"):
        raise ImportFileError("这个文件不是 Word 文件（.docx）：请选择计划的 .docx 文件，或直接粘贴全文。")
    try:
        text = docx_text(data)
    except Exception:  # python-docx raises many kinds for a damaged or foreign zip; the user needs one answer
        log.info("unreadable docx %r", filename, exc_info=True)
        raise ImportFileError("无法读取这个 Word 文件（.docx）：文件可能已损坏。请在 Word 中重新保存后上传，或直接粘贴全文。") from None
    return clean_text(text)


def _read(text: str, reporting_bodies) -> list[ProposedPlan]:
    """Every plan the text holds, as proposed by the reader (reporting bodies recognised by the body's names)."""
    try:
        documents = split_documents(text) or [text]
        return [parse_plan_text(document, reporting_bodies) for document in documents]
    except Exception:  # a reader failure on odd text is the user's answer, not a server error
        log.exception("word plan text could not be read")
        raise ImportFileError("无法从这段文字中读出计划：请检查粘贴的是否是计划正文。") from None


# --- corrections ------------------------------------------------------------------------------------


class CorrectionRefused(Exception):
    """A correction that cannot be kept; `message` names the item and the field, in words for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _where(row: dict | None) -> str:
    if row is None:
        return ""
    written = f"{row.get('section_number', '')}{row['number']}"
    return f"第 {row['index']} 项" + (f"（{written}）" if written else "")


def _refuse(row, field, message):
    label = FIELD_LABELS.get(field) or PLAN_LABELS.get(field, field)
    raise CorrectionRefused(f"{_where(row)}「{label}」：{message}" if row else f"「{label}」：{message}")


def _int_or_none(value, row, field, low, high):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())):
        _refuse(row, field, f"应为 {low} 到 {high} 之间的整数（收到“{str(value)[:20]}”）。")
    number = int(value)
    if not low <= number <= high:
        _refuse(row, field, f"应在 {low} 到 {high} 之间（收到 {number}）。")
    return number


def _text(value, row, field, limit=None):
    if not isinstance(value, str):
        _refuse(row, field, "应为文字。")
    value = plain(value).strip()
    if limit and len(value) > limit:
        _refuse(row, field, f"过长（{len(value)} 个字符，最多 {limit} 个）。")
    return value


def _flag(value, row, field):
    if not isinstance(value, bool):
        _refuse(row, field, "应为 true 或 false。")
    return value


def _ids(value, row, field, allowed: dict, what: str) -> list[int]:
    if not isinstance(value, list):
        _refuse(row, field, f"应为{what}编号的列表。")
    ids = []
    for one in value:
        pk = _int_or_none(one, row, field, 1, 2**31 - 1)
        if pk is None or pk not in allowed:
            _refuse(row, field, f"没有编号为 {one} 的{what}（只能选择本会的{what}）。")
        if pk not in ids:
            ids.append(pk)
    return ids


def _choice(value, row, field, choices):
    if value not in choices.values:
        _refuse(row, field, f"“{str(value)[:30]}”不是可选的值（可选：{'、'.join(choices.values)}）。")
    return value


def _checked_row(fields, row, *, sections: int, choices: dict) -> dict:
    if not isinstance(fields, dict):
        _refuse(row, "title", "更正应为 {字段: 值}。")
    clean = {}
    for field, value in fields.items():
        if field not in FIELD_LABELS:
            raise CorrectionRefused(f"{_where(row)}：不能更正“{str(field)[:30]}”（可更正：{'、'.join(FIELD_LABELS)}）。")
        if field == "title":
            clean[field] = _text(value, row, field, TITLE_MAX)
            if not clean[field]:
                _refuse(row, field, "不能为空。")
        elif field in ("focus", "timing_note", "number"):
            clean[field] = _text(value, row, field, {"timing_note": NOTE_MAX, "number": NUMBER_MAX}.get(field))
        elif field == "section":
            clean[field] = _int_or_none(value, row, field, 1, max(sections, 1))
            if clean[field] is None or not sections:
                _refuse(row, field, "请选择分节。" if sections else "文本中没有分节。")
        elif field == "form":
            clean[field] = _choice(value, row, field, SupervisionForm)
        elif field == "extra_forms":
            if not isinstance(value, list):
                _refuse(row, field, "应为监督形式的列表。")
            clean[field] = list(dict.fromkeys(_choice(v, row, field, SupervisionForm) for v in value))
        elif field == "timing_kind":
            clean[field] = _choice(value, row, field, TimingKind)
        elif field in ("start_month", "end_month"):
            clean[field] = _int_or_none(value, row, field, 1, 12)
        elif field == "quarter":
            clean[field] = _int_or_none(value, row, field, 1, 4)
        elif field in ("to_standing_meeting", "to_chairpersons_meeting", "all_committees_help"):
            clean[field] = _flag(value, row, field)
        elif field in ("leads", "helpers"):
            clean[field] = _ids(value, row, field, choices["committees"], "委员会")
        elif field == "reporting_bodies":
            clean[field] = _ids(value, row, field, choices["reporting_bodies"], "报告单位")
        elif field == "link":
            clean[field] = _int_or_none(value, row, field, 1, 2**31 - 1)
            if clean[field] is not None and not choices["items"]([clean[field]]):
                _refuse(row, field, f"没有编号为 {value} 的事项（只能关联本会本年度的事项）。")
        elif field == "mentions":
            if not isinstance(value, list):
                _refuse(row, field, "应为事项编号的列表。")
            ids = list(dict.fromkeys(_int_or_none(v, row, field, 1, 2**31 - 1) for v in value))
            missing = sorted(set(ids) - choices["items"](ids) - {None})
            if None in ids or missing:
                _refuse(row, field, f"没有编号为 {missing[0] if missing else '（空）'} 的事项（只能列本会本年度的事项）。")
            clean[field] = ids
    both = set(clean.get("leads", [])) & set(clean.get("helpers", []))
    if both:
        names = "、".join(choices["committees"][pk].short_name for pk in sorted(both))
        _refuse(row, "helpers", f"{names}不能既牵头又配合。")
    return clean


def check_corrections(corrections, *, preview: dict, body) -> dict:
    """The corrections as they will be kept, or CorrectionRefused naming the item and the field. Reads only."""
    if not isinstance(corrections, dict):
        raise CorrectionRefused("更正应为 {\"rows\": {\"事项序号\": {字段: 值}}, \"kind\": …, \"year\": …}。")
    unknown = set(corrections) - {"rows", "kind", "year"}
    if unknown:
        raise CorrectionRefused(f"不能更正“{sorted(unknown)[0][:30]}”：可更正 rows、kind、year。")
    clean = {}
    if corrections.get("kind") not in (None, ""):
        clean["kind"] = _choice(corrections["kind"], None, "kind", PlanKind)
    if corrections.get("year") not in (None, ""):
        clean["year"] = _int_or_none(corrections["year"], None, "year", *YEARS)
    rows = corrections.get("rows")
    rows = {} if rows is None else rows
    if not isinstance(rows, dict):
        raise CorrectionRefused("rows 应为 {\"事项序号\": {字段: 值}}。")
    by_index = {str(r["index"]): r for r in preview.get("rows", [])}
    year = clean.get("year") or preview.get("year")
    choices = {
        "committees": {c.pk: c for c in Committee.objects.filter(body=body)},
        "reporting_bodies": {b.pk: b for b in ReportingBody.objects.filter(body=body)},
        "items": lambda ids: set(PlanItem.objects.filter(body=body, year=year, pk__in=ids).values_list("pk", flat=True)),
    }
    clean_rows = {}
    for key, fields in rows.items():
        row = by_index.get(str(key).strip())
        if row is None:
            raise CorrectionRefused(f"没有第 {str(key)[:10]} 项（共 {len(by_index)} 项）。")
        clean_rows[str(row["index"])] = _checked_row(fields, row, sections=len(preview.get("sections", [])),
                                                     choices=choices)
    clean["rows"] = {k: v for k, v in clean_rows.items() if v}
    return clean


def merge_corrections(kept: dict, new: dict) -> dict:
    """Checked corrections added to those kept: a field sent again replaces its value."""
    rows = {k: dict(v) for k, v in (kept.get("rows") or {}).items()}
    for key, fields in (new.get("rows") or {}).items():
        rows.setdefault(key, {}).update(fields)
    merged = {k: v for k, v in kept.items() if k != "rows"} | {k: v for k, v in new.items() if k != "rows"}
    return {**merged, "rows": rows}


# --- the preview --------------------------------------------------------------------------------------


class _Problems:
    def __init__(self):
        self.items = []

    def add(self, level, row: dict | None, field: str | None, message: str) -> None:
        label = FIELD_LABELS.get(field, "") if field else ""
        where = _where(row) + (f"「{label}」" if label else "")
        text = f"{where}：{message}" if where else message
        self.items.append({"row": row["index"] if row else None, "column": label, "level": level, "message": text})
        if row is not None:
            row["errors" if level == ERROR else "warnings"].append(text)

    def error(self, row, field, message):
        self.add(ERROR, row, field, message)

    def warning(self, row, field, message):
        self.add(WARNING, row, field, message)

    @property
    def error_count(self) -> int:
        return sum(1 for p in self.items if p["level"] == ERROR)


class _Names:
    """The body's committees and reporting bodies, for resolving written names and labelling ids."""

    def __init__(self, body):
        committees = list(Committee.objects.filter(body=body))
        self.resolver = CommitteeResolver(committees)
        self.committees = {c.pk: c for c in committees}
        # "由各对口联系工委负责": every working committee in use leads.
        self.working = [c.pk for c in sorted(committees, key=lambda c: (c.order, c.pk))
                        if c.kind == Committee.Kind.WORKING and c.active]
        bodies = list(ReportingBody.objects.filter(body=body))
        self.current_bodies = [b for b in bodies if b.valid_to is None]
        self.bodies = {b.pk: b for b in bodies}
        self.body_names = {}
        for b in sorted(bodies, key=lambda b: b.valid_to is not None):  # a body still in use wins a shared name
            for name in (b.name, *b.aliases):
                self.body_names.setdefault(norm(name), b)

    def committee_ids(self, written: list[str]) -> tuple[list[int], list[str]]:
        ids, unknown = [], []
        for name in written:
            _, committee = self.resolver.resolve(name)
            if committee is None:
                unknown.append(name)
            elif committee.pk not in ids:
                ids.append(committee.pk)
        return ids, unknown

    def body_ids(self, written: list[str]) -> tuple[list[int], list[str]]:
        ids, unknown = [], []
        for name in written:
            exact = self.body_names.get(norm(name))
            found = [exact] if exact else reporting_bodies_in(name, self.current_bodies)
            if not found:
                unknown.append(name)
            ids += [b.pk for b in found if b.pk not in ids]
        return ids, unknown


def _choose_plan(plans: list[ProposedPlan], kind: str | None) -> tuple[ProposedPlan, int]:
    """The plan of the chosen kind when the text holds several (else the first), and its position."""
    for position, plan in enumerate(plans):
        if kind and plan.kind == kind:
            return plan, position
    return plans[0], 0


def _section_heading(section) -> str:
    heading = f"{section.number}{section.heading}".strip()
    if section.declared_count is not None:
        heading += f"（共 {section.declared_count} 项）"
    return heading


def build_preview(text: str, *, body, params: dict) -> dict:
    """The text → what will be saved, with every problem by item and field. Reads the database, never writes."""
    names = _Names(body)
    plans = _read(text, names.current_bodies)
    corrections = params.get("corrections") or {}
    chosen_kind = corrections.get("kind") or params.get("kind")
    proposed, position = _choose_plan(plans, chosen_kind)
    kind = chosen_kind or proposed.kind
    year = corrections.get("year") or params.get("year") or proposed.year
    problems = _Problems()
    _plan_problems(plans, position, kind, year, problems)

    sections = [_section_json(i, s) for i, s in enumerate(proposed.sections, 1)]
    rows = _rows(proposed, corrections, kind, year, sections, names, problems)
    plan = AnnualPlan.objects.filter(body=body, year=year, kind=kind).first() if kind and year else None
    kept = _match(rows, plan, sections) if plan else []
    if kind and year:
        kept = _link(rows, plan, body, year, problems, kept)
    _count_sections(sections, rows, problems)
    _principle_marks(rows, body)
    if kept:
        problems.warning(None, None, f"计划中另有 {len(kept)} 项文字中没有，将保留在计划中（排在最后）。")
    if plan is not None and plan.status == AnnualPlan.Status.ADOPTED:
        problems.warning(None, None, f"“{plan.title}”已通过；导入将直接修改该计划，每项修改都记入事项的修改记录。")

    counts = defaultdict(int, {"kept": len(kept), "mentioned": sum(len(r["mentioned"]) for r in rows)})
    for row in rows:
        counts[row["action"]] += 1
    errors = problems.error_count
    return {
        "kind": kind, "kind_label": PlanKind(kind).label if kind else "", "year": year,
        "text_kind": proposed.kind, "text_year": proposed.year, "title": proposed.title,
        # Kind and year before the clerk's corrections: as chosen at upload, else as the text says.
        "uncorrected_kind": params.get("kind") or proposed.kind, "uncorrected_year": params.get("year") or proposed.year,
        "source": params.get("source", "paste"), "filename": params.get("filename", ""),
        "plan": _plan_json(plan, body, year, kind, _title_for(proposed, year)),
        "sections": sections, "rows": rows, "kept": kept,
        "problems": sorted(problems.items, key=lambda p: (p["row"] or 0, p["level"] != ERROR)),
        "counts": {k: counts[k] for k in ("new", "update", "unchanged", "link", "kept", "mentioned")},
        "corrections": corrections, "corrected_rows": len(corrections.get("rows") or {}),
        "error_count": errors, "warning_count": len(problems.items) - errors,
        "can_commit": errors == 0 and bool(rows),
    }


def _principle_marks(rows: list[dict], body):
    """row["is_principle"]: whether the row's matter is a principle or an aim, not a task, as the commit will have
    it (the page shows 原则/目标（不计入任务）): a new matter by the rule of plans.imports.principles (as _save_row
    sets it), one already there (matched or linked) as it is. One query."""
    matched = {r["item_id"] for r in rows if r["item_id"]}
    marked = set(PlanItem.objects.filter(body=body, pk__in=matched, is_principle=True)
                 .values_list("pk", flat=True)) if matched else set()
    for row in rows:
        if row["item_id"]:
            row["is_principle"] = row["item_id"] in marked
            continue
        v = row["values"]
        row["is_principle"] = bool(v["title"]) and reads_as_principle(
            title=v["title"], form=v["form"], extra_forms=v["extra_forms"], timing_kind=v["timing_kind"],
            timing_note=v["timing_note"], leads=v["leads"], helpers=v["helpers"],
            all_committees_help=v["all_committees_help"], to_standing_meeting=v["to_standing_meeting"],
            to_chairpersons_meeting=v["to_chairpersons_meeting"], reporting_bodies=v["reporting_bodies"])


def _plan_problems(plans: list[ProposedPlan], position: int, kind, year, problems: _Problems):
    """What concerns the whole text: several plans in it, the reader's notes, the kind and year."""
    proposed = plans[position]
    if len(plans) > 1:
        titles = "、".join(f"《{_plan_name(p)}》" for p in plans)
        problems.warning(None, None, f"文字中有 {len(plans)} 份计划（{titles}），本次只导入第 {position + 1} 份；"
                                     "其余请另行导入（选择相应的计划类别）。")
    for note in proposed.notes:
        problems.warning(None, None, note)
    if not kind:
        problems.error(None, None, "文字中没有写明是哪一种计划：请选择计划类别。")
    if not year:
        problems.error(None, None, "文字中没有写明年度：请填写年度。")
    elif proposed.year and proposed.year != year:
        problems.warning(None, None, f"文字中写的是 {proposed.year} 年，而选择导入的是 {year} 年度的计划。")


def _rows(proposed: ProposedPlan, corrections: dict, kind, year, sections, names, problems) -> list[dict]:
    """Every item as proposed, corrected, described and checked."""
    rows = []
    for section_index, section in enumerate(proposed.sections, 1):
        for item in section.items:
            rows.append(_proposed_row(len(rows) + 1, section_index, section, item, kind, names))
    for row in rows:
        _correct(row, (corrections.get("rows") or {}).get(str(row["index"])) or {}, names)
        _describe(row, sections, names, year)
        _check(row, problems, year, names)
    _without_committees(rows, problems)
    if not rows:
        problems.error(None, None, "没有读到任何事项：计划的事项应以（一）、1. 等编号开头。")
    return rows


def _count_sections(sections: list, rows: list, problems: _Problems):
    """Each section's items counted against its declared count (共 N 项)."""
    for row in rows:
        if 1 <= row["values"]["section"] <= len(sections):
            sections[row["values"]["section"] - 1]["rows"] += 1
    for section in sections:
        section["mismatch"] = section["declared_count"] is not None and section["declared_count"] != section["rows"]
        if section["mismatch"]:
            problems.warning(None, None, f"“{section['heading']}”标明 {section['declared_count']} 项，"
                                         f"读到 {section['rows']} 项。")


def _plan_name(proposed: ProposedPlan) -> str:
    return proposed.title or (PlanKind(proposed.kind).label if proposed.kind else "未写明类别的计划")


def _title_for(proposed: ProposedPlan, year) -> str:
    """A new plan's title: the text's, with the year chosen where the text says another."""
    if proposed.title and proposed.year and year and proposed.year != year:
        return proposed.title.replace(str(proposed.year), str(year))
    return proposed.title


def _plan_json(plan, body, year, kind, title) -> dict:
    if plan is not None:
        return {"id": plan.pk, "exists": True, "title": plan.title, "status": plan.status,
                "status_label": plan.get_status_display()}
    default = default_plan_title(body, year, kind) if year and kind else ""
    return {"id": None, "exists": False, "title": (title or default)[:120], "status": AnnualPlan.Status.DRAFT.value,
            "status_label": AnnualPlan.Status.DRAFT.label}


def _section_json(index: int, section) -> dict:
    heading = _section_heading(section)
    return {"index": index, "number": section.number, "heading": heading[:HEADING_MAX], "key": section_key(heading),
            "declared_count": section.declared_count, "rows": 0, "mismatch": False}


def _forms(item, section, kind) -> tuple[str, list[str], list[str]]:
    valid = [f for f in dict.fromkeys(item.forms) if f in SupervisionForm.values]
    dropped = [f for f in item.forms if f not in SupervisionForm.values]
    if not valid:
        valid = [form_for_category(section.heading, _DEFAULT_FORMS.get(kind, "other"))]
    return valid[0], valid[1:], dropped


def _number(written: str) -> str:
    """An item's number as plans keep it: 1. → 1, 一、 → 一; （一） stays (as the workbook import keeps 序号)."""
    return re.sub(r"[.、．。]$", "", (written or "").strip())


def _proposed_row(index: int, section_index: int, section, item, kind, names: _Names) -> dict:
    form, extra_forms, dropped = _forms(item, section, kind)
    timing = {"timing_kind": TimingKind.UNDETERMINED.value, "start_month": None, "end_month": None, "quarter": None,
              "timing_note": "", **(item.timing or {})}
    if getattr(item, "all_committees_lead", False):
        leads, unknown_leads = list(names.working), []
    else:
        leads, unknown_leads = names.committee_ids(item.leads)
    helpers, unknown_helpers = names.committee_ids(item.helpers)
    helpers = [pk for pk in helpers if pk not in leads]
    bodies, unknown_bodies = names.body_ids(item.reporting_bodies)
    values = {
        "title": (item.title or "").strip(), "focus": (item.focus or "").strip(), "section": section_index,
        "number": _number(item.number), "form": form, "extra_forms": extra_forms,
        **{key: timing.get(key) for key in TIMING_KEYS},
        "to_standing_meeting": bool(item.to_standing_meeting),
        "to_chairpersons_meeting": bool(item.to_chairpersons_meeting),
        "leads": leads, "helpers": helpers, "all_committees_help": bool(item.all_committees_help),
        "reporting_bodies": bodies, "link": None, "mentions": [],
    }
    values["timing_note"] = str(values["timing_note"] or "")
    return {
        "index": index, "number": values["number"], "section_number": section.number, "text": item.text,
        "values": values, "proposed": dict(values), "corrected": [],
        "written": {"leads": list(item.leads), "helpers": list(item.helpers),
                    "reporting_bodies": list(item.reporting_bodies)},
        "unknown": {"leads": unknown_leads, "helpers": unknown_helpers, "reporting_bodies": unknown_bodies},
        "dropped_forms": dropped, "mentions_written": list(getattr(item, "mentions", None) or []),
        "sources": {field: item.sources.get(source, "") for field, source in SOURCE_OF.items()},
        "action": "new", "entry_id": None, "item_id": None, "link": None, "link_candidates": [], "mentioned": [],
        "mention_choices": [],
        "changes": {}, "errors": [], "warnings": [],
    }


def _correct(row: dict, fields: dict, names: _Names):
    """The clerk's corrections over what was read; a corrected list of names replaces the names written.
    Ids that have gone since the correction was checked (a committee deleted) are left out."""
    known = {"leads": names.committees, "helpers": names.committees, "reporting_bodies": names.bodies}
    for field, value in fields.items():
        if field in known:
            value = [pk for pk in value if pk in known[field]]
        row["values"][field] = value
        row["corrected"].append(field)
        if field in row["unknown"]:
            row["unknown"][field] = []
    if "link" not in fields:
        row["values"]["link"] = None  # found again by _link, from what the data holds now
    row["number"] = row["values"]["number"]


def _timing_label(values: dict, year) -> str:
    kind = values["timing_kind"]
    try:
        label = Timing(kind, year or 2000, values["start_month"], values["end_month"], values["quarter"]).label()
    except (TypeError, ValueError):
        label = TimingKind(kind).label
    return label + (f"（{values['timing_note']}）" if values["timing_note"] else "")


def _describe(row: dict, sections: list, names: _Names, year):
    """Labels for the page and the API: committees and bodies by name, forms and timing in words."""
    values = row["values"]
    section = sections[values["section"] - 1] if sections and 1 <= values["section"] <= len(sections) else None
    row["section_label"] = section["heading"] if section else ""
    row["section_key"] = section["key"] if section else ""
    row["forms_label"] = forms_label([values["form"], *values["extra_forms"]])
    row["timing_label"] = _timing_label(values, year)
    row["leads"] = [{"id": pk, "short_name": names.committees[pk].short_name} for pk in values["leads"]]
    row["helpers"] = [{"id": pk, "short_name": names.committees[pk].short_name} for pk in values["helpers"]]
    row["reporting_bodies"] = [{"id": pk, "name": names.bodies[pk].name} for pk in values["reporting_bodies"]]
    row["meetings_label"] = _meetings_label(values)


def _meetings_label(values: dict) -> str:
    return "、".join(label for flag, label in ((values["to_standing_meeting"], "常委会会议"),
                                              (values["to_chairpersons_meeting"], "主任会议")) if flag) or "不提请"


def _model_errors(values: dict, year) -> dict[str, list[str]]:
    """The item's own rules (PlanItem.clean: the months its timing needs, the forms), as the form and API run them."""
    item = PlanItem(year=year or 2000, title=values["title"], form=values["form"], extra_forms=values["extra_forms"],
                    **{key: values[key] for key in TIMING_KEYS})
    try:
        item.clean()
    except ValidationError as e:
        return e.message_dict
    for key in ("start_month", "end_month", "quarter"):
        values[key] = getattr(item, key)  # clean() keeps only the months the timing's kind uses
    return {}


def _check(row: dict, problems: _Problems, year, names: _Names):
    values = row["values"]
    if not values["title"]:
        problems.error(row, "title", "没有读到事项的题目：请填写。")
    elif len(values["title"]) > TITLE_MAX:
        problems.error(row, "title", f"过长（{len(values['title'])} 个字符，最多 {TITLE_MAX} 个）：可能把几项连在了一起。")
    if len(values["number"]) > NUMBER_MAX:
        problems.error(row, "number", f"“{values['number'][:30]}”过长（最多 {NUMBER_MAX} 个字符）。")
    if len(values["timing_note"]) > NOTE_MAX:
        problems.error(row, "timing_note", f"过长（最多 {NOTE_MAX} 个字符）。")
    for field, messages in _model_errors(values, year).items():
        for message in messages:
            problems.error(row, field if field in FIELD_LABELS else None, message)
    for field in ("leads", "helpers"):
        for written in row["unknown"][field]:
            problems.error(row, field, f"找不到委员会“{written}”：请在本项的“{FIELD_LABELS[field]}”中选择对应的委员会。")
    for written in row["unknown"]["reporting_bodies"]:
        problems.warning(row, "reporting_bodies", f"找不到报告单位“{written}”：如需记录，请在本项中选择。")
    for form in row["dropped_forms"]:
        problems.warning(row, "form", f"无法识别监督形式“{form}”。")
    row["changes"] = {}
    row["described"] = _row_described(row, names)


def _without_committees(rows: list[dict], problems: _Problems):
    """Items no committee is named for (common in 工作要点): said once for the plan, not once an item."""
    alone = [str(r["index"]) for r in rows if not (
        r["values"]["leads"] or r["values"]["helpers"] or r["values"]["all_committees_help"]
        or r["unknown"]["leads"] or r["unknown"]["helpers"])]
    if alone:
        problems.warning(None, None, f"第 {'、'.join(alone)} 项没有读到负责的委员会（原文未写）：导入后这些事项没有负责的"
                                     "委员会，可在预览中为其选择。")


# --- what an item looks like, for changes and the timeline -----------------------------------------------

# label → (what is compared, what is shown), read the same way from an item and from a preview row.


def _row_described(row: dict, names: _Names) -> dict:
    v = row["values"]
    committees = names.committees
    return {
        "事项": (norm(v["title"]), v["title"]),
        "重点": (norm(v["focus"]), v["focus"]),
        "监督形式": ((v["form"], *sorted(v["extra_forms"])), row["forms_label"]),
        "时间": ((v["timing_kind"], v["start_month"], v["end_month"], v["quarter"], v["timing_note"]),
               row["timing_label"]),
        "提请会议": ((v["to_standing_meeting"], v["to_chairpersons_meeting"]), _meetings_label(v)),
        "牵头": (tuple(sorted(v["leads"])), "、".join(committees[pk].short_name for pk in v["leads"])),
        "配合": ((tuple(sorted(v["helpers"])), v["all_committees_help"]),
               "、".join(committees[pk].short_name for pk in v["helpers"])
               + ("（各工委分工落实）" if v["all_committees_help"] else "")),
        "报告单位": (tuple(sorted(v["reporting_bodies"])), "、".join(r["name"] for r in row["reporting_bodies"])),
    }


def _item_described(item: PlanItem) -> dict:
    """The same for an item whose responsibilities (with committees) and reporting bodies are prefetched."""
    extra = item.all_forms()[1:]
    leads = [r for r in item.responsibilities.all() if r.role == "lead"]
    helpers = [r for r in item.responsibilities.all() if r.role == "helper"]
    bodies = list(item.reporting_bodies.all())
    meetings = {"to_standing_meeting": item.to_standing_meeting,
                "to_chairpersons_meeting": item.to_chairpersons_meeting}
    return {
        "事项": (norm(item.title), item.title),
        "重点": (norm(item.focus), item.focus),
        "监督形式": ((item.form, *sorted(extra)), item.forms_display()),
        "时间": ((item.timing_kind, item.start_month, item.end_month, item.quarter, item.timing_note),
               item.timing.label() + (f"（{item.timing_note}）" if item.timing_note else "")),
        "提请会议": ((item.to_standing_meeting, item.to_chairpersons_meeting), _meetings_label(meetings)),
        "牵头": (tuple(sorted(r.committee_id for r in leads)), "、".join(r.committee.short_name for r in leads)),
        "配合": ((tuple(sorted(r.committee_id for r in helpers)), item.all_committees_help),
               "、".join(r.committee.short_name for r in helpers)
               + ("（各工委分工落实）" if item.all_committees_help else "")),
        "报告单位": (tuple(sorted(b.pk for b in bodies)), "、".join(b.name for b in bodies)),
    }


def _changes(item: PlanItem, row: dict, fields=None) -> dict:
    """{"label": [old, new]} for what the row changes on the item (only `fields`' labels when given)."""
    old, new = _item_described(item), row["described"]
    return {label: [old[label][1], new[label][1]] for label in new
            if old[label][0] != new[label][0] and (fields is None or label in fields)}


def _corrected_labels(row: dict) -> set[str]:
    """The timeline labels of the fields the clerk corrected (a linked matter takes only those)."""
    by_field = {"title": "事项", "focus": "重点", "form": "监督形式", "extra_forms": "监督形式",
                "to_standing_meeting": "提请会议", "to_chairpersons_meeting": "提请会议", "leads": "牵头",
                "helpers": "配合", "all_committees_help": "配合", "reporting_bodies": "报告单位",
                **{key: "时间" for key in TIMING_KEYS}}
    return {by_field[f] for f in row["corrected"] if f in by_field}


# --- matching with the plan already there, and with other plans' matters -----------------------------


def _items_prefetched(queryset):
    return queryset.select_related(None).prefetch_related("responsibilities__committee", "reporting_bodies")


def _entry_title(entry) -> str:
    """How this plan words the entry's matter: its own wording where it has one."""
    return entry.wording or entry.item.title


def _wording(row: dict, item: PlanItem) -> str:
    """The entry's wording: the row's title where it is not the matter's own."""
    return row["values"]["title"] if norm(row["values"]["title"]) != norm(item.title) else ""


def _match(rows: list[dict], plan: AnnualPlan, sections: list) -> list[dict]:
    """Pair rows with the plan's entries: same section and number with the same title, then the same title,
    then the same section and number, then the same matter reworded. Returns the entries left over.

    A matter other plans also list (the 国土总体规划 in three) is shared: as with a link, this plan's text
    changes only its wording here and the fields the clerk corrected, never the matter the other plans read."""
    entries = list(PlanEntry.objects.filter(plan=plan).select_related("section", "item")
                   .prefetch_related("item__responsibilities__committee", "item__reporting_bodies",
                                     "item__entries")
                   .order_by("order", "id"))
    claimed: set[int] = set()

    def place(entry):
        return (section_key(entry.section.heading) if entry.section else "", norm(entry.number))

    def claim(row, entry):
        claimed.add(entry.pk)
        item = entry.item
        row["entry_id"], row["item_id"] = entry.pk, item.pk
        row["shared"] = len(item.entries.all()) > 1
        row["changes"] = _changes(item, row, _corrected_labels(row) if row["shared"] else None)
        if row["shared"] and norm(_entry_title(entry)) != norm(row["values"]["title"]):
            row["changes"]["原文表述"] = [_entry_title(entry), row["values"]["title"]]
        if entry.number != row["number"]:
            row["changes"]["编号"] = [entry.number, row["number"]]
        if place(entry)[0] != row["section_key"]:
            row["changes"]["分节"] = [entry.section.heading if entry.section else "", row["section_label"]]
        row["action"] = "update" if row["changes"] else "unchanged"

    def titled(row, entry):
        return norm(row["values"]["title"]) in (norm(entry.item.title), norm(entry.wording))

    steps = [
        lambda row, e: place(e) == (row["section_key"], norm(row["number"])) and titled(row, e),
        titled,
        lambda row, e: bool(row["number"]) and place(e) == (row["section_key"], norm(row["number"])),
        lambda row, e: same_matter(_entry_title(e), row["values"]["title"]),
    ]
    for step in steps:
        for row in rows:
            if row["entry_id"] is None and row["values"]["title"]:
                entry = next((e for e in entries if e.pk not in claimed and step(row, e)), None)
                if entry is not None:
                    claim(row, entry)
    return [{"entry_id": e.pk, "item_id": e.item_id, "number": e.number, "title": _entry_title(e),
             "section": e.section.heading if e.section else ""} for e in entries if e.pk not in claimed]


def _link(rows: list[dict], plan, body, year, problems: _Problems, kept: list[dict]) -> list[dict]:
    """Matters other plans of the year hold: a new row that is one of them is linked to it (the clerk's choice,
    else find_links' "same"), and every row lists the matters its text names ("mentioned", or the clerk's
    choice), claiming them from the plan's leftover entries on a re-import. Returns the entries still left over.
    row["auto_link"] and row["auto_mentions"] are what would be chosen without the clerk (the page compares)."""
    others = PlanItem.objects.filter(body=body, year=year)
    if plan is not None:
        others = others.exclude(entries__plan=plan)
    kept_items = {k["item_id"]: k for k in kept}
    items = list(_items_prefetched(PlanItem.objects.filter(pk__in=[*others.values_list("pk", flat=True),
                                                                    *kept_items]))
                 .prefetch_related("entries__plan").order_by("id"))
    by_id = {i.pk: i for i in items}
    linkable = [i for i in items if i.pk not in kept_items]  # a leftover entry's matter is in the plan already
    used = _clerks_links(rows, by_id, problems, year)
    for row in rows:
        row["auto_link"], row["auto_mentions"], row["mentioned"] = None, [], []
        if row["entry_id"] is None:
            _link_row(row, [i for i in linkable if i.pk not in used], by_id, used)
    for row in rows:
        _mention(row, [i for i in items if i.pk not in used], by_id, used, kept_items, problems, year)
    return [k for k in kept if k["item_id"] not in used]


def _clerks_links(rows, by_id, problems, year) -> set[int]:
    """The matters the clerk chose to link: taken first, so that no automatic link takes one of them."""
    used = set()
    for row in rows:
        pk = row["values"]["link"] if "link" in row["corrected"] and row["entry_id"] is None else None
        if pk is None:
            continue
        if pk not in by_id:
            problems.error(row, "link", f"事项 {pk} 已列在本计划中，或不是 {year} 年度的事项，不能关联。")
        elif pk in used:
            problems.error(row, "link", f"事项 {pk} 已被另一项关联。")
        used.add(pk)
    return used


def _proposed(row: dict):
    """What find_links reads of an item: its (corrected) title and the matters its text names."""
    return SimpleNamespace(title=row["values"]["title"], mentions=row["mentions_written"])


def _link_row(row: dict, candidates: list, by_id: dict, used: set):
    same = find_links(SimpleNamespace(title=row["values"]["title"], mentions=[]), candidates)["same"] \
        if row["values"]["title"] else None
    row["auto_link"] = same.pk if same is not None else None
    chosen = row["values"]["link"] if "link" in row["corrected"] else row["auto_link"]
    shown = [c for c in candidates if same_matter(c.title, row["values"]["title"])] if row["values"]["title"] else []
    row["link_candidates"] = [_item_json(i) for i in dict.fromkeys([*shown, *([by_id[chosen]] if chosen in by_id
                                                                               else [])])]
    row["values"]["link"] = chosen if chosen in by_id else None
    if row["values"]["link"] is None:
        return
    item = by_id[chosen]
    used.add(item.pk)
    row["action"], row["item_id"], row["link"] = "link", item.pk, _item_json(item)
    row["changes"] = {PLAN_FIELD: ["", "本计划"], **_changes(item, row, _corrected_labels(row))}


def _mention(row: dict, candidates: list, by_id: dict, used: set, kept_items: dict, problems, year):
    """The matters the row's text names, listed in the plan beside it (with this plan's wording of them)."""
    found = find_links(_proposed(row), candidates)["mentioned"] if row["mentions_written"] else []
    row["auto_mentions"] = [c.pk for _, c in found]
    wordings = {c.pk: wording for wording, c in found}
    if "mentions" in row["corrected"]:
        chosen = []
        for pk in row["values"]["mentions"]:
            if pk not in by_id or pk in used:
                problems.error(row, "mentions", f"事项 {pk} 已列在本计划中或已被关联，或不是 {year} 年度的事项。")
            else:
                chosen.append(pk)
    else:
        chosen = row["auto_mentions"]
    row["values"]["mentions"] = chosen
    used.update(chosen)
    row["mentioned"] = [{**_item_json(by_id[pk]), "wording": wordings.get(pk, ""),
                         "entry_id": kept_items.get(pk, {}).get("entry_id")} for pk in chosen]
    # What the page offers to tick: the matters found in the text and those chosen.
    row["mention_choices"] = [{**_item_json(by_id[pk]), "wording": wordings.get(pk, ""), "chosen": pk in chosen}
                              for pk in dict.fromkeys([*row["auto_mentions"], *chosen])]


def _item_json(item: PlanItem) -> dict:
    return {"id": item.pk, "title": item.title, "plans": [e.plan.title for e in item.entries.all()]}


# --- the commit -----------------------------------------------------------------------------------------


# The row's values each field of an item is set from (the committees and reporting bodies apart).
_ITEM_VALUES = ("title", "focus", "form", *TIMING_KEYS, "to_standing_meeting", "to_chairpersons_meeting",
                "all_committees_help")


def _set_fields(item: PlanItem, values: dict, only=None):
    """The item's fields from the row's values; `only` (field names) limits them to those (a linked or shared
    matter takes only what the clerk corrected)."""
    for key in _ITEM_VALUES:
        if only is None or key in only:
            setattr(item, key, values[key])
    if only is None or "extra_forms" in only:
        item.extra_forms = list(values["extra_forms"])


def _set_related(item: PlanItem, values: dict, only=None):
    if only is None or {"leads", "helpers"} & set(only):
        current = {role: [r.committee_id for r in item.responsibilities.all() if r.role == role]
                   for role in ("lead", "helper")}
        leads = values["leads"] if only is None or "leads" in only else current["lead"]
        helpers = values["helpers"] if only is None or "helpers" in only else current["helper"]
        set_committees(item, leads, [pk for pk in helpers if pk not in leads])
    if only is None or "reporting_bodies" in only:
        item.reporting_bodies.set(values["reporting_bodies"])


def _plan_for(preview: dict, body, summary: dict) -> AnnualPlan:
    year, kind = preview["year"], preview["kind"]
    plan = AnnualPlan.objects.select_for_update().filter(body=body, year=year, kind=kind).first()
    if plan is None:
        if preview["plan"]["exists"]:
            raise StalePreview("the plan has gone")
        summary["plan_created"] = True
        return AnnualPlan.objects.create(body=body, year=year, kind=kind, title=preview["plan"]["title"])
    if preview["plan"]["id"] != plan.pk:
        raise StalePreview("a plan was created meanwhile")
    return plan


def _sections_for(plan: AnnualPlan, preview: dict) -> dict[int, Section]:
    """The preview's sections (by index) in the text's order; sections only the plan has come after them,
    and go when empty."""
    leftover = {section_key(s.heading): s for s in Section.objects.filter(plan=plan)}
    sections = {}
    for order, spec in enumerate(preview["sections"], 1):
        section = leftover.pop(spec["key"], None) or Section(plan=plan)
        section.heading, section.order, section.declared_count = spec["heading"], order, spec["declared_count"]
        section.save()
        sections[spec["index"]] = section
    place_leftover_sections(leftover.values(), after=len(sections))
    return sections


# What a row changes about the entry, not the matter.
_ENTRY_LABELS = ("编号", "分节", "原文表述", PLAN_FIELD)


def _save_row(row: dict, *, plan, section, position, body, user, items, entries) -> str:
    """One row written; returns what was done (new, update, unchanged, link)."""
    values, action = row["values"], row["action"]
    if action == "new":
        item = PlanItem(body=body, year=plan.year)
        _set_fields(item, values)
        item.is_principle = item_reads_as_principle(item, leads=values["leads"], helpers=values["helpers"],
                                                    reporting_bodies=values["reporting_bodies"])
        item.save()
        _set_related(item, values)
        PlanEntry.objects.create(plan=plan, item=item, section=section, order=position, number=values["number"])
        ItemEdit.objects.create(item=item, by=user, changes={PLAN_FIELD: ["", plan.title]}, note=IMPORT_NOTE)
        return action
    item = items.get(row["item_id"])
    if item is None:
        raise StalePreview(f"item {row['item_id']} has gone")
    only = set(row["corrected"]) if action == "link" or row.get("shared") else None
    if any(label not in _ENTRY_LABELS for label in row["changes"]):
        _set_fields(item, values, only)
        item.version += 1
        item.save()
        _set_related(item, values, only)
    if action == "link":
        PlanEntry.objects.create(plan=plan, item=item, section=section, order=position, number=values["number"],
                                 wording=_wording(row, item))
        changes = {**row["changes"], PLAN_FIELD: ["", plan.title]}
    else:
        entry = entries.get(row["entry_id"])
        if entry is None or entry.item_id != item.pk:
            raise StalePreview(f"entry {row['entry_id']} has gone")
        entry.section, entry.number, entry.order = section, values["number"], position
        if row.get("shared") and "原文表述" in row["changes"]:
            entry.wording = _wording(row, item)
        entry.save(update_fields=["section", "number", "order", "wording"])
        changes = row["changes"]
    if changes:
        ItemEdit.objects.create(item=item, by=user, changes=changes, note=IMPORT_NOTE)
    return action


def _save_mention(mentioned: dict, row: dict, *, plan, section, position, user, entries):
    """A matter the row's text names, listed in the plan right after it, with the same number and this plan's
    wording of it (its entry from an earlier import moved there, or a new one)."""
    number, wording = row["values"]["number"], mentioned["wording"]
    if mentioned["entry_id"] is not None:
        entry = entries.get(mentioned["entry_id"])
        if entry is None or entry.item_id != mentioned["id"]:
            raise StalePreview(f"entry {mentioned['entry_id']} has gone")
        entry.section, entry.number, entry.order = section, number, position
        entry.wording = wording or entry.wording
        entry.save(update_fields=["section", "number", "order", "wording"])
        return
    PlanEntry.objects.create(plan=plan, item_id=mentioned["id"], section=section, order=position, number=number,
                             wording=wording)
    ItemEdit.objects.create(item_id=mentioned["id"], by=user, changes={PLAN_FIELD: ["", plan.title]}, note=IMPORT_NOTE)


def commit_preview(preview: dict, *, body, user=None, progress=None) -> dict:
    """Write the plan the preview describes, all or nothing (raises on any problem: the transaction rolls back)."""
    if preview["error_count"]:
        raise ValueError("a preview with errors cannot be committed")
    rows = preview["rows"]
    summary = {"created": 0, "updated": 0, "unchanged": 0, "linked": 0, "mentioned": 0,
               "kept": len(preview["kept"]), "plan_created": False}
    done = {"new": "created", "update": "updated", "unchanged": "unchanged", "link": "linked"}
    with transaction.atomic():
        plan = _plan_for(preview, body, summary)
        sections = _sections_for(plan, preview)
        wanted = {r["item_id"] for r in rows if r["item_id"]}
        # Lock the matters about to change, then read them with what their changes compare.
        items = {i.pk: i for i in PlanItem.objects.select_for_update().filter(body=body, pk__in=wanted)}
        items = {i.pk: i for i in _items_prefetched(PlanItem.objects.filter(pk__in=items))}
        entries = {e.pk: e for e in PlanEntry.objects.filter(plan=plan)}
        order = 0
        for position, row in enumerate(rows, 1):
            section = sections.get(row["values"]["section"])
            order += 1
            action = _save_row(row, plan=plan, section=section, position=order, body=body, user=user,
                               items=items, entries=entries)
            summary[done[action]] += 1
            for mentioned in row["mentioned"]:
                order += 1
                _save_mention(mentioned, row, plan=plan, section=section, position=order, user=user, entries=entries)
                summary["mentioned"] += 1
            if progress and (position % 20 == 0 or position == len(rows)):
                progress(position, len(rows))
        for order, kept in enumerate(preview["kept"], order + 1):
            PlanEntry.objects.filter(pk=kept["entry_id"], plan=plan).update(order=order)
    summary["plan_id"], summary["plan_title"] = plan.pk, plan.title
    return summary


# --- the import, as the engine runs it ---------------------------------------------------------------------


class WordPlanImport(PlanImporter):
    kind = JOB_KIND
    task = ""  # a plan's text holds dozens of items, not thousands: always committed inline
    summary_lead = "已从 Word 导入"
    summary_extras = (("linked", "关联其他计划中的事项 {} 项"), ("mentioned", "列入所点名的其他计划事项 {} 项"),
                      ("kept", "保留文字中没有的 {} 项"))

    def clean_params(self, params):
        corrections = params.get("corrections") or {}
        return {**params, "corrections": {**corrections, "rows": corrections.get("rows") or {}},
                "revision": int(params.get("revision") or 0)}

    def preview(self, data, *, body, params):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFileError("保存的文字无法读取，请重新上传。") from None
        return build_preview(text, body=body, params=params)

    def save(self, preview, *, body, params, user, progress):
        return commit_preview(preview, body=body, user=user, progress=progress)


WORD_PLAN_IMPORT = WordPlanImport()
