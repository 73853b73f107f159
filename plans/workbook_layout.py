"""The 主要工作安排表: its columns, each declared once, and the cell texts they read and write.

    title row
    类别 | 序号 | 项目名称 | 组织实施部门 | 时间 | 常委会会议 | 主任会议 | 监督形式 | 汇报单位   (may repeat on every page)
    讨论决定重大事项(3项) | 1 | … | 财经工委 | 3-6月 | ✓ |  | 计划预算决算审计 | 区政府
                          | 2 | …                                      (类别 merged or blank below)

The first seven are the printed table of the seeds; 监督形式 and 汇报单位 follow, so that an exported plan imports
back as the same plan (every field the table carries: see the README), and a workbook without them reads as before.

Each column is one `Column` in COLUMNS (at the end of this module): its header and the other wordings met in
real workbooks, whether a workbook may leave it out and what that means, how its cell is read into the import
preview's row (with the problems it finds), how the row sets the PlanItem at commit, what an update changes,
and how an item is written into it at export, with its looks in the blank template and the export. The
reader, preview and commit (plans.imports), the blank template and the export (plans.exports) all take the
columns from here: a column for a new item field is one declaration below, plus the field and its migration.

类别 and 序号 are declared here for their headers (and 序号 for the export); the sections and the matching
they drive stay in plans.imports.preview.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from openpyxl.worksheet.datavalidation import DataValidation

from core.imports import norm
from core.models import Committee, ReportingBody
from core.numerals import chinese_number
from plans.editing import set_committees
from plans.imports.recognise import matter_reporting_bodies, reporting_bodies_in
from plans.models import ItemCommittee, PlanEntry, PlanItem, PlanItemStatus, StatusChange, SupervisionForm
from plans.models.plans import forms_label
from plans.timing import Timing, TimingKind
from plans.workflow import ALLOWED_STEPS, change_status

# --- meeting cells -------------------------------------------------------------------------------

CHECK_MARK = "✓"
CHECK_MARKS = {"✓", "✔", "√", "☑", "v", "V", "是", "1"}
# Cells that say "no": an empty cell is the usual way, but some offices write these.
UNCHECKED_MARKS = {"", "×", "✗", "✘", "-", "—", "/", "否", "无", "0", "x", "X"}


def parse_check(text) -> bool | None:
    """A meeting cell: True for ✓ (and its look-alikes), False for empty or "no", None when unreadable."""
    t = re.sub(r"\s+", "", str(text or ""))
    if t in CHECK_MARKS:
        return True
    if t in UNCHECKED_MARKS:
        return False
    return None


# --- category ----------------------------------------------------------------------------------

_CATEGORY_RE = re.compile(r"^(?P<heading>.*?)\s*[（(]\s*(?:共\s*)?(?P<count>\d+)\s*项\s*[)）]\s*$")


def category_label(heading: str, declared_count: int | None) -> str:
    return f"{heading}（{declared_count}项）" if declared_count is not None else heading


# A printed page that goes on with the category above: 讨论决定重大事项（续）.
_CONTINUED_RE = re.compile(r"\s*(?:[（(]\s*(?:续|续表|接上页|续上页)\s*[)）]|续表)\s*$")


def category_text(text: str) -> str:
    """A 类别 cell as its section's heading is written: spaces collapsed, without （续）."""
    return _CONTINUED_RE.sub("", " ".join(str(text or "").split()))


def parse_category(text: str) -> tuple[str, int | None]:
    """`讨论决定重大事项(3项)` → ("讨论决定重大事项", 3); a heading without a count keeps None; （续） is dropped."""
    text = category_text(text)
    match = _CATEGORY_RE.match(text)
    if match:
        return match["heading"].strip(), int(match["count"])
    return text, None


# --- time ------------------------------------------------------------------------------------

_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def timing_text(kind: str, start_month=None, end_month=None, quarter=None) -> str:
    if kind == TimingKind.MONTH:
        return f"{start_month}月"
    if kind == TimingKind.RANGE:
        return f"{start_month}-{end_month}月"
    if kind == TimingKind.YEAR:
        return "全年"
    if kind == TimingKind.DEADLINE:
        return f"{end_month}月底前"
    if kind == TimingKind.QUARTER:
        return f"第{chinese_number(quarter)}季度"
    return ""


class TimingError(ValueError):
    pass


# Words that say the time is set later (the item form's 时间说明, "根据区政府的提请而定"): kept as the note.
_UNDETERMINED_RE = re.compile(r"根据.{0,30}?(?:提请|需要|部署|安排|进展)|视情|视.{0,8}情况|适时|择期|另行(?:安排|确定|通知)|待定|另定|未定")
_HALVES = {"上半年": (1, 6), "下半年": (7, 12)}
TIME_WRITING = "3月、3-6月、全年、上半年、7月底前、第四季度，或“根据区政府的提请而定”“视情安排”等，待定的也可留空"


def parse_timing_text(text: str) -> dict:
    """The time cell as timing fields; empty or "根据…提请" means 'to be set' (undetermined). Raises TimingError."""
    t = re.sub(r"\s+", "", str(text or "")).replace("—", "-").replace("～", "-").replace("~", "-").replace("至", "-")
    t = t.replace("份", "")
    if t in ("", "待定", "根据提请", "根据政府提请"):
        return {"timing_kind": TimingKind.UNDETERMINED}
    if t in ("全年", "全年度", "1-12月"):
        return {"timing_kind": TimingKind.YEAR}
    if t in _HALVES:
        start, end = _HALVES[t]
        return {"timing_kind": TimingKind.RANGE, "start_month": start, "end_month": end}
    if t in ("年底", "年底前", "年底前完成"):
        return {"timing_kind": TimingKind.DEADLINE, "end_month": 12}
    if m := re.fullmatch(r"(?:第)?([一二三四1-4])季度", t):
        return {"timing_kind": TimingKind.QUARTER, "quarter": _QUARTERS[m[1]]}
    if m := re.fullmatch(r"(\d{1,2})月底(?:前)?(?:完成)?", t):
        return _checked({"timing_kind": TimingKind.DEADLINE, "end_month": int(m[1])}, text)
    if m := re.fullmatch(r"(\d{1,2})月", t):
        return _checked({"timing_kind": TimingKind.MONTH, "start_month": int(m[1])}, text)
    if m := re.fullmatch(r"(\d{1,2})月?-(\d{1,2})月", t):
        start, end = int(m[1]), int(m[2])
        if start >= end:
            raise TimingError(f"时间“{text}”的起始月份应早于截止月份")
        return _checked({"timing_kind": TimingKind.RANGE, "start_month": start, "end_month": end}, text)
    if len(t) <= 200 and _UNDETERMINED_RE.search(t):
        return {"timing_kind": TimingKind.UNDETERMINED}
    raise TimingError(f"无法识别时间“{text}”，应写作 {TIME_WRITING}")


# A time with its note in brackets, as the export writes a note beside a time: 全年（根据市人大常委会部署拟安排在第四季度）.
_TIME_NOTE_RE = re.compile(r"^(?P<time>[^（(]+?)\s*[（(](?P<note>.+)[)）]$", re.S)


