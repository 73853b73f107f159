"""Spreadsheets of meetings: one meeting's agenda, and a year's 各次会议安排.

- `AgendaWorkbookExporter`: the agenda of one meeting as a print-ready sheet (title, date and
  place, one row an agenda item with its reporting bodies, committees, form and materials);
- `MemberAgendaExporter`: the same agenda as the members receive it (序号, 议题, 汇报单位, 备注),
  without the office's materials columns;
- `MeetingScheduleExporter`: the standing-committee meetings of a year as the seed's attachment
  “××年度各次会议安排” lays them out (one overview sheet), then each meeting's agenda sheet.

Speed: every cell is styled by one of a few NamedStyles (SheetWriter), and their data comes from a fixed number of `values_list` queries whatever the number of
meetings and items (`load_agendas`). See README “Agenda and schedule exports” for the figures.

Materials: the column “材料报送截止” is the due date of the step MaterialStep.Step.REVISED_REPORT
(修改稿报常委会), the moment the reporting body hands its report to the standing committee; the
earlier steps are exchanges between a committee and the body, and MATERIALS (送达组成人员) is the
office's own distribution afterwards. Items without that step (those that hear no report) show “—”.
"""

from copy import copy
from dataclasses import dataclass
from datetime import date

from django.db.models import FilteredRelation, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins

from core.exporters import XlsxExporter, safe_filename
from core.spreadsheet import (
    BODY_FONT,
    BORDER,
    HEADER_FILL,
    HEADING_FONT,
    MAX_ROW_HEIGHT,
    WRAP,
    WRAP_CENTER,
    print_layout,
    row_height,
    set_text,
    to_bytes,
    wrapped_lines,
)
from meetings.models import AgendaItem, MaterialStep, Meeting, MeetingKind
from plans.models import ItemCommittee

AGENDA_HEADERS = ["序号", "议题", "汇报单位", "负责工委", "形式", "材料报送截止", "材料状态"]
AGENDA_WIDTHS = [6, 40, 14, 12, 13, 12, 14]
CENTRED_COLUMNS = {0, 4, 5, 6}
SCHEDULE_HEADERS = ["会议", "时间", "序号", "议题"]
SCHEDULE_WIDTHS = [16, 10, 6, 70]
MATERIALS_STEP = MaterialStep.Step.REVISED_REPORT
NO_MATERIALS = "—"
FOOTER = "第 &P 页 共 &N 页"
# The agenda the members receive: what is discussed, in order, and who reports; nothing of the office's own work.
MEMBER_HEADERS = ["序号", "议题", "汇报单位", "备注"]
MEMBER_WIDTHS = [6, 54, 18, 16]
MEMBER_CENTRED_COLUMNS = {0, 3}
MEMBER_FOOTER = "第 &P 页，共 &N 页"


# --- data ----------------------------------------------------------------------------------------


@dataclass
class AgendaRow:
    number: int
    title: str
    reporting_bodies: str
    committees: str
    form: str
    due: date | None
    status: str
    remarks: str = ""

    def values(self) -> list:
        # The deadline as text (2023-05-15), like the status beside it: read, not computed with.
        due = f"{self.due:%Y-%m-%d}" if self.due else NO_MATERIALS
        return [self.number, self.title, self.reporting_bodies, self.committees, self.form, due, self.status]

    def member_values(self) -> list:
        return [self.number, self.title, self.reporting_bodies, self.remarks]


def form_text(form: str, has_inquiry: bool, has_evaluation: bool) -> str:
    """听取和审议（专题询问、满意度测评）: the form, with the two supervision add-ons marked."""
    label = AgendaItem.Form(form).label if form in AgendaItem.Form.values else form
    extras = [text for flag, text in ((has_inquiry, "专题询问"), (has_evaluation, "满意度测评")) if flag]
    return f"{label}（{'、'.join(extras)}）" if extras else label


