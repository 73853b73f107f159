"""scripts/backup.sh and scripts/restore.sh: a dump of the demo data restored into a new empty database holds
the same rows, table by table (count and content hash), and a non-empty database is refused without --force."""

import os
import subprocess
from urllib.parse import quote

import pytest
from django.db import connection

from tests.conftest import ROOT

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore need PostgreSQL")
PG_BIN = os.environ.get("RENDA_PG_BIN", "/usr/lib/postgresql/15/bin")
# Every table's row count and an md5 of its rows in a fixed order (the row's text form is its content).
TABLES = """SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY tablename"""


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


def _run(script: str, *args: str, database: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": _url(database), "RENDA_PG_BIN": PG_BIN}
    return subprocess.run([str(ROOT / "scripts" / script), *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def _fingerprint(database: str) -> dict[str, tuple[int, str]]:
    import psycopg

    s = connection.settings_dict
    with psycopg.connect(dbname=database, user=s["USER"], password=s["PASSWORD"] or None,
                         host=s["HOST"] or None, port=s["PORT"] or None) as conn:
        tables = [row[0] for row in conn.execute(TABLES)]
        return {
            table: conn.execute(f'SELECT count(*), md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) '
                                f'FROM "{table}" t').fetchone()
            for table in tables
        }


@pytest.fixture
def new_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@needs_postgres
def test_a_dump_restored_into_an_empty_database_holds_the_same_data(baiyun, new_database, tmp_path):
    # No transaction=True needed: the demo data was committed at session start, and this test writes
    # nothing, so pg_dump's own connection sees it all (and no flush costs the next tests a reload).
    dump = tmp_path / "renda.dump"
    backup = _run("backup.sh", str(dump), database=connection.settings_dict["NAME"])
    assert backup.returncode == 0, backup.stderr
    assert f"wrote {dump}" in backup.stdout and dump.stat().st_size > 100_000
    assert not (tmp_path / "renda.dump.part").exists()

    restore = _run("restore.sh", str(dump), database=new_database)
    assert restore.returncode == 0, restore.stderr

    original, restored = _fingerprint(connection.settings_dict["NAME"]), _fingerprint(new_database)
    assert restored == original
    assert original["plans_planitem"][0] > 50 and original["deputies_suggestion"][0] > 100
    assert len(original) > 50

    # Once it holds tables, the database is refused, and left as it was; --force replaces its tables.
    again = _run("restore.sh", str(dump), database=new_database)
    assert again.returncode == 1 and "refusing to restore over it" in again.stderr
    assert _fingerprint(new_database) == original
    forced = _run("restore.sh", "--force", str(dump), database=new_database)
    assert forced.returncode == 0, forced.stderr
    assert _fingerprint(new_database) == original


def test_the_scripts_refuse_bad_arguments_without_touching_anything(tmp_path):
    no_file = _run("restore.sh", str(tmp_path / "missing.dump"), database="whatever")
    assert no_file.returncode == 2 and "usage:" in no_file.stderr
    not_a_dump = tmp_path / "plain.txt"
    not_a_dump.write_text("not a dump")
    bad = _run("restore.sh", str(not_a_dump), database="whatever")
    assert bad.returncode != 0 and "restored" not in bad.stdout
    env = {**os.environ, "DATABASE_URL": "sqlite:///db.sqlite3"}
    sqlite = subprocess.run([str(ROOT / "scripts" / "backup.sh"), str(tmp_path / "x.dump")], env=env,
                            capture_output=True, text=True, check=False)
    assert sqlite.returncode == 2 and "not a PostgreSQL URL" in sqlite.stderr
    assert not (tmp_path / "x.dump").exists()
