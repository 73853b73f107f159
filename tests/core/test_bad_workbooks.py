"""The bad-workbook corpus (tests/bad_workbooks.py) uploaded to every import the way a user does: the plan
import (its page and its API), the deputy roster and the suggestions (their pages).

Every file is uploaded, previewed and, when it gets that far, committed. Each refused file must show a
clear Chinese message naming the file problem, or the row and column, and leave the database exactly as
it was: the row count of every table and a content hash of every table are compared before and after.
Left out of the hash (not of the counts' check, which is separate for them):
  - renda.BackgroundJob: a file that can be read but has row errors is kept as a pending import job
    holding the upload and its preview, so the user can map units or upload a corrected file; that
    row is the import's bookkeeping, asserted on its own (pending, no summary), not domain data;
  - sessions.Session: the messages shown after a refused commit live in the user's session.
Arguably fine files (emoji and right-to-left text, invisible control characters, a formula's cached
result, a date typed in a text column) are imported, and the test checks what was saved.
"""

import hashlib
import html
import time
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from core.models import BackgroundJob
from deputies.models import Deputy, Suggestion
from plans.models import PlanItem
from plans.workbook_layout import HEADERS
from tests.bad_workbooks import Spec, common_cases
from tests.conftest import client_for

PLAN_YEAR = 2031  # no demo plan: the corpus never meets a plan already there
BOOKKEEPING = {"core.backgroundjob", "sessions.session"}
ROSTER_HEADER = ["代表编号", "姓名", "性别", "代表层级", "代表小组", "选区", "联络站编号", "界别", "工作单位及职务",
                 "联系电话", "通讯地址", "状态", "状态变更日期"]
SUGGESTION_HEADER = ["编号", "类别", "标题", "内容", "领衔代表", "附议代表", "分类", "督办委员会", "提出日期", "主办单位",
                     "协办单位", "交办日期"]


def plan_spec() -> Spec:
    return Spec(
        name="plan", header=HEADERS, good=["其他事项(1项)", 1, "语料测试事项", "财经工委", "3月", "✓", ""], first_row=3,
        text_col=2, text_label="项目名称", date_col=4, date_label="时间", unit_col=3, unit_label="组织实施部门",
        key_col=1, key_label="序号", required_col=4, formula_col=2, formula_label="项目名称",
        bad_date_message="：无法识别时间“{}”",
        extra={"merged_header_message": "找不到表头行", "merge_data": "B3:D3",
               "merge_message": "第 3 行「组织实施部门」", "date_text": "3月6日"},
    )


def roster_spec() -> Spec:
    return Spec(
        name="roster", header=ROSTER_HEADER,
        good=["BW9001", "语料甲", "男", "区", "", "", "", "", "某街道办事处", "", "", "在任", ""], first_row=3,
        text_col=8, text_label="工作单位及职务", date_col=12, date_label="状态变更日期", unit_col=6,
        unit_label="联络站编号", key_col=0, key_label="代表编号", required_col=1, formula_col=2, formula_label="性别",
        bad_date_message="：无法识别日期“{}”",
        extra={"merged_header_message": "表头缺少「姓名」列", "merge_data": "B3:D3",
               "merge_message": "第 3 行「性别」：无法识别性别“语料甲”", "date_text": "2024-03-06"},
    )


def suggestion_spec(proposer: str = "某代表") -> Spec:
    # Today when the test runs (not at import: a run may cross midnight and 提出日期 may not be in the future).
    today = timezone.localdate()
    return Spec(
        name="suggestions", header=SUGGESTION_HEADER,
        good=[9001, "建议", "关于语料测试的建议", "内容", proposer, "", "", "财经工委", today.isoformat(), "", "", ""],
        first_row=3, text_col=2, text_label="标题", date_col=8, date_label="提出日期", unit_col=7,
        unit_label="督办委员会", key_col=0, key_label="编号", required_col=4, formula_col=4, formula_label="领衔代表",
        bad_date_message="：无法识别日期“{}”",
        extra={"merged_header_message": "表头缺少「标题」、「领衔代表」列", "merge_data": "C3:E3",
               "merge_message": "第 3 行「领衔代表」：找不到代表“关于语料测试的建议”", "date_text": "2024-03-06"},
    )


CASE_IDS = [c.id for c in common_cases(plan_spec())]


@dataclass
class Import:
    kind: str  # BackgroundJob.kind
    upload_url: str  # URL name
    form: dict


def _imports():
    return {
        "plan": Import("plan_import", "plan-import", {"year": PLAN_YEAR, "kind": "major_matters"}),
        "roster": Import("deputy_import", "deputy-import", {}),
        "suggestions": Import("suggestion_import", "suggestion-import",
                              {"raised_at": "between", "year": timezone.localdate().year}),
    }


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def proposer(baiyun) -> str:
    """A serving deputy whose name nobody else has: the suggestions' 领衔代表."""
    with scopes_disabled():
        unique = (Deputy.objects.filter(body=baiyun).values("name").annotate(n=Count("id")).filter(n=1)
                  .values_list("name", flat=True))
        return Deputy.objects.filter(body=baiyun, status="serving", name__in=list(unique)).order_by("pk")[0].name


def _models():
    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy and m._meta.managed]


def snapshot() -> tuple[dict, str]:
    """(rows per table, a hash of every table's rows but the bookkeeping ones)."""
    if connection.vendor == "postgresql":
        return _snapshot_in_postgres()
    counts, digest = {}, hashlib.sha256()
    with scopes_disabled():
        for model in _models():
            meta = model._meta
            label = meta.label_lower
            rows = list(model._base_manager.order_by("pk").values_list(*[f.attname for f in meta.concrete_fields]))
            counts[label] = len(rows)
            if label not in BOOKKEEPING:
                digest.update(label.encode() + repr(rows).encode())
    return counts, digest.hexdigest()


