"""Workbook variants: the 主要工作安排表 as other offices really keep it, built in memory from the demo data.

The base is the demo's 2023 监督工作计划 as the plan export writes it (plans.exports.PlanWorkbookExporter); each
variant rewrites it the way a real office's table differs: unit names with suffixes and brackets, "every
committee helps" phrases, several units with 牵头/配合, a page break inside a category with the header repeated,
a numbering that starts again without its category label, a category label typed beside a later row, header
typos, time written as text, titles naming the reporting bodies. tests/plans/test_workbook_variants.py imports
each one and checks the result, or that it stops with the expected message and changes nothing.

To look at the files in Excel (with the demo data loaded in the database the settings name):
    DEBUG=true python -m tests.plans.workbook_variants /tmp/variants
"""

import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.pagebreak import Break

YEAR = 2032  # imported as this year's plan: no demo plan is there, every row is new
KIND = "supervision"
TITLE = f"某区人大常委会{YEAR}年主要工作安排表"
PAGE_BREAK = "page-break"  # a line of a Layout: a manual page break after the line before it

# The cells of a data row, after 类别: 序号, 项目名称, 组织实施部门, 时间, 常委会会议, 主任会议.
NUMBER, TITLE_CELL, UNITS, TIME = 0, 1, 2, 3
REPORTING = 7  # 汇报单位, after 常委会会议, 主任会议, 监督形式


@dataclass
class Block:
    label: str  # 类别 as written on the block's first row
    rows: list[list]  # the data cells after 类别


@dataclass
class Layout:
    """A sheet as written: title, header, then lines (a data row with its 类别 cell, a repeated header, or
    PAGE_BREAK), and the 类别 cells merged down their blocks."""

    header: list[str]
    lines: list = field(default_factory=list)
    merges: list[tuple[int, int]] = field(default_factory=list)  # (first line, last line) of merged 类别 cells

    def render(self) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = "主要工作安排表"
        ws.append([TITLE])
        ws.append(self.header)
        first = ws.max_row + 1
        sheet_row = {}  # line index → sheet row
        for index, line in enumerate(self.lines):
            if line == PAGE_BREAK:
                ws.row_breaks.append(Break(id=ws.max_row))
                continue
            ws.append(line)
            sheet_row[index] = ws.max_row
        for start, end in self.merges:
            if sheet_row[end] > sheet_row[start]:
                ws.merge_cells(start_row=sheet_row[start], start_column=1, end_row=sheet_row[end], end_column=1)
        assert first <= ws.max_row
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def demo_blocks(plan) -> list[Block]:
    """The plan as its export writes it, one Block per category."""
    from plans.exports import PlanWorkbookExporter
    from plans.workbook_layout import CATEGORY

    exporter = PlanWorkbookExporter(plan)
    return [
        Block(label, [[v for i, v in enumerate(exporter.entry_row(entry, position)) if i != CATEGORY]
                      for position, entry in enumerate(entries, 1)])
        for label, entries in exporter.groups()
    ]


def headers() -> list[str]:
    from plans.workbook_layout import headers as declared

    return declared()


def layout(blocks: list[Block], *, header=None, merge=True, breaks=None, labels=None) -> Layout:
    """Blocks as lines. breaks: {(block, row): "header" | "break" | "both"}, a new printed page before that row
    (the header repeated, a manual page break, or both). labels: {(block, row): text}, the 类别 cell of a row
    (the first row's label is the block's unless given here; give "" to leave it out)."""
    header = header or headers()
    breaks, labels = breaks or {}, labels or {}
    sheet = Layout(header=header)
    for b, block in enumerate(blocks):
        first = len(sheet.lines)
        for r, cells in enumerate(block.rows):
            page = breaks.get((b, r))
            if page in ("break", "both"):
                sheet.lines.append(PAGE_BREAK)
            if page in ("header", "both"):
                sheet.lines.append(list(header))
            label = labels.get((b, r), block.label if r == 0 else None)
            sheet.lines.append([label or None, *cells])
        if merge and not labels and not breaks:
            sheet.merges.append((first, len(sheet.lines) - 1))
    return sheet


def rewrite_units(blocks: list[Block], how: Callable[[str], str]) -> list[Block]:
    return [Block(b.label, [[*cells[:UNITS], how(cells[UNITS] or ""), *cells[UNITS + 1:]] for cells in b.rows])
            for b in blocks]


