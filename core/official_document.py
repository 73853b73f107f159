"""The official document layout of GB/T 9704-2012 (党政机关公文格式) for Word files made with python-docx: the page,
the line grid, the fonts and styles, the page numbers and a table across the text block.

Moved here from reports/exports.py (the year-end summary's Word file, which still uses it) so that the layers
below reports/ (deputies/ for the suggestion topics' briefing) lay out their Word files the same way. What each
measure is, and why, is said where each is set; in short:

A4, margins 37 mm top, 35 mm bottom, 28 mm left (binding side), 26 mm right, so a 156 × 225 mm text block; the
title in 方正小标宋简体 二号 (22 pt), centred; the body in 仿宋_GB2312 三号 (16 pt), first lines indented two
characters; first-level headings ("一、") in 黑体 三号, second-level ("（一）") in 楷体_GB2312; page numbers
"— 1 —" in 宋体 四号 centred at the foot; 22 lines a page of 28 characters. Chinese fonts are named for East
Asian text, Latin text and digits in Times New Roman; fonts are named, not embedded.

Use: doc = Document(); official_layout(doc); doc.add_paragraph(text, style=STYLE_TITLE | STYLE_BODY | …).
"""

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# --- GB/T 9704-2012 ---------------------------------------------------------------------------------
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号
PAGE_NUMBER_SIZE = 14  # 四号
TABLE_SIZE = 12  # 小四: the tables' long definitions
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH_TWIPS = 579  # 225 mm ÷ 22 lines = 28.99 pt; Word's grid takes whole twips: 579 = 28.95 pt
CONDENSED_TWENTIETHS = -5  # -0.25 pt a character: 156 mm = 442.2 pt ÷ 28 = 15.79 pt, 三号 is 16 pt
FOOTER_DISTANCE_MM = 23  # the page number about 7 mm below the text block

STYLE_TITLE, STYLE_BODY, STYLE_HEADING, STYLE_SUBHEADING = "公文标题", "公文正文", "公文一级标题", "公文二级标题"
STYLE_TABLE, STYLE_FOOTER = "公文表格", "公文页码"
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156


def _fonts(element, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run's or style's properties: East Asian text in `east_asian`, Latin text in `latin`,
    with no theme font left to override them."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts() if hasattr(element, "get_or_add_rPr") else element
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _no_grid(paragraph_format) -> None:
    """Off the document grid: a table's or footer's lines keep their own height instead of 28.95 pt."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph_format.element.get_or_add_pPr()
    snap = ppr.find(qn("w:snapToGrid"))
    if snap is None:
        snap = OxmlElement("w:snapToGrid")
        ppr.append(snap)
    snap.set(qn("w:val"), "0")


def _first_line_chars(paragraph_format, chars: int) -> None:
    """Indent the first line by `chars` characters (w:firstLineChars), with the same length in points for
    programs that read only that."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph_format.first_line_indent = Pt(BODY_SIZE * chars)
    paragraph_format.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), str(chars * 100))


def official_layout(doc) -> None:
    """The page, the document grid, the fonts and the styles of GB/T 9704-2012, and the page numbers."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, Twips

    # The defaults every style starts from: no theme fonts (Calibri, 等线), 仿宋 三号.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(run_defaults.find(qn("w:rFonts")), BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        size = run_defaults.find(qn(tag))
        if size is None:
            size = OxmlElement(tag)
            run_defaults.append(size)
        size.set(qn("w:val"), str(BODY_SIZE * 2))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    lang.set(qn("w:val"), "en-US")  # Latin text and numbers: words, never broken inside
    lang.set(qn("w:eastAsia"), "zh-CN")  # Chinese line breaking and punctuation

    exact = Twips(LINE_PITCH_TWIPS)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    _fonts(normal.element, BODY_FONT)
    _character_spacing(normal.element, CONDENSED_TWENTIETHS)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, exact
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False

    def style(name, font, size):
        new = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        new.base_style = normal
        new.font.size = Pt(size)
        new.font.bold = False
        _fonts(new.element, font)
        return new

    title = style(STYLE_TITLE, TITLE_FONT, TITLE_SIZE)
    _character_spacing(title.element, 0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = style(STYLE_BODY, BODY_FONT, BODY_SIZE)
    _first_line_chars(body.paragraph_format, 2)
    heading = style(STYLE_HEADING, HEADING_FONT, BODY_SIZE)
    _first_line_chars(heading.paragraph_format, 2)
    heading.paragraph_format.keep_with_next = True
    outline = OxmlElement("w:outlineLvl")  # a first-level heading in Word's navigation pane
    outline.set(qn("w:val"), "0")
    heading.element.get_or_add_pPr().append(outline)
    subheading = style(STYLE_SUBHEADING, SUBHEADING_FONT, BODY_SIZE)  # "（一）", in 楷体
    _first_line_chars(subheading.paragraph_format, 2)
    subheading.paragraph_format.keep_with_next = True
    table = style(STYLE_TABLE, BODY_FONT, TABLE_SIZE)
    _character_spacing(table.element, 0)
    table.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _no_grid(table.paragraph_format)
    footer_style = style(STYLE_FOOTER, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _fonts(footer_style.element, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)  # 半角宋体 digits
    _character_spacing(footer_style.element, 0)
    footer_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _no_grid(footer_style.paragraph_format)

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.footer_distance = Mm(FOOTER_DISTANCE_MM)
        _document_grid(section)
        footer = section.footer.paragraphs[0]
        footer.style = doc.styles[STYLE_FOOTER]
        _page_number(footer)


def _document_grid(section) -> None:
    """22 lines a page: a line grid of 28.95 pt (Word's "只指定行网格"), the pitch the body's exact line spacing
    repeats."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.attrib.pop(qn("w:charSpace"), None)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def _character_spacing(style_element, twentieths: int) -> None:
    """A style's character spacing (w:spacing in its run properties, in twentieths of a point), in the place
    the schema gives it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style_element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.insert_element_before(spacing, *(f"w:{tag}" for tag in (
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
            "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")))
    spacing.set(qn("w:val"), str(twentieths))


def _page_number(paragraph) -> None:
    """"— 1 —": the page number between em dashes, a PAGE field Word and WPS fill in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field_char(run, kind):
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    paragraph.add_run("— ")
    begin = paragraph.add_run()
    field_char(begin, "begin")
    instruction = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instruction._r.append(text)
    separate = paragraph.add_run()
    field_char(separate, "separate")
    paragraph.add_run("1")  # shown until the field is updated
    end = paragraph.add_run()
    field_char(end, "end")
    paragraph.add_run(" —")


def table(doc, headers: list[str], rows: list[list], widths_mm: tuple[int, ...]) -> None:
    """A table across the text block: the first columns `widths_mm` wide, the last (the definitions) the rest;
    the header row in 黑体, repeated on each page the table runs on."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    widths = [*widths_mm, TEXT_WIDTH_MM - sum(widths_mm)]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)

    def fill(row, values, font=None):
        for cell, text, width in zip(row.cells, values, widths):
            cell.width = Mm(width)
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.style = doc.styles[STYLE_TABLE]
            run = paragraph.add_run("" if text is None else str(text))
            if font:
                _fonts(run._r, font)

    fill(table.rows[0], headers, HEADING_FONT)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))
    for values in rows:
        fill(table.add_row(), values)