def _snapshot_in_postgres() -> tuple[dict, str]:
    """The same in one query: each table's rows as text, sorted and hashed by PostgreSQL."""
    parts = []
    for model in _models():
        label, table = model._meta.label_lower, connection.ops.quote_name(model._meta.db_table)
        hashed = "''" if label in BOOKKEEPING else "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
        parts.append(f"SELECT '{label}', count(*), {hashed} FROM {table} t")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        rows = cursor.fetchall()
    digest = hashlib.sha256("".join(f"{label}:{h}" for label, _, h in sorted(rows)).encode())
    return {label: n for label, n, _ in rows}, digest.hexdigest()


def unchanged_but_bookkeeping(before, after, new_jobs: int):
    counts_before, hash_before = before
    counts_after, hash_after = after
    expected = dict(counts_before, **{"core.backgroundjob": counts_before["core.backgroundjob"] + new_jobs})
    changed = {k: (expected.get(k), v) for k, v in counts_after.items()
               if k != "sessions.session" and expected.get(k) != v}
    assert not changed, f"table counts changed: {changed}"
    assert hash_after == hash_before, "a table's content changed"


def upload_file(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def saved(spec: Spec, baiyun, expected: str) -> bool:
    with scopes_disabled():
        if spec.name == "plan":
            return PlanItem.objects.filter(body=baiyun, year=PLAN_YEAR, title=expected).count() == 1
        if spec.name == "roster":
            return Deputy.objects.filter(body=baiyun, code="BW9001", work_unit=expected).count() == 1
        return Suggestion.objects.filter(body=baiyun, number=9001, title=expected).count() == 1


def spec_for(name: str, proposer: str) -> Spec:
    return {"plan": plan_spec, "roster": roster_spec, "suggestions": lambda: suggestion_spec(proposer)}[name]()


@pytest.mark.parametrize("case_id", CASE_IDS)
@pytest.mark.parametrize("import_name", ["plan", "roster", "suggestions"])
def test_each_bad_file_through_the_page(import_name, case_id, baiyun, proposer):
    spec = spec_for(import_name, proposer)
    case = {c.id: c for c in common_cases(spec)}[case_id]
    imp = _imports()[import_name]
    data = case.build(spec)
    client = client_for("office")
    before = snapshot()
    jobs_before = set(BackgroundJob.objects.filter(kind=imp.kind).values_list("pk", flat=True))

    started = time.monotonic()
    response = client.post(reverse(imp.upload_url), {**imp.form, "file": upload_file(data, case.filename)})
    assert response.status_code in (200, 302), response.status_code
    new_jobs = list(BackgroundJob.objects.filter(kind=imp.kind).exclude(pk__in=jobs_before))

    if case.outcome == "file":
        assert response.status_code == 200, "the upload page should refuse the file"
        assert case.message in text_of(response)
        assert new_jobs == []
    else:
        assert response.status_code == 302, text_of(response)[:3000]
        (job,) = new_jobs
        preview_url = reverse(f"{imp.upload_url}-preview", kwargs={"job_id": job.pk})
        assert response["Location"] == preview_url
        page = client.get(preview_url)
        assert page.status_code == 200
        commit = client.post(reverse(f"{imp.upload_url}-commit", kwargs={"job_id": job.pk}), follow=True)
        assert commit.status_code == 200
        job.refresh_from_db()
        if case.outcome == "rows":
            assert case.message in text_of(page), [p["message"][:200] for p in job.result["preview"]["problems"]]
            assert "改正后才能导入" in text_of(commit)
            assert job.status == BackgroundJob.Status.PENDING and "summary" not in job.result
        else:
            assert job.status == BackgroundJob.Status.DONE, (job.message, job.result["preview"]["problems"])
            assert saved(spec, baiyun, case.message)
    elapsed = time.monotonic() - started
    assert elapsed < case.slow_ok, f"{case.id} took {elapsed:.1f} s"

    if case.outcome != "ok":
        unchanged_but_bookkeeping(before, snapshot(), len(new_jobs))


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_each_bad_file_through_the_plan_api(case_id, baiyun):
    spec = plan_spec()
    case = {c.id: c for c in common_cases(spec)}[case_id]
    api = APIClient()
    api.force_authenticate(user=_office())
    data = case.build(spec)
    before = snapshot()
    started = time.monotonic()
    response = api.post(reverse("api:plan-import-list"), {"file": upload_file(data, case.filename), "year": PLAN_YEAR,
                                                          "kind": "major_matters"}, format="multipart")
    new_jobs = 0
    if case.outcome == "file":
        assert response.status_code == 400, response.content[:500]
        assert case.message in response.json()["detail"]
    else:
        assert response.status_code == 201, response.content[:2000]
        new_jobs = 1
        job_id = response.json()["id"]
        commit = api.post(reverse("api:plan-import-commit", kwargs={"job_id": job_id}), {}, format="json")
        if case.outcome == "rows":
            assert commit.status_code == 400
            messages = [p["message"] for p in commit.json()["problems"]]
            assert any(case.message in m for m in messages), messages
        else:
            assert commit.status_code == 200, commit.content[:2000]
            assert saved(spec, baiyun, case.message)
    assert time.monotonic() - started < case.slow_ok
    if case.outcome != "ok":
        unchanged_but_bookkeeping(before, snapshot(), new_jobs)


def _office():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="office")


def test_the_corpus_has_at_least_20_refused_files_per_import():
    refused = [c for c in common_cases(plan_spec()) if c.outcome != "ok"]
    assert len(refused) >= 20 and len({c.id for c in refused}) == len(refused)
