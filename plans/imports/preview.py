"""Workbook rows → how each row was understood, every problem by row and column, and what will change.

The preview is plain JSON (it is kept in BackgroundJob.result and served by the API), computed
again from the stored file whenever the mapping changes and once more, inside the commit's
transaction, just before anything is written. Nothing here writes to the database.

Matching against the plan already there, so that importing the same workbook again updates it:
  1. same section and 序号 and same title;
  2. same title anywhere in the plan (a row moved or renumbered);
  3. same section and 序号 (the title was reworded);
then, for rows still new, a matter of the same year with exactly that title in another plan is
linked rather than created twice (one matter, one status, however many plans list it).
Entries of the plan that no row claims are listed as removals.

How each field column's cell is read, and what it changes on a matched item, is that column's declaration
(plans.workbook_layout); 类别 and 序号, which drive the sections and the matching, are read here. A category
carries over repeated headers and page breaks; a 序号 that starts again without a category label is named as a
likely missing label and blocks the commit until the user confirms it (confirm_numbering) or fixes the file
(_Numbering below).
"""

import copy
import re
from collections import defaultdict
from datetime import date

from django.db.models import Q

from core.imports import norm
from core.models import Committee, ReportingBody
from core.numerals import chinese_number
from plans.imports.principles import item_reads_as_principle
from plans.imports.reader import ReadSheet, SheetRow
from plans.models import AnnualPlan, PlanEntry, PlanItem, PlanItemStatus, PlanKind
from plans.workbook_layout import (
    CATEGORY,
    ERROR,
    NUMBER,
    WARNING,
    Cell,
    SheetReading,
    category_label,
    category_text,
    columns,
    form_for_category,
    parse_category,
    prefetches,
    status_problem,
    wording_change,
)
from plans.workbook_layout import position as column_position

IGNORE = "ignore"  # the mapping value that leaves a written unit out on purpose
ALL_HELP = "all_help"  # the mapping value that says "every committee helps" (各工委分工落实)
HEADING_MAX = 200  # Section.heading

_DEFAULT_FORMS = {PlanKind.MAJOR_MATTERS: "major_matter", PlanKind.DEPUTY_WORK: "deputy_work"}


def section_key(heading: str) -> str:
    """Sections match by heading without its count or spaces: 讨论决定重大事项(3项) = 讨论决定重大事项（共 4 项）."""
    return norm(parse_category(heading or "")[0])


def default_plan_title(body, year: int, kind: str) -> str:
    return f"{body.name} {year} 年度{PlanKind(kind).label}"[:120]


