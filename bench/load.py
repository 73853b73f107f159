#!/usr/bin/env python
"""Load test: 50 simulated staff users for 2 minutes against the app under gunicorn, on the 10-year data.

    .venv/bin/python bench/load.py --data-dir /tmp/renda-bench          # the cluster bench/run.py keeps there
    .venv/bin/python bench/load.py --data-dir /tmp/renda-bench -u 20 -t 30s   # a shorter try
    .venv/bin/python bench/load.py --data-dir /tmp/renda-bench --no-worker     # exports in process, no Redis

How: PostgreSQL 15 and the bench data as bench/run.py finds or makes them (its own cluster, or
DATABASE_URL; migrate; generate_bench_data if missing), then a throwaway copy of the database
(CREATE DATABASE … TEMPLATE, dropped on exit), so the status changes never touch the bench data.
In the copy it adds the accounts of the simulated users (`load-office-N`, `load-director-N`,
`load-member-N`, password `renda-load`) in the largest bench body and the next --bodies - 1 ones;
each office user and committee member gets its own items to change (of the current year, 未启动 or
准备中), so two users never race for one item, and a session (see start_sessions). collectstatic goes to a temporary STATIC_ROOT (served
by WhiteNoise). With Redis (default) a throwaway redis-server and one Celery worker run the long
list exports as in production; --no-worker runs them in the request, as without REDIS_URL.
gunicorn serves renda.wsgi with DEBUG off, HTTPS=false; then locust runs bench/locustfile.py
headless. Every process it started is stopped on every exit path.

Report: requests/s, p50, p95, p99 and errors per request kind and overall (from locust's CSV),
the export jobs' time to finish, tracebacks in gunicorn's log, and the load average before and after.
Exit status 1 when a request failed, p95 overall >= --p95-limit ms, or gunicorn logged a traceback.
"""

import argparse
import atexit
import csv
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import run as bench_run  # noqa: E402  bench/run.py: PostgreSQL, Django set-up, the data

VENV_BIN = Path(sys.executable).parent
PASSWORD = "renda-load"
BODY_PREFIX = "基准测试"
# Shares of the simulated users; bench/locustfile.py gives its user classes the same weights.
ROLE_SHARES = {"office": 0.4, "member": 0.4, "director": 0.2}
TOGGLE_STATUSES = ("not_started", "preparing")  # changed back and forth: always an allowed step


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    bench_run.add_data_arguments(parser)
    parser.add_argument("--staff-bodies", type=int, default=5, help="bench bodies whose staff log in (largest first)")
    parser.add_argument("-u", "--users", type=int, default=50)
    parser.add_argument("-r", "--spawn-rate", type=float, default=10)
    parser.add_argument("-t", "--run-time", default="2m")
    parser.add_argument("--think", default="1-3", metavar="MIN-MAX",
                        help="seconds each user pauses between requests (default 1-3; a person reads for longer)")
    parser.add_argument("--after-arrival", action="store_true",
                        help="count from the moment all users have arrived (locust --reset-stats): the "
                             "first seconds' burst of home pages and static files is left out")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread when > 1)")
    parser.add_argument("--no-worker", action="store_true", help="no Redis/Celery: exports run in the request")
    parser.add_argument("--p95-limit", type=float, default=500, help="ms; p95 at or above it fails the run")
    parser.add_argument("--static-root", type=Path,
                        help="collect static files here and keep them for the next run (default: a temporary folder)")
    parser.add_argument("--out", type=Path, help="keep locust's CSV files and the logs here")
    return parser.parse_args()


# --- processes -----------------------------------------------------------------------------------


def start(name, command, env, log_path, nice=0) -> subprocess.Popen:
    """Start a process in its own session (so a stop reaches its children) and stop it at exit.

    `nice` lowers its CPU weight. A new session is a new scheduling group where the kernel groups
    sessions (autogroup), and the group's weight is what counts then, so both are set."""
    log = open(log_path, "ab")
    proc = subprocess.Popen(["nice", "-n", str(nice), *command] if nice else command, env=env, cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    if nice:
        try:
            Path(f"/proc/{proc.pid}/autogroup").write_text(str(nice))
        except OSError:
            pass  # no autogroup here: the process's own nice value is enough

    def stop():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
        print(f"stopped {name}")

    atexit.register(stop)
    return proc


def wait_for(check, what, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"{what} exited with status {proc.returncode} before it was ready")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"{what} not ready after {timeout}s")