def split_time_note(text: str) -> tuple[dict, str] | None:
    """A time cell that is a time and its note in brackets → (timing fields, note); None for any other cell.

    Only a time that says when (3月, 全年 …) or 待定 takes a bracketed note: “视情安排（根据区政府提请）” is a note
    as a whole, read by parse_timing_text."""
    match = _TIME_NOTE_RE.match(" ".join(str(text or "").split()))
    if not match or not match["note"].strip():
        return None
    time = match["time"].strip()
    try:
        fields = parse_timing_text(time)
    except TimingError:
        return None
    if fields["timing_kind"] == TimingKind.UNDETERMINED and norm(time) != "待定":
        return None
    return fields, match["note"].strip()


def time_cell_text(kind: str, start_month=None, end_month=None, quarter=None, note: str = "") -> str:
    """The time cell for a timing and its note (时间说明); split_time_note and parse_timing_text read it back."""
    text = timing_text(kind, start_month, end_month, quarter)
    if not note:
        return text
    if kind == TimingKind.UNDETERMINED:
        # The note says when ("根据区政府的提请而定"): written as it is when it reads back as undetermined.
        try:
            if parse_timing_text(note)["timing_kind"] == TimingKind.UNDETERMINED and split_time_note(note) is None:
                return note
        except TimingError:
            pass
        text = "待定"
    return f"{text}（{note}）"


def _checked(fields: dict, text) -> dict:
    for key in ("start_month", "end_month"):
        if key in fields and not 1 <= fields[key] <= 12:
            raise TimingError(f"无法识别时间“{text}”：月份应在 1 到 12 之间，应写作 {TIME_WRITING}")
    return fields


# --- responsible units -------------------------------------------------------------------------

# Words that mean "the other committees help": 各工委, 有关工委(室), 各（相关）工委, 其他专门委员会 ...
_ALL_HELP_RE = re.compile(r"^(?:各|有关|相关|其他|其它)+(?:专门委员会|工作委员会|委员会|专委会|专委|工委|委室)?室?$")
_SPLIT_RE = re.compile(r"[、，,；;/]|及|和|与")
_CLAUSE_RE = re.compile(r"[，,；;。]")
# Role words: after the units they name (财经工委牵头), or before them with a colon (配合单位：财经工委).
_ROLE_RE = re.compile(r"(?P<lead>牵头负责|牵头|负责|主办|承办|组织实施)|(?P<help>配合|协助|协办|参与|分工落实)")
_FORWARD_RE = re.compile(r"(?:单位|部门)?\s*[：:]")
LEAD, HELP = "lead", "help"


@dataclass
class Units:
    leads: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)
    all_committees_help: bool = False
    # No role word: the first unit leads and the rest help by their order alone (a pair may be promoted).
    guessed: bool = field(default=False, compare=False)


def is_all_help(written: str) -> bool:
    """各工委, 有关工委(室), 各（相关）工委 …: every committee helps."""
    bare = re.sub(r"[（(]室[)）]", "", re.sub(r"\s+", "", written or ""))
    return bool(_ALL_HELP_RE.match(re.sub(r"[（()）]", "", bare)))


def units_text(leads: list[str], helpers: list[str], all_committees_help: bool) -> str:
    """The cell an item's committees are written as; parse_units_text reads it back to the same roles."""
    if not helpers and not (all_committees_help and len(leads) > 1):
        text = "、".join(leads) + ("牵头" if len(leads) > 1 else "")
        if all_committees_help:
            text = f"{text}及各工委" if text else "各工委"
        return text
    lead_part = "、".join(leads) + "牵头" if leads else ""
    helper_part = "、".join(helpers) + ("及各工委" if helpers and all_committees_help else "")
    helper_part = (helper_part or "各工委") + "配合"
    return "，".join(part for part in (lead_part, helper_part) if part)


def parse_units_text(text: str, known_names=()) -> Units:
    """Who leads and who helps, in the text's own order and words, the names as written.

    `A牵头，B、C配合` → A leads, B and C help; `A、B负责` → both lead; `A、B，配合：C` → A and B lead
    (what is not said to help leads); `A、B` without a word → A leads, B helps; `选联及有关工委` → 选联,
    and every committee helps. Resolving the names to committees is the caller's job. Full names contain
    the separators themselves (监察和司法工作委员会, 城乡建设环境与资源保护委员会): pass the names the
    caller knows as `known_names` and they are kept whole.
    """
    text, shielded = _shield(" ".join(str(text or "").split()), known_names)
    tagged = []  # (name as written, LEAD | HELP | None)
    for clause in _CLAUSE_RE.split(text):
        tagged += _clause_units(clause, shielded)
    return _roles(tagged)


def _shield(text: str, known_names) -> tuple[str, dict]:
    """Known names that contain a separator word, replaced by placeholders before splitting."""
    shielded = {}
    for i, name in enumerate(sorted({n for n in known_names if n and _SPLIT_RE.search(n)}, key=len, reverse=True)):
        if name in text:
            token = f"\x00{i}\x00"
            shielded[token] = name
            text = text.replace(name, token)
    return text, shielded


def _clause_units(clause: str, shielded: dict) -> list[tuple[str, str | None]]:
    """One clause's units with the role its words give them (None: no word)."""
    groups: list[list] = []  # [names, role]
    pending, position = None, 0
    for match in _ROLE_RE.finditer(clause):
        groups.append([_unit_names(clause[position:match.start()], shielded), pending])
        pending = None
        role = LEAD if match["lead"] else HELP
        forward = _FORWARD_RE.match(clause, match.end())
        position = forward.end() if forward else match.end()
        last = groups[-1]
        if not forward and last[0] and last[1] is None:
            last[1] = role  # 财经工委牵头
        else:
            pending = role  # 配合：财经工委
    groups.append([_unit_names(clause[position:], shielded), pending])
    return [(name, role) for names, role in groups for name in names]


def _unit_names(part: str, shielded: dict) -> list[str]:
    names = []
    for token in _SPLIT_RE.split(part):
        for placeholder, name in shielded.items():
            token = token.replace(placeholder, name)
        token = _trim(re.sub(r"^由|等(?:单位|部门)?$", "", token.strip(" ：:。")))
        if token:
            names.append(token)
    return names


def _trim(token: str) -> str:
    """Drop the brackets a role word in brackets leaves: 财经工委（牵头） → 财经工委; 有关工委(室) is kept."""
    token = token.strip()
    while token and token[-1] in "（(":
        token = token[:-1].rstrip()
    while token and token[0] in "）)":
        token = token[1:].lstrip()
    if token.endswith(("）", ")")) and not re.search(r"[（(]", token):
        token = token[:-1].rstrip()
    return token


def _roles(tagged: list[tuple[str, str | None]]) -> Units:
    units = Units()
    named = []
    for name, role in tagged:
        if is_all_help(name):
            units.all_committees_help = True
        elif name not in [n for n, _ in named]:
            named.append((name, role))
    roles = {role for _, role in named}
    if LEAD in roles:
        default = HELP  # 牵头 named: the others help
    elif HELP in roles:
        default = LEAD  # only 配合 named: what is not said to help leads
    else:
        units.guessed = len(named) > 1
        named = [(name, LEAD if i == 0 else HELP) for i, (name, _) in enumerate(named)]
        default = HELP
    for name, role in named:
        (units.leads if (role or default) == LEAD else units.helpers).append(name)
    return units


# --- category → supervision form -------------------------------------------------------------

