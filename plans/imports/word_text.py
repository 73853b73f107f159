"""A plan's Word text (or text pasted from a PDF) → a ProposedPlan: sections, items and every field of each item.

How the text is read (every rule is a table or a pattern below, none is keyed to one district's sentences):

- Lines. Page numbers ("－ 25 －", "12"), footnotes ("2 附：…", with their marker in the text) and a running
  header (the title repeated, or a short line repeated on many pages) are dropped. Text extracted from a PDF
  (most lines of one width) is joined back into paragraphs: a line continues the previous paragraph unless it
  starts a numbered heading or an arrangement ("拟安排在…"), or the previous line was clearly short.
- Structure. Numbered paragraphs (一、 （一） 1. (1)) are headings. With two levels or more, the highest is the
  section and the next is the item; with one level, every numbered paragraph is an item. A section with no
  numbered items makes one item of its text. "（共 N 项）" is the section's declared count. The text stops
  at the first "附件" line (attachments are other documents).
- An item: its title is the first sentence; its arrangement sentences ("拟安排在 5 月份常委会会议上听取和审议，
  有关准备工作由…负责", "以上两项报告…", "专题调研报告在 7 月底完成…") give timing, meetings and committees
  ("以上 N 项" applies to the last N items of the section that do not say it themselves); the focus is what
  follows "重点是", else the rest of the text. The form comes from the title's wording (ACT_FORMS), else from
  its theme or the section heading's (THEME_FORMS), else from the kind of plan.
- Items of a plan often name matters another plan holds (工作要点: "听取和审议区政府关于 A、B 等报告"):
  `mentions` lists them, and `find_links` links them (and whole items) to existing matters with
  `same_matter`, which is strict: two titles name one matter only when they differ by nothing but filler.
"""

import io
import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from plans.imports.recognise import reporting_bodies_in
from plans.imports.word_model import ProposedItem, ProposedPlan, ProposedSection
from plans.models import PlanKind, SupervisionForm
from plans.timing import TimingKind

F = SupervisionForm

# --- the rules, as data -------------------------------------------------------------------------------------

# Words of a plan's title → its kind (the first that matches).
PLAN_KINDS = (
    ("讨论决定重大事项", PlanKind.MAJOR_MATTERS),
    ("监督工作计划", PlanKind.SUPERVISION),
    ("代表工作计划", PlanKind.DEPUTY_WORK),
    ("立法", PlanKind.LEGISLATION),
    ("工作要点", PlanKind.WORK_POINTS),
)

# Wording of an item's title → its form of supervision, in order of precedence: the first match is the main
# form ("听取和审议…报告，并开展专题询问" is an inquiry), the others follow it.
ACT_FORMS = (
    (r"备案审查", F.FILING_REVIEW),
    (r"跟踪监督|审议意见(?:的)?落实情况", F.FOLLOW_UP),
    (r"满意度测评", F.EVALUATION),
    (r"专题询问", F.INQUIRY),
    (r"执法检查|^检查.{2,80}?(?:实施|执行|贯彻)情况", F.INSPECTION),
    (r"专题调研", F.RESEARCH),
    (r"视察", F.VISIT),
    (r"任免", F.PERSONNEL),
    (r"审查和批准|审查批准|预算|决算|审计|国民经济和社会发展|计划执行", F.FINANCE),
    (r"^审议(?!.*报告)|(?:决定|决议)（草案）", F.MAJOR_MATTER),
    (r"专题议案", F.MOTION),
    (r"^(?:专题)?(?:听取|审议).*报告", F.SPECIAL_REPORT),
)
# An item whose title names no act: its theme, read from the title, then from its section's heading.
THEME_FORMS = (
    (r"代表", F.DEPUTY_WORK),
    (r"自身建设|机关建设|人大建设|政治建设|党的(?:全面)?领导|二十大精神|思想|政治方向", F.SELF_BUILDING),
)
DEFAULT_FORMS = {
    PlanKind.SUPERVISION: F.SPECIAL_REPORT,
    PlanKind.MAJOR_MATTERS: F.MAJOR_MATTER,
    PlanKind.DEPUTY_WORK: F.DEPUTY_WORK,
}
# Other forms the item's act states besides its main one ("听取和审议…的报告，并开展专题询问": the report is heard
# too). Only the act itself counts: the title, or the first sentence of an item titled by its section heading.
EXTRA_FORMS = ((r"并(?:分别|逐项|逐个)?开展满意度测评", F.EVALUATION), (r"并(?:分别)?开展专题询问", F.INQUIRY))
HEARD_REPORT_RE = re.compile(r"^(?:专题)?听取(?:和审议)?.*报告")  # "结合听取…" is another item's report
# Forms where a body reports to the committee (the others are the committee's own work).
REPORTED_FORMS = {F.SPECIAL_REPORT, F.INQUIRY, F.EVALUATION, F.FINANCE, F.MAJOR_MATTER, F.MOTION,
                  F.FOLLOW_UP, F.FILING_REVIEW}

_N = r"[\d一二三四五六七八九十两]+"  # a number as plans write it
# An arrangement sentence: an optional subject, then how the matter is arranged. It must also name a time,
# a meeting or a unit (ARRANGEMENT_WORDS), so a focus sentence starting with 由/在 is not taken for one.
_SUBJECT = (rf"(?:以上\s*{_N}\s*项(?:报告|议题|工作|事项)?|该项|此项|本项|报告|专题调研报告|调研报告|执法检查报告|"
            r"执法检查|视察|本议题和上会时间|本议题|上会时间)")
