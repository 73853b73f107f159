"""Suggestion pages: who sees which suggestions, who may post each step, the forms and their messages,
batch assignment, the export, sessions, and a list whose query count does not grow with its rows."""

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Committee
from deputies.models import Assignment, CongressSession, Reply, Signature, Suggestion, SuggestionEvent
from deputies.suggestions import lifecycle
from tests.conftest import client_for
from tests.isolation_suggestions import (
    assigned,
    deputies_for,
    make_suggestion,
    office_user,
    session_for,
    units_for,
)

ROLES = ["office", "director", "lead-caijing", "lead-shehui"]
STEP_ROUTES = ["suggestion-assign", "suggestion-sign", "suggestion-co-input", "suggestion-contact",
               "suggestion-extension", "suggestion-reply", "suggestion-feedback", "suggestion-key"]


def _committee(body, short_name):
    return Committee.objects.get(body=body, short_name=short_name)


@pytest.fixture
def matrix(baiyun):
    """A: 财经工委 supervises; B: 社会建设工委; C: no committee, key supervision by 财经工委;
    D: 社会建设工委, key supervision by 财经工委 (both committees see it)."""
    caijing, shehui = _committee(baiyun, "财经工委"), _committee(baiyun, "社会建设工委")
    office = office_user(baiyun)
    a = make_suggestion(baiyun, title="矩阵测试甲", committee=caijing,
                        document=ContentFile(b"original", name="yuanjian.txt"))
    b = make_suggestion(baiyun, title="矩阵测试乙", committee=shehui)
    c = make_suggestion(baiyun, title="矩阵测试丙")
    d = make_suggestion(baiyun, title="矩阵测试丁", committee=shehui)
    for s in (c, d):
        lifecycle.set_key_supervision(s, committee=caijing, since=date(2023, 2, 1), by=office)
    return {"A": a, "B": b, "C": c, "D": d}


SEES = {
    "office": {"A", "B", "C", "D"},
    "director": {"A", "B", "C", "D"},
    "lead-caijing": {"A", "C", "D"},
    "lead-shehui": {"B", "D"},
}


@pytest.mark.parametrize("username", ROLES)
def test_each_role_sees_its_suggestions_in_the_list_and_detail(matrix, username):
    client = client_for(username)
    listing = client.get(reverse("suggestion-list"), {"q": "矩阵测试"})
    assert listing.status_code == 200
    text = listing.content.decode()
    shown = {key for key, s in matrix.items() if f'id="suggestion-{s.pk}"' in text}
    assert shown == SEES[username]
    for key, s in matrix.items():
        detail = client.get(reverse("suggestion-detail", args=[s.pk]))
        assert detail.status_code == (200 if key in SEES[username] else 404), (username, key)
    a_doc = client.get(reverse("suggestion-document", args=[matrix["A"].pk]))
    assert a_doc.status_code == (200 if "A" in SEES[username] else 404)


