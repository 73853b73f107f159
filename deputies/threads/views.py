"""Thread pages (staff): list, detail (the years side by side), create from a suggestion's similar ones, add and
remove suggestions, put under 专项跟踪督办, add a progress note. Reading: deputies.permissions.visible_threads
(a 404 outside it); writing: thread_refusal / thread_note_refusal (a 403 with the reason)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Max, Min, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core import change_log
from core.listing import render_filtered_list
from deputies.filtersets import SuggestionThreadFilterSet
from deputies.models import Assignment, Suggestion, SuggestionThread, ThreadProgressNote
from deputies.permissions import (
    require,
    sees_internal_thread_notes,
    thread_note_refusal,
    thread_refusal,
    to_plan_refusal,
    visible_suggestions,
    visible_threads,
)
from deputies.similar.lookup import similar_suggestions
from deputies.suggestions.tables import signatures_prefetch
from deputies.threads import actions
from deputies.threads.forms import AddMembersForm, NoteForm, RemoveMemberForm, SupervisionForm, ThreadForm

SIMILAR_CANDIDATES = 10


def thread_queryset(user):
    rows = SuggestionThread.objects.select_related("supervision__committee", "created_by").annotate(
        member_count=Count("members", distinct=True), first_year=Min("members__suggestion__year"),
        last_year=Max("members__suggestion__year"))
    return visible_threads(user, rows).order_by("-last_year", "-pk")


def thread_list(request):
    return render_filtered_list(request, thread_queryset(request.user), SuggestionThreadFilterSet,
                                "deputies/threads/list.html", {"can_edit": thread_refusal(request.user) is None})


def member_suggestions(thread):
    """The thread's suggestions, oldest year first, with what the side-by-side table shows (fixed query count)."""
    return list(Suggestion.objects.filter(thread_member__thread=thread).select_related("session", "lead_unit")
                .prefetch_related(signatures_prefetch(),
                                  Prefetch("assignments", queryset=Assignment.objects.filter(active=True)
                                           .select_related("unit").order_by("-role", "pk")))
                .order_by("year", "session__start_on", "number", "pk"))


def _get(request, pk):
    return get_object_or_404(thread_queryset(request.user), pk=pk)


