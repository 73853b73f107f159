"""Walking the permission matrix: every route of the URL configuration, its methods, and how an answer reads.

Routes are every URL pattern (named or not) outside Django's admin; the API router's ".json" twins are
left out, as tests/deputies/test_party_confinement.py does (they answer as their routes do). Methods: pages are
requested by GET and POST; API routes by GET and each writing method their view maps. A writing method a
route does not map is left out (DRF would answer 405 to any caller past authentication); a page's POST is
always a cell, 405 where the page takes none. An API GET on a POST-only action is a cell too (405).
"""

from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

WRITES = ("post", "put", "patch", "delete")
ROLES = ("anon", "office", "own", "other", "director", "admin")
# Who makes each column's requests: own and other are the same member (lead-caijing), with 财经工委's
# object and with 社会建设工委's (tests/permission_matrix_objects.py builds both).
USERS = {"anon": None, "office": "office", "own": "lead-caijing", "other": "lead-caijing",
         "director": "director", "admin": "admin"}


def _patterns(resolver=None, namespace="", prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, ns, prefix + str(pattern.pattern))
        else:
            yield namespace, pattern, prefix + str(pattern.pattern)


def named_routes():
    """(namespaced name, pattern, path as written) of every named route, Django's admin aside."""
    for namespace, pattern, path in _patterns():
        if pattern.name:
            yield f"{namespace}{pattern.name}", pattern, path


def _methods(callback, is_api: bool) -> tuple[str, ...]:
    if not is_api:
        return ("get", "post")
    actions = getattr(callback, "actions", None)  # a router's viewset route
    if actions is None:
        view = getattr(callback, "cls", None) or callback.view_class
        actions = {m: m for m in WRITES if hasattr(view, m)}
    return ("get", *(m for m in WRITES if m in actions))


def routes() -> dict:
    """key (route name, or its path when unnamed) → (parameter names, path, methods)."""
    found = {}
    for namespace, pattern, text in _patterns():
        params = sorted(set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex))
        if "format" in params:
            continue
        path = "/" + text.replace("^", "").replace("$", "")
        key = f"{namespace}{pattern.name}" if pattern.name else path
        is_api = path.startswith("/api/")
        found.setdefault(key, (params, path, _methods(pattern.callback, is_api)))
    return found


def url_for(key: str, kwargs: dict) -> str:
    return key if key.startswith("/") else reverse(key, kwargs=kwargs or None)


def clients(body) -> dict:
    from django.contrib.auth import get_user_model

    made = {}
    for role, username in USERS.items():
        client = Client(raise_request_exception=False)
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        made[role] = client
    return made


def request(client, method: str, url: str):
    """One request in a savepoint rolled back, so no write is left for the next cell; streams consumed."""
    with transaction.atomic():
        kwargs = {"content_type": "application/json", "data": "{}"} if url.startswith("/api/") and method != "get" \
            else {}
        response = getattr(client, method)(url, **kwargs)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)  # the client closes it (closing again would drop the connection)
        transaction.set_rollback(True)
    return response


def code(response, is_api: bool) -> str:
    """The table's word for an answer."""
    status = response.status_code
    login = urlparse(resolve_url(settings.LOGIN_URL)).path
    if is_api and status == 401:
        return "login"
    if not is_api and status == 302 and urlparse(response["Location"]).path == login:
        return "login"
    if status == 403:
        return "deny"
    if status in (404, 405):
        return str(status)
    # A form sent back with errors (200, 400) or a conflict (409) got past the permission check.
    if status in (200, 201, 202, 204, 301, 302, 400, 409):
        return "ok"
    return str(status)