def http_ok(url) -> bool:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status == 200


# --- data --------------------------------------------------------------------------------------------


def make_accounts(args) -> dict:
    """The simulated users' accounts in the copy (idempotent) and what each may read and change."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from core.models import Body, BodyMembership, Committee, CommitteeMembership
    from core.roles import COMMITTEE_MEMBER, DIRECTOR, OFFICE, ensure_roles
    from meetings.models import Meeting
    from plans.models import AnnualPlan, ItemCommittee, PlanItem
    from supervision.models import Evaluation

    User = get_user_model()
    groups = ensure_roles()
    password = make_password(PASSWORD)  # hashed once: the default hasher takes ~0.5 s a password
    year = timezone.localdate().year
    counts = {role: math.ceil(args.users * share) + 1 for role, share in ROLE_SHARES.items()}

    with scopes_disabled():
        bodies = list(Body.objects.filter(name__startswith=BODY_PREFIX)
                      .annotate(n=Count("plan_items")).order_by("-n", "pk")[:args.staff_bodies])
        if not bodies:
            sys.exit("no bench bodies in the database: run without --skip-generate")

        def account(role, number, body, group):
            user, _ = User.objects.get_or_create(username=f"load-{role}-{number}",
                                                 defaults={"first_name": f"压测{role}{number}"})
            user.password, user.is_active = password, True
            user.save(update_fields=["password", "is_active"])
            user.groups.add(groups[group])
            BodyMembership.objects.get_or_create(user=user, body=body)
            return user

        data = {"password": PASSWORD, "year": year, "bodies": {}, "accounts": {r: [] for r in ROLE_SHARES}}
        for body in bodies:
            meetings = list(Meeting.objects.filter(body=body, year__in=(year - 1, year)).values_list("pk", flat=True))
            data["bodies"][str(body.pk)] = {
                "name": body.name,
                "items": list(PlanItem.objects.filter(body=body, year__gte=year - 2).order_by("?")
                              .values_list("pk", flat=True)[:300]),
                "meetings": meetings,
                "plans": list(AnnualPlan.objects.filter(body=body, year=year).values_list("pk", flat=True)),
                "evaluations": list(Evaluation.objects.filter(agenda_item__meeting__body=body)
                                    .order_by("-pk").values_list("pk", flat=True)[:50]),
                "committees": list(Committee.objects.filter(body=body, kind="working").values_list("pk", flat=True)),
            }
        # Round robin over the bodies; each member in the next of its body's busiest lead committees.
        for role, group in (("office", OFFICE), ("director", DIRECTOR), ("member", COMMITTEE_MEMBER)):
            for n in range(1, counts[role] + 1):
                body = bodies[(n - 1) % len(bodies)]
                user = account(role, n, body, group)
                entry = {"username": user.username, "body": body.pk, "writable": [], "committee": None,
                         "committee_name": None}
                if role == "member":
                    busiest = list(ItemCommittee.objects.filter(item__body=body, item__year=year, role="lead")
                                   .values_list("committee").annotate(n=Count("item")).order_by("-n", "committee")
                                   .values_list("committee", flat=True))
                    committee = busiest[((n - 1) // len(bodies)) % len(busiest)]
                    CommitteeMembership.objects.get_or_create(user=user, committee_id=committee,
                                                              defaults={"role": "lead"})
                    entry["committee"] = committee
                    entry["committee_name"] = Committee.objects.get(pk=committee).short_name
                data["accounts"][role].append(entry)
        # Items to change: a member's among its committee's, then the rest among the office users; disjoint.
        for body in bodies:
            open_items = list(PlanItem.objects.filter(body=body, year=year, status__in=TOGGLE_STATUSES)
                              .order_by("pk").values_list("pk", flat=True))
            taken = set()
            members = [a for a in data["accounts"]["member"] if a["body"] == body.pk]
            for member in members:
                sharing = [m for m in members if m["committee"] == member["committee"]]
                led = (ItemCommittee.objects.filter(item_id__in=open_items, committee_id=member["committee"],
                                                    role="lead").order_by("item_id").values_list("item_id", flat=True))
                mine = [pk for pk in led if pk not in taken][sharing.index(member)::len(sharing)]
                member["writable"] = mine
                taken.update(mine)
            offices = [a for a in data["accounts"]["office"] if a["body"] == body.pk]
            rest = [pk for pk in open_items if pk not in taken]
            for i, office in enumerate(offices):
                office["writable"] = rest[i::len(offices)]
    start_sessions(data)
    for role, accounts in data["accounts"].items():
        print(f"  {len(accounts)} {role} accounts; items to change each: "
              f"{min(len(a['writable']) for a in accounts)}–{max(len(a['writable']) for a in accounts)}"
              if role != "director" else f"  {len(accounts)} {role} accounts")
    print("  bodies: " + "; ".join(f"{b['name']} ({len(b['meetings'])} meetings in {year - 1}–{year})"
                                    for b in data["bodies"].values()))
    return data


def start_sessions(data):
    """A session for every account, as if its user had logged in earlier in the day.

    Hashing a password costs ~0.6 s of CPU (Django's PBKDF2 default): fifty users logging in at
    the same second would make the test a test of the hasher. LOGIN_SHARE of the simulated users
    still log in through the form (bench/locustfile.py), at random moments of the run."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    store = import_module(settings.SESSION_ENGINE).SessionStore
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="load-")}
    for accounts in data["accounts"].values():
        for account in accounts:
            user = users[account["username"]]
            session = store()
            session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                            HASH_SESSION_KEY: user.get_session_auth_hash()})
            session.create()
            account["session"] = session.session_key
    data["session_cookie"] = settings.SESSION_COOKIE_NAME