class CommitteeResolver:
    """Written unit names → committees: name, short name, aliases, then forgiving forms, then the user's mapping.

    Forgiving forms: 选联 → 选联工委 (short name minus 工委), 选联委 → 选联工委, 财经委 → 财经委员会,
    财政经济工委 ↔ 财政经济工作委员会, 区人大常委会办公室 → 办公室, 区人大财经委 → 财经委员会,
    由财经工委负责 → 财经工委, 财经工委（室） → 财经工委, 财政经济工作委员会（财经工委） → either name.
    A mapping chosen by the user wins: a committee id, IGNORE, or ALL_HELP.
    """

    _PREFIX_RE = re.compile(r"^(?:[^、，,]{0,8}?人大常委会|[^、，,]{0,6}?人大|常委会)")
    _SUFFIX_RE = re.compile(r"(?:牵头负责|牵头|负责|承办|组织实施|分工落实|落实|配合|协助)+$")
    _BRACKETED_RE = re.compile(r"[（(]([^（()）]*)[)）]")

    def __init__(self, committees, mapping=None):
        self.committees = list(committees)
        self.by_id = {c.id: c for c in self.committees}
        self.names: dict[str, Committee] = {}
        # Active committees first, so a dissolved one never shadows the one in use.
        for c in sorted(self.committees, key=lambda c: (not c.active, c.order, c.id)):
            for name in c.all_names():
                self.names.setdefault(norm(name), c)
        self.partners = {c.id: c.paired_with_id for c in self.committees if c.paired_with_id}
        self.partners.update({partner: pk for pk, partner in list(self.partners.items())})
        self.mapping = {norm(k): v for k, v in (mapping or {}).items()}

    def known_names(self) -> list[str]:
        return [name for c in self.committees for name in c.all_names()]

    def partner_id(self, committee_id: int) -> int | None:
        """The committee paired with this one (专门委员会 ↔ 工作委员会), or None."""
        return self.partners.get(committee_id)

    def _variants(self, t: str):
        """The text, without a bracketed remark (财经工委（室）), and what the brackets hold (…（财经工委））."""
        yield t
        yield self._BRACKETED_RE.sub("", t)
        yield from (inside for inside in self._BRACKETED_RE.findall(t) if inside)

    def _candidates(self, t: str):
        for variant in dict.fromkeys(self._variants(t)):
            yield variant
            bare = self._SUFFIX_RE.sub("", re.sub(r"^由", "", variant))
            for base in dict.fromkeys([bare, self._PREFIX_RE.sub("", bare)]):
                if not base:
                    continue
                yield base
                yield base + "工委"
                yield base.replace("工作委员会", "工委")
                yield base.replace("工委", "工作委员会")
                yield base + "委员会"
                yield base + "工作委员会"
                if base.endswith("委") and not base.endswith(("工委", "委员会")):
                    yield base + "员会"  # 财经委 → 财经委员会
                    yield base[:-1] + "工委"  # 选联委 → 选联工委

    def resolve(self, written: str) -> tuple[str, Committee | None]:
        """("found" | "mapped", committee), ("ignored" | "all_help", None) or ("unknown", None)."""
        t = norm(written)
        if t in self.mapping:
            value = self.mapping[t]
            if value in (IGNORE, ALL_HELP):
                return ("ignored" if value == IGNORE else "all_help"), None
            committee = self.by_id.get(int(value)) if str(value).isdigit() else None
            if committee is not None:
                return "mapped", committee
        for candidate in self._candidates(t):
            if candidate in self.names:
                return "found", self.names[candidate]
        return "unknown", None


class _Problems:
    def __init__(self):
        self.items = []

    def add(self, level, row: int | None, column: int | None, message: str, target: dict | None = None) -> str:
        column_name = columns()[column].header if column is not None else ""
        where = (f"第 {row} 行" if row else "") + (f"「{column_name}」" if column_name else "")
        text = f"{where}：{message}" if where else message
        self.items.append({"row": row, "column": column_name, "level": level, "message": text})
        if target is not None:
            target["errors" if level == ERROR else "warnings"].append(text)
        return text


