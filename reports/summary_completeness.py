"""Whether the year before is recorded in full, count by count, before the summary compares with it.

A body's first year in the system is usually recorded in part: the meetings held before it started, the
year's plan never entered, no suggestions. Comparing such a year ("满意度测评增加 30 项") says more about the
records than about the work. So each count of the earlier year is checked against what the data itself
shows, and a count that fails a check is named with its reasons and not compared:

1. Meetings (常委会会议 for the counts drawn from standing-committee meetings, 主任会议 for chairpersons'
   meetings). Meetings are numbered within a term, so the numbering shows what is missing: a number of the
   term that is not recorded, between two recorded meetings (or the term's start) whose years enclose the
   year, may have been that year's ("第十七届常委会会议第一至六次、第十一次未登记"); numbers the term
   declares held before the body used the system (Term.standing_meetings_before) are said so. A meeting of
   the year still 计划 or 已定日期 was never recorded as held. A year with no meeting of the kind is
   incomplete unless a later meeting of the same term proves by its number that none was held.
2. The year's plan. Counts of supervision work are checked against what the year's adopted plans
   promised: with no adopted plan there is nothing to check them by ("没有已通过的年度计划"), and a count
   below half of what was planned is taken as unrecorded rather than undone ("计划 9 项，只登记 2 项").
3. Suggestions. Those raised at a session need the year's congress session to be recorded; any count of
   suggestions needs the year to have suggestions at all, and no fewer than a session's announced count
   (CongressSession.suggestions_received) when it is given.

Everything is read in a fixed number of queries (terms, meetings, sessions, suggestions), whatever the
size of the year.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count

from core.models import Term
from core.numerals import chinese_number
from deputies.models import CongressSession, Suggestion
from meetings.models import Meeting, MeetingKind
from plans.models import AnnualPlan
from reports import year_counts

# The counts read from the meetings of each kind.
FROM_MEETINGS = {
    MeetingKind.STANDING: ("standing_meetings", "reports", "budget_reports", "inquiries", "evaluations",
                           "major_matters", "resolutions", "personnel"),
    MeetingKind.CHAIRPERSONS: ("chairpersons_meetings",),
}
# The counts of supervision work a plan promises (reports/year_counts.PLANNED_FORMS), checked against it.
PLANNED_KEYS = tuple(year_counts.PLANNED_FORMS)
KIND_WORD = {MeetingKind.STANDING: "常委会会议", MeetingKind.CHAIRPERSONS: "主任会议"}
BEFORE_FIELD = {MeetingKind.STANDING: "standing_meetings_before",
                MeetingKind.CHAIRPERSONS: "chairpersons_meetings_before"}

DEFINITION = (
    "上年某项数字登记不完整的，只列出不作比较，并说明原因：会议按届内次序编号，缺号可能落在上年的"
    "（或上年仍有会议未登记召开情况）视为上年会议登记不完整；上年没有已通过的年度计划，或登记的监督工作"
    "不足计划数的一半的，相应的监督工作数字视为不完整；上年未登记人民代表大会会议或代表建议的，或登记的建议"
    "少于大会公布的收到件数的，代表建议数字视为不完整。"
)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 6, 11] → 第一至三次、第六次、第十一次."""
    numbers = sorted(numbers)
    parts, start = [], None
    for i, n in enumerate(numbers):
        start = n if start is None else start
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(f"第{chinese_number(start)}次" if start == n
                         else f"第{chinese_number(start)}至{chinese_number(n)}次")
            start = None
    return "、".join(parts)


