#!/usr/bin/env python
"""Time the item list against the Django admin's changelist, the API list, a department's evaluation
results over the years, a plan export and an import; and for deputy work, the suggestion list (one
session, and a text search), the suggestions API and a session's figures (page and API).

    .venv/bin/python bench/run.py                       # throwaway PostgreSQL 15, generated data, timings
    .venv/bin/python bench/run.py --data-dir /tmp/bench # keep the cluster and its data for the next run
    DATABASE_URL=postgres://… .venv/bin/python bench/run.py [--skip-generate]
    .venv/bin/python bench/run.py --data-dir /tmp/bench --only-suggestions  # just the deputy-suggestion pages

Without DATABASE_URL it starts its own PostgreSQL 15 the way scripts/test-services.sh does
(initdb as the `postgres` user when run as root, trust auth, a free port of 127.0.0.1 in
54000-54999, socket in the cluster's directory, fsync off) and stops it on every exit path.
It migrates, runs `generate_bench_data` (unless the data is there already; data from before the
evaluations existed gets just those, `generate_bench_data --only-evaluations`, and data from before
the deputy work existed gets that, `--only-deputies`; --skip-generate skips all of these), then
measures. A deputy-work page whose URL is not there yet is reported as skipped.

How it measures: in process, with django.test.Client through the whole middleware stack
(sessions, log-in, body scope, CSP…) and DEBUG off, so the figures are the server's own time
for a request without network or WSGI server overhead; the same for every URL. Each URL is
fetched `--warmup` times first, then `--runs` times; the median (and p90) is reported. Query
counts come from a separate, captured request.
"""

import argparse
import atexit
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("RENDA_PG_BIN", "/usr/lib/postgresql/15/bin"))


def is_root() -> bool:
    return os.geteuid() == 0


def free_port(low=54000, high=54999) -> int:
    ports = list(range(low, high + 1))
    random.shuffle(ports)
    for port in ports[:200]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def as_pg(args, cwd):
    if is_root():
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True)


def start_postgres(data_dir: Path | None) -> str:
    """Start (and on first use create) a cluster; returns its DATABASE_URL. Stopped at exit."""
    keep = data_dir is not None
    base = data_dir or Path(tempfile.mkdtemp(prefix="renda-bench."))
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o755)
    pgdata = base / "data"
    if is_root():
        shutil.chown(base, "postgres")
    fresh = not (pgdata / "PG_VERSION").exists()
    if fresh:
        as_pg([str(PG_BIN / "initdb"), "-D", str(pgdata), "-U", "postgres", "-A", "trust", "-E", "UTF8",
               "--locale=C.UTF-8", "--no-sync"], cwd=base)
    port = free_port()
    options = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=50 -c shared_buffers=256MB -c work_mem=16MB")
    as_pg([str(PG_BIN / "pg_ctl"), "-D", str(pgdata), "-l", str(base / "server.log"), "-w", "-t", "60",
           "-o", options, "start"], cwd=base)

    def stop():
        subprocess.run((["runuser", "-u", "postgres", "--"] if is_root() else [])
                       + [str(PG_BIN / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"],
                       cwd=base, capture_output=True)
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
        print(f"stopped PostgreSQL ({'kept in ' + str(base) if keep else 'removed'})")

    atexit.register(stop)
    if fresh:
        as_pg([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "renda"], cwd=base)
    return f"postgres://postgres@127.0.0.1:{port}/renda"


def timed(client, url, warmup, runs):
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))]


def query_count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def setup_django(data_dir) -> None:
    """Django as the benchmarks run it (bench/run.py, bench/reminders.py, bench/dashboard.py): on
    DATABASE_URL or a throwaway PostgreSQL 15 in `data_dir`, DEBUG off, static files from the sources."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = start_postgres(data_dir)
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ["DEBUG"] = "false"
    os.environ["HTTPS"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "renda.settings"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings

    # No setup_test_environment(): its template instrumentation copies every context and would skew timings.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # no collectstatic needed


def add_data_arguments(parser) -> None:
    """The options every bench script takes for the 10-year data (generate_bench_data's sizes) and its cluster."""
    parser.add_argument("--bodies", type=int, default=50)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--largest", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--data-dir", type=Path, help="keep the throwaway cluster here and reuse it next time")
    parser.add_argument("--skip-generate", action="store_true")


