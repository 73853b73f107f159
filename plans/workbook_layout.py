"""The 主要工作安排表 layout shared by the plan import and export, so that exporting a plan and
importing the file again gives the same plan.

    title row
    类别 | 序号 | 项目名称 | 组织实施部门 | 时间 | 常委会会议 | 主任会议     (may repeat on every printed page)
    讨论决定重大事项(3项) | 1 | … | 财经工委 | 3-6月 | ✓ |
                          | 2 | …                                      (类别 merged or blank below)
"""

import re
from dataclasses import dataclass, field

from core.numerals import chinese_number
from plans.timing import TimingKind

HEADERS = ["类别", "序号", "项目名称", "组织实施部门", "时间", "常委会会议", "主任会议"]
CHECK_MARK = "✓"
CHECK_MARKS = {"✓", "✔", "√", "☑", "v", "V", "是", "1"}
CATEGORY, NUMBER, TITLE, UNITS, TIME, STANDING, CHAIRPERSONS = range(7)
# Cells that say "no": an empty cell is the usual way, but some offices write these.
UNCHECKED_MARKS = {"", "×", "✗", "✘", "-", "—", "/", "否", "无", "0", "x", "X"}

# Other wordings of the headers met in real workbooks, by column (compared without spaces).
HEADER_ALIASES = {
    CATEGORY: ("类别", "类型", "分类", "工作类别"),
    NUMBER: ("序号", "编号"),
    TITLE: ("项目名称", "工作项目", "项目", "事项", "工作内容", "主要内容"),
    UNITS: ("组织实施部门", "组织实施单位", "责任部门", "责任单位", "牵头部门", "牵头单位", "承办部门", "承办单位"),
    TIME: ("时间", "时间安排", "计划时间", "完成时间", "安排时间"),
    STANDING: ("常委会会议", "常委会", "提请常委会会议", "提交常委会会议"),
    CHAIRPERSONS: ("主任会议", "提请主任会议", "提交主任会议"),
}
_HEADER_LOOKUP = {alias: column for column, aliases in HEADER_ALIASES.items() for alias in aliases}


def header_column(text) -> int | None:
    """Which layout column a header cell names (CATEGORY … CHAIRPERSONS), or None."""
    return _HEADER_LOOKUP.get(re.sub(r"\s+", "", str(text or "")))


def parse_check(text) -> bool | None:
    """A meeting cell: True for ✓ (and its look-alikes), False for empty or "no", None when unreadable."""
    t = re.sub(r"\s+", "", str(text or ""))
    if t in CHECK_MARKS:
        return True
    if t in UNCHECKED_MARKS:
        return False
    return None

_CATEGORY_RE = re.compile(r"^(?P<heading>.*?)\s*[（(]\s*(?:共\s*)?(?P<count>\d+)\s*项\s*[)）]\s*$")


def category_label(heading: str, declared_count: int | None) -> str:
    return f"{heading}（{declared_count}项）" if declared_count is not None else heading


def parse_category(text: str) -> tuple[str, int | None]:
    """`讨论决定重大事项(3项)` → ("讨论决定重大事项", 3); a heading without a count keeps None."""
    text = " ".join(text.split())
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


def parse_timing_text(text: str) -> dict:
    """The time cell as timing fields; empty means 'to be set' (根据政府提请). Raises TimingError."""
    t = re.sub(r"\s+", "", str(text or "")).replace("—", "-").replace("～", "-").replace("~", "-").replace("至", "-")
    t = t.replace("份", "")
    if t in ("", "待定", "根据提请", "根据政府提请"):
        return {"timing_kind": TimingKind.UNDETERMINED}
    if t in ("全年", "全年度", "1-12月"):
        return {"timing_kind": TimingKind.YEAR}
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
    raise TimingError(f"无法识别时间“{text}”，应写作 3月、3-6月、全年、7月底前、第四季度，或留空（待定）")


def _checked(fields: dict, text) -> dict:
    for key in ("start_month", "end_month"):
        if key in fields and not 1 <= fields[key] <= 12:
            raise TimingError(f"无法识别时间“{text}”：月份应在 1 到 12 之间，应写作 3月、3-6月、全年，或留空（待定）")
    return fields


# --- responsible units -------------------------------------------------------------------------

# Words that mean "the other committees help": 各工委, 有关工委, 各相关工委 ...
_ALL_HELP_RE = re.compile(r"^(各|有关|相关|各相关|其他)(工委|工作委员会|委员会)?$")
_SPLIT_RE = re.compile(r"[、，,；;/]|及|和|与")


@dataclass
class Units:
    leads: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)
    all_committees_help: bool = False


def units_text(leads: list[str], helpers: list[str], all_committees_help: bool) -> str:
    text = "、".join(leads)
    if helpers:
        text += ("，" if text else "") + "配合：" + "、".join(helpers)
    if all_committees_help:
        text = f"{text}及各工委" if text else "各工委"
    return text


def parse_units_text(text: str, known_names=()) -> Units:
    """`财经工委、教科文卫工委及办公室` → leads; `选联及有关工委` → 选联 + all help; `…，配合：X` → helpers.

    Names are returned as written; resolving them to committees is the caller's job. Full names
    contain the separators themselves (监察和司法工作委员会, 城乡建设环境与资源保护委员会): pass the
    names the caller knows as `known_names` and they are kept whole.
    """
    units = Units()
    text = " ".join(str(text or "").split())
    # Shield the known names that contain a separator word before splitting.
    shielded = {}
    for i, name in enumerate(sorted({n for n in known_names if n and _SPLIT_RE.search(n)}, key=len, reverse=True)):
        if name in text:
            token = f"\x00{i}\x00"
            shielded[token] = name
            text = text.replace(name, token)
    lead_part, _, helper_part = text.partition("配合")
    helper_part = helper_part.lstrip("：: ")
    for target, part in ((units.leads, lead_part), (units.helpers, helper_part)):
        for token in _SPLIT_RE.split(part):
            token = token.strip(" ：:。")
            for placeholder, name in shielded.items():
                token = token.replace(placeholder, name)
            if not token:
                continue
            if _ALL_HELP_RE.match(token):
                units.all_committees_help = True
            elif token not in target:
                target.append(token)
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
