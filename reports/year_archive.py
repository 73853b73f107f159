"""A body's year as a zip of workbooks (`manage.py export_year`): what the office hands to the archive.

Each workbook comes from the exporter the pages use (plans, agendas, evaluations, suggestions, figures,
the year-end summary, the roster); the few tables no page exports yet (review opinions, rectification,
inspections, inquiries, livelihood projects) are written by `TableExporter` in the same style. The zip
holds `manifest.json` and `README.txt`: body, year, time of export, and each workbook with its row count.
Everything runs inside the body's scope, so another body's rows cannot slip in.
"""

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django_scopes import scope
from openpyxl import Workbook
from openpyxl.styles import Font

from core.exporters import XlsxExporter, safe_filename, set_text
from core.models import Body
from core.spreadsheet import BODY_FONT, BORDER, HEADER_FILL, HEADING_FONT, WRAP, fit_columns, print_layout, to_bytes
from deputies.figures.counts import compute
from deputies.figures.exports import FiguresExporter
from deputies.models import Deputy, Suggestion
from deputies.permissions import visible_suggestions
from deputies.roster.exports import DeputyExporter
from deputies.stations.receptions import with_reception_counts
from deputies.suggestions.exports import SuggestionExporter
from meetings.exports import AgendaWorkbookExporter, MeetingScheduleExporter
from meetings.models import AgendaItem, Meeting, MeetingKind
from plans.exports import PlanItemListExporter, PlanWorkbookExporter
from plans.models import AnnualPlan, PlanEntry
from supervision.evaluations import subject_rows
from supervision.exports import EvaluationResultsExporter
from supervision.models import (
    Evaluation,
    EvaluationSubject,
    Inspection,
    LivelihoodProject,
    Rectification,
    ReviewOpinion,
    SpecialInquiry,
)


class ArchiveError(Exception):
    """A reason, in Chinese, why no archive was written."""


@dataclass
class Entry:
    path: str  # inside the zip
    what: str  # for people
    rows: int  # data rows in the workbook (its main sheet)
    data: bytes


class TableExporter(XlsxExporter):
    """A plain table with a title row, for the records no page exports (same fonts and print set-up)."""

    identifier = "table-xlsx"

    def __init__(self, title: str, headers: list[str], rows: list[list]):
        self.title, self.headers, self.rows = title, headers, rows

    def render(self) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = self.title[:31]
        set_text(ws.cell(row=1, column=1), self.title).font = Font(name=HEADING_FONT, size=14, bold=True)
        for column, header in enumerate(self.headers, start=1):
            cell = set_text(ws.cell(row=2, column=column), header)
            cell.font, cell.border, cell.fill = Font(name=HEADING_FONT, bold=True), BORDER, HEADER_FILL
        body_font = Font(name=BODY_FONT)
        for r, values in enumerate(self.rows, start=3):
            for column, value in enumerate(values, start=1):
                cell = set_text(ws.cell(row=r, column=column), value)
                cell.font, cell.border, cell.alignment = body_font, BORDER, WRAP
                if hasattr(value, "isoformat"):
                    cell.number_format = "yyyy-mm-dd"
        count = len(self.headers)
        fit_columns(ws, [self.headers, *[[str(v or "") for v in row] for row in self.rows]], [8] * count, [50] * count)
        print_layout(ws, landscape=True, title_rows="2:2", footer="第 &P 页，共 &N 页")
        ws.freeze_panes = "A3"
        wb.properties.title = self.title
        wb.properties.creator = "renda"
        return to_bytes(wb)


# --- the records of a year -----------------------------------------------------------------------


def _reader():
    """An unsaved superuser: reads what the office reads (suggestions without deputies' drafts)."""
    return get_user_model()(username="export_year", is_superuser=True)


def _lines(text: str) -> str:
    return "、".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _plans(body, year):
    for plan in AnnualPlan.objects.filter(body=body, year=year).order_by("kind", "pk"):
        exporter = PlanWorkbookExporter(plan)
        rows = PlanEntry.objects.filter(plan=plan).count()
        yield Entry(f"01-工作计划/{exporter.filename()}", plan.title, rows, exporter.render())
    items = PlanItemListExporter.base_queryset().filter(body=body, year=year)
    if items.exists():
        yield Entry("01-工作计划/计划事项一览.xlsx", "本年度全部计划事项及其状态、进度", items.count(),
                    PlanItemListExporter(items, f"{year}年度计划事项").render())


