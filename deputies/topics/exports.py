"""The topics as files the office hands to the directors when next year's plans are drafted.

- A workbook (`?export=xlsx`) in the house style of lists (core.spreadsheet.ListSheet: title row, 序号, 宋体,
  A4 one page wide, page numbers, text never run as a formula): a sheet of the topics with their numbers, a
  sheet of every suggestion under its topic, and the 口径.
- A Word briefing (`?export=docx`) laid out as an official document (GB/T 9704, core/official_document.py):
  "关于2023年代表建议反映集中问题的梳理报告", the overall figures, then each topic with its counts, its main
  handling units and its representative titles, then how the topics were made.
"""

import io

from openpyxl import Workbook

from core.exporters import BaseExporter, XlsxExporter, safe_filename
from core.numerals import chinese_number
from core.official_document import (
    DOCX_CONTENT_TYPE,
    STYLE_BODY,
    STYLE_HEADING,
    STYLE_SUBHEADING,
    STYLE_TITLE,
    official_layout,
    table,
)
from core.spreadsheet import ListSheet, to_bytes
from deputies.topics.analysis import CLASSES, FEEDBACKS

REPRESENTATIVE = 5  # titles quoted for a topic in the briefing


def report_title(topics: dict) -> str:
    return f"关于{topics['scope']['year']}年代表建议反映集中问题的梳理报告"


def _units_text(units, limit=3) -> str:
    return "、".join(f"{u['name']}（{u['count']}件）" for u in units[:limit])


class TopicsWorkbook(XlsxExporter):
    identifier = "suggestion-topics-xlsx"
    verbose_name = "代表建议集中反映问题梳理（Excel）"

    def __init__(self, topics: dict, body_name: str = ""):
        self.topics, self.body_name = topics, body_name

    def filename(self) -> str:
        return safe_filename(f"{self.topics['scope']['label']}代表建议集中反映问题梳理.xlsx")

    def ascii_filename(self) -> str:
        scope = self.topics["scope"]
        return f"suggestion-topics-{scope['session'] or scope['year']}.xlsx"

    def render(self) -> bytes:
        t, labels = self.topics, self.topics["feedback_labels"]
        wb = Workbook()
        wb.remove(wb.active)
        heads = ["主题", "件数", *[f"{c}类" for c in CLASSES], *[labels[f] for f in FEEDBACKS], "往年提过",
                 "主要承办单位"]
        sheet = ListSheet(wb, sheet_name="主题", title=f"{self.body_name}{t['scope']['label']}代表建议集中反映问题梳理",
                          headers=heads, widths=[22, 6, *[5] * 4, *[7] * 3, 8, 30], freeze="B2")
        for topic in t["topics"]:
            sheet.append([topic["label"], topic["count"], *[topic["classes"][c] for c in CLASSES],
                          *[topic["feedbacks"][f] for f in FEEDBACKS], topic["repeated"],
                          _units_text(topic["units"], limit=5)])
        totals = t["totals"]
        sheet.append(["合计", totals["count"], *[totals["classes"][c] for c in CLASSES],
                      *[totals["feedbacks"][f] for f in FEEDBACKS], totals["repeated"], ""])
        sheet.finish()

        rows = ListSheet(wb, sheet_name="建议", title=f"{self.body_name}{t['scope']['label']}代表建议（按主题）",
                         headers=["主题", "年度", "编号", "标题", "主办单位", "答复类别", "代表反馈", "往年提过"],
                         widths=[20, 6, 6, 40, 18, 8, 8, 8], freeze="C2")
        for topic in t["topics"]:
            for s in topic["suggestions"]:
                rows.append([topic["label"], s["year"], s["number"], s["title"], s["lead_unit_name"],
                             f"{s['reply_class']}类" if s["reply_class"] else "", labels.get(s["feedback"], ""),
                             "是" if s["repeated"] else ""])
        rows.finish()

        notes = ListSheet(wb, sheet_name="口径", title="统计口径", headers=["说明"], widths=[100])
        for note in t["notes"]:
            notes.append([note])
        notes.finish()
        return to_bytes(wb)


class TopicsDocument(BaseExporter):
    identifier = "suggestion-topics-docx"
    verbose_name = "代表建议集中反映问题梳理报告（Word，公文格式）"
    extension = "docx"
    content_type = DOCX_CONTENT_TYPE

    def __init__(self, topics: dict, body_name: str = ""):
        self.topics, self.body_name = topics, body_name

    def filename(self) -> str:
        return safe_filename(f"{report_title(self.topics)}.docx")

    def ascii_filename(self) -> str:
        scope = self.topics["scope"]
        return f"suggestion-topics-{scope['session'] or scope['year']}.docx"

    def render(self) -> bytes:
        from docx import Document

        t, labels = self.topics, self.topics["feedback_labels"]
        totals = t["totals"]
        doc = Document()
        official_layout(doc)
        title = report_title(t)
        doc.core_properties.title = title
        doc.core_properties.author = self.body_name
        doc.add_paragraph(title, style=STYLE_TITLE)
        doc.add_paragraph("", style=STYLE_BODY)

        doc.add_paragraph("一、总体情况", style=STYLE_HEADING)
        scope = t["scope"]["label"]
        feedback = "、".join(f"{labels[f]}{totals['feedbacks'][f]}件" for f in FEEDBACKS)
        classes = "、".join(f"{c}类{totals['classes'][c]}件" for c in CLASSES)
        doc.add_paragraph(
            f"{scope}代表提出并经审查立案的建议、议案共{totals['count']}件，经梳理归为{len(t['topics'])}个主题。"
            f"按最近一次答复，{classes}；按代表最近一次反馈，{feedback}。"
            f"其中标题与往年已立案建议相同的{totals['repeated']}件。"
            + (f"主办件数较多的单位是{_units_text(totals['units'])}。" if totals["units"] else ""),
            style=STYLE_BODY,
        )

        doc.add_paragraph("二、代表集中反映的问题", style=STYLE_HEADING)
        for number, topic in enumerate(t["topics"], 1):
            doc.add_paragraph(f"（{chinese_number(number)}）{topic['label']}（{topic['count']}件）", style=STYLE_SUBHEADING)
            answered = [f"{c}类{topic['classes'][c]}件" for c in CLASSES if topic["classes"][c]]
            parts = ["答复类别" + "、".join(answered) if answered else "尚无答复"]
            if any(topic["feedbacks"].values()):
                parts.append("代表反馈" + "、".join(f"{labels[f]}{topic['feedbacks'][f]}件" for f in FEEDBACKS
                                                   if topic["feedbacks"][f]))
            if topic["repeated"]:
                parts.append(f"往年提过{topic['repeated']}件")
            if topic["units"]:
                parts.append(f"主要承办单位为{_units_text(topic['units'])}")
            shown = topic["suggestions"][:REPRESENTATIVE]
            titles = "；".join(f"《{s['title']}》" for s in shown)
            more = "等" if topic["count"] > len(shown) else ""
            doc.add_paragraph("；".join(parts) + f"。代表性建议：{titles}{more}。", style=STYLE_BODY)

        doc.add_paragraph("三、梳理方法", style=STYLE_HEADING)
        for note in t["notes"]:
            doc.add_paragraph(note, style=STYLE_BODY)

        doc.add_paragraph("附：各主题件数", style=STYLE_HEADING)
        table(doc, ["主题", "件数", "不满意"],
              [[topic["label"], topic["count"], topic["feedbacks"][FEEDBACKS[-1]]] for topic in t["topics"]], (90, 24))
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
