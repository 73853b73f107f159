"""Reminders under faults, with real processes: a Celery worker SIGKILLed half way through the
day's e-mail, and Redis stopped and started again while a worker is running. Every reminder must
end up as one notification and one e-mail: none missing, none twice.

The workers are `celery worker` processes (tests/fault_processes.py) on the suite's test database,
with a mail backend that takes 0.8 s a message and logs to a file (tests/fault_mail.py), and short
lease / visibility times (tests/fault_settings.py) so that what production takes up again after
15 minutes (e-mail lease) or an hour (Redis visibility timeout) happens here within seconds.
"""

import time
import uuid
from collections import Counter

import pytest
from celery import Celery
from django.db import connection

from core.models import Notification
from tests import fault_mail
from tests.broker_marks import needs_redis
from tests.fault_processes import Redis, Worker, wait_for
from tests.reminder_world import T, build_world, expected_on_t, produced

pytestmark = needs_redis("to run a real worker on")

LEASE_SECONDS = 10
# Longer than the lease: the killed run's message comes back once its claimed e-mail is free again.
VISIBILITY_SECONDS = 14


@pytest.fixture
def world(transactional_db, tmp_path):
    if connection.vendor == "sqlite":
        pytest.skip("a worker process cannot open the in-memory SQLite test database (make test uses PostgreSQL)")
    return build_world()


@pytest.fixture
def worker_env(tmp_path):
    return {
        "FAULT_DB_NAME": connection.settings_dict["NAME"],
        "FAULT_MAIL_LOG": str(tmp_path / "mail.jsonl"),
        "FAULT_MAIL_SECONDS": "0.8",
        "FAULT_LEASE_SECONDS": str(LEASE_SECONDS),
        "FAULT_VISIBILITY_SECONDS": str(VISIBILITY_SECONDS),
    }


@pytest.fixture
def workers(tmp_path, worker_env):
    """Starts workers on a queue of this test's own; stops whatever is still running at the end."""
    started = []
    queue = f"faults-{uuid.uuid4().hex[:8]}"

    def start(name, **env):
        worker = Worker(name, queue, {**worker_env, **env}, tmp_path)
        started.append(worker)
        worker.wait_ready()
        return worker

    start.queue = queue
    yield start
    for worker in started:
        worker.stop()


def _events(env, kind):
    return [e for e in fault_mail.read(env["FAULT_MAIL_LOG"]) if e["event"] == kind]


def _wait_until_mid_mail(env, timeout=40):
    """Until the third person's message is on its way: two delivered and marked sent, four to go."""
    wait_for(lambda: len(_events(env, "begin")) >= 3, timeout, "the worker to be half way through the e-mail")


def _states(world) -> Counter:
    return Counter(Notification.objects.filter(body=world.body).values_list("email_state", flat=True))


def _assert_exactly_once(world, env):
    expected = expected_on_t(world)
    assert produced(world) == expected
    assert Notification.objects.filter(body=world.body).count() == len(expected)  # no notification twice
    assert _states(world) == Counter({"sent": len(expected)})
    mailed = [(e["to"], title) for e in _events(env, "delivered") for title in e["titles"]]
    notified = list(Notification.objects.filter(body=world.body).values_list("recipient__username", "title"))
    assert len(mailed) == len(set(mailed)), f"reminders e-mailed twice: {Counter(mailed) - Counter(set(mailed))}"
    assert sorted(mailed) == sorted(notified)  # every reminder e-mailed, none twice
    people = {row[3] for row in expected}
    assert sorted(e["to"] for e in _events(env, "delivered")) == sorted(people)  # one message a person


def test_a_worker_killed_half_way_is_taken_up_by_the_next_worker_exactly_once(world, workers, worker_env):
    from core.tasks import send_reminders

    started = time.monotonic()
    first = workers("first")
    run = send_reminders.apply_async((T.isoformat(), world.body.pk), queue=workers.queue)
    _wait_until_mid_mail(worker_env)
    first.kill()

    # Killed half way: every notification claimed, two people e-mailed, the others' mail still
    # claimed by the dead worker ("sending") and the task message never acknowledged.
    assert produced(world) == expected_on_t(world)
    delivered = _events(worker_env, "delivered")
    assert len(delivered) == 2
    mailed_before = sum(len(e["titles"]) for e in delivered)
    left = len(expected_on_t(world)) - mailed_before
    assert _states(world) == Counter({"sent": mailed_before, "sending": left})

    second = workers("second")
    outcome = run.get(timeout=60)  # the same task, delivered again to the second worker
    assert outcome["created"] == 0  # the notifications were already there
    assert outcome["email"] == {"sent": left, "messages": 4, "retrying": 0, "failed": 0}
    wait_for(lambda: "send_reminders" in second.log() and "succeeded" in second.log(), 10, "the second worker's log")
    _assert_exactly_once(world, worker_env)
    print(f"\nworker SIGKILLed after 2 of 6 e-mails; second worker finished; took {time.monotonic() - started:.1f} s")


def test_redis_stopped_during_a_run_and_started_again_loses_and_doubles_nothing(world, workers, worker_env, tmp_path):
    started = time.monotonic()
    (tmp_path / "redis").mkdir()
    redis = Redis(tmp_path / "redis")
    redis.start()
    client = Celery("faults-client", broker=redis.url, backend=redis.url)
    try:
        worker = workers("survivor", REDIS_URL=redis.url)
        client.send_task("core.tasks.send_reminders", args=[T.isoformat(), world.body.pk], queue=workers.queue)
        _wait_until_mid_mail(worker_env)
        redis.stop()
        down_at = time.monotonic()
        # The e-mail and the database do not need Redis: the run goes on and finishes.
        wait_for(lambda: len(_events(worker_env, "delivered")) == 6, 30, "the run to finish while Redis is down")
        time.sleep(max(0.0, 3 - (time.monotonic() - down_at)))
        redis.start()  # same port, same append-only file
        # The test's own client saw Redis go too; a fresh one stands for the web process sending work.
        client.close()
        client = Celery("faults-client", broker=redis.url, backend=redis.url)

        # The worker reconnects by itself and takes new work; the interrupted run is not repeated
        # in a way anybody notices (a second run would find everything claimed and sent).
        check = client.send_task("core.tasks.deliver_emails", queue=workers.queue)
        wait_for(lambda: f"deliver_emails[{check.id}] succeeded" in worker.log(), 60, "the reconnected worker's run")
        assert worker.process.poll() is None, worker.log()[-3000:]
    finally:
        client.close()
        redis.stop()
    _assert_exactly_once(world, worker_env)
    print(f"\nRedis down {3:.0f} s during the run; worker reconnected; took {time.monotonic() - started:.1f} s")