def ensure_bench_data(args):
    """The 10-year data for bench/reminders.py and bench/dashboard.py: generated if it is not there,
    its later parts (evaluations, deputy work) added if they are missing."""
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scopes_disabled

    from deputies.models import Deputy
    from plans.models import PlanItem
    from supervision.models import EvaluationSubject

    if args.skip_generate:
        return
    with scopes_disabled():
        have = PlanItem.objects.exists()
    changed = False
    if not have:
        start = time.monotonic()
        call_command("generate_bench_data", bodies=args.bodies, items=args.items, largest=args.largest,
                     years=args.years, seed=args.seed)
        print(f"generated in {time.monotonic() - start:.0f}s")
        changed = True
    else:
        with scopes_disabled():
            evaluated = EvaluationSubject.objects.filter(kind=EvaluationSubject.Kind.DEPARTMENT).exists()
            has_deputies = Deputy.objects.filter(body__name__startswith="基准测试").exists()
        if not evaluated:
            start = time.monotonic()
            call_command("generate_bench_data", only_evaluations=True)
            print(f"added evaluations in {time.monotonic() - start:.0f}s")
            changed = True
        if not has_deputies:
            start = time.monotonic()
            call_command("generate_bench_data", only_deputies=True, bodies=args.bodies, items=args.items,
                         largest=args.largest)
            print(f"added deputy work in {time.monotonic() - start:.0f}s")
            changed = True
    if changed:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def use_throwaway_copy(suffix: str, pg_settings=(), keep=False) -> str:
    """Copy the database (CREATE DATABASE … TEMPLATE) as <name>_<suffix> and switch to the copy;
    dropped at exit unless `keep`. `pg_settings` ("name=value") are set on the copy (ALTER DATABASE … SET)."""
    from django.db import DatabaseError, connection

    base = connection.settings_dict["NAME"]
    copy = f"{base}_{suffix}"
    connection.close()
    start = time.monotonic()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        strategy = " STRATEGY FILE_COPY" if connection.pg_version >= 150000 else ""
        try:
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{base}"{strategy}')
        except DatabaseError as error:
            sys.exit(f"could not copy {base} to a throwaway database ({error}); the role needs CREATEDB and "
                     f"no other session may be connected to {base}")
        for setting in pg_settings:
            name, _, value = setting.partition("=")
            if not re.fullmatch(r"[a-z_]+", name.strip()) or not value.strip():
                sys.exit(f"--pg-set wants NAME=VALUE, not {setting!r}")
            cursor.execute(f'ALTER DATABASE "{copy}" SET {name.strip()} = %s', [value.strip()])

    def drop():
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')

    if not keep:
        atexit.register(drop)  # registered after stop() of start_postgres, so it runs before it
    connection.settings_dict["NAME"] = copy
    print(f"copied {base} in {time.monotonic() - start:.1f}s")
    return copy


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_arguments(parser)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--only-suggestions", action="store_true",
                        help="measure only the deputy-suggestion pages (list, search, API, figures)")
    args = parser.parse_args()

    setup_django(args.data_dir)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]

    print(f"database: {connection.vendor} {connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}")
    call_command("migrate", verbosity=0)
    from django_scopes import scope, scopes_disabled

    from core.models import Body
    from plans.models import AnnualPlan, PlanItem

    with scopes_disabled():
        have = PlanItem.objects.count()
    if not args.skip_generate and have == 0:
        start = time.monotonic()
        call_command("generate_bench_data", bodies=args.bodies, items=args.items, largest=args.largest,
                     years=args.years)
        print(f"generated in {time.monotonic() - start:.0f}s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE") if connection.vendor == "postgresql" else None
    elif not args.skip_generate:
        from supervision.models import EvaluationSubject

        with scopes_disabled():
            evaluated = EvaluationSubject.objects.filter(kind=EvaluationSubject.Kind.DEPARTMENT).exists()
        if not evaluated:  # data generated before the evaluations were: add just those
            start = time.monotonic()
            call_command("generate_bench_data", only_evaluations=True)
            print(f"added evaluations in {time.monotonic() - start:.0f}s")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE") if connection.vendor == "postgresql" else None
        from deputies.models import Deputy

        with scopes_disabled():
            has_deputies = Deputy.objects.filter(body__name__startswith="基准测试").exists()
        if not has_deputies:  # data generated before the deputy work was: add just that
            start = time.monotonic()
            call_command("generate_bench_data", only_deputies=True, bodies=args.bodies, items=args.items,
                         largest=args.largest)
            print(f"added deputy work in {time.monotonic() - start:.0f}s")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE") if connection.vendor == "postgresql" else None

    from django.contrib.auth import get_user_model

    User = get_user_model()
    with scopes_disabled():
        office, admin = User.objects.get(username="bench-office"), User.objects.get(username="bench-admin")
        body = Body.objects.get(memberships__user=office)
        total = PlanItem.objects.count()
        body_items = PlanItem.objects.filter(body=body).count()
        years = sorted(set(PlanItem.objects.filter(body=body).values_list("year", flat=True)))
        year = years[-2] if len(years) > 1 else years[-1]
        year_items = PlanItem.objects.filter(body=body, year=year).count()
        plan = AnnualPlan.objects.filter(body=body, year=year, kind="supervision").first()
        plan_entries = plan.entries.count()
    print(f"data: {Body.objects.count()} bodies, {total} plan items; largest body {body.name}: "
          f"{body_items} items, {year_items} in {year}; plan “{plan.title}” with {plan_entries} entries")

    office_client, admin_client = Client(), Client()
    office_client.force_login(office)
    admin_client.force_login(admin)

    rows = []

    def measure(label, client, url, target=None):
        median, p90 = timed(client, url, args.warmup, args.runs)
        queries = query_count(client, url)
        rows.append((label, url, median, p90, queries, target))
        return median

    if args.only_suggestions:
        summary = time_suggestions(body, office_client, measure)
        print_rows(rows)
        for line in summary:
            print(line)
        return
    # The pair the targets compare is measured interleaved (list, admin, list, admin…), so that a
    # noisy machine slows both alike.
    list_url, admin_url = f"/items/?year={year}", f"/admin/plans/planitem/?year={year}"
    for _ in range(args.warmup):
        office_client.get(list_url), admin_client.get(admin_url)
    pair = {list_url: [], admin_url: []}
    for _ in range(args.runs):
        for client, url in ((office_client, list_url), (admin_client, admin_url)):
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            pair[url].append((time.perf_counter() - start) * 1000)
    for label, client, url, target in (("item list page", office_client, list_url, "< 60 ms, ≤ 0.6 × admin"),
                                       ("admin changelist", admin_client, admin_url, None)):
        times = sorted(pair[url])
        rows.append((label, url, statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))],
                     query_count(client, url), target))
    list_ms, admin_ms = rows[0][2], rows[1][2]
    measure("item list page, no filter", office_client, "/items/")
    measure("item list page, text + overdue", office_client, f"/items/?year={year}&q=%E8%B0%83%E7%A0%94&overdue=true")
    measure("admin changelist, no filter", admin_client, "/admin/plans/planitem/")
    measure("API list", office_client, f"/api/v1/plan-items/?year={year}")
    department_summary = time_department_results(body, office_client, measure)
    suggestion_summary = time_suggestions(body, office_client, measure)
    export_ms = measure(f"plan export ({plan_entries} entries)", office_client, f"/plans/{plan.pk}/export.xlsx", "< 1 s")

    import_line = None
    try:
        import plans.imports as imports_package  # noqa: F401
        from plans.exports import PlanWorkbookExporter

        with scope(body=body):
            data = PlanWorkbookExporter(plan).render()
        import_line = time_import(body, plan, data, args)
    except ImportError:
        import_line = ("import", "skipped: import module not present")

    agenda_summary = time_agenda_exports(body, office_client, args, rows)

    print_rows(rows)
    if import_line:
        print(f"{import_line[0]:34} {import_line[1]}")
    print("-" * 110)
    ratio = list_ms / admin_ms
    ok = list_ms < 60 and ratio <= 0.6
    print(f"item list {list_ms:.1f} ms vs admin {admin_ms:.1f} ms: ratio {ratio:.2f} "
          f"(target ≤ 0.60 and < 60 ms: {'met' if ok else 'NOT met'}); plan export {export_ms:.0f} ms "
          f"(target < 1000 ms: {'met' if export_ms < 1000 else 'NOT met'})")
    print(agenda_summary)
    print(department_summary)
    for line in suggestion_summary:
        print(line)
    print(f"{args.runs} runs after {args.warmup} warm-up requests each; django.test.Client in process, DEBUG off, "
          f"PostgreSQL {connection.pg_version // 10000 if connection.vendor == 'postgresql' else ''}")


