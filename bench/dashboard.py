#!/usr/bin/env python
"""Time the directors' dashboard and the year-end summary on the 10-year bench data, and count their queries.

    .venv/bin/python bench/dashboard.py                        # throwaway PostgreSQL 15, generated data, timings
    .venv/bin/python bench/dashboard.py --data-dir /tmp/bench  # keep the cluster and its data (shared with bench/run.py)
    DATABASE_URL=postgres://… .venv/bin/python bench/dashboard.py [--skip-generate]
    .venv/bin/python bench/dashboard.py --data-dir /tmp/bench --profile   # also cProfile one request of each URL
    .venv/bin/python bench/dashboard.py --data-dir /tmp/bench --explain 3 # and EXPLAIN ANALYZE the slowest queries

Target (the dashboard issue): on the 10-year data the dashboard answers in at most 25 queries whatever
the data size, in under 300 ms median; the year-end summary in under 500 ms.

The database is found or made as bench/run.py does (its own PostgreSQL 15, or DATABASE_URL; migrate;
`generate_bench_data` with the same sizes unless the data is there; `--only-evaluations` and
`--only-deputies` for data made before those existed). The run then works on a throwaway copy of that
database (CREATE DATABASE … TEMPLATE, dropped on exit), as bench/reminders.py does, so the bench data
is never changed. In the copy it adds the people who look at the pages, in the largest bench body
(the body of `bench-office`):

- `bench-director`, 主任会议成员 (an existing director of the body is used if there is one);
- `bench-office` (办公室), from the data;
- `bench-committee`, 委员会成员 with a CommitteeMembership of the committee that leads most of the
  year's plan items (so the committee-limited dashboard has the most to count);
- `bench-office-small`, 办公室 of the smallest bench body, to show that the queries do not grow with
  the body's size (and the largest body's dashboard of a year without data, for the same reason).

The year is the busiest of the largest body (most plan items, agenda items and suggestions together,
not after the current year) unless --year is given. Every URL is fetched `--warmup` times, then
`--runs` times (median and p95), round-robin over the URLs so that a busy machine slows them alike;
its queries come from one more, captured request (CaptureQueriesContext), with the slowest of them
listed. How it measures is bench/run.py's: django.test.Client in process through the whole
middleware stack, DEBUG off. To find what is slow: --list-queries lists every query of the dashboard
URLs, --profile adds a cProfile of one request of each URL, --explain N the EXPLAIN ANALYZE of the N
slowest queries of the director's pages, and --pg-set NAME=VALUE tries a PostgreSQL setting on the copy.

PASS/FAIL lines close the report (exit status 1 on a FAIL): every dashboard URL (page and API, each
user) median < 300 ms and ≤ 25 queries, also in the smallest body and in an empty year; every summary
URL median < 500 ms.
"""

import argparse
import cProfile
import io
import math
import pstats
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import run as bench_run  # noqa: E402  bench/run.py: PostgreSQL, Django set-up, the data

