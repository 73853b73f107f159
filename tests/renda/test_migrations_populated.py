"""Every migration but the initial ones is unapplied and applied again on a database holding the demo data
and the second body, and the rows are still there afterwards (the walk is bench/migrations.py's)."""

import importlib.util

import pytest
from django_scopes import scopes_disabled

from tests.conftest import ROOT, restore_session_data

_spec = importlib.util.spec_from_file_location("bench_migrations", ROOT / "bench" / "migrations.py")
walker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(walker)

MAIN_TABLES = {
    # The tables keep the names they had before the organisation and meetings moved (db_table).
    "A": ["plans_body", "plans_planitem", "plans_meeting", "plans_agendaitem", "deputies_suggestion",
          "deputies_deputy", "supervision_evaluationsubject", "supervision_reviewopinion"],
    "B": ["plans_body", "plans_planitem", "plans_meeting", "plans_agendaitem", "plans_annualplan"],
}


@pytest.fixture
def populated(transactional_db):
    """The demo data and the second body, committed (restored if an earlier transactional test flushed them)."""
    from django.contrib.auth import get_user_model

    from core.models import Body

    with scopes_disabled():
        restore_session_data()
        assert Body.objects.count() == 2 and get_user_model().objects.exists()


# Two tests, one per stage, so that pytest-xdist can walk them on two workers at once (the walk is the suite's
# longest test); each ends with every migration applied, so they do not depend on each other.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stage_name", ["A", "B"])
def test_every_later_migration_goes_back_and_forward_on_populated_data(populated, client, stage_name):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from plans.models import PlanItem
    from reports.demo import demo_body_name

    stage_a, stage_b = walker.stages()
    later = [n for n in walker.project_migrations() if n[1] != "0001_initial" or n[0] in ("core", "meetings")]
    assert sorted(stage_a + stage_b) == sorted(later) and len(later) >= 10
    assert ("plans", "0002_item_records_and_plan_adjustments") in stage_b and ("core", "0001_initial") in stage_a
    stage = {"A": stage_a, "B": stage_b}[stage_name]

    try:
        before = walker.table_counts()
        times, kept = walker.walk(stage)
        assert set(MAIN_TABLES[stage_name]) <= set(kept), f"stage {stage_name} dropped a main table"
        assert all(before[t] > 0 for t in MAIN_TABLES[stage_name]), before
        assert walker.compare(before, walker.table_counts(), kept) == {}, f"stage {stage_name} lost rows"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    # The pages read the walked database as before.
    with scopes_disabled():
        item = PlanItem.objects.filter(body__name=demo_body_name()).order_by("pk").first()
        client.force_login(get_user_model().objects.get(username="office"))
    response = client.get(f"/items/{item.pk}/")
    assert response.status_code == 200 and item.title in response.content.decode()
    print("\n".join(f"{a}.{m}: back {b * 1000:.0f} ms, forward {f * 1000:.0f} ms" for (a, m), (b, f) in times.items()))


MOVED = {"plans.body": "core.body", "plans.committee": "core.committee", "plans.term": "core.term",
         "plans.bodyrules": "core.bodyrules", "renda.backgroundjob": "core.backgroundjob",
         "renda.notification": "core.notification", "plans.meeting": "meetings.meeting",
         "plans.agendaitem": "meetings.agendaitem", "plans.materialstep": "meetings.materialstep"}


@pytest.mark.django_db(transaction=True)
def test_the_move_to_core_and_meetings_keeps_every_row_and_its_content(populated, client):
    """From the layout before the move (core and meetings migrated to zero) to today's and back: every
    table of the apps keeps its rows and their content, and the content types keep their ids."""
    from django.contrib.auth import get_user_model

    from core.models import BodyRules
    from meetings.models import Meeting
    from reports.demo import demo_body_name

    try:
        seen = walker.move_back_and_forth()
    finally:
        executor = walker._executor()
        executor.migrate(executor.loader.graph.leaf_nodes())
    (new_tables, new_types), (old_tables, old_types), (again_tables, again_types) = (
        seen["new"], seen["old"], seen["again"])
    assert new_tables["plans_meeting"][0] > 0 and new_tables["plans_body"][0] == 2
    assert old_tables == new_tables and again_tables == new_tables
    by_name = {name: pk for pk, name in new_types.items()}
    for old, new in MOVED.items():
        assert old_types[by_name[new]] == old and again_types[by_name[new]] == new, (old, new)
    assert again_types == new_types
    # What the moved models hold reads as before: the demo's meetings and rules, and a meeting's page.
    with scopes_disabled():
        meeting = Meeting.objects.filter(body__name=demo_body_name()).order_by("pk").first()
        assert BodyRules.objects.filter(body__name=demo_body_name()).exists()
        client.force_login(get_user_model().objects.get(username="office"))
    response = client.get(f"/meetings/{meeting.pk}/")
    assert response.status_code == 200 and meeting.title in response.content.decode()
