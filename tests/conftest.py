"""Shared fixtures: the Baiyun demo data, a second body beside it, and a logged-in client per role."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_scopes import scopes_disabled

ROOT = Path(__file__).resolve().parent.parent
SECOND_BODY_DIR = ROOT / "fixtures" / "example-second-body"


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Production hashes static files at collectstatic; tests serve them from the source folders."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _scopes_disabled_for_test_code():
    """Test set-up and assertions query freely; requests still run inside the user's scope."""
    with scopes_disabled():
        yield


@pytest.fixture
def baiyun(db):
    from plans.demo import load_demo

    return load_demo()


@pytest.fixture
def second_body(db):
    """Another district's standing committee, with a user of its own office."""
    from plans.demo import load_body_dir
    from plans.models import BodyMembership
    from renda.roles import OFFICE, ensure_roles

    body = load_body_dir(SECOND_BODY_DIR)
    user = get_user_model().objects.create_user("office-other", password="renda-demo", first_name="示例区办公室")
    user.groups.add(ensure_roles()[OFFICE])
    BodyMembership.objects.create(user=user, body=body)
    return body


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
