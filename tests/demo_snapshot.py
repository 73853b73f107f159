"""The session's data (the demo and the second body) kept as rows, and put back in a fraction of a second.

tests/conftest.py loads the data once per session (load_demo and load_body_dir: about 6 s on
PostgreSQL). A test marked transactional_db (the browser tests, real workers) flushes every table
when it ends, so the next one used to load it all again, row by row. Instead the rows of every table
are read once after loading (`capture`) and written back with one INSERT per table (`restore`).
Django declares its foreign keys DEFERRABLE INITIALLY DEFERRED on PostgreSQL and SQLite, so inside
one transaction the tables can be filled in any order; the sequences are reset afterwards.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

_snapshot: dict[str, tuple[list[str], list[tuple]]] = {}


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def capture() -> int:
    """Read every table's rows into memory; returns the number of rows kept."""
    _snapshot.clear()
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            _snapshot[table] = (columns, cursor.fetchall())
    return sum(len(rows) for _, rows in _snapshot.values())


def restore() -> None:
    """Empty every table and write the captured rows back (all or nothing)."""
    assert _snapshot, "capture() runs in tests/conftest.py's django_db_setup before any restore"
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _snapshot:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, (columns, rows) in _snapshot.items():
            if not rows:
                continue
            names = ", ".join(quote(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in _snapshot]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