# --- a department's satisfaction results over the years (supervision/views/evaluations.py) ---------


def time_department_results(body, client, measure):
    """The results-over-years page of the largest body's first department with evaluations; the summary line."""
    from django.db.models import Count, Q
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from core.models import ReportingBody
    from supervision.models import EvaluationSubject

    with scopes_disabled():
        department = (
            ReportingBody.objects.filter(body=body, kind=ReportingBody.Kind.DEPARTMENT)
            .annotate(n=Count("evaluation_subjects", filter=Q(evaluation_subjects__kind=EvaluationSubject.Kind.DEPARTMENT)))
            .filter(n__gt=0).order_by("order", "id").first()
        )
        if department is None:
            return "department results over the years: skipped, no evaluations (run without --skip-generate to add them)"
        years = (EvaluationSubject.objects.filter(reporting_body=department, kind=EvaluationSubject.Kind.DEPARTMENT)
                 .values("evaluation__agenda_item__meeting__year").distinct().count())
    url = reverse("department-evaluations", args=[department.pk])
    ms = measure(f"department results ({department.n} in {years} yrs)", client, url, "< 150 ms")
    return (f"department results over the years ({department.name}, {department.n} results in {years} years) "
            f"{ms:.1f} ms (target < 150 ms: {'met' if ms < 150 else 'NOT met'})")


