"""Office entry, committee leads' updates, the status workflow, history and lost-update protection."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Committee
from plans.models import AnnualPlan, ItemEdit, PlanAdjustment, PlanEntry, PlanItem, PlanKind, StatusChange
from tests.conftest import client_for


def _item(baiyun, text):
    return PlanItem.objects.get(body=baiyun, title__contains=text)


@pytest.fixture
def caijing_item(baiyun):
    return _item(baiyun, "2022 年度国有资产管理情况的综合报告")


@pytest.fixture
def shehui_item(baiyun):
    return _item(baiyun, "开展养老服务工作")


def _status(client, item, to, version=None, **extra):
    data = {"status": to, "version": version or item.version, "note": extra.pop("note", "测试"), **extra}
    return client.post(reverse("item-status", kwargs={"pk": item.pk}), data)


def _api(username):
    from django.contrib.auth import get_user_model

    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


# --- who may change what: pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "allowed"),
    [("office", True), ("lead-caijing", True), ("lead-shehui", False), ("director", False), ("admin", True)],
)
def test_status_change_on_a_caijing_item_by_role(baiyun, caijing_item, username, allowed):
    response = _status(client_for(username), caijing_item, "follow_up")
    caijing_item.refresh_from_db()
    assert (caijing_item.status == "follow_up") is allowed
    if allowed:
        assert response.status_code == 302
        assert response["Location"].endswith(f"#item-{caijing_item.pk}")
    else:
        assert response.status_code == 403
        assert ("不能修改" in response.content.decode()) or ("只能查看" in response.content.decode())


def test_the_refusal_says_why(baiyun, caijing_item):
    text = _status(client_for("lead-shehui"), caijing_item, "follow_up").content.decode()
    assert "该事项由财经委员会、财经工委负责，您所在的委员会不能修改" in text
    text = _status(client_for("director"), caijing_item, "follow_up").content.decode()
    assert "主任会议成员可以查看所有事项，但不能修改" in text


def test_anonymous_status_change_is_sent_to_log_in(client, caijing_item):
    response = _status(client, caijing_item, "follow_up")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("username", "code"), [("office", 200), ("lead-caijing", 403), ("director", 403)])
def test_only_the_office_edits_items_and_plans(baiyun, caijing_item, username, code):
    client = client_for(username)
    assert client.get(reverse("item-edit", kwargs={"pk": caijing_item.pk})).status_code == code
    assert client.get(reverse("plan-create")).status_code == code


# --- who may change what: API --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "code"),
    [("office", 200), ("lead-caijing", 200), ("lead-shehui", 403), ("director", 403)],
)
def test_api_status_change_by_role(caijing_item, username, code):
    url = reverse("api:plan-item-status", kwargs={"pk": caijing_item.pk})
    response = _api(username).post(url, {"status": "follow_up", "version": caijing_item.version, "note": "API"})
    assert response.status_code == code
    if code == 403:
        assert "不能修改" in response.json()["detail"] or "只能查看" in response.json()["detail"]
    else:
        assert response.json()["status"] == "follow_up"


def test_api_anonymous_is_refused(caijing_item):
    url = reverse("api:plan-item-status", kwargs={"pk": caijing_item.pk})
    assert APIClient().post(url, {"status": "done", "version": 1}).status_code == 401


@pytest.mark.parametrize(("username", "code"), [("office", 201), ("lead-caijing", 403), ("director", 403)])
def test_api_create_item_by_role(baiyun, username, code):
    plan = AnnualPlan.objects.get(body=baiyun, kind=PlanKind.SUPERVISION)
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    payload = {
        "title": "听取和审议区政府关于政府债务管理情况的报告", "form": "special_report", "timing_kind": "range",
        "start_month": 8, "end_month": 10, "lead_committees": [caijing.pk], "to_standing_meeting": True,
        "plan": plan.pk,
    }
    response = _api(username).post(reverse("api:plan-item-list"), payload, format="json")
    assert response.status_code == code, response.content
    if code == 201:
        body = response.json()
        assert body["timing"]["label"] == "8-10月" and body["lead_committees"] == ["财经工委"]
        assert PlanEntry.objects.filter(plan=plan, item_id=body["id"]).exists()


def test_api_validation_is_the_pages(baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, kind=PlanKind.SUPERVISION)
    payload = {"title": "x", "form": "research", "timing_kind": "range", "start_month": 9, "end_month": 3,
               "plan": plan.pk}
    response = _api("office").post(reverse("api:plan-item-list"), payload, format="json")
    assert response.status_code == 400
    assert "截止月份应晚于起始月份" in response.json()["end_month"][0]


# --- the workflow -----------------------------------------------------------------------------------


def test_a_lead_updates_status_with_a_note_and_it_is_on_the_timeline(baiyun, caijing_item):
    client = client_for("lead-caijing")
    _status(client, caijing_item, "follow_up", note="已转交审议意见", progress=80)
    change = StatusChange.objects.filter(item=caijing_item).latest("at")
    assert (change.from_status, change.to_status, change.by.username, change.note) == (
        "reviewed", "follow_up", "lead-caijing", "已转交审议意见"
    )
    page = client.get(reverse("item-detail", kwargs={"pk": caijing_item.pk})).content.decode()
    assert "已审议 → <strong>跟踪落实中</strong>" in page and "已转交审议意见" in page and "80%" in page


def test_steps_not_in_the_workflow_are_refused_with_the_allowed_ones(baiyun, caijing_item):
    client = client_for("office")
    response = client.post(
        reverse("item-status", kwargs={"pk": caijing_item.pk}),
        {"status": "not_started", "version": caijing_item.version, "note": ""},
        follow=True,
    )
    text = response.content.decode()
    assert "不能从“已审议”改为“未启动”；可改为：跟踪落实中、已完成" in text
    caijing_item.refresh_from_db()
    assert caijing_item.status == "reviewed"


def test_postponing_needs_a_month_and_a_reason_and_moves_the_due_month(baiyun):
    item = PlanItem.objects.filter(body=baiyun, status="not_started", timing_kind="deadline").first()
    client = client_for("office")
    follow = client.post(reverse("item-status", kwargs={"pk": item.pk}),
                         {"status": "postponed", "version": item.version, "note": "等待调研"}, follow=True)
    assert "推迟时须选择推迟到的月份" in follow.content.decode()
    _status(client, item, "postponed", postponed_to_month=12, note="等待区政府材料")
    item.refresh_from_db()
    assert item.status == "postponed" and item.postponed_to_month == 12 and item.due_month == 12


def test_cancelling_needs_a_reason(baiyun, shehui_item):
    item = PlanItem.objects.filter(body=baiyun, status="not_started").first()
    follow = client_for("office").post(
        reverse("item-status", kwargs={"pk": item.pk}), {"status": "cancelled", "version": item.version}, follow=True
    )
    assert "取消时须说明理由" in follow.content.decode()


def test_done_items_are_never_overdue_and_late_open_ones_are(baiyun):
    from datetime import date

    item = PlanItem.objects.filter(body=baiyun, status="not_started", timing_kind="deadline").first()
    assert item.is_overdue(date(2024, 1, 1))
    _status(client_for("office"), item, "done", note="调研报告已完成")
    item.refresh_from_db()
    assert not item.is_overdue(date(2024, 1, 1)) and item.progress == 100


# --- lost updates ----------------------------------------------------------------------------------


def test_a_stale_status_form_is_refused_and_the_user_sees_the_other_change(baiyun, caijing_item):
    old_version = caijing_item.version
    _status(client_for("office"), caijing_item, "follow_up", note="办公室先改")
    response = client_for("lead-caijing").post(
        reverse("item-status", kwargs={"pk": caijing_item.pk}),
        {"status": "done", "version": old_version, "note": "后改：报告已送达"},
        follow=True,
    )
    text = response.content.decode()
    assert "该事项已被他人修改" in text
    assert 'value="后改：报告已送达"' in text, "the refused note is kept in the form to send again"
    caijing_item.refresh_from_db()
    assert caijing_item.status == "follow_up"
    assert "办公室先改" in client_for("lead-caijing").get(reverse("item-detail", kwargs={"pk": caijing_item.pk})).content.decode()


def test_a_stale_api_update_gets_409_with_the_current_item(caijing_item):
    api = _api("office")
    url = reverse("api:plan-item-status", kwargs={"pk": caijing_item.pk})
    assert api.post(url, {"status": "follow_up", "version": caijing_item.version}).status_code == 200
    stale = api.post(url, {"status": "done", "version": caijing_item.version})
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "follow_up"


def test_a_stale_edit_form_shows_the_other_version(baiyun, caijing_item):
    client = client_for("office")
    page = client.get(reverse("item-edit", kwargs={"pk": caijing_item.pk}))
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({
        "title": caijing_item.title, "form": caijing_item.form, "timing_kind": "month", "start_month": 10,
        "version": caijing_item.version, "lead_committees": [c.pk for c in form.initial["lead_committees"]]
        if form.initial.get("lead_committees") and hasattr(form.initial["lead_committees"][0], "pk")
        else form.initial.get("lead_committees", []),
    })
    data.pop("reporting_bodies", None)
    data.pop("helper_committees", None)
    _status(client, caijing_item, "follow_up", note="别人先存")
    response = client.post(reverse("item-edit", kwargs={"pk": caijing_item.pk}), data)
    assert response.status_code == 200
    assert "他人已修改此事项" in response.content.decode()
    caijing_item.refresh_from_db()
    assert caijing_item.start_month == 9


# --- office entry --------------------------------------------------------------------------------


def test_office_creates_a_plan_with_a_section_and_items_of_every_timing(baiyun):
    client = client_for("office")
    response = client.post(reverse("plan-create"), {"year": 2024, "kind": "supervision", "title": "2024 年度监督工作计划"})
    plan = AnnualPlan.objects.get(body=baiyun, year=2024, kind="supervision")
    assert response["Location"] == reverse("plan-detail", kwargs={"pk": plan.pk})
    client.post(reverse("section-create", kwargs={"plan_pk": plan.pk}),
                {"heading": "一、专题调研", "declared_count": 3, "order": 1})
    section = plan.sections.get()
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    shehui = Committee.objects.get(body=baiyun, short_name="社会建设工委")
    timings = [
        {"timing_kind": "month", "start_month": 5},
        {"timing_kind": "range", "start_month": 3, "end_month": 6},
        {"timing_kind": "year"},
        {"timing_kind": "deadline", "end_month": 7},
        {"timing_kind": "quarter", "quarter": 4},
        {"timing_kind": "undetermined", "timing_note": "根据区政府的提请而定"},
    ]
    for n, timing in enumerate(timings, 1):
        data = {"title": f"调研事项{n}", "form": "research", "lead_committees": [caijing.pk],
                "helper_committees": [shehui.pk], "section": section.pk, "number": f"（{n}）", **timing}
        response = client.post(reverse("item-create", kwargs={"plan_pk": plan.pk}), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    labels = [e.item.timing.label() for e in plan.entries.order_by("order")]
    assert labels == ["5月", "3-6月", "全年", "7月底前", "第四季度", "待定"]
    page = client.get(reverse("plan-detail", kwargs={"pk": plan.pk})).content.decode()
    assert "本节标明共 3 项，实际列出 6 项" in page
    item = plan.entries.first().item
    assert {(r.committee.short_name, r.role) for r in item.responsibilities.all()} == {
        ("财经工委", "lead"), ("社会建设工委", "helper")
    }


def test_incomplete_timing_is_refused_with_the_field_named(baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, kind=PlanKind.SUPERVISION)
    response = client_for("office").post(
        reverse("item-create", kwargs={"plan_pk": plan.pk}),
        {"title": "x", "form": "research", "timing_kind": "deadline", "reason": "测试"},
    )
    assert response.status_code == 200
    assert "截止月份：请选择须在哪个月底前完成" in response.content.decode()


def test_adopted_plan_adjustments_keep_the_adopted_version(baiyun):
    client = client_for("office")
    plan = AnnualPlan.objects.get(body=baiyun, kind=PlanKind.MAJOR_MATTERS)
    client.post(reverse("plan-adopt", kwargs={"pk": plan.pk}), {"adopted_on": "2023-03-30"})
    plan.refresh_from_db()
    assert len(plan.adopted_snapshot["entries"]) == 11
    moved = PlanItem.objects.get(body=baiyun, title__contains="中期评估")
    client.post(reverse("plan-adjust", kwargs={"pk": plan.pk}),
                {"kind": "move", "item": moved.pk, "start_month": 12, "reason": "区政府申请延后", "decided_at": "第二十次主任会议"})
    dropped = PlanItem.objects.get(body=baiyun, title__contains="预算调整方案")
    client.post(reverse("plan-adjust", kwargs={"pk": plan.pk}),
                {"kind": "drop", "item": dropped.pk, "reason": "区政府未提请"})
    added = client.post(reverse("item-create", kwargs={"plan_pk": plan.pk}),
                        {"title": "审议区政府关于政府性债务情况的报告", "form": "major_matter", "timing_kind": "month",
                         "start_month": 10, "reason": "根据区政府的提请"})
    assert added.status_code == 302
    kinds = list(PlanAdjustment.objects.filter(plan=plan).order_by("at").values_list("kind", flat=True))
    assert kinds == ["move", "drop", "add"]
    moved.refresh_from_db()
    dropped.refresh_from_db()
    assert moved.timing.label() == "12月" and dropped.status == "cancelled"
    page = client.get(reverse("plan-detail", kwargs={"pk": plan.pk})).content.decode()
    assert "通过后的调整" in page and "区政府申请延后" in page and "区政府未提请" in page
    assert "通过时版本（11 项）" in page
    assert ItemEdit.objects.filter(item=moved, note__contains="区政府申请延后").exists()


def test_adding_to_an_adopted_plan_needs_a_reason(baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, kind=PlanKind.SUPERVISION)
    response = client_for("office").post(
        reverse("item-create", kwargs={"plan_pk": plan.pk}),
        {"title": "临时事项", "form": "other", "timing_kind": "year"},
        follow=True,
    )
    assert "增加事项须说明理由" in response.content.decode()
    assert not PlanItem.objects.filter(title="临时事项").exists()


def test_next_years_plan_starts_as_a_draft_with_the_chosen_items(baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, kind=PlanKind.SUPERVISION)
    keep = list(PlanItem.objects.filter(entries__plan=plan, form="research")[:2])
    response = client_for("office").post(
        reverse("plan-copy", kwargs={"pk": plan.pk}), {"year": 2024, "items": [i.pk for i in keep]}
    )
    new = AnnualPlan.objects.get(body=baiyun, year=2024, kind=PlanKind.SUPERVISION)
    assert response["Location"] == reverse("plan-detail", kwargs={"pk": new.pk})
    assert new.status == "draft" and "2024" in new.title
    copies = [e.item for e in new.entries.select_related("item")]
    assert sorted(c.title for c in copies) == sorted(i.title for i in keep)
    assert all(c.year == 2024 and c.status == "not_started" and c.pk not in {i.pk for i in keep} for c in copies)
    again = client_for("office").post(reverse("plan-copy", kwargs={"pk": plan.pk}), {"year": 2024})
    assert "2024 年已有一份" in again.content.decode()


# --- 本委事项 ------------------------------------------------------------------------------------------


def test_my_items_lists_the_committees_items_led_and_helped(baiyun, django_assert_max_num_queries):
    client = client_for("lead-shehui")
    with django_assert_max_num_queries(15):
        page = client.get(reverse("my-items"))
    text = page.content.decode()
    lead_part, help_part = text.split("配合的事项")
    assert "开展养老服务工作" in lead_part
    assert "国有资产管理情况的综合报告" not in text
    # 各相关工委分工落实: 社会建设工委 leads it; "由相关工委负责" (跟踪监督) is in the helping list.
    assert "跟踪监督" in help_part or "审议意见落实情况" in help_part


def test_my_items_puts_what_is_due_next_first(baiyun):
    rows = client_for("lead-caijing").get(reverse("my-items")).context["leading"]
    open_rows = [r["item"] for r in rows if r["item"].status not in ("done", "cancelled")]
    months = [i.due_month or 99 for i in open_rows]
    assert months == sorted(months)


def test_my_items_pages_each_list_apart_with_open_items_first(baiyun, monkeypatch):
    import plans.views.lists

    client = client_for("lead-caijing")
    earliest = client.get(reverse("my-items")).context["leading"][0]["item"]
    PlanItem.objects.filter(pk=earliest.pk).update(status="done")  # due first, but done: goes last
    led = [r["item"] for r in client.get(reverse("my-items")).context["leading"]]
    assert len(led) >= 3 and led[-1].pk == earliest.pk
    monkeypatch.setattr(plans.views.lists, "MY_ITEMS_PER_PAGE", 2)
    first = client.get(reverse("my-items"))
    assert [r["item"].pk for r in first.context["leading"]] == [i.pk for i in led[:2]]
    text = first.content.decode()
    assert f"{len(led)} 项" in text and 'aria-label="牵头事项分页"' in text
    assert f"第 1 / {(len(led) + 1) // 2} 页" in text and "page=2" in text
    second = client.get(reverse("my-items"), {"page": 2})
    assert [r["item"].pk for r in second.context["leading"]] == [i.pk for i in led[2:4]]
    # The helping list keeps its own page while the leading one turns.
    assert [r["item"].pk for r in second.context["helping"]] == [r["item"].pk for r in first.context["helping"]]


def test_status_from_my_items_returns_to_the_same_row(baiyun, shehui_item):
    client = client_for("lead-shehui")
    response = client.post(
        reverse("item-status", kwargs={"pk": shehui_item.pk}),
        {"status": "follow_up", "version": shehui_item.version, "note": "", "next": reverse("my-items")},
    )
    assert response["Location"] == reverse("my-items") + f"#item-{shehui_item.pk}"


def test_documents_attach_to_an_item(baiyun, caijing_item, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for("lead-caijing")
    client.post(
        reverse("item-document-upload", kwargs={"pk": caijing_item.pk}),
        {"kind": "report", "title": "区政府国有资产管理报告（送审稿）", "received_on": "2023-09-01",
         "file": SimpleUploadedFile("report.pdf", "%PDF-1.4 报告正文".encode())},
    )
    document = caijing_item.documents.get()
    assert document.uploaded_by.username == "lead-caijing"
    page = client.get(reverse("item-detail", kwargs={"pk": caijing_item.pk})).content.decode()
    assert "区政府国有资产管理报告（送审稿）" in page
    download = client_for("director").get(reverse("document-download", kwargs={"pk": document.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == "%PDF-1.4 报告正文".encode()
    refused = client_for("lead-shehui").post(
        reverse("item-document-upload", kwargs={"pk": caijing_item.pk}),
        {"kind": "report", "title": "x", "file": SimpleUploadedFile("x.txt", b"x")},
    )
    assert refused.status_code == 403


# --- lists ---------------------------------------------------------------------------------------------


def test_item_list_sorts_and_filters_by_committee_role_and_overdue(office_client, baiyun):
    shehui = Committee.objects.get(body=baiyun, short_name="社会建设工委")
    page = office_client.get(reverse("item-list"), {"committee": shehui.pk, "committee_role": "lead",
                                                    "ordering": "-due", "year": 2023})
    rows = list(PlanItem.objects.filter(pk__in=[r["pk"] for r in page.context["rows"]]))
    assert rows and all(
        any(r.committee_id == shehui.pk and r.role == "lead" for r in i.responsibilities.all()) for i in rows
    )
    by_pk = {i.pk: i for i in rows}
    months = [by_pk[r["pk"]].due_month or 0 for r in page.context["rows"]]
    assert months == sorted(months, reverse=True)
    overdue = office_client.get(reverse("item-list"), {"overdue": "true", "year": 2023}).context["rows"]
    assert overdue and all(r["overdue"] for r in overdue)
    assert all(PlanItem.objects.get(pk=r["pk"]).is_overdue() for r in overdue)


def test_api_list_takes_the_same_filters(baiyun):
    shehui = Committee.objects.get(body=baiyun, short_name="社会建设工委")
    params = {"committee": shehui.pk, "committee_role": "lead", "year": 2023, "page_size": 200}
    api_ids = [r["id"] for r in _api("director").get(reverse("api:plan-item-list"), params).json()["results"]]
    page_ids = [r["pk"] for r in client_for("director").get(reverse("item-list"), params).context["rows"]]
    assert sorted(api_ids) == sorted(page_ids) and api_ids