def build_preview(sheet: ReadSheet, *, body, year: int, kind: str, mapping=None, filename: str = "",
                  confirm_numbering: bool = False) -> dict:
    """The preview (see the module docstring). confirm_numbering: the user confirmed that a numbering starting
    again without a category label stays in the category above (otherwise that is an error)."""
    problems = _Problems()
    resolver = CommitteeResolver(Committee.objects.filter(body=body), mapping)
    reading = SheetReading(year=year, resolver=resolver, report=problems.add, known_names=resolver.known_names(),
                           reporting_bodies=_reporting_bodies(body, year),
                           missing_columns=frozenset(sheet.missing_columns))
    default_form = _DEFAULT_FORMS.get(kind, "other")
    _sheet_warnings(sheet, year, problems)

    sections: dict[str, dict] = {}
    current = None
    rows = []
    uncategorised = []  # the rows above the first category: entries of no section
    numbering = _Numbering(sheet, problems, confirm_numbering)

    for raw in sheet.rows:
        cells = raw.cells
        if cells[CATEGORY]:
            current = _section(cells[CATEGORY], raw.number, sections, current, problems)
        if not any(text for i, text in enumerate(cells) if i != CATEGORY):
            continue  # a row that only names the category of the rows below it

        row = {
            "row": raw.number, "section_key": current["key"] if current else "",
            "section": current["label"] if current else "", "number": "", **_blank_fields(),
            "form": form_for_category(current["heading"] if current else "", default_form),
            "action": "new", "entry_id": None, "item_id": None, "changes": {}, "errors": [], "warnings": [],
        }
        rows.append(row)
        if current is None:
            uncategorised.append(row)
        else:
            current["rows"] += 1
        _read_number(cells[NUMBER], row, problems)
        numbering.add(row, bool(cells[CATEGORY]), current, continued=NUMBER in raw.continued)
        if current is not None and len(current["label"]) > HEADING_MAX and current["rows"] == 1:
            problems.add(ERROR, current["first_row"], CATEGORY,
                         f"类别“{current['heading'][:30]}…”过长（最多 {HEADING_MAX} 个字符）。", row)
        _read_fields(raw, row, reading)  # 项目名称 and the other field columns, as declared
    numbering.finish()
    _no_category_warning(uncategorised, problems)
    _unnumbered_warnings(rows, problems)

    if not rows:
        problems.add(ERROR, None, None, "表中没有任何事项：表头以下只有类别，没有项目名称。")

    for section in sections.values():
        declared = section["declared_count"]
        section["mismatch"] = declared is not None and declared != section["rows"]
        if section["mismatch"]:
            problems.add(WARNING, section["first_row"], CATEGORY,
                         f"“{section['heading']}”标明 {declared} 项，表中实际列出 {section['rows']} 项。")

    plan = AnnualPlan.objects.filter(body=body, year=year, kind=kind).first()
    removals = _match(rows, plan, body, year) if plan else []
    if plan is None:
        _link_other_plans(rows, None, body, year)
    _tracking_and_marks(rows, body, year, problems)
    if plan is not None and plan.status == AnnualPlan.Status.ADOPTED:
        problems.add(WARNING, None, None,
                     f"“{plan.title}”已通过；导入将直接修改该计划，每项修改都记入事项的修改记录。")

    counts = defaultdict(int)
    for row in rows:
        counts[row["action"]] += 1
    counts["remove"] = len(removals)
    errors = sum(1 for p in problems.items if p["level"] == ERROR)
    return {
        "year": year,
        "kind": kind,
        "kind_label": PlanKind(kind).label,
        "filename": filename,
        "sheet": sheet.sheet_name,
        "sheet_title": sheet.title,
        "header_row": sheet.header_row,
        "repeated_headers": sheet.repeated_headers,
        "page_breaks": sheet.page_breaks,
        "skipped_notes": sheet.notes,
        "plan": {
            "id": plan.id if plan else None,
            "exists": plan is not None,
            "title": plan.title if plan else default_plan_title(body, year, kind),
            "status": plan.status if plan else AnnualPlan.Status.DRAFT.value,
            "status_label": plan.get_status_display() if plan else AnnualPlan.Status.DRAFT.label,
        },
        "sections": [
            {k: s[k] for k in ("key", "heading", "declared_count", "label", "first_row", "rows", "mismatch", "written")}
            for s in sections.values()
        ],
        "rows": rows,
        "problems": sorted(problems.items, key=lambda p: (p["row"] or 0, p["level"] != ERROR)),
        "unknown_units": list(reading.unknown_units.values()),
        "ignored_units": list(reading.ignored_units.values()),
        "all_help_units": list(reading.all_help_units.values()),
        "mapping": {k: v for k, v in (mapping or {}).items()},
        "numbering_restarts": numbering.restarts,
        "numbering_confirmed": bool(confirm_numbering),
        # Errors that the user's confirmation alone clears: the commit may go ahead once it is given.
        "confirmable": errors > 0 and not confirm_numbering and errors == len(numbering.restarts),
        "removals": removals,
        "counts": {k: counts.get(k, 0) for k in ("new", "update", "unchanged", "link", "remove")},
        "error_count": errors,
        "warning_count": len(problems.items) - errors,
        "can_commit": errors == 0 and bool(rows),
    }


