"""The agenda builder's search: any plan item of the meeting's year still on no agenda can be found and added."""

import pytest
from django.urls import reverse

from core.models import Committee, ReportingBody
from meetings.models import AgendaItem, Meeting
from plans.models import AnnualPlan, ItemCommittee, PlanEntry, PlanItem, StatusChange


@pytest.fixture
def empty_13th(baiyun):
    """The 13th meeting (May 2023) with its agenda taken off, and its May items back in preparation."""
    meeting = Meeting.objects.get(body=baiyun, kind="standing", number=13)
    plan_items = list(PlanItem.objects.filter(agenda_items__meeting=meeting).values_list("pk", flat=True))
    AgendaItem.objects.filter(meeting=meeting).delete()
    PlanItem.objects.filter(pk__in=plan_items).update(status="preparing")
    return meeting


def builder(meeting):
    return reverse("agenda-builder", kwargs={"pk": meeting.pk})


def found(response) -> list[str]:
    return [item.title for item in response.context["results"]]


def _listed_item(body, title, *, month=7, plan=None, **fields):
    plan = plan or AnnualPlan.objects.filter(body=body, year=2023).order_by("id").first()
    item = PlanItem.objects.create(body=body, year=2023, title=title, form="special_report", timing_kind="month",
                                   start_month=month, **fields)
    PlanEntry.objects.create(plan=plan, item=item, order=900 + item.pk)
    return item


def test_without_a_search_the_page_shows_the_proposals_and_an_empty_search_box(empty_13th, office_client):
    response = office_client.get(builder(empty_13th))
    text = response.content.decode()
    assert len(response.context["this_month"]) == 5
    assert response.context["results"] is None
    assert 'role="search"' in text and 'name="q"' in text and "事项名称、负责委员会或报告单位" in text


def test_search_finds_items_of_other_months_by_title_committee_or_reporting_body(empty_13th, office_client):
    by_title = office_client.get(builder(empty_13th), {"q": "都市农业"})
    assert found(by_title) == ["围绕加快推进我区现代都市农业示范区建设开展专题调研"]  # planned for July
    assert "找到 1 项" in by_title.content.decode()

    led_by = PlanItem.objects.filter(year=2023, responsibilities__committee__short_name="教科文卫工委",
                                     agenda_items=None).values_list("title", flat=True)
    by_committee = office_client.get(builder(empty_13th), {"q": "教科文卫工委"})
    assert set(found(by_committee)) == set(led_by) and led_by

    by_body = office_client.get(builder(empty_13th), {"q": "区法院"})
    assert found(by_body) == [  # May's report (also proposed above), then the whole year's follow-up
        "听取和审议区法院关于全面推进民法典实施加强民事审判工作情况的报告", "跟踪监督常委会有关审议意见落实情况"
    ]

    # Every word must match, in any of the three.
    assert found(office_client.get(builder(empty_13th), {"q": "专题调研 教科文卫工委"})) == [
        "围绕区政府推进托幼一体化建设，满足群众婴幼儿照护服务需求工作开展专题调研"
    ]
    nothing = office_client.get(builder(empty_13th), {"q": "没有这样的事项"})
    assert found(nothing) == [] and "没有找到符合条件的事项" in nothing.content.decode()


def test_search_offers_only_what_may_still_go_on_this_agenda(empty_13th, baiyun, second_body, office_client):
    on_agenda = PlanItem.objects.filter(year=2023, agenda_items__meeting__number=14).first()
    cancelled = _listed_item(baiyun, "可查找测试：已取消的事项", status="cancelled")
    principle = _listed_item(baiyun, "可查找测试：一条原则", is_principle=True)
    unlisted = PlanItem.objects.create(body=baiyun, year=2023, title="可查找测试：不在任何计划中的事项",
                                       form="special_report", timing_kind="month", start_month=7)
    next_year = _listed_item(baiyun, "可查找测试：下一年度的事项",
                             plan=AnnualPlan.objects.create(body=baiyun, year=2024, kind="supervision", title="2024"))
    next_year.year = 2024
    next_year.save()
    other_body = _listed_item(second_body, "可查找测试：另一常委会的事项")
    offered = _listed_item(baiyun, "可查找测试：九月的事项", month=9)

    assert found(office_client.get(builder(empty_13th), {"q": "可查找测试"})) == [offered.title]
    everything = office_client.get(builder(empty_13th), {"q": ""}).context["results"].paginator.object_list
    titles = {item.title for item in everything}
    assert offered.title in titles and on_agenda.title not in titles
    assert not titles & {cancelled.title, principle.title, unlisted.title, next_year.title, other_body.title}


