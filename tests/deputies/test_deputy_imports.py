"""Excel imports of deputy work: the roster and a session's suggestions (upload → preview → commit).

Every bad input is named by Excel row and column in the preview, the commit is refused and nothing is
saved; a good workbook saves every row (suggestions assigned with their due dates); a corrected file
replaces the upload; a second commit never imports twice; large files commit in the task.
"""

import io
import time
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from core.models import BackgroundJob, Committee, ReportingBody, Term
from deputies.models import Assignment, CongressSession, Deputy, Signature, Station, Suggestion, SuggestionEvent
from deputies.suggestions import lifecycle
from supervision.opinions import add_months
from tests.conftest import client_for

SUGGESTION_HEADER = ["编号", "类别", "标题", "内容", "领衔代表", "附议代表", "分类", "督办委员会", "提出日期", "主办单位",
                     "协办单位", "交办日期"]
ROSTER_HEADER = ["代表编号", "姓名", "性别", "代表层级", "代表小组", "选区", "联络站编号", "界别", "工作单位及职务",
                 "联系电话", "通讯地址", "状态", "状态变更日期"]
FIRST = 3  # the first data row: a title row, then the header


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def workbook(header, rows, title="测试工作簿") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx(data: bytes, name="导入.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.fixture
def session(baiyun):
    today = timezone.localdate()  # when the test runs, not when the module was imported: a run may cross midnight
    term = Term.objects.get(body=baiyun, number=17)
    return CongressSession.objects.create(body=baiyun, term=term, number=90, name="区十七届人大测试会议",
                                          start_on=today - timedelta(days=120), end_on=today - timedelta(days=117))


@pytest.fixture
def people(baiyun):
    made = {}
    for code, name, gender in [("T001", "测试甲", "male"), ("T002", "测试乙", "female"), ("T003", "测试丙", "male"),
                               ("T010", "测试同名", "male"), ("T011", "测试同名", "female")]:
        made[code] = Deputy.objects.create(body=baiyun, code=code, name=name, gender=gender)
    return made


def unit(baiyun, name):
    return ReportingBody.objects.get(body=baiyun, name=name)


def good_rows(session):
    assigned = session.start_on + timedelta(days=20)
    return [
        (1, "建议", "关于改善测试路交通的建议", "测试路高峰拥堵……", "测试甲", "测试乙、测试丙", "城建环保", "财经工委", None,
         "区教育局", "区财政局", assigned.isoformat()),
        (2, "议案", "关于制定测试条例的议案", "", "测试乙", "", "法制", "", None, "", "", ""),
        (3, "", "关于测试学校扩建的建议", "", "测试同名（T010）", "测试甲；测试同名(T011)", "教科文卫", "财政经济工作委员会",
         session.start_on + timedelta(days=1), "区人民法院", "", session.start_on + timedelta(days=30)),
    ]


def upload_suggestions(client, data, session=None, year=None):
    form = {"raised_at": session.pk if session else "between", "file": xlsx(data)}
    if year:
        form["year"] = year
    response = client.post(reverse("suggestion-import"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    job = BackgroundJob.objects.filter(kind="suggestion_import").order_by("-pk").first()
    assert response["Location"] == reverse("suggestion-import-preview", kwargs={"job_id": job.pk})
    return job


def upload_roster(client, data):
    response = client.post(reverse("deputy-import"), {"file": xlsx(data)})
    assert response.status_code == 302, response.content.decode()[:3000]
    job = BackgroundJob.objects.filter(kind="deputy_import").order_by("-pk").first()
    assert response["Location"] == reverse("deputy-import-preview", kwargs={"job_id": job.pk})
    return job


def preview_of(job) -> dict:
    job.refresh_from_db()
    return job.result["preview"]


def commit(client, job, name="suggestion-import"):
    return client.post(reverse(f"{name}-commit", kwargs={"job_id": job.pk}))


def page_text(client, job, name="suggestion-import") -> str:
    return client.get(reverse(f"{name}-preview", kwargs={"job_id": job.pk})).content.decode()


# --- suggestions: a good workbook -----------------------------------------------------------------


def test_a_good_workbook_saves_every_suggestion_with_assignment_and_due_dates(office_client, baiyun, session, people):
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, good_rows(session)), session)
    preview = preview_of(job)
    assert preview["error_count"] == 0, preview["problems"]
    assert preview["counts"] == {"new": 3, "assigned": 2}
    rows = {r["number"]: r for r in preview["rows"]}
    assigned = session.start_on + timedelta(days=20)
    assert rows[1]["reply_due_on"] == add_months(assigned, 3).isoformat()
    assert rows[1]["co_due_on"] == add_months(assigned, 1).isoformat()
    assert rows[2]["raised_on"] == session.start_on.isoformat()  # default: the session's opening day
    assert rows[3]["proposer"]["id"] == people["T010"].pk
    text = page_text(office_client, job)
    assert "关于改善测试路交通的建议" in text and add_months(assigned, 3).isoformat() in text

    response = commit(office_client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE, job.message
    assert "已导入区十七届人大测试会议的建议 3 件，其中 2 件已交办" in job.message
    saved = {s.number: s for s in Suggestion.objects.filter(session=session)}
    assert set(saved) == {1, 2, 3}

    first = saved[1]
    assert (first.kind, first.status, first.year, first.category) == ("suggestion", "assigned", session.year, "城建环保")
    assert first.committee == Committee.objects.get(body=baiyun, short_name="财经工委")
    assert first.raised_on == session.start_on
    assert (first.assigned_on, first.reply_due_on, first.lead_unit) == (assigned, add_months(assigned, 3),
                                                                        unit(baiyun, "区教育局"))
    co = Assignment.objects.get(suggestion=first, role="co")
    assert (co.unit.name, co.due_on) == ("区财政局", add_months(assigned, 1))
    names = list(Signature.objects.filter(suggestion=first).order_by("order").values_list("deputy__name", "role"))
    assert names == [("测试甲", "proposer"), ("测试乙", "cosigner"), ("测试丙", "cosigner")]
    assert list(SuggestionEvent.objects.filter(suggestion=first).values_list("kind", flat=True)) == ["imported", "assigned"]
    assert SuggestionEvent.objects.filter(suggestion=first, kind="imported").get().by.username == "office"

    second = saved[2]
    assert (second.kind, second.status, second.assigned_on, second.lead_unit) == ("motion", "accepted", None, None)
    third = saved[3]
    assert third.lead_unit == unit(baiyun, "区法院")  # written by its alias 区人民法院
    assert {s.deputy_id for s in Signature.objects.filter(suggestion=third)} == {
        people["T010"].pk, people["T001"].pk, people["T011"].pk}

    done = page_text(office_client, job)
    assert "这个文件已经导入" in done and "查看导入的建议" in done


def test_suggestions_between_sessions_need_a_date_in_the_chosen_year(office_client, baiyun, people):
    today = timezone.localdate()
    year = today.year
    # Numbers above the demo's (its portal examples are numbered in this year too).
    rows = [(101, "", "闭会期间的测试建议", "", "测试甲", "", "", "", today, "", "", ""),
            (102, "", "没有日期的测试建议", "", "测试乙", "", "", "", None, "", "", ""),
            (103, "", "去年的测试建议", "", "测试丙", "", "", "", date(year - 1, 12, 31), "", "", "")]
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, rows), year=year)
    messages = [p["message"] for p in preview_of(job)["problems"] if p["level"] == "error"]
    assert messages == [f"第 {FIRST + 1} 行「提出日期」：闭会期间提出的建议请填写提出日期。",
                        f"第 {FIRST + 2} 行「提出日期」：提出日期（{year - 1}-12-31）不在 {year} 年，与所选的“{year}年闭会期间”不符。"]
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, rows[:1]), year=year)
    commit(office_client, job)
    saved = Suggestion.objects.get(body=baiyun, session__isnull=True, year=year, title="闭会期间的测试建议")
    assert saved.number == 101 and saved.raised_on == today


