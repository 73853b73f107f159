"""The summary's Word file is an official document (GB/T 9704-2012: A4, margins 37/35/28/26 mm, title in
方正小标宋简体 二号, body in 仿宋_GB2312 三号, first-level headings in 黑体 三号, 22 lines of 28 characters, page
numbers "— 1 —" centred at the foot), not python-docx's default template; its workbook is in 宋体, laid out
for A4 with page numbers."""

import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from openpyxl import load_workbook

from tests.conftest import client_for


@pytest.fixture
def docx_bytes(baiyun):
    response = client_for("office").get("/summary/2023/summary.docx")
    assert response.status_code == 200
    return b"".join(response)


def _east_asian(style_or_run) -> str:
    return style_or_run.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_word_file_has_the_page_and_grid_of_an_official_document(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in the 225 mm text block
    assert int(Mm(225).pt / Pt(28.95).pt) == 22
    # 28 三号 characters a line: each condensed by 0.25 pt, 28 × 15.75 pt fill the 156 mm line (29 would not).
    normal = doc.styles["Normal"]
    condensed = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    pitch = normal.font.size.pt + condensed
    text_width = Length(section.page_width - section.left_margin - section.right_margin).pt
    assert int(text_width / pitch) == 28 and 28 * 16 > text_width
    styles = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/styles.xml").decode()
    assert 'w:eastAsia="zh-CN"' in styles  # Chinese line breaking


def test_the_word_file_names_the_official_fonts_and_sizes(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    paragraphs = [p for p in doc.paragraphs if p.text]
    title = paragraphs[0]
    assert title.text == "广州市白云区人大常委会2023年度工作统计"
    assert title.style.name == "公文标题" and title.style.font.size == Pt(22)
    assert _east_asian(title.style) == "方正小标宋简体"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    headings = [p for p in paragraphs if p.style.name == "公文一级标题"]
    assert [h.text for h in headings] == ["一、总体情况", "二、与上年比较", "三、各项数字", "四、其他工作数字"]
    assert _east_asian(headings[0].style) == "黑体" and headings[0].style.font.size == Pt(16)
    body = [p for p in paragraphs if p.style.name == "公文正文"]
    assert any("全年共召开常委会会议 7 次" in p.text for p in body)
    assert _east_asian(body[0].style) == "仿宋_GB2312" and body[0].style.font.size == Pt(16)
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY and round(normal.line_spacing.pt, 2) == 28.95
    assert body[0].style.paragraph_format.first_line_indent == Pt(32)  # two characters
    # No default template's headings (blue 等线/Calibri Light) and no theme font left to override the names.
    assert not [p for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    styles = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/styles.xml").decode()
    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    assert "Theme" not in defaults and 'w:eastAsia="仿宋_GB2312"' in defaults
    document = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml").decode()
    assert "w:color" not in document


def test_the_word_file_numbers_its_pages_with_em_dashes_at_the_foot(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text == "— 1 —"  # the PAGE field's placeholder between em dashes
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER or footer.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    xml = footer._p.xml
    assert 'w:fldCharType="begin"' in xml and "PAGE" in xml and 'w:fldCharType="end"' in xml
    assert _east_asian(footer.style) == "宋体" and footer.style.font.size == Pt(14)


def test_the_workbook_is_in_songti_on_a4_with_page_numbers(baiyun):
    response = client_for("office").get("/summary/2023/summary.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response)))
    assert book.sheetnames == ["统计", "明细"]
    for sheet in book.worksheets:
        fonts = {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value not in (None, "")}
        assert fonts == {"宋体"}, sheet.title
        setup = sheet.page_setup
        assert int(setup.paperSize) == 9 and setup.orientation == "landscape"  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0) and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert book["统计"].print_title_rows == "$2:$2" and book["明细"].print_title_rows == "$1:$1"  # repeated on each page
    rows = {r[0]: r for r in book["统计"].iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert rows["常委会会议"][1] == 7
    assert rows["视察"][1] == "未记录" and "如何登记" in rows["视察"][5]
    assert rows["审议意见"][1] == 10 and rows["监督工作"][1] is None