def _tracking_and_marks(rows: list[dict], body, year: int, problems):
    """Once the rows are matched: whether each 状态 cell can be applied to its matter through plans.workflow's
    steps (else an error naming the row and the column), and each row's mark as a principle or an aim
    (row["is_principle"], shown by the preview as 原则/目标（不计入任务）): as the 原则/目标 cell says, else for a new
    matter the rule of plans.imports.principles, else the matter's own. One query for the matched matters."""
    matched = {r["item_id"] for r in rows if r["item_id"]}
    items = {i.pk: i for i in PlanItem.objects.filter(body=body, pk__in=matched).only(
        "id", "status", "postponed_to_month", "is_principle", "progress")} if matched else {}
    status_column = column_position("status")
    for row in rows:
        item = items.get(row["item_id"])
        goes_to_meeting = bool(row.get("to_standing_meeting") or row.get("to_chairpersons_meeting"))
        problem = status_problem(row, item, goes_to_meeting) if row["title"] else None
        if problem:
            problems.add(ERROR, row["row"], status_column, problem, row)
        if row.get("principle") is not None:
            row["is_principle"] = row["principle"]
        elif item is not None:
            row["is_principle"] = item.is_principle
        else:
            row["is_principle"] = _new_reads_as_principle(row, body, year)


def _new_reads_as_principle(row: dict, body, year: int) -> bool:
    """The rule of plans.imports.principles on the matter the row would create (unsaved, nothing written)."""
    if row.get("timing") is None or not row["title"]:
        return False
    item = PlanItem(body=body, year=year, form=row["form"])
    for column in columns():
        if column.apply:
            column.apply(item, row)
    return item_reads_as_principle(item, leads=row.get("leads"), helpers=row.get("helpers"),
                                   reporting_bodies=row.get("reporting_bodies"))


def _reporting_bodies(body, year: int) -> list:
    """The body's reporting bodies that exist in the plan's year: those a title may name."""
    exists = (Q(valid_from__isnull=True) | Q(valid_from__lte=date(year, 12, 31))) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)))
    return list(ReportingBody.objects.filter(exists, body=body).order_by("order", "id"))


def _sheet_warnings(sheet: ReadSheet, year: int, problems):
    for position in sheet.missing_columns:
        missing = columns()[position]
        problems.add(WARNING, sheet.header_row, None, f"表头没有「{missing.header}」列：{missing.if_missing}。")
    for position, written in sheet.forgiven_headers:
        problems.add(WARNING, sheet.header_row, None,
                     f"表头“{written}”按「{columns()[position].header}」列读取；如不对，请改正表头后重新上传。")
    if m := re.search(r"(20\d{2})\s*年", sheet.title or ""):
        if int(m[1]) != year:
            problems.add(WARNING, None, None, f"表格标题“{sheet.title}”写的是 {m[1]} 年，而选择导入的是 {year} 年度的计划。")


def _unnumbered_warnings(rows: list[dict], problems):
    """A row without a 序号 among others of its category: it can be matched again only by its title. A category's
    only matter needs no number (四、对区政府工作部门开展满意度测评)."""
    per_section = defaultdict(int)
    for row in rows:
        per_section[row["section_key"]] += 1
    for row in rows:
        too_long = any("「序号」" in e for e in row["errors"])  # named already, and left out
        if not row["number"] and per_section[row["section_key"]] > 1 and not too_long:
            problems.add(WARNING, row["row"], NUMBER, "序号为空；再次导入时只能按项目名称对应原有事项。", row)


def _no_category_warning(rows: list[dict], problems):
    """One warning for the rows above the first category, on each of them."""
    if len(rows) == 1:
        problems.add(WARNING, rows[0]["row"], CATEGORY, "此行之前没有类别，该事项将列入“其他事项”（不分类别）。", rows[0])
    elif rows:
        text = problems.add(WARNING, rows[0]["row"], CATEGORY,
                            f"第 {rows[0]['row']}–{rows[-1]['row']} 行之前没有类别，这 {len(rows)} 项将列入“其他事项”"
                            "（不分类别）。", rows[0])
        for row in rows[1:]:
            row["warnings"].append(text)


def _section(text: str, row_number: int, sections: dict, current, problems) -> dict:
    """The section a 类别 cell opens (or opens again), counting its declared items once."""
    heading, count = parse_category(text)
    key = norm(heading)
    section = sections.get(key)
    if section is None:
        section = sections[key] = {
            "key": key, "heading": heading, "declared_count": count,
            "label": category_label(heading, count), "first_row": row_number, "rows": 0,
            "written": category_text(text),  # a new section's heading, when it still says the declared count
        }
    elif count is not None and section["declared_count"] is None:
        section["declared_count"] = count
        section["label"] = category_label(heading, count)
    elif count is not None and count != section["declared_count"] and current is not section:
        problems.add(WARNING, row_number, CATEGORY,
                     f"类别“{heading}”在第 {section['first_row']} 行标明 {section['declared_count']} 项，"
                     f"此处又标明 {count} 项，以第一次为准。")
    return section


