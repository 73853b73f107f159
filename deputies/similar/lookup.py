"""similar_suggestions(): the suggestions most like a title and content, for the 相似建议 panel and the API."""

from deputies.similar import index

# Past the office's check (立案): what a deputy or a unit may see of other deputies' suggestions.
ACCEPTED_STATES = ("accepted", "assigned", "handling", "replied", "rehandling", "closed")


def similar_suggestions(body, title, content="", exclude_id=None, limit=5, *, user=None, accepted_only=True,
                        before_year=None, year=None, split_at=None, min_score=index.MIN_SCORE):
    """The `limit` suggestions of `body` (earlier years and this session) most similar to title + content.

    Each is a Suggestion with its session, lead unit and thread membership loaded and `similarity` (the cosine,
    0–1) set. accepted_only: only those the office accepted (立案) — what a deputy may see of others'; otherwise
    any but drafts. With `user` (staff), only those the user may see (deputies.permissions.visible_suggestions).
    before_year: only earlier years' (往年); year: only that year's (本年度). split_at=<year>: both at once, as
    {"earlier": [...], "this_year": [...]}, each up to `limit` (one scoring query: the panel's way).
    """
    from deputies.models import Suggestion
    from deputies.permissions import visible_suggestions

    indexed = index.ensure_index(body)
    candidates = Suggestion.objects.filter(body=body)
    candidates = (candidates.filter(status__in=ACCEPTED_STATES) if accepted_only
                  else candidates.exclude(status="draft"))
    if before_year is not None:
        candidates = candidates.filter(year__lt=before_year)
    if year is not None:
        candidates = candidates.filter(year=year)
    if split_at is not None:
        candidates = candidates.filter(year__lte=split_at)
    if user is not None:
        candidates = visible_suggestions(user, candidates)
    ranked = index.score(body, title, content, exclude_ids=[exclude_id] if exclude_id else (),
                         candidates=candidates, limit=limit if split_at is None else index.CANDIDATES, n=indexed)
    ranked = [(pk, s) for pk, s in ranked if s >= min_score]
    rows = Suggestion.objects.filter(pk__in=[pk for pk, _ in ranked]).select_related(
        "session", "lead_unit", "thread_member__thread").in_bulk()
    found = []
    for pk, s in ranked:
        row = rows.get(pk)
        if row is not None:
            row.similarity = round(s, 3)
            found.append(row)
    if split_at is not None:
        return {"earlier": [r for r in found if r.year < split_at][:limit],
                "this_year": [r for r in found if r.year == split_at][:limit]}
    return found


def thread_of(suggestion):
    member = getattr(suggestion, "thread_member", None)  # the reverse one-to-one's miss is an AttributeError
    return member.thread if member else None


def public_row(s) -> dict:
    """What anyone who may see the panel sees of a similar suggestion: no content, notes or contacts."""
    return {
        "id": s.pk, "year": s.year, "number": s.number, "number_label": s.number_label, "title": s.title,
        "raised_at": s.raised_at_label, "status": s.get_status_display(),
        "lead_unit": s.lead_unit.name if s.lead_unit_id else "",
        "reply_class": s.reply_class, "feedback": s.get_feedback_display() if s.feedback else "",
        "similarity": s.similarity,
    }
