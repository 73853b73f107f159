"""A plan item for next year drawn up from suggestions (issue 22 §2): the office's form creates it in a draft plan
(a new one when the year has none), keeps its sources, the item's page lists them, and the suggestion's page shows
the whole trace: item → agenda item → review opinion → evaluation; who may; and the queries stay fixed."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import ReportingBody, Term
from deputies.models import CongressSession, Deputy, PlanItemSource, Suggestion
from deputies.suggestions import lifecycle
from meetings.models import AgendaItem, Meeting
from plans.models import AnnualPlan, ItemEdit, PlanEntry, PlanItem
from supervision.models import Evaluation, ReviewOpinion
from tests.conftest import client_for

YEAR = 2091  # a year no demo plan has


@pytest.fixture
def office(baiyun):
    return get_user_model().objects.get(username="office")


@pytest.fixture
def sources(baiyun, office):
    """Three accepted suggestions of a session 100 days ago, one assigned to 区教育局, and a draft."""
    raised = timezone.localdate() - timedelta(days=100)
    term = Term.objects.get(body=baiyun, number=17)
    session = CongressSession.objects.create(body=baiyun, term=term, number=93, name="区十七届人大计划测试会议",
                                             start_on=raised)
    deputy = Deputy.objects.create(body=baiyun, name="计划测试代表", gender="female")
    made = []
    for number, title in enumerate(["关于加强社区养老服务的建议", "关于增设长者饭堂的建议", "关于推进医养结合的建议"], 1):
        made.append(lifecycle.create_suggestion(baiyun, lifecycle.NewSuggestion(
            title=title, raised_on=raised, proposer=deputy, session=session, number=number,
            category="民政养老"), office))
    lifecycle.assign(made[0], assigned_on=raised + timedelta(days=10), lead_unit=ReportingBody.objects.get(
        body=baiyun, name="区教育局"), by=office)
    draft = lifecycle.create_suggestion(baiyun, lifecycle.NewSuggestion(
        title="计划测试草稿建议", raised_on=raised, proposer=deputy, session=session), office,
        status="draft")
    return [Suggestion.objects.get(pk=s.pk) for s in made] + [draft]


def _post(client, rows, **extra):
    data = {"ids": ",".join(str(s.pk) for s in rows), "suggestions": [s.pk for s in rows],
            "title": "关于全区养老服务体系建设情况的专题调研", "form": "research", "focus": "社区养老、长者饭堂",
            "year": YEAR, "plan_kind": "supervision", "timing_kind": "year", **extra}
    return client.post(reverse("suggestions-to-plan"), data)


def test_the_form_lists_the_chosen_suggestions_and_says_a_plan_will_be_made(office_client, sources):
    ids = ",".join(str(s.pk) for s in sources)
    response = office_client.get(reverse("suggestions-to-plan") + f"?ids={ids}&title=关于养老服务的专题调研")
    assert response.status_code == 200
    text = response.content.decode()
    for s in sources[:3]:
        assert s.title in text
    assert "计划测试草稿建议" not in text  # a draft is no source
    assert "关于养老服务的专题调研" in text
    assert response.context["form"].initial["year"] == sources[0].year + 1  # next year's plan
    assert response.context["plan_note"]
    # The year chosen has no plan of that kind: the page says one will be made.
    text = _post(office_client, sources[:3], title="").content.decode()
    assert "2091年尚无监督工作计划：保存时将新建一份“2091年监督工作计划”草案" in text


def test_the_office_creates_the_item_in_a_new_draft_plan_keeping_its_sources(office_client, baiyun, sources):
    response = _post(office_client, sources[:3])
    item = PlanItem.objects.get(title="关于全区养老服务体系建设情况的专题调研")
    assert response.status_code == 302 and response["Location"] == reverse("item-detail", args=[item.pk])
    assert (item.body, item.year, item.form, item.timing_kind, item.status) == (baiyun, YEAR, "research", "year",
                                                                                "not_started")
    plan = AnnualPlan.objects.get(body=baiyun, year=YEAR, kind="supervision")
    assert plan.status == "draft" and plan.title == "2091年监督工作计划"
    assert PlanEntry.objects.filter(plan=plan, item=item).exists()
    assert {s.suggestion_id for s in PlanItemSource.objects.filter(plan_item=item)} == {s.pk for s in sources[:3]}
    assert all(s.created_by.username == "office" for s in PlanItemSource.objects.filter(plan_item=item))
    assert "根据代表建议拟订（3 件" in ItemEdit.objects.get(item=item).note  # on the item's history


def test_the_items_page_lists_its_source_suggestions(office_client, sources):
    _post(office_client, sources[:2])
    item = PlanItem.objects.get(title="关于全区养老服务体系建设情况的专题调研")
    text = office_client.get(reverse("item-detail", args=[item.pk])).content.decode()
    assert "来源代表建议" in text and "共 2 件" in text
    for s in sources[:2]:
        assert f'href="{reverse("suggestion-detail", args=[s.pk])}"' in text and s.title in text
    assert sources[2].title not in text


def test_an_item_without_sources_shows_no_sources_section(office_client, baiyun):
    item = PlanItem.objects.filter(body=baiyun).order_by("pk").first()
    assert "来源代表建议" not in office_client.get(reverse("item-detail", args=[item.pk])).content.decode()


def test_an_existing_draft_plan_takes_the_item_and_an_adopted_one_refuses(office_client, baiyun, sources):
    draft = AnnualPlan.objects.create(body=baiyun, year=YEAR, kind="supervision", title="2091年度监督工作计划（草稿）")
    _post(office_client, sources[:1])
    item = PlanItem.objects.get(title="关于全区养老服务体系建设情况的专题调研")
    assert list(item.entries.values_list("plan", flat=True)) == [draft.pk]
    draft.status = "adopted"
    draft.save()
    before = PlanItem.objects.count()
    response = _post(office_client, sources[1:2], title="另一个事项")
    assert response.status_code == 200
    assert "已通过：新增事项须经计划调整" in response.content.decode()
    assert PlanItem.objects.count() == before and not PlanItemSource.objects.filter(suggestion=sources[1]).exists()


def test_bad_input_is_refused_clearly_and_changes_nothing(office_client, sources):
    before = (PlanItem.objects.count(), PlanItemSource.objects.count())
    response = _post(office_client, sources[:2], title="", year=1900, suggestions=[])
    text = response.content.decode()
    assert response.status_code == 200
    assert "事项：请填写事项名称。" in text and "计划年度：计划年度应在 2000 到 2100 之间。" in text
    assert "来源建议：请至少选择一件来源建议。" in text
    assert (PlanItem.objects.count(), PlanItemSource.objects.count()) == before


def test_another_bodys_or_a_drafts_ids_are_left_out(office_client, second_body, sources):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        other = Suggestion.objects.filter(body=second_body).first()
    ids = [sources[3].pk] + ([other.pk] if other else [])
    response = office_client.get(reverse("suggestions-to-plan") + "?ids=" + ",".join(map(str, ids)))
    assert response.status_code == 200 and "没有选择建议" in response.content.decode()
    response = _post(office_client, [sources[3]])
    assert response.status_code == 200 and not PlanItemSource.objects.exists()


def test_only_the_office_drafts_items_from_suggestions(baiyun, sources):
    for username in ("director", "lead-caijing", "lead-shehui"):
        response = _post(client_for(username), sources[:1])
        assert response.status_code == 403, username
    assert not PlanItemSource.objects.exists()


def _trace_for(item, baiyun, n=1):
    meeting = Meeting.objects.filter(body=baiyun, kind="standing").order_by("pk").first()
    unit = ReportingBody.objects.get(body=baiyun, name="区民政局")
    for i in range(n):
        agenda = AgendaItem.objects.create(meeting=meeting, order=90 + i, title=f"听取和审议养老服务工作情况的报告{i}")
        agenda.plan_items.add(item)
        ReviewOpinion.objects.create(agenda_item=agenda, reporting_body=unit, text="审议意见", sent_on=date(2091, 6, 1),
                                     due_on=date(2091, 9, 1))
        Evaluation.objects.create(agenda_item=agenda, title=f"养老服务工作满意度测评{i}", held_on=date(2091, 6, 20))
    return meeting


def test_the_suggestions_page_shows_the_whole_trace_in_order(office_client, baiyun, sources):
    _post(office_client, sources[:2])
    item = PlanItem.objects.get(title="关于全区养老服务体系建设情况的专题调研")
    meeting = _trace_for(item, baiyun)
    response = office_client.get(reverse("suggestion-detail", args=[sources[0].pk]))
    text = response.content.decode()
    assert "建议转化全过程" in text
    steps = ["交办", 'data-step="plan-item"', 'data-step="agenda-item"', 'data-step="opinion"', 'data-step="evaluation"']
    trace = text[text.index('id="trace"'):]
    positions = [trace.index(step) for step in steps]
    assert positions == sorted(positions)
    assert f'href="{reverse("item-detail", args=[item.pk])}"' in trace
    assert f'href="{reverse("meeting-detail", args=[meeting.pk])}"' in trace
    opinion = ReviewOpinion.objects.get(agenda_item__plan_items=item)
    assert f'href="{reverse("opinion-detail", args=[opinion.pk])}"' in trace and "送区民政局，尚未反馈" in trace
    evaluation = Evaluation.objects.get(agenda_item__plan_items=item)
    assert f'href="{reverse("evaluation-detail", args=[evaluation.pk])}"' in trace and "2091-06-20" in trace
    # A suggestion no item was drawn from shows no trace.
    assert "建议转化全过程" not in office_client.get(reverse("suggestion-detail", args=[sources[2].pk])).content.decode()


def test_the_pages_queries_do_not_grow_with_the_trace(office_client, baiyun, sources, django_assert_max_num_queries):
    _post(office_client, sources[:1])
    item = PlanItem.objects.get(title="关于全区养老服务体系建设情况的专题调研")
    _trace_for(item, baiyun, 1)
    detail = reverse("suggestion-detail", args=[sources[0].pk])
    item_url = reverse("item-detail", args=[item.pk])
    with django_assert_max_num_queries(200) as small_detail:
        office_client.get(detail)
    with django_assert_max_num_queries(200) as small_item:
        office_client.get(item_url)
    # Counted now: the log keeps the last 9,000 queries only, and the set-up below runs many.
    detail_queries, item_queries = len(small_detail.captured_queries), len(small_item.captured_queries)
    _trace_for(item, baiyun, 4)
    _post(office_client, sources[:3], title="第二个事项")
    second = PlanItem.objects.get(title="第二个事项")
    _trace_for(second, baiyun, 2)
    PlanItemSource.objects.bulk_create(PlanItemSource(plan_item=item, suggestion=s) for s in sources[1:3])
    assert detail_queries > 10 and item_queries > 10
    with django_assert_max_num_queries(detail_queries):
        assert "第二个事项" in office_client.get(detail).content.decode()
    with django_assert_max_num_queries(item_queries):
        assert "共 3 件" in office_client.get(item_url).content.decode()


def test_the_api_lists_each_items_sources(baiyun, office_client, sources):
    _post(office_client, sources[:2])
    item = PlanItem.objects.get(title="关于全区养老服务体系建设情况的专题调研")
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="director"))
    data = client.get(reverse("api:plan-item-source-list") + f"?plan_item={item.pk}").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert sorted(r["suggestion"] for r in rows) == sorted(s.pk for s in sources[:2])
    assert rows[0]["plan_item_title"] == item.title and rows[0]["created_by"]
    # A committee member sees only the sources among the suggestions their committee supervises (none here).
    client.force_authenticate(get_user_model().objects.get(username="lead-caijing"))
    data = client.get(reverse("api:plan-item-source-list") + f"?plan_item={item.pk}").json()
    assert (data["results"] if isinstance(data, dict) else data) == []
