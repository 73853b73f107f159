"""Similar suggestions: character-bigram TF-IDF vectors compared by cosine, over an inverted index in the database.

Why bigrams: Chinese has no spaces, and two-character words carry most of a suggestion's matter (学位、长者、饭堂、
内涝、断头…). Overlapping character bigrams need no dictionary and no model, behave the same on SQLite and
PostgreSQL, and on the labelled set (tests/deputies/data/similar_pairs.json) they found the true earlier
suggestion in the top 5 as often as bigrams plus single characters did, with fewer false matches (measured in
tests/deputies/test_similar_measure.py; the README gives the figures).

The index: for each suggestion one IndexedSuggestion row and its terms in SuggestionTerm (term, weight), the
weight being (1 + ln tf) · idf in the unit-length vector, with idf = ln((N + 1) / (df + 1)) + 1 over the body's
suggestions when the row was indexed. The title counts twice (it names the matter). A suggestion is indexed when
saved (a post_save receiver in deputies/models/threads.py); rows written in bulk (demo, bench, imports) are
indexed by ensure_index() on the next lookup, or by rebuild_index(). A lookup weighs the draft's terms the same
way with the body's current document frequencies, leaves out terms found in more than a quarter of the body's
suggestions (建议、关于、进一步…: they only cost time), and sums weight products per suggestion in one
GROUP BY query on the (body, term) index.
"""

import math
import re
from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, F, FloatField, Sum, Value
from django.db.models.expressions import Case, When

# Runs of Han characters, or of Latin letters and digits (kept whole, lower-cased).
_RUNS = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+")
# Boilerplate of every suggestion: not evidence of the same matter.
_BOILER = ("示例数据", "的建议", "关于", "建议")
TITLE_WEIGHT = 2
UNIGRAMS = True  # single non-stopword characters as terms too (measured: they help, see the docstring)
_STOP_CHARS = set("的和与及在对为了是把被将等并或于以其之中上下个有无不也就都而")
MAX_QUERY_TERMS = 40
COMMON_SHARE = 0.25  # terms in more than this share of the body's suggestions are left out of a lookup
MIN_SCORE = 0.12  # below this cosine, a suggestion is not shown as similar
CANDIDATES = 60  # suggestions scored in SQL before the visibility filter


def terms(text: str) -> Counter:
    """The character bigrams of the Han runs of `text` (and whole Latin/digit words), with their counts."""
    text = (text or "").lower()
    for word in _BOILER:
        text = text.replace(word, " ")
    counts = Counter()
    for run in _RUNS.findall(text):
        if run[0].isascii():
            if len(run) > 1 and not run.isdigit():
                counts[run[:8]] += 1
            continue
        if len(run) == 1 or UNIGRAMS:
            for ch in run:
                if ch not in _STOP_CHARS:
                    counts[ch] += 1
        for i in range(len(run) - 1):
            counts[run[i:i + 2]] += 1
    return counts


def document_terms(title: str, content: str) -> Counter:
    counts = terms(content)
    for term, n in terms(title).items():
        counts[term] += TITLE_WEIGHT * n
    return counts


def idf(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 1)) + 1