def collect_static(env, static_root: Path):
    """collectstatic (compressing every file takes minutes on a busy machine): skipped when the
    manifest in `static_root` is newer than every file of static/."""
    manifest = static_root / "staticfiles.json"
    newest = max((p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file()), default=0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        print(f"static files: reusing {static_root}")
        return
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    print(f"static files: collected into {static_root} in {time.monotonic() - started:.0f}s")


# --- report ------------------------------------------------------------------------------------------


def read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def print_report(rows, seconds) -> dict:
    print()
    print(f"{'request kind':44} {'reqs':>6} {'errors':>6} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}  (ms)")
    print("-" * 100)
    total = None
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        print_row(f"{row['Type']} {row['Name']}", row)
    print("-" * 100)
    print_row("all requests", total)
    return total


def print_row(label, row):
    def ms(key):
        value = row.get(key, "N/A")
        return "-" if value in ("N/A", "") else f"{float(value):.0f}"

    print(f"{label[:44]:44} {row['Request Count']:>6} {row['Failure Count']:>6} {float(row['Requests/s']):6.1f} "
          f"{ms('50%'):>6} {ms('95%'):>6} {ms('99%'):>6} {ms('Max Response Time'):>7}")


def print_failures(prefix: Path):
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return
    with open(path, newline="") as handle:
        failures = list(csv.DictReader(handle))
    if failures:
        print("\nerrors:")
        for row in failures:
            print(f"  {row['Occurrences']:>5} × {row['Method']} {row['Name']}: {row['Error'][:200]}")


def tracebacks(log_path: Path) -> list[str]:
    """Each traceback gunicorn's log holds, as its first and last lines."""
    lines = log_path.read_text(errors="replace").splitlines() if log_path.exists() else []
    found = []
    for i, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j] and not lines[j].startswith((" ", "\t"))), i)
            found.append(f"{lines[i - 1] if i else ''} … {lines[end]}")
    return found


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- main ----------------------------------------------------------------------------------------------