def test_anonymous_users_are_sent_to_log_in(matrix):
    client = Client()
    for url in (reverse("suggestion-list"), reverse("suggestion-detail", args=[matrix["A"].pk]),
                reverse("suggestion-create"), reverse("session-list")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("suggestion-assign", args=[matrix["A"].pk]), {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("username", ["director", "lead-caijing", "lead-shehui"])
def test_only_the_office_may_post_handling_steps(matrix, username):
    client = client_for(username)
    s = matrix["A"]
    for name in STEP_ROUTES:
        response = client.post(reverse(name, args=[s.pk]), {})
        assert response.status_code == 403, (username, name)
        assert "办公室" in response.content.decode() or "不能修改" in response.content.decode()
    for name in ("suggestion-create", "suggestion-batch-assign", "session-create"):
        assert client.get(reverse(name)).status_code == 403
        assert client.post(reverse(name), {}).status_code == 403
    assert client.post(reverse("suggestion-edit", args=[s.pk]), {"title": "x"}).status_code == 403
    s.refresh_from_db()
    assert s.version == 1 and s.title == "矩阵测试甲"


def test_director_reads_without_any_form(matrix):
    text = client_for("director").get(reverse("suggestion-detail", args=[matrix["C"].pk])).content.decode()
    assert "主任会议成员可以查看代表建议，但不能修改" in text
    assert 'method="post" action="/suggestions/' not in text


def test_progress_notes_by_the_supervising_committee(matrix):
    c = matrix["C"]
    url = reverse("suggestion-key-note", args=[c.pk])
    data = {"note-on": "2023-03-01", "note-text": "到现场督办", "note-version": ""}
    detail = client_for("lead-caijing").get(reverse("suggestion-detail", args=[c.pk])).content.decode()
    assert f'action="{url}"' in detail
    assert f'action="{reverse("suggestion-reply", args=[c.pk])}"' not in detail
    response = client_for("lead-shehui").post(url, data)
    assert response.status_code == 403 and "其他委员会督办" in response.content.decode()
    assert client_for("director").post(url, data).status_code == 403
    assert client_for("lead-caijing").post(url, data).status_code == 302
    event = SuggestionEvent.objects.get(suggestion=c, kind="supervision_note")
    assert event.text == "到现场督办" and event.by.username == "lead-caijing"
    # Not under key supervision: the committee that supervises it may not record key-supervision progress.
    a_note = client_for("lead-caijing").post(reverse("suggestion-key-note", args=[matrix["A"].pk]), data)
    assert a_note.status_code == 403


# --- the office's forms --------------------------------------------------------------------------


def test_create_refuses_a_deputy_twice_and_keeps_what_was_typed(baiyun, office_client):
    deputies = deputies_for(baiyun)
    session = session_for(baiyun)
    data = {"session": session.pk, "number": 501, "kind": "suggestion", "title": "关于增设公交线路的建议",
            "content": "内容", "raised_on": "2023-01-08", "proposer": deputies[0].pk,
            "cosigners": [deputies[0].pk, deputies[1].pk], "category": "交通"}
    response = office_client.post(reverse("suggestion-create"), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "重复署名" in text and "附议代表：" in text
    assert 'value="关于增设公交线路的建议"' in text
    assert not Suggestion.objects.filter(title="关于增设公交线路的建议").exists()
    data["cosigners"] = [deputies[1].pk, deputies[2].pk]
    response = office_client.post(reverse("suggestion-create"), data)
    s = Suggestion.objects.get(title="关于增设公交线路的建议")
    assert response.status_code == 302 and response["Location"] == reverse("suggestion-detail", args=[s.pk])
    assert (s.session, s.number, s.status, s.year) == (session, 501, "accepted", 2023)
    assert list(Signature.objects.filter(suggestion=s).values_list("deputy", "role")) == [
        (deputies[0].pk, "proposer"), (deputies[1].pk, "cosigner"), (deputies[2].pk, "cosigner")]
    # The same number again in the session: refused next to the number.
    data["title"] = "同号建议"
    text = office_client.post(reverse("suggestion-create"), data).content.decode()
    assert "编号：" in text and "已有第501号建议" in text


def test_between_sessions_takes_the_year_of_the_date(baiyun, office_client):
    deputies = deputies_for(baiyun)
    data = {"session": "", "number": 77, "kind": "suggestion", "title": "闭会期间的建议", "raised_on": "2025-06-01",
            "proposer": deputies[0].pk}
    assert office_client.post(reverse("suggestion-create"), data).status_code == 302
    s = Suggestion.objects.get(title="闭会期间的建议")
    assert s.session is None and s.year == 2025 and s.raised_at_label == "2025年闭会期间"


def test_edit_records_the_change_and_refuses_a_stale_page(baiyun, office_client):
    s = make_suggestion(baiyun, title="待修改的建议", number=601)
    url = reverse("suggestion-edit", args=[s.pk])
    page = office_client.get(url).content.decode()
    assert 'value="待修改的建议"' in page
    data = {"version": s.version, "number": 601, "title": "修改后的建议", "content": "新内容", "category": "城建环保",
            "committee": ""}
    assert office_client.post(url, data).status_code == 302
    event = SuggestionEvent.objects.get(suggestion=s, kind="edited")
    assert "标题：待修改的建议 → 修改后的建议" in event.text and "内容：建议内容。 → 新内容" in event.text
    stale = office_client.post(url, {**data, "title": "又一次修改"})  # the old version
    assert stale.status_code == 200 and "已被他人更新" in stale.content.decode()
    assert 'value="又一次修改"' in stale.content.decode()
    s.refresh_from_db()
    assert s.title == "修改后的建议"
    detail = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert "修改后的建议" in detail and "待修改的建议 → 修改后的建议" in detail


def test_a_refused_step_shows_the_message_next_to_the_field(baiyun, office_client):
    s = make_suggestion(baiyun, title="交办测试")
    units = units_for(baiyun)
    url = reverse("suggestion-assign", args=[s.pk])
    data = {"assign-version": s.version, "assign-assigned_on": "2022-12-01", "assign-lead_unit": units[0].pk,
            "assign-co_units": [units[1].pk]}
    response = office_client.post(url, data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "交办日期：交办日期（2022-12-01）不能早于提出日期（2023-01-10）" in text
    assert 'value="2022-12-01"' in text
    assert not Assignment.objects.filter(suggestion=s).exists()
    data["assign-assigned_on"] = "2023-02-01"
    response = office_client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith("#handling")
    s.refresh_from_db()
    assert s.reply_due_on == date(2023, 5, 1)
    page = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert "2023年5月1日" in page and "逾期" in page  # long past
    # Reply before the assignment date: next to 答复日期; feedback before reply: refused with the reason.
    bad = office_client.post(reverse("suggestion-reply", args=[s.pk]), {
        "reply-version": s.version, "reply-replied_on": "2023-01-20", "reply-reply_class": "B", "reply-text": "答复"})
    assert bad.status_code == 400 and "答复日期：答复日期（2023-01-20）不能早于交办日期" in bad.content.decode()
    early = office_client.post(reverse("suggestion-feedback", args=[s.pk]), {
        "feedback-version": s.version, "feedback-result": "satisfied", "feedback-given_on": "2023-03-01"})
    assert early.status_code == 400 and "承办单位答复后代表才能反馈" in early.content.decode()
    # A stale page: refused, nothing saved.
    stale = office_client.post(reverse("suggestion-reply", args=[s.pk]), {
        "reply-version": s.version - 1, "reply-replied_on": "2023-03-20", "reply-reply_class": "B", "reply-text": "答复"})
    assert stale.status_code == 400 and "已被他人更新" in stale.content.decode()
    assert not Reply.objects.filter(suggestion=s).exists()


def test_reply_before_assignment_is_refused_on_the_page(baiyun, office_client):
    s = make_suggestion(baiyun, title="未交办")
    response = office_client.post(reverse("suggestion-reply", args=[s.pk]), {
        "reply-version": s.version, "reply-replied_on": "2023-03-01", "reply-reply_class": "A", "reply-text": "x"})
    assert response.status_code == 400 and "只有" not in response.content.decode()
    assert "不能登记答复" in response.content.decode()


def test_the_whole_handling_through_the_pages(baiyun, office_client):
    s = assigned(baiyun, title="全流程")
    units = units_for(baiyun)
    detail = reverse("suggestion-detail", args=[s.pk])

    def post(name, prefix, pk=None, **fields):
        s.refresh_from_db()
        data = {f"{prefix}-{k}": v for k, v in fields.items()}
        data[f"{prefix}-version"] = s.version
        response = office_client.post(reverse(name, args=[pk or s.pk]), data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        return response

    post("suggestion-sign", "sign", unit=units[0].pk, signed_on="2023-02-02")
    post("suggestion-co-input", "coinput", unit=units[1].pk, input_on="2023-02-20", input_text="同意")
    post("suggestion-contact", "contact", unit=units[0].pk, stage="before", way="face", contacted_on="2023-02-05",
         note="当面听取意见")
    post("suggestion-extension", "extension", asked_on="2023-04-01", requested_due_on="2023-06-01", reason="复杂")
    ext = Assignment.objects.get(suggestion=s, role="lead").extensions.get()
    page = office_client.get(detail).content.decode()
    assert f'action="{reverse("extension-decide", args=[ext.pk])}"' in page
    post("extension-decide", f"decide-{ext.pk}", pk=ext.pk, decision="approve", decided_on="2023-04-02", note="同意")
    s.refresh_from_db()
    assert s.reply_due_on == date(2023, 6, 1)
    post("suggestion-reply", "reply", replied_on="2023-05-20", reply_class="B", text="列入计划")
    post("suggestion-feedback", "feedback", result="unsatisfied", given_on="2023-05-25", comment="没有时间表")
    s.refresh_from_db()
    assert (s.status, s.round, s.reply_due_on) == ("rehandling", 2, date(2023, 6, 25))
    page = office_client.get(detail).content.decode()
    assert "重新办理" in page and "第2轮办理" in page and "2023年6月25日" in page
    post("suggestion-reply", "reply", replied_on="2023-06-20", reply_class="A", text="已解决")
    post("suggestion-feedback", "feedback", result="satisfied", given_on="2023-06-26")
    post("suggestion-key", "key", leader="副主任 李某", since="2023-03-01")
    post("suggestion-key-note", "note", on="2023-03-02", text="督办中")
    s.refresh_from_db()
    assert s.status == "closed" and s.is_key
    page = office_client.get(detail).content.decode()
    assert "已办结" in page and "第1轮" in page and "第2轮" in page and "按期答复" in page
    assert "已沟通" in page and "已当面" in page


def test_reply_document_upload_and_download(baiyun, office_client):
    s = assigned(baiyun, title="附件答复")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("答复函.pdf", "%PDF-1.4 答复函内容".encode(), content_type="application/pdf")
    response = office_client.post(reverse("suggestion-reply", args=[s.pk]), {
        "reply-version": s.version, "reply-replied_on": "2023-03-01", "reply-reply_class": "A", "reply-text": "",
        "reply-document": upload})
    assert response.status_code == 302
    reply = Reply.objects.get(suggestion=s)
    download = office_client.get(reverse("suggestion-document", args=[s.pk]), {"reply": reply.pk})
    assert download.status_code == 200 and b"".join(download.streaming_content) == "%PDF-1.4 答复函内容".encode()
    assert client_for("lead-shehui").get(reverse("suggestion-document", args=[s.pk]),
                                         {"reply": reply.pk}).status_code == 404
    too_big = SimpleUploadedFile("big.pdf", b"x", content_type="application/pdf")
    too_big.size = 21 * 1024 * 1024
    from deputies.suggestions.forms import ReplyForm

    form = ReplyForm({"replied_on": "2023-03-01", "reply_class": "A"}, {"document": too_big})
    assert not form.is_valid() and "20 MB" in str(form.errors)


# --- batch assignment ----------------------------------------------------------------------------


def test_batch_assignment_all_or_nothing_names_the_refused_numbers(baiyun, office_client):
    session = session_for(baiyun, number=7, start_on=date(2023, 1, 6))
    units = units_for(baiyun)
    a = make_suggestion(baiyun, number=1, title="批量甲", session=session)
    b = make_suggestion(baiyun, number=2, title="批量乙", session=session)
    c = assigned(baiyun, number=3, title="批量丙", session=session)
    url = reverse("suggestion-batch-assign")
    page = office_client.get(url, {"session": session.pk}).content.decode()
    assert f'value="{a.pk}"' in page and f'value="{b.pk}"' in page
    assert f'value="{c.pk}"' not in page  # only 待交办 are listed
    data = {"suggestions": [a.pk, b.pk, c.pk], "assigned_on": "2023-02-10", "lead_unit": units[0].pk,
            "co_units": [units[1].pk]}
    response = office_client.post(url + f"?session={session.pk}", data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "第3号" in text and "只有待交办的建议可以交办" in text and "全部未交办" in text
    assert not Assignment.objects.filter(suggestion__in=[a, b]).exists()
    data["suggestions"] = [a.pk, b.pk]
    response = office_client.post(url + f"?session={session.pk}", data)
    assert response.status_code == 302
    for s in (a, b):
        s.refresh_from_db()
        assert (s.status, s.lead_unit, s.reply_due_on) == ("assigned", units[0], date(2023, 5, 10))
    assert "没有待交办的建议" in office_client.get(url, {"session": session.pk}).content.decode()
    nothing = office_client.post(url, {**data, "suggestions": []}).content.decode()
    assert "请至少选择一条待交办的建议" in nothing


# --- export ----------------------------------------------------------------------------------------


def test_export_has_the_filtered_rows_and_escapes_formulas(baiyun, office_client):
    session = session_for(baiyun, number=6, start_on=date(2023, 1, 7))
    make_suggestion(baiyun, number=1, title="=SUM(A1:A9)", session=session, cosigners=2)
    s2 = assigned(baiyun, number=2, title="导出第二件", session=session)
    make_suggestion(baiyun, number=3, title="别的会议", session=session_for(baiyun, number=5))
    response = office_client.get(reverse("suggestion-list"), {"session": session.pk, "export": "xlsx"})
    assert response.status_code == 200
    assert "suggestions-" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [row[1:] for row in ws.iter_rows(min_row=2, values_only=True)]  # under the title, without 序号
    assert rows[0][:5] == ("编号", "提出时间", "类别", "标题", "领衔代表") and rows[0][-1] == "逾期"
    assert len(rows) == 3
    titles = {r[3] for r in rows[1:]}
    assert titles == {"=SUM(A1:A9)", "导出第二件"}
    formula_cell = next(c for c in ws["E"][2:] if c.value == "=SUM(A1:A9)")
    assert formula_cell.data_type == "s" and formula_cell.quotePrefix
    second = next(r for r in rows[1:] if r[3] == "导出第二件")
    assert second[0] == 2 and second[1] == session.name and second[8] == s2.lead_unit.name
    assert second[9] == units_for(baiyun)[1].name and second[12] == "已交办待签收" and second[17] == "是"
    assert second[10].date() == date(2023, 2, 1) and second[11].date() == date(2023, 5, 1)
    first = next(r for r in rows[1:] if r[3] == "=SUM(A1:A9)")
    assert first[4] == "测试代表1" and first[5] == "测试代表2、测试代表3"


# --- the list stays flat ------------------------------------------------------------------------


@pytest.fixture
def many(baiyun):
    """150 suggestions of one session with proposer, co-signers and assignments, as the import makes them."""
    session = session_for(baiyun, number=4, start_on=date(2023, 1, 8))
    deputies = deputies_for(baiyun)
    units = units_for(baiyun)
    caijing = _committee(baiyun, "财经工委")
    rows = Suggestion.objects.bulk_create(
        Suggestion(body=baiyun, session=session, year=2023, number=n, title=f"批量建议{n}", raised_on=date(2023, 1, 9),
                   committee=caijing if n % 3 else None,
                   status="assigned" if n % 2 else "accepted", assigned_on=date(2023, 2, 1) if n % 2 else None,
                   reply_due_on=date(2023, 5, 1) if n % 2 else None, lead_unit=units[0] if n % 2 else None,
                   is_key=n % 10 == 0)
        for n in range(1, 151)
    )
    Signature.objects.bulk_create(
        Signature(suggestion=s, deputy=d, role="proposer" if i == 0 else "cosigner", order=i)
        for s in rows for i, d in enumerate(deputies[:3])
    )
    Assignment.objects.bulk_create(
        Assignment(suggestion=s, unit=u, role=role, assigned_on=date(2023, 2, 1), due_on=date(2023, 5, 1))
        for s in rows if s.assigned_on for u, role in ((units[0], "lead"), (units[1], "co"))
    )
    return session


@pytest.mark.parametrize("query", ["", "&overdue=true", "&q=批量&is_key=false", "&lead_unit=UNIT"])
def test_list_queries_stay_flat(office_client, many, baiyun, django_assert_max_num_queries, query):
    query = query.replace("UNIT", str(units_for(baiyun)[0].pk))
    url = reverse("suggestion-list") + f"?session={many.pk}{query}"
    with django_assert_max_num_queries(17):
        response = office_client.get(url)
    assert response.status_code == 200 and response.content.decode().count('id="suggestion-') >= 50
    lead = client_for("lead-caijing")
    with django_assert_max_num_queries(17):
        response = lead.get(url)
    assert response.status_code == 200 and response.content.decode().count('id="suggestion-') >= 30


def test_export_queries_stay_flat(office_client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(13):
        response = office_client.get(reverse("suggestion-list"), {"session": many.pk, "export": "xlsx"})
    assert len(list(load_workbook(io.BytesIO(response.content)).active.iter_rows())) == 152  # title, header, rows


def test_detail_queries_are_bounded(office_client, baiyun, django_assert_max_num_queries):
    s = assigned(baiyun, title="查询次数")
    with django_assert_max_num_queries(25):
        assert office_client.get(reverse("suggestion-detail", args=[s.pk])).status_code == 200


# --- congress sessions ----------------------------------------------------------------------------


def test_sessions_list_counts_and_office_adds_one(baiyun, office_client):
    session = session_for(baiyun, number=5, start_on=date(2022, 1, 6))  # 1–3: the demo's sessions
    make_suggestion(baiyun, title="会议计数一", session=session)
    assigned(baiyun, title="会议计数二", session=session)
    page = office_client.get(reverse("session-list")).content.decode()
    row = page.split(f'id="session-{session.pk}"', 1)[1].split("</tr>", 1)[0]
    assert session.name in row and '<td class="num">2</td><td class="num">1</td>' in row
    term = baiyun.terms.order_by("-number").first()
    form = office_client.get(reverse("session-create")).content.decode()
    assert "届人大" in form and "次会议" in form  # the next session's name is suggested
    data = {"term": term.pk, "number": 11, "name": "区十七届人大十一次会议", "start_on": "2027-01-05",
            "end_on": "2027-01-08"}
    assert office_client.post(reverse("session-create"), data).status_code == 302
    created = CongressSession.objects.get(name="区十七届人大十一次会议")
    assert created.body == baiyun and created.term == term
    again = office_client.post(reverse("session-create"), data).content.decode()
    assert "已有第11次会议" in again
    assert client_for("director").post(reverse("session-create"), {**data, "number": 12}).status_code == 403