def vector(counts: Counter, df: dict, n: int) -> dict:
    """Unit-length TF-IDF vector of term counts."""
    raw = {t: (1 + math.log(c)) * idf(df.get(t, 0), n) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
    return {t: w / norm for t, w in raw.items()}


def _frequencies(body, term_list) -> dict:
    from deputies.models import SuggestionTerm

    if not term_list:
        return {}
    rows = (SuggestionTerm.objects.filter(body=body, term__in=list(term_list)).values("term")
            .annotate(n=Count("pk")).values_list("term", "n"))
    return dict(rows)


def _indexed_count(body) -> int:
    from deputies.models import IndexedSuggestion

    return IndexedSuggestion.objects.filter(body=body).count()


def index_suggestion(suggestion) -> None:
    """(Re)index one suggestion with the body's current document frequencies."""
    from deputies.models import IndexedSuggestion, SuggestionTerm

    counts = document_terms(suggestion.title, suggestion.content)
    body = suggestion.body_id
    with transaction.atomic():
        SuggestionTerm.objects.filter(suggestion_id=suggestion.pk).delete()
        IndexedSuggestion.objects.update_or_create(suggestion_id=suggestion.pk, defaults={"body_id": body})
        n = _indexed_count(body)
        weights = vector(counts, _frequencies(body, counts), n)
        SuggestionTerm.objects.bulk_create([
            SuggestionTerm(body_id=body, suggestion_id=suggestion.pk, term=t, weight=w) for t, w in weights.items()
        ])


def rebuild_index(body, suggestions=None) -> int:
    """Index the body's suggestions (or only `suggestions`, a queryset of them) in bulk; returns how many."""
    from deputies.models import IndexedSuggestion, Suggestion, SuggestionTerm

    rows = suggestions if suggestions is not None else Suggestion.objects.filter(body=body)
    docs = [(pk, document_terms(title, content)) for pk, title, content
            in rows.order_by("pk").values_list("pk", "title", "content").iterator(chunk_size=2000)]
    if not docs:
        return 0
    ids = [pk for pk, _ in docs]
    with transaction.atomic():
        terms_rows = (SuggestionTerm.objects.filter(suggestion_id__in=ids) if suggestions is not None
                      else SuggestionTerm.objects.filter(body=body))
        terms_rows._raw_delete(terms_rows.db)  # no signals or cascades hang on index rows
        if suggestions is None:
            IndexedSuggestion.objects.filter(body=body).delete()
        else:
            IndexedSuggestion.objects.filter(suggestion_id__in=ids).delete()
        IndexedSuggestion.objects.bulk_create([IndexedSuggestion(suggestion_id=pk, body=body) for pk in ids],
                                              batch_size=5000)
        df = Counter(t for _, counts in docs for t in counts) if suggestions is None else None
        n = _indexed_count(body)
        if df is None:  # a few added to an existing index: its frequencies, plus theirs
            df = Counter(_frequencies(body, {t for _, c in docs for t in c}))
            df.update(t for _, c in docs for t in c)
        batch = []
        for pk, counts in docs:
            batch.extend((body.pk, pk, t, w) for t, w in vector(counts, df, n).items())
            if len(batch) >= 20000:
                _insert_terms(batch)
                batch = []
        _insert_terms(batch)
    return len(docs)


def _insert_terms(rows) -> None:
    """Many (body, suggestion, term, weight) rows at once: plain executemany, the ORM's objects cost 10× more."""
    from deputies.models import SuggestionTerm

    if not rows:
        return
    table = connection.ops.quote_name(SuggestionTerm._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} (body_id, suggestion_id, term, weight) VALUES (%s, %s, %s, %s)",
                           rows)


def ensure_index(body) -> int:
    """Index the body's suggestions written without save() (bulk inserts); returns how many are indexed.
    One query when nothing is missing."""
    from deputies.models import Suggestion

    counts = Suggestion.objects.filter(body=body).aggregate(n=Count("pk"), indexed=Count("similarity_index"))
    if counts["n"] == counts["indexed"]:
        return counts["n"]
    missing = Suggestion.objects.filter(body=body, similarity_index__isnull=True)
    if counts["indexed"] == 0 or counts["n"] - counts["indexed"] > counts["indexed"] // 5:
        rebuild_index(body)
    else:
        rebuild_index(body, missing)
    return _indexed_count(body)


def score(body, title: str, content: str = "", exclude_ids=(), candidates=None, limit=CANDIDATES, n=None) -> list:
    """[(suggestion id, cosine)] best first, at most `limit`, of the body's indexed suggestions.

    `candidates`: a Suggestion queryset the results must belong to (applied in the same query as a join).
    """
    from deputies.models import SuggestionTerm

    counts = document_terms(title, content)
    if not counts:
        return []
    n = _indexed_count(body) if n is None else n
    if n == 0:
        return []
    df = _frequencies(body, counts)
    common = max(3, int(n * COMMON_SHARE))
    q = vector(counts, df, n)
    usable = [t for t in q if df.get(t, 0) and df[t] <= common] or [t for t in q if df.get(t, 0)]
    usable = sorted(usable, key=lambda t: -q[t])[:MAX_QUERY_TERMS]
    if not usable:
        return []
    rows = SuggestionTerm.objects.filter(body=body, term__in=usable)
    if exclude_ids:
        rows = rows.exclude(suggestion_id__in=list(exclude_ids))
    if candidates is not None:
        rows = rows.filter(suggestion__in=candidates)
    query_weight = Case(*[When(term=t, then=Value(q[t])) for t in usable], default=Value(0.0),
                        output_field=FloatField())
    ranked = (rows.values("suggestion_id").annotate(score=Sum(F("weight") * query_weight, output_field=FloatField()))
              .order_by("-score", "-suggestion_id")[:limit])
    return [(r["suggestion_id"], r["score"]) for r in ranked]