def test_the_upload_form_needs_a_year_for_suggestions_between_sessions(office_client, session):
    response = office_client.post(reverse("suggestion-import"), {"raised_at": "between", "file": xlsx(b"x")})
    assert response.status_code == 200
    assert "闭会期间提出的建议请填写年度" in response.content.decode()
    assert not BackgroundJob.objects.filter(kind="suggestion_import").exists()


# --- suggestions: every kind of bad input ---------------------------------------------------------


def _row(**changes):
    base = {"number": 1, "kind": "", "title": "测试建议", "content": "", "proposer": "测试甲", "cosigners": "",
            "category": "", "committee": "", "raised_on": None, "lead": "", "co": "", "assigned_on": None}
    base.update(changes)
    return list(base.values())


BAD_SUGGESTIONS = [
    ("unknown deputy", [_row(proposer="查无此人")], 0, "领衔代表", "找不到代表“查无此人”"),
    ("unknown co-signer", [_row(cosigners="测试乙、无名氏")], 0, "附议代表", "找不到代表“无名氏”"),
    ("shared name", [_row(proposer="测试同名")], 0, "领衔代表", "有 2 位代表名为“测试同名”，请写明是哪一位：测试同名（T010）、测试同名（T011）"),
    ("code of another", [_row(proposer="测试甲（T002）")], 0, "领衔代表", "代表编号“T002”是“测试乙”，不是“测试甲”"),
    ("co-signer twice", [_row(cosigners="测试乙、测试乙")], 0, "附议代表", "代表“测试乙”重复署名：已列为附议代表"),
    ("proposer co-signs", [_row(cosigners="测试丙 测试甲")], 0, "附议代表", "代表“测试甲”重复署名：已列为领衔代表"),
    ("unknown unit", [_row(lead="区不存在局")], 0, "主办单位", "找不到承办单位“区不存在局”"),
    ("unknown co-unit", [_row(lead="区教育局", co="区财政局、区虚构局")], 0, "协办单位", "找不到承办单位“区虚构局”"),
    ("lead also co", [_row(lead="区教育局", co="区教育局")], 0, "协办单位", "“区教育局”已是主办单位，不能同时协办"),
    ("co without lead", [_row(co="区财政局")], 0, "协办单位", "填写了协办单位，但没有主办单位"),
    ("unknown committee", [_row(committee="宇宙工委")], 0, "督办委员会", "找不到委员会“宇宙工委”"),
    ("number twice", [_row(), _row(title="另一件")], 1, "编号", "第1号与第 3 行重复，编号不能重复"),
    ("number taken", [_row(number=77)], 0, "编号", "区十七届人大测试会议已有第77号建议，编号不能重复"),
    ("number missing", [_row(number=None)], 0, "编号", "编号不能为空"),
    ("number not a number", [_row(number="十二")], 0, "编号", "编号“十二”应为正整数"),
    ("title missing", [_row(title="")], 0, "标题", "标题不能为空"),
    ("content too long", [_row(content="字" * 20001)], 0, "内容", "内容过长（20001 个字符，最多 20000 个）"),
    ("unknown kind", [_row(kind="提案")], 0, "类别", "无法识别类别“提案”"),
    ("raised before the session", [_row(raised_on="before")], 0, "提出日期", "不能早于区十七届人大测试会议开幕日期"),
    ("raised in the future", [_row(raised_on="future")], 0, "提出日期", "不能晚于今天"),
    ("assigned in the future", [_row(lead="区教育局", assigned_on="future")], 0, "交办日期", "不能晚于今天"),
    ("assigned before raised", [_row(lead="区教育局", raised_on="late", assigned_on="early")], 0, "交办日期",
     "不能早于提出日期"),
    ("unreadable date", [_row(raised_on="2023-13-45")], 0, "提出日期", "无法识别日期“2023-13-45”"),
]


