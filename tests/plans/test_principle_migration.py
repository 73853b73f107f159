"""plans 0017_mark_existing_principles: the principles and aims a body imported before the mark existed are
marked once, by the imports' rule (copied into the migration), and the tasks stay tasks.

Run with MigrationExecutor on the committed demo data: back to 0016, the marks taken off (as a body that
imported its plans before the imports set them has them), and forward again."""

import pytest
from django_scopes import scopes_disabled

from tests.conftest import restore_session_data

BEFORE = ("plans", "0016_units_as_written")


@pytest.fixture
def populated(transactional_db):
    with scopes_disabled():
        restore_session_data()


@pytest.mark.django_db(transaction=True)
def test_the_migration_marks_the_demos_principles_and_no_task(populated):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from plans.models import PlanItem

    with scopes_disabled():
        principles = set(PlanItem.objects.filter(is_principle=True).values_list("pk", flat=True))
        leadership = PlanItem.objects.get(title__startswith="始终坚持党的全面领导")
        # A matter with the same wording that the office already tracks, and one a committee leads: tasks.
        tracked = PlanItem.objects.filter(is_principle=True).exclude(pk=leadership.pk).order_by("pk").first()
        PlanItem.objects.filter(pk=tracked.pk).update(status="preparing", progress=20)
    assert leadership.pk in principles and len(principles) >= 10

    executor = MigrationExecutor(connection)
    try:
        executor.migrate([BEFORE])
        with scopes_disabled():
            PlanItem.objects.update(is_principle=False)  # as before 0015's imports set the mark
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
    finally:
        executor.migrate(executor.loader.graph.leaf_nodes())

    with scopes_disabled():
        marked = set(PlanItem.objects.filter(is_principle=True).values_list("pk", flat=True))
        tasks_marked = PlanItem.objects.filter(pk__in=marked - principles)
        # No task became a principle; the demo's principles that read as such are marked again.
        assert not tasks_marked.exists(), list(tasks_marked.values_list("title", flat=True))
        assert leadership.pk in marked and tracked.pk not in marked
        assert len(marked) >= len(principles) // 2, (len(marked), len(principles))
        # Put the demo back as it was for the tests after this one.
        PlanItem.objects.filter(pk__in=principles).update(is_principle=True)
        PlanItem.objects.filter(pk=tracked.pk).update(status="not_started", progress=0)
