"""Topics of a session's (or a year's) suggestions (代表建议反映集中问题的梳理), for next year's plans.

Scope
    As the figures page (deputies/figures/counts.py): the suggestions and motions raised at the chosen session
    (?session=<id>) or in the chosen year (?year=2023), accepted (not drafts, awaiting co-signers or review, or
    returned), and visible to the user (a committee member: those their committee supervises).

Topics (主题): the office's category, refined by the titles' words
    1. Suggestions are grouped by their category (分类) as the office entered it; those without one are 未分类.
    2. Within a category of at least MIN_TO_SPLIT suggestions, each title is cut into pieces at punctuation, at
       的/和/与/及, after place names (街道, 镇) and at the routine words of suggestion titles (STOP_WORDS: 关于,
       建议, 加强, 推进, 服务, 建设…); every run of 2 to 12 characters of a piece is a candidate keyword.
    3. The keyword shared by the most titles of the category (at least MIN_SHARED, but not by all of those left:
       such a word splits nothing off), the longest on a tie (so the whole phrase titles share, not a piece
       of it), makes a topic of the suggestions whose title
       contains it; those are set aside and the next keyword is taken from the rest, up to MAX_KEYWORDS topics a
       category. What is left is the category's 其他 topic.
    So a topic is "category · keyword": every title in it contains the keyword and none of the category's
    earlier keywords. The suggestion list selects exactly that (category, title_has, title_lacks), so each
    number of the page opens the very rows it counts.

Numbers of a topic (and of the whole scope)
    件数; by the current lead unit (主办单位); by the latest reply's class A–D; by the deputy's latest feedback
    (满意 / 基本满意 / 不满意); 往年提过: suggestions whose exact title was raised (and accepted) in an earlier
    year of the body (deputies.filtersets.repeated_before), a stand-in for the threads of repeated suggestions.

Order
    Topics by 件数, then 不满意, descending. Within a topic the repeated ones first, then by the deputy's
    feedback: 不满意, 基本满意, 满意, none yet; then by number.

Every figure comes from one query over the scope's rows (their pk, title, category, lead unit, class, feedback,
number and the 往年提过 subquery), one for the units' names: the page's query count does not grow with rows.
"""

import re
from collections import Counter, defaultdict

from core.models import ReportingBody
from deputies.figures.counts import ScopeError, resolve_scope, scope_query, scope_rows  # noqa: F401
from deputies.filtersets import NOT_ACCEPTED, repeated_before
from deputies.models.suggestions import FeedbackResult, ReplyClass

MIN_TO_SPLIT = 4  # a smaller category is one topic
MIN_SHARED = 2  # a keyword makes a topic when at least this many titles share it
MAX_KEYWORDS = 6  # topics cut out of one category, besides its 其他
MIN_LENGTH, MAX_LENGTH = 2, 12
UNCATEGORIZED = "未分类"
OTHER = "其他"
# The routine words of suggestion titles: cut out, so they neither make a keyword nor join two words into one.
STOP_WORDS = (
    "关于", "的建议", "的议案", "建议", "议案", "进一步", "切实", "加强", "加快", "加大", "推进", "推动", "促进",
    "提升", "提高", "完善", "优化", "改善", "支持", "做好", "落实", "解决", "增加", "增设", "规范", "强化",
    "工作", "问题", "力度", "水平", "质量", "有关", "相关", "我区", "全区", "我市", "全市", "高质量", "发展",
    "服务", "建设", "管理", "能力", "机制", "体系",
)
# Place names end in 街道 or 镇: the title is cut there too, so a town's name never joins the words after it.
_PIECE_BREAK = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+|[的和与及]|街道|镇")
_STOP = re.compile("|".join(sorted(map(re.escape, STOP_WORDS), key=len, reverse=True)))

CLASSES = [c.value for c in ReplyClass]
FEEDBACKS = [FeedbackResult.SATISFIED.value, FeedbackResult.BASIC.value, FeedbackResult.UNSATISFIED.value]
FEEDBACK_LABELS = dict(FeedbackResult.choices)
# Within a topic: 不满意 first, then 基本满意, 满意, and those without feedback yet.
FEEDBACK_RANK = {FeedbackResult.UNSATISFIED.value: 0, FeedbackResult.BASIC.value: 1,
                 FeedbackResult.SATISFIED.value: 2, "": 3}

NOTES = [
    "统计范围：所选会议（或年度）提出、已审查立案的建议和议案；委员会成员只统计本委督办（含重点督办）的建议。",
    "主题：先按办公室登记的分类归组；同一分类 4 件以上的，再按标题用词细分：去掉“关于”“建议”“加强”“推进”等套话和街道、镇名，"
    "取标题中 2 至 12 个字的词，由最多件数（至少 2 件，但不是剩余各件都有）共有的词起依次归组（同样多时取较长的词），"
    "每类至多 6 个主题，其余归入该分类的“其他”。",
    "承办单位按现主办单位计；答复类别按最近一次答复计；代表反馈按最近一次反馈计。",
    "往年提过：本常委会往年有标题完全相同的建议已立案（连续多年提出的线索，待建议串联功能完善后以其为准）。",
    "同一主题内，往年提过的排在前面，其次按代表反馈不满意、基本满意、满意、尚未反馈排列。",
]


def pieces(title: str) -> list[str]:
    """The title cut at punctuation, 的和与及 and the routine words: the runs keywords are taken from."""
    return [p for p in _PIECE_BREAK.split(_STOP.sub("|", title or "")) if len(p) >= MIN_LENGTH]