def _dates(rows, session):
    words = {"before": session.start_on - timedelta(days=10), "future": timezone.localdate() + timedelta(days=5),
             "late": session.start_on + timedelta(days=40), "early": session.start_on + timedelta(days=10)}
    return [[words.get(v, v) if isinstance(v, str) else v for v in row] for row in rows]


@pytest.mark.parametrize(("case", "rows", "bad_index", "column", "message"), BAD_SUGGESTIONS,
                         ids=[c[0] for c in BAD_SUGGESTIONS])
def test_each_bad_suggestion_row_is_named_and_nothing_is_saved(office_client, baiyun, session, people, case, rows,
                                                               bad_index, column, message):
    if case == "number taken":
        lifecycle.create_suggestion(baiyun, lifecycle.NewSuggestion(
            title="已有的建议", raised_on=session.start_on, proposer=people["T001"], session=session, number=77), None)
    before = Suggestion.objects.filter(body=baiyun).count()
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, _dates(rows, session)), session)
    preview = preview_of(job)
    errors = [p for p in preview["problems"] if p["level"] == "error"]
    where = f"第 {FIRST + bad_index} 行「{column}」："
    assert any(p["message"].startswith(where) and message in p["message"] for p in errors), errors
    assert not preview["can_commit"]
    text = page_text(office_client, job)
    assert where in text and 'disabled>确认导入' in text

    response = commit(office_client, job)
    assert response.status_code == 302
    assert "改正后才能导入；没有保存任何建议" in page_text(office_client, job)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.PENDING
    assert Suggestion.objects.filter(body=baiyun).count() == before


