"""Two people changing one plan item at once, through the API and the pages: one wins, the other
is told (409 / "已被他人修改") and nothing of the winner's change is lost. Then real concurrency:
threads on their own database connections hammering one item, every accepted write accounted for."""

import threading
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.urls import reverse
from rest_framework.test import APIClient

from plans.models import AnnualPlan, ItemEdit, PlanItem, StatusChange
from tests.conftest import client_for

STALE = "已被他人修改"


def _api(username):
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


def _put_body(api, item, **changes):
    """What a client sends back after reading the item: its fields, the version read, the change."""
    read = api.get(reverse("api:plan-item-detail", kwargs={"pk": item.pk})).json()
    timing = read["timing"]
    roles = list(item.responsibilities.values_list("committee_id", "role"))
    body = {
        "title": read["title"], "focus": read["focus"], "form": read["form"], "timing_kind": timing["kind"],
        "start_month": timing["start_month"], "end_month": timing["end_month"], "quarter": timing["quarter"],
        "timing_note": timing["note"], "to_standing_meeting": read["to_standing_meeting"],
        "to_chairpersons_meeting": read["to_chairpersons_meeting"], "version": read["version"],
        "lead_committees": [c for c, role in roles if role == "lead"],
        "helper_committees": [c for c, role in roles if role == "helper"],
        "reporting_bodies": list(item.reporting_bodies.values_list("pk", flat=True)),
    }
    return {**body, **changes}


@pytest.fixture
def item(baiyun):
    return PlanItem.objects.get(body=baiyun, title__contains="2022 年度国有资产管理情况的综合报告")


# --- the API -------------------------------------------------------------------------------------


def test_two_api_clients_put_the_same_version_one_wins_the_other_gets_409(item):
    first, second = _api("office"), _api("admin")
    url = reverse("api:plan-item-detail", kwargs={"pk": item.pk})
    mine = _put_body(first, item, title="甲改的标题")
    theirs = _put_body(second, item, focus="乙改的重点")
    assert mine["version"] == theirs["version"] == item.version

    assert first.put(url, mine, format="json").status_code == 200
    refused = second.put(url, theirs, format="json")
    assert refused.status_code == 409 and STALE in refused.json()["detail"]
    assert refused.json()["current"]["title"] == "甲改的标题"  # the loser sees what won
    item.refresh_from_db()
    assert (item.title, item.version) == ("甲改的标题", theirs["version"] + 1)
    assert item.focus != "乙改的重点"


def test_an_api_status_change_racing_a_put_one_is_refused_and_the_other_kept(item):
    status_url = reverse("api:plan-item-status", kwargs={"pk": item.pk})
    put = _put_body(_api("admin"), item, title="乙改的标题")
    assert _api("lead-caijing").post(status_url, {"status": "follow_up", "version": item.version, "note": "甲"}).status_code == 200
    refused = _api("admin").put(reverse("api:plan-item-detail", kwargs={"pk": item.pk}), put, format="json")
    assert refused.status_code == 409
    item.refresh_from_db()
    assert item.status == "follow_up" and item.title != "乙改的标题"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_an_api_write_without_the_version_read_is_refused_and_changes_nothing(item, method):
    before = (item.title, item.version)
    body = _put_body(_api("office"), item, title="没带版本号")
    body.pop("version")
    response = getattr(_api("office"), method)(reverse("api:plan-item-detail", kwargs={"pk": item.pk}), body, format="json")
    assert response.status_code == 400 and "version" in response.json()
    status = _api("office").post(reverse("api:plan-item-status", kwargs={"pk": item.pk}), {"status": "follow_up"})
    assert status.status_code == 400 and "version" in status.json()
    item.refresh_from_db()
    assert (item.title, item.version) == before


# --- the pages -----------------------------------------------------------------------------------


def _edit_form_data(client, item, **changes):
    form = client.get(reverse("item-edit", kwargs={"pk": item.pk})).context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {k: v for k, v in {**data, **changes}.items() if v is not None}


def test_two_people_saving_the_edit_form_the_second_is_told_and_the_first_kept(item):
    first, second = client_for("office"), client_for("admin")
    mine = _edit_form_data(first, item, title="甲在页面改的标题")
    theirs = _edit_form_data(second, item, focus="乙在页面改的重点")

    assert first.post(reverse("item-edit", kwargs={"pk": item.pk}), mine).status_code == 302
    refused = second.post(reverse("item-edit", kwargs={"pk": item.pk}), theirs)
    assert refused.status_code == 200 and STALE in refused.content.decode()
    item.refresh_from_db()
    assert item.title == "甲在页面改的标题" and item.focus != "乙在页面改的重点"
    assert ItemEdit.objects.filter(item=item, changes__has_key="事项").count() == 1


