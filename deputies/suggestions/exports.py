"""The suggestion list as a workbook: exactly the rows the list's filters select (`?export=xlsx`).

Rows are read in chunks with their signatures and assignments prefetched per chunk, so the number
of queries does not grow with the rows; text a spreadsheet would run as a formula is kept as text.
"""

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exporters import safe_filename, set_text
from deputies.models import Assignment, Signature
from plans.exports import BODY_FONT, BORDER, HEADER_FILL, HEADING_FONT, XlsxExporter, to_bytes

HEADERS = ["编号", "提出时间", "类别", "标题", "领衔代表", "附议代表", "分类", "督办委员会", "主办单位", "协办单位",
           "交办日期", "答复期限", "状态", "答复日期", "答复类别", "代表反馈", "重点督办", "逾期"]
WIDTHS = [8, 22, 6, 50, 10, 24, 12, 14, 20, 28, 12, 12, 12, 12, 8, 10, 8, 6]
DATE_COLUMNS = {10, 11, 13}  # 0-based: 交办日期, 答复期限, 答复日期


class SuggestionExporter(XlsxExporter):
    identifier = "suggestions-xlsx"
    verbose_name = "代表建议（Excel）"
    # Longer lists than core.listing.ASYNC_EXPORT_ROWS are made by this task, the page polls the job.
    async_task = "deputies.tasks.export_suggestion_list"

    def __init__(self, queryset, title: str = "代表建议"):
        self.queryset = queryset
        self.title = title

    def filename(self) -> str:
        return safe_filename(f"{self.title}{timezone.localdate():%Y%m%d}.xlsx")

    def ascii_filename(self) -> str:
        return f"suggestions-{timezone.localdate():%Y%m%d}.xlsx"

    def _rows_queryset(self):
        return (
            self.queryset.select_related("session", "committee", "lead_unit")
            .prefetch_related(None)
            .prefetch_related(
                Prefetch("signatures", queryset=Signature.objects.select_related("deputy").order_by("order", "pk")),
                Prefetch("assignments", queryset=Assignment.objects.filter(active=True, role=Assignment.Role.CO)
                         .select_related("unit").order_by("pk"), to_attr="co_assignments"),
            )
        )

    def rows(self):
        today = timezone.localdate()
        for s in self._rows_queryset().iterator(chunk_size=1000):
            signatures = list(s.signatures.all())
            proposer = next((x.deputy.name for x in signatures if x.role == Signature.Role.PROPOSER), "")
            cosigners = "、".join(x.deputy.name for x in signatures if x.role == Signature.Role.COSIGNER)
            yield [
                s.number,
                s.raised_at_label,
                s.get_kind_display(),
                s.title,
                proposer,
                cosigners,
                s.category,
                s.committee.short_name if s.committee_id else "",
                s.lead_unit.name if s.lead_unit_id else "",
                "、".join(a.unit.name for a in s.co_assignments),
                s.assigned_on,
                s.reply_due_on,
                s.get_status_display(),
                s.replied_on,
                s.reply_class,
                s.get_feedback_display() if s.feedback else "",
                "是" if s.is_key else "",
                "是" if s.is_overdue(today) else "",
            ]

    def render(self) -> bytes:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("代表建议")
        for index, width in enumerate(WIDTHS, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        header_font, body_font = Font(name=HEADING_FONT, bold=True), Font(name=BODY_FONT)
        header = []
        for text in HEADERS:
            cell = set_text(WriteOnlyCell(ws), text)
            cell.font, cell.border, cell.fill = header_font, BORDER, HEADER_FILL
            header.append(cell)
        ws.append(header)
        for values in self.rows():
            cells = []
            for index, value in enumerate(values):
                cell = set_text(WriteOnlyCell(ws), value)
                cell.font = body_font
                if index in DATE_COLUMNS and value is not None:
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            ws.append(cells)
        wb.properties.title = self.title
        wb.properties.creator = "renda"
        return to_bytes(wb)