def test_a_row_the_lifecycle_refuses_at_commit_rolls_everything_back(office_client, baiyun, session, people,
                                                                    monkeypatch):
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, good_rows(session)), session)
    real = lifecycle.assign
    calls = []

    def refuse_second(suggestion, **kwargs):
        calls.append(suggestion.number)
        if len(calls) == 2:
            raise lifecycle.LifecycleError("测试：交办失败。", "lead_unit")
        return real(suggestion, **kwargs)

    monkeypatch.setattr(lifecycle, "assign", refuse_second)
    commit(office_client, job)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED
    assert job.message == "第 5 行无法保存：测试：交办失败。 没有保存任何建议。"
    assert not Suggestion.objects.filter(session=session).exists()


def test_a_corrected_file_replaces_the_upload(office_client, baiyun, session, people):
    bad = workbook(SUGGESTION_HEADER, [_row(proposer="查无此人")])
    job = upload_suggestions(office_client, bad, session)
    assert preview_of(job)["error_count"] == 1
    response = office_client.post(reverse("suggestion-import-reupload", kwargs={"job_id": job.pk}),
                                  {"file": xlsx(workbook(SUGGESTION_HEADER, [_row()]), "改过的.xlsx")})
    assert response.status_code == 302
    preview = preview_of(job)
    assert preview["error_count"] == 0 and preview["filename"] == "改过的.xlsx"
    assert "已读取修改后的文件“改过的.xlsx”，没有错误。" in page_text(office_client, job)
    upload_page = office_client.get(reverse("suggestion-import")).content.decode()
    assert f'href="{reverse("suggestion-import-preview", kwargs={"job_id": job.pk})}">改过的.xlsx</a>' in upload_page
    # A file that cannot be read keeps the one before.
    office_client.post(reverse("suggestion-import-reupload", kwargs={"job_id": job.pk}), {"file": xlsx(b"not a zip")})
    assert preview_of(job)["filename"] == "改过的.xlsx"
    commit(office_client, job)
    assert Suggestion.objects.filter(session=session, title="测试建议").count() == 1


def test_a_second_commit_never_imports_twice(office_client, baiyun, session, people):
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, good_rows(session)), session)
    commit(office_client, job)
    assert Suggestion.objects.filter(session=session).count() == 3
    response = commit(office_client, job)
    assert response.status_code == 302
    assert "不能重复提交" in page_text(office_client, job)
    response = office_client.post(reverse("suggestion-import-reupload", kwargs={"job_id": job.pk}),
                                  {"file": xlsx(workbook(SUGGESTION_HEADER, good_rows(session)))})
    assert "不能重复提交" in office_client.get(response["Location"]).content.decode()
    assert Suggestion.objects.filter(session=session).count() == 3
    # Uploading the same file again: every number is now taken.
    again = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, good_rows(session)), session)
    assert preview_of(again)["error_count"] == 3