def _candidates(request, suggestions, exclude=()):
    """Similar suggestions to the given ones, not yet in a thread: what may be added. Earlier years' first, then
    the same year's: a thread is one matter raised year after year, and this year's suggestions written from the
    same template for other 镇街 would otherwise crowd the earlier wording of the matter out of the list."""
    seen, found = set(exclude), []
    for s in suggestions:
        split = similar_suggestions(request.renda_body, s.title, s.content, exclude_id=s.pk, limit=SIMILAR_CANDIDATES,
                                    user=request.user, accepted_only=False, split_at=s.year)
        for other in [*split["earlier"], *split["this_year"][:SIMILAR_CANDIDATES // 2]]:
            if other.pk not in seen and getattr(other, "thread_member", None) is None:
                seen.add(other.pk)
                found.append(other)
    return found


def render_detail(request, thread, bound=None, status=200):
    bound = bound or {}
    members = member_suggestions(thread)
    can_edit = thread_refusal(request.user) is None
    forms = {}
    if can_edit:
        latest = members[-1:] if members else []
        forms["add"] = bound.get("add") or AddMembersForm(
            prefix="add", candidates=_candidates(request, latest, exclude=[m.pk for m in members]))
        forms["supervise"] = bound.get("supervise") or SupervisionForm(prefix="supervise", initial=(
            {"committee": thread.supervision.committee_id, "leader": thread.supervision.leader,
             "since": thread.supervision.since, "requirement": thread.supervision.requirement}
            if hasattr(thread, "supervision") else {}))
    if thread_note_refusal(request.user, thread) is None and hasattr(thread, "supervision"):
        forms["note"] = bound.get("note") or NoteForm(prefix="note")
    forms.update({k: v for k, v in bound.items() if k not in forms})
    for s in members:
        sigs = list(s.signatures.all())
        s.deputy_names = [x.deputy.name for x in sigs]
        s.unit_names = [f"{a.unit.name}（{a.get_role_display()}）" for a in s.assignments.all()]
    internal = sees_internal_thread_notes(request.user)
    to_plan_url = None
    if members and to_plan_refusal(request.user) is None:
        # A repeated matter is a candidate for next year's supervision: the office drafts the item from the thread.
        query = urlencode({"ids": ",".join(str(s.pk) for s in members), "title": thread.title})
        to_plan_url = f"{reverse('suggestions-to-plan')}?{query}"
    return render(request, "deputies/threads/detail.html", {
        "to_plan_url": to_plan_url,
        "thread": thread, "members": members, "forms": forms, "can_edit": can_edit, "internal": internal,
        "supervision": getattr(thread, "supervision", None),
        "notes": list(ThreadProgressNote.objects.filter(thread=thread).select_related("author")) if internal else [],
        "history": change_log.history(SuggestionThread, [thread.pk], limit=30) if internal else [],
        "visible_ids": set(visible_suggestions(request.user, Suggestion.objects.filter(
            pk__in=[m.pk for m in members])).values_list("pk", flat=True)),
    }, status=status)


def thread_detail(request, pk):
    return render_detail(request, _get(request, pk))


def thread_create(request):
    """建立线索: from a suggestion's page (?from=<id>), with its similar suggestions of every year to tick."""
    require(thread_refusal(request.user))
    origin = None
    source = request.GET.get("from") or request.POST.get("from")
    if source and str(source).isdigit():
        origin = get_object_or_404(visible_suggestions(request.user, Suggestion.objects.all()), pk=int(source))
    candidates = ([origin] if origin else []) + (_candidates(request, [origin], exclude=[origin.pk]) if origin else [])
    form = ThreadForm(request.POST or None, candidates=candidates, initial={
        "title": origin.title.removeprefix("关于").removesuffix("的建议") if origin else "",
        "suggestions": [origin.pk] if origin else []})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            thread = actions.create_thread(request.renda_body, title=d["title"], note=d["note"],
                                           suggestions=d["suggestions"], by=request.user)
        except actions.ThreadError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"已建立线索《{thread.title}》，含 {len(d['suggestions'])} 条建议。")
            return redirect("thread-detail", pk=thread.pk)
    return render(request, "deputies/threads/form.html", {"form": form, "origin": origin},
                  status=400 if request.method == "POST" else 200)


def _post_step(request, pk, name, refusal, form_factory, act, done):
    thread = _get(request, pk)
    if request.method != "POST":
        return redirect("thread-detail", pk=thread.pk)
    require(refusal(thread))
    form = form_factory(thread)
    if form.is_valid():
        try:
            message = act(thread, form.cleaned_data)
        except actions.ThreadError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, message)
            return redirect("thread-detail", pk=thread.pk)
    return render_detail(request, thread, {name: form}, status=400)


def thread_add(request, pk):
    return _post_step(
        request, pk, "add", lambda t: thread_refusal(request.user),
        lambda t: AddMembersForm(request.POST, prefix="add"),
        lambda t, d: f"已加入 {actions.add_members(t, list(d['suggestions']), by=request.user)} 条建议。", None)


def thread_remove(request, pk):
    return _post_step(
        request, pk, "remove", lambda t: thread_refusal(request.user),
        lambda t: RemoveMemberForm(request.POST, thread=t),
        lambda t, d: (actions.remove_member(t, d["suggestion"], by=request.user), "已移出该建议。")[1], None)


def thread_supervise(request, pk):
    def act(t, d):
        actions.supervise(t, committee=d["committee"], leader=d["leader"], since=d["since"],
                          requirement=d["requirement"], by=request.user)
        return f"已列入专项跟踪督办（{d['committee'].short_name}）。"

    return _post_step(request, pk, "supervise", lambda t: thread_refusal(request.user),
                      lambda t: SupervisionForm(request.POST, prefix="supervise"), act, None)


def thread_note(request, pk):
    return _post_step(
        request, pk, "note", lambda t: thread_note_refusal(request.user, t),
        lambda t: NoteForm(request.POST, prefix="note"),
        lambda t, d: (actions.add_note(t, on=d["on"], text=d["text"], by=request.user), "已登记督办进展。")[1], None)