_VERB = r"(?:拟|计划于|计划在|将于|预计|安排在|于\s*\d|在\s*\d|由|提请|根据[^，。]*?提请|时间[:：])"
ARRANGEMENT_RE = re.compile(rf"^{_SUBJECT}?(?:有关准备工作|准备工作)?{_VERB}")
# A line of a PDF's text that starts an arrangement paragraph: stricter, as a wrapped line may start with 由 or 于.
LINE_ARRANGEMENT_RE = re.compile(rf"^(?:{_SUBJECT}(?:有关准备工作)?{_VERB}|(?:拟|计划于|计划在|将于|安排在))")
# A short sentence may start with its time: "上半年完成，由财经工委负责。"
TIME_FIRST_RE = re.compile(
    r"^(?:全年|上半年|下半年|年内|年底前|第[一二三四1-4]季度|\d{1,2}\s*(?:[-—至]\s*\d{1,2}\s*)?月)"
)
TIME_FIRST_MAX = 40
ARRANGEMENT_WORDS = re.compile(r"月|季度|全年|半年|会议|上会|负责|牵头|而定|分工落实|完成")
SHARED_RE = re.compile(rf"^以上\s*({_N})\s*项")  # "以上两项报告…": said once for the last N items

# Timing phrases, tried in this order on the arrangement sentences; the first found is the timing.
_M = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
TIMING_PATTERNS = (
    (TimingKind.UNDETERMINED, r"根据[^，。；]*?(?:提请|需要|安排)[^，。；]*?(?:而定|确定)|另行(?:安排|确定)|适时安排"),
    (TimingKind.RANGE, rf"{_M}\s*(?:月份?)?\s*[-—–~～至到]\s*{_M}\s*月"),
    (TimingKind.DEADLINE, rf"{_M}\s*月(?:份)?\s*(?:底|末)"),
    (TimingKind.QUARTER, r"第\s*([一二三四1-4])\s*季度"),
    ("first_half", r"上半年"),
    ("second_half", r"下半年"),
    (TimingKind.DEADLINE, r"(年底|年末)"),
    (TimingKind.YEAR, r"全年"),
    (TimingKind.MONTH, rf"{_M}\s*月"),
)
STANDING_MEETING_RE = re.compile(r"常委会(?:全体)?会议|常务委员会(?:全体)?会议|常委会上|提请常委会|上会")
CHAIRPERSONS_MEETING_RE = re.compile(r"主任会议")

# Who does it: "由 X 负责", "由 X 牵头，Y 配合", "由 X 牵头，各（相关）工委分工落实".
LEAD_RE = re.compile(r"由([^，。；：]{1,60}?)(?:负责|牵头)")
HELP_RE = re.compile(r"^(?:负责|牵头)[^，。；]{0,8}[，,]\s*([^，。；]{1,60}?)(?:分工落实|配合|协助|参与)")
ALL_UNITS_RE = re.compile(r"^各(?:相关|有关|对口联系|对口)?(?:工作委员会|工委|专门委员会|委员会|单位)")
SOME_UNITS_RE = re.compile(r"^(?:相关|有关)(?:工作委员会|工委|专门委员会|委员会|单位)")
NAME_SPLIT_RE = re.compile(r"、|以及|及|，|,")

# The body's own organs report on some items ("区人大常委会监察和司法工作委员会关于…"): no reporting body then.
OWN_ORGAN_RE = re.compile(r"人大|常委会|委员会|工委|检查组")
ACT_VERB_RE = re.compile(r"^(?:专题)?(?:听取和审议|听取|审议|审查和批准|审查批准|审查)")
# A section's single unnumbered paragraph is titled by its first sentence when that reads as a title.
TITLE_START_RE = re.compile(r"^(?:专题)?(?:听取|审议|审查|检查|围绕|对|开展|视察)")
TITLE_MAX = 60

# --- numbers and headings -----------------------------------------------------------------------------------

