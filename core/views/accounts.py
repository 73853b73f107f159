"""Account pages: the one-time link's password page, changing one's password, and the office's pages
for deputies' and handling units' accounts with their printable hand-out.

The hand-out shows each link or initial password once: nothing keeps them in clear, and the
response is never cached. Who may manage accounts: core.accounts.account_refusal (a 403 with the
reason); everything else is decided in core.accounts.
"""


from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from core import accounts
from core.forms.accounts import (
    AccountPasswordChangeForm,
    ActiveForm,
    IssueForm,
    SetupPasswordForm,
    UnitContactForm,
    add_account_error,
)
from core.middleware import MUST_CHANGE_PASSWORD


def require_office(request) -> None:
    reason = accounts.account_refusal(request.user)
    if reason:
        raise PermissionDenied(reason)


# --- the person's own password -------------------------------------------------------------------


class AccountSetupView(auth_views.PasswordResetConfirmView):
    """/accounts/setup/<uidb64>/<token>/: the one-time link; the person sets a password and is in."""

    form_class = SetupPasswordForm
    template_name = "accounts/setup.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = "/"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # A switched-off account cannot come back through an old link.
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.pop(MUST_CHANGE_PASSWORD, None)
        messages.success(self.request, "密码已设置，欢迎使用。以后请用用户名和这个密码登录。")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["setup_user"] = self.user if context.get("validlink") else None
        context["link_days"] = self._link_days()
        return context

    @staticmethod
    def _link_days() -> int:
        from django.conf import settings

        return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))


class PasswordChangeView(auth_views.PasswordChangeView):
    """/accounts/password/: everyone's own password; the first stop of an account on issued credentials."""

    form_class = AccountPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_set(self.request.user)
        self.request.session.pop(MUST_CHANGE_PASSWORD, None)
        messages.success(self.request, "密码已修改。")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["must_change"] = bool(self.request.session.get(MUST_CHANGE_PASSWORD))
        return context


# --- the hand-out ------------------------------------------------------------------------------


HANDOUTS = "account_handouts"  # session key: {handout id: sealed sheet}


def handout_redirect(request, credentials, *, back_url, title):
    """After issuing (a POST): keep the sheet sealed in the session and go to the page that shows it once."""
    query = accounts.park_sealed(request.session, HANDOUTS, {
        "credentials": accounts.credentials_data(credentials), "back_url": back_url, "title": title})
    return redirect(f"{reverse('account-handout')}?{query}")


def account_handout(request):
    """/settings/accounts/handout/: the sheet of a re-issue, shown once; a refresh says it was shown."""
    require_office(request)
    sheet = accounts.take_sealed(request.session, HANDOUTS, request.GET)
    if sheet is None:
        response = render(request, "accounts/handout_gone.html", {"back_url": back_url(request, "deputy-accounts")})
        add_never_cache_headers(response)
        return response
    return render_handout(request, accounts.credentials_from(sheet["credentials"]), back_url=sheet["back_url"],
                          title=sheet["title"])


def render_handout(request, credentials, *, skipped=(), back_url, title, body=None, back_label="返回账号列表"):
    """The printable sheet; `body` names the system on it when the issuer belongs to no body (the platform)."""
    response = render(request, "accounts/handout.html", {
        "credentials": credentials, "skipped": skipped, "back_url": back_url, "title": title,
        "handout_body": body or getattr(request, "renda_body", None), "back_label": back_label,
        "issued_at": timezone.localtime(), "link_days": AccountSetupView._link_days(),
        "login_url": request.build_absolute_uri(reverse("login")),
    })
    add_never_cache_headers(response)
    return response


# --- deputies' accounts --------------------------------------------------------------------------


# --- handling units' contacts --------------------------------------------------------------------


def _units():
    from core.bodies import handling_units

    return handling_units()