def _meetings(body, year):
    standing = list(Meeting.objects.filter(body=body, year=year, kind=MeetingKind.STANDING)
                    .select_related("term", "body").order_by("term__number", "number"))
    if standing:
        exporter = MeetingScheduleExporter(year, standing)
        rows = AgendaItem.objects.filter(meeting__in=standing).count()
        yield Entry(f"02-会议与议程/{exporter.filename()}", "常委会会议一览及每次会议的议程", rows, exporter.render())
    others = (Meeting.objects.filter(body=body, year=year).exclude(kind=MeetingKind.STANDING)
              .filter(agenda_items__isnull=False).distinct().select_related("term", "body").order_by("kind", "number"))
    for meeting in others:
        exporter = AgendaWorkbookExporter(meeting)
        yield Entry(f"02-会议与议程/{exporter.filename()}", f"{meeting.title}议程", meeting.agenda_items.count(),
                    exporter.render())


def _evaluations(body, year):
    evaluations = (Evaluation.objects.filter(agenda_item__meeting__body=body, agenda_item__meeting__year=year)
                   .select_related("agenda_item__meeting__term").order_by("held_on", "pk"))
    for evaluation in evaluations:
        subjects = list(EvaluationSubject.objects.filter(evaluation=evaluation)
                        .select_related("reporting_body", "livelihood_project").order_by("order", "pk"))
        exporter = EvaluationResultsExporter(evaluation, subject_rows(subjects))
        name = exporter.filename().removesuffix(".xlsx")
        yield Entry(f"03-满意度测评/{name}-{evaluation.pk}.xlsx", evaluation.title, len(subjects), exporter.render())


def _opinions(body, year):
    opinions = (ReviewOpinion.objects.filter(agenda_item__meeting__body=body, agenda_item__meeting__year=year)
                .select_related("agenda_item__meeting__term", "reporting_body", "committee")
                .order_by("agenda_item__meeting__date", "sent_on", "pk"))
    rows = [[o.agenda_item.meeting.short_title, o.agenda_item.title, o.reporting_body.name if o.reporting_body else "",
             o.committee.short_name if o.committee else "", o.text, o.sent_on, o.due_on, o.response_on,
             o.get_assessment_display() if o.assessment else "", o.assessment_note] for o in opinions]
    if rows:
        yield _table("04-审议意见与整改/审议意见.xlsx", f"{year}年度审议意见", "审议意见及反馈、评价",
                     ["会议", "议题", "报告单位", "跟踪委员会", "审议意见", "送交日期", "反馈期限", "反馈日期", "工委评价",
                      "评价说明"], rows)
    # A rectification belongs to the year of what it came from (opinion, evaluation, inspection).
    of_year = (Q(opinion__agenda_item__meeting__year=year) | Q(inspection__year=year)
               | Q(evaluation_subject__evaluation__agenda_item__meeting__year=year)
               | Q(opinion__isnull=True, inspection__isnull=True, evaluation_subject__isnull=True,
                   created_at__year=year))
    fixes = (Rectification.objects.filter(body=body).filter(of_year).distinct()
             .select_related("reporting_body", "committee").prefetch_related("notes").order_by("due_on", "pk"))
    rows = [[r.get_source_display(), r.reporting_body.name if r.reporting_body else "",
             r.committee.short_name if r.committee else "", r.what, r.due_on, r.get_status_display(), r.closed_on,
             "是" if r.needs_new_report else "", "\n".join(f"{n.at:%Y-%m-%d} {n.text}" for n in r.notes.all())]
            for r in fixes]
    if rows:
        yield _table("04-审议意见与整改/整改.xlsx", f"{year}年度整改", "整改事项及进展",
                     ["来源", "整改单位", "跟踪委员会", "整改内容", "整改期限", "状态", "完成日期", "须再次报告", "进展"], rows)


def _supervision(body, year):
    rows = [[i.title, _lines(i.laws), i.start_on, i.end_on, _lines(i.team), _lines(i.deputies_invited),
             i.report_agenda_item.title if i.report_agenda_item else ""]
            for i in Inspection.objects.filter(body=body, year=year).select_related("report_agenda_item")
            .order_by("start_on", "pk")]
    if rows:
        yield _table("05-监督工作/执法检查.xlsx", f"{year}年度执法检查", "执法检查",
                     ["名称", "检查的法律法规", "开始日期", "结束日期", "检查组成员", "邀请的人大代表", "听取报告的议题"], rows)
    rows = [[q.agenda_item.meeting.short_title, q.agenda_item.title, _lines(q.askers), _lines(q.officials),
             q.question_count, q.note]
            for q in SpecialInquiry.objects.filter(agenda_item__meeting__body=body, agenda_item__meeting__year=year)
            .select_related("agenda_item__meeting__term").order_by("agenda_item__meeting__date", "pk")]
    if rows:
        yield _table("05-监督工作/专题询问.xlsx", f"{year}年度专题询问", "专题询问",
                     ["会议", "议题", "询问人", "应询人员", "问题数", "说明"], rows)
    projects = (LivelihoodProject.objects.filter(body=body, year=year).select_related("department", "committee")
                .prefetch_related("progress").order_by("number"))
    rows = []
    for p in projects:
        latest = list(p.progress.all())[-1:]  # ordered by report date
        rows.append([p.number, p.title, p.department.name if p.department else "",
                     p.committee.short_name if p.committee else "", latest[0].percent / 100 if latest else None,
                     latest[0].text if latest else "", latest[0].reported_on if latest else None])
    if rows:
        yield _table("05-监督工作/民生实事.xlsx", f"{year}年度民生实事项目", "民生实事项目及最近进展",
                     ["序号", "项目", "责任部门", "跟踪委员会", "完成进度", "最近进展", "报告日期"], rows)