def print_rows(rows):
    print()
    print(f"{'what':34} {'median':>9} {'p90':>9} {'queries':>8}  target / url")
    print("-" * 110)
    for label, url, median, p90, queries, target in rows:
        print(f"{label:34} {median:7.1f}ms {p90:7.1f}ms {queries:8d}  {target or ''} {url}")


# --- deputy suggestions: list, search, API and a session's figures -------------------------------

SUGGESTION_SEARCH = "养老"  # a word in one title in about twelve (deputies/demo/bench.py TOPICS)


def _url(name=None, path=None, query=""):
    """The URL by route name (or a fixed path that must resolve) with its query; None if not there yet."""
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    try:
        base = reverse(name) if name else path
        if path:
            resolve(path)
    except (NoReverseMatch, Resolver404):
        return None
    return f"{base}?{query}" if query else base


def time_suggestions(body, client, measure):
    """The largest body's suggestions of its last full year's session; returns the summary lines.

    Each page is measured only if its route exists and it answers 200; otherwise a line says so."""
    from urllib.parse import quote

    from django.db.models import Count, Q
    from django_scopes import scopes_disabled

    from deputies.models import CongressSession, Deputy, Suggestion

    with scopes_disabled():
        sessions = list(CongressSession.objects.filter(body=body).annotate(n=Count("suggestions")).order_by("start_on"))
        if not sessions:
            return ["suggestions: skipped, no deputy work in the data (run without --skip-generate to add it)"]
        session = sessions[-2] if len(sessions) > 1 else sessions[-1]
        total = Suggestion.objects.count()
        body_total = Suggestion.objects.filter(body=body).count()
        deputies = Deputy.objects.count()
        matching = Suggestion.objects.filter(
            Q(title__contains=SUGGESTION_SEARCH) | Q(content__contains=SUGGESTION_SEARCH), body=body).count()
    lines = [f"deputy work: {deputies} deputies, {total} suggestions in all; largest body {body_total}, "
             f"session {session.name} ({session.year}) {session.n}"]
    query = f"session={session.pk}"
    search = f"q={quote(SUGGESTION_SEARCH)}"
    pages = [
        (f"suggestion list ({session.n})", _url("suggestion-list", query=query), "< 200 ms", 200),
        (f"suggestion search ({matching} of {body_total})", _url("suggestion-list", query=search), "< 200 ms", 200),
        ("suggestions API", _url("api:suggestion-list", query=query), "< 200 ms", 200),
        ("suggestion figures", _url("suggestion-figures", query=query), "< 300 ms", 300),
        ("suggestion figures API", _url(path="/api/v1/suggestion-figures/", query=query), "< 300 ms", 300),
    ]
    names = ["suggestion-list", "suggestion-list", "api:suggestion-list", "suggestion-figures",
             "/api/v1/suggestion-figures/"]
    for (label, url, target, limit), name in zip(pages, names, strict=True):
        if url is None:
            lines.append(f"{label}: skipped, route {name} is not there yet")
            continue
        try:
            status = client.get(url).status_code
        except Exception as e:  # a page still being written: report it, measure the rest
            status = f"an error ({type(e).__name__}: {e})"
        if status != 200:
            lines.append(f"{label}: skipped, {url} answered {status}")
            continue
        ms = measure(label, client, url, target)
        lines.append(f"{label} {ms:.1f} ms (target {target}: {'met' if ms < limit else 'NOT met'})")
    return lines