# The first keyword found in a category heading gives the form of the items created under it.
_FORM_KEYWORDS = [
    ("重大事项", "major_matter"),
    ("专题询问", "inquiry"),
    ("测评", "evaluation"),
    ("执法检查", "inspection"),
    ("调研", "research"),
    ("视察", "visit"),
    ("备案审查", "filing_review"),
    ("预算", "finance"),
    ("决算", "finance"),
    ("审计", "finance"),
    ("跟踪", "follow_up"),
    ("议案", "motion"),
    ("任免", "personnel"),
    ("人事", "personnel"),
    ("代表", "deputy_work"),
    ("自身建设", "self_building"),
    ("专项工作报告", "special_report"),
    ("工作报告", "special_report"),
    ("听取", "special_report"),
]


def form_for_category(heading: str, default: str = "other") -> str:
    """The SupervisionForm value for items under a category: 讨论决定重大事项 → major_matter."""
    for keyword, form in _FORM_KEYWORDS:
        if keyword in (heading or ""):
            return form
    return default


# --- columns: what a declaration holds -------------------------------------------------------------

ERROR, WARNING = "error", "warning"  # the levels of a preview problem
TITLE_MAX = PlanItem._meta.get_field("title").max_length  # a line or two; a longer cell is a paste gone wrong


@dataclass
class SheetReading:
    """What the cells of one sheet share while they are read: the year, the committees, the units met."""

    year: int
    resolver: Any  # plans.imports.preview.CommitteeResolver
    report: Callable[..., Any]  # (level, row, column, message, target row): the preview's problem list
    known_names: list[str] = field(default_factory=list)
    reporting_bodies: list = field(default_factory=list)  # the body's ReportingBody rows of the year
    unknown_units: dict = field(default_factory=dict)  # norm(name) → {"name", "rows"}
    ignored_units: dict = field(default_factory=dict)
    all_help_units: dict = field(default_factory=dict)  # names the user mapped to "every committee helps"
    missing_columns: frozenset = frozenset()  # positions in columns() of the optional columns the header lacks


@dataclass
class Cell:
    """One cell being read into its preview row; its problems name its row and column."""

    text: str
    row: dict  # the preview row being filled
    sheet: SheetReading
    number: int  # the row number Excel shows
    column: int  # the column's position in columns()

    @property
    def present(self) -> bool:
        """Whether the sheet's header has this cell's column (an empty cell of a missing column says nothing)."""
        return self.column not in self.sheet.missing_columns

    def error(self, message: str):
        self.sheet.report(ERROR, self.number, self.column, message, self.row)

    def warning(self, message: str):
        self.sheet.report(WARNING, self.number, self.column, message, self.row)


@dataclass(frozen=True, eq=False)
class Column:
    """One column of the workbook, declared once. Behaviour left None is not this column's (类别, 序号)."""

    key: str
    header: str  # as the template and the export write it
    aliases: tuple[str, ...] = ()  # other wordings of the header, compared without spaces
    if_missing: str | None = None  # None: the header must have it; else what leaving it out means (a warning)
    fills: dict = field(default_factory=dict)  # the preview row's keys it fills, as they start
    read: Callable[[Cell], None] | None = None  # the cell → row values, and the cell's problems
    apply: Callable[[PlanItem, dict], None] | None = None  # the row → item fields, before the item is saved
    new_related: Callable[[PlanItem, dict], list] | None = None  # unsaved rows of a new item, inserted in bulk
    set_related: Callable[[PlanItem, dict], None] | None = None  # an existing item's related rows made to match
    changes: Callable[[PlanItem, dict], dict] | None = None  # {"label": [old, new]} the row makes to an item
    write: Callable[[PlanEntry, int], Any] | None = None  # (entry, position in its section) → the exported cell
    prefetch: Callable[[str], Prefetch] | None = None  # what changes/write read, below a path ("item__")
    # What write needs worked out for all the exported entries at once (one query, not one per row).
    prepare: Callable[[list[PlanEntry]], None] | None = None
    width: int = 16  # in the blank template
    fit: tuple[int, int] = (10, 30)  # the export's narrowest and widest
    centred: bool = False  # short values, centred (and not wrapped in the template)
    hint: str = ""  # a comment on the template's header cell
    validation: Callable[[], DataValidation] | None = None  # the check on the template's cells
    keeps_lines: bool = False  # its line breaks are paragraphs, kept (other cells' wrapped lines are joined)


def _label(field_name: str) -> str:
    """How an item field is named in "changes" and edit records: its verbose name."""
    return str(PlanItem._meta.get_field(field_name).verbose_name)


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _plain(value):
    return getattr(value, "value", value)  # an enum member's value, else the value


# --- text columns (项目名称, and any column kept as text in one item field) ---------------------------


def text_column(key: str, header: str, *, field_name: str, aliases=(), if_missing=None, required=False,
                max_length=None, width=20, fit=(10, 30), hint="", keeps_lines=False) -> Column:
    """A column whose text is kept as it is in one text field of the item: 项目名称 → PlanItem.title.

    An optional column (if_missing) sets the field only when the header has it, an empty cell too (the text is
    cleared); a workbook without the column leaves the field of an item it updates as it is."""
    limit = max_length or PlanItem._meta.get_field(field_name).max_length
    written = f"{field_name}_written"

    def read(cell: Cell):
        cell.row[field_name] = cell.text
        cell.row[written] = cell.present
        if required and not cell.text:
            cell.error(f"{header}不能为空（此行其他列有内容）。")
        elif limit and len(cell.text) > limit:
            cell.error(f"{header}过长（{len(cell.text)} 个字符，最多 {limit} 个）。")

    def apply(item: PlanItem, row: dict):
        if row.get(written, True):
            setattr(item, field_name, row[field_name])

    def changes(item: PlanItem, row: dict) -> dict:
        if not row.get(written, True):
            return {}
        old, new = getattr(item, field_name), row[field_name]
        # An empty required cell is an error already, not a change to show.
        return {_label(field_name): [old, new]} if (new or not required) and old != new else {}

    def write(entry: PlanEntry, position: int):
        return getattr(entry.item, field_name)

    return Column(key=key, header=header, aliases=tuple(aliases), if_missing=if_missing,
                  fills={field_name: "", written: False}, read=read, apply=apply, changes=changes, write=write,
                  width=width, fit=fit, hint=hint, keeps_lines=keeps_lines)


# --- 项目名称 ----------------------------------------------------------------------------------------------


def title_column() -> Column:
    """项目名称 → PlanItem.title (the reporting bodies it names are read by the 汇报单位 column)."""
    return text_column("title", "项目名称", field_name="title",
                       aliases=("工作项目", "项目", "事项", "工作内容", "主要内容", "工作事项", "项目内容"),
                       required=True, max_length=TITLE_MAX, width=52, fit=(30, 60))


# --- 组织实施部门 → leading and helping committees ------------------------------------------------------


UNITS_MAX = PlanItem._meta.get_field("units_as_written").max_length


