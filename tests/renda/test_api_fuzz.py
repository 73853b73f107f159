"""Fuzzing the API: schemathesis sends generated requests to every operation of the OpenAPI schema.

As the office and as a committee member (token authentication), every answer must be free of
server errors (5xx) and match the schema: a documented status code, its content type and body.
Each test runs in the test transaction, so whatever the requests write is rolled back.

Examples per operation: env RENDA_FUZZ_EXAMPLES (small by default, for `make test`; larger for
`make fuzz`). Hypothesis' example database is off and the bounded run is derandomised, so a
failure seen once is seen again.
"""

import os
import re
from collections import Counter
from contextlib import contextmanager

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_tokens import token_for

EXAMPLES = int(os.environ.get("RENDA_FUZZ_EXAMPLES", "10"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _load_schema():
    # The document /api/schema/ serves, built the same way without a request.
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(_plain(raw))
    schema.app = get_wsgi_application()
    return schema


def _plain(value):
    """drf-spectacular returns lazy strings and ordered dicts; schemathesis wants plain JSON values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


schema = _load_schema()
# Schemathesis' coverage phase adds boundary and malformed values of every parameter to the examples.
schema.config.phases.coverage.enabled = os.environ.get("RENDA_FUZZ_COVERAGE", "0") == "1"

# Random ids almost never name a real object; half the path parameters come from the caller's own
# list of that resource instead, so the detail and write operations reach real objects too.
_known_ids: dict[str, list] = {}
YEARS = list(range(2015, 2031))


def _list_path(path: str) -> str:
    return path.split("{", 1)[0]


@schema.hook
def before_generate_path_parameters(context, strategy):
    path = context.operation.path
    names = re.findall(r"{(\w+)}", path)
    if len(names) != 1:
        return strategy
    name = names[0]
    if name == "year":
        return st.one_of(strategy, st.sampled_from(YEARS).map(lambda y: {"year": y}))
    prefix = _list_path(path)
    known = st.integers(min_value=0, max_value=10**6).map(lambda i: _pick_known(prefix, name, i))
    return st.one_of(strategy, known).filter(lambda params: params is not None)


def _pick_known(prefix, name, index):
    ids = _known_ids.get(prefix)
    if not ids:
        return None
    return {name: ids[index % len(ids)]}


def _collect_known_ids(api: APIClient, username: str):
    """The ids of each resource the user can list (the session's shared data; cached per user)."""
    if username not in _ids_by_user:
        found = {}
        for prefix in {_list_path(op.path) for op in _operations() if "{" in op.path}:
            response = api.get(prefix, {"page_size": 100})
            if response.status_code == 200 and response["Content-Type"] == "application/json":
                body = response.json()
                rows = body.get("results", []) if isinstance(body, dict) else body
                found[prefix] = [row.get("id", row.get("job_id")) for row in rows if isinstance(row, dict)]
        _ids_by_user[username] = found
    _known_ids.clear()
    _known_ids.update(_ids_by_user[username])


_ids_by_user: dict[str, dict] = {}


def _operations():
    return [result.ok() for result in schema.get_all_operations()]


def _token_headers(username, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # schemathesis' WSGI host
    user = get_user_model().objects.get(username=username)
    token = token_for(user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    _collect_known_ids(api, username)
    return {"Authorization": f"Token {token}"}


@contextmanager
def _keeping_test_connection():
    """As Django's test client does: a request must not close the connection holding the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def office_headers(baiyun, settings):
    headers = _token_headers("office", settings)  # its test-client requests reconnect the signals
    with _keeping_test_connection():
        yield headers


@pytest.fixture
def member_headers(baiyun, settings):
    headers = _token_headers("lead-caijing", settings)
    with _keeping_test_connection():
        yield headers


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    database=None,
    derandomize=EXAMPLES <= 20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


# Requests sent per role and operation, for the figures printed at the end.
_sent: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def _print_figures(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None or not _sent:
        return
    with capture.global_and_fixture_disabled():
        for role in sorted({role for role, _ in _sent}):
            counts = [n for (name, _), n in _sent.items() if name == role]
            reporter.write_line(f"\nAPI fuzz as {role}: {len(counts)} operations, {sum(counts)} requests "
                                f"(RENDA_FUZZ_EXAMPLES={EXAMPLES}, coverage phase "
                                f"{'on' if schema.config.phases.coverage.enabled else 'off'})")


def _call(case, role, headers):
    _sent[role, case.operation.label] += 1
    case.call_and_validate(headers=headers, checks=CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_office_gets_no_server_error_and_schema_conforming_answers(case, office_headers):
    _call(case, "office", office_headers)


@schema.parametrize()
@FUZZ_SETTINGS
def test_committee_member_gets_no_server_error_and_schema_conforming_answers(case, member_headers):
    _call(case, "lead-caijing", member_headers)
