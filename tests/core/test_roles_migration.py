"""`migrate` alone gives a working deployment: the six roles exist with their permissions, without the demo."""

import json
import os
import subprocess
import sys
from pathlib import Path

from core.roles import _ROLE_PERMISSIONS, ROLES

ROOT = Path(__file__).resolve().parents[2]

GROUPS_SCRIPT = """
import json
from django.contrib.auth.models import Group
print(json.dumps({g.name: sorted(p.codename for p in g.permissions.all()) for g in Group.objects.all()}))
"""


def _manage(db_path, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "DEBUG": "true"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=300).stdout


def _groups(db_path) -> dict:
    return json.loads(_manage(db_path, "shell", "-c", GROUPS_SCRIPT).strip().splitlines()[-1])


def _expected(role) -> list[str]:
    return sorted(f"{action}_{model}" for models in [_ROLE_PERMISSIONS[role]]
                  for model, actions in models.items() for action in actions)


def test_migrate_on_an_empty_database_creates_the_roles_and_keeps_them_in_step(tmp_path):
    db = tmp_path / "new.sqlite3"
    _manage(db, "migrate", "--noinput")
    groups = _groups(db)
    assert set(groups) == set(ROLES)
    for role in ROLES:
        assert groups[role] == _expected(role), role
    assert "change_planitem" in groups["委员会成员"] and "add_meeting" in groups["办公室"]

    # A permission taken away by hand (or a permission added in a later release) is put right by
    # the next migrate.
    _manage(db, "shell", "-c", "from django.contrib.auth.models import Group; "
                               "Group.objects.get(name='办公室').permissions.clear()")
    assert _groups(db)["办公室"] == []
    _manage(db, "migrate", "--noinput")
    assert _groups(db)["办公室"] == _expected("办公室")


UPGRADE_SCRIPT = """
from django.contrib.auth.models import User
from core.models import Body, BodyMembership  # the tables are those of plans before the move
body = Body.objects.create(name="升级前的人大常委会", area_name="升级区", level="county")
old_admin = User.objects.create_superuser("old-admin", password="x")
BodyMembership.objects.create(user=old_admin, body=body)
User.objects.create_superuser("root", password="x")
"""

USERS_SCRIPT = """
import json
from django.contrib.auth.models import User
print(json.dumps({u.username: [u.is_superuser, u.is_staff, sorted(u.groups.values_list("name", flat=True))]
                  for u in User.objects.all()}))
"""


def test_upgrading_turns_body_superusers_into_body_administrators(tmp_path):
    """Before, a body's administrator was a superuser with a body; after migrating, they are the body's
    系统管理员 and no superuser, while a superuser of no body stays the platform administrator."""
    db = tmp_path / "upgrade.sqlite3"
    _manage(db, "migrate", "--noinput", "renda", "0005_apitoken")
    _manage(db, "migrate", "--noinput", "plans", "0009_term_meetings_before")  # the last before the move to core
    _manage(db, "shell", "-c", UPGRADE_SCRIPT)
    _manage(db, "migrate", "--noinput")
    users = json.loads(_manage(db, "shell", "-c", USERS_SCRIPT).strip().splitlines()[-1])
    assert users["old-admin"] == [False, False, ["系统管理员"]]
    assert users["root"] == [True, True, []]
