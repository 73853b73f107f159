"""Public disclosure pages (/public/…), without log-in: the suggestions the office marked public,
with only the replies it marked public.

Anonymous requests have an empty scope (core.middleware.BodyScopeMiddleware), so each view enters
the body's scope itself and reads only through deputies.public.disclosure.public_suggestions: a suggestion
that is not public, not yet accepted, or of another body is a 404. What a page shows is chosen
field by field here: titles, content, numbers, deputies' and units' NAMES, status, public replies'
text and class. Never phone numbers, addresses, contacts' notes, co-units' input, extensions,
events, reply letters (they often end with the handler's phone) or who on the staff did what.
A phone number typed into a title, the content or a reply is masked (deputies.public.disclosure.masked),
and the search does not find a suggestion by the digits it hides.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django_scopes import scope, scopes_disabled

from core.models import Body
from deputies.models import Assignment, Signature, Suggestion
from deputies.public.disclosure import mask_phones, masked, public_replies, public_suggestions, publishable_q

PER_PAGE = 20
SIGNATURE_FIELDS = ("id", "suggestion_id", "role", "order", "deputy__id", "deputy__name")
REPLY_FIELDS = ("id", "suggestion_id", "round", "replied_on", "reply_class", "text", "unit__id", "unit__name")


def _signatures() -> Prefetch:
    return Prefetch("signatures", queryset=Signature.objects.select_related("deputy").only(*SIGNATURE_FIELDS)
                    .order_by("order", "pk"), to_attr="public_signatures")


def _replies() -> Prefetch:
    return Prefetch("replies", queryset=public_replies().select_related("unit").only(*REPLY_FIELDS)
                    .order_by("round"), to_attr="shown_replies")


def _names(s) -> None:
    s.proposer_name = next((x.deputy.name for x in s.public_signatures if x.role == Signature.Role.PROPOSER), "")
    s.cosigner_names = [x.deputy.name for x in s.public_signatures if x.role == Signature.Role.COSIGNER]


def _number_of(q: str) -> int | None:
    digits = q.removeprefix("第").removesuffix("号")
    return int(digits) if digits.isdigit() else None


def _search(rows, q):
    """Title, content, class, public replies, the deputies' and the units' names, or 第N号.

    Reply text counts only where the reply itself is public: a hidden reply is never searched. A query
    with digits is checked again against the texts as the public reads them, so that the digits a
    phone number's mask hides find nothing.
    """
    replied = public_replies().filter(suggestion=OuterRef("pk"), text__icontains=q)
    signed = Signature.objects.filter(suggestion=OuterRef("pk"), deputy__name__icontains=q)
    handled = Assignment.objects.filter(suggestion=OuterRef("pk"), active=True, unit__name__icontains=q)
    match = (Q(title__icontains=q) | Q(content__icontains=q) | Q(category__icontains=q) | Exists(replied)
             | Exists(signed) | Exists(handled))
    number = _number_of(q)
    if number is not None:
        match |= Q(number=number)
    rows = rows.filter(match)
    if any(c.isdigit() for c in q):
        rows = rows.filter(pk__in=_shown_matches(rows, q, number))
    return rows


def _shown_matches(rows, q, number) -> list[int]:
    """Of the suggestions the database found, those whose public, masked text still holds `q`."""
    found = {pk: (number == n, [mask_phones(title), mask_phones(content), category])
             for pk, n, title, content, category in rows.values_list("pk", "number", "title", "content", "category")}
    for sid, text in public_replies().filter(suggestion_id__in=found).values_list("suggestion_id", "text"):
        found[sid][1].append(mask_phones(text))
    for sid, name in Signature.objects.filter(suggestion_id__in=found).values_list("suggestion_id", "deputy__name"):
        found[sid][1].append(name)
    units = Assignment.objects.filter(suggestion_id__in=found, active=True)
    for sid, name in units.values_list("suggestion_id", "unit__name"):
        found[sid][1].append(name)
    needle = q.lower()
    return [pk for pk, (by_number, texts) in found.items() if by_number or any(needle in t.lower() for t in texts)]


def public_index(request):
    """/public/: the standing committees that have public suggestions."""
    # Across bodies on purpose: only public, accepted suggestions are counted, nothing else is read.
    with scopes_disabled():
        counts = dict(Suggestion.objects.filter(publishable_q(), is_public=True).values("body")
                      .annotate(n=Count("pk")).values_list("body", "n"))
    bodies = list(Body.objects.filter(pk__in=counts).order_by("name"))
    for body in bodies:
        body.public_count = counts[body.pk]
    return render(request, "public/index.html", {"bodies": bodies})


def public_suggestions_list(request, body_id):
    """/public/<body_id>/suggestions/: a body's public suggestions, by year, searchable."""
    body = get_object_or_404(Body, pk=body_id)
    with scope(body=body):
        rows = public_suggestions(body)
        years = sorted(set(rows.values_list("year", flat=True)), reverse=True)
        year = request.GET.get("year", "")
        year = int(year) if year.isdigit() and int(year) in years else None
        if year:
            rows = rows.filter(year=year)
        q = request.GET.get("q", "").strip()[:100]
        if q:
            rows = _search(rows, q)
        rows = (rows.select_related("session", "lead_unit").only(
            "id", "body_id", "year", "number", "title", "category", "status", "raised_on", "session__id",
            "session__name", "lead_unit__id", "lead_unit__name")
            .prefetch_related(_signatures(), _replies())
            .order_by("-year", F("session__start_on").asc(nulls_last=True), "number", "pk"))
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        shown = list(page.object_list)
        for s in shown:
            _names(s)
            masked(s)
        query = request.GET.copy()
        query.pop("page", None)
        return render(request, "public/suggestions.html", {
            "body": body, "rows": shown, "page": page, "years": years, "year": year, "q": q,
            "query": query.urlencode(),
        })


def public_suggestion(request, body_id, pk):
    """/public/<body_id>/suggestions/<pk>/: one public suggestion with its public replies."""
    body = get_object_or_404(Body, pk=body_id)
    with scope(body=body):
        s = get_object_or_404(
            public_suggestions(body).select_related("session").prefetch_related(
                _signatures(), _replies(),
                Prefetch("assignments", queryset=Assignment.objects.filter(active=True).select_related("unit")
                         .only("id", "suggestion_id", "role", "unit__id", "unit__name").order_by("-role", "pk"),
                         to_attr="units")),
            pk=pk,
        )
        _names(s)
        masked(s)
        return render(request, "public/suggestion.html", {"body": body, "s": s})