def remarks_text(has_inquiry: bool, has_evaluation: bool) -> str:
    """The members' 备注: what the item asks of them beyond hearing and reviewing (开展专题询问；开展满意度测评)."""
    return "；".join(text for flag, text in ((has_inquiry, "开展专题询问"), (has_evaluation, "开展满意度测评")) if flag)


def materials_status(due: date | None, done_on: date | None, today: date) -> str:
    if due is None:
        return NO_MATERIALS
    if done_on is not None:
        return f"已报送 {done_on:%Y-%m-%d}"
    return "逾期未报送" if due < today else "未报送"


def _grouped(pairs) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for key, name in pairs:
        names = grouped.setdefault(key, [])
        if name not in names:
            names.append(name)
    return grouped


def load_agendas(meeting_ids: list[int]) -> dict[int, list[AgendaRow]]:
    """Each meeting's agenda rows in order, in four queries however many meetings and items.

    负责工委 are the agenda item's own committees; an item without any shows the lead committees
    of the plan items it answers (the plan names who prepares it).
    """
    items = list(
        AgendaItem.objects.filter(meeting_id__in=meeting_ids)
        .annotate(materials=FilteredRelation("material_steps", condition=Q(material_steps__step=MATERIALS_STEP)))
        .order_by("meeting_id", "order", "id")
        .values_list("id", "meeting_id", "order", "title", "form", "has_inquiry", "has_evaluation",
                     "materials__due", "materials__done_on")
    )
    ids = [row[0] for row in items]
    bodies = _grouped(
        AgendaItem.reporting_bodies.through.objects.filter(agendaitem_id__in=ids)
        .order_by("reportingbody__order", "reportingbody_id")
        .values_list("agendaitem_id", "reportingbody__name")
    )
    committees = _grouped(
        AgendaItem.committees.through.objects.filter(agendaitem_id__in=ids)
        .order_by("committee__order", "committee_id")
        .values_list("agendaitem_id", "committee__short_name")
    )
    leads = _grouped(
        AgendaItem.plan_items.through.objects.filter(
            Q(agendaitem_id__in=ids) & Q(planitem__responsibilities__role=ItemCommittee.Role.LEAD)
        )
        .order_by("planitem_id", "planitem__responsibilities__id")
        .values_list("agendaitem_id", "planitem__responsibilities__committee__short_name")
    )
    today = timezone.localdate()
    agendas: dict[int, list[AgendaRow]] = {meeting_id: [] for meeting_id in meeting_ids}
    for item_id, meeting_id, order, title, form, inquiry, evaluation, due, done_on in items:
        agendas[meeting_id].append(
            AgendaRow(
                number=order,
                title=title,
                reporting_bodies="、".join(bodies.get(item_id, ())),
                committees="、".join(committees.get(item_id) or leads.get(item_id, ())),
                form=form_text(form, inquiry, evaluation),
                due=due,
                status=materials_status(due, done_on, today),
                remarks=remarks_text(inquiry, evaluation),
            )
        )
    return agendas


def meeting_time(meeting: Meeting) -> str:
    """2023年5月25日, or 2023年5月 where the sources give the month only."""
    if meeting.date and not meeting.date_assumed:
        return f"{meeting.date.year}年{meeting.date.month}月{meeting.date.day}日"
    month = meeting.planned_month or (meeting.date.month if meeting.date else None)
    return f"{meeting.year}年{month}月" if month else f"{meeting.year}年（时间待定）"


def meeting_month(meeting: Meeting) -> str:
    """The overview's 时间 column: 5月 (or 5月25日 once the day is fixed)."""
    return meeting_time(meeting).removeprefix(f"{meeting.year}年")


def when_and_where(meeting: Meeting) -> str:
    text = f"时间：{meeting_time(meeting)}"
    if meeting.place:
        text += f"　　地点：{meeting.place}"
    if meeting.status == Meeting.Status.CANCELLED:
        text += "　　（已取消）"
    return text