def _read_number(text: str, row: dict, problems):
    """序号 as written, without a trailing 、 or . (an empty one is named by _unnumbered_warnings)."""
    number = re.sub(r"[.、．。]$", "", text)
    if len(number) > 20:
        problems.add(ERROR, row["row"], NUMBER, f"序号“{number[:30]}”过长（最多 20 个字符）。", row)
        number = ""
    row["number"] = number


_CHINESE_ORDINALS = {chinese_number(n): n for n in range(1, 200)}


def ordinal(number: str) -> int | None:
    """The position a 序号 says: 3, 3., （三）, (3), 三 → 3; None for anything else (A1, 3-1)."""
    bare = re.sub(r"^[（(]|[)）]$", "", number.strip())
    if bare.isdigit():
        return int(bare)
    return _CHINESE_ORDINALS.get(bare)


class _Numbering:
    """序号 within each category, read row by row.

    A 序号 is kept to match the row again on the next import, so it is unique within its category. A printed
    table carries its category over repeated headers and page breaks, where the 类别 cell is left empty. So
    when the numbering starts again (1, 2, 3, 1, 2) on rows without a category label, those rows most likely
    lack the label of a new category: that is said, not "序号重复", and it blocks the commit until the user
    fixes the file or confirms that the rows belong to the category above. When the rows that start again are
    followed by a label whose 序号 goes on from theirs (the label was typed beside a later row of its block),
    which category they belong to cannot be known: that is an error naming the rows and what to fill in.
    """

    def __init__(self, sheet: ReadSheet, problems, confirmed: bool):
        self.problems, self.confirmed = problems, confirmed
        self.boundaries = sorted([(r, "header") for r in sheet.repeated_headers]
                                 + [(r, "break") for r in sheet.page_breaks])
        self.seen: dict[tuple[str, str], int] = {}  # (section key, 序号) → its first row
        self.last: dict[str, tuple] = {}  # section key → (position, row, 序号) of its latest numbered row
        self.positions: dict[tuple[str, int], int] = {}  # (section key, position the 序号 says) → its first row
        self.counts: dict[str, int] = defaultdict(int)  # rows read so far per section
        self.run = None  # rows without a label whose numbering started again
        self.restarts: list[dict] = []

    def add(self, row: dict, labelled: bool, section, continued: bool = False):
        """continued: the row's 序号 cell is merged with the row's above (a point and the matters it names,
        工作要点 6: each its own entry, all numbered 6)."""
        number, key = row["number"], row["section_key"]
        n = ordinal(number)
        last = self.last.get(key)
        if continued and number and last is not None and last[2] == number and last[1] == row["row"] - 1:
            row["number_repeats"] = True  # matched by title, never by 序号 (the first of them holds that)
            self.counts[key] += 1
            self.last[key] = (n, row["row"], number)
            return
        if self.run and (labelled or not self._continues(key, n)):
            self._finish(row if labelled else None, n)
        if self.run:
            self.run["rows"].append(row)
            self.run["last_n"] = n
            self._note(row, number)
        elif number:
            self._check(row, labelled, section, number, n)
        self.counts[key] += 1
        if n is not None:
            self.last[key] = (n, row["row"], number)
            self.positions.setdefault((key, n), row["row"])

    def finish(self):
        if self.run:
            self._finish(None, None)

    def _continues(self, key: str, n: int | None) -> bool:
        return self.run["key"] == key and n is not None and n > self.run["last_n"]

    def _note(self, row: dict, number: str):
        """A row of a numbering that started again: its 序号 may repeat one above (matching then skips it)."""
        if number and (row["section_key"], number) in self.seen:
            row["number_repeats"] = True
        elif number:
            self.seen[(row["section_key"], number)] = row["row"]

    def _check(self, row: dict, labelled: bool, section, number: str, n: int | None):
        key = row["section_key"]
        earlier, previous = self.seen.get((key, number)), self.last.get(key)
        same_place = self.positions.get((key, n)) if n is not None else None
        if not labelled and same_place and previous and n < previous[0]:
            self._note(row, number)
            self.run = self._start("restart", row, n, section, previous, same_place)
        elif earlier:
            self.problems.add(ERROR, row["row"], NUMBER,
                              f"序号“{number}”与第 {earlier} 行重复；同一类别内的序号应各不相同。", row)
        else:
            self.seen[(key, number)] = row["row"]
            if section is None and not labelled and n is not None and previous is None:
                self.run = self._start("unsectioned", row, n, section, None, None)

    def _start(self, kind: str, row: dict, n: int, section, previous, earlier) -> dict:
        return {"kind": kind, "key": row["section_key"], "section": section, "rows": [row], "last_n": n,
                "previous": previous, "earlier": earlier, "count_before": self.counts[row["section_key"]]}

    def _finish(self, next_row: dict | None, next_n: int | None):
        run, self.run = self.run, None
        if (next_row is not None and next_n is not None and next_row["section_key"] != run["key"]
                and next_n == run["last_n"] + 1):
            self._unknown_category(run, next_row)
        elif run["kind"] == "restart":
            self._restart(run)

    @staticmethod
    def _where(rows: list[dict]) -> tuple[str, str]:
        first, last = rows[0]["row"], rows[-1]["row"]
        return (f"第 {first} 行", "此行") if first == last else (f"第 {first}–{last} 行", "这几行")

    def _unknown_category(self, run: dict, next_row: dict):
        rows, first = run["rows"], run["rows"][0]["row"]
        where, these = self._where(rows)
        label = next_row["section"]
        if run["kind"] == "restart":
            context = (f"{these}「类别」为空，按上方的“{run['section']['label']}”读取，但序号又从“{rows[0]['number']}”"
                       f"开始，与第 {run['earlier']} 行起的序号重复")
        else:
            context = f"{these}「类别」为空，又在第一个类别之前"
        text = self.problems.add(
            ERROR, first, CATEGORY,
            f"{where}的类别无法确定：{context}；紧接着的第 {next_row['row']} 行写明类别“{label}”，"
            f"序号“{next_row['number']}”与{these}相接。如{these}属于“{label}”，请把类别写在第 {first} 行"
            f"（合并单元格的，从第 {first} 行起合并）；如不属于，请在第 {first} 行的「类别」填写{these}所属的类别。",
            rows[0])
        for row in rows[1:]:
            row["errors"].append(text)

    def _restart(self, run: dict):
        rows, first = run["rows"], run["rows"][0]["row"]
        where, these = self._where(rows)
        section, (_, previous_row, previous_number) = run["section"], run["previous"]
        started = f"{where}的序号从“{rows[0]['number']}”重新开始（第 {previous_row} 行为“{previous_number}”）"
        self.restarts.append({"first_row": first, "last_row": rows[-1]["row"], "section": section["label"]})
        if self.confirmed:
            self.problems.add(WARNING, first, NUMBER, f"{started}，已确认{these}属于“{section['label']}”。", rows[0])
            return
        declared, before = section["declared_count"], run["count_before"]
        full = (f"；“{section['heading']}”标明 {declared} 项，到第 {previous_row} 行已列满 {before} 项"
                if declared is not None and before >= declared else "")
        self.problems.add(
            ERROR, first, NUMBER,
            f"{started}，但「类别」为空{self._page_note(previous_row, first)}{full}：可能漏填了新类别的名称，"
            f"{these}现在按“{section['label']}”导入。如{these}属于另一类别，请在第 {first} 行的「类别」填写类别名称"
            f"（如“听取和审议专项工作报告(3项)”）后重新上传；如确属“{section['heading']}”，请确认后再导入"
            "（预览页勾选“序号重新编号的各行确属所在类别”，或 API 中传 confirm_numbering）。",
            rows[0])

    def _page_note(self, previous_row: int, first: int) -> str:
        notes = [f"第 {at} 行是重复的表头" if kind == "header" else f"第 {at} 行后分页"
                 for at, kind in self.boundaries
                 if (previous_row < at < first if kind == "header" else previous_row <= at < first)]
        return f"（{'，'.join(notes)}，第 {first} 行已在新的一页）" if notes else ""


