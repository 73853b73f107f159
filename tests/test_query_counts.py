"""Pages answer in a number of queries that does not grow with the rows they show."""

import pytest
from django.urls import reverse

from plans.models import Meeting, PlanItem


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