# --- writing -------------------------------------------------------------------------------------


def _style(name: str, font: Font, alignment: Alignment, border=None, fill=None, number_format=None) -> NamedStyle:
    style = NamedStyle(name=name, font=font, alignment=alignment)
    if border is not None:
        style.border = border
    if fill is not None:
        style.fill = fill
    if number_format:
        style.number_format = number_format
    return style


class SheetWriter:
    """Print-ready sheets: a handful of NamedStyles registered once a workbook, one per cell kind.

    A workbook in openpyxl's ordinary mode: measured on these sizes (tens to a few hundred rows)
    it writes faster than write-only mode, whose per-sheet temporary files cost more than they
    save; assigning a NamedStyle by name is the cheap way to style a cell (one shared style
    record instead of a font, border and alignment looked up per cell).
    """

    def __init__(self):
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.styles = {}
        big_title = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for style in (
            _style("renda-title", Font(name=HEADING_FONT, size=16, bold=True), big_title),
            _style("renda-subtitle", Font(name=BODY_FONT, size=11), Alignment(horizontal="center", vertical="center")),
            _style("renda-header", Font(name=HEADING_FONT, size=12, bold=True), WRAP_CENTER, BORDER, HEADER_FILL),
            _style("renda-cell", Font(name=BODY_FONT, size=11), WRAP, BORDER),
            _style("renda-centre", Font(name=BODY_FONT, size=11), WRAP_CENTER, BORDER),
        ):
            self.wb.add_named_style(style)
            # What `cell.style = name` copies into the cell, without its look-up by name each time.
            self.styles[style.name] = style.as_tuple()

    def put(self, ws, row: int, values: list, styles: list[str]):
        """Write a row of values (text as text, see set_text), each cell with its named style."""
        for column, (value, style) in enumerate(zip(values, styles, strict=True), start=1):
            cell = ws.cell(row=row, column=column)
            cell._style = copy(self.styles[style])
            set_text(cell, value)

    @staticmethod
    def merge(ws, first_row: int, first_column: int, last_row: int, last_column: int):
        """Merge a range whose cells were all written (and bordered) already.

        ws.merge_cells would rebuild each covered cell and redraw the range's borders, a quarter of
        the time of a whole agenda; here every covered cell already has its style.
        """
        ws.merged_cells.add(CellRange(min_row=first_row, min_col=first_column, max_row=last_row, max_col=last_column))

    def sheet(self, name: str, title: str, subtitle: str | None, headers: list[str], widths: list[int]):
        """A sheet with its title (merged across), an optional subtitle line and the header row."""
        ws = self.wb.create_sheet(name)
        header_row = 2 if subtitle is None else 3
        columns = len(headers)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.row_dimensions[1].height = min(MAX_ROW_HEIGHT, max(36, wrapped_lines(title, sum(widths) * 11 / 16) * 24))
        self.put(ws, 1, [title], ["renda-title"])
        self.merge(ws, 1, 1, 1, columns)
        if subtitle is not None:
            ws.row_dimensions[2].height = 22
            self.put(ws, 2, [subtitle], ["renda-subtitle"])
            self.merge(ws, 2, 1, 2, columns)
        ws.row_dimensions[header_row].height = 24
        self.put(ws, header_row, headers, ["renda-header"] * columns)
        print_layout(ws, landscape=False, title_rows=f"{header_row}:{header_row}", footer=FOOTER)
        ws.freeze_panes = f"A{header_row + 1}"
        return ws, header_row

    def row(self, ws, row_number: int, values: list, styles: list[str], widths: list[int]):
        """A table row, tall enough for its wrapped text (Excel does not grow rows it did not lay out)."""
        lines = max((wrapped_lines(value, width) for value, width in zip(values, widths, strict=True)
                     if isinstance(value, str)), default=1)
        ws.row_dimensions[row_number].height = row_height(lines)
        self.put(ws, row_number, values, styles)

    def agenda_sheet(self, name: str, title: str, meeting: Meeting, rows: list[AgendaRow]):
        ws, header_row = self.sheet(name, title, when_and_where(meeting), AGENDA_HEADERS, AGENDA_WIDTHS)
        styles = ["renda-centre" if i in CENTRED_COLUMNS else "renda-cell" for i in range(len(AGENDA_HEADERS))]
        for offset, row in enumerate(rows, start=1):
            values = row.values()
            self.row(ws, header_row + offset, values, styles, AGENDA_WIDTHS)
        return ws

    def member_agenda_sheet(self, title: str, meeting: Meeting, rows: list[AgendaRow]):
        """The members' agenda: the title, the time and place, then 序号, 议题, 汇报单位, 备注, all in 宋体."""
        for style in (
            _style("renda-member-title", Font(name=BODY_FONT, size=16, bold=True),
                   Alignment(horizontal="center", vertical="center", wrap_text=True)),
            _style("renda-member-header", Font(name=BODY_FONT, size=12, bold=True), WRAP_CENTER, BORDER, HEADER_FILL),
        ):
            if style.name not in self.styles:
                self.wb.add_named_style(style)
                self.styles[style.name] = style.as_tuple()
        ws, header_row = self.sheet("议程", title, when_and_where(meeting), MEMBER_HEADERS, MEMBER_WIDTHS)
        for cell in ws[1]:
            cell._style = copy(self.styles["renda-member-title"])
        for cell in ws[header_row]:
            cell._style = copy(self.styles["renda-member-header"])
        member_print_layout(ws, header_row)
        styles = ["renda-centre" if i in MEMBER_CENTRED_COLUMNS else "renda-cell" for i in range(len(MEMBER_HEADERS))]
        for offset, row in enumerate(rows, start=1):
            self.row(ws, header_row + offset, row.member_values(), styles, MEMBER_WIDTHS)
        return ws

    def save(self) -> bytes:
        return to_bytes(self.wb)