def _read_units(cell: Cell):
    cell.row["units_text"] = cell.text
    if len(cell.text) > UNITS_MAX:
        cell.error(f"组织实施部门过长（{len(cell.text)} 个字符，最多 {UNITS_MAX} 个）。")
        return
    units = parse_units_text(cell.text, cell.sheet.known_names)
    cell.row["all_committees_help"] = units.all_committees_help
    taken = set()  # a committee written twice is taken once, in its first role
    for role, names in (("leads", units.leads), ("helpers", units.helpers)):
        for written in names:
            _read_unit(cell, role, written, taken)
    if units.guessed:
        _promote_pairs(cell)
    if not cell.text:
        cell.warning("未填写组织实施部门，该事项将没有负责的委员会。")
    elif not (units.leads or units.helpers or units.all_committees_help):
        cell.error(f"无法从“{cell.text}”中读出任何单位。")
    elif not cell.row["leads"] and not cell.row["unknown_units"]:
        cell.warning(_no_lead(cell.row))


def _no_lead(row: dict) -> str:
    if row["helpers"]:
        return f"“{row['units_text']}”没有写牵头的单位，该事项只有配合的委员会。"
    if row["all_committees_help"]:
        return f"“{row['units_text']}”没有写牵头的委员会，该事项只记为各工委分工落实。"
    return f"“{row['units_text']}”中的单位都已忽略，该事项将没有负责的委员会。"


def _read_unit(cell: Cell, role: str, written: str, taken: set):
    how, committee = cell.sheet.resolver.resolve(written)
    if committee is not None:
        if committee.id not in taken:
            taken.add(committee.id)
            cell.row[role].append({"id": committee.id, "short_name": committee.short_name, "written": written,
                                   "how": how})
        return
    # The row's and the sheet's list of the names met this way: "ignored_units", "all_help_units", "unknown_units".
    kept = {"ignored": "ignored_units", "all_help": "all_help_units"}.get(how, "unknown_units")
    if kept == "unknown_units":
        cell.error(f"找不到委员会“{written}”。请在“未识别的单位”中选择它对应的委员会，或选择“各工委协助”或忽略。")
    if how == "all_help":
        cell.row["all_committees_help"] = True
    cell.row[kept].append(written)
    getattr(cell.sheet, kept).setdefault(norm(written), {"name": written, "rows": []})["rows"].append(cell.number)


def _promote_pairs(cell: Cell):
    """Written without role words, a special committee and its working committee lead together
    (财经委员会、财经工委): the pair is one unit in the plans."""
    cell.row["leads"], cell.row["helpers"] = _promoted(cell.row["leads"], cell.row["helpers"], cell.sheet.resolver,
                                                       lambda c: c["id"])


def _promoted(leads: list, helpers: list, resolver, key) -> tuple[list, list]:
    partners = {resolver.partner_id(key(c)) for c in leads}
    moved = [c for c in helpers if key(c) in partners]
    return leads + moved, [c for c in helpers if c not in moved]


def written_roles(text: str, resolver) -> tuple[set, set, bool] | None:
    """(lead ids, helper ids, every committee helps) that a 组织实施部门 text reads as, the way the import reads it;
    None when a name in it is no committee the resolver knows (the import would ask about it)."""
    units = parse_units_text(text, resolver.known_names())
    leads, helpers, taken = [], [], set()
    for found, names in ((leads, units.leads), (helpers, units.helpers)):
        for written in names:
            _, committee = resolver.resolve(written)
            if committee is None:
                return None
            if committee.id not in taken:
                taken.add(committee.id)
                found.append(committee.id)
    if units.guessed:
        leads, helpers = _promoted(leads, helpers, resolver, lambda pk: pk)
    return set(leads), set(helpers), units.all_committees_help


def _apply_units(item: PlanItem, row: dict):
    item.all_committees_help = row["all_committees_help"]
    item.units_as_written = row["units_text"]


def _new_committees(item: PlanItem, row: dict) -> list[ItemCommittee]:
    leads = [c["id"] for c in row["leads"]]
    helpers = [c["id"] for c in row["helpers"] if c["id"] not in leads]
    return [ItemCommittee(item=item, committee_id=pk, role=ItemCommittee.Role.LEAD) for pk in dict.fromkeys(leads)] + [
        ItemCommittee(item=item, committee_id=pk, role=ItemCommittee.Role.HELPER) for pk in dict.fromkeys(helpers)
    ]


def _set_committees(item: PlanItem, row: dict):
    set_committees(item, [c["id"] for c in row["leads"]], [c["id"] for c in row["helpers"]])


def _short_names(item: PlanItem, role: str) -> list[str]:
    """The item's committees in one role, from its prefetched responsibilities."""
    return [r.committee.short_name for r in item.responsibilities.all() if r.role == role]


def _committee_ids(item: PlanItem, role: str) -> set[int]:
    return {r.committee_id for r in item.responsibilities.all() if r.role == role}


def _units_changes(item: PlanItem, row: dict) -> dict:
    changes = {}
    if not row["unknown_units"]:  # an unknown unit is an error already: no committees to compare yet
        for role, key, label in ((ItemCommittee.Role.LEAD, "leads", "牵头委员会"),
                                 (ItemCommittee.Role.HELPER, "helpers", "配合委员会")):
            if _committee_ids(item, role) != {c["id"] for c in row[key]}:
                changes[label] = ["、".join(_short_names(item, role)), "、".join(c["short_name"] for c in row[key])]
    if item.all_committees_help != row["all_committees_help"]:
        changes[_label("all_committees_help")] = [_yes(item.all_committees_help), _yes(row["all_committees_help"])]
    return changes


def _prepare_units(entries: list[PlanEntry]):
    """The cells to write as the office wrote them: those that still read as the item's committees (changed on
    the item's page since, they no longer do, and the text made from the committees is written instead)."""
    written = [e for e in entries if e.item.units_as_written]
    if not written:
        return
    from plans.imports.preview import CommitteeResolver  # the import's reading; it imports this module

    resolver = CommitteeResolver(Committee.objects.filter(body_id=written[0].item.body_id))
    for entry in written:
        item = entry.item
        roles = (_committee_ids(item, ItemCommittee.Role.LEAD), _committee_ids(item, ItemCommittee.Role.HELPER),
                 item.all_committees_help)
        if written_roles(item.units_as_written, resolver) == roles:
            entry.units_cell = item.units_as_written


def _write_units(entry: PlanEntry, position: int) -> str:
    item = entry.item
    as_written = getattr(entry, "units_cell", None)
    if as_written:
        return as_written
    return units_text(_short_names(item, ItemCommittee.Role.LEAD), _short_names(item, ItemCommittee.Role.HELPER),
                      item.all_committees_help)


def responsibilities_prefetch(prefix: str = "") -> Prefetch:
    """Committees in the order they were entered (the order the plan names them). Built per call: a queryset
    made at import time would keep the scope of that moment."""
    committees = ItemCommittee.objects.select_related("committee").order_by("id")
    return Prefetch(f"{prefix}responsibilities", queryset=committees)


# --- 时间 ----------------------------------------------------------------------------------------------