_CN = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_int(text: str) -> int | None:
    """12, "十二", "二十", "两" → int (up to 99); None when it is not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN and c != "十" for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN[tens] if tens else 1) * 10 + (_CN[ones] if ones else 0)
    return _CN[text] if len(text) == 1 else None


# Numbered headings, highest level first.
LEVELS = (
    re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、．.]"),
    re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]"),
    re.compile(r"^(\d{1,3})\s*[.．、](?!\d)"),
    re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]"),
)
COUNT_RE = re.compile(r"\s*[（(]\s*共\s*([\d一二三四五六七八九十两]+)\s*项\s*[）)]\s*$")


def _level(paragraph: str) -> tuple[int, str] | None:
    """(level, the number as written) of a numbered paragraph."""
    for level, pattern in enumerate(LEVELS):
        if m := pattern.match(paragraph):
            return level, m.group(0).strip()
    return None


# --- lines and paragraphs -----------------------------------------------------------------------------------

PAGE_NUMBER_RE = re.compile(r"^\s*(?:[－—\-–]\s*[\d\s]{1,6}\s*[－—\-–]|\d{1,4}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
FOOTNOTE_RE = re.compile(r"^\s*(\d{1,2})\s*(?:附|注)\s*[：:]")
ATTACHMENT_RE = re.compile(r"^\s*附\s*件\s*[：:\d一二三四五六七八九十]")
_SENTENCE_PUNCT = re.compile(r"[，。、；：！？]")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _drop_footnotes(lines: list[str]) -> list[str]:
    """Footnote lines go, and so does their marker in the text above ("区民宗局2）" → "区民宗局）")."""
    kept = []
    for line in lines:
        m = FOOTNOTE_RE.match(line)
        if not m:
            kept.append(line)
            continue
        marker = re.compile(rf"(?<=[\u4e00-\u9fff]){m[1]}(?=[）)，。、；])")
        for back in range(len(kept) - 1, max(-1, len(kept) - 40), -1):
            found = list(marker.finditer(kept[back]))
            if found:
                start, end = found[-1].span()
                kept[back] = kept[back][:start] + kept[back][end:]
                break
    return kept


def _drop_running_headers(lines: list[str], pdf: bool) -> list[str]:
    """A page header: the first line (the title) met again later, or, in a PDF's text, a short line without
    punctuation repeated on many pages (not in Word's text, where a table repeats short cells)."""
    counts = Counter(lines)
    title = lines[0] if lines else None
    kept = []
    for i, line in enumerate(lines):
        repeated = (pdf and counts[line] >= 3 and _width(line) <= 60 and not _SENTENCE_PUNCT.search(line)
                    and not _level(line))
        if (i > 0 and line == title and _width(line) <= 80) or repeated:
            continue
        kept.append(line)
    return kept


def clean_lines(text: str) -> list[str]:
    """The text's lines, stripped, without blank lines, page numbers, footnotes and running headers."""
    lines = [line.strip().replace("\u3000", " ") for line in (text or "").replace("\r", "\n").split("\n")]
    lines = _drop_footnotes([line for line in lines if line and not PAGE_NUMBER_RE.match(line)])
    return _drop_running_headers(lines, looks_like_pdf(lines))


def looks_like_pdf(lines: list[str]) -> bool:
    """Text extracted from a PDF: most lines are about one width (the page's), broken mid-sentence."""
    if len(lines) < 8:
        return False
    widths = Counter(_width(line) for line in lines)
    full = widths.most_common(1)[0][0]
    near = sum(n for w, n in widths.items() if full - 6 <= w <= full + 2)
    return full >= 30 and near >= 0.4 * len(lines)


def _starts_paragraph(line: str) -> bool:
    arrangement = LINE_ARRANGEMENT_RE.match(line) and ARRANGEMENT_WORDS.search(line)
    return bool(_level(line) or ATTACHMENT_RE.match(line) or arrangement or FIRST_LINE_RE.match(line))


# Lines that begin a document's parts: the adoption note "（2023 年 3 月 30 日…通过）".
FIRST_LINE_RE = re.compile(r"^[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: PDF lines joined back; otherwise each line is one (as Word gives them)."""
    lines = clean_lines(text)
    if not looks_like_pdf(lines):
        return lines
    full = Counter(_width(line) for line in lines).most_common(1)[0][0]
    result: list[str] = []
    ended = True
    for line in lines:
        if ended or _starts_paragraph(line):
            result.append(line)
        else:
            result[-1] += line
        # A clearly short line ends its paragraph (unless a bracket is still open, as in the adoption note);
        # so does a heading with its count.
        current = result[-1]
        open_bracket = current.count("（") > current.count("）") and len(current) < 200
        ended = (_width(line) < 0.8 * full and not open_bracket) or bool(COUNT_RE.search(line))
    return result


# --- one text, several plans --------------------------------------------------------------------------------

# A title line names the body or the year: "广州市白云区人大常委会2023年度监督工作计划".
TITLE_LINE_RE = re.compile(
    r"^(?=.*(?:\d{4}年|人大|常委会|常务委员会))[^《》：:，。；、]{2,60}?(?:工作要点|工作计划|立法计划)$"
)
NOTICE_TITLE_RE = re.compile(r"《([^《》]{4,80}?)》")


def _is_plan_title(line: str) -> bool:
    flat = re.sub(r"\s+", "", line)
    return bool(TITLE_LINE_RE.match(flat)) and not _level(flat)


def split_documents(text: str) -> list[str]:
    """The plans one text holds, each starting with its title line.

    A plan starts at its title line ("…2023年度监督工作计划") or, where the title was lost (a PDF whose title
    is a picture), at its adoption note ("（2023 年 3 月 30 日…通过）"). Text before the first plan (the notice
    that issues them) is left out; when the plans have no title lines and the notice names as many plans
    in 《》, those names become their titles, in order.
    """
    lines = [line.strip() for line in (text or "").replace("\r", "\n").split("\n")]
    starts, titles = [], set()
    for i, line in enumerate(lines):
        if _is_plan_title(line):
            if re.sub(r"\s+", "", line) not in titles:  # the same title again is a page header
                starts.append((i, True))
                titles.add(re.sub(r"\s+", "", line))
        elif FIRST_LINE_RE.match(line) and not any(t and 0 < i - s <= 4 for s, t in starts[-1:]):
            starts.append((i, False))
    if not starts:
        return [text]
    notice = "".join(lines[: starts[0][0]])
    documents = []
    for n, (start, titled) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        documents.append(("\n".join(lines[start:end]).strip(), titled))
    named = [re.sub(r"\s+", " ", t).strip() for t in NOTICE_TITLE_RE.findall(notice) if _plan_kind(t)]
    untitled = [i for i, (_, titled) in enumerate(documents) if not titled]
    if untitled and len(named) == len(untitled):
        for i, title in zip(untitled, named):
            documents[i] = (f"{title}\n{documents[i][0]}", True)
    return [document for document, _ in documents]


def _plan_kind(title: str) -> str | None:
    flat = re.sub(r"\s+", "", title)
    return next((kind.value for word, kind in PLAN_KINDS if word in flat), None)


# --- sentences ----------------------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """Sentences ending with 。！？ (kept), not split inside brackets or quotes (unless one was never closed)."""
    result, depth, current = [], 0, ""
    for char in text:
        current += char
        if char in "（(《“":
            depth += 1
        elif char in "）)》”" and depth:
            depth -= 1
        elif char in "。！？" and (depth == 0 or len(current) > 300):
            depth = 0
            result.append(current.strip())
            current = ""
    if current.strip():
        result.append(current.strip())
    return result


def _is_arrangement(sentence: str) -> bool:
    s = sentence.strip()
    starts = ARRANGEMENT_RE.match(s) or (TIME_FIRST_RE.match(s) and len(s) <= TIME_FIRST_MAX)
    return bool(starts and ARRANGEMENT_WORDS.search(s))


def _bare(sentence: str) -> str:
    return sentence.strip().rstrip("。；;").strip()


# --- reading one plan ---------------------------------------------------------------------------------------


def parse_plan_text(text: str, reporting_bodies=None) -> ProposedPlan:
    """One plan's text → ProposedPlan. `reporting_bodies` (ReportingBody rows, or anything with name, aliases
    and kind): when given, reporting bodies are recognised by their names and proposed by name; otherwise the
    names are proposed as written."""
    paras = paragraphs(text)
    plan = ProposedPlan()
    if paras and _is_plan_title(paras[0]):
        plan.title = re.sub(r"\s+", " ", paras[0]).strip()
        paras = paras[1:]
    plan.kind = _plan_kind(plan.title) if plan.title else None
    if m := re.search(r"(\d{4})\s*年", plan.title):
        plan.year = int(m[1])
    if plan.kind is None or plan.year is None:
        _kind_from_preamble(plan, paras)
    for i, para in enumerate(paras):
        if ATTACHMENT_RE.match(para):
            plan.notes.append(f"附件未读入：{para[:60]}")
            paras = paras[:i]
            break
    body = _Reading(plan, reporting_bodies, paras)
    body.read_structure()
    return plan


PREAMBLE_PLAN_RE = re.compile(r"(\d{4})\s*年度?\s*(?:的)?\s*(工作要点|[^，。；、\s]{0,12}?工作计划)")


def _kind_from_preamble(plan: ProposedPlan, paras: list[str]):
    """Without a title: "常委会 2023 年监督工作计划具体安排如下" before the first heading says the kind and year."""
    preamble = "".join(p for p in paras[:6] if not _level(p))
    found = {(int(m[1]), _plan_kind(m[2])) for m in PREAMBLE_PLAN_RE.finditer(re.sub(r"\s+", "", preamble))}
    found = {(year, kind) for year, kind in found if kind}
    if len(found) == 1:
        year, kind = found.pop()
        plan.kind, plan.year = plan.kind or kind, plan.year or year


class _Reading:
    """The state of reading one plan: its paragraphs, the levels used, the sections and items found."""

    def __init__(self, plan: ProposedPlan, reporting_bodies, paras: list[str]):
        self.plan = plan
        self.bodies = list(reporting_bodies) if reporting_bodies is not None else None
        self.paras = paras
        written = Counter(re.findall(r"([区县市州旗省]?(?:人民)?政府)关于", "".join(paras)))
        self.government_as_written = written.most_common(1)[0][0] if written else ""
        self.body_of: dict[int, list[str]] = {}  # id(section) → its unnumbered paragraphs
        self.shared: dict[int, list] = {}  # id(section) → (item index, N, sentence) of "以上 N 项…"
        self.arranged: dict[int, set] = {}  # id(item) → fields its own arrangement set

    def read_structure(self):
        numbered = [(i, _level(p)) for i, p in enumerate(self.paras)]
        levels = sorted({lv[0] for _, lv in numbered if lv})
        if not levels:
            self.plan.notes.append("没有读到编号的标题或条目（一、（一）1. 等）。")
            return
        # One level of numbering: items, unless its headings declare counts ("（共 N 项）": sections).
        counted = any(lv and lv[0] == levels[0] and COUNT_RE.search(self.paras[i]) for i, lv in numbered)
        section_level = levels[0] if len(levels) > 1 or counted else None
        item_level = levels[1] if len(levels) > 1 else (None if counted else levels[0])
        first = next(i for i, lv in numbered if lv)
        section = None if section_level is not None else self._section("", "")
        current: list[str] | None = None
        number = ""
        for i in range(first, len(self.paras)):
            para, lv = self.paras[i], numbered[i][1]
            if lv and lv[0] == section_level:
                self._close(section, number, current)
                current = None
                section = self._section(para, lv[1])
            elif lv and lv[0] == item_level:
                self._close(section, number, current)
                number, current = lv[1], [para[len(lv[1]):].strip()]
            elif current is not None:
                current.append(para)
            elif section is not None:
                self.body_of[id(section)].append(para)
        self._close(section, number, current)
        for section in self.plan.sections:
            if not section.items and self.body_of[id(section)]:
                self._close(section, "", self.body_of[id(section)], from_heading=True)
            self._share(section)

    def _section(self, para: str, number: str) -> ProposedSection:
        heading = para[len(number):].strip()
        count = None
        if m := COUNT_RE.search(heading):
            count = chinese_int(m[1])
            heading = heading[: m.start()].strip()
        section = ProposedSection(heading=heading, number=number, declared_count=count)
        self.body_of[id(section)], self.shared[id(section)] = [], []
        self.plan.sections.append(section)
        return section

    def _close(self, section, number: str, block: list[str] | None, from_heading=False):
        if section is None or not block or not "".join(block).strip():
            return
        section.items.append(_read_item(number, block, section, self, from_heading))

    def _share(self, section):
        """Apply each "以上 N 项…" sentence to the last N items up to it that do not say the same themselves."""
        for index, count, sentence in self.shared[id(section)]:
            for item in section.items[max(0, index + 1 - count): index + 1]:
                _apply_arrangement(item, sentence, self.arranged[id(item)], only_missing=True)


def _read_item(number: str, block: list[str], section, reading: _Reading, from_heading: bool) -> ProposedItem:
    """One item from its paragraphs (the first without its number); a paragraph's end also ends a sentence."""
    parts = [sentence for para in block for sentence in sentences(para)]
    text = "\n".join(para.strip() for para in block if para.strip())
    if from_heading:
        first = _bare(parts[0]) if parts else ""
        titled = bool(TITLE_START_RE.match(first)) and len(first) <= TITLE_MAX and not _is_arrangement(first)
        title = first if titled else section.heading
        rest = parts[1:] if titled else parts
        act = title if titled else f"{title}。{first}"
    else:
        title, rest = _title_of(parts)
        act = title
    item = ProposedItem(number=number, title=title, text=text)
    item.sources["title"] = title
    arranged = reading.arranged[id(item)] = set()
    focus_parts = []
    for sentence in rest:
        if not _is_arrangement(sentence):
            focus_parts.append(sentence)
            continue
        if m := SHARED_RE.match(sentence):
            reading.shared[id(section)].append((len(section.items), chinese_int(m[1]) or 1, sentence))
        else:
            _apply_arrangement(item, sentence, arranged)
    _focus(item, focus_parts)
    if "leads" not in arranged:
        _responsibility_in_text(item, focus_parts)
    if "timing" not in arranged:
        # No time said: the item runs all year (an annual plan's standing work); a shared "以上 N 项" may still set one.
        item.timing = {**item.timing, "timing_kind": TimingKind.YEAR.value}
        _timing_note(item, focus_parts)
    _forms(item, section, reading.plan.kind, act)
    _reporting_bodies(item, reading)
    item.mentions = mentions(item.focus)
    return item


def _title_of(parts: list[str]) -> tuple[str, list[str]]:
    """The first sentence, unless an arrangement was run into it ("审议《…》拟安排在…")."""
    if not parts:
        return "", []
    first = parts[0]
    m = re.search(r"(?<=[》）\u4e00-\u9fff])(?=拟安排|拟于|计划于|本议题)", first)
    if m and _is_arrangement(first[m.start():]):
        return _bare(first[: m.start()]), [first[m.start():], *parts[1:]]
    return _bare(first), parts[1:]


def _focus(item: ProposedItem, parts: list[str]):
    text = "".join(parts).strip()
    if m := re.search(r"重点(?:是|为)\s*[:：]", text):
        text = text[m.end():].strip()
    item.focus = text
    if text:
        item.sources["focus"] = text


# --- arrangements: timing, meetings, committees -----------------------------------------------------------


def _apply_arrangement(item: ProposedItem, sentence: str, arranged: set, only_missing=False):
    """Timing, meetings and committees from one arrangement sentence; `arranged`: the fields already set by the
    item's own sentences, which a shared sentence ("以上两项…", only_missing) leaves as they are."""
    sentence = _bare(sentence)
    if not (only_missing and "timing" in arranged):
        timing = timing_in(sentence)
        if timing:
            item.timing = timing
            item.sources["timing"] = sentence
            arranged.add("timing")
    standing, chairpersons = bool(STANDING_MEETING_RE.search(sentence)), bool(CHAIRPERSONS_MEETING_RE.search(sentence))
    if (standing or chairpersons) and not (only_missing and "meetings" in arranged):
        item.to_standing_meeting, item.to_chairpersons_meeting = standing, chairpersons
        item.sources["meetings"] = sentence
        arranged.add("meetings")
    if not (only_missing and "leads" in arranged) and _responsibility(item, sentence):
        arranged.add("leads")


def _month(text: str) -> int | None:
    n = chinese_int(text)
    return n if n and 1 <= n <= 12 else None


def timing_in(sentence: str) -> dict | None:
    """The timing a sentence states: {"timing_kind", "start_month", "end_month", "quarter", "timing_note"}."""
    flat = re.sub(r"\s+", "", sentence)
    for kind, pattern in TIMING_PATTERNS:
        m = re.search(pattern, flat)
        if not m:
            continue
        timing = {"timing_kind": kind, "start_month": None, "end_month": None, "quarter": None, "timing_note": ""}
        if kind == TimingKind.UNDETERMINED:
            clauses = re.split(r"[，,。；]", sentence)
            clause = next((c for c in clauses if re.search(pattern, re.sub(r"\s+", "", c))), "")
            timing["timing_note"] = _bare(clause or sentence)[:200]
        elif kind == TimingKind.RANGE:
            start, end = _month(m[1]), _month(m[2])
            if not (start and end and start < end):
                continue
            timing.update(start_month=start, end_month=end)
        elif kind == TimingKind.DEADLINE:
            end = 12 if m[1] in ("年底", "年末") else _month(m[1])
            if not end:
                continue
            timing["end_month"] = end
        elif kind == TimingKind.QUARTER:
            timing["quarter"] = chinese_int(m[1])
        elif kind in ("first_half", "second_half"):
            first = kind == "first_half"
            timing.update(timing_kind=TimingKind.RANGE, start_month=1 if first else 7, end_month=6 if first else 12)
        elif kind == TimingKind.MONTH:
            month = _month(m[1])
            if not month:
                continue
            timing["start_month"] = month
        timing["timing_kind"] = str(getattr(timing["timing_kind"], "value", timing["timing_kind"]))
        return timing
    return None


def _names(written: str) -> list[str]:
    return [n.strip() for n in NAME_SPLIT_RE.split(written) if n.strip()]


def _responsibility(item: ProposedItem, sentence: str) -> bool:
    """Leads and helpers from "由 X 负责 / 牵头，Y 配合 / 各工委分工落实"; True when the sentence names any."""
    m = LEAD_RE.search(sentence)
    if not m:
        return False
    written = re.sub(r"^(?:有关准备工作|准备工作)", "", m[1]).strip()
    if ALL_UNITS_RE.match(written):
        item.all_committees_lead = True
        item.leads = [written]
    elif SOME_UNITS_RE.match(written):
        item.all_committees_help = True  # "由相关工委负责": no unit named, every committee shares it
        item.leads = []
    else:
        item.leads = _names(written)
    item.sources["leads"] = sentence
    rest = sentence[m.end() - 2:]
    if h := HELP_RE.match(rest):
        helpers = h[1].strip()
        if ALL_UNITS_RE.match(helpers) or SOME_UNITS_RE.match(helpers):
            item.all_committees_help = True
        else:
            item.helpers = _names(helpers)
        item.sources["helpers"] = sentence
    elif item.all_committees_help:
        item.sources["helpers"] = sentence
    return True


def _responsibility_in_text(item: ProposedItem, parts: list[str]):
    """A unit named at the end of the item's own text ("…，由相关工委负责。") when no arrangement named one."""
    if not parts:
        return
    last = _bare(parts[-1])
    clauses = re.split(r"[，,]", last)
    if LEAD_RE.search(clauses[-1]) and _responsibility(item, clauses[-1]):
        item.sources["leads"] = last
        if item.all_committees_help:
            item.sources["helpers"] = last


def _timing_note(item: ProposedItem, parts: list[str]):
    """A time said in the text about part of the work ("…集中视察拟安排在第四季度") is kept as the timing's note."""
    if item.sources.get("timing"):
        return
    for sentence in parts:
        if re.search(r"拟安排在|拟于", sentence) and timing_in(sentence):
            item.timing["timing_note"] = _bare(sentence)[-200:]
            return


# --- forms and reporting bodies ------------------------------------------------------------------------------


def forms_in(title: str) -> list[str]:
    flat = re.sub(r"\s+", "", title)
    return [str(form.value) for pattern, form in ACT_FORMS if re.search(pattern, flat)]


def _forms(item: ProposedItem, section, kind: str | None, act: str):
    """The main form (ACT_FORMS on the title, else THEME_FORMS, else the plan's default), then the other forms
    the act states (EXTRA_FORMS, and the report heard with an inquiry or an evaluation)."""
    found = forms_in(item.title)[:1]
    source = item.title
    if not found:
        for text in (item.title, section.heading):
            theme = next((str(form.value) for pattern, form in THEME_FORMS if re.search(pattern, text)), None)
            if theme:
                found, source = [theme], text
                break
    if not found:
        found, source = [str(DEFAULT_FORMS.get(kind, F.OTHER).value)], ""
    flat = re.sub(r"\s+", "", act)
    for pattern, form in EXTRA_FORMS:
        if re.search(pattern, flat) and form.value not in found:
            found.append(str(form.value))
    heard = any(HEARD_REPORT_RE.match(part) for part in flat.split("。"))
    if found[0] in (F.INQUIRY, F.EVALUATION) and heard and F.SPECIAL_REPORT.value not in found:
        found.append(str(F.SPECIAL_REPORT.value))
    item.forms = found
    if source:
        item.sources["forms"] = act if len(found) > 1 else source


def _reporter_span(title: str) -> str | None:
    """The reporter of "听取和审议 X 关于…": X (None when the title has no "X 关于")."""
    flat = re.sub(r"\s+", "", title)
    m = re.match(r"^(?:专题)?(?:结合)?(?:听取和审议|听取|审议|审查和批准|审查批准|审查)([^《》，。]{1,30}?)关于", flat)
    return m[1] if m else None


def _find_bodies(text: str, reading: _Reading) -> list[str]:
    """Reporting bodies a text names: by the body's records when given, else as written."""
    flat = re.sub(r"\s+", "", text)
    # "区政府工作部门（A、B、C）": the group's name is not a body of its own; "…政府工作部门" alone names none.
    flat = re.sub(r"[^、，。（）《》]{0,12}（([^（）]*、[^（）]*)）", r"（\1）", flat)
    flat = re.sub(r"[^、，。（）《》]{0,6}政府(?:工作|各)?部门", "部门", flat)
    if reading.bodies is not None:
        return [b.name for b in reporting_bodies_in(flat, reading.bodies)]
    return _bodies_as_written(flat)


BODY_WRITTEN_RE = re.compile(
    r"([区县市州省]?[\u4e00-\u9fff]{0,10}?(?:人民政府|政府办|政府|法院|检察院|监察委员会|局|办))(?=关于|[、，。；）\d]|$)"
)


def _bodies_as_written(flat: str) -> list[str]:
    found = []
    for chunk in re.split(r"[、，。；（）]|关于", flat):
        m = BODY_WRITTEN_RE.match(_VERB_PREFIX.sub("", chunk))
        if m and not OWN_ORGAN_RE.search(m[1]) and m[1] not in found and len(m[1]) >= 2:
            found.append(m[1])
    return found


def _reporting_bodies(item: ProposedItem, reading: _Reading):
    form = item.forms[0] if item.forms else None
    if form not in REPORTED_FORMS:
        return
    title = re.sub(r"\s+", "", item.title)
    span = _reporter_span(title)
    if span is not None:
        if OWN_ORGAN_RE.search(span) and not _find_bodies(span, reading):
            return  # the body's own committee reports
        found, source = _find_bodies(span, reading), item.title
    else:
        found, source = _find_bodies(title, reading), item.title
        if not found and ACT_VERB_RE.match(title) and not OWN_ORGAN_RE.search(title):
            # Plans, budgets and drafts come from the government unless the title says who reports.
            government = _government(reading)
            found, source = ([government] if government else []), f"{item.title}（未写明报告单位，推定为政府提请）"
    if not found and form in (F.EVALUATION, F.FOLLOW_UP) and item.focus:
        found, source = _find_bodies(item.focus, reading), item.focus
    if found:
        item.reporting_bodies = found
        item.sources["reporting_bodies"] = source


def _government(reading: _Reading) -> str:
    if reading.bodies is not None:
        return next((b.name for b in reading.bodies if getattr(b, "kind", None) == "government"), "")
    return reading.government_as_written


# --- matters named in an item's text, and linking ------------------------------------------------------------

# "听取和审议 X 关于 A、B 等报告", "围绕 A、B 分别开展专题调研", "对 A 进行执法检查", "审议《…》".
_REPORT_ACT = re.compile(r"(?:专题)?(听取和审议|听取|审议|审查和批准)(.+)")
_RESEARCH_ACT = re.compile(r"围绕(.{2,80}?)(?:分别)?开展专题调研")
_INSPECTION_ACT = re.compile(r"对(.{2,80}?)(?:进行|开展)执法检查")
_SUFFIX_ACT = re.compile(r"[，,]\s*并(?:分别|逐项|逐个)?开展(?:专题询问|满意度测评)$")


def _split_top(text: str, separators=("、",)) -> list[str]:
    """Split at separators outside brackets and quotes."""
    parts, depth, current, i = [], 0, "", 0
    while i < len(text):
        char = text[i]
        if char in "（(《“":
            depth += 1
        elif char in "）)》”" and depth:
            depth -= 1
        sep = next((s for s in separators if depth == 0 and text.startswith(s, i)), None)
        if sep:
            parts.append(current)
            current, i = "", i + len(sep)
            continue
        current += char
        i += 1
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def mentions(text: str) -> list[dict]:
    """The matters an item's text names, each {"wording", "title" (a title built from it), "previous" (the title
    of the matter named just before it in the same sentence, for "A 的报告以及 B 的报告" ellipses), "context"}."""
    found = []
    for sentence in sentences(text or ""):
        flat = _bare(re.sub(r"\s+", "", sentence))
        clauses = re.split(r"[，,](?=并?(?:听取和审议|听取|审议|审查和批准))", flat)
        previous = ""
        for clause in clauses:
            for mention in _clause_mentions(clause.lstrip("并")):
                mention["previous"], mention["context"] = previous, flat
                previous = mention["title"]
                found.append(mention)
    return found


def _clause_mentions(clause: str) -> list[dict]:
    if m := _RESEARCH_ACT.search(clause):
        return [{"wording": o, "title": f"围绕{o}开展专题调研"} for o in _split_top(m[1])]
    if m := _INSPECTION_ACT.search(clause):
        return [{"wording": m[1], "title": f"检查{m[1]}实施情况"}]
    m = _REPORT_ACT.match(clause)
    if not m:
        return []
    verb, rest = m[1], m[2]
    suffix = _SUFFIX_ACT.search(rest)
    tail = suffix[0] if suffix else ""
    rest = rest[: suffix.start()] if suffix else rest
    reporter = ""
    if (r := re.match(r"([^《》，。、]{1,30}?)关于", rest)) and "报告" in rest:
        reporter, rest = r[1], rest[r.end():]
    objects = _split_top(re.sub(r"等(?:的?报告)?$", "", rest), ("、", "以及", "，以及"))
    result = []
    for obj in objects:
        own = re.match(r"([^《》，。、]{1,30}?)关于(.+)", obj)
        who, what = (own[1], own[2]) if own else (reporter, obj)
        title = f"{verb}{who}关于{what}" if who else f"{verb}{what}"
        if "报告" in m[2] and not re.search(r"(?:报告|方案|草案》?)$", what):
            title += "的报告"
        result.append({"wording": f"{verb}{who + '关于' if who else ''}{obj}{tail}", "title": title + tail})
    return result


# Words that never tell two matters apart ("我区", "情况", "推进"…), and quantities ("十件", "23 个").
FILLER_RE = re.compile(
    r"(?:中华人民共和国|区本级|进一步|我区|全区|本区|区级|本级|年度|情况|工作|有关|相关|加快|推进|推动|开展|实施|"
    r"[\d一二三四五六七八九十百两]+(?:件|项|个)|度|的|区)+"
)
_PLACE_RE = re.compile(r"[\u4e00-\u9fff]{1,4}(?:省|市|区|县)")
_VERB_PREFIX = re.compile(r"^(?:专题)?(?:结合)?(?:听取和审议|听取|审议|审查和批准|审查批准|审查|检查|围绕|对)")
_SUFFIXES = (
    r"[，,]?并?(?:分别|逐项|逐个)?(?:开展|进行)(?:专题询问|满意度测评)$",
    r"(?:分别)?(?:开展|进行)(?:专题调研|执法检查|满意度测评)$",
    r"(?:情况)?的?(?:综合|专项)?(?:工作)?报告$",
    r"(?:实施)?情况$",
    r"等$",
    r"的$",
)


def matter_core(title: str) -> str:
    """What a title is about, without the act, the reporter and the closing words, and without punctuation:
    "听取和审议区政府关于“好医疗”工程推进情况的报告" → "好医疗工程推进"."""
    t = re.sub(r"\s+", "", title or "").rstrip("。；;")
    t = re.split(r"[，,](?=审查和批准|并听取|并审议)", t)[0]
    t = _VERB_PREFIX.sub("", t)
    if (m := re.match(r"([^《》，。、]{1,30}?)关于", t)) and "《" not in m[1]:
        t = t[m.end():]
    t = re.sub(r"^[区县市州旗省]?(?:人民)?政府(?!工作|部门)", "", t)
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            stripped = re.sub(suffix, "", t)
            if stripped != t and stripped:
                t, changed = stripped, True
    return re.sub(r"[“”\"'‘’《》〈〉（）()，,、。；;：:·\-—–]", "", t)


def _book_titles(text: str) -> set[str]:
    return {re.sub(r"[\s“”]", "", b) for b in re.findall(r"《([^《》]+)》", text or "")}


def _ignorable(segment: str, longer: str, start: int, other_has_year: bool, omissible: set[str]) -> bool:
    """A difference between two cores that does not change the matter."""
    if not segment or _omitted_title(segment, omissible):
        return True
    if FILLER_RE.fullmatch(segment):
        return True
    if not other_has_year and re.fullmatch(r"\d{4}年?度?", segment):
        return True  # the year left out of a mention: the plans are of one year
    if _PLACE_RE.fullmatch(segment) and start == 0:
        return True  # "白云区国民经济…" = "国民经济…"
    after = longer[start + len(segment): start + len(segment) + 1]
    if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", segment) and after and after in "省市":
        return True  # "广东省…条例" = "省…条例"
    return False


def _omitted_title(segment: str, omissible: set[str]) -> bool:
    """A document's title left out because the sentence names it already ("落实《关于…的专题议案》实施方案" is
    "落实实施方案" after "审议…《关于…的专题议案》的实施方案")."""
    return any(segment == re.sub(r"[^\w]", "", b) for b in omissible)


def same_core(a: str, b: str, omissible: set[str] = frozenset()) -> bool:
    """Two cores name one matter: equal but for filler, a place, a year left out, or a document title that
    `omissible` allows to be left out (one the mention's sentence names)."""
    if not a or not b:
        return False
    if a == b:
        return len(a) >= 4
    if _omitted_title(a, omissible) or _omitted_title(b, omissible):
        return False  # a document's title may be left out of a matter, not be all of it
    years_a, years_b = set(re.findall(r"\d{4}", a)), set(re.findall(r"\d{4}", b))
    if years_a and years_b and years_a != years_b:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    common = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            common += len(FILLER_RE.sub("", a[i1:i2]))
            continue
        common += len(a[i1:i2]) if _omitted_title(a[i1:i2], omissible) else 0
        common += len(b[j1:j2]) if _omitted_title(b[j1:j2], omissible) else 0
        if not _ignorable(a[i1:i2], a, i1, bool(years_b), omissible):
            return False
        if not _ignorable(b[j1:j2], b, j1, bool(years_a), omissible):
            return False
    return common >= 5


def same_matter(title_a: str, title_b: str) -> bool:
    """Whether two titles of the same year name the same matter ("听取和审议区政府关于 2022 年度预算执行和其他财政
    收支的审计工作报告" and "…2022 年区级预算执行…"). Strict: any word that is not filler tells them apart."""
    return same_core(matter_core(title_a), matter_core(title_b))


def _mention_matches(mention: dict, candidates) -> list:
    omissible = _book_titles(mention.get("context", ""))
    core = matter_core(mention["title"])
    found = [c for c in candidates if same_core(core, matter_core(c.title), omissible)]
    previous = matter_core(mention.get("previous") or "")
    if found or not previous:
        return found
    # "A 推进情况的报告以及完成情况的报告": the second borrows the start of the first.
    for cut in range(len(previous), 1, -1):
        joined = previous[:cut] + core
        found = [c for c in candidates if same_core(joined, matter_core(c.title), omissible)]
        if found:
            return found
    return []


def find_links(item: ProposedItem, candidates) -> dict:
    """The existing matters an item is (same title) or names in its text. `candidates`: objects with a `title`
    (PlanItem rows of the year, or items read from other plans). {"same": candidate or None,
    "mentioned": [(mention wording, candidate), …]} — each candidate at most once."""
    candidates = list(candidates)
    flat = re.sub(r"\s+", "", item.title)
    main = (forms_in(item.title) or [None])[0]
    # Of several matching matters (a report and its inquiry), the one written alike, else of the same form.
    same = min((c for c in candidates if same_matter(item.title, c.title)), default=None,
               key=lambda c: (re.sub(r"\s+", "", c.title) != flat, (forms_in(c.title) or [None])[0] != main))
    mentioned, seen = [], {id(same)} if same is not None else set()
    for mention in getattr(item, "mentions", None) or []:
        for candidate in _mention_matches(mention, candidates):
            if id(candidate) not in seen:
                seen.add(id(candidate))
                mentioned.append((mention["wording"], candidate))
    return {"same": same, "mentioned": mentioned}


# --- Word files ---------------------------------------------------------------------------------------------


def docx_text(data: bytes) -> str:
    """A .docx file's text: its paragraphs in order, and each table's cells (row by row), one line each."""
    document = Document(io.BytesIO(data))
    lines = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                seen = []
                for cell in row.cells:
                    if any(cell._tc is s for s in seen):  # a merged cell repeats in each column it spans
                        continue
                    seen.append(cell._tc)
                    lines += [p.text for p in cell.paragraphs]
    return "\n".join(line for line in lines if line.strip())
