"""The duty record as files.

- The overview workbook (`/deputies/duty/?year=2023&export=xlsx`), in the house style of lists
  (core.spreadsheet.ListSheet): one row a deputy with each activity type, the activities, the points and whether
  below the body's minimum; a second sheet the rule it was computed with and its sources (BodyRules help texts).
- One deputy's year report for 向选民述职 (`/deputies/duty/<id>/?year=2023&export=docx`, the deputy's portal too), laid
  out as an official document (GB/T 9704, core/official_document.py): title, the year's figures in a paragraph,
  "一、…" headings for meetings, activities, suggestions, each item dated, then the points.
"""

import io

from openpyxl import Workbook

from core.exporters import BaseExporter, XlsxExporter, safe_filename
from core.models import BodyRules
from core.numerals import chinese_number
from core.official_document import (
    DOCX_CONTENT_TYPE,
    STYLE_BODY,
    STYLE_HEADING,
    STYLE_TITLE,
    official_layout,
    table,
)
from core.spreadsheet import ListSheet, to_bytes
from deputies.duty.record import KINDS


def _state(is_frozen: bool) -> str:
    return "已定稿" if is_frozen else "未定稿（按当前登记情况计算）"


class DutyWorkbook(XlsxExporter):
    identifier = "duty-overview-xlsx"
    verbose_name = "代表履职积分（Excel）"

    def __init__(self, body_name: str, year: int, rows: list[dict], is_frozen: bool, params: dict, scope: str = ""):
        self.body_name, self.year, self.rows, self.is_frozen, self.params, self.scope = (
            body_name, year, rows, is_frozen, params, scope)

    def filename(self) -> str:
        return safe_filename(f"{self.year}年代表履职积分.xlsx")

    def ascii_filename(self) -> str:
        return f"duty-record-{self.year}.xlsx"

    def render(self) -> bytes:
        wb = Workbook()
        wb.remove(wb.active)
        heads = ["姓名", "代表小组", "联络站", *[k.label for k in KINDS], "缺席", "请假", "活动合计", "积分",
                 "低于最低次数"]
        title = f"{self.body_name}{self.year}年代表履职登记与积分{self.scope}（{_state(self.is_frozen)}）"
        sheet = ListSheet(wb, sheet_name="履职积分", title=title, headers=heads,
                          widths=[8, 12, 16, *[6] * len(KINDS), 5, 5, 6, 6, 8], freeze="B2")
        for r in self.rows:
            c = r["counts"]
            sheet.append([r["name"], r["group"], r["station"], *[c.get(k.key, 0) for k in KINDS], c.get("absent", 0),
                          c.get("leave", 0), r["activities"], r["points"], "是" if r["below_minimum"] else ""])
        sheet.finish()
        rule = ListSheet(wb, sheet_name="积分规则", title="积分规则及依据", headers=["项目", "分值", "依据"],
                         widths=[24, 8, 80])
        for k in KINDS:
            rule.append([k.label, self.params["points"][k.key],
                         str(BodyRules._meta.get_field(k.points_field).help_text)])
        rule.append(["无故缺席（扣分）", self.params["absent"],
                     str(BodyRules._meta.get_field("duty_points_absent").help_text)])
        rule.append(["每年参加活动不少于（次）", self.params["min_activities"],
                     str(BodyRules._meta.get_field("duty_min_activities").help_text)])
        rule.append(["按期反馈天数", self.params["feedback_days"],
                     str(BodyRules._meta.get_field("duty_feedback_days").help_text)])
        rule.finish()
        return to_bytes(wb)


SECTIONS = [
    ("出席会议情况", ["congress", "standing"]),
    ("参加活动情况", ["inspection", "reception", "training", "theme", "voters_report", "other"]),
    ("提出建议和反馈情况", ["proposed", "cosigned", "feedback"]),
]


def report_title(name: str, year: int) -> str:
    return f"{name}代表{year}年度履职情况报告"


class DutyReportDocument(BaseExporter):
    identifier = "duty-report-docx"
    verbose_name = "代表年度履职情况报告（Word，公文格式）"
    extension = "docx"
    content_type = DOCX_CONTENT_TYPE

    def __init__(self, body_name: str, year: int, row: dict, items: dict, is_frozen: bool):
        self.body_name, self.year, self.row, self.items, self.is_frozen = body_name, year, row, items, is_frozen

    def filename(self) -> str:
        return safe_filename(f"{report_title(self.row['name'], self.year)}.docx")

    def ascii_filename(self) -> str:
        return f"duty-report-{self.row['deputy']}-{self.year}.docx"

    def render(self) -> bytes:
        from docx import Document

        row, c, params = self.row, self.row["counts"], self.row["rule_params"]
        doc = Document()
        official_layout(doc)
        title = report_title(row["name"], self.year)
        doc.core_properties.title, doc.core_properties.author = title, self.body_name
        doc.add_paragraph(title, style=STYLE_TITLE)
        doc.add_paragraph("", style=STYLE_BODY)
        where = "、".join(x for x in (row["group"], row["station"]) if x)
        doc.add_paragraph(
            f"{self.year}年，{row['name']}代表{f'（{where}）' if where else ''}依法履行代表职责，"
            f"全年参加活动{row['activities']}次（本常委会要求每年不少于{params['min_activities']}次），"
            f"领衔提出建议、议案{c.get('proposed', 0)}件，附议{c.get('cosigned', 0)}件，"
            f"履职积分{row['points']:g}分。现将履职情况报告如下。", style=STYLE_BODY)
        for number, (heading, keys) in enumerate(SECTIONS, start=1):
            doc.add_paragraph(f"{chinese_number(number)}、{heading}", style=STYLE_HEADING)
            parts = "；".join(f"{k.label}{c.get(k.key, 0)}{k.unit}" for k in KINDS if k.key in keys)
            extra = ""
            if number == 1 and (c.get("leave") or c.get("absent")):
                extra = f"；请假{c.get('leave', 0)}次，缺席{c.get('absent', 0)}次"
            doc.add_paragraph(f"{parts}{extra}。", style=STYLE_BODY)
            for key in keys:
                for item in self.items.get(key, []):
                    on = f"{item['on'].year}年{item['on'].month}月{item['on'].day}日" if item["on"] else "日期未定"
                    doc.add_paragraph(f"{on}，{dict((k.key, k.label) for k in KINDS)[key]}：{item['text']}。",
                                      style=STYLE_BODY)
        doc.add_paragraph(f"{chinese_number(len(SECTIONS) + 1)}、履职积分", style=STYLE_HEADING)
        doc.add_paragraph(f"按本常委会代表履职积分规则（{_state(self.is_frozen)}），各项积分如下。", style=STYLE_BODY)
        rows = [[k.label, c.get(k.key, 0), params["points"][k.key], c.get(k.key, 0) * params["points"][k.key]]
                for k in KINDS]
        rows.append(["无故缺席（扣分）", c.get("absent", 0), params["absent"], -c.get("absent", 0) * params["absent"]])
        rows.append(["合计", "", "", f"{row['points']:g}"])
        table(doc, ["项目", "次数", "每次分值", "积分"], rows, (50, 30, 30))
        doc.add_paragraph("", style=STYLE_BODY)
        doc.add_paragraph("以上报告，请选民审议。", style=STYLE_BODY)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
