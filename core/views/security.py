"""The body administrator's security pages: API tokens (/settings/tokens/) and log-ins (/settings/logins/).

Tokens: the body's API keys, issued to one of its staff users and shown once (sealed in the session
for one GET after the POST, as the accounts' hand-out does), revoked with a POST. Log-ins: the
lock-outs and log-in records django-axes keeps, only for usernames of this body's members, and
unlocking one of them. Every change is recorded in core.change_log and listed on its page.
"""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.functions import Lower
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from core import accounts, api_tokens, change_log, staff_users
from core.models import ApiToken, BodyMembership
from core.settings_access import require_body_admin

TOKEN_HANDOUTS = "api_token_handouts"  # session key: {handout id: sealed key}
LOGIN_ROWS = 50
UNLOCK_LABEL = "登录锁定"


def _who(user) -> str:
    if user is None:
        return "—"
    full = user.get_full_name()
    return f"{full}（{user.username}）" if full else user.username


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


# --- tokens ----------------------------------------------------------------------------------------


def token_users(body):
    """Who may get a token here: the body's active staff users (core.staff_users), never deputies,
    units' contacts or superusers."""
    return staff_users.staff_users(body, active=True)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _who(obj)


class IssueTokenForm(forms.Form):
    user = UserChoiceField(
        label="用户", queryset=get_user_model().objects.none(),
        error_messages={"required": "请选择令牌的用户。",
                        "invalid_choice": "只能为本级人大常委会在用的工作人员账号签发令牌，请从列表中选择。"},
    )
    name = forms.CharField(label="用途", max_length=60, help_text="如“与办公自动化系统对接”，便于日后识别和作废。",
                           error_messages={"required": "请填写令牌的用途。",
                                           "max_length": "用途最多 60 个字。"})

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = token_users(body)


def tokens_page(request):
    body = require_body_admin(request)
    form = IssueTokenForm(request.POST or None, body=body)
    if request.method == "POST":
        if form.is_valid():
            token, raw = api_tokens.issue_token(form.cleaned_data["user"], body, form.cleaned_data["name"],
                                                request.user)
            return _handout_redirect(request, token, raw)
    shown = _take_handout(request, body) if request.method == "GET" and "h" in request.GET else None
    if request.method == "GET" and "h" in request.GET and shown is None:
        messages.info(request, "令牌密钥只显示一次，已经不能再次查看；如已遗失，请作废后重新签发。")
    tokens = list(ApiToken.objects.filter(body=body).select_related("user", "created_by"))
    members = set(BodyMembership.objects.filter(body=body).values_list("user_id", flat=True))
    for token in tokens:
        token.state = _state(token, members)
    response = render(request, "settings/tokens.html", {
        "form": form, "tokens": tokens, "shown": shown,
        "history": change_log.history(ApiToken, [t.pk for t in tokens]),
    }, status=400 if request.method == "POST" else 200)
    add_never_cache_headers(response)
    return response


def _state(token, members) -> str:
    if token.revoked_at:
        return "已作废"
    if not token.user.is_active:
        return "无效（用户已停用）"
    if token.user_id not in members:
        return "无效（用户已不属于本级）"
    return "有效"


def _handout_redirect(request, token, raw):
    """The key goes into the session sealed under a key only the redirect URL carries; one GET shows it."""
    query = accounts.park_sealed(request.session, TOKEN_HANDOUTS, {"token": token.pk, "key": raw})
    return redirect(f"{reverse('settings-tokens')}?{query}")


def _take_handout(request, body):
    data = accounts.take_sealed(request.session, TOKEN_HANDOUTS, request.GET)
    if not data:
        return None
    token = ApiToken.objects.filter(body=body, pk=data["token"]).select_related("user").first()
    return {"token": token, "key": data["key"]} if token else None


def token_revoke(request, pk):
    body = require_body_admin(request)
    refused = _post_only(request)
    if refused:
        return refused
    token = get_object_or_404(ApiToken.objects.filter(body=body).select_related("user"), pk=pk)
    if api_tokens.revoke(token, request.user):
        messages.success(request, f"已作废令牌“{token.name}”（{token.key_prefix}…，{_who(token.user)}），"
                                  "使用它的程序将无法再访问接口。")
    else:
        messages.info(request, f"令牌“{token.name}”此前已作废。")
    return redirect("settings-tokens")


# --- log-ins ---------------------------------------------------------------------------------------


def _member_usernames(body):
    """This body's members' usernames, lower-cased, as a subquery."""
    return (get_user_model().objects.filter(body_memberships__body=body)
            .annotate(lowered=Lower("username")).values("lowered"))


def _of_body(model, body):
    return model.objects.annotate(lowered=Lower("username")).filter(lowered__in=_member_usernames(body))


def logins_page(request):
    body = require_body_admin(request)
    now = timezone.now()
    attempts = list(_of_body(AccessAttempt, body).order_by("-attempt_time")[:LOGIN_ROWS])
    successes = list(_of_body(AccessLog, body).order_by("-attempt_time")[:LOGIN_ROWS])
    failures = list(_of_body(AccessFailureLog, body).order_by("-attempt_time")[:LOGIN_ROWS])
    names = {row.lowered for row in attempts + successes + failures}
    users = {u.username.lower(): u for u in get_user_model().objects.annotate(lowered=Lower("username"))
             .filter(lowered__in=names, body_memberships__body=body)}
    cooloff = settings.AXES_COOLOFF_TIME
    for row in attempts:
        row.user = users.get(row.lowered)
        row.until = row.attempt_time + cooloff if isinstance(cooloff, timedelta) else None
        row.locked = row.failures_since_start >= settings.AXES_FAILURE_LIMIT and (row.until is None or row.until > now)
    records = sorted(
        [("成功", row) for row in successes] + [("失败", row) for row in failures],
        key=lambda pair: pair[1].attempt_time, reverse=True,
    )[:LOGIN_ROWS]
    for _, row in records:
        row.user = users.get(row.lowered)
    member_ids = BodyMembership.objects.filter(body=body).values("user_id")
    history = (LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model(), for_concrete_model=False),
        object_id__in=[str(pk) for pk in member_ids.values_list("user_id", flat=True)],
        change_message__startswith=UNLOCK_LABEL,
    ).select_related("user").order_by("-action_time")[:LOGIN_ROWS])
    return render(request, "settings/logins.html", {
        "attempts": attempts, "records": records, "history": history, "failure_limit": settings.AXES_FAILURE_LIMIT,
        "failure_log_on": settings.AXES_ENABLE_ACCESS_FAILURE_LOG,
    })


def login_unlock(request, pk):
    body = require_body_admin(request)
    refused = _post_only(request)
    if refused:
        return refused
    attempt = get_object_or_404(_of_body(AccessAttempt, body), pk=pk)
    user = (get_user_model().objects.annotate(lowered=Lower("username"))
            .filter(lowered=attempt.lowered, body_memberships__body=body).first())
    if user is None:
        raise Http404
    with transaction.atomic():
        rows = list(AccessAttempt.objects.annotate(lowered=Lower("username")).filter(lowered=attempt.lowered))
        failures = sum(row.failures_since_start for row in rows)
        AccessAttempt.objects.filter(pk__in=[row.pk for row in rows]).delete()
        change_log.record(request.user, user, "change", {UNLOCK_LABEL: (f"失败 {failures} 次", "已解除")},
                          note=f"用户：{_who(user)}")
    messages.success(request, f"已解除 {_who(user)} 的登录锁定，可以重新登录。")
    return redirect("settings-logins")
