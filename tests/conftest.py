"""Shared fixtures: the Baiyun demo data, a second body beside it, and a logged-in client per role.

Users: the demo's (admin, office, director, lead-caijing, lead-shehui, deputy-demo, unit-demo, and
platform, the platform administrator of no body); the second body's office-other and admin-other.
"""

import os
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django_scopes import scopes_disabled

from tests import demo_snapshot

ROOT = Path(__file__).resolve().parent.parent
SECOND_BODY_DIR = ROOT / "fixtures" / "example-second-body"
# Modules whose tests take minutes, not seconds: marked slow, left out by make test-fast (make test and
# CI run everything). Browser tests and those needing a real broker are slow too, by their marks.
SLOW_MODULES = {"test_faults.py", "test_broker.py", "test_reminder_broker.py", "test_migrations_populated.py",
                "test_backup_restore.py", "test_api_fuzz.py", "test_permission_matrix.py", "test_roles_migration.py"}


def pytest_configure(config):
    """Under pytest-xdist (make test runs one worker per core) each worker has its own test database;
    the cache and stored files are shared services, so each worker keeps to its own part of them."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from django.conf import settings

        settings.CACHES["default"]["KEY_PREFIX"] = worker  # job progress is keyed by job id, per database
        settings.MEDIA_ROOT = str(Path(settings.MEDIA_ROOT) / worker)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if (Path(str(item.path)).name in SLOW_MODULES or "browser" in Path(str(item.path)).parts
                or item.get_closest_marker("broker")):
            item.add_marker(pytest.mark.slow)
        _give_schemathesis_case_its_own_id(item)


def _give_schemathesis_case_its_own_id(item):
    """Schemathesis names each operation's test `test_x[GET /api/…]`, but under pytest 9 all of them get the
    function's id; pytest-xdist's group scheduling keys tests by id and would run one operation of 113."""
    params = item.name.partition("[")[2].removesuffix("]")
    if params and "[" not in item.nodeid:
        item._id = type(item._id).parse(f"{item.nodeid}[{params}]")  # pytest keeps the id in _id (a NodeId)


def duplicate_test_ids(items) -> list[str]:
    return [nodeid for nodeid, n in Counter(item.nodeid for item in items).items() if n > 1]


def pytest_collection_finish(session):
    # A duplicate id makes pytest-xdist drop tests without a word: refuse to run instead.
    if duplicates := duplicate_test_ids(session.items):
        raise pytest.UsageError(f"{len(duplicates)} test ids are not unique, e.g. {duplicates[0]}")


# Real hashing costs ~0.3 s a password; tests need it to work, not to be slow.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Production hashes static files at collectstatic; tests serve them from the source folders."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _scopes_disabled_for_test_code():
    """Test set-up and assertions query freely; requests still run inside the user's scope."""
    with scopes_disabled():
        yield


SECOND_BODY_NAME = "示例市示例区人大常委会"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the Baiyun demo data and a second body once; each test runs in a transaction on top.

    Tests marked transactional_db flush the tables when they end; pytest-django runs them after
    all the others, so they never take the shared data away from a test that needs it.
    """
    from core.models import BodyMembership
    from core.roles import ADMINISTRATOR, OFFICE, ensure_roles
    from reports.demo import load_body_dir, load_demo

    fast_hashing = override_settings(PASSWORD_HASHERS=FAST_HASHERS)
    with django_db_blocker.unblock(), scopes_disabled(), fast_hashing:
        load_demo()
        body = load_body_dir(SECOND_BODY_DIR)
        user = get_user_model().objects.create_user("office-other", password="renda-demo", first_name="示例区办公室")
        user.groups.add(ensure_roles()[OFFICE])
        BodyMembership.objects.create(user=user, body=body)
        # The second body's own administrator, for the back office's isolation tests.
        admin = get_user_model().objects.create_user("admin-other", password="renda-demo", first_name="示例区系统管理员")
        admin.groups.add(ensure_roles()[ADMINISTRATOR])
        BodyMembership.objects.create(user=admin, body=body)
        demo_snapshot.capture()


def restore_session_data() -> None:
    """After a transactional test flushed the tables: the session's data back, as it was loaded
    (tests/demo_snapshot.py; a fraction of a second where loading it again takes about 6 s)."""
    from core.models import Body
    from reports.demo import demo_body_name

    with scopes_disabled():
        if not Body.objects.filter(name=demo_body_name()).exists():
            demo_snapshot.restore()


# Set when a transactional test has ended on this process: its flush took the session's data away.
_session_data_flushed = False


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    marked = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    fixtures = getattr(item, "fixturenames", ())
    return marked or "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """pytest-django runs transactional tests last, but pytest-xdist's worksteal (and any chosen subset)
    can hand a worker ordinary database tests after one: put the data back before their transaction opens."""
    global _session_data_flushed
    if _session_data_flushed and not _is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_session_data()
        _session_data_flushed = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the test's fixtures, transactional_db's flush among them, are torn down here
    global _session_data_flushed
    if _is_transactional(item):
        _session_data_flushed = True


@pytest.fixture
def demo(transactional_db):
    """The session's data, committed, for tests that need real transactions (browsers, workers):
    the demo body, the second body and their users, restored if an earlier test flushed them."""
    restore_session_data()


@pytest.fixture
def baiyun(db):
    from core.models import Body
    from reports.demo import demo_body_name

    return Body.objects.get(name=demo_body_name())


@pytest.fixture
def second_body(db):
    """Another district's standing committee, with a user of its own office (`office-other`)."""
    from core.models import Body

    return Body.objects.get(name=SECOND_BODY_NAME)


@pytest.fixture
def empty_db(db):
    """For tests that start from nothing: the shared data is removed inside this test's transaction."""
    from core.models import Body

    Body.objects.all().delete()
    get_user_model().objects.all().delete()


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def office_client(baiyun):
    return client_for("office")


@pytest.fixture
def director_client(baiyun):
    return client_for("director")


@pytest.fixture
def lead_client(baiyun):
    return client_for("lead-caijing")