def test_two_people_sending_the_status_form_the_second_is_told_and_the_first_kept(item):
    url = reverse("item-status", kwargs={"pk": item.pk})
    version = item.version
    client_for("lead-caijing").post(url, {"status": "follow_up", "version": version, "note": "甲：进入跟踪"})
    refused = client_for("office").post(url, {"status": "done", "version": version, "note": "乙：办结"}, follow=True)
    assert STALE in refused.content.decode()
    item.refresh_from_db()
    assert item.status == "follow_up" and item.version == version + 1
    assert list(StatusChange.objects.filter(item=item, note__startswith="乙")) == []


def test_an_edit_form_without_the_version_is_refused_and_changes_nothing(item):
    client = client_for("office")
    data = _edit_form_data(client, item, title="没带版本号的页面修改")
    data.pop("version")
    response = client.post(reverse("item-edit", kwargs={"pk": item.pk}), data)
    assert response.status_code == 200 and "页面已过期（缺少版本号），请刷新后重新修改。" in response.content.decode()
    item.refresh_from_db()
    assert item.title != "没带版本号的页面修改"


def test_a_plan_adjustment_on_an_item_read_before_a_status_change_keeps_that_change(baiyun):
    """Adjusting an adopted plan takes no version from the user: it must still not write back the
    status and progress it read before someone else changed them."""
    from plans import editing

    plan = AnnualPlan.objects.filter(body=baiyun, status=AnnualPlan.Status.ADOPTED).first()
    stale = plan.entries.select_related("item").exclude(item__status="done").first().item
    fresh = PlanItem.objects.get(pk=stale.pk)
    client_for("office").post(reverse("item-status", kwargs={"pk": fresh.pk}),
                              {"status": "cancelled", "version": fresh.version, "note": "他人刚取消"})
    fresh.refresh_from_db()
    assert fresh.status == "cancelled"
    editing.adjust_plan(plan, get_user_model().objects.get(username="office"), kind="move", item=stale,
                        reason="调整到十一月", start_month=11)
    fresh.refresh_from_db()
    assert (fresh.status, fresh.start_month) == ("cancelled", 11)
    assert fresh.version == stale.version


# --- real concurrency ----------------------------------------------------------------------------

THREADS = 4
WRITES_EACH = 12


def _hammer(username, item_pk, write, results, start):
    """One client: read the item, write with the version read, WRITES_EACH times; tally the answers."""
    try:
        api = _api(username)
        start.wait()
        for n in range(WRITES_EACH):
            read = api.get(reverse("api:plan-item-detail", kwargs={"pk": item_pk})).json()
            response = write(api, read, n)
            results.append((username, n, response.status_code))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_threads_racing_status_and_field_writes_lose_nothing():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite locks the whole database and has no row locks; make test runs this on PostgreSQL")
    from tests.reminder_world import build_world

    world = build_world("并发测试区人大常委会")
    item = world.objects["march"]
    users = ["w-office"] * THREADS
    status_url = reverse("api:plan-item-status", kwargs={"pk": item.pk})
    detail_url = reverse("api:plan-item-detail", kwargs={"pk": item.pk})
    start_version = item.version

    def progress(tid):
        # A progress value no other write uses, so each accepted write changes something.
        return lambda api, read, n: api.post(
            status_url, {"status": "preparing", "progress": 1 + tid * WRITES_EACH + n, "version": read["version"]}
        )

    leads = list(item.responsibilities.filter(role="lead").values_list("committee_id", flat=True))

    def title(tid):
        def write(api, read, n):
            body = {"form": read["form"], "timing_kind": read["timing"]["kind"],
                    "start_month": read["timing"]["start_month"], "version": read["version"], "lead_committees": leads}
            return api.put(detail_url, {**body, "title": f"标题-{tid}-{n}"}, format="json")

        return write

    writers = [progress(0), progress(1), title(2), title(3)]
    results, start = [], threading.Barrier(THREADS)
    threads = [threading.Thread(target=_hammer, args=(users[t], item.pk, writers[t], results, start))
               for t in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    answers = Counter(code for _, _, code in results)
    assert len(results) == THREADS * WRITES_EACH
    assert set(answers) <= {200, 409}, answers
    accepted = answers[200]
    item.refresh_from_db()
    # Every accepted write moved the version once and left one history row; nothing else did.
    assert item.version == start_version + accepted
    edits = list(ItemEdit.objects.filter(item=item).order_by("pk"))
    assert len(edits) == accepted
    # Each accepted write built on the one before: history chains without a gap or an overwrite.
    for field, current in (("进度", f"{item.progress}%"), ("事项", item.title)):
        chain = [e.changes[field] for e in edits if field in e.changes]
        for before, after in zip(chain, chain[1:]):
            assert after[0] == before[1], (field, before, after)
        if chain:
            assert chain[-1][1] == current
    assert accepted >= THREADS  # each client got some writes through
    print(f"\nracing writes: tried {len(results)}, accepted {accepted}, refused {answers[409]}, lost 0")