def main():
    args = parse_args()
    # SIGTERM (and SIGHUP) end the run like Ctrl-C: through the atexit handlers that stop everything.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    out = args.out or Path(tempfile.mkdtemp(prefix="renda-load."))
    out.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {load_average()} ({os.cpu_count()} CPUs)")

    bench_run.setup_django(args.data_dir)
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/load.py needs PostgreSQL: unset DATABASE_URL to get a throwaway one, as bench/run.py does")
    call_command("migrate", verbosity=0)
    bench_run.ensure_bench_data(args)
    copy = bench_run.use_throwaway_copy("load")
    data = make_accounts(args)
    settings_dict = connection.settings_dict
    database_url = (f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{copy}")
    connection.close()
    accounts_path = out / "accounts.json"
    accounts_path.write_text(json.dumps(data))

    static_root = args.static_root or Path(tempfile.mkdtemp(prefix="renda-load-static."))
    media_root = Path(tempfile.mkdtemp(prefix="renda-load-media."))
    atexit.register(lambda: [subprocess.run(["rm", "-rf", str(p)]) for p in (media_root,)
                             + (() if args.static_root else (static_root,))])
    env = {
        **os.environ, "DATABASE_URL": database_url, "DEBUG": "false", "HTTPS": "false",
        "SECRET_KEY": os.environ["SECRET_KEY"],  # set by setup_django; the sessions' hashes depend on it
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "STATIC_ROOT": str(static_root), "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"), "DJANGO_SETTINGS_MODULE": "renda.settings",
    }
    env.pop("REDIS_URL", None)
    collect_static(env, static_root)

    if not args.no_worker:
        redis_port = bench_run.free_port(56000, 56999)
        redis = start("redis-server", ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no"], env, out / "redis.log")
        wait_for(lambda: "Ready to accept" in (out / "redis.log").read_text(), "redis-server", redis)
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        # Niced, as docker-compose.yml gives the worker a smaller CPU share: a long export may take
        # longer, but it does not slow the pages people are waiting for.
        worker = start("celery worker", [str(VENV_BIN / "celery"), "-A", "renda", "worker", "--concurrency", "1",
                                         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
                       env, out / "celery.log", nice=15)
        if worker.poll() is not None:
            sys.exit("the Celery worker did not start; see " + str(out / "celery.log"))

    port = bench_run.free_port(57000, 57999)
    gunicorn_log = out / "gunicorn.log"
    gunicorn_args = ["--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--timeout", "60",
                     # Longer than any user's pause (as nginx's 75 s): with a shorter one, a reused
                     # connection gunicorn was closing at that moment ends in "connection reset".
                     "--keep-alive", "75",
                     "--error-logfile", "-", "--capture-output"]
    if args.threads > 1:
        gunicorn_args += ["--worker-class", "gthread", "--threads", str(args.threads)]
    gunicorn = start("gunicorn", [str(VENV_BIN / "gunicorn"), *gunicorn_args, "renda.wsgi"], env, gunicorn_log)
    host = f"http://127.0.0.1:{port}"
    wait_for(lambda: http_ok(f"{host}/accounts/login/"), "gunicorn", gunicorn)
    print(f"gunicorn {' '.join(gunicorn_args)} renda.wsgi; exports "
          f"{'in process (no worker)' if args.no_worker else 'on 1 Celery worker (Redis)'}")

    prefix = out / "locust"
    command = [str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.run_time, "--host", host,
               "--csv", str(prefix), "--only-summary", "--stop-timeout", "60", "--loglevel", "WARNING"]
    if args.after_arrival:
        command.append("--reset-stats")
    print("locust " + " ".join(command[1:]))
    started = time.monotonic()
    locust = subprocess.run(command, cwd=ROOT, env={**env, "RENDA_LOAD_ACCOUNTS": str(accounts_path),
                                                       "RENDA_LOAD_OUT": str(out), "RENDA_LOAD_THINK": args.think},
                            stdout=open(out / "locust.log", "wb"), stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if not Path(f"{prefix}_stats.csv").exists():
        print((out / "locust.log").read_text(errors="replace")[-3000:])
        sys.exit(f"locust ended with status {locust.returncode} and no figures")

    total = print_report(read_stats(prefix), seconds)
    print_failures(prefix)
    jobs_path = out / "export_jobs.json"
    if jobs_path.exists():
        jobs = json.loads(jobs_path.read_text())
        if jobs:
            jobs.sort()
            print(f"\nexport jobs: {len(jobs)} finished; time from request to file ready: median "
                  f"{jobs[len(jobs) // 2]:.1f} s, max {jobs[-1]:.1f} s")
    found = tracebacks(gunicorn_log)
    print(f"\ntracebacks in gunicorn's log: {len(found)}" + "".join(f"\n  {t}" for t in found[:10]))
    print(f"load average after: {load_average()}; locust ran {seconds:.0f}s; logs and CSV in {out}")

    errors, p95 = int(total["Failure Count"]), float(total["95%"])
    ok = errors == 0 and p95 < args.p95_limit and not found
    counted = ", counted after all had arrived" if args.after_arrival else ""
    print(f"{'PASS' if ok else 'FAIL'}: {args.users} users, {args.think} s between requests, {args.run_time}{counted}: "
          f"{total['Request Count']} requests, {float(total['Requests/s']):.1f}/s, "
          f"{errors} errors, p50 {float(total['50%']):.0f} ms, p95 {p95:.0f} ms (limit {args.p95_limit:.0f}), "
          f"p99 {float(total['99%']):.0f} ms")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