def test_the_months_proposals_found_again_are_not_offered_twice(empty_13th, office_client):
    response = office_client.get(builder(empty_13th), {"q": "国土"})
    assert any("国土总体规划" in title for title in found(response))
    text = response.content.decode()
    proposal = next(i for i in response.context["this_month"] if "国土总体规划" in i.title)
    assert text.count(f'id="pick-{proposal.pk}"') == 1
    assert "见上方" in text


def test_office_adds_a_found_item_as_it_adds_a_proposal(empty_13th, office_client):
    research = PlanItem.objects.get(year=2023, title__contains="现代都市农业")
    assert not research.to_standing_meeting
    response = office_client.post(builder(empty_13th), {"items": [research.pk]})
    assert response.status_code == 302 and response["Location"] == reverse("meeting-detail", args=[empty_13th.pk])

    agenda_item = AgendaItem.objects.get(meeting=empty_13th)
    assert (agenda_item.order, agenda_item.title) == (1, research.title)
    assert list(agenda_item.plan_items.all()) == [research]
    research.refresh_from_db()
    assert research.status == "submitted" and research.to_standing_meeting
    assert StatusChange.objects.filter(item=research, to_status="submitted", note__contains="第十三次会议").exists()
    # Now on an agenda: neither found nor added again.
    assert found(office_client.get(builder(empty_13th), {"q": "都市农业"})) == []


def test_items_no_longer_addable_are_not_added_twice(empty_13th, second_body, office_client):
    taken = PlanItem.objects.filter(year=2023, agenda_items__meeting__number=14).first()
    other_body = _listed_item(second_body, "另一常委会的事项")
    research = PlanItem.objects.get(year=2023, title__contains="现代都市农业")

    refused = office_client.post(builder(empty_13th), {"items": [taken.pk, other_body.pk, "x", "1" * 30]})
    assert refused.status_code == 200
    assert "勾选的事项已列入议程或不能列入本次会议议程（如已取消），没有添加" in refused.content.decode()
    assert not AgendaItem.objects.filter(meeting=empty_13th).exists()

    added = office_client.post(builder(empty_13th), {"items": [research.pk, taken.pk, research.pk]}, follow=True)
    assert "已将 1 项列入第十三次会议议程。另有 1 项已列入议程或不能列入本次会议议程，没有添加。" in added.content.decode()
    assert list(AgendaItem.objects.filter(meeting=empty_13th).values_list("title", flat=True)) == [research.title]
    assert taken.agenda_items.count() == 1


@pytest.fixture
def many_items(baiyun):
    """Forty more items of the year, each with a lead committee and two reporting bodies."""
    committee = Committee.objects.filter(body=baiyun).first()
    bodies = list(ReportingBody.objects.filter(body=baiyun)[:2])
    for n in range(40):
        item = _listed_item(baiyun, f"批量测试事项{n:02d}", month=1 + n % 12)
        ItemCommittee.objects.create(item=item, committee=committee, role=ItemCommittee.Role.LEAD)
        item.reporting_bodies.set(bodies)


def test_results_come_a_page_at_a_time_and_queries_do_not_grow(empty_13th, many_items, office_client,
                                                               django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        few = office_client.get(builder(empty_13th), {"q": "批量测试事项0"})
    assert len(found(few)) == 10
    with django_assert_max_num_queries(16):
        many = office_client.get(builder(empty_13th), {"q": "批量测试事项"})
    assert len(found(many)) == 20 and many.context["results"].paginator.count == 40
    text = many.content.decode()
    assert "找到 40 项" in text and "第 1 / 2 页" in text and "q=%E6%89%B9" in text  # the pager keeps the search
    second = office_client.get(builder(empty_13th), {"q": "批量测试事项", "page": 2})
    assert found(second) == [f"批量测试事项{n:02d}" for n in sorted(range(40), key=lambda n: (1 + n % 12, n))][20:]
