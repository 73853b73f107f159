"""A Celery task sent through the real Redis broker to a real worker, with its result read back
from the Redis result backend. `make test` starts a throwaway Redis and sets REDIS_URL."""

from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections
from django_scopes import scopes_disabled

from tests.broker_marks import needs_redis

pytestmark = needs_redis("broker to send tasks through")

YEAR = 2025


def _close_worker_db_connections(**kwargs):
    # The worker runs in its own thread with its own DB connection; close it after each task
    # so the test database can be flushed and dropped afterwards.
    connections.close_all()


@pytest.fixture
def celery_app():
    from renda.celery import app

    assert app.conf.task_always_eager is False, "the Celery app must not be eager when REDIS_URL is set"
    assert app.conf.broker_url.startswith("redis://"), app.conf.broker_url
    assert str(app.conf.result_backend).startswith("redis://"), app.conf.result_backend
    return app


@pytest.fixture
def year_data(transactional_db):
    from core.models import Body, Term
    from meetings.models import AgendaItem, Meeting, MeetingKind
    from plans.models import AnnualPlan, PlanItem, PlanItemStatus, PlanKind, SupervisionForm
    from plans.timing import TimingKind

    with scopes_disabled():
        body = Body.objects.create(
            name="测试区人大常委会", area_name="测试区", short_name="区人大常委会", level=Body.Level.COUNTY
        )
        term = Term.objects.create(body=body, number=17, start=date(2021, 10, 1))
        meeting = Meeting.objects.create(
            body=body, term=term, kind=MeetingKind.STANDING, number=13, year=YEAR, planned_month=3
        )
        # A chairpersons' meeting the summary must not count as a standing-committee meeting.
        Meeting.objects.create(body=body, term=term, kind=MeetingKind.CHAIRPERSONS, number=40, year=YEAR)
        plan = AnnualPlan.objects.create(body=body, year=YEAR, kind=PlanKind.SUPERVISION, title="2025年监督工作计划")

        common = {"body": body, "year": YEAR, "form": SupervisionForm.SPECIAL_REPORT}
        month = {"timing_kind": TimingKind.MONTH, "start_month": 6}
        items = [
            PlanItem.objects.create(title="听取和审议区政府关于预算执行情况的报告", **month, **common),
            PlanItem.objects.create(
                title="听取和审议区政府关于国有资产管理情况的报告",
                status=PlanItemStatus.PREPARING,
                **month,
                **common,
            ),
            PlanItem.objects.create(title="专题询问", **month, **common),
        ]
        first = AgendaItem.objects.create(meeting=meeting, order=1, title=items[0].title)
        first.plan_items.add(items[0])
        second = AgendaItem.objects.create(meeting=meeting, order=2, title=items[1].title)
        second.plan_items.add(items[1])
    return {"body": body, "plan": plan, "meeting": meeting, "items": items}


def _expected_counts(body):
    """The same numbers, counted here in Python from the rows in the database."""
    from meetings.models import AgendaItem, Meeting, MeetingKind
    from plans.models import AnnualPlan, PlanItem

    with scopes_disabled():
        items = list(PlanItem.objects.filter(body=body, year=YEAR))
        by_status = {}
        for item in items:
            by_status[item.status] = by_status.get(item.status, 0) + 1
        meetings = Meeting.objects.filter(body=body, year=YEAR, kind=MeetingKind.STANDING)
        on_agendas = {
            pk
            for pk in AgendaItem.objects.filter(meeting__body=body, plan_items__year=YEAR).values_list(
                "plan_items", flat=True
            )
            if pk is not None
        }
        return {
            "body": body.name,
            "year": YEAR,
            "plans": AnnualPlan.objects.filter(body=body, year=YEAR).count(),
            "plan_items": len(items),
            "plan_items_by_status": by_status,
            "standing_meetings": {str(m.number): m.agenda_items.count() for m in meetings},
            "items_on_agendas": len(on_agendas),
        }


def test_summarise_year_runs_on_a_real_worker_through_redis(celery_app, year_data):
    from reports.tasks import summarise_year

    body = year_data["body"]
    expected = _expected_counts(body)
    # Sanity-check the fixture itself, so a wrong expectation can't hide behind a wrong task.
    assert expected["plans"] == 1
    assert expected["plan_items"] == 3
    assert expected["standing_meetings"] == {"13": 2}
    assert expected["items_on_agendas"] == 2
    assert sum(expected["plan_items_by_status"].values()) == 3

    task_postrun.connect(_close_worker_db_connections, weak=False)
    try:
        with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30):
            async_result = summarise_year.delay(body.pk, YEAR)
            result = async_result.get(timeout=30)
    finally:
        task_postrun.disconnect(_close_worker_db_connections)

    assert result == expected
    # It went through the broker to the worker and came back through the Redis result backend,
    # not through an eager in-process call.
    assert type(async_result).__name__ == "AsyncResult"
    assert type(async_result.backend).__name__ == "RedisBackend"
    assert async_result.successful()
    meta = celery_app.backend.get_task_meta(async_result.id)
    assert meta["status"] == "SUCCESS"
    assert meta["result"] == expected
    key = celery_app.backend.get_key_for_task(async_result.id)
    assert celery_app.backend.client.exists(key) == 1