# --- agenda and schedule workbooks (meetings/exports.py) ---------------------------------------

AGENDA_ITEMS = 30  # the agenda the target names
SCHEDULE_MEETINGS = 12  # a year with a meeting every month
SCHEDULE_ITEMS = 10  # items of each of the other eleven meetings


def build_agenda_year(body):
    """A year of twelve standing meetings in the body, the first with a 30-item agenda; returns (year, first meeting).

    Each item has one to three reporting bodies, its own committees or (every other one) a plan item
    whose lead committees stand in for them, and its 材料报送 step, half of them done: every column is
    filled the way real data fills it. Called inside a transaction that the caller rolls back.
    """
    from core.models import Committee, ReportingBody
    from meetings.exports import MATERIALS_STEP
    from meetings.models import AgendaItem, MaterialStep, Meeting, MeetingKind
    from plans.models import PlanItem

    year = max(Meeting.objects.filter(body=body).values_list("year", flat=True)) + 50
    term = body.terms.order_by("-number").first()
    committees = list(Committee.objects.filter(body=body).order_by("order", "id")[:4])
    reporters = list(ReportingBody.objects.filter(body=body).order_by("order", "id")[:6])
    plan_items = list(PlanItem.objects.filter(body=body, responsibilities__role="lead").distinct()[:20])
    first = None
    for month in range(1, SCHEDULE_MEETINGS + 1):
        meeting = Meeting.objects.create(body=body, term=term, kind=MeetingKind.STANDING, number=900 + month,
                                         year=year, planned_month=month, place="常委会会议室")
        first = first or meeting
        count = AGENDA_ITEMS if meeting is first else SCHEDULE_ITEMS
        items = AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, order=n, title=f"听取和审议区政府关于第{n}项重点工作推进落实情况的报告",
                       form=AgendaItem.Form.HEAR_AND_REVIEW, has_inquiry=n % 7 == 0, has_evaluation=n % 9 == 0)
            for n in range(1, count + 1)
        )
        bodies, own, answers = [], [], []
        for n, item in enumerate(items):
            bodies += [AgendaItem.reporting_bodies.through(agendaitem=item, reportingbody=r)
                       for r in reporters[n % 4: n % 4 + 1 + n % 3]]
            if n % 2:
                own += [AgendaItem.committees.through(agendaitem=item, committee=c) for c in committees[n % 3: n % 3 + 2]]
            else:
                answers.append(AgendaItem.plan_items.through(agendaitem=item, planitem=plan_items[n % len(plan_items)]))
        AgendaItem.reporting_bodies.through.objects.bulk_create(bodies)
        AgendaItem.committees.through.objects.bulk_create(own)
        AgendaItem.plan_items.through.objects.bulk_create(answers)
        due = date(year, month, 1)
        MaterialStep.objects.bulk_create(
            MaterialStep(agenda_item=item, step=MATERIALS_STEP, due=due, done_on=due if n % 2 else None)
            for n, item in enumerate(items)
        )
    return year, first