def member_print_layout(ws, header_row: int):
    """The members' agenda on paper: A4 portrait, one page wide (as many pages down as it takes), the header row
    on every page, centred, “第 1 页，共 2 页” in the footer in 宋体. Set here, whatever the shared list layout
    (core.spreadsheet.print_layout) becomes: this is the document the members hold."""
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.7, right=0.7, top=0.8, bottom=0.8, header=0.3, footer=0.4)
    ws.oddFooter.center.text = MEMBER_FOOTER
    ws.oddFooter.center.font = BODY_FONT
    ws.oddFooter.center.size = 10


def agenda_title(meeting: Meeting) -> str:
    """广州市白云区第十七届人大常委会第十三次会议议程."""
    return f"{meeting.body.area_name}{meeting.title}议程"


def _meetings():
    return Meeting.objects.select_related("term", "body")


class AgendaWorkbookExporter(XlsxExporter):
    """One meeting's agenda, ready to print on A4 portrait."""

    identifier = "meeting-agenda-xlsx"
    verbose_name = "会议议程（Excel）"

    def __init__(self, meeting: Meeting):
        self.meeting = meeting

    @classmethod
    def for_pk(cls, pk) -> "AgendaWorkbookExporter":
        """The exporter of a meeting of the current body scope; another body's meeting is a 404."""
        return cls(get_object_or_404(_meetings(), pk=pk))

    def filename(self) -> str:
        return safe_filename(f"{self.meeting.short_title}议程.xlsx")

    def ascii_filename(self) -> str:
        return f"meeting-{self.meeting.year}-{self.meeting.kind}-{self.meeting.number}-agenda.xlsx"

    def render(self) -> bytes:
        rows = load_agendas([self.meeting.pk])[self.meeting.pk]
        writer = SheetWriter()
        title = agenda_title(self.meeting)
        writer.agenda_sheet("议程", title, self.meeting, rows)
        writer.wb.properties.title = title
        writer.wb.properties.creator = "renda"
        return writer.save()