# --- the variants ------------------------------------------------------------------------------------

# Each committee as another office writes it: full names, 工委 for 工作委员会, a （室） suffix, the body's prefix.
SUFFIXED = {
    "监察司法委员会": "监察和司法委员会",
    "监察司法工委": "监察司法工委（室）",
    "城建环资委员会": "城乡建设环境与资源保护委员会",
    "城建环资工委": "城建环资工委(室)",
    "教科文卫工委": "教育科学文化卫生工委（室）",
    "社会建设委员会": "区人大社会建设委员会",
    "社会建设工委": "社会建设工委（室）",
    "财经委员会": "财政经济委员会",
    "财经工委": "财政经济工委(室)",
    "农村农业工委": "农村农业工作委员会（室）",
    "选联工委": "人大常委会选联工委",
    "办公室": "区人大常委会办公室",
    "各工委": "各工委（室）",
}
_SUFFIXED_RE = re.compile("|".join(sorted(map(re.escape, SUFFIXED), key=len, reverse=True)))


def suffixed_units(blocks):
    return layout(rewrite_units(blocks, lambda text: _SUFFIXED_RE.sub(lambda m: SUFFIXED[m[0]], text)))


# (units as written, leads, helpers, every committee helps)
ALL_HELP_CASES = [
    ("有关工委(室)", [], [], True),
    ("各工委(室)", [], [], True),
    ("各（相关）工委", [], [], True),
    ("社会建设工委牵头，各相关工委（室）分工落实", ["社会建设工委"], [], True),
    ("选联工委及有关工委（室）", ["选联工委"], [], True),
]
ROLE_CASES = [
    ("农村农业工委牵头，财经工委、城建环资工委配合", ["农村农业工委"], ["财经工委", "城建环资工委"], False),
    ("由教科文卫工委负责", ["教科文卫工委"], [], False),
    ("财经工委、教科文卫工委", ["财经工委"], ["教科文卫工委"], False),  # no words: the first leads
    ("选联工委（牵头）、办公室（协助）", ["选联工委"], ["办公室"], False),
    ("财经委员会、财经工委", ["财经委员会", "财经工委"], [], False),  # a committee and its pair lead together
    ("监察司法工委、财经工委，配合：办公室", ["监察司法工委", "财经工委"], ["办公室"], False),
    ("社会建设工委牵头，教科文卫工委协助，各工委配合", ["社会建设工委"], ["教科文卫工委"], True),
]


def units_cases(cases):
    def build(blocks):
        rows = [list(cells) for cells in blocks[0].rows[:len(cases)]]
        for cells, (text, *_) in zip(rows, cases, strict=True):
            cells[UNITS] = text
        return layout([Block(blocks[0].label, rows)])

    return build


def page_break_inside_category(blocks):
    """Section 一 runs over a page after its 7th row: the header repeated, the 类别 cell empty below; section 七
    goes on to a new page with its label written again with （续）."""
    return layout(blocks, merge=False, breaks={(0, 7): "both", (6, 3): "header"},
                  labels={(6, 3): f"{blocks[6].label}（续）"})


def page_break_in_merged_category(blocks):
    """Section 一's 类别 merged down all its rows, across the repeated header of the next page."""
    sheet = layout(blocks[:2], breaks={(0, 7): "both"}, labels={(0, 0): blocks[0].label, (1, 0): blocks[1].label})
    sheet.merges = [(0, 13), (14, 20)]  # 7 rows, the page break, the header, 5 rows; then section 二
    return sheet


def numbering_restart(blocks):
    """Section 二's rows printed on the next page without its label: the 序号 start again under section 一."""
    return layout(blocks[:2], merge=False, breaks={(1, 0): "both"}, labels={(1, 0): ""})


def label_beside_later_row(blocks):
    """Section 二's label typed on its second row (as the printed, vertically centred merged cell showed it)."""
    return layout(blocks[:2], merge=False, labels={(1, 0): "", (1, 1): blocks[1].label})


def header_typos(blocks):
    header = ["项目名" if h == "项目名称" else "组织实施部" if h == "组织实施部门" else h for h in headers()]
    return layout(blocks[:1], header=header)


