#!/usr/bin/env python
"""Time the daily reminder run (core.reminders.run_day) on the 10-year bench data, show that its
queries do not grow with the reminders it makes, and time the e-mail delivery (informational).

    .venv/bin/python bench/reminders.py                       # throwaway PostgreSQL 15, generated data, timings
    .venv/bin/python bench/reminders.py --data-dir /tmp/bench # keep the cluster and its data (shared with bench/run.py)
    DATABASE_URL=postgres://… .venv/bin/python bench/reminders.py [--skip-generate]
    .venv/bin/python bench/reminders.py --data-dir /tmp/bench --history-days 1   # an ordinary day, not a first run
    .venv/bin/python bench/reminders.py --data-dir /tmp/bench --plant-only       # keep the planted copy to look at

Target (the reminders issue): on the 10-year data the daily run over one year's open items finishes
in under 10 s, and its queries do not grow with the number of reminders sent.

The database is found or made as bench/run.py does (its own PostgreSQL 15, or DATABASE_URL; migrate;
`generate_bench_data` with the same sizes unless the data is there; `--only-deputies` for data made
before the deputy work). The run then works on a throwaway copy of that database
(CREATE DATABASE … TEMPLATE, dropped on exit), so the bench data is never changed and each body's
transaction commits as in production. In the copy it plants what a busy day of the last full year
has open (the day defaults to 12 May of that year, when the session's suggestions fall due):

- people with e-mail in every bench body: 3 office staff, 3 directors, 3 members of each committee,
  3 contacts (plans.UnitContact) of each reporting body and an account for every serving deputy; a
  few have e-mail switched off or take the weekly digest;
- the body's standing meeting of that month moved to day + 7 (agenda not fixed), with the materials
  ladder of each agenda item that hears a report (steps due before the day done 7 times in 10) and
  the lead committees of its plan items as the item's committees;
- a review opinion for each agenda item of the year's earlier standing meetings, due within
  [day − 30, day + 14], and an open rectification for every other one;
- the plan items of the next month set to not started;
- the suggestions answered in the last 30 days and not yet given feedback by then set to 已答复
  (feedback is read from the current status), and some new between-session suggestions assigned
  in the last month and not signed for;
- the suggestions awaiting a reply are the data's own: those replied after the day count as awaiting
  on it (the collectors read the past this way), i.e. the session's suggestions due around then.

Then, all bench bodies in one run_day(day) each time:

1. `--runs` timed runs (default 3); before each, the day's notifications are deleted and the table
   vacuumed, so every run is the day's first (with --history-days N the N days before were run
   first, untimed, and their e-mail marked sent: then the day makes only what is new that day);
2. the same day body by body, queries captured: every body must take the same number of queries,
   however many reminders it makes; the slowest query shapes are listed;
3. deliver_pending() for what the day made, with the locmem e-mail backend (nothing is sent), timed
   and its queries counted (informational);
4. every other open matter of every kind closed (the first of each kind in each body stays open),
   and the day again body by body: the same queries per body as in 2, about half the reminders.

PASS/FAIL lines close the report (exit status 1 on a FAIL): the median run under 10 s, equal query
counts per body, and equal counts with half the matters open. Timings are wall-clock, in process,
DEBUG off; query counts include COMMIT, as tests/core/test_reminders.py counts them.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import run as bench_run  # noqa: E402  bench/run.py: PostgreSQL, Django set-up, the data

TARGET_SECONDS = 10.0
BODY_PREFIX = "基准测试"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    bench_run.add_data_arguments(parser)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--day", type=date.fromisoformat,
                        help="the day to run (default: 12 May of the data's last full year)")
    parser.add_argument("--history-days", type=int, default=0,
                        help="run the N days before the day first (untimed), as a daily schedule would have")
    parser.add_argument("--plant-only", action="store_true",
                        help="plant, keep the copy (<database>_reminders_bench) for a closer look and stop")
    args = parser.parse_args()

    bench_run.setup_django(args.data_dir)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/reminders.py needs PostgreSQL (as bench/run.py): unset DATABASE_URL to get a throwaway one")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # nothing leaves the process
    print(f"database: {connection.vendor} {connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}"
          f"/{connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    bench_run.ensure_bench_data(args)

    copy = bench_run.use_throwaway_copy("reminders_bench", keep=args.plant_only)
    print(f"working on a throwaway copy: {copy} ({'kept' if args.plant_only else 'dropped on exit'})")

    from django_scopes import scopes_disabled

    from core.models import Body
    from plans.models import PlanItem

    with scopes_disabled():
        bodies = list(Body.objects.filter(name__startswith=BODY_PREFIX).order_by("id"))
        years = sorted(set(PlanItem.objects.filter(body=bodies[0]).values_list("year", flat=True)))
    year = years[-2] if len(years) > 1 else years[-1]
    day = args.day or date(year, 5, 12)
    start = time.monotonic()
    with scopes_disabled():
        planted = plant(bodies, day, random.Random(args.seed))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"planted in {time.monotonic() - start:.0f}s: " + ", ".join(f"{v} {k}" for k, v in planted.items()))
    if args.plant_only:
        print(f"day {day}; the planted copy is kept as {copy}")
        return
    measure(args, bodies, day)


# --- data --------------------------------------------------------------------------------------------


def _at(day, hour=9):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, clock(hour)))


def _person_maker(people, index, password, day):
    from django.contrib.auth import get_user_model

    User = get_user_model()

    def person(key, role, first_name, **extra):
        name = f"rem-{index + 1:02d}-{key}"
        people.append((User(username=name, password=password, first_name=first_name, email=f"{name}@bench.example",
                            date_joined=_at(day - timedelta(days=400))), role, extra))

    return person


def plant(bodies, day, rng) -> dict:
    """A busy day's open matters and the people to tell, in every bench body (see the module docstring)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.db.models import Exists, OuterRef

    from core.models import (
        BodyMembership,
        Committee,
        CommitteeMembership,
        NotificationPreference,
        ReportingBody,
        UnitContact,
    )
    from core.roles import COMMITTEE_MEMBER, DEPUTY, DIRECTOR, OFFICE, UNIT_CONTACT, ensure_roles
    from core.rules import rules_for
    from deputies.models import Assignment, Deputy, Feedback, Signature, Suggestion
    from deputies.models.suggestions import SuggestionStatus
    from meetings.materials import ladder_dues
    from meetings.models import AgendaItem, MaterialStep, Meeting, MeetingKind
    from plans.models import ItemCommittee, PlanItem, PlanItemStatus
    from supervision.models import Rectification, ReviewOpinion
    from supervision.opinions import add_months

    User = get_user_model()
    roles = ensure_roles()
    password = make_password(None)  # unusable; hashing thousands of real ones would take minutes
    counts = Counter()
    window = (day - timedelta(days=30), day + timedelta(days=14))
    span = (window[1] - window[0]).days

    def spread(n, i):
        return window[0] + timedelta(days=(i * span) // max(1, n - 1)) if n > 1 else day

    next_year, next_month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for index, body in enumerate(bodies):
        with transaction.atomic():
            committees = list(Committee.objects.filter(body=body).order_by("order", "id"))
            working = [c for c in committees if c.kind != Committee.Kind.SPECIAL]
            units = list(ReportingBody.objects.filter(body=body).order_by("order", "id"))
            departments = [u for u in units if u.kind == ReportingBody.Kind.DEPARTMENT] or units

            # People. Usernames rem-<body>-<what>-<n>; e-mail for everyone.
            people = []  # (user, role, extra)
            person = _person_maker(people, index, password, day)
            for n in range(3):
                person(f"office-{n}", OFFICE, f"办公室{n}")
                person(f"director-{n}", DIRECTOR, f"主任{n}")
            for c in committees:
                for n in range(3):
                    person(f"c{c.pk}-{n}", COMMITTEE_MEMBER, f"{c.short_name}{n}", committee=c)
            levels = list(UnitContact.Level)
            for u in units:
                for n, level in enumerate(levels):
                    person(f"u{u.pk}-{n}", UNIT_CONTACT, f"{u.name}{level.label}", unit=u, level=level)
            deputies = list(Deputy.objects.filter(body=body, status=Deputy.Status.SERVING, user__isnull=True)
                            .select_related("term").order_by("pk"))
            for d in deputies:
                person(f"d{d.pk}", DEPUTY, d.name, deputy=d)
            users = User.objects.bulk_create([u for u, _, _ in people], batch_size=2000)
            User.groups.through.objects.bulk_create(
                [User.groups.through(user_id=u.pk, group_id=roles[role].pk)
                 for u, (_, role, _) in zip(users, people, strict=True)], batch_size=5000)
            BodyMembership.objects.bulk_create([BodyMembership(user=u, body=body) for u in users], batch_size=5000)
            memberships, contacts, linked, prefs = [], [], [], []
            for u, (_, role, extra) in zip(users, people, strict=True):
                if "committee" in extra:
                    memberships.append(CommitteeMembership(user=u, committee=extra["committee"]))
                    if rng.random() < 0.1:
                        prefs.append(NotificationPreference(user=u, email_enabled=False))
                elif "unit" in extra:
                    contacts.append(UnitContact(unit=extra["unit"], user=u, level=extra["level"], name=u.first_name))
                elif "deputy" in extra:
                    extra["deputy"].user = u
                    linked.append(extra["deputy"])
                elif role == OFFICE and u.username.endswith("-0"):
                    prefs.append(NotificationPreference(user=u, digest=NotificationPreference.Digest.WEEKLY))
            CommitteeMembership.objects.bulk_create(memberships)
            UnitContact.objects.bulk_create(contacts, batch_size=5000)
            Deputy.objects.bulk_update(linked, ["user"], batch_size=1000)
            NotificationPreference.objects.bulk_create(prefs)
            counts["users"] += len(users)

            # The standing meeting of the coming week, with its materials ladder.
            standing = list(Meeting.objects.filter(body=body, kind=MeetingKind.STANDING, year=day.year)
                            .order_by("planned_month", "number"))
            meeting = next((m for m in standing if (m.planned_month or 0) >= (day + timedelta(days=7)).month),
                           standing[-1])
            meeting.date, meeting.status, meeting.agenda_fixed_on = day + timedelta(days=7), Meeting.Status.SCHEDULED, None
            meeting.save(update_fields=["date", "status", "agenda_fixed_on"])
            items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))
            leads = defaultdict(set)
            for agenda_id, committee_id in ItemCommittee.objects.filter(
                item__agenda_items__meeting=meeting, role=ItemCommittee.Role.LEAD
            ).values_list("item__agenda_items", "committee_id"):
                leads[agenda_id].add(committee_id)
            AgendaItem.committees.through.objects.bulk_create(
                [AgendaItem.committees.through(agendaitem_id=item.pk, committee_id=c)
                 for item in items for c in (leads[item.pk] or {rng.choice(working).pk})], ignore_conflicts=True)
            dues = ladder_dues(body, meeting.date)
            steps = []
            for item in items:
                if not item.hears_report:
                    continue
                for step, due in dues.items():
                    done = due < day and rng.random() < 0.7
                    steps.append(MaterialStep(agenda_item=item, step=step, due=due,
                                              done_on=due if done else None))
            MaterialStep.objects.bulk_create(steps, ignore_conflicts=True)
            counts["open materials steps"] += sum(1 for s in steps if s.done_on is None and s.due >= window[0])

            # Review opinions on the year's earlier standing meetings, and rectifications from half of them.
            heard = list(AgendaItem.objects.filter(meeting__in=[m for m in standing if m.date and m.date < day])
                         .order_by("meeting__date", "order"))
            opinions = ReviewOpinion.objects.bulk_create([
                ReviewOpinion(agenda_item=item, reporting_body=rng.choice(departments), committee=rng.choice(working),
                              text="审议意见（基准测试）", sent_on=add_months(spread(len(heard), i), -2),
                              due_on=spread(len(heard), i))
                for i, item in enumerate(heard)
            ])
            rectifications = Rectification.objects.bulk_create([
                Rectification(body=body, source=Rectification.Source.OPINION, opinion=o, reporting_body=o.reporting_body,
                              committee=o.committee, what="针对审议意见整改（基准测试）", due_on=o.due_on,
                              created_at=_at(day - timedelta(days=60)))
                for o in opinions[::2]
            ])
            counts["review opinions"] += len(opinions)
            counts["rectifications"] += len(rectifications)

            # Next month's plan items, not started yet.
            counts["plan items next month"] += PlanItem.objects.filter(
                body=body, year=next_year, start_month=next_month).update(status=PlanItemStatus.NOT_STARTED)

            # Replied in the last 30 days, feedback not given by the day: 已答复 (the collector reads the status).
            given = Feedback.objects.filter(suggestion=OuterRef("pk"), round=OuterRef("round"), given_on__lte=day)
            counts["suggestions awaiting feedback"] += (
                Suggestion.objects.filter(body=body, replied_on__gte=window[0], replied_on__lte=day)
                .exclude(Exists(given)).update(status=SuggestionStatus.REPLIED)
            )

            # New between-session suggestions assigned in the last month, not signed for.
            rules = rules_for(body)
            pool = [d for d in deputies if d.term.start <= day] or deputies
            top = max(Suggestion.objects.filter(body=body, year=day.year, session__isnull=True)
                      .values_list("number", flat=True), default=0) or 0
            yearly = Suggestion.objects.filter(body=body, year=day.year).count()
            unsigned = max(3, yearly // 100)
            new = []
            for n in range(unsigned):
                assigned = day - timedelta(days=rules.suggestion_sign_days + 1 + (n * 29) // max(1, unsigned - 1))
                new.append(Suggestion(
                    body=body, year=day.year, number=top + 1000 + n, title=f"关于基准测试事项的建议（{n + 1}）",
                    content="基准测试建议。", category="城乡建设", committee=rng.choice(working),
                    raised_on=assigned - timedelta(days=12), created_at=_at(assigned - timedelta(days=12)),
                    status=SuggestionStatus.ASSIGNED, lead_unit=rng.choice(departments), assigned_on=assigned,
                    reply_due_on=add_months(assigned, rules.suggestion_reply_months)))
            new = Suggestion.objects.bulk_create(new)
            Assignment.objects.bulk_create(
                [Assignment(suggestion=s, unit=s.lead_unit, role=Assignment.Role.LEAD, assigned_on=s.assigned_on,
                            due_on=s.reply_due_on) for s in new])
            Signature.objects.bulk_create(
                [Signature(suggestion=s, deputy=rng.choice(pool), role=Signature.Role.PROPOSER, order=0,
                           confirmed_on=s.raised_on) for s in new if pool])
            counts["unsigned assignments"] += len(new)
    return dict(counts)


# --- measuring -----------------------------------------------------------------------------------


def clear_day(day, bodies=None):
    """The day's notifications gone and the table vacuumed: the next run is the day's first again."""
    from django.db import connection

    from core.models import Notification

    rows = Notification.objects.filter(day=day)
    if bodies is not None:
        rows = rows.filter(body__in=bodies)
    rows.delete()
    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM ANALYZE "{Notification._meta.db_table}"')


def captured(fn):
    """(result, queries) of fn() with the queries captured (COMMIT included, as the tests count them)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the log keeps the last 9000 only: from a full log nothing would be captured
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    if len(ctx.captured_queries) >= connection.queries_log.maxlen:
        raise RuntimeError("more queries than the debug log keeps; count them another way")
    return result, ctx.captured_queries


def counted(fn):
    """(result, number of statements) of fn(), without the debug log's limit (COMMIT not counted)."""
    from django.db import connection

    n = 0

    def count(execute, sql, params, many, context):
        nonlocal n
        n += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = fn()
    return result, n


@dataclass
class BodyDay:
    """One body's run of the day: its queries, what it made and of which kinds."""

    queries: list
    created: int
    kinds: frozenset

    @property
    def count(self) -> int:
        return len(self.queries)


def by_body(day, bodies) -> dict:
    """The day body by body from scratch, queries captured: {body pk: BodyDay}."""
    from core.reminders import run_day

    clear_day(day)
    out = {}
    for body in bodies:
        report, queries = captured(lambda b=body: run_day(day, body_ids=[b.pk]))
        made = report.bodies[0].new if report.bodies else []
        out[body.pk] = BodyDay(queries, report.created, frozenset(d.kind for d in made))
    return out


SHAPE = [(re.compile(p), r) for p, r in (
    (r"'(?:[^']|'')*'", "?"), (r"\b\d+(\.\d+)?\b", "?"), (r"\((?:\?, ?)+\?\)", "(…)"), (r"(, \(…\))+", ", …"),
    (r"\s+", " "),
)]


def shape(sql: str) -> str:
    for pattern, repl in SHAPE:
        sql = pattern.sub(repl, sql)
    return sql


def slowest_shapes(queries, top=8):
    totals = defaultdict(lambda: [0.0, 0])
    for q in queries:
        key = shape(q["sql"])[:400]
        totals[key][0] += float(q["time"])
        totals[key][1] += 1
    return sorted(totals.items(), key=lambda kv: -kv[1][0])[:top]


def close_every_other(day, bodies) -> Counter:
    """Close every second open matter of each kind in each body (the first of each stays open)."""
    from django.db.models import Q

    from core.rules import rules_for
    from deputies.models import Assignment, Suggestion
    from deputies.models.suggestions import AWAITING_REPLY, SuggestionStatus
    from meetings.models import MaterialStep
    from plans.models import PlanItem, PlanItemStatus
    from supervision.models import Rectification, ReviewOpinion

    earliest, latest = day - timedelta(days=30), day + timedelta(days=14)
    before = day - timedelta(days=1)
    sign_days = rules_for(bodies[0]).suggestion_sign_days  # the bench bodies keep the default rules
    kinds = [
        ("materials steps", MaterialStep.objects.filter(due__gte=earliest, due__lte=latest, agenda_item__meeting__date__gte=day)
         .filter(Q(done_on__isnull=True) | Q(done_on__gt=day)), "agenda_item__meeting__body", {"done_on": before}),
        ("suggestions awaiting a reply", Suggestion.objects.filter(reply_due_on__gte=earliest, reply_due_on__lte=latest)
         .filter(Q(status__in=AWAITING_REPLY) | Q(replied_on__gt=day, assigned_on__lte=day)), "body",
         {"status": SuggestionStatus.CLOSED, "replied_on": before}),
        ("unsigned assignments", Assignment.objects.filter(
            active=True, assigned_on__lt=day - timedelta(days=sign_days), assigned_on__gte=earliest - timedelta(days=sign_days))
         .filter(Q(signed_on__isnull=True) | Q(signed_on__gt=day)).exclude(suggestion__status=SuggestionStatus.CLOSED),
         "suggestion__body", {"signed_on": before}),
        ("suggestions awaiting feedback", Suggestion.objects.filter(status=SuggestionStatus.REPLIED,
                                                                    replied_on__gte=earliest, replied_on__lte=day),
         "body", {"status": SuggestionStatus.CLOSED}),
        ("review opinions", ReviewOpinion.objects.filter(due_on__gte=earliest, due_on__lte=latest, sent_on__lte=day)
         .filter(Q(response_on__isnull=True) | Q(response_on__gt=day)),
         "agenda_item__meeting__body", {"response_on": before}),
        ("rectifications", Rectification.objects.filter(due_on__gte=earliest, due_on__lte=latest,
                                                        status=Rectification.Status.OPEN),
         "body", {"status": Rectification.Status.CLOSED, "closed_on": before}),
        ("plan items next month", PlanItem.objects.filter(status=PlanItemStatus.NOT_STARTED,
                                                          **dict(zip(("year", "start_month"),
                                                                     ((day.year + 1, 1) if day.month == 12
                                                                      else (day.year, day.month + 1)), strict=True))),
         "body", {"status": PlanItemStatus.PREPARING}),
    ]
    closed = Counter()
    ids = [b.pk for b in bodies]
    for label, rows, body_field, change in kinds:
        per_body = defaultdict(list)
        for pk, body_id in rows.filter(**{f"{body_field}__in": ids}).order_by("pk").values_list("pk", body_field):
            per_body[body_id].append(pk)
        chosen = [pk for pks in per_body.values() for pk in pks[1::2]]
        closed[label] = rows.model.objects.filter(pk__in=chosen).update(**change)
    return closed


def measure(args, bodies, day):
    from django.conf import settings
    from django.core import mail
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse
    from django_scopes import scope, scopes_disabled

    from core.models import Notification
    from core.reminder_mail import deliver_pending
    from core.reminders import collect, enabled_kinds, run_day
    from deputies.models import Suggestion

    ids = [b.pk for b in bodies]
    names = {b.pk: b.name for b in bodies}
    with scopes_disabled():
        sizes = dict(Suggestion.objects.filter(body__in=ids, year=day.year).order_by().values("body")
                     .annotate(n=Count("id")).values_list("body", "n"))
    kinds = enabled_kinds()
    print(f"day {day:%Y-%m-%d} ({day:%A}), {len(bodies)} bodies; kinds: {', '.join(kinds)}")

    if args.history_days:
        start = time.monotonic()
        made = 0
        for back in range(args.history_days, 0, -1):
            made += run_day(day - timedelta(days=back), body_ids=ids).created
        Notification.objects.filter(day__lt=day).update(email_state=Notification.Email.SENT)
        print(f"history: the {args.history_days} day(s) before run first: {made} reminders (e-mail marked sent), "
              f"{time.monotonic() - start:.0f}s")

    # Warm up (URLconf, imports), then where the day's reminders come from: each collector over all
    # bodies, nothing written.
    reverse("home")
    _collect(bodies[0], day, kinds, collect, scope)
    collectors = []
    for kind in kinds:
        start = time.perf_counter()
        dues, queries = captured(lambda k=kind: sum(len(_collect(b, day, [k], collect, scope)) for b in bodies))
        collectors.append((kind, time.perf_counter() - start, dues, len(queries)))

    # 1. Timed runs, each the day's first (RENDA_BENCH_PROFILE=1: the first under cProfile, printed).
    times, created = [], []
    for run in range(args.runs):
        clear_day(day)
        if run == 0 and os.environ.get("RENDA_BENCH_PROFILE"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(run_day, day, body_ids=ids)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            clear_day(day)
        start = time.perf_counter()
        report = run_day(day, body_ids=ids)
        times.append(time.perf_counter() - start)
        created.append(report.created)
    # 2. Body by body, queries captured.
    full = by_body(day, bodies)
    full_queries = [q for run in full.values() for q in run.queries]
    db_seconds = sum(float(q["time"]) for q in full_queries)
    # 3. E-mail for what the day made: timed, then again (reset to pending) with its queries captured.
    pending_rows = Notification.objects.filter(day=day, email_state=Notification.Email.PENDING)
    pending, recipients = pending_rows.count(), pending_rows.values("recipient").distinct().count()
    mail.outbox = []
    start = time.perf_counter()
    delivery = deliver_pending()
    mail_seconds = time.perf_counter() - start
    messages = len(mail.outbox)
    Notification.objects.filter(day=day, email_state=Notification.Email.SENT).update(
        email_state=Notification.Email.PENDING, email_sent_at=None, email_attempts=0)
    mail.outbox = []
    _, mail_queries = counted(deliver_pending)
    mail.outbox = []
    # 4. Half the matters open.
    with scopes_disabled():
        closed = close_every_other(day, bodies)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    half = by_body(day, bodies)

    # --- report ---
    width = 100
    print()
    print(f"{'each collector alone, all bodies, no writes':42} {'seconds':>8} {'reminders':>10} {'queries':>8}")
    print("-" * width)
    for kind, seconds, dues, queries in collectors:
        print(f"{kind:42} {seconds:8.2f} {dues:10d} {queries:8d}")
    print()
    history = f", after {args.history_days} day(s) run before it" if args.history_days else ""
    print(f"run_day({day}) over {len(bodies)} bodies, the day's notifications deleted before each run{history}:")
    for n, (seconds, made) in enumerate(zip(times, created, strict=True), start=1):
        print(f"  run {n}: {seconds:6.2f} s, {made} reminders created")
    median = statistics.median(times)
    whole_run = 1 + sum(run.count - 1 for run in full.values())  # one Body query for a whole run
    print(f"  median {median:.2f} s; {whole_run} queries for a whole run (body by body {len(full_queries)}, "
          f"{db_seconds:.2f} s of them in the database)")
    print()
    print("slowest query shapes (the body-by-body run, all bodies):")
    for sql, (seconds, count) in slowest_shapes(full_queries):
        print(f"  {seconds * 1000:8.1f} ms {count:5d}×  {sql[:160]}")
    print()
    print(f"deliver_pending(): {pending} pending e-mails for {recipients} people → {messages} messages "
          f"({delivery.sent} sent, {delivery.failed} failed) in {mail_seconds:.2f} s; {mail_queries} statements "
          "(informational)")
    print()
    print("closed for the half run: " + ", ".join(f"{v} {k}" for k, v in closed.items()))
    print(f"{'body':22} {'suggestions':>11} {'queries':>8} {'reminders':>10} │ {'half open: queries':>19} "
          f"{'reminders':>10}")
    print("-" * width)
    order = sorted(ids, key=lambda pk: -full[pk].created)
    for pk in order[:5] + order[-3:] if len(order) > 8 else order:
        print(f"{names[pk][:20]:22} {sizes.get(pk, 0):11d} {full[pk].count:8d} {full[pk].created:10d} │ "
              f"{half[pk].count:19d} {half[pk].created:10d}")
    if len(order) > 8:
        print(f"  … {len(order) - 8} more bodies")
    full_sum = (sum(r.count for r in full.values()), sum(r.created for r in full.values()))
    half_sum = (sum(r.count for r in half.values()), sum(r.created for r in half.values()))
    print(f"{'all bodies':22} {sum(sizes.values()):11d} {full_sum[0]:8d} {full_sum[1]:10d} │ "
          f"{half_sum[0]:19d} {half_sum[1]:10d}")
    print("-" * width)

    # Every body must take the same queries however many reminders it makes. Should they differ, a
    # body that had nothing of some kind (its prefetch or people query skipped) is compared with its like.
    made = [r.created for r in full.values()]
    counts = Counter(r.count for r in full.values())
    if len(counts) == 1:
        same_per_body, per_body = True, f"{next(iter(counts))} for each of the {len(full)} bodies"
    else:
        groups = defaultdict(Counter)
        for run in full.values():
            groups[run.kinds][run.count] += 1
        same_per_body = all(len(c) == 1 for c in groups.values())
        per_body = "; ".join(
            ", ".join(f"{q} ({n} bodies)" for q, n in c.most_common())
            + (f" making no {', '.join(k for k in kinds if k not in group)}" if set(kinds) - group else "")
            for group, c in sorted(groups.items(), key=lambda g: -len(g[0]))
        )
    same_half = all(full[pk].count == half[pk].count for pk in ids)
    checks = [
        (median < TARGET_SECONDS, (f"daily run {median:.2f} s (median of {args.runs}) for "
                                   f"{statistics.median(created):.0f} reminders, target < {TARGET_SECONDS:.0f} s")),
        (same_per_body, f"queries per body: {per_body}, while they made {min(made)} to {max(made)} reminders"),
        (same_half and half_sum[1] < full_sum[1],
         (f"half the matters open: {half_sum[0]} queries for {half_sum[1]} reminders vs {full_sum[0]} for "
          f"{full_sum[1]} (each body the same count: {'yes' if same_half else 'no'})")),
    ]
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    for pk in ids:
        if full[pk].count != half[pk].count:
            print(f"      {names[pk]}: {full[pk].count} → {half[pk].count} queries")
    print(f"in process, DEBUG off, PostgreSQL {connection.pg_version // 10000}; e-mail {settings.EMAIL_BACKEND}")
    if not all(ok for ok, _ in checks):
        sys.exit(1)


def _collect(body, day, kinds, collect, scope):
    with scope(body=body):
        return collect(body, day, kinds)


if __name__ == "__main__":
    main()
