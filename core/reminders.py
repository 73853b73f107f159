"""Reminders: for a day, what each person should be told, claimed once and then delivered.

Each app says what is due in its own `reminders.py` (a collector per kind, registered in COLLECTORS):
a collector reads one body's open matters for the day in a fixed number of queries and yields
`Due` records. `run_day` gathers them and inserts the missing ones as Notification rows, which
are unique per (subject, step, recipient, reason): that insert is the claim. A run that repeats,
runs late or is killed half way therefore inserts only what is missing; e-mail goes out later
for rows whose e-mail is still pending (core/reminder_mail.py).

Steps: a deadline with reminder days [7, 3, 1] gets "before-7" once it is 7 days or less away,
"before-3" at 3 days, "before-1" at 1 day (or on the day), and "overdue" once it has passed.
A late run sends the step it finds due, so nothing is missed, and never an earlier one as well.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.module_loading import import_string
from django_scopes import scope, scopes_disabled

from core.models import Notification, NotificationPreference
from core.roles import DIRECTOR, EXTERNAL_ROLES, OFFICE

Kind = Notification.Kind
Reason = Notification.Reason

# Kind -> the dotted path of the collector that yields its Due records, in the app whose matters they
# are. Each app registers its own in its AppConfig.ready(): this layer names no app above it.
COLLECTORS: dict[str, str] = {}


def register_collectors(collectors: dict[str, str]) -> None:
    COLLECTORS.update(collectors)
    # Kinds run in the order Notification.Kind declares them, whatever order the apps were loaded in.
    ordered = sorted(COLLECTORS.items(), key=lambda item: list(Kind.values).index(item[0]))
    COLLECTORS.clear()
    COLLECTORS.update(ordered)


@dataclass(frozen=True)
class Due:
    """One reminder that should exist: to whom, about what, at which step, and why them."""

    kind: str
    subject: str
    step: str
    recipient_id: int
    reason: str
    title: str
    text: str = ""
    url: str = ""
    due_on: date | None = None

    @property
    def key(self) -> tuple:
        return (self.subject, self.step, self.recipient_id, self.reason)


def config() -> dict:
    return settings.REMINDERS


def enabled_kinds() -> list[str]:
    off = set(config()["off"])
    return [kind for kind in COLLECTORS if kind not in off]


# --- who is who in a body (loaded once per run, a query each) ----------------------------------


class Audience:
    """The people of one body a reminder can go to. Users who left (inactive) are never in it."""

    def __init__(self, body):
        self.body = body
        self._cache = {}

    def once(self, name, load):
        """`load()` once per run and body (the apps' collectors cache their own recipients here too)."""
        if name not in self._cache:
            self._cache[name] = load()
        return self._cache[name]

    def _staff_with_role(self, role) -> list[int]:
        User = get_user_model()
        return list(
            User.objects.filter(is_active=True, body_memberships__body=self.body, groups__name=role)
            .order_by("pk").values_list("pk", flat=True).distinct()
        )

    def office(self) -> list[int]:
        return self.once("office", lambda: self._staff_with_role(OFFICE))

    def directors(self) -> list[int]:
        return self.once("directors", lambda: self._staff_with_role(DIRECTOR))

    def committee_members(self, committee_ids) -> list[int]:
        def load():
            from core.models import CommitteeMembership

            members = {}
            rows = CommitteeMembership.objects.filter(committee__body=self.body, user__is_active=True)
            for committee_id, user_id in rows.order_by("user_id").values_list("committee_id", "user_id"):
                members.setdefault(committee_id, []).append(user_id)
            return members

        members = self.once("committees", load)
        return _unique(user for c in committee_ids for user in members.get(c, ()))

    def unit_contacts(self, unit_ids) -> list[int]:
        def load():
            from core.models import UnitContact

            contacts = {}
            rows = UnitContact.objects.filter(unit__body=self.body, active=True, user__is_active=True)
            for unit_id, user_id in rows.order_by("user_id").values_list("unit_id", "user_id"):
                contacts.setdefault(unit_id, []).append(user_id)
            return contacts

        contacts = self.once("units", load)
        return _unique(user for u in unit_ids for user in contacts.get(u, ()))

    def digest_readers(self) -> list[tuple[int, str]]:
        """(user, reason): directors unless they said no, and other staff who asked for it."""

        def load():
            # Only the few who chose otherwise than their role's default have a say here.
            prefs = dict(
                NotificationPreference.objects.filter(
                    user__is_active=True, user__body_memberships__body=self.body
                ).exclude(digest=NotificationPreference.Digest.DEFAULT).values_list("user_id", "digest")
            )
            User = get_user_model()
            asked = [u for u, digest in prefs.items() if digest == NotificationPreference.Digest.WEEKLY]
            external = set(
                User.objects.filter(pk__in=asked, groups__name__in=EXTERNAL_ROLES).values_list("pk", flat=True)
            ) if asked else set()
            readers = [
                (user, Reason.DIRECTOR) for user in self.directors()
                if prefs.get(user) != NotificationPreference.Digest.NONE
            ]
            chosen = {user for user, _ in readers}
            readers += [
                (user, Reason.SUBSCRIBER) for user, digest in sorted(prefs.items())
                if digest == NotificationPreference.Digest.WEEKLY and user not in chosen and user not in external
            ]
            return readers

        return self.once("digest", load)


def _unique(ids) -> list[int]:
    return list(dict.fromkeys(ids))


# --- the day's context ---------------------------------------------------------------------------


@dataclass
class Context:
    body: object
    day: date
    audience: Audience

    @property
    def config(self) -> dict:
        return config()

    def ladder_step(self, due_on: date | None, days: list[int]) -> str | None:
        """The step a deadline is at on this day, or None when nothing is to be said yet (or any more)."""
        if due_on is None:
            return None
        left = (due_on - self.day).days
        if left < 0:
            return "overdue" if -left <= self.config["overdue_window_days"] else None
        reached = [d for d in days if left <= d]
        return f"before-{min(reached)}" if reached else None

    def earliest_due(self) -> date:
        """Deadlines before this passed too long ago to be reminded of."""
        return self.day - timedelta(days=self.config["overdue_window_days"])

    def latest_due(self, days: list[int]) -> date:
        return self.day + timedelta(days=max(days, default=0))


_PATH_PLACEHOLDER = 987654321


def path_to(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) for thousands of reminders: the route is resolved once per name."""
    template = _PATHS.get(name)
    if template is None:
        template = _PATHS[name] = reverse(name, args=[_PATH_PLACEHOLDER]).replace(str(_PATH_PLACEHOLDER), "{}")
    return template.format(pk)


_PATHS: dict[str, str] = {}


def when_words(day: date, due_on: date) -> str:
    """In words, how far the deadline is: 还有 3 天到期 / 今天到期 / 已逾期 2 天."""
    left = (due_on - day).days
    if left > 0:
        return f"还有 {left} 天到期（{due_on:%Y-%m-%d}）"
    if left == 0:
        return f"今天到期（{due_on:%Y-%m-%d}）"
    return f"已逾期 {-left} 天（期限 {due_on:%Y-%m-%d}）"


# --- running a day -------------------------------------------------------------------------------


@dataclass
class BodyRun:
    body: object
    new: list[Due] = field(default_factory=list)
    already: int = 0


@dataclass
class RunReport:
    day: date
    dry_run: bool
    bodies: list[BodyRun] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(len(b.new) for b in self.bodies)

    @property
    def already(self) -> int:
        return sum(b.already for b in self.bodies)


def collect(body, day: date, kinds=None) -> list[Due]:
    """Every reminder due for one body on one day (already sent or not), without duplicates."""
    ctx = Context(body=body, day=day, audience=Audience(body))
    dues = {}
    for kind in kinds or enabled_kinds():
        for due in import_string(COLLECTORS[kind])(ctx):
            dues.setdefault(due.key, due)
    return list(dues.values())


def run_day(day: date, *, dry_run: bool = False, body_ids=None, kinds=None) -> RunReport:
    """Claim the day's missing reminders as notifications, body by body (each in one transaction)."""
    from core.models import Body

    report = RunReport(day=day, dry_run=dry_run)
    with scopes_disabled():
        bodies = list(Body.objects.filter(pk__in=body_ids) if body_ids else Body.objects.all())
    for body in bodies:
        with scope(body=body):
            dues = collect(body, day, kinds)
            result = BodyRun(body=body)
            with transaction.atomic():
                existing = _existing_keys(dues)
                result.new = [d for d in dues if d.key not in existing]
                result.already = len(dues) - len(result.new)
                if not dry_run and result.new:
                    _claim(body, day, result.new)
            report.bodies.append(result)
    return report


def _existing_keys(dues: list[Due]) -> set[tuple]:
    subjects = {d.subject for d in dues}
    if not subjects:
        return set()
    return set(
        Notification.objects.filter(subject__in=subjects).values_list("subject", "step", "recipient_id", "reason")
    )


def _claim(body, day: date, dues: list[Due]) -> None:
    """Insert the notifications; a row another run inserted meanwhile is skipped, not doubled."""
    User = get_user_model()
    recipients = {d.recipient_id for d in dues}
    emails = dict(User.objects.filter(pk__in=recipients).values_list("pk", "email"))
    email_off = set(
        NotificationPreference.objects.filter(user__in=recipients, email_enabled=False).values_list("user_id", flat=True)
    )
    rows = [
        Notification(
            body=body, recipient_id=d.recipient_id, kind=d.kind, subject=d.subject, step=d.step, reason=d.reason,
            day=day, due_on=d.due_on, title=d.title[:200], text=d.text, url=d.url[:300],
            email_state=(
                Notification.Email.OFF
                if d.recipient_id in email_off or not (emails.get(d.recipient_id) or "").strip()
                else Notification.Email.PENDING
            ),
        )
        for d in dues
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
