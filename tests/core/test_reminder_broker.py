"""The daily reminders sent through the real Redis broker of `make test` to a real Celery worker:
the notifications and e-mails it produced, and nothing new when the day is run again."""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections

from core.models import Notification
from tests.broker_marks import needs_redis
from tests.reminder_world import T, build_world, expected_on_t, produced

pytestmark = needs_redis("broker to send tasks through")


def _close_worker_db_connections(**kwargs):
    # The worker thread has its own DB connection; close it so the test database can be flushed.
    connections.close_all()


@pytest.fixture
def world(transactional_db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDERS = {**settings.REMINDERS, "off": ["digest"]}
    return build_world()


def test_daily_reminders_run_on_a_real_worker_through_redis(world):
    from core.tasks import send_reminders
    from renda.celery import app

    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")
    task_postrun.connect(_close_worker_db_connections, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
            first = send_reminders.delay(T.isoformat(), world.body.pk)
            result = first.get(timeout=60)
            again = send_reminders.delay(T.isoformat(), world.body.pk).get(timeout=60)
    finally:
        task_postrun.disconnect(_close_worker_db_connections)

    assert type(first.backend).__name__ == "RedisBackend"
    assert result["created"] == len(expected_on_t(world)) and result["email"]["sent"] == result["created"]
    assert produced(world) == expected_on_t(world)
    assert set(Notification.objects.filter(body=world.body).values_list("email_state", flat=True)) == {"sent"}
    # One message per person, each listing that person's reminders; the second run sent nothing.
    assert again["created"] == 0 and again["email"]["sent"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"{u}@renda.example" for u in {row[3] for row in expected_on_t(world)}
    )
    lead = next(m for m in mail.outbox if m.to == ["w-lead-a@renda.example"])
    assert "调研意见送报告单位还有 7 天到期" in lead.body and "整改" in lead.body