def _blank_fields() -> dict:
    """The row's keys the columns fill, as they start (fresh lists for every row)."""
    return {key: copy.copy(value) for column in columns() for key, value in column.fills.items()}


def _read_fields(raw: SheetRow, row: dict, reading: SheetReading):
    for index, column in enumerate(columns()):
        if column.read:
            column.read(Cell(text=raw.cells[index], row=row, sheet=reading, number=raw.number, column=index))


# --- matching rows with what the plan already holds -----------------------------------------------


def _changes(item, row, entry=None) -> dict:
    """{"label": [old, new]} for every field the row would change, as the user reads them."""
    changes = {}
    for column in columns():
        if column.changes:
            changes.update(column.changes(item, row))
    if entry is not None:
        changes.update(wording_change(entry, row))
        if entry.number != row["number"]:
            changes["序号"] = [entry.number, row["number"]]
        old_key = section_key(entry.section.heading) if entry.section else ""
        if old_key != row["section_key"]:
            changes["类别"] = [entry.section.heading if entry.section else "", row["section"]]
    return changes


def _match(rows: list[dict], plan, body, year) -> list[dict]:
    """Pair rows with the plan's entries (see the module docstring); returns the entries left over."""
    entries = list(
        PlanEntry.objects.filter(plan=plan)
        .select_related("item", "section")
        .prefetch_related(*prefetches("item__"))  # what the columns compare
        .order_by("order", "id")
    )
    by_key, by_title = {}, defaultdict(list)
    for entry in entries:
        key = (section_key(entry.section.heading) if entry.section else "", norm(entry.number))
        if entry.number:
            by_key.setdefault(key, entry)
        by_title[norm(entry.item.title)].append(entry)
    claimed: set[int] = set()

    def claim(row, entry):
        claimed.add(entry.id)
        row["entry_id"], row["item_id"] = entry.id, entry.item_id
        row["changes"] = _changes(entry.item, row, entry)
        row["action"] = "update" if row["changes"] else "unchanged"

    candidates = [r for r in rows if r["title"]]
    for row in candidates:  # 1. same place, same title
        entry = by_key.get((row["section_key"], norm(row["number"]))) if row["number"] else None
        if entry and entry.id not in claimed and norm(entry.item.title) == norm(row["title"]):
            claim(row, entry)
    for row in candidates:  # 2. same title elsewhere in the plan
        if row["entry_id"] is None:
            entry = next((e for e in by_title.get(norm(row["title"]), []) if e.id not in claimed), None)
            if entry:
                claim(row, entry)
    for row in candidates:  # 3. same place, reworded title (not for a 序号 the sheet repeats)
        if row["entry_id"] is None and row["number"] and not row.get("number_repeats"):
            entry = by_key.get((row["section_key"], norm(row["number"])))
            if entry and entry.id not in claimed:
                claim(row, entry)

    _link_other_plans(rows, plan, body, year)
    return [
        {
            "entry_id": e.id, "item_id": e.item_id, "title": e.item.title, "number": e.number,
            "section": e.section.heading if e.section else "", "status": e.item.status,
            "status_label": PlanItemStatus(e.item.status).label,
        }
        for e in entries
        if e.id not in claimed
    ]


def _link_other_plans(rows: list[dict], plan, body, year):
    """A new row whose title is exactly that of a matter of the same year in another plan becomes that matter."""
    new_rows = [r for r in rows if r["entry_id"] is None and r["title"]]
    if not new_rows:
        return
    items = PlanItem.objects.filter(body=body, year=year, title__in={r["title"] for r in new_rows})
    if plan is not None:
        items = items.exclude(entries__plan=plan)
    by_title = defaultdict(list)
    for item in items.prefetch_related(*prefetches()).order_by("id"):
        by_title[norm(item.title)].append(item)
    used = set()
    for row in new_rows:
        item = next((i for i in by_title.get(norm(row["title"]), []) if i.id not in used), None)
        if item is not None:
            used.add(item.id)
            row["item_id"] = item.id
            row["action"] = "link"
            row["changes"] = _changes(item, row)