def _read_time(cell: Cell):
    cell.row["time_text"] = cell.text
    with_note = split_time_note(cell.text)
    if with_note is not None:
        fields, note = with_note
    else:
        try:
            fields = parse_timing_text(cell.text)
        except TimingError as e:
            cell.error(str(e))
            return
        # The text of an undetermined time is its note ("根据区政府的提请而定"); None keeps the item's.
        note = cell.text if fields["timing_kind"] == TimingKind.UNDETERMINED and cell.text else None
    limit = PlanItem._meta.get_field("timing_note").max_length
    if note is not None and len(note) > limit:
        cell.error(f"时间说明过长（{len(note)} 个字符，最多 {limit} 个）。")
        return
    cell.row["timing_note"] = note
    timing = {
        "timing_kind": _plain(fields["timing_kind"]), "start_month": fields.get("start_month"),
        "end_month": fields.get("end_month"), "quarter": fields.get("quarter"),
    }
    label = Timing(timing["timing_kind"], cell.sheet.year, timing["start_month"], timing["end_month"],
                   timing["quarter"]).label()
    if note:
        label += f"（{note}）"
    elif timing["timing_kind"] == TimingKind.UNDETERMINED:
        label += "（根据提请确定）"
    cell.row["timing"], cell.row["timing_label"] = timing, label


def _apply_time(item: PlanItem, row: dict):
    timing = row["timing"]
    item.timing_kind = timing["timing_kind"]
    item.start_month = timing["start_month"]
    item.end_month = timing["end_month"]
    item.quarter = timing["quarter"]
    note = _note_of(row)
    if note is not None:
        item.timing_note = note


def _time_changes(item: PlanItem, row: dict) -> dict:
    t = row["timing"]
    if t is None:  # unreadable: an error already
        return {}
    changes = {}
    if (item.timing_kind, item.start_month, item.end_month, item.quarter) != (
        t["timing_kind"], t["start_month"], t["end_month"], t["quarter"]
    ):
        changes["时间"] = [item.timing.label(), row["timing_label"]]
    note = _note_of(row)
    if note is not None and note != item.timing_note:
        changes[_label("timing_note")] = [item.timing_note, note]
    return changes


def _note_of(row: dict) -> str | None:
    """The 时间说明 a row sets: the text of an undetermined time ("根据区政府的提请而定") or the note in brackets
    after a time (全年（…）); None keeps the item's."""
    return row.get("timing_note")


def _write_time(entry: PlanEntry, position: int) -> str:
    item = entry.item
    return time_cell_text(item.timing_kind, item.start_month, item.end_month, item.quarter, item.timing_note)


def _time_validation() -> DataValidation:
    return DataValidation(type="textLength", operator="lessThanOrEqual", formula1="60", allow_blank=True,
                          showInputMessage=True, promptTitle="时间的写法",
                          prompt="3月、3-6月、全年、上半年、7月底前、第四季度；根据政府提请确定的写“根据区政府的提请而定”或留空")


# --- 常委会会议 / 主任会议 ---------------------------------------------------------------------------------


def _check_validation() -> DataValidation:
    return DataValidation(type="list", formula1=f'"{CHECK_MARK}"', allow_blank=True, showErrorMessage=True,
                          errorTitle="提请会议", error=f"打“{CHECK_MARK}”表示提请该会议，不提请的留空。")


def meeting_column(key: str, header: str, *, field_name: str, aliases=(), if_missing=None, width=10) -> Column:
    """A ✓ column: the item goes to that meeting (a boolean field of the item)."""

    def read(cell: Cell):
        flag = parse_check(cell.text)
        if flag is None:
            cell.error(f"无法识别“{cell.text}”：打 ✓ 表示提请该会议，留空表示不提请。")
        cell.row[field_name] = bool(flag)

    def apply(item: PlanItem, row: dict):
        setattr(item, field_name, row[field_name])

    def changes(item: PlanItem, row: dict) -> dict:
        old, new = getattr(item, field_name), row[field_name]
        return {_label(field_name): [_yes(old), _yes(new)]} if old != new else {}

    def write(entry: PlanEntry, position: int) -> str:
        return CHECK_MARK if getattr(entry.item, field_name) else ""

    return Column(key=key, header=header, aliases=tuple(aliases), if_missing=if_missing, fills={field_name: False},
                  read=read, apply=apply, changes=changes, write=write, width=width, fit=(8, 10), centred=True,
                  validation=_check_validation)


# --- 序号 ----------------------------------------------------------------------------------------------


def _write_number(entry: PlanEntry, position: int):
    # A plain number goes in as a number (Excel sorts and centres it); "（三）" stays text, and an entry the plan
    # does not number (a section's only matter) stays without one.
    return int(entry.number) if entry.number.isdigit() else entry.number


# --- 监督形式 → PlanItem.form and extra_forms --------------------------------------------------------------

_FORM_BY_LABEL = {norm(label): str(value) for value, label in SupervisionForm.choices}
_FORM_SPLIT_RE = re.compile(r"[、，,；;/＋+\s]+|并|及")
FORMS_WRITING = "、".join(label for _, label in SupervisionForm.choices)


def form_of(written: str) -> str | None:
    """A written form of supervision as its SupervisionForm value: the label (专项工作报告), the value, or a
    keyword of it (询问 → 专题询问, 决算 → 计划预算决算审计); None when it names none."""
    bare = norm(written)
    if bare in _FORM_BY_LABEL:
        return _FORM_BY_LABEL[bare]
    if bare in SupervisionForm.values:
        return bare
    return form_for_category(bare, default=None) or {"询问": "inquiry", "检查": "inspection"}.get(bare)


def _read_forms(cell: Cell):
    """监督形式: the main form first, the others after it (专题询问、专项工作报告); left empty, the category's form."""
    cell.row["forms_text"] = cell.text
    if not cell.text:
        return
    forms, unknown = [], []
    for written in filter(None, _FORM_SPLIT_RE.split(cell.text)):
        form = form_of(written)
        if form is None:
            unknown.append(written)
        elif form not in forms:
            forms.append(form)
    if unknown:
        cell.error(f"无法识别监督形式{'、'.join(f'“{w}”' for w in unknown)}，应写作：{FORMS_WRITING}；"
                   "有几种形式的用“、”隔开，主要的写在前面；留空则按类别确定。")
        return
    cell.row["forms_written"] = True
    cell.row["form"], cell.row["extra_forms"] = forms[0], forms[1:]


def _apply_forms(item: PlanItem, row: dict):
    if row["forms_written"]:
        item.form, item.extra_forms = row["form"], list(row["extra_forms"])


def _forms_changes(item: PlanItem, row: dict) -> dict:
    if not row["forms_written"] or [item.form, *item.extra_forms] == [row["form"], *row["extra_forms"]]:
        return {}
    return {_label("form"): [item.forms_display(), forms_label([row["form"], *row["extra_forms"]])]}


def _write_forms(entry: PlanEntry, position: int) -> str:
    return entry.item.forms_display()


# --- 汇报单位 → PlanItem.reporting_bodies ------------------------------------------------------------------

# A cell that says the matter has no reporting body (the export writes "—"); an empty cell reads the title.
NO_BODY_MARKS = {"无", "—", "——", "-", "－", "/", "／", "不涉及"}
NO_BODY = "—"
_BODY_SPLIT_RE = re.compile(r"[、，,；;/\s]+")


def _body_choices(sheet: SheetReading) -> dict:
    return {norm(name): b for b in sheet.reporting_bodies for name in (b.name, *b.aliases) if name}


