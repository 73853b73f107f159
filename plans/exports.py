"""Spreadsheets of plans and plan items.

- `PlanWorkbookExporter`: one plan as the print-ready 主要工作安排表, its headers and cells those of the
  columns declared in plans.workbook_layout, so that the import reads an exported plan back as the same plan;
- `PlanItemListExporter`: the item list as the list page shows it (same filters), one row an item.
"""

from collections import defaultdict

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.exporters import XlsxExporter, safe_filename
from core.spreadsheet import (
    BODY_FONT,
    BORDER,
    HEADER_FILL,
    HEADING_FONT,
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    WRAP,
    WRAP_CENTER,
    fit_columns,
    print_layout,
    set_text,
    to_bytes,
    wrapped_lines,
)
from core.tables import TableExporter
from plans.models import PlanEntry
from plans.tables import PlanItemTable
from plans.workbook_layout import CATEGORY, NUMBER, category_label, columns, headers, parse_category, prefetches


class PlanWorkbookExporter(XlsxExporter):
    """The plan as its 主要工作安排表: title, header, one row an entry, grouped by section."""

    identifier = "plan-xlsx"
    verbose_name = "主要工作安排表（Excel）"

    def __init__(self, plan):
        self.plan = plan

    def filename(self) -> str:
        return safe_filename(f"{self.plan.year}年度{self.plan.get_kind_display()}.xlsx")

    def ascii_filename(self) -> str:
        return f"plan-{self.plan.year}-{self.plan.kind}.xlsx"

    def groups(self) -> list[tuple[str, list]]:
        """(category label, entries) in the plan's order. Entries without a section come first, under no label:
        the import reads the rows above the first category as entries of no section (the plan's page lists them
        apart, as 其他事项, whatever their place)."""
        entries = list(
            PlanEntry.objects.filter(plan=self.plan)
            .select_related("item")
            .prefetch_related(*prefetches("item__"))  # what the columns write
            .order_by("order", "id")
        )
        for column in columns():
            if column.prepare:
                column.prepare(entries)
        by_section = defaultdict(list)
        for entry in entries:
            by_section[entry.section_id].append(entry)
        groups = [("", by_section[None])] if by_section.get(None) else []
        for section in self.plan.sections.order_by("order", "id"):
            rows = by_section.get(section.id)
            if rows:
                groups.append((self.section_label(section.heading, section.declared_count), rows))
        return groups

    @staticmethod
    def section_label(heading: str, declared_count: int | None) -> str:
        """The heading with the count it declares, as parse_category reads them back; a heading that declares no
        count is written without one (the import would read a count as declared).

        Headings entered from the source documents often carry their count already
        (“八、专题调研（共 6 项）”); such a heading is written as it is when the count agrees, so the
        printed label never reads “（共 6 项）（6项）”.
        """
        bare, embedded = parse_category(heading)
        if declared_count is None or embedded == declared_count:
            return heading
        return category_label(bare, declared_count)

    @staticmethod
    def entry_row(entry, position: int) -> list:
        """The entry's cells as the columns write them; the category is written once per group, by render."""
        return [column.write(entry, position) if column.write else None for column in columns()]

    def render(self) -> bytes:
        groups = self.groups()
        wb = Workbook()
        ws = wb.active
        ws.title = "主要工作安排表"
        declared = columns()
        header = headers()
        last_column = len(declared)

        body_font = Font(name=BODY_FONT, size=11)
        header_font = Font(name=HEADING_FONT, size=12, bold=True)

        # Title row, merged across the table.
        set_text(ws.cell(row=1, column=1), self.plan.title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_column)
        ws.cell(row=1, column=1).font = Font(name=HEADING_FONT, size=16, bold=True)
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[1].height = 36

        for index, text in enumerate(header, start=1):
            cell = set_text(ws.cell(row=2, column=index), text)
            cell.font = header_font
            cell.alignment = WRAP_CENTER
            cell.border = BORDER
            cell.fill = HEADER_FILL
        ws.row_dimensions[2].height = 24

        all_rows = [header]
        layout = []  # (first row, last row, label)
        number_runs = []  # (first row, last row): entries that share their point's 序号, its cell merged down them
        row_number = 3
        for label, entries in groups:
            first = row_number
            previous = None
            for position, entry in enumerate(entries, start=1):
                values = self.entry_row(entry, position)
                values[CATEGORY] = (label or None) if row_number == first else None
                # 工作要点 6 and the matters it names, each its own entry numbered 6: one merged 序号 cell, which
                # the import reads as a point and its matters (a repeated 序号 in cells of their own is an error).
                if previous not in (None, "") and values[NUMBER] == previous:
                    if number_runs and number_runs[-1][1] == row_number - 1:
                        number_runs[-1] = (number_runs[-1][0], row_number)
                    else:
                        number_runs.append((row_number - 1, row_number))
                previous = values[NUMBER]
                all_rows.append([label, *values[1:]])
                for index, value in enumerate(values):
                    cell = set_text(ws.cell(row=row_number, column=index + 1), value)
                    cell.font = body_font
                    cell.border = BORDER
                    # The category is merged down its block, and centred there.
                    centred = declared[index].centred or index == CATEGORY
                    cell.alignment = WRAP_CENTER if centred else WRAP
                row_number += 1
            layout.append((first, row_number - 1, label))

        widths = fit_columns(
            ws,
            all_rows,
            minimum=[column.fit[0] for column in declared],
            maximum=[column.fit[1] for column in declared],
        )

        # Row heights: wrapped text needs taller rows (Excel does not grow merged cells by itself).
        for first, last, label in layout:
            heights = []
            for r in range(first, last + 1):
                lines = max(
                    wrapped_lines(ws.cell(row=r, column=c + 1).value, widths[c])
                    for c in range(last_column)
                    if c != CATEGORY
                )
                heights.append(lines * LINE_HEIGHT + 4)
            needed = wrapped_lines(label, widths[CATEGORY]) * LINE_HEIGHT + 4
            if sum(heights) < needed:
                heights[-1] += needed - sum(heights)
            for r, height in zip(range(first, last + 1), heights, strict=True):
                ws.row_dimensions[r].height = min(height, MAX_ROW_HEIGHT)
            if last > first and label:
                ws.merge_cells(start_row=first, start_column=CATEGORY + 1, end_row=last, end_column=CATEGORY + 1)
                # Borders of merged cells are drawn from each underlying cell.
                for r in range(first + 1, last + 1):
                    ws.cell(row=r, column=CATEGORY + 1).border = BORDER
        for first, last in number_runs:
            ws.merge_cells(start_row=first, start_column=NUMBER + 1, end_row=last, end_column=NUMBER + 1)
            for r in range(first + 1, last + 1):
                ws.cell(row=r, column=NUMBER + 1).border = BORDER

        print_layout(ws, landscape=True, title_rows="2:2", footer="第 &P 页，共 &N 页")
        ws.freeze_panes = "A3"
        if row_number > 3:
            ws.print_area = f"A1:{get_column_letter(last_column)}{row_number - 1}"
        wb.properties.title = self.plan.title
        wb.properties.creator = "renda"
        return to_bytes(wb)


class PlanItemListExporter(TableExporter):
    """The item list as the page shows it (the caller passes the filtered queryset): plans.tables.PlanItemTable."""

    table_class = PlanItemTable
    identifier = "plan-items-xlsx"
    verbose_name = "计划事项（Excel）"
    # Lists longer than core.listing.ASYNC_EXPORT_ROWS are exported by this task (job id only).
    async_task = "plans.tasks.export_item_list"
    base_queryset = staticmethod(PlanItemTable.base_queryset)
