"""The body administrator's terms: their dates and where each kind of meeting's numbering starts (a page of
/settings/, here because the next numbers are the meetings' own)."""

from django.db.models import Max
from django.shortcuts import render

from core import change_log
from core.forms.organisation import TermForm
from core.models import Term
from core.settings_access import require_body_admin
from core.views.organisation import create_page, edit_page, history_rows
from meetings.agenda import meetings_before
from meetings.models import Meeting, MeetingKind

TERM_FIELDS = ["number", "start", "end", "standing_meetings_before", "chairpersons_meetings_before"]


NUMBERED_KINDS = [MeetingKind.STANDING, MeetingKind.CHAIRPERSONS]


def _next_numbers(terms) -> None:
    """Each term's next meeting number of each kind, as meetings.agenda.next_number gives it, in one query."""
    last = {}
    rows = (Meeting.objects.filter(term__in=terms, kind__in=NUMBERED_KINDS)
            .values_list("term_id", "kind").annotate(n=Max("number")))
    for term_id, kind, n in rows:
        last[(term_id, kind)] = n
    for term in terms:
        term.next_standing = max(last.get((term.pk, MeetingKind.STANDING)) or 0,
                                 meetings_before(term, MeetingKind.STANDING)) + 1
        term.next_chairpersons = max(last.get((term.pk, MeetingKind.CHAIRPERSONS)) or 0,
                                     meetings_before(term, MeetingKind.CHAIRPERSONS)) + 1


def term_list(request):
    body = require_body_admin(request)
    terms = list(Term.objects.filter(body=body).order_by("-number"))
    _next_numbers(terms)
    return render(request, "settings/terms.html", {
        "terms": terms,
        "history": history_rows(change_log.history(Term, [t.pk for t in terms], limit=10)),
    })


def term_create(request):
    return create_page(request, Term, TermForm, TERM_FIELDS, "settings/terms_form.html", "届次", "settings-terms")


def term_edit(request, pk):
    def extra(term):
        _next_numbers([term])
        return {"next_standing": term.next_standing, "next_chairpersons": term.next_chairpersons}

    return edit_page(request, Term, pk, TermForm, TERM_FIELDS, "settings/terms_form.html", "届次", "settings-terms", extra)
