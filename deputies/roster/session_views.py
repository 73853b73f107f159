"""Congress sessions (人民代表大会会议): the list with each session's suggestion counts, and entry (office)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from core.numerals import chinese_number
from deputies.models import CongressSession, Suggestion
from deputies.models.suggestions import SuggestionStatus
from deputies.permissions import can_handle_suggestions, require, suggestion_refusal, visible_suggestions
from deputies.suggestions.forms import SessionForm

S = SuggestionStatus


def _counts():
    return {
        "total": Count("pk"),
        "assigned": Count("pk", filter=Q(assigned_on__isnull=False)),
        "replied": Count("pk", filter=Q(replied_on__isnull=False)),
        "closed": Count("pk", filter=Q(status=S.CLOSED)),
    }


def session_list(request):
    """Each session with the number of suggestions raised at it (those the user may see), and the years'
    suggestions raised between sessions."""
    visible = visible_suggestions(request.user, Suggestion.objects.all())
    per_session = {
        row["session"]: row
        for row in visible.filter(session__isnull=False).values("session").annotate(**_counts()).order_by()
    }
    sessions = list(CongressSession.objects.select_related("term").order_by("-start_on", "-pk"))
    for session in sessions:
        session.counts = per_session.get(session.pk, {"total": 0, "assigned": 0, "replied": 0, "closed": 0})
    between = list(visible.filter(session__isnull=True).values("year").annotate(**_counts()).order_by("-year"))
    return render(request, "deputies/sessions/list.html", {
        "sessions": sessions, "between": between, "can_handle": can_handle_suggestions(request.user),
    })


def suggested_session(body) -> dict:
    """The next session of the latest term, named as the congress names it (区十七届人大三次会议)."""
    term = body.terms.order_by("-number").first()
    if term is None:
        return {}
    last = CongressSession.objects.filter(term=term).order_by("-number").first()
    number = (last.number + 1) if last else 1
    prefix = (body.short_name or body.name or "")[:1]
    name = f"{prefix}{chinese_number(term.number)}届人大{chinese_number(number)}次会议"
    return {"term": term.pk, "number": number, "name": name}


def session_create(request):
    require(suggestion_refusal(request.user))
    form = SessionForm(request.POST or None, initial=suggested_session(request.renda_body))
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.body = request.renda_body
        session.name = session.name.strip()
        session.save()
        messages.success(request, f"已添加{session.name}。")
        return redirect("session-list")
    return render(request, "deputies/sessions/form.html", {"form": form})
