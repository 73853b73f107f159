"""Deputies' accounts: created from the roster, all or none, and re-issued (core/accounts.py issues every log-in)."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction

from core.accounts import (
    STAFF_ACCOUNT,
    AccountError,
    Credentials,
    check_method,
    is_staff_account,
    issue_login,
    join_body,
    username_taken,
)
from core.roles import DEPUTY


def deputy_username(deputy, planned: set[str]) -> str:
    """From the deputy's code when it has one (BY17-001 → by17-001), else dep<id>; made unique."""
    base = re.sub(r"[^a-z0-9._-]+", "", (deputy.code or "").lower()).strip("._-")
    base = base if len(base) >= 2 else f"dep{deputy.pk}"
    base = base[:140]
    candidate, n = base, 1
    while username_taken(candidate, planned):
        n += 1
        candidate = f"{base}-{n}"
    planned.add(candidate.lower())
    return candidate


def create_deputy_accounts(body, deputies, method, by, request) -> tuple[list[Credentials], list[str]]:
    """Accounts for the chosen deputies of the body, all or none; those who have one are skipped.

    Returns the hand-out's credentials and a note for each deputy skipped.
    """
    from deputies.models import Deputy

    check_method(method)
    deputies = list(deputies)
    if not deputies:
        raise AccountError("请至少选择一位代表。", "deputies")
    for deputy in deputies:
        if deputy.body_id != body.pk:
            raise AccountError(f"代表“{deputy}”不是本级人大代表。", "deputies")
        if deputy.status != Deputy.Status.SERVING:
            raise AccountError(f"代表“{deputy}”已不在任（{deputy.get_status_display()}），不能创建账号。", "deputies")
    User = get_user_model()
    issued, skipped, planned = [], [], set()
    with transaction.atomic():
        for deputy in sorted(deputies, key=lambda d: (d.group, d.name, d.pk)):
            current = Deputy.objects.select_for_update(of=("self",)).select_related("user").get(pk=deputy.pk)
            if current.user_id:
                skipped.append(f"{current.name}已有账号（{current.user.username}），未重复创建；如需补发请用“重新发放”。")
                continue
            user = User.objects.create_user(deputy_username(current, planned), first_name=current.name[:150])
            join_body(user, body, DEPUTY)
            current.user = user
            current.save(update_fields=["user"])
            issued.append(issue_login(user, method, by, request, name=current.name, group=current.group))
    return issued, skipped


def deputy_reissue_refusal(deputy) -> str | None:
    """Why the deputy's log-in may not be re-issued from the accounts page; None when it may."""
    if deputy.user_id is None:
        return f"代表“{deputy}”还没有账号，请先创建。"
    if is_staff_account(deputy.user):
        return STAFF_ACCOUNT
    return None


def reissue_deputy(deputy, method, by, request) -> Credentials:
    refusal = deputy_reissue_refusal(deputy)
    if refusal:
        raise AccountError(refusal, "deputy")
    return issue_login(deputy.user, method, by, request, name=deputy.name, group=deputy.group)