def candidates(title: str) -> set[str]:
    found = set()
    for piece in pieces(title):
        for size in range(MIN_LENGTH, min(MAX_LENGTH, len(piece)) + 1):
            for start in range(len(piece) - size + 1):
                found.add(piece[start:start + size])
    return found


def contains(title: str, word: str) -> bool:
    """As the list's title_has / title_lacks filters read it (icontains)."""
    return word.lower() in (title or "").lower()


def split_category(rows: list[dict]) -> list[tuple[str, list[str], list[dict]]]:
    """[(keyword or "", the earlier keywords, rows)]: the category's topics in the order they were cut out,
    its rest (keyword "") last. A small category is one topic."""
    if len(rows) < MIN_TO_SPLIT:
        return [("", [], rows)]
    left, topics, taken = list(rows), [], []
    words = {r["pk"]: candidates(r["title"]) for r in rows}
    while left and len(taken) < MAX_KEYWORDS:
        # A word every title left shares splits nothing off (卫生 in 医疗卫生): the next one does.
        support = Counter(w for r in left for w in words[r["pk"]])
        splitting = [kv for kv in support.items() if kv[1] < len(left)]
        best = max(splitting, key=lambda kv: (kv[1], len(kv[0]), kv[0]), default=None)
        if best is None or best[1] < MIN_SHARED:
            break
        word = best[0]
        members = [r for r in left if contains(r["title"], word)]
        left = [r for r in left if not contains(r["title"], word)]
        topics.append((word, list(taken), members))
        taken.append(word)
    if left:
        topics.append(("", list(taken), left))
    return topics


def _numbers(rows: list[dict]) -> dict:
    return {
        "count": len(rows),
        "classes": {c: sum(1 for r in rows if r["reply_class"] == c) for c in CLASSES},
        "feedbacks": {f: sum(1 for r in rows if r["feedback"] == f) for f in FEEDBACKS},
        "repeated": sum(1 for r in rows if r["repeated"]),
        "units": Counter(r["lead_unit"] for r in rows if r["lead_unit"]),
    }


def _order(r: dict):
    return (not r["repeated"], FEEDBACK_RANK.get(r["feedback"], 3), r["number"] or 0, r["pk"])


def topic_rows(body, scope: dict, user):
    """The scope's accepted suggestions the user may see, as the few values the topics need (one query)."""
    rows = scope_rows(body, scope, user).exclude(status__in=NOT_ACCEPTED).annotate(repeated=repeated_before())
    return list(rows.order_by().values("pk", "title", "category", "lead_unit", "reply_class", "feedback", "number",
                                       "year", "repeated"))


def _topic_filters(category: str, keyword: str, earlier: list[str]) -> dict:
    query = {"category": category} if category else {"uncategorized": "true"}
    if keyword:
        query["title_has"] = keyword
    if earlier:
        query["title_lacks"] = ",".join(earlier)
    return query


def _links(base: dict, numbers: dict) -> dict:
    """The suggestion list's query (as a dict) for each number: the scope, accepted, the topic, and the number's own."""
    base = {**base, "accepted": "true"}
    return {
        "count": base,
        "classes": {c: {**base, "reply_class": c} for c in CLASSES},
        "feedbacks": {f: {**base, "feedback": f} for f in FEEDBACKS},
        "repeated": {**base, "repeated": "true"},
        "units": {u: {**base, "lead_unit": u} for u in numbers["units"]},
    }


def compute(body, scope: dict, user) -> dict:
    """The topics (plain JSON) of the scope for the user; see the module docstring for each number."""
    rows = topic_rows(body, scope, user)
    by_category = defaultdict(list)
    for r in rows:
        by_category[(r["category"] or "").strip()].append(r)
    scope_filters = scope_query(scope)
    topics = []
    for category, members in by_category.items():
        for keyword, earlier, chosen in split_category(sorted(members, key=lambda r: r["pk"])):
            numbers = _numbers(chosen)
            label = category or UNCATEGORIZED
            if keyword:
                label = f"{label} · {keyword}"
            elif earlier:
                label = f"{label} · {OTHER}"
            filters = {**scope_filters, **_topic_filters(category, keyword, earlier)}
            ordered = sorted(chosen, key=_order)
            topics.append({
                "label": label, "category": category, "keyword": keyword, "excluded": earlier,
                **numbers, "links": _links(filters, numbers),
                "suggestions": [{k: r[k] for k in ("pk", "number", "title", "lead_unit", "reply_class", "feedback",
                                                   "repeated", "year")} for r in ordered],
            })
    topics.sort(key=lambda t: (-t["count"], -t["feedbacks"][FeedbackResult.UNSATISFIED.value], t["label"]))
    totals = _numbers(rows)
    unit_ids = set(totals["units"])
    names = dict(ReportingBody.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    for t in [*topics]:
        t["units"] = [{"unit": u, "name": names.get(u, ""), "count": n, "link": t["links"]["units"][u]}
                      for u, n in sorted(t["units"].items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))]
        t["links"]["units"] = None
        for s in t["suggestions"]:
            s["lead_unit_name"] = names.get(s["lead_unit"], "")
    session = scope["session"]
    total_links = _links(scope_filters, totals)
    totals["units"] = [{"unit": u, "name": names.get(u, ""), "count": n, "link": total_links["units"][u]}
                       for u, n in sorted(totals["units"].items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))]
    total_links["units"] = None
    return {
        "scope": {"session": session.pk if session is not None else None,
                  "session_name": session.name if session is not None else "",
                  "year": scope["year"], "label": scope["label"]},
        "next_year": scope["year"] + 1,
        "totals": {**totals, "links": total_links},
        "topics": topics,
        "notes": NOTES,
        "feedback_labels": FEEDBACK_LABELS,
    }
