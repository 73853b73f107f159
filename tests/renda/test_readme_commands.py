"""Every `manage.py` command the README documents works as written (issue 21, 21).

Each documented command line must name a real command with options its parser accepts; the ones a reader
runs on a development machine (`DEBUG=true .venv/bin/python manage.py …`) are run exactly as written, in a
clean environment (no SECRET_KEY or DEBUG inherited from the test run) on a fresh migrated demo database.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Lines a reader would run as they stand, too long for the suite: checked by their parser only.
NOT_RUN = {"generate_bench_data"}
PLACEHOLDERS = {"<name>": "office"}


def documented_command_lines() -> list[str]:
    """`manage.py <command> <options>` as written in code spans and blocks, up to a comment or the span's end."""
    found = []
    for match in re.finditer(r"manage\.py ([a-z_]+)([^`\n#]*)", README):
        line = f"{match[1]}{match[2]}".strip()
        if line not in found:
            found.append(line)
    return found


def development_lines() -> list[str]:
    """Whole lines written to be run on a development machine: `DEBUG=true .venv/bin/python manage.py …`."""
    lines = re.findall(r"`(DEBUG=true \.venv/bin/python manage\.py [^`]+)`", README)
    return list(dict.fromkeys(lines))


def test_the_readme_documents_commands():
    commands = {line.split()[0] for line in documented_command_lines()}
    assert {"load_demo", "send_reminders", "export_year", "migrate", "createsuperuser"} <= commands
    assert any("send_reminders --date 2023-04-25 --dry-run" in line for line in development_lines())


@pytest.mark.parametrize("line", documented_command_lines())
def test_each_documented_command_exists_and_takes_its_options(line):
    name, *args = shlex.split(line)
    args = [PLACEHOLDERS.get(a, a) for a in args]
    assert name in get_commands(), f"README names manage.py {name}, which does not exist"
    if args:  # a bare mention such as (`manage.py export_year`) names the command only
        command = load_command_class(get_commands()[name], name)
        command.create_parser("manage.py", name).parse_args(args)  # CommandError on an unknown option


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    """A fresh SQLite database with the migrations and the demo, made as `make run` makes it."""
    path = tmp_path_factory.mktemp("readme") / "db.sqlite3"
    env = _clean_env(path)
    for args in (["migrate", "--noinput"], ["load_demo", "--if-empty"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**env, "DEBUG": "true"}, check=True,
                       capture_output=True, timeout=600)
    return path


def _clean_env(database) -> dict:
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return {**keep, "DATABASE_URL": f"sqlite:///{database}"}


@pytest.mark.slow
@pytest.mark.parametrize("line", [line for line in development_lines()
                                  if not any(f" {name} " in f"{line} " for name in NOT_RUN)])
def test_each_development_command_runs_as_written(line, demo_database, tmp_path):
    python = Path(sys.executable)
    # The README says .venv/bin/python; the suite's own interpreter stands in for it (same project, same lock).
    written = line.replace(".venv/bin/python", shlex.quote(str(python)))
    result = subprocess.run(["bash", "-c", written], cwd=ROOT, env=_clean_env(demo_database), capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, f"{line}\n{result.stderr[-2000:]}"
    if "send_reminders --date 2023-04-25 --dry-run" in line:
        assert "lead-shehui" in result.stdout, result.stdout[-2000:]