def _deputies(body, year, reader):
    suggestions = visible_suggestions(reader, Suggestion.objects.filter(body=body, year=year)).order_by("number", "pk")
    if suggestions.exists():
        yield Entry("06-代表建议/代表建议.xlsx", "本年度代表建议（不含代表的草稿）", suggestions.count(),
                    SuggestionExporter(suggestions, f"{year}年度代表建议").render())
        figures = compute(body, {"session": None, "year": year, "label": f"{year} 年"}, reader)
        yield Entry("06-代表建议/建议办理统计.xlsx", "建议办理统计（总体及按承办单位）", len(figures["units"]),
                    FiguresExporter(figures, body.name).render())
    deputies = with_reception_counts(Deputy.objects.filter(body=body), year).defer("phone", "address")
    if deputies.exists():
        yield Entry("06-代表建议/代表名册.xlsx", f"代表名册及{year}年进站次数（不含联系方式）", deputies.count(),
                    DeputyExporter(deputies.order_by("code", "pk"), with_contacts=False, year=year).render())


def _has_suggestions(body, year) -> bool:
    return Suggestion.objects.filter(body=body, year=year).exists()


def _summary(body, year, reader):
    from reports import year_counts
    from reports.exports import SummaryWorkbook

    exporter = SummaryWorkbook(body, year, reader)
    rows = len(year_counts.COUNTS)
    yield Entry(f"07-年度统计/{safe_filename(exporter.filename())}", "年度工作统计（各项数字及明细）", rows,
                exporter.render())


def _table(path, title, what, headers, rows) -> Entry:
    return Entry(path, what, len(rows), TableExporter(title, headers, rows).render())


# --- the archive ---------------------------------------------------------------------------------


def find_body(name: str | None):
    bodies = Body.objects.order_by("pk")
    if not name:
        if bodies.count() == 1:
            return bodies.get()
        listed = "、".join(bodies.values_list("name", flat=True)) or "（无）"
        raise ArchiveError(f"系统中有多个人大常委会，请用 --body 指明是哪一个：{listed}。")
    wanted = Q(name=name) | Q(area_name=name) | (Q(pk=int(name)) if name.isdigit() else Q(pk__in=[]))
    match = list(bodies.filter(wanted))
    if len(match) == 1:
        return match[0]
    listed = "、".join(bodies.values_list("name", flat=True)) or "（无）"
    if match:
        raise ArchiveError(f"“{name}”对应多个人大常委会，请写全称：{listed}。")
    raise ArchiveError(f"没有名为“{name}”的人大常委会。现有：{listed}。")


def collect(body, year: int) -> list[Entry]:
    """Every workbook of the body's year; ArchiveError when the year holds nothing at all."""
    reader = _reader()
    with scope(body=body):
        entries = [*_plans(body, year), *_meetings(body, year), *_evaluations(body, year), *_opinions(body, year),
                   *_supervision(body, year)]
        if not entries and not _has_suggestions(body, year):
            raise ArchiveError(f"{body.name}没有 {year} 年度的数据（计划、会议、监督和代表建议均为空），未生成归档。")
        entries += _deputies(body, year, reader)
        entries += _summary(body, year, reader)
    return entries


def manifest(body, year: int, entries: list[Entry]) -> dict:
    return {
        "body": body.name,
        "year": year,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "generator": "renda manage.py export_year",
        "workbooks": [{"file": e.path, "what": e.what, "rows": e.rows, "bytes": len(e.data)} for e in entries],
    }


def readme(info: dict) -> str:
    lines = [f"{info['body']} {info['year']} 年度数据归档", f"生成时间：{info['generated_at']}", "",
             "文件 | 内容 | 数据行数"]
    lines += [f"{w['file']} | {w['what']} | {w['rows']}" for w in info["workbooks"]]
    lines += ["", "各工作簿由系统中相应页面的导出功能生成；manifest.json 是同样内容的机器可读版本。"]
    return "\n".join(lines) + "\n"


def default_name(body, year: int) -> str:
    return safe_filename(f"{body.name}{year}年度数据归档.zip")


def write_archive(body, year: int, target: Path) -> dict:
    """Write the zip to `target` (through a temporary file, so a failed export leaves nothing behind)."""
    entries = collect(body, year)
    info = manifest(body, year, entries)
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(info, ensure_ascii=False, indent=2))
            archive.writestr("README.txt", readme(info))
            for entry in entries:
                archive.writestr(entry.path, entry.data)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return info