def _read_bodies(cell: Cell):
    """汇报单位 as written (区法院、区检察院; 一府两院; “无”); left empty, the bodies the title names, or the
    government for a plan, budget or draft whose title names none (plans.imports.recognise)."""
    row, sheet = cell.row, cell.sheet
    row["bodies_text"] = cell.text
    if not cell.text:
        named = matter_reporting_bodies(row["title"], sheet.reporting_bodies)
        row["reporting_bodies"] = [{"id": b.id, "name": b.name} for b in named]
        return
    found, unknown = [], []
    if norm(cell.text) not in NO_BODY_MARKS:
        choices = _body_choices(sheet)
        for written in filter(None, _BODY_SPLIT_RE.split(cell.text)):
            exact = choices.get(norm(written))
            named = [exact] if exact else reporting_bodies_in(written, sheet.reporting_bodies)
            if not named:
                unknown.append(written)
            found += [b for b in named if b not in found]
    if unknown:
        cell.error(f"找不到汇报单位{'、'.join(f'“{w}”' for w in unknown)}：请写本常委会 {sheet.year} 年的报告单位"
                   "（如“区政府”“区法院”，见“设置 → 报告单位”），几个单位用“、”隔开；没有汇报单位的写“无”，"
                   "留空则按项目名称中写到的单位读取。")
        return
    row["bodies_written"] = True
    row["reporting_bodies"] = [{"id": b.id, "name": b.name} for b in found]


def _new_bodies(item: PlanItem, row: dict) -> list:
    through = PlanItem.reporting_bodies.through
    return [through(planitem=item, reportingbody_id=b["id"]) for b in row["reporting_bodies"]]


def _bodies_changes(item: PlanItem, row: dict) -> dict:
    """Written in the cell, the bodies are those; left empty, a matched item keeps the ones it has (the office may
    have chosen them by hand), and a reworded title adds those it newly names."""
    bodies = list(item.reporting_bodies.all())
    old = [b.name for b in bodies]
    if row["bodies_written"]:
        if {b.id for b in bodies} == {b["id"] for b in row["reporting_bodies"]}:
            return {}
        return {_label("reporting_bodies"): ["、".join(old), "、".join(b["name"] for b in row["reporting_bodies"])]}
    if norm(item.title) == norm(row["title"]):
        return {}
    added = [b["name"] for b in row["reporting_bodies"] if b["name"] not in old]
    return {_label("reporting_bodies"): ["、".join(old), "、".join(old + added)]} if added else {}


def _set_bodies(item: PlanItem, row: dict):
    if _label("reporting_bodies") in row.get("changes", {}):
        ids = [b["id"] for b in row["reporting_bodies"]]
        if row["bodies_written"]:
            item.reporting_bodies.set(ids)
        else:
            item.reporting_bodies.add(*ids)


def _bodies_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(f"{prefix}reporting_bodies", queryset=ReportingBody.objects.order_by("order", "id"))


def _write_bodies(entry: PlanEntry, position: int) -> str:
    return "、".join(b.name for b in entry.item.reporting_bodies.all()) or NO_BODY


# --- 原文表述 → PlanEntry.wording (this plan's own wording of a matter it shares) ---------------------------

WORDING_MAX = PlanEntry._meta.get_field("wording").max_length


def _read_wording(cell: Cell):
    """原文表述: the plan's own wording of the entry when it differs from the matter's title (an entry, not the
    item: the other plans that list the matter keep theirs). A workbook without the column leaves it as it is."""
    cell.row["wording"] = cell.text
    cell.row["wording_written"] = cell.present
    if len(cell.text) > WORDING_MAX:
        cell.error(f"原文表述过长（{len(cell.text)} 个字符，最多 {WORDING_MAX} 个）。")


def wording_change(entry: PlanEntry, row: dict) -> dict:
    """The entry's 原文表述 the row changes ({"原文表述": [old, new]}), for the preview's changes."""
    if not row.get("wording_written") or entry.wording == row["wording"]:
        return {}
    return {WORDING_LABEL: [entry.wording, row["wording"]]}


WORDING_LABEL = "原文表述"


def _write_wording(entry: PlanEntry, position: int) -> str:
    return entry.wording


# --- 状态 and 进度 → the item's tracking, through plans.workflow.change_status ---------------------------------

STATUS_LABEL, PROGRESS_LABEL = "状态", "进度"
_STATUS_BY_LABEL = {norm(label): str(value) for value, label in PlanItemStatus.choices}
_STATUS_RE = re.compile(r"^(?P<status>[^（(：:至]+?)(?:至\s*(?P<month>\d{1,2})\s*月)?\s*(?:[（(](?P<note>.*)[)）])?$", re.S)
STATUS_WRITING = "、".join(label for _, label in PlanItemStatus.choices)


def status_cell_text(status: str, postponed_to_month=None, note: str = "") -> str:
    """The 状态 cell: 已审议; 已推迟至8月（理由）; 已取消（理由）. parse_status_text reads it back."""
    text = PlanItemStatus(status).label
    if status == PlanItemStatus.POSTPONED and postponed_to_month:
        text += f"至{postponed_to_month}月"
    if status in (PlanItemStatus.POSTPONED, PlanItemStatus.CANCELLED) and note:
        text += f"（{note}）"
    return text


def parse_status_text(text: str) -> dict | None:
    """A 状态 cell → {"status", "postponed_to_month", "note"}; None when it names no status."""
    match = _STATUS_RE.match(" ".join(str(text or "").split()))
    if not match:
        return None
    status = _STATUS_BY_LABEL.get(norm(match["status"])) or (
        match["status"].strip() if match["status"].strip() in PlanItemStatus.values else None)
    if status is None:
        return None
    month = int(match["month"]) if match["month"] else None
    return {"status": status, "postponed_to_month": month, "note": (match["note"] or "").strip()}


def _read_status(cell: Cell):
    """状态 as the export writes it; left empty, a new matter has not started and a matched one keeps its status.
    Whether the item can reach it (plans.workflow's steps) is checked once the row is matched (status_problem)."""
    cell.row["status_text"] = cell.text
    if not cell.text:
        return
    read = parse_status_text(cell.text)
    if read is None:
        cell.error(f"无法识别状态“{cell.text}”，应写作：{STATUS_WRITING}；推迟的写“已推迟至8月（理由）”，"
                   "取消的写“已取消（理由）”；留空则新事项为未启动，已有事项不变。")
        return
    if read["postponed_to_month"] is not None and not 1 <= read["postponed_to_month"] <= 12:
        cell.error(f"状态“{cell.text}”：推迟到的月份应在 1 到 12 之间。")
        return
    cell.row["status"] = read["status"]
    cell.row["postponed_to_month"] = read["postponed_to_month"]
    cell.row["status_note"] = read["note"]


def _read_progress(cell: Cell):
    """进度 as 60% or 60; left empty, what the status gives (已完成 is 100%) or the matter's own."""
    cell.row["progress_text"] = cell.text
    if not cell.text:
        return
    bare = cell.text.strip().rstrip("%％").strip()
    if not bare.isdigit() or not 0 <= int(bare) <= 100:
        cell.error(f"无法识别进度“{cell.text}”：应写 0 到 100 之间的整数，如“60%”；留空则不变。")
        return
    cell.row["progress"] = int(bare)


