"""API keys: issued by a body's administrator to one of its users, kept only as a digest, revocable.

A key is "rd_" and 43 random URL-safe characters. The database keeps its SHA-256 digest (looked up
by index, so checking a key costs one query and reveals nothing through timing about other keys)
and its first 8 characters, so the settings page can tell keys apart. The key is handed over once,
on issue. A key works only in its body, for an active user who is still a member of that body, and
not once revoked. Issuing and revoking are recorded in core.change_log.
"""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from core import change_log
from core.models import ApiToken

KEY_PREFIX = "rd_"
SHOWN_CHARS = 8
MAX_KEY_LENGTH = 200  # longer input is no key of ours; not worth hashing


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(user, body, name: str, by) -> tuple[ApiToken, str]:
    """A new key for `user` in `body`; returns the token row and the key, which is never stored."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.unscoped.create(
            user=user, body=body, name=name, key_prefix=raw[:SHOWN_CHARS], key_digest=digest(raw), created_by=by,
        )
        change_log.record(by, token, "add", {"用户": (None, _who(user)), "用途": (None, name),
                                             "密钥开头": (None, f"{token.key_prefix}…")})
    return token, raw


def revoke(token: ApiToken, by) -> bool:
    """Stop the key working; False when it was already revoked (nothing changes then)."""
    with transaction.atomic():
        updated = ApiToken.unscoped.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if not updated:
            return False
        token.refresh_from_db(fields=["revoked_at"])
        change_log.record(by, token, "change", {"状态": ("有效", "已作废")}, note=f"用户：{_who(token.user)}")
    return True


def authenticate_key(raw: str) -> ApiToken | None:
    """The token of this key when it may be used now; None otherwise."""
    if not raw or len(raw) > MAX_KEY_LENGTH:
        return None
    wanted = digest(raw)
    token = ApiToken.unscoped.select_related("user", "body").filter(key_digest=wanted).first()
    # The lookup is by digest; the comparison repeats it in constant time all the same.
    if token is None or not hmac.compare_digest(token.key_digest, wanted):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    if not token.user.body_memberships.filter(body_id=token.body_id).exists():
        return None
    return token


def _who(user) -> str:
    full = user.get_full_name()
    return f"{full}（{user.username}）" if full else user.username
