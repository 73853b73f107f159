#!/usr/bin/env python
"""Walk every migration of renda's apps back and forward again on the 10-year bench data, timing each.

    .venv/bin/python bench/migrations.py --data-dir /tmp/renda-bench   # the kept bench cluster
    DATABASE_URL=postgres://… .venv/bin/python bench/migrations.py

The database is found or made as bench/run.py does (its own PostgreSQL 15 or DATABASE_URL; migrate;
`generate_bench_data` unless the data is there), then the walk runs on a throwaway copy
(CREATE DATABASE … TEMPLATE, dropped at exit), so the bench data is never changed.

The walk (also used by tests/renda/test_migrations_populated.py on the demo data) has two stages, because
the apps' initial migrations depend on later migrations of `plans` (supervision's on plans 0004,
deputies' on plans 0006, renda's on plans 0002):

A. the migrations that can be unapplied while every app keeps its initial migration (and its data):
   back one at a time to the first, then forward one at a time, with the row count of every table of
   the apps compared before and after;
B. the rest (plans 0002…0006): back one at a time, which also unapplies the initial migrations that
   depend on them (their tables go, with their rows), then forward again; the tables of plans 0001
   keep their rows throughout and are compared.

So every migration but the initial ones is applied, forward and backward, to a database holding data.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("plans", "supervision", "deputies", "renda", "core", "meetings")
# The layout before the organisation, renda's records and meetings moved to core/ and meetings/: migrating
# core and meetings to zero goes back to it (their migrations only hand models over; no table moves).
BEFORE_THE_MOVE = [("core", None), ("meetings", None)]
TABLE_APPS = ("plans", "supervision", "deputies", "renda")



# --- the walk (needs Django set up) --------------------------------------------------------------


def _executor():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    return MigrationExecutor(connection)  # a fresh one each step: it reads what is applied now


def project_migrations() -> list[tuple[str, str]]:
    """The apps' migrations in the order `migrate` applies them."""
    graph = _executor().loader.graph
    order = []
    for leaf in graph.leaf_nodes():
        for node in graph.forwards_plan(leaf):
            if node[0] in APPS and node not in order:
                order.append(node)
    return order


def stages() -> tuple[list, list]:
    """(A, B) as the module docstring says, each in forward order."""
    graph = _executor().loader.graph
    nodes = project_migrations()
    # Initial migrations that create tables; core's and meetings' 0001 only take models over from plans and
    # renda (state only, same tables), so they are walked like later migrations.
    initials = {n for n in nodes if n[0] in TABLE_APPS and not any(p[0] == n[0] for p in graph.node_map[n].parents)}
    later = [n for n in nodes if n not in initials]
    blocks_initial = {n for n in later if set(graph.backwards_plan(n)) & initials}
    return [n for n in later if n not in blocks_initial], [n for n in later if n in blocks_initial]


def _previous(node) -> tuple[str, str]:
    graph = _executor().loader.graph
    parents = [p for p in graph.node_map[node].parents if p[0] == node[0]]
    return parents[0] if parents else (node[0], None)  # an app's first migration goes back to zero


def _step(target, label, log) -> float:
    start = time.perf_counter()
    _executor().migrate([target])
    took = time.perf_counter() - start
    log(label, took)
    return took


def walk(stage: list, log=lambda label, seconds: None) -> tuple[dict, list[str]]:
    """Unapply the stage's migrations newest first, one at a time, then apply them again oldest first;
    ends with everything migrated. Returns ({migration: (seconds back, seconds forward)}, the apps'
    tables that were there at the bottom of the walk: those that keep their rows)."""
    back = {}
    for node in reversed(stage):
        back[node] = _step(_previous(node), f"unapply {node[0]}.{node[1]}", log)
    bottom = sorted(table_counts())
    forward = {}
    for node in stage:
        forward[node] = _step(node, f"apply   {node[0]}.{node[1]}", log)
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())  # initial migrations stage B took away
    return {node: (back[node], forward[node]) for node in stage}, bottom


def table_counts(tables=None) -> dict[str, int]:
    """Rows of each existing table of the apps (or of `tables`), straight from the database."""
    from django.db import connection

    existing = set(connection.introspection.table_names())
    if tables is None:
        tables = sorted(t for t in existing if t.split("_")[0] in APPS)
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table in existing:
                cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
    return counts


