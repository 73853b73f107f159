"""The deputy's own steps, posted from their portal: write or change a draft, submit it, confirm or
decline a co-signature, give feedback on a reply. Every one through deputies.suggestions.online or
deputies.suggestions.lifecycle, checked first with the predicates of deputies.permissions (403 with the reason),
on one of the deputy's own suggestions (404 otherwise), with the version the page was shown at
(a stale page is refused with a message and nothing changes).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from deputies.models import Signature, Suggestion
from deputies.models.suggestions import FeedbackResult, SuggestionStatus
from deputies.permissions import cosign_refusal, draft_refusal, feedback_refusal, require
from deputies.portal_deputy.forms import DeclineForm, DraftForm, FeedbackForm, VersionForm
from deputies.portal_deputy.views import get_mine, me, render_detail, return_reasons, step_forms
from deputies.suggestions import lifecycle, online
from deputies.suggestions.forms import add_lifecycle_error, carry_over

S = SuggestionStatus


def _fmt(day) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def _submit(request, deputy, s, d):
    s = online.submit(s, by=request.user, expected_version=d["version"])
    if s.status == S.CONFIRMING:
        return "已提交，正在等待附议代表在各自的工作台确认；全部确认后报常委会审查。", s
    return "已提交常委会审查（待审查）。", s


def _confirm(request, deputy, s, d):
    online.confirm_cosign(s, deputy, by=request.user, expected_version=d["version"])
    s.refresh_from_db(fields=["status", "version"])
    if s.status == S.SUBMITTED:
        return "已确认附议。附议代表均已确认，建议已报常委会审查。", s
    return "已确认附议，还在等待其他附议代表确认。", s


def _decline(request, deputy, s, d):
    online.decline_cosign(s, deputy, reason=d["reason"], by=request.user, expected_version=d["version"])
    # My name is off it: the suggestion is no longer mine to see.
    return f"您已不同意附议《{s.title}》，您的署名已撤下，领衔代表会看到。", None


def _feedback(request, deputy, s, d):
    row = lifecycle.give_feedback(s, result=d["result"], comment=d["comment"], given_on=timezone.localdate(),
                                  by=request.user, deputy=deputy, expected_version=d["version"])
    s.refresh_from_db(fields=["status", "round", "reply_due_on", "version"])
    if row.result == FeedbackResult.UNSATISFIED:
        return (f"已提交“不满意”意见。承办单位将重新办理（第{s.round}轮），答复期限 {_fmt(s.reply_due_on)}。", s)
    return f"已提交反馈：{row.get_result_display()}。该建议已办结，感谢您的意见。", s


# name: (form class, permission predicate, action)
STEPS = {
    "submit": (VersionForm, draft_refusal, _submit),
    "confirm": (VersionForm, cosign_refusal, _confirm),
    "decline": (DeclineForm, cosign_refusal, _decline),
    "feedback": (FeedbackForm, feedback_refusal, _feedback),
}


def _step(request, pk, name):
    deputy = me(request)
    s = get_mine(request, pk)
    if request.method != "POST":
        return redirect("portal-deputy-suggestion", pk=s.pk)
    form_class, refusal, action = STEPS[name]
    require(refusal(request.user, s))
    form = form_class(request.POST, prefix=name)
    if form.is_valid():
        try:
            message, after = action(request, deputy, s, form.cleaned_data)
        except lifecycle.StaleSuggestionError as error:
            return _render_stale(request, pk, name, form, error)
        except lifecycle.LifecycleError as error:
            add_lifecycle_error(form, error)
        else:
            messages.success(request, message)
            if after is None:
                return redirect("portal-deputy-home")
            return redirect("portal-deputy-suggestion", pk=after.pk)
    return render_detail(request, s, {name: form}, status=400)


def _render_stale(request, pk, name, form, error):
    """Refused because the suggestion changed meanwhile: its page from the current data, and the form as
    typed only if the step is still mine to take, with the message at the form (the page opens there);
    otherwise the message on top."""
    try:
        s = get_mine(request, pk)
    except Http404:
        messages.error(request, error.message)
        return redirect("portal-deputy-home")  # no longer mine to see (my co-signature came off)
    bound = {}
    mine = next((x for x in s.signatures.all() if x.deputy_id == me(request).pk), None)
    if name in step_forms(request, s, me(request), mine):
        carry_over(form, s.version)
        form.add_error(None, error.message)
        bound[name] = form
    else:
        messages.error(request, error.message)
    return render_detail(request, s, bound, status=400)


def suggestion_submit(request, pk):
    return _step(request, pk, "submit")


def suggestion_confirm(request, pk):
    return _step(request, pk, "confirm")


def suggestion_decline(request, pk):
    return _step(request, pk, "decline")


def suggestion_feedback(request, pk):
    return _step(request, pk, "feedback")


# --- writing a suggestion ------------------------------------------------------------------------------


def _save(request, deputy, form, suggestion=None):
    d = form.cleaned_data
    try:
        s = online.save_draft(
            request.renda_body, deputy, title=d["title"], content=d["content"], category=d["category"],
            cosigners=list(d["cosigners"]), document=d.get("document"), by=request.user,
            suggestion=suggestion, expected_version=d["version"] if suggestion is not None else None,
        )
    except lifecycle.StaleSuggestionError as error:
        messages.error(request, error.message)
        fresh = Suggestion.objects.get(pk=suggestion.pk)
        if fresh.status not in online.DEPUTY_EDITABLE:
            return redirect("portal-deputy-suggestion", pk=fresh.pk)  # no longer a draft: nothing to edit
        carry_over(form, fresh.version)
        return None
    except lifecycle.LifecycleError as error:
        add_lifecycle_error(form, error)
        return None
    messages.success(request, "已保存。请核对内容和附议代表，确认无误后点击“提交”。")
    return redirect("portal-deputy-suggestion", pk=s.pk)


def draft_new(request):
    deputy = me(request)
    require(draft_refusal(request.user))
    form = DraftForm(request.POST or None, request.FILES or None, me=deputy)
    if request.method == "POST" and form.is_valid():
        done = _save(request, deputy, form)
        if done:
            return done
    return render(request, "portal/deputy/draft_form.html", {"form": form, "s": None},
                  status=400 if request.method == "POST" else 200)


def draft_edit(request, pk):
    deputy = me(request)
    s = get_mine(request, pk, Suggestion.objects.prefetch_related("signatures"))
    require(draft_refusal(request.user, s))
    locked = "" if s.status in online.DEPUTY_EDITABLE else f"该建议当前为“{s.get_status_display()}”，不能再修改。"
    form = DraftForm(request.POST or None, request.FILES or None, me=deputy, initial=DraftForm.initial_for(s))
    if request.method == "POST" and form.is_valid():
        done = _save(request, deputy, form, suggestion=s)
        if done:
            return done
    reason = return_reasons([s.pk]).get(s.pk, "") if s.status == S.RETURNED else ""
    cosigners = [sig for sig in s.signatures.all() if sig.role == Signature.Role.COSIGNER]
    return render(request, "portal/deputy/draft_form.html", {
        "form": form, "s": s, "locked": locked, "return_reason": reason, "had_cosigners": bool(cosigners),
    }, status=400 if request.method == "POST" else 200)


@require_POST
def draft_original_remove(request, pk):
    """删除原件: the proposer removes a wrong original from their own draft (the page asks first), while the draft is
    still theirs to change; on the suggestion's timeline (lifecycle.change_original_document, as the office's)."""
    me(request)
    s = get_mine(request, pk, Suggestion.objects.prefetch_related("signatures"))
    require(draft_refusal(request.user, s))
    if s.status not in online.DEPUTY_EDITABLE:
        require(f"该建议当前为“{s.get_status_display()}”，只有草稿的原件可以删除。")
    form = VersionForm(request.POST)
    back = redirect("portal-deputy-draft-edit", pk=s.pk)
    if not form.is_valid():
        messages.error(request, "原件未删除：页面缺少版本信息，请刷新页面后再操作。")
        return back
    try:
        done = lifecycle.change_original_document(s, by=request.user, expected_version=form.cleaned_data["version"])
    except lifecycle.StaleSuggestionError as error:
        messages.error(request, f"原件未删除：{error.message}")
    except lifecycle.LifecycleError as error:
        messages.error(request, f"原件未删除：{error.message}")
    else:
        messages.success(request, f"{done}。")
    return back


def draft_delete(request, pk):
    """删除草稿: a page to confirm (GET), then the POST that deletes; only the proposer, only a draft."""
    me(request)
    s = get_mine(request, pk, Suggestion.objects.prefetch_related("signatures__deputy"))
    require(draft_refusal(request.user, s))
    if s.status != S.DRAFT:
        require(f"该建议当前为“{s.get_status_display()}”，只有尚未提交的草稿可以删除。")
    form = VersionForm(request.POST or None, initial={"version": s.version})
    if request.method == "POST" and form.is_valid():
        try:
            title = online.delete_draft(s, by=request.user, expected_version=form.cleaned_data["version"])
        except lifecycle.StaleSuggestionError as error:
            messages.error(request, error.message)
            return redirect("portal-deputy-suggestion", pk=s.pk)
        except lifecycle.LifecycleError as error:
            add_lifecycle_error(form, error)
        else:
            messages.success(request, f"已删除草稿《{title}》。")
            return redirect("portal-deputy-home")
    cosigners = [sig.deputy.name for sig in s.signatures.all() if sig.role == Signature.Role.COSIGNER]
    return render(request, "portal/deputy/draft_delete.html", {"s": s, "form": form, "cosigners": cosigners},
                  status=400 if request.method == "POST" else 200)
