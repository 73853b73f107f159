"""Background work of the core: the daily reminders and their e-mail. Tasks take ids and ISO dates and return JSON, never
model objects."""

from datetime import date

from celery import shared_task
from django.utils import timezone

# Tasks that are safe to run twice (the claims are in the database) are acknowledged only once done: a
# worker killed half way (even SIGKILL) leaves the message to be delivered again (reject_on_worker_lost:
# a lost pool process; Redis visibility timeout: a lost worker).
RERUN_IF_KILLED = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(time_limit=600, soft_time_limit=540, **RERUN_IF_KILLED)
def deliver_emails() -> dict:
    """Send pending notification e-mail and retry failed sends whose back-off has run out."""
    from core.reminder_mail import deliver_pending

    return deliver_pending().as_dict()


@shared_task(time_limit=900, soft_time_limit=840, **RERUN_IF_KILLED)
def send_reminders(day: str | None = None, body_id: int | None = None) -> dict:
    """The daily run: claim the day's reminders as notifications, then send their e-mail.

    Safe to run again, late, or after being killed: only what is missing is created and sent.
    """
    from core.reminder_mail import deliver_pending
    from core.reminders import run_day

    the_day = date.fromisoformat(day) if day else timezone.localdate()
    report = run_day(the_day, body_ids=[body_id] if body_id else None)
    delivered = deliver_pending()
    return {"day": the_day.isoformat(), "created": report.created, "already": report.already,
            "email": delivered.as_dict()}