def status_path(current: str, wanted: str, goes_to_meeting: bool) -> list[str] | None:
    """The steps plans.workflow allows from `current` to `wanted` (shortest; [] when already there), or None."""
    if current == wanted:
        return []
    steps = {s: {t for t in ALLOWED_STEPS[s] if goes_to_meeting or t != PlanItemStatus.SUBMITTED}
             for s in ALLOWED_STEPS}
    paths, seen = [[current]], {current}
    while paths:
        following = []
        for path in paths:
            for nxt in sorted(steps[path[-1]]):
                if nxt == wanted:
                    return path[1:] + [nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    following.append(path + [nxt])
        paths = following
    return None


def status_problem(row: dict, item: PlanItem | None, goes_to_meeting: bool) -> str | None:
    """Why the row's 状态 cannot be applied to the matter (None: a new one, not started); None when it can, its
    steps then in row["status_steps"]."""
    current = item.status if item is not None else PlanItemStatus.NOT_STARTED
    wanted = row.get("status")
    row["status_steps"] = []
    if not wanted or wanted == current and wanted != PlanItemStatus.POSTPONED:
        return None
    label = PlanItemStatus(wanted).label
    if wanted == PlanItemStatus.POSTPONED:
        if not row.get("postponed_to_month"):
            return f"状态“{row['status_text']}”没有写推迟到的月份，应写作“已推迟至8月（推迟理由）”。"
        if not row.get("status_note"):
            return f"状态“{row['status_text']}”没有写推迟理由，应写作“已推迟至8月（推迟理由）”。"
        if current == PlanItemStatus.POSTPONED:
            same = item is not None and item.postponed_to_month == row["postponed_to_month"]
            row["status_steps"] = [] if same else [wanted]
            return None
    if wanted == PlanItemStatus.CANCELLED and not row.get("status_note"):
        return f"状态“{row['status_text']}”没有写取消理由，应写作“已取消（取消理由）”。"
    path = status_path(current, wanted, goes_to_meeting)
    if path is None:
        why = "（该事项不提请会议，不能经过“已提请会议”）" if not goes_to_meeting else ""
        return f"不能从“{PlanItemStatus(current).label}”改为“{label}”{why}；请改正状态或留空。"
    row["status_steps"] = path
    return None


def _status_changes(item: PlanItem, row: dict) -> dict:
    changes = {}
    wanted = row.get("status")
    if wanted and (wanted != item.status or (
            wanted == PlanItemStatus.POSTPONED and row.get("postponed_to_month") != item.postponed_to_month)):
        changes[STATUS_LABEL] = [status_cell_text(item.status, item.postponed_to_month),
                                 status_cell_text(wanted, row.get("postponed_to_month"), row.get("status_note", ""))]
    progress = progress_after(row, item.status)
    if progress is not None and progress != item.progress:
        changes[PROGRESS_LABEL] = [f"{item.progress}%", f"{progress}%"]
    return changes


def progress_after(row: dict, current_status: str) -> int | None:
    """The progress the row sets: as written, else 100 when it makes the matter 已完成 (as change_status does),
    else None (unchanged)."""
    if row.get("progress") is not None:
        return row["progress"]
    if row.get("status") == PlanItemStatus.DONE and current_status != PlanItemStatus.DONE:
        return 100
    return None


TRACKING_LABELS = (STATUS_LABEL, PROGRESS_LABEL)


def apply_tracking(item: PlanItem, row: dict, user, note: str) -> PlanItem:
    """The row's 状态 and 进度 through plans.workflow.change_status, one allowed step at a time, each on the
    item's timeline (the one way a status changes); the last step carries the cell's reason (推迟、取消) and the
    progress."""
    steps = list(row.get("status_steps") or [])
    progress = progress_after(row, item.status)
    for i, status in enumerate(steps):
        last = i == len(steps) - 1
        item = change_status(item, status, user, (row.get("status_note") or note) if last else note,
                             postponed_to_month=row.get("postponed_to_month") if last else None,
                             progress=progress if last else None)
    if not steps and progress is not None and progress != item.progress:
        item = change_status(item, item.status, user, note, progress=progress)
    return item


def _prepare_status(entries: list[PlanEntry]):
    """The reason of each postponed or cancelled matter: its latest such step's note (one query)."""
    closed = [e.item_id for e in entries if e.item.status in (PlanItemStatus.POSTPONED, PlanItemStatus.CANCELLED)]
    if not closed:
        return
    notes = {}
    for change in (StatusChange.objects.filter(item_id__in=closed,
                                               to_status__in=[PlanItemStatus.POSTPONED, PlanItemStatus.CANCELLED])
                   .order_by("at", "id").only("item_id", "to_status", "note")):
        notes[(change.item_id, change.to_status)] = change.note
    for entry in entries:
        entry.status_note = notes.get((entry.item_id, entry.item.status), "")


def _write_status(entry: PlanEntry, position: int) -> str:
    item = entry.item
    return status_cell_text(item.status, item.postponed_to_month, getattr(entry, "status_note", ""))


def _write_progress(entry: PlanEntry, position: int) -> str:
    return f"{entry.item.progress}%"


def _status_validation() -> DataValidation:
    return DataValidation(type="textLength", operator="lessThanOrEqual", formula1="200", allow_blank=True,
                          showInputMessage=True, promptTitle="状态的写法",
                          prompt="未启动、准备中、已提请会议、已审议、跟踪落实中、已完成；已推迟至8月（理由）；已取消（理由）")


# --- 原则/目标 → PlanItem.is_principle --------------------------------------------------------------------

PRINCIPLE_MARKS = {"是": True, "否": False}


def _read_principle(cell: Cell):
    """原则/目标: 是 (a principle or an aim the plan states, not a task) or 否; left empty, a new matter is marked
    by the rule of plans.imports.principles and a matched one keeps its mark."""
    cell.row["principle"] = None
    if not cell.text:
        return
    flag = PRINCIPLE_MARKS.get(norm(cell.text))
    if flag is None:
        flag = parse_check(cell.text) if norm(cell.text) else None
    if flag is None:
        cell.error(f"无法识别“{cell.text}”：原则、方向或目标（不计入任务）的写“是”，具体任务写“否”；"
                   "留空则按项目名称等自动判断。")
        return
    cell.row["principle"] = flag


def _apply_principle(item: PlanItem, row: dict):
    if row.get("principle") is not None:
        item.is_principle = row["principle"]


def _principle_changes(item: PlanItem, row: dict) -> dict:
    if row.get("principle") is None or row["principle"] == item.is_principle:
        return {}
    return {_label("is_principle"): [_yes(item.is_principle), _yes(row["principle"])]}


def _write_principle(entry: PlanEntry, position: int) -> str:
    return "是" if entry.item.is_principle else "否"


# --- the columns, in the workbook's order -----------------------------------------------------------

COLUMNS: list[Column] = [
    Column(key="category", header="类别", aliases=("类型", "分类", "工作类别", "项目类别"), if_missing="所有事项不分类别",
           width=24, fit=(10, 22)),
    Column(key="number", header="序号", aliases=("编号",), write=_write_number, width=7, fit=(6, 8), centred=True),
    title_column(),
    Column(
        key="units", header="组织实施部门",
        aliases=("组织实施单位", "责任部门", "责任单位", "牵头部门", "牵头单位", "承办部门", "承办单位", "负责部门",
                 "负责单位", "牵头及配合单位", "责任委室"),
        fills={"units_text": "", "leads": [], "helpers": [], "all_committees_help": False, "unknown_units": [],
               "ignored_units": [], "all_help_units": []},
        read=_read_units, apply=_apply_units, new_related=_new_committees, set_related=_set_committees,
        changes=_units_changes, write=_write_units, prefetch=responsibilities_prefetch, prepare=_prepare_units,
        width=26, fit=(14, 28),
    ),
    Column(
        key="time", header="时间", aliases=("时间安排", "计划时间", "完成时间", "安排时间", "时限", "完成时限", "时间节点",
                                             "实施时间"),
        fills={"time_text": "", "timing": None, "timing_label": "", "timing_note": None},
        read=_read_time, apply=_apply_time, changes=_time_changes, write=_write_time, width=12, fit=(10, 14),
        centred=True, hint="3月、3-6月、全年、上半年、7月底前、第四季度；根据政府提请确定的写“根据区政府的提请而定”或留空",
        validation=_time_validation,
    ),
    meeting_column("standing", "常委会会议", field_name="to_standing_meeting",
                   aliases=("常委会", "提请常委会会议", "提交常委会会议"), if_missing="所有事项按不提请常委会会议处理",
                   width=11),
    meeting_column("chairpersons", "主任会议", field_name="to_chairpersons_meeting",
                   aliases=("提请主任会议", "提交主任会议"), if_missing="所有事项按不提请主任会议处理"),
    # The two columns the printed table of the seeds lacks, after its own seven, so that a workbook written
    # without them reads as before.
    Column(
        key="forms", header="监督形式", aliases=("形式", "工作形式", "监督方式"), if_missing="监督形式按类别确定",
        fills={"forms_text": "", "forms_written": False, "extra_forms": []},
        read=_read_forms, apply=_apply_forms, changes=_forms_changes, write=_write_forms, width=16, fit=(10, 18),
        hint=f"可写：{FORMS_WRITING}；几种形式用“、”隔开，主要的写在前面；留空则按类别确定",
    ),
    Column(
        key="reporting", header="汇报单位", aliases=("报告单位", "汇报部门", "报告部门"),
        if_missing="汇报单位按项目名称中写到的单位确定",
        fills={"bodies_text": "", "bodies_written": False, "reporting_bodies": []},
        read=_read_bodies, changes=_bodies_changes, new_related=_new_bodies, set_related=_set_bodies,
        write=_write_bodies, prefetch=_bodies_prefetch, width=16, fit=(10, 24),
        hint="如：区政府、区法院；几个单位用“、”隔开，没有的写“无”；留空则按项目名称中写到的单位确定",
    ),
    # The item's 重点 (what the work looks at), last: kept as written, wrapped; an emptied cell clears it, and a
    # workbook without the column leaves the focus of the items it updates as it is.
    text_column("focus", "重点", field_name="focus", aliases=("工作重点", "重点内容", "主要重点"),
                if_missing="新事项不填重点，已有事项的重点不变", width=40, fit=(16, 50),
                hint="该事项的工作重点，可写几段（单元格内换行分段）；留空则没有重点", keeps_lines=True),
    # What an exported plan carries beyond the printed table, so that it imports back as the same plan: this
    # plan's own wording of a shared matter, its tracking (status, with the reason of a postponement or a
    # cancellation, and progress) and whether it is a principle or an aim rather than a task. A workbook without
    # them reads as before.
    Column(
        key="wording", header=WORDING_LABEL, aliases=("本计划表述", "原文"), if_missing="原文表述不变",
        fills={"wording": "", "wording_written": False}, read=_read_wording, write=_write_wording,
        width=30, fit=(12, 40), keeps_lines=True,
        hint="本计划对该事项的原文表述，与项目名称不同时填写（如工作要点中的一段话）；留空则没有",
    ),
    Column(
        key="status", header=STATUS_LABEL, aliases=("事项状态", "办理状态", "进展状态"),
        if_missing="新事项为未启动，已有事项的状态不变",
        fills={"status_text": "", "status": None, "postponed_to_month": None, "status_note": "", "status_steps": []},
        read=_read_status, changes=_status_changes, write=_write_status, prepare=_prepare_status, width=14,
        fit=(8, 24), validation=_status_validation,
        hint=f"可写：{STATUS_WRITING}；推迟的写“已推迟至8月（理由）”，取消的写“已取消（理由）”；留空则不变",
    ),
    Column(
        key="progress", header=PROGRESS_LABEL, aliases=("进度（%）", "完成进度"), if_missing="进度不变",
        fills={"progress_text": "", "progress": None}, read=_read_progress, write=_write_progress, width=8,
        fit=(6, 8), centred=True, hint="0 到 100 之间的整数，如“60%”；留空则不变（改为已完成的为 100%）",
    ),
    Column(
        key="principle", header="原则/目标", aliases=("原则或目标", "原则、目标", "是否原则目标"),
        if_missing="新事项按项目名称等自动判断是否原则/目标，已有事项不变",
        fills={"principle": None}, read=_read_principle, apply=_apply_principle, changes=_principle_changes,
        write=_write_principle, width=9, fit=(8, 10), centred=True,
        hint="计划中的原则、方向或目标（不是具体任务，不计入应办、逾期和计划数）写“是”，具体任务写“否”；留空则自动判断",
    ),
]


def columns() -> list[Column]:
    """The columns, read at each call (so that a test may declare one more)."""
    return COLUMNS


def headers() -> list[str]:
    return [column.header for column in columns()]


def position(key: str) -> int:
    return next(i for i, column in enumerate(columns()) if column.key == key)


def prefetches(prefix: str = "") -> list[Prefetch]:
    """What the columns read of an item, for a queryset of items (prefix "") or of entries ("item__")."""
    return [column.prefetch(prefix) for column in columns() if column.prefetch]


@functools.lru_cache(maxsize=8)
def _header_lookup(declared: tuple[Column, ...]) -> dict[str, int]:
    return {re.sub(r"\s+", "", alias): i for i, c in enumerate(declared) for alias in (c.header, *c.aliases)}


def header_column(text) -> int | None:
    """Which column (its position in columns()) a header cell names, or None."""
    return _header_lookup(tuple(columns())).get(re.sub(r"\s+", "", str(text or "")))


_HEADER_REMARK_RE = re.compile(r"[（(][^（()）]*[)）]$")


def header_reading(text) -> tuple[int | None, bool]:
    """(column position, as written) for a header cell, or (None, False).

    Forgiven as written: a required-mark (序号*) or a remark in brackets (时间（月份）). Forgiven as a typo, which the
    preview names: one character missing, extra or wrong in a header of four characters or more (项目名 for
    项目名称, 组织实施部 for 组织实施部门), when it can mean only one column. Anything else is not a header.
    """
    written = re.sub(r"\s+", "", str(text or ""))
    lookup = _header_lookup(tuple(columns()))
    bare = _HEADER_REMARK_RE.sub("", written.strip("*＊"))
    for candidate in (written, bare):
        if candidate in lookup:
            return lookup[candidate], True
    if len(bare) >= 3:
        near = {pos for name, pos in lookup.items() if len(name) >= 4 and _one_edit_apart(bare, name)}
        if len(near) == 1:
            return near.pop(), False
    return None, False


def _one_edit_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


HEADERS = headers()  # the header row as declared here; code that may meet a test's extra column calls headers()
# The structural columns' positions: 类别 and 序号 drive sections and matching, 项目名称 tells a header row.
CATEGORY, NUMBER, TITLE = position("category"), position("number"), position("title")
