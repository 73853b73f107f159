"""The deputy roster as a workbook: the rows the list's filters select, one deputy a row.

Phone numbers and addresses are written only when the requesting user may see them
(deputies.permissions.can_see_contacts); the caller passes that in, the exporter never guesses.
"""

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exporters import safe_filename, set_text
from deputies.stations.receptions import COUNT
from plans.exports import BODY_FONT, BORDER, HEADER_FILL, HEADING_FONT, XlsxExporter, to_bytes

# (header, width, value of a deputy); contact columns are inserted after 工作单位及职务 for the office.
COLUMNS = [
    ("代表编号", 12, lambda d: d.code),
    ("姓名", 10, lambda d: d.name),
    ("性别", 6, lambda d: d.get_gender_display()),
    ("代表层级", 14, lambda d: "、".join(d.level_labels())),
    ("代表小组", 16, lambda d: d.group),
    ("选区", 14, lambda d: d.constituency),
    ("联络站编号", 10, lambda d: d.station.number if d.station_id else ""),
    ("联络站", 22, lambda d: d.station.name if d.station_id else ""),
    ("界别", 14, lambda d: d.sector),
    ("工作单位及职务", 36, lambda d: d.work_unit),
]
CONTACT_COLUMNS = [
    ("联系电话", 16, lambda d: d.phone),
    ("通讯地址", 30, lambda d: d.address),
]
TAIL_COLUMNS = [
    ("状态", 10, lambda d: d.get_status_display()),
    ("状态变更日期", 12, lambda d: d.status_on.isoformat() if d.status_on else ""),
    ("当选日期", 12, lambda d: d.elected_on.isoformat() if d.elected_on else ""),
    ("示例数据", 8, lambda d: "是" if d.is_example else ""),
]


class DeputyExporter(XlsxExporter):
    """代表名册 as the list shows it; `with_contacts` adds 联系电话 and 通讯地址 (the office only)."""

    identifier = "deputy-roster-xlsx"
    verbose_name = "代表名册（Excel）"

    def __init__(self, queryset, with_contacts: bool = False, year: int | None = None):
        self.queryset = queryset
        self.with_contacts = with_contacts
        self.year = year

    def filename(self) -> str:
        return safe_filename(f"代表名册{timezone.localdate():%Y%m%d}.xlsx")

    def ascii_filename(self) -> str:
        return f"deputies-{timezone.localdate():%Y%m%d}.xlsx"

    def columns(self):
        columns = list(COLUMNS)
        if self.with_contacts:
            columns += CONTACT_COLUMNS
        columns += TAIL_COLUMNS
        if self.year is not None:
            columns.append((f"{self.year}年进站次数", 10, lambda d: getattr(d, COUNT, None)))
        return columns

    def rows(self):
        columns = self.columns()
        queryset = self.queryset.select_related("station")
        for deputy in queryset.iterator(chunk_size=1000):
            yield [value(deputy) for _, _, value in columns]

    def render(self) -> bytes:
        columns = self.columns()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("代表名册")
        for index, (_, width, _) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "C2"
        header_font, body_font = Font(name=HEADING_FONT, bold=True), Font(name=BODY_FONT)
        header = []
        for title, _, _ in columns:
            cell = set_text(WriteOnlyCell(ws), title)
            cell.font, cell.border, cell.fill = header_font, BORDER, HEADER_FILL
            header.append(cell)
        ws.append(header)
        count = 0
        for values in self.rows():
            cells = []
            for value in values:
                cell = set_text(WriteOnlyCell(ws), value)
                cell.font = body_font
                cells.append(cell)
            ws.append(cells)
            count += 1
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        ws.print_title_rows = "1:1"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        wb.properties.title = "代表名册"
        wb.properties.creator = "renda"
        return to_bytes(wb)


def deputy_exporter(with_contacts: bool, year: int | None = None) -> type[DeputyExporter]:
    """An exporter class for core.listing (which builds it from the rows alone), bound to the user's right
    to see contact details and to the year whose reception count the list shows."""
    return type("BoundDeputyExporter", (DeputyExporter,), {
        "__init__": lambda self, queryset: DeputyExporter.__init__(self, queryset, with_contacts, year),
    })