class MemberAgendaExporter(AgendaWorkbookExporter):
    """One meeting's agenda as the members receive it: 序号, 议题, 汇报单位, 备注, on A4 portrait in 宋体; the
    office's 材料报送截止 and 材料状态 stay in the internal agenda (AgendaWorkbookExporter)."""

    identifier = "meeting-member-agenda-xlsx"
    verbose_name = "会议议程（组成人员版，Excel）"

    def filename(self) -> str:
        return safe_filename(f"{self.meeting.short_title}议程（组成人员版）.xlsx")

    def ascii_filename(self) -> str:
        return f"meeting-{self.meeting.year}-{self.meeting.kind}-{self.meeting.number}-member-agenda.xlsx"

    def render(self) -> bytes:
        rows = load_agendas([self.meeting.pk])[self.meeting.pk]
        writer = SheetWriter()
        title = agenda_title(self.meeting)
        writer.member_agenda_sheet(title, self.meeting, rows)
        writer.wb.properties.title = title
        writer.wb.properties.creator = "renda"
        return writer.save()


class MeetingScheduleExporter(XlsxExporter):
    """The year's standing-committee meetings: an overview as in “各次会议安排”, then one agenda a sheet.

    Chairpersons' meetings and congress sessions are left out, as in the source document, which
    lists the standing committee's meetings only.
    """

    identifier = "meeting-schedule-xlsx"
    verbose_name = "年度各次会议安排（Excel）"

    def __init__(self, year: int, meetings: list[Meeting]):
        self.year = year
        self.meetings = meetings

    @classmethod
    def for_year(cls, year) -> "MeetingScheduleExporter":
        """The exporter of the current body's year; a year without standing meetings is a 404."""
        meetings = list(
            _meetings().filter(year=year, kind=MeetingKind.STANDING).order_by("term__number", "number")
        )
        if not meetings:
            raise Http404("该年度没有常委会会议")
        return cls(int(year), meetings)

    def filename(self) -> str:
        return safe_filename(f"{self.year}年度各次会议安排.xlsx")

    def ascii_filename(self) -> str:
        return f"meeting-schedule-{self.year}.xlsx"

    def title(self) -> str:
        return f"{self.meetings[0].body.name}{self.year}年度各次会议安排"

    def sheet_names(self) -> list[str]:
        """第十三次会议; with the term in front where a change of term repeats a number in the year."""
        short = [m.short_title for m in self.meetings]
        return [f"{m.term}{name}" if short.count(name) > 1 else name for m, name in zip(self.meetings, short)]

    def render(self) -> bytes:
        agendas = load_agendas([m.pk for m in self.meetings])
        writer = SheetWriter()
        title = self.title()
        ws, header_row = writer.sheet("各次会议安排", title, None, SCHEDULE_HEADERS, SCHEDULE_WIDTHS)
        styles = ["renda-centre", "renda-centre", "renda-centre", "renda-cell"]
        row_number = header_row + 1
        for meeting in self.meetings:
            first = row_number
            numbered = [(row.number, row.title) for row in agendas[meeting.pk]] or [(None, "（议题待定）")]
            for position, (number, text) in enumerate(numbered):
                lead = [meeting.short_title, meeting_month(meeting)] if position == 0 else [None, None]
                writer.row(ws, row_number, [*lead, number, text], styles, SCHEDULE_WIDTHS)
                row_number += 1
            if row_number - 1 > first:
                for column in (1, 2):
                    writer.merge(ws, first, column, row_number - 1, column)
        for meeting, name in zip(self.meetings, self.sheet_names(), strict=True):
            writer.agenda_sheet(name, agenda_title(meeting), meeting, agendas[meeting.pk])
        writer.wb.properties.title = title
        writer.wb.properties.creator = "renda"
        return writer.save()