def table_hashes() -> dict[str, tuple[int, dict[str, str]]]:
    """{table: (rows, {column: sha256 of its values in primary-key order})} for every table of the apps."""
    import hashlib

    from django.db import connection

    hashes = {}
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in sorted(t for t in existing if t.split("_")[0] in APPS):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)} ORDER BY 1")
            digests, rows = {c: hashlib.sha256() for c in columns}, 0
            for row in cursor.fetchall():
                for column, value in zip(columns, row):
                    digests[column].update(repr(value).encode() + b"\x1f")
                rows += 1
            hashes[table] = (rows, {c: d.hexdigest() for c, d in digests.items()})
    return hashes


def common_content(*stages: dict) -> list[dict[str, tuple[int, str]]]:
    """Each stage's tables as (rows, one hash over the columns every stage has). A column a later migration
    added is dropped on the way back, with what it held: the move is judged on the columns it kept."""
    import hashlib

    tables = set.intersection(*(set(stage) for stage in stages))
    shared = {t: set.intersection(*(set(stage[t][1]) for stage in stages)) for t in tables}
    result = []
    for stage in stages:
        result.append({
            table: (rows, hashlib.sha256("".join(columns[c] for c in sorted(shared[table])).encode()).hexdigest())
            for table, (rows, columns) in stage.items() if table in tables
        } | {table: (stage[table][0], "missing at another stage") for table in set(stage) - tables})
    return result


def content_types() -> dict[int, str]:
    from django.contrib.contenttypes.models import ContentType

    return {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}


def move_back_and_forth(log=lambda label, seconds: None) -> dict:
    """Migrate back to the layout before the move, then forward to today's; returns what was seen at each
    end: the tables' rows and hashes, and the content types."""
    seen = {"new": (table_hashes(), content_types())}
    _step_many(BEFORE_THE_MOVE, "back to the layout before the move", log)
    seen["old"] = (table_hashes(), content_types())
    executor = _executor()
    _step_many(executor.loader.graph.leaf_nodes(), "forward to today's layout", log)
    seen["again"] = (table_hashes(), content_types())
    # A table a later migration created (deputies' 列席 and training) is dropped on the way back, with its rows:
    # the move is judged on the tables the layout before it had, as on the columns it kept.
    before = seen["old"][0]
    new, old, again = common_content(*({t: v for t, v in stage.items() if t in before}
                                       for stage in (seen["new"][0], before, seen["again"][0])))
    return {"new": (new, seen["new"][1]), "old": (old, seen["old"][1]), "again": (again, seen["again"][1])}


def _step_many(targets, label, log) -> float:
    start = time.perf_counter()
    _executor().migrate(targets)
    took = time.perf_counter() - start
    log(label, took)
    return took


def compare(before: dict, after: dict, tables: list[str]) -> dict:
    """{table: (rows before, rows after)} of the tables whose rows changed."""
    return {t: (before.get(t), after.get(t)) for t in tables if before.get(t) != after.get(t)}


# --- the benchmark ---------------------------------------------------------------------------------


def main():
    sys.path.insert(0, str(ROOT / "bench"))
    import run as bench_run  # bench/run.py: PostgreSQL, Django set-up, the data

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    bench_run.add_data_arguments(parser)
    args = parser.parse_args()

    bench_run.setup_django(args.data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    bench_run.ensure_bench_data(args)
    bench_run.use_throwaway_copy("migrations")

    stage_a, stage_b = stages()
    rows, failed = [], False

    def log(label, seconds):
        print(f"  {label:<60} {seconds * 1000:9.0f} ms", flush=True)

    for name, stage in (("A", stage_a), ("B", stage_b)):
        before = table_counts()
        print(f"stage {name}: {len(stage)} migrations on {sum(before.values()):,} rows in {len(before)} tables")
        times, kept = walk(stage, log)
        changed = compare(before, table_counts(), kept)
        print(f"  {len(kept)} tables kept through the walk, "
              f"{sum(before[t] for t in kept):,} rows: " + ("unchanged" if not changed else f"CHANGED {changed}"))
        failed = failed or bool(changed)
        rows += [(name, node, *t) for node, t in times.items()]

    seen = move_back_and_forth(log)
    moved = seen["new"][0] != seen["old"][0] or seen["new"][0] != seen["again"][0]
    print(f"the move to core/ and meetings/: {len(seen['new'][0])} tables, "
          f"{sum(rows for rows, _ in seen['new'][0].values()):,} rows: "
          + ("CHANGED" if moved else "rows and content unchanged"))
    failed = failed or moved

    print("\n| stage | migration | back | forward |\n| --- | --- | --- | --- |")
    for stage, (app, name), back, forward in rows:
        print(f"| {stage} | {app}.{name} | {back:.2f} s | {forward:.2f} s |")
    print(f"| | total | {sum(r[2] for r in rows):.1f} s | {sum(r[3] for r in rows):.1f} s |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