def plain_write(rows) -> bytes:
    """The same cells written by openpyxl with no styling at all: the yardstick of the agenda target."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def time_agenda_exports(body, client, args, rows):
    """The 30-item agenda page export against a plain openpyxl write of its cells (interleaved), and the
    twelve-meeting schedule; the meetings are made for the run and rolled back. Appends to `rows`."""
    from django.db import transaction
    from django_scopes import scope, scopes_disabled

    from meetings.exports import AGENDA_HEADERS, AgendaWorkbookExporter, agenda_title, load_agendas, when_and_where

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            with scopes_disabled():
                year, meeting = build_agenda_year(body)
            with scope(body=body):
                cells = [[agenda_title(meeting)], [when_and_where(meeting)], AGENDA_HEADERS]
                cells += [row.values() for row in load_agendas([meeting.pk])[meeting.pk]]
            agenda_url = f"/meetings/{meeting.pk}/agenda.xlsx"
            schedule_url = f"/meetings/year/{year}/schedule.xlsx"
            for _ in range(args.warmup):
                assert client.get(agenda_url).status_code == 200
                plain_write(cells)
            export, plain, render = [], [], []
            exporter = AgendaWorkbookExporter(meeting)
            for _ in range(args.runs):
                start = time.perf_counter()
                assert client.get(agenda_url).status_code == 200
                export.append((time.perf_counter() - start) * 1000)
                with scope(body=body):  # the workbook alone: its queries and writing, no request
                    start = time.perf_counter()
                    exporter.render()
                    render.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                plain_write(cells)
                plain.append((time.perf_counter() - start) * 1000)
            export.sort(), plain.sort(), render.sort()
            p90 = int(len(export) * 0.9)
            agenda_ms, plain_ms = statistics.median(export), statistics.median(plain)
            rows.append((f"agenda export ({len(cells) - 3} items)", agenda_url, agenda_ms, export[p90],
                         query_count(client, agenda_url), "< 200 ms, ≤ 2 × plain openpyxl"))
            rows.append(("  exporter.render() alone", "(queries + styled workbook, in process)",
                         statistics.median(render), render[p90], 4, None))
            rows.append(("  plain openpyxl, same cells", "(no styling, in process)", plain_ms, plain[p90], 0, None))
            render_ratio = statistics.median(render) / plain_ms
            schedule_ms, schedule_p90 = timed(client, schedule_url, args.warmup, args.runs)
            rows.append((f"schedule export ({SCHEDULE_MEETINGS} meetings)", schedule_url, schedule_ms, schedule_p90,
                         query_count(client, schedule_url), "< 1 s"))
            raise Rollback
    except Rollback:
        pass
    ratio = agenda_ms / plain_ms
    agenda_ok = agenda_ms < 200 and ratio <= 2
    return (f"agenda export {agenda_ms:.1f} ms vs plain openpyxl {plain_ms:.1f} ms: ratio {ratio:.2f} "
            f"(render alone {render_ratio:.2f}) "
            f"(target < 200 ms and ≤ 2.0: {'met' if agenda_ok else 'NOT met'}); schedule {schedule_ms:.0f} ms "
            f"(target < 1000 ms: {'met' if schedule_ms < 1000 else 'NOT met'})")


def time_import(body, plan, data, args):
    """A whole import (read, preview, apply) of the exported workbook as a new year's plan, rolled back."""
    import importlib

    from django.db import transaction
    from django_scopes import scope

    try:
        reader = importlib.import_module("plans.imports.reader")
        preview = importlib.import_module("plans.imports.preview")
        apply = importlib.import_module("plans.imports.apply")
    except ImportError:
        return ("import", "skipped: import module not present")

    class Rollback(Exception):
        pass

    times, rows = [], 0
    for _ in range(max(3, args.runs // 10)):
        start = time.perf_counter()
        try:
            with scope(body=body), transaction.atomic():
                sheet = reader.read_workbook(data)
                result = preview.build_preview(sheet, body=body, year=plan.year + 50, kind=plan.kind)
                assert result["error_count"] == 0, result["error_count"]
                apply.apply_preview(result, body=body)
                rows = len(result["rows"])
                times.append((time.perf_counter() - start) * 1000)
                raise Rollback
        except Rollback:
            pass
    median = statistics.median(times)
    verdict = "met" if median < 3000 else "NOT met"
    return (f"import {rows} rows (new plan)", f"{median:7.1f}ms  median of {len(times)}, "
                                              f"read+preview+apply, rolled back; target < 3 s: {verdict}")


if __name__ == "__main__":
    main()
