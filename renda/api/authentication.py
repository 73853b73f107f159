"""API authentication that keeps deputies and units' contacts to the endpoints about their own work.

Every API view authenticates through these classes (settings.REST_FRAMEWORK), so the confinement
in renda.external holds for token and session callers on every route, present and future.
"""

from rest_framework import authentication, exceptions

from renda.external import REFUSED, may_visit


def _confined(request, result):
    if result is not None and not may_visit(result[0], request._request.path):
        raise exceptions.PermissionDenied(REFUSED)
    return result


class ConfinedTokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        return _confined(request, super().authenticate(request))


class ConfinedSessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        return _confined(request, super().authenticate(request))


# The API schema describes them as the token and session schemes they extend.
from drf_spectacular.authentication import SessionScheme, TokenScheme  # noqa: E402


class ConfinedTokenScheme(TokenScheme):
    target_class = ConfinedTokenAuthentication


class ConfinedSessionScheme(SessionScheme):
    target_class = ConfinedSessionAuthentication