BODY_PREFIX = "基准测试"
DASHBOARD_MS = 300
DASHBOARD_QUERIES = 25
SUMMARY_MS = 500


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    bench_run.add_data_arguments(parser)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--year", type=int, help="the year to show (default: the largest body's busiest year)")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile one request of each URL and print the functions that take the time")
    parser.add_argument("--pg-set", action="append", default=[], metavar="NAME=VALUE",
                        help="a PostgreSQL setting for the throwaway copy (ALTER DATABASE … SET), to try one out: "
                             "e.g. --pg-set random_page_cost=1.1")
    parser.add_argument("--list-queries", action="store_true",
                        help="list every query of each dashboard URL (the captured request), in order")
    parser.add_argument("--explain", type=int, default=0, metavar="N",
                        help="EXPLAIN ANALYZE the N slowest queries of the director's dashboard and summary pages")
    args = parser.parse_args()

    bench_run.setup_django(args.data_dir)
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/dashboard.py needs PostgreSQL (as bench/run.py): unset DATABASE_URL to get a throwaway one")
    print(f"database: {connection.vendor} {connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}"
          f"/{connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    bench_run.ensure_bench_data(args)
    copy = bench_run.use_throwaway_copy("dashboard_bench", args.pg_set)
    print(f"working on a throwaway copy: {copy} (dropped on exit)"
          + (f"; settings: {', '.join(args.pg_set)}" if args.pg_set else ""))

    people = make_people(args)
    measure(args, people)


# --- data --------------------------------------------------------------------------------------------


def busiest_year(body) -> tuple[int, dict]:
    """The body's year with the most plan items, agenda items and suggestions together (not after this year)."""
    from django.db.models import Count, F
    from django.utils import timezone

    from deputies.models import Suggestion
    from meetings.models import AgendaItem
    from plans.models import PlanItem

    per_year = defaultdict(lambda: {"plan items": 0, "agenda items": 0, "suggestions": 0})
    for label, rows in (
        ("plan items", PlanItem.objects.filter(body=body).values("year")),
        ("agenda items", AgendaItem.objects.filter(meeting__body=body).values(year=F("meeting__year"))),
        ("suggestions", Suggestion.objects.filter(body=body).values("year")),
    ):
        for row in rows.order_by().annotate(n=Count("pk")).values_list("year", "n"):
            per_year[row[0]][label] += row[1]
    this_year = timezone.localdate().year
    candidates = {y: c for y, c in per_year.items() if y is not None and y <= this_year} or per_year
    year = max(candidates, key=lambda y: (sum(candidates[y].values()), y))
    return year, dict(per_year)


def make_people(args) -> dict:
    """The users who look at the pages (see the module docstring), made in the throwaway copy."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from core.models import Body, BodyMembership, Committee, CommitteeMembership
    from core.roles import COMMITTEE_MEMBER, DIRECTOR, OFFICE, ensure_roles
    from plans.models import ItemCommittee, PlanItem

    User = get_user_model()
    roles = ensure_roles()

    def user_in(body, username, role, first_name):
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first_name})
        user.set_unusable_password()
        user.save()
        user.groups.add(roles[role])
        BodyMembership.objects.get_or_create(user=user, body=body)
        return user

    with scopes_disabled():
        office = User.objects.get(username="bench-office")
        body = Body.objects.get(memberships__user=office)
        year, per_year = busiest_year(body)
        year = args.year or year
        director = (User.objects.filter(groups__name=DIRECTOR, body_memberships__body=body, is_active=True)
                    .order_by("pk").first())
        made_director = director is None
        if made_director:
            director = user_in(body, "bench-director", DIRECTOR, "基准测试主任")
        committee = Committee.objects.get(pk=(
            ItemCommittee.objects.filter(item__body=body, item__year=year, role=ItemCommittee.Role.LEAD)
            .values("committee").annotate(n=Count("item", distinct=True)).order_by("-n", "committee")
            .values_list("committee", flat=True)[:1].get()))
        member = user_in(body, "bench-committee", COMMITTEE_MEMBER, f"基准测试{committee.short_name}")
        CommitteeMembership.objects.get_or_create(user=member, committee=committee)
        committee_items = (PlanItem.objects.filter(body=body, year=year, responsibilities__committee=committee,
                                                   responsibilities__role="lead").distinct().count())
        bench_bodies = (Body.objects.filter(name__startswith=BODY_PREFIX)
                        .annotate(n=Count("plan_items", distinct=True)).order_by("n", "pk"))
        small = bench_bodies.first()
        small_office = user_in(small, "bench-office-small", OFFICE, "基准测试办公室（小）")
        body_items = PlanItem.objects.filter(body=body).count()
        total = PlanItem.objects.count()
        bodies = Body.objects.count()
    print(f"data: {bodies} bodies, {total} plan items; largest body {body.name}: {body_items} items")
    print("  the body's years: " + ", ".join(
        f"{y} ({c['plan items']}/{c['agenda items']}/{c['suggestions']})" for y, c in sorted(per_year.items()))
        + "  (plan items/agenda items/suggestions)")
    print(f"  year shown: {year}{' (given)' if args.year else ' (the busiest)'}; director {director.username}"
          f"{' (made in the copy)' if made_director else ''}; committee member {member.username} of "
          f"{committee.short_name} ({committee_items} items led in {year}); smallest body {small.name} "
          f"({small.n} items)")
    return {"body": body, "year": year, "director": director, "office": office, "member": member,
            "committee": committee, "small": small, "small_office": small_office}


# --- measuring -----------------------------------------------------------------------------------


SHAPE = [(re.compile(p), r) for p, r in (
    (r"'(?:[^']|'')*'", "?"), (r"\b\d+(\.\d+)?\b", "?"), (r"\((?:\?, ?)+\?\)", "(…)"), (r"\s+", " "),
)]


def shape(sql: str) -> str:
    for pattern, repl in SHAPE:
        sql = pattern.sub(repl, sql)
    return sql


def timed_rounds(requests, warmup, runs) -> list[list[float]]:
    """[(client, url)] fetched round by round, `warmup` rounds untimed then `runs` timed: each one's
    sorted times in ms."""
    times = [[] for _ in requests]
    for n in range(warmup + runs):
        for (client, url), series in zip(requests, times, strict=True):
            start = time.perf_counter()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if n >= warmup:
                series.append(elapsed)
    return [sorted(series) for series in times]


def captured(client, url):
    """The queries of one request (CaptureQueriesContext), and its wall time in ms."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return ctx.captured_queries, ms


def percentile(times, share) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    return times[max(0, math.ceil(share * len(times)) - 1)]


def profiled(client, url, top=25) -> str:
    """cProfile of one request: the project's own functions (renda, plans, deputies, supervision) by
    cumulative time, and the time spent waiting for the database."""
    profile = cProfile.Profile()
    profile.enable()
    client.get(url)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    total = stats.total_tt
    database = sum(entry[3] for func, entry in stats.stats.items()
                   if func[2] == "execute" and func[0].endswith("psycopg/cursor.py"))
    stats.sort_stats("cumulative").print_stats(rf"{re.escape(str(ROOT))}/(renda|plans|deputies|supervision)/", top)
    text = out.getvalue().replace(str(ROOT) + "/", "")
    head = f"  {total * 1000:.0f} ms in all (profiled), {database * 1000:.0f} ms of it in psycopg's execute\n"
    return head + text[text.find("   ncalls"):] if "   ncalls" in text else head + text


def explained(sql: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of a captured query (read-only: only SELECTs are explained)."""
    from django.db import connection

    if not sql.lstrip().upper().startswith("SELECT"):
        return "  (not a SELECT)"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join("    " + row[0] for row in cursor.fetchall())


def pg_settings(connection):
    names = ("random_page_cost", "max_parallel_workers_per_gather", "jit", "work_mem", "shared_buffers")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s) ORDER BY name",
                       [list(names)])
        return cursor.fetchall()


def measure(args, people):
    from django.db import connection
    from django.test import Client

    year, body = people["year"], people["body"]
    clients = {}
    for key in ("director", "office", "member", "small_office"):
        clients[key] = Client()
        clients[key].force_login(people[key])

    dashboard, dashboard_api = f"/dashboard/?year={year}", f"/api/v1/dashboard/?year={year}"
    summary, summary_api = f"/summary/{year}/", f"/api/v1/summary/{year}/"
    committee = people["committee"].short_name
    # (label, client, url, kind): kind "dashboard" is held to the time and query targets, "summary" to its time.
    plan = [
        ("dashboard page, director", "director", dashboard, "dashboard"),
        ("dashboard API, director", "director", dashboard_api, "dashboard"),
        ("dashboard page, office", "office", dashboard, "dashboard"),
        ("dashboard API, office", "office", dashboard_api, "dashboard"),
        (f"dashboard page, {committee}", "member", dashboard, "dashboard"),
        (f"dashboard API, {committee}", "member", dashboard_api, "dashboard"),
        ("summary page, director", "director", summary, "summary"),
        ("summary API, director", "director", summary_api, "summary"),
        ("summary page, office", "office", summary, "summary"),
        ("summary API, office", "office", summary_api, "summary"),
        (f"summary page, {committee}", "member", summary, "summary"),
    ]
    # Round-robin: every URL once per round (warm-up rounds first), so that a busy moment of the machine
    # slows them all alike instead of one URL's whole series.
    times = timed_rounds([(clients[who], url) for _, who, url, _ in plan], args.warmup, args.runs)
    rows = []
    for (label, who, url, kind), series in zip(plan, times, strict=True):
        queries, _ = captured(clients[who], url)
        rows.append({"label": label, "who": who, "url": url, "kind": kind, "times": series,
                     "median": statistics.median(series), "p95": percentile(series, 0.95), "queries": queries})

    # Whatever the data size: the smallest body's dashboard of the same year, and the largest body's of a
    # year with nothing in it, answer in the same bound.
    empty_year = 2099  # parse_year takes 1980–2100; the data has nothing there
    sizes = []
    for label, who, url in (
        (f"dashboard page, smallest body {people['small'].name}", "small_office", dashboard),
        (f"dashboard page, largest body, empty year {empty_year}", "director", f"/dashboard/?year={empty_year}"),
        (f"dashboard API, {committee}, empty year {empty_year}", "member", f"/api/v1/dashboard/?year={empty_year}"),
    ):
        clients[who].get(url)
        queries, ms = captured(clients[who], url)
        sizes.append((label, url, len(queries), ms))

    # --- report ---
    width = 118
    print()
    print(f"{body.name}, year {year}: {args.runs} requests each after {args.warmup} warm-up requests")
    print(f"{'what':40} {'median':>9} {'p95':>9} {'min':>8} {'max':>8} {'queries':>8} {'db ms':>7}  url")
    print("-" * width)
    for r in rows:
        db_ms = sum(float(q["time"]) for q in r["queries"]) * 1000
        print(f"{r['label']:40} {r['median']:7.1f}ms {r['p95']:7.1f}ms {r['times'][0]:6.1f}ms {r['times'][-1]:6.1f}ms "
              f"{len(r['queries']):8d} {db_ms:7.1f}  {r['url']}")
    print("-" * width)
    print("queries whatever the data size (one captured request each):")
    for label, url, count, ms in sizes:
        print(f"  {label:60} {count:3d} queries  {ms:7.1f} ms  {url}")

    print()
    print("slowest queries of each URL (the captured request; 'db ms' above is their sum):")
    for r in rows:
        totals = defaultdict(lambda: [0.0, 0])
        for q in r["queries"]:
            key = shape(q["sql"])
            totals[key][0] += float(q["time"]) * 1000
            totals[key][1] += 1
        print(f"  {r['label']}:")
        for sql, (ms, count) in sorted(totals.items(), key=lambda kv: -kv[1][0])[:4]:
            print(f"    {ms:7.1f} ms {count:2d}×  {sql[:180]}")

    if args.list_queries:
        for r in rows:
            if r["kind"] != "dashboard":
                continue
            print()
            print(f"every query, {r['label']} {r['url']}:")
            for n, q in enumerate(r["queries"], start=1):
                print(f"  {n:2d} {float(q['time']) * 1000:6.1f} ms  {shape(q['sql'])[:150]}")

    if args.profile:
        for r in rows:
            print()
            print(f"cProfile, one request: {r['label']} {r['url']}")
            print(profiled(clients[r["who"]], r["url"]))
    if args.explain:
        for r in rows:
            if r["who"] != "director" or "/api/" in r["url"]:
                continue
            for q in sorted(r["queries"], key=lambda q: -float(q["time"]))[:args.explain]:
                print()
                print(f"EXPLAIN ANALYZE, {r['label']} ({float(q['time']) * 1000:.0f} ms when captured): {q['sql']}")
                print(explained(q["sql"]))

    checks = []
    for r in rows:
        if r["kind"] == "dashboard":
            ok = r["median"] < DASHBOARD_MS and len(r["queries"]) <= DASHBOARD_QUERIES
            checks.append((ok, (f"{r['label']}: median {r['median']:.1f} ms (p95 {r['p95']:.1f}), "
                                f"{len(r['queries'])} queries; target < {DASHBOARD_MS} ms, ≤ {DASHBOARD_QUERIES} queries")))
        else:
            ok = r["median"] < SUMMARY_MS
            checks.append((ok, (f"{r['label']}: median {r['median']:.1f} ms (p95 {r['p95']:.1f}), "
                                f"{len(r['queries'])} queries; target < {SUMMARY_MS} ms")))
    for label, _, count, _ in sizes:
        checks.append((count <= DASHBOARD_QUERIES, f"{label}: {count} queries; target ≤ {DASHBOARD_QUERIES}"))
    print()
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    settings = ", ".join(f"{name} {value}" for name, value in pg_settings(connection))
    print(f"django.test.Client in process, DEBUG off, PostgreSQL {connection.pg_version // 10000} ({settings}); "
          f"query counts include the session, user and role look-ups of each request")
    if not all(ok for ok, _ in checks):
        sys.exit(1)


if __name__ == "__main__":
    main()