def test_a_change_since_the_preview_is_caught_at_commit_and_saves_nothing(office_client, baiyun, session, people):
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, good_rows(session)), session)
    assert preview_of(job)["can_commit"]
    # Meanwhile someone enters suggestion No. 2 by hand.
    lifecycle.create_suggestion(baiyun, lifecycle.NewSuggestion(
        title="手工录入的建议", raised_on=session.start_on, proposer=people["T001"], session=session, number=2), None)
    response = commit(office_client, job)
    text = office_client.get(response["Location"]).content.decode()
    assert "数据已变化，出现 1 个错误" in text and f"第 {FIRST + 1} 行「编号」：区十七届人大测试会议已有第2号建议" in text
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.PENDING and not job.result["preview"]["can_commit"]
    assert Suggestion.objects.filter(session=session).count() == 1


def test_a_commit_while_another_is_running_is_refused(office_client, baiyun, session, people):
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, good_rows(session)), session)
    BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.RUNNING)
    response = commit(office_client, job)
    assert "这个文件正在导入，请稍候。" in office_client.get(response["Location"]).content.decode()
    assert not Suggestion.objects.filter(session=session).exists()
    status = office_client.get(reverse("suggestion-import-status", kwargs={"job_id": job.pk})).json()
    assert (status["status"], status["total"]) == ("running", 3)


def test_a_large_import_commits_in_the_task(office_client, baiyun, session, people, settings, monkeypatch):
    import deputies.tasks
    from renda.celery import app

    # With REDIS_URL (make test) tasks go to a broker; this test's rows are inside its transaction,
    # which no worker could see, so the task runs in process here.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    settings.PLAN_IMPORT_INLINE_MAX_ROWS = 2
    sent = []
    real_delay = deputies.tasks.commit_import.delay
    monkeypatch.setattr(deputies.tasks.commit_import, "delay", lambda job_id: sent.append(job_id) or real_delay(job_id))
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, good_rows(session)), session)
    commit(office_client, job)
    assert sent == [job.pk]
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.progress == job.total == 3
    assert Suggestion.objects.filter(session=session).count() == 3


def test_the_progress_page_polls_with_the_script_file(office_client, session, people):
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, good_rows(session)), session)
    BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.RUNNING)
    text = page_text(office_client, job)
    assert f'data-import-status-url="{reverse("suggestion-import-status", kwargs={"job_id": job.pk})}"' in text
    assert '<script src="/static/js/plan-import.js"></script>' in text and "<script>" not in text


def test_three_hundred_suggestions_preview_and_commit_in_a_few_seconds(office_client, baiyun, session, people,
                                                                       django_assert_max_num_queries):
    assigned = (session.start_on + timedelta(days=20)).isoformat()
    rows = [(n, "建议", f"第{n}件测试建议", "内容" * 50, ["测试甲", "测试乙", "测试丙"][n % 3], "测试同名（T010）",
             "城建环保", "财经工委", None, "区教育局" if n % 2 else "", "区财政局" if n % 4 == 1 else "",
             assigned if n % 2 else "") for n in range(1, 301)]
    data = workbook(SUGGESTION_HEADER, rows)
    started = time.monotonic()
    job = upload_suggestions(office_client, data, session)
    previewed = time.monotonic()
    assert preview_of(job)["can_commit"]
    commit(office_client, job)
    committed = time.monotonic()
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE, job.message
    assert Suggestion.objects.filter(session=session).count() == 300
    assert Suggestion.objects.filter(session=session, status="assigned").count() == 150
    # About 1 and 5 s on a slow 2-core machine; most of the commit is lifecycle work (events, locks, rules).
    assert previewed - started < 5, f"preview took {previewed - started:.1f} s"
    assert committed - previewed < 20, f"commit took {committed - previewed:.1f} s"
    # The preview page reads the stored preview: its queries do not grow with the rows.
    with django_assert_max_num_queries(12):
        assert "第300件测试建议" in page_text(office_client, job)


