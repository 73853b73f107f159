"""`migrate` alone gives a working deployment: the six roles exist with their permissions, without the demo."""

import json
import os
import subprocess
import sys
from pathlib import Path

from core.roles import _ROLE_PERMISSIONS, ROLES

ROOT = Path(__file__).resolve().parents[2]

GROUPS = """
import json
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
def groups():
    return {g.name: sorted(p.codename for p in g.permissions.all()) for g in Group.objects.all()}
def migrate(*args):
    call_command("migrate", *args, interactive=False, verbosity=0)
    ContentType.objects.clear_cache()  # as a new process would start, after types moved between apps
"""


def _manage(db_path, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "DEBUG": "true"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=300).stdout


def _run(db_path, script) -> dict:
    """One process that migrates and reads, as an operator's `manage.py migrate` then `shell` would
    (a process apiece costs seconds each on this suite's budget); the script prints one JSON line."""
    return json.loads(_manage(db_path, "shell", "-c", GROUPS + script).strip().splitlines()[-1])


def _expected(role) -> list[str]:
    return sorted(f"{action}_{model}" for models in [_ROLE_PERMISSIONS[role]]
                  for model, actions in models.items() for action in actions)


def test_migrate_on_an_empty_database_creates_the_roles_and_keeps_them_in_step(tmp_path):
    seen = _run(tmp_path / "new.sqlite3", """
migrate()
first = groups()
# A permission taken away by hand (or a permission added in a later release) is put right by the next migrate.
Group.objects.get(name="办公室").permissions.clear()
cleared = groups()["办公室"]
migrate()
print(json.dumps({"first": first, "cleared": cleared, "again": groups()["办公室"]}))
""")
    groups = seen["first"]
    assert set(groups) == set(ROLES)
    for role in ROLES:
        assert groups[role] == _expected(role), role
    assert "change_planitem" in groups["委员会成员"] and "add_meeting" in groups["办公室"]
    assert seen["cleared"] == []
    assert seen["again"] == _expected("办公室")


UPGRADE = """
from django.contrib.auth.models import User
from core.models import Body, BodyMembership  # the tables are those of plans before the move
migrate("renda", "0005_apitoken")
migrate("plans", "0009_term_meetings_before")  # the last before the move to core
body = Body.objects.create(name="升级前的人大常委会", area_name="升级区", level="county")
old_admin = User.objects.create_superuser("old-admin", password="x")
BodyMembership.objects.create(user=old_admin, body=body)
User.objects.create_superuser("root", password="x")
migrate()
print(json.dumps({u.username: [u.is_superuser, u.is_staff, sorted(u.groups.values_list("name", flat=True))]
                  for u in User.objects.all()}))
"""


def test_upgrading_turns_body_superusers_into_body_administrators(tmp_path):
    """Before, a body's administrator was a superuser with a body; after migrating, they are the body's
    系统管理员 and no superuser, while a superuser of no body stays the platform administrator."""
    users = _run(tmp_path / "upgrade.sqlite3", UPGRADE)
    assert users["old-admin"] == [False, False, ["系统管理员"]]
    assert users["root"] == [True, True, []]
