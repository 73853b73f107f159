"""`migrate` alone gives a working deployment: the six roles exist with their permissions, without the demo."""

import json
import os
import subprocess
import sys
from pathlib import Path

from renda.roles import ROLES, _ROLE_PERMISSIONS

ROOT = Path(__file__).resolve().parent.parent

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
    return sorted(f"{action}_{model}" for models in _ROLE_PERMISSIONS[role].values()
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
