"""Shared pieces of every API viewset."""

from django_scopes import scope

from core.bodies import body_for_user


class BodyScopedViewSetMixin:
    """Scope every query of the request to the caller's body.

    The middleware already scoped session users; token users are only known once DRF has
    authenticated them in initial(), so the scope is (re)entered there and left when the
    response is finalised.
    """

    _body_scope = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        body = body_for_user(request.user)
        request.renda_body = body
        self._body_scope = scope(body=body if body is not None else [])
        self._body_scope.__enter__()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._body_scope is not None:
            self._body_scope.__exit__(None, None, None)
            self._body_scope = None
        return response