def unit_accounts(request):
    """Each reporting body with its contacts; add a contact and hand out their log-in."""
    from django.db.models import Prefetch

    from core.models import UnitContact

    require_office(request)
    contacts = UnitContact.objects.select_related("user__account_setup").order_by("level", "pk")
    units = list(_units().prefetch_related(Prefetch("contacts", queryset=contacts)))
    for unit in units:
        unit.contact_rows = list(unit.contacts.all())
        for c in unit.contact_rows:
            c.account_key, c.account_label = accounts.account_state(c.user)
            c.setup = accounts.setup_of(c.user)
    picked = request.GET.get("unit", "")
    form = UnitContactForm(request.POST or None, units=_units(),
                           initial={"unit": int(picked)} if picked.isdigit() else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            credentials = accounts.create_unit_contact(
                request.renda_body, d["unit"], d["level"], d["name"], d["title"], d["phone"], d["username"],
                d["method"], request.user, request)
        except accounts.AccountError as error:
            add_account_error(form, error)
        else:
            return render_handout(request, [credentials], back_url=reverse("unit-accounts"), title="承办单位账号发放单")
    return render(request, "accounts/units.html", {
        "units": [u for u in units if u.contact_rows], "without": [u for u in units if not u.contact_rows],
        "unit_count": len(units), "form": form, "issue_form": IssueForm(),
        "open_form": request.method == "POST" or picked.isdigit() or not any(u.contact_rows for u in units),
    }, status=400 if request.method == "POST" else 200)


def _contact(request, pk):
    from core.models import UnitContact

    return get_object_or_404(UnitContact.objects.select_related("user", "unit"), pk=pk)


def unit_contact_reissue(request, pk):
    require_office(request)
    contact = _contact(request, pk)
    return reissue_page(
        request, back=reverse("unit-accounts") + f"#unit-{contact.unit_id}",
        refusal=accounts.contact_reissue_refusal(contact), user=contact.user, name=contact.name,
        group=f"{contact.unit.name} · {contact.get_level_display()}", title="承办单位账号发放单（重新发放）",
        issue=lambda method: accounts.reissue_contact(contact, method, request.user, request),
    )


def unit_contact_active(request, pk):
    require_office(request)
    contact = _contact(request, pk)
    if request.method == "POST":
        switch_active(request, contact.user, f"{contact.unit.name} {contact.name}", contact=contact)
    return redirect(reverse("unit-accounts") + f"#unit-{contact.unit_id}")


# --- shared ----------------------------------------------------------------------------------------


def reissue_page(request, *, back, refusal, user, name, group, title, issue):
    """重新发放: GET (or a POST without `confirm`) shows whom it concerns and what happens to the log-in
    they have; the confirmed POST issues and redirects to the hand-out, shown once."""
    if refusal:
        messages.error(request, refusal)
        return redirect(back)
    confirmed = request.method == "POST" and request.POST.get("confirm") == "1"
    form = IssueForm(request.POST if confirmed else None,
                     initial={"method": request.POST.get("method") or request.GET.get("method") or "link"})
    if confirmed and form.is_valid():
        try:
            credentials = issue(form.cleaned_data["method"])
        except accounts.AccountError as error:
            messages.error(request, error.message)
            return redirect(back)
        return handout_redirect(request, [credentials], back_url=back, title=title)
    key, label = accounts.account_state(user)
    return render(request, "accounts/reissue_confirm.html", {
        "form": form, "back_url": back, "name": name, "group": group, "account": user, "state_label": label,
        "state_key": key, "next": back,
    }, status=400 if confirmed else 200)


def back_url(request, default_name) -> str:
    """Back to the list as it was filtered: only a path of this site, never another host."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    safe = back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return back if safe else reverse(default_name)


def switch_active(request, user, who, contact=None) -> None:
    form = ActiveForm(request.POST)
    if user is None or not form.is_valid():
        messages.error(request, "该账号不存在，或未选择启用还是停用。")
        return
    active = form.cleaned_data["active"]
    try:
        accounts.set_active(user, active, contact=contact)
    except accounts.AccountError as error:
        messages.error(request, error.message)
        return
    messages.success(request, f"已{'启用' if active else '停用'}{who}的账号（{user.username}）。"
                     + ("" if active else "停用后不能登录；需要时可再启用。"))

