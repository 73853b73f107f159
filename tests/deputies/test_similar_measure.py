"""The 相似建议 lookup measured on the committed labelled set (tests/deputies/data/similar_pairs.json): the true
earlier suggestion is in the top 5 for at least 90 % of the queries, and the precision of what the panel shows
(the top 5 above the score threshold) is the measured one, within a small margin."""

import json
from pathlib import Path

from deputies.similar import index
from deputies.similar.lookup import similar_suggestions

PAIRS = json.loads((Path(__file__).parent / "data" / "similar_pairs.json").read_text(encoding="utf-8"))["pairs"]
# Measured on the demo with bigrams + non-stopword single characters, title counted twice (see README):
# recall@5 1.00, precision@5 0.34 (a query has one or two true earlier suggestions; the rest shown are the same
# topic or the same matter in another 镇街, which the office does want to see, but they count as misses here).
PRECISION_MEASURED = 0.34


def measure(body):
    hits, shown, relevant = 0, 0, 0
    for pair in PAIRS:
        found = similar_suggestions(body, pair["title"], pair["content"], before_year=2023)
        want = {(e["year"], e["title"]) for e in pair["expected"]}
        got = [(s.year, s.title) for s in found]
        hits += bool(want & set(got))
        shown += len(got)
        relevant += sum(g in want for g in got)
    return hits / len(PAIRS), relevant / max(shown, 1)


def test_recall_and_precision_at_5_on_the_labelled_set(baiyun):
    assert len(PAIRS) >= 30
    recall, precision = measure(baiyun)
    print(f"recall@5 {recall:.3f}, precision@5 {precision:.3f}")
    assert recall >= 0.90
    assert abs(precision - PRECISION_MEASURED) <= 0.05


def test_the_same_measure_without_single_characters_misses_more(baiyun, monkeypatch):
    """The choice of terms is measured, not assumed: bigrams alone lose recall on this set."""
    monkeypatch.setattr(index, "UNIGRAMS", False)
    index.rebuild_index(baiyun)
    recall, _ = measure(baiyun)
    assert recall < 0.97
