"""Builders for the handling unit's portal tests (tests/test_portal_unit*.py, tests/browser/test_portal_unit.py):
unit contacts with their own accounts, and suggestions assigned to a lead unit and co-units."""

from datetime import date

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from deputies.suggestions import lifecycle
from tests.isolation_suggestions import make_suggestion, office_user


def unit_user(body, unit, username, *, name="测试经办人", password="renda-demo"):
    """A 承办单位联系人 of `unit`: User + group + BodyMembership + UnitContact."""
    from core.models import BodyMembership, UnitContact
    from core.roles import UNIT_CONTACT, ensure_roles

    user = get_user_model().objects.create_user(username, password=password, first_name=f"{unit.name}{name}")
    user.groups.add(ensure_roles()[UNIT_CONTACT])
    BodyMembership.objects.create(user=user, body=body)
    UnitContact.objects.create(unit=unit, user=user, name=name, level=UnitContact.Level.HANDLER)
    return user


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assigned_to(body, lead, co_units=(), *, assigned_on=None, title="关于完善社区养老服务的建议", **kwargs):
    """A suggestion assigned (by the office) to `lead` with `co_units`, today unless said otherwise."""
    s = make_suggestion(body, title=title, **kwargs)
    return lifecycle.assign(s, assigned_on=assigned_on or timezone.localdate(), lead_unit=lead,
                            co_units=list(co_units), by=office_user(body))


OLD_ASSIGNMENT = date(2023, 2, 1)
