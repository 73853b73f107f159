"""The office's page of deputies' accounts: create them from the roster, re-issue, switch off and on."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from core import accounts
from core.forms.accounts import IssueForm, add_account_error
from core.views.accounts import back_url, reissue_page, render_handout, require_office, switch_active
from deputies.accounts import issuing
from deputies.accounts.forms import CreateDeputyAccountsForm


def _serving_deputies():
    from deputies.models import Deputy

    return Deputy.objects.filter(status=Deputy.Status.SERVING)


def deputy_accounts(request):
    """The serving deputies and their accounts; tick some and create their accounts in one go."""
    require_office(request)
    rows = list(_serving_deputies().select_related("user__account_setup").order_by("group", "name", "pk"))
    groups = sorted({d.group for d in rows if d.group})
    group, state = request.GET.get("group", ""), request.GET.get("state", "")
    for d in rows:
        d.account_key, d.account_label = accounts.account_state(d.user)
        d.setup = accounts.setup_of(d.user)
    counts = [(key, label, sum(1 for d in rows if d.account_key == key)) for key, label in accounts.STATES]
    shown = [d for d in rows if (not group or d.group == group) and (not state or d.account_key == state)]
    form = CreateDeputyAccountsForm(request.POST or None, deputies=_serving_deputies())
    chosen = set()
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("deputies") if v.isdigit()}
        if form.is_valid():
            try:
                issued, skipped = issuing.create_deputy_accounts(
                    request.renda_body, form.cleaned_data["deputies"], form.cleaned_data["method"], request.user,
                    request)
            except accounts.AccountError as error:
                add_account_error(form, error)
            else:
                if not issued:
                    for note in skipped:
                        messages.warning(request, note)
                    return redirect(request.get_full_path())
                return render_handout(request, issued, skipped=skipped, back_url=request.get_full_path(),
                                      title="代表账号发放单")
    return render(request, "accounts/deputies.html", {
        "rows": shown, "total": len(rows), "groups": groups, "group": group, "state": state,
        "states": accounts.STATES, "state_counts": counts, "form": form, "chosen": chosen,
        "issue_form": IssueForm(), "query": request.GET.urlencode(),
    })


def _deputy(request, pk):
    return get_object_or_404(_serving_deputies().select_related("user"), pk=pk)


def deputy_account_reissue(request, pk):
    """A new link or initial password for one deputy (the old password stops working): a page to
    confirm, then a POST that issues and redirects to the hand-out."""
    require_office(request)
    deputy = _deputy(request, pk)
    return reissue_page(
        request, back=back_url(request, "deputy-accounts"), refusal=issuing.deputy_reissue_refusal(deputy),
        user=deputy.user, name=deputy.name, group=deputy.group or "", title="代表账号发放单（重新发放）",
        issue=lambda method: issuing.reissue_deputy(deputy, method, request.user, request),
    )


def deputy_account_active(request, pk):
    require_office(request)
    deputy = _deputy(request, pk)
    back = back_url(request, "deputy-accounts")
    if request.method == "POST":
        switch_active(request, deputy.user, deputy.name)
    return redirect(back)
