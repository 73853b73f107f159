"""Pages answer in a number of queries that does not grow with the rows they show."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from plans.models import PlanItem


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("home") + "?year=2023",
        lambda: reverse("item-list") + "?page_size=50",
        lambda: reverse("meeting-list"),
        lambda: reverse("api:plan-item-list") + "?page_size=200",
        lambda: reverse("api:meeting-list"),
        lambda: reverse("meeting-detail", kwargs={"pk": Meeting.objects.get(body__name__contains="白云", number=18, kind="standing").pk}),
        lambda: reverse("api:meeting-detail", kwargs={"pk": Meeting.objects.get(body__name__contains="白云", number=17, kind="standing").pk}),
        lambda: reverse("item-detail", kwargs={"pk": PlanItem.objects.get(body__name__contains="白云", title__contains="国土总体规划").pk}),
    ],
)
def test_page_query_count_is_bounded(office_client, django_assert_max_num_queries, url):
    target = url()
    with django_assert_max_num_queries(15):
        assert office_client.get(target).status_code == 200


def test_plan_page_queries_do_not_grow_with_its_items(office_client, baiyun, django_assert_max_num_queries):
    from plans.models import AnnualPlan

    for plan in AnnualPlan.objects.filter(body=baiyun):
        with django_assert_max_num_queries(15):
            assert office_client.get(reverse("plan-detail", kwargs={"pk": plan.pk})).status_code == 200


@pytest.fixture
def many_items(baiyun):
    """600 items of one year with committees, reporting bodies and plan entries: enough for an N+1 to show."""
    from core.models import Committee, ReportingBody
    from plans.models import AnnualPlan, ItemCommittee, PlanEntry

    committees = list(Committee.objects.filter(body=baiyun))
    reporting = list(ReportingBody.objects.filter(body=baiyun))
    items = PlanItem.objects.bulk_create(
        PlanItem(body=baiyun, year=2041, title=f"基准事项{n}", form="research", timing_kind="month",
                 start_month=n % 12 + 1, due_month=n % 12 + 1)
        for n in range(600)
    )
    ItemCommittee.objects.bulk_create(
        ItemCommittee(item=item, committee=committees[(n + shift) % len(committees)], role=role)
        for n, item in enumerate(items)
        for shift, role in ((0, "lead"), (1, "helper"))[: 1 + n % 2]
    )
    through = PlanItem.reporting_bodies.through
    through.objects.bulk_create(
        through(planitem_id=item.pk, reportingbody_id=reporting[n % len(reporting)].pk) for n, item in enumerate(items)
    )
    plan = AnnualPlan.objects.create(body=baiyun, year=2041, kind="supervision", title="2041 年度监督工作计划")
    PlanEntry.objects.bulk_create(PlanEntry(plan=plan, item=item, order=n) for n, item in enumerate(items))
    return plan


@pytest.mark.parametrize(
    "query",
    ["year=2041", "year=2041&page=7", "year=2041&overdue=false&month=5", "q=基准事项", "plan_kind=supervision&year=2041"],
)
def test_item_list_queries_stay_flat_on_a_body_with_many_items(
    office_client, many_items, django_assert_max_num_queries, query
):
    with django_assert_max_num_queries(12):
        response = office_client.get(reverse("item-list") + "?" + query)
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 50


def test_item_list_export_queries_stay_flat(office_client, many_items, django_assert_max_num_queries, monkeypatch):
    from core import listing

    monkeypatch.setattr(listing, "ASYNC_EXPORT_ROWS", 1000)  # the file made in the request, as for shorter lists
    with django_assert_max_num_queries(12):
        response = office_client.get(reverse("item-list") + "?year=2041&export=xlsx")
    assert response.status_code == 200


def test_plan_export_queries_stay_flat(office_client, many_items, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = office_client.get(reverse("plan-export", kwargs={"pk": many_items.pk}))
    assert response.status_code == 200
