"""API authentication that keeps deputies and units' contacts to the endpoints about their own work.

Every API view authenticates through these classes (settings.REST_FRAMEWORK), so the confinement
in core.external holds for token and session callers on every route, present and future.

Tokens are renda's own (core.api_tokens: issued on /settings/tokens/, kept as a digest): a caller
sends `Authorization: Token <key>`; a missing header falls through to the session, a wrong,
revoked or no longer valid key answers 401 with `WWW-Authenticate: Token`.
"""

from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions

from core.api_tokens import authenticate_key
from core.external import REFUSED, may_visit
from core.models import ApiToken

# last_used_at is written at most this often per token, not on every call.
LAST_USED_EVERY = timedelta(minutes=1)
INVALID = "令牌无效、已作废，或其用户已停用、已不属于该人大常委会。"


def _confined(request, result):
    if result is not None and not may_visit(result[0], request._request.path):
        raise exceptions.PermissionDenied(REFUSED)
    return result


class BodyTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` with a key of core.api_tokens; the user works in the token's body."""

    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("令牌格式不对：应为 “Authorization: Token 密钥”，密钥中不含空格。")
        try:
            raw = parts[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(INVALID) from None
        token = authenticate_key(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
            ApiToken.unscoped.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        user = token.user
        user._renda_body = token.body  # core.bodies.body_for_user: the token works in its own body
        return user, token

    def authenticate_header(self, request):
        return self.keyword


class ConfinedTokenAuthentication(BodyTokenAuthentication):
    def authenticate(self, request):
        return _confined(request, super().authenticate(request))


class ConfinedSessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        return _confined(request, super().authenticate(request))


# The API schema describes them as the token and session schemes they stand for.
from drf_spectacular.authentication import SessionScheme, TokenScheme  # noqa: E402


class ConfinedTokenScheme(TokenScheme):
    target_class = ConfinedTokenAuthentication


class ConfinedSessionScheme(SessionScheme):
    target_class = ConfinedSessionAuthentication