def _meeting_reasons(year: int, terms, meetings) -> dict[str, list[str]]:
    """Meeting kind → why the year's meetings of that kind are not all recorded ([] when they are)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    reasons = {}
    for kind in FROM_MEETINGS:
        found, proven, unsettled = [], False, 0
        in_year = 0
        for term in terms:
            if term.start > last or (term.end is not None and term.end < first):
                continue
            numbers = {}  # number → year
            for number, meeting_year, status, term_id, meeting_kind in meetings:
                if term_id == term.pk and meeting_kind == kind:
                    numbers[number] = meeting_year
                    if meeting_year == year:
                        in_year += 1
                        unsettled += status in (Meeting.Status.PLANNED, Meeting.Status.SCHEDULED)
            if not numbers:
                continue
            proven = proven or any(y > year for y in numbers.values())
            before = getattr(term, BEFORE_FIELD[kind])
            missing_before, missing = [], []
            recorded = sorted(numbers)
            for n in range(1, recorded[-1]):
                if n in numbers:
                    continue
                earlier = [numbers[m] for m in recorded if m < n]
                lower = earlier[-1] if earlier else term.start.year
                upper = next(numbers[m] for m in recorded if m > n)
                if lower <= year <= upper:
                    (missing_before if n <= before else missing).append(n)
            if missing_before:
                found.append(f"{term}{KIND_WORD[kind]}{_ranges(missing_before)}在使用本系统前召开，未登记")
            if missing:
                found.append(f"{term}{KIND_WORD[kind]}{_ranges(missing)}未登记")
        if unsettled:
            found.append(f"{unsettled} 次{KIND_WORD[kind]}未登记召开情况（状态仍为计划或已定日期）")
        if not in_year and not found and not proven:
            found.append(f"未登记 {year} 年的{KIND_WORD[kind]}")
        reasons[kind] = found
    return reasons


def reasons(body, year: int, values: dict[str, int], planned: dict[str, int]) -> dict[str, list[str]]:
    """Count key → why the year's figure is incomplete (an empty list: recorded in full, fit to compare)."""
    out: dict[str, list[str]] = defaultdict(list)
    terms = list(Term.objects.filter(body=body).order_by("number"))
    # Cancelled meetings too: a cancelled meeting keeps its number, recorded though not held.
    meetings = list(Meeting.objects.filter(body=body, kind__in=list(FROM_MEETINGS))
                    .values_list("number", "year", "status", "term_id", "kind"))
    for kind, why in _meeting_reasons(year, terms, meetings).items():
        for key in FROM_MEETINGS[kind]:
            out[key] += why

    has_plan = AnnualPlan.objects.filter(body=body, year=year, status=AnnualPlan.Status.ADOPTED).exists()
    for key in PLANNED_KEYS:
        count = year_counts.BY_KEY[key]
        if not has_plan:
            out[key].append(f"没有 {year} 年已通过的年度计划，无从核对")
        elif planned.get(key) and values[key] * 2 < planned[key]:
            out[key].append(f"计划{count.label} {planned[key]} {count.unit}，只登记 {values[key]} {count.unit}")

    sessions = list(CongressSession.objects.filter(body=body, start_on__year=year)
                    .annotate(recorded=Count("suggestions")).order_by("start_on"))
    has_suggestions = Suggestion.objects.filter(body=body, year=year).exists()
    if not sessions:
        out["suggestions_at_session"].append(f"未登记 {year} 年的人民代表大会会议")
    for session in sessions:
        declared = session.suggestions_received
        if declared and session.recorded < declared:
            why = f"{session.name}收到代表建议 {declared} 件，只登记 {session.recorded} 件"
            out["suggestions_at_session"].append(why)
            out["suggestions_between"].append(why)  # the year's suggestions as a whole are entered in part
    if not has_suggestions:
        for key in ("suggestions_at_session", "suggestions_between"):
            out[key].append(f"未登记 {year} 年的代表建议")
    return {c.key: list(dict.fromkeys(out.get(c.key, []))) for c in year_counts.COUNTS}


def groups(year: int, why: dict[str, list[str]]) -> list[dict]:
    """The incomplete counts grouped by the same reasons, in the order of the counts: for the sentences
    "2022 年“常委会会议”“听取和审议报告”数据不完整（…），不作比较。"."""
    grouped: dict[tuple, list] = {}
    for count in year_counts.COUNTS:
        reasons_of = tuple(why.get(count.key) or ())
        if reasons_of:
            grouped.setdefault(reasons_of, []).append(count)
    return [
        {"labels": [c.label for c in counts], "keys": [c.key for c in counts], "reasons": list(reasons_of),
         "text": f"{year} 年" + "".join(f"“{c.label}”" for c in counts)
                 + f"数据不完整（{'；'.join(reasons_of)}），不作比较。"}
        for reasons_of, counts in grouped.items()
    ]
