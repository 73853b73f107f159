"""The 主要工作安排表 layout shared by the plan import and export, so that exporting a plan and
importing the file again gives the same plan.

    title row
    类别 | 序号 | 项目名称 | 组织实施部门 | 时间 | 常委会会议 | 主任会议     (may repeat on every printed page)
    讨论决定重大事项(3项) | 1 | … | 财经工委 | 3-6月 | ✓ |
                          | 2 | …                                      (类别 merged or blank below)
"""

import re
from dataclasses import dataclass, field

from plans.numerals import chinese_number
from plans.timing import TimingKind

HEADERS = ["类别", "序号", "项目名称", "组织实施部门", "时间", "常委会会议", "主任会议"]
CHECK_MARK = "✓"
CHECK_MARKS = {"✓", "✔", "√", "☑", "v", "V", "是", "1"}
CATEGORY, NUMBER, TITLE, UNITS, TIME, STANDING, CHAIRPERSONS = range(7)

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
            raise TimingError(f"时间“{text}”中的月份应在 1 到 12 之间")
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


def parse_units_text(text: str) -> Units:
    """`财经工委、教科文卫工委及办公室` → leads; `选联及有关工委` → 选联 + all help; `…，配合：X` → helpers.

    Names are returned as written; resolving them to committees is the caller's job.
    """
    units = Units()
    text = " ".join(str(text or "").split())
    lead_part, _, helper_part = text.partition("配合")
    helper_part = helper_part.lstrip("：: ")
    for target, part in ((units.leads, lead_part), (units.helpers, helper_part)):
        for token in _SPLIT_RE.split(part):
            token = token.strip(" ：:。")
            if not token:
                continue
            if _ALL_HELP_RE.match(token):
                units.all_committees_help = True
            elif token not in target:
                target.append(token)
    return units