# --- files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "message"), [
    (b"", "文件是空的"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "旧版 Excel 文件（.xls）"),
    (b"hello", "不是 Excel 工作簿"),
    (workbook(["名称", "说明"], [(1, "x")]), "找不到表头行"),
    (workbook(["编号", "内容"], [(1, "x")]), "第 2 行的表头缺少「标题」、「领衔代表」列"),
    (workbook(["编号", "标题", "内容"], [(1, "x", "y")]), "第 2 行的表头缺少「领衔代表」列"),
    (workbook(SUGGESTION_HEADER, []), "表中没有任何建议"),
])
def test_bad_files_get_a_clear_message_and_keep_nothing(office_client, session, data, message):
    response = office_client.post(reverse("suggestion-import"), {"raised_at": session.pk, "file": xlsx(data)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BackgroundJob.objects.filter(kind="suggestion_import").exists()


def test_the_header_is_found_by_names_and_aliases_below_title_rows(office_client, baiyun, session, people):
    wb = Workbook()
    ws = wb.active
    ws.append(["区十七届人大测试会议代表建议汇总表"])
    ws.append(["注：本表由代表工委整理"])
    ws.append([])
    ws.append(["序号", "案由", "领衔人", "附议人", "主办", "交办时间", "备注列不认识"])
    ws.append([5, "关于测试的建议", "测试甲", "测试乙\n测试丙", "区教育局", session.start_on + timedelta(days=3), "x"])
    ws.append(["序号", "案由", "领衔人", "附议人", "主办", "交办时间"])  # the header repeated on a printed page
    ws.append([6, "关于另一测试的建议", "测试乙", "", "", ""])
    out = io.BytesIO()
    wb.save(out)
    job = upload_suggestions(office_client, out.getvalue(), session)
    preview = preview_of(job)
    assert preview["header_row"] == 4 and preview["skipped_rows"] == [6]
    assert preview["error_count"] == 0, preview["problems"]
    first = preview["rows"][0]
    assert (first["row"], first["number"], first["title"]) == (5, 5, "关于测试的建议")
    assert [d["label"] for d in first["cosigners"]] == ["测试乙", "测试丙"]  # one a line
    assert first["assigned_on"] == (session.start_on + timedelta(days=3)).isoformat()


@pytest.mark.parametrize(("name", "kind_columns"), [("deputy-import", ROSTER_HEADER),
                                                    ("suggestion-import", SUGGESTION_HEADER)])
def test_the_blank_templates_have_the_columns_the_imports_read(office_client, session, name, kind_columns):
    response = office_client.get(reverse(name) + "?template=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    header = [c.value.rstrip("*") for c in wb.worksheets[0][3] if c.value]
    assert header == kind_columns
    # Uploaded blank, it is read (title and note rows skipped) and found empty.
    if name == "suggestion-import":
        response = office_client.post(reverse(name), {"raised_at": session.pk, "file": xlsx(response.content)})
    else:
        response = office_client.post(reverse(name), {"file": xlsx(response.content)})
    assert "表头以下是空的" in response.content.decode()


# --- the roster ----------------------------------------------------------------------------------


@pytest.fixture
def station(baiyun):
    return Station.objects.create(body=baiyun, kind="central", number="TZ01", name="测试中心联络站")


def test_a_roster_workbook_updates_by_code_or_name_and_creates_the_rest(office_client, baiyun, people, station):
    lone = Deputy.objects.create(body=baiyun, name="测试无编号", gender="female", work_unit="旧单位")
    rows = [
        ("T001", "测试甲", "男", "区、市", "第一代表小组", "第1选区", "TZ01", "工人", "新单位主任", "13800000001",
         "测试路1号", "在任", None),
        ("", "测试无编号", "", "", "", "", "", "", "新单位", "", "", "已辞职", date(2023, 5, 10)),
        ("T020", "测试新人", "女", "全国人大代表、省、镇", "", "", "测试中心联络站", "", "", "", "", "", None),
        ("T002", "测试乙", "女", "", "", "", "", "", "", "", "", "", None),  # blank text cells clear, levels kept
    ]
    job = upload_roster(office_client, workbook(ROSTER_HEADER, rows))
    preview = preview_of(job)
    assert preview["error_count"] == 0, preview["problems"]
    actions = {r["display"]["name"]: r["action"] for r in preview["rows"]}
    assert actions == {"测试甲": "update", "测试无编号": "update", "测试新人": "new", "测试乙": "unchanged"}
    changes = preview["rows"][0]["changes"]
    assert changes["代表层级"] == ["区", "市、区"] and changes["工作单位及职务"] == ["", "新单位主任"]
    text = page_text(office_client, job, "deputy-import")
    assert "新单位主任" in text and "代表层级：区 → 市、区" in text

    commit(office_client, job, "deputy-import")
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE, job.message
    assert job.message == "代表名册已导入：新增 1 位，更新 2 位，无变化 1 位。"
    first = Deputy.objects.get(pk=people["T001"].pk)
    assert (first.is_city, first.is_district, first.station, first.work_unit, first.phone, first.version) == (
        True, True, station, "新单位主任", "13800000001", 2)
    lone.refresh_from_db()
    assert (lone.status, lone.status_on, lone.work_unit, lone.code, lone.gender) == (
        "resigned", date(2023, 5, 10), "新单位", "", "female")
    new = Deputy.objects.get(body=baiyun, code="T020")
    assert (new.name, new.gender, new.station, new.status) == ("测试新人", "female", station, "serving")
    assert new.level_labels() == ["全国", "省", "镇"]
    assert new.term == Term.objects.get(body=baiyun, number=17)


BAD_ROSTER = [
    ("missing name", [("T030", "", "男")], "姓名", "姓名不能为空"),
    ("unknown gender", [("T030", "测试丁", "未知")], "性别", "无法识别性别“未知”"),
    ("new without gender", [("T030", "测试丁", "")], "性别", "新增代表请填写性别"),
    ("unknown level", [("T030", "测试丁", "男", "村")], "代表层级", "无法识别代表层级“村”"),
    ("unknown station", [("T030", "测试丁", "男", "", "", "", "XX99")], "联络站编号", "找不到编号为“XX99”的联络站"),
    ("unknown status", [("T030", "测试丁", "男", "", "", "", "", "", "", "", "", "退休")], "状态", "无法识别状态“退休”"),
    ("code twice", [("T030", "测试丁", "男"), ("T030", "测试戊", "女")], "代表编号", "代表编号“T030”与第 3 行重复"),
    ("same deputy twice", [("T001", "测试甲", "男"), ("", "测试甲", "男")], "姓名", "与第 3 行是同一位代表（测试甲，编号 T001）"),
    ("unreadable date", [("T001", "测试甲", "男", "", "", "", "", "", "", "", "", "已辞职", "去年五月")], "状态变更日期",
     "无法识别日期“去年五月”"),
    ("date before 1949", [("T001", "测试甲", "男", "", "", "", "", "", "", "", "", "已辞职", date(1900, 1, 1))],
     "状态变更日期", "早于 1949 年"),
    ("date in the future", [("T001", "测试甲", "男", "", "", "", "", "", "", "", "", "已辞职", "future")],
     "状态变更日期", "晚于今天"),
]


@pytest.mark.parametrize(("case", "rows", "column", "message"), BAD_ROSTER, ids=[c[0] for c in BAD_ROSTER])
def test_each_bad_roster_row_is_named_and_nothing_is_saved(office_client, baiyun, people, case, rows, column,
                                                           message):
    # "future" is three days from today, read when the test runs.
    rows = [[timezone.localdate() + timedelta(days=3) if v == "future" else v for v in row] for row in rows]
    before = list(Deputy.objects.filter(body=baiyun).order_by("pk").values_list("pk", "name", "status", "version"))
    job = upload_roster(office_client, workbook(ROSTER_HEADER, rows))
    errors = [p["message"] for p in preview_of(job)["problems"] if p["level"] == "error"]
    row = FIRST + len(rows) - 1
    assert any(m.startswith(f"第 {row} 行「{column}」：") and message in m for m in errors), errors
    commit(office_client, job, "deputy-import")
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.PENDING
    assert "改正后才能导入；没有保存任何代表" in page_text(office_client, job, "deputy-import")
    assert list(Deputy.objects.filter(body=baiyun).order_by("pk").values_list("pk", "name", "status", "version")) == before


def test_a_roster_name_shared_by_two_deputies_is_added_with_a_warning(office_client, baiyun, people):
    job = upload_roster(office_client, workbook(ROSTER_HEADER, [("", "测试同名", "男")]))
    preview = preview_of(job)
    assert preview["rows"][0]["action"] == "new"
    assert "名册中有 2 位代表名为“测试同名”" in preview["problems"][0]["message"]
    assert preview["can_commit"]


# --- who may import ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["deputy-import", "suggestion-import"])
@pytest.mark.parametrize(("username", "status"), [("office", 200), ("lead-caijing", 403), ("director", 403)])
def test_only_the_office_may_import(baiyun, name, username, status):
    client = client_for(username)
    response = client.get(reverse(name))
    assert response.status_code == status
    if status == 403:
        assert "只有常委会办公室" in response.content.decode() or "不能修改" in response.content.decode()
        assert client.post(reverse(name), {"file": xlsx(b"x")}).status_code == 403
        assert client.get(reverse(name) + "?template=xlsx").status_code == 403


def test_others_cannot_see_or_commit_an_import(baiyun, session, people, client):
    office = client_for("office")
    job = upload_suggestions(office, workbook(SUGGESTION_HEADER, good_rows(session)), session)
    for username in ("lead-caijing", "director"):
        other = client_for(username)
        assert other.get(reverse("suggestion-import-preview", kwargs={"job_id": job.pk})).status_code == 403
        assert commit(other, job).status_code == 403
    anonymous = client.get(reverse("suggestion-import-preview", kwargs={"job_id": job.pk}))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert commit(client, job).status_code == 302
    other_body = client_for("office-other")
    assert other_body.get(reverse("suggestion-import-preview", kwargs={"job_id": job.pk})).status_code == 404
    assert commit(other_body, job).status_code == 404
    assert "区十七届人大测试会议" not in other_body.get(reverse("suggestion-import")).content.decode()
    assert not Suggestion.objects.filter(session=session).exists()


def test_stale_uploads_are_not_offered(office_client, session, people):
    job = upload_suggestions(office_client, workbook(SUGGESTION_HEADER, good_rows(session)), session)
    BackgroundJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert office_client.get(reverse("suggestion-import-preview", kwargs={"job_id": job.pk})).status_code == 404
    assert commit(office_client, job).status_code == 404


def test_a_large_roster_commits_in_the_task(office_client, baiyun, people, settings, monkeypatch):
    from renda.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    settings.PLAN_IMPORT_INLINE_MAX_ROWS = 1
    rows = [(f"T{n:03d}", f"测试批量{n}", "男" if n % 2 else "女") for n in range(100, 140)]
    job = upload_roster(office_client, workbook(ROSTER_HEADER, rows))
    commit(office_client, job, "deputy-import")
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.message.startswith("代表名册已导入：新增 40 位")
    assert Deputy.objects.filter(body=baiyun, name__startswith="测试批量").count() == 40


@pytest.mark.parametrize(("importer_name", "label"), [("ROSTER_IMPORT", "代表名册"), ("SUGGESTION_IMPORT", "代表建议表")])
def test_each_import_names_its_own_file_when_it_cannot_read_it(baiyun, importer_name, label):
    """Before, the roster and suggestion imports asked for a file "按“主要工作安排表”格式" (the plan's)."""
    import deputies.imports
    from core.imports import ImportFileError

    importer = getattr(deputies.imports, importer_name)
    with pytest.raises(ImportFileError) as refused:
        importer.preview(b"this is not a workbook", body=baiyun, params={})
    assert f"请上传按“{label}”格式填写的 .xlsx 文件" in str(refused.value)
    assert "主要工作安排表" not in str(refused.value)