def header_unreadable(blocks):
    return layout(blocks[:1], header=["时向" if h == "时间" else h for h in headers()])


# (time as written, timing kind, months (start, end), 时间说明 kept)
TIME_CASES = [
    ("", "undetermined", (None, None), ""),
    ("根据区政府的提请而定", "undetermined", (None, None), "根据区政府的提请而定"),
    ("本议题和上会时间根据区政府的提请而定", "undetermined", (None, None), "本议题和上会时间根据区政府的提请而定"),
    ("视情安排", "undetermined", (None, None), "视情安排"),
    ("待定", "undetermined", (None, None), "待定"),
    ("上半年", "range", (1, 6), ""),
    ("下半年", "range", (7, 12), ""),
    ("年底前", "deadline", (None, 12), ""),
]


def time_texts(cases):
    def build(blocks):
        rows = [list(cells) for cells in blocks[0].rows[:len(cases)]]
        for cells, (text, *_) in zip(rows, cases, strict=True):
            cells[TIME] = text
        return layout([Block(blocks[0].label, rows)])

    return build


def time_unreadable(blocks):
    rows = [list(cells) for cells in blocks[0].rows[:3]]
    rows[1][TIME] = "明年春天"
    return layout([Block(blocks[0].label, rows)])


# (title, reporting bodies it names)
TITLE_CASES = [
    ("听取和审议区法院关于全面推进民法典实施加强民事审判工作情况的报告", ["区法院"]),
    ("听取和审议区检察院关于未成年人检察工作情况的报告", ["区检察院"]),
    ("听取和审议区政府关于“好医疗”工程推进情况的报告", ["区政府"]),
    ("听取和审议区人民法院、区人民检察院关于司法公开工作情况的报告", ["区法院", "区检察院"]),
    ("对区政府工作部门开展满意度测评", []),  # the departments as a group: chosen by the office
    ("围绕我区城乡绿化管理情况开展专题调研", []),
]


def titles_naming_bodies(blocks):
    rows = [list(cells) for cells in blocks[0].rows[:len(TITLE_CASES)]]
    for cells, (title, _) in zip(rows, TITLE_CASES, strict=True):
        cells[TITLE_CELL] = title
        cells[REPORTING] = ""  # 汇报单位 left empty: the title decides
    return layout([Block(blocks[0].label, rows)])


@dataclass
class Variant:
    id: str
    build: Callable[[list[Block]], Layout]
    outcome: str  # ok | rows (the preview stops the commit) | file (the upload is refused)
    message: str = ""  # what the stop says (part of it)


VARIANTS = [
    Variant("suffixed-units", suffixed_units, "ok"),
    Variant("every-committee-helps", units_cases(ALL_HELP_CASES), "ok"),
    Variant("leads-and-helpers", units_cases(ROLE_CASES), "ok"),
    Variant("page-break-inside-category", page_break_inside_category, "ok"),
    Variant("page-break-in-merged-category", page_break_in_merged_category, "ok"),
    Variant("numbering-restart", numbering_restart, "rows", "可能漏填了新类别的名称"),
    Variant("label-beside-later-row", label_beside_later_row, "rows", "的类别无法确定"),
    Variant("header-typos", header_typos, "ok"),
    Variant("header-unreadable", header_unreadable, "file", "表头缺少「时间」列（表头中的“时向”无法识别）"),
    Variant("time-texts", time_texts(TIME_CASES), "ok"),
    Variant("time-unreadable", time_unreadable, "rows", "「时间」：无法识别时间“明年春天”"),
    Variant("titles-naming-bodies", titles_naming_bodies, "ok"),
]


def build(variant: Variant, blocks: list[Block]) -> bytes:
    return variant.build(blocks).render()


def main(folder: str):
    """Write every variant of the demo plan to `folder` (needs the demo data in the settings' database)."""
    import django

    django.setup()
    from django_scopes import scopes_disabled

    from plans.models import AnnualPlan
    from reports.demo import demo_body_name

    with scopes_disabled():
        plan = AnnualPlan.objects.get(body__name=demo_body_name(), year=2023, kind=KIND)
        blocks = demo_blocks(plan)
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        for variant in VARIANTS:
            (out / f"{variant.id}.xlsx").write_bytes(build(variant, blocks))
            print(out / f"{variant.id}.xlsx")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "variants")
