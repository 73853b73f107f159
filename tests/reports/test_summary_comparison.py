"""The year-end summary compares with the year before only what that year recorded in full, and says which
counts are incomplete and why instead (the demo's 2022 holds four meetings and a few reports, no plan and a
sample of its session's suggestions: "满意度测评增加 30 项" was a comparison with records, not with work)."""

from datetime import date

from meetings.models import Meeting
from plans.models import AnnualPlan, PlanEntry, PlanItem
from tests.conftest import client_for


def _summary(year=2023):
    return client_for("office").get(f"/api/v1/summary/{year}/").json()


def _counts(data):
    return {c["key"]: c for c in data["counts"]}


def test_the_2023_summary_does_not_compare_with_the_incomplete_2022(baiyun):
    data = _summary()
    counts = _counts(data)
    assert data["previous_year"] == 2022
    assert "满意度测评增加" not in data["comparison"] and "常委会会议增加" not in data["comparison"]
    evaluations = counts["evaluations"]
    assert (evaluations["value"], evaluations["previous"], evaluations["previous_complete"]) == (33, 3, False)
    # The numbering of the term shows the 1st to 6th and the 11th meetings were never recorded: any could be 2022's.
    assert "第十七届常委会会议第一至六次、第十一次未登记" in evaluations["previous_gaps"]
    assert "没有 2022 年已通过的年度计划，无从核对" in evaluations["previous_gaps"]
    assert counts["chairpersons_meetings"]["previous_gaps"] == ["第十七届主任会议第一至十六次未登记"]
    # 2022's session announced 203 suggestions; the demo enters a sample of 40 (deputies/demo/earlier.py).
    in_part = "区十七届人大二次会议收到代表建议 203 件，只登记 40 件"
    assert in_part in counts["suggestions_between"]["previous_gaps"]
    assert in_part in counts["suggestions_at_session"]["previous_gaps"]
    texts = " ".join(g["text"] for g in data["incomplete"])
    assert "2022 年“常委会会议”" in texts and "数据不完整（第十七届常委会会议第一至六次、第十一次未登记）" in texts
    assert "“满意度测评”" in texts and texts.count("不作比较") == len(data["incomplete"])
    assert {key for g in data["incomplete"] for key in g["keys"]} == set(counts)  # every count of 2022 named

    page = client_for("director").get("/summary/2023/").content.decode()
    assert 'id="incomplete"' in page and "数据不完整（第十七届常委会会议第一至六次、第十一次未登记），不作比较" in page
    assert page.count('<span class="incomplete"') == len(counts)  # the 2022 column says it on every row
    assert "不完整<br>不作比较" in page and "登记 3 项" in page
    assert "满意度测评增加" not in page


def test_a_year_whose_records_are_complete_is_compared_count_by_count(baiyun):
    standing = Meeting.objects.filter(body=baiyun, kind="standing").first()
    term = standing.term
    # The term's standing-committee meetings 1–6 held in 2021 and the 11th in December 2022: numbering unbroken.
    for number, day in ((1, 10), (2, 20), (3, 30)):
        Meeting.objects.create(body=baiyun, term=term, kind="standing", number=number, year=2021,
                               date=date(2021, 10, day), status="held")
    for number in (4, 5, 6):
        Meeting.objects.create(body=baiyun, term=term, kind="standing", number=number, year=2021,
                               date=date(2021, 12, number), status="held")
    Meeting.objects.create(body=baiyun, term=term, kind="standing", number=11, year=2022,
                           date=date(2022, 12, 29), status="held")
    # Chairpersons' meetings 1–15 held before the body used the system, the 16th recorded in 2021: the 17th, in
    # March 2023, proves none was held in 2022.
    term.chairpersons_meetings_before = 15
    term.save()
    Meeting.objects.create(body=baiyun, term=term, kind="chairpersons", number=16, year=2021,
                           date=date(2021, 12, 20), status="held")

    data = _summary()
    counts = _counts(data)
    assert counts["standing_meetings"]["previous_complete"] is True
    assert counts["chairpersons_meetings"]["previous_complete"] is True
    assert "常委会会议增加 2 次" in data["comparison"]  # 7 against 5
    assert "主任会议增加 1 次" in data["comparison"]  # 1 against a proven 0
    # Reports and evaluations: the meetings are complete, but with no adopted 2022 plan there is nothing to
    # check the agendas by.
    assert counts["evaluations"]["previous_gaps"] == ["没有 2022 年已通过的年度计划，无从核对"]
    assert "满意度测评增加" not in data["comparison"]

    # An adopted 2022 plan with one evaluation and three inspections: the three evaluations recorded are at least
    # half of what was planned, so they compare; no inspection recorded of three planned does not.
    plan = AnnualPlan.objects.create(body=baiyun, year=2022, kind="supervision", title="2022年监督工作计划",
                                     status="adopted")
    forms = ["evaluation", "inspection", "inspection", "inspection"]
    for order, form in enumerate(forms, 1):
        item = PlanItem.objects.create(body=baiyun, year=2022, title=f"2022年事项{order}", form=form,
                                       timing_kind="month", start_month=order, status="done")
        PlanEntry.objects.create(plan=plan, item=item, order=order)
    data = _summary()
    counts = _counts(data)
    assert counts["evaluations"]["previous_complete"] is True
    assert "满意度测评增加 30 项" in data["comparison"]
    assert counts["inspections"]["previous_gaps"] == ["计划执法检查 3 次，只登记 0 次"]
    assert "执法检查" not in data["comparison"]


def test_meetings_held_before_the_system_or_never_marked_held_leave_their_year_incomplete(baiyun):
    term = Meeting.objects.filter(body=baiyun, kind="standing").first().term
    term.standing_meetings_before = 6
    term.save()
    Meeting.objects.filter(body=baiyun, kind="standing", year=2022, number=9).update(status="scheduled")
    gaps = _counts(_summary())["standing_meetings"]["previous_gaps"]
    assert gaps == ["第十七届常委会会议第一至六次在使用本系统前召开，未登记", "第十七届常委会会议第十一次未登记",
                    "1 次常委会会议未登记召开情况（状态仍为计划或已定日期）"]


def test_the_exports_say_which_counts_of_the_year_before_are_not_compared(baiyun):
    import io

    from docx import Document
    from openpyxl import load_workbook

    client = client_for("office")
    book = load_workbook(io.BytesIO(b"".join(client.get("/summary/2023/summary.xlsx"))))
    rows = {r[0]: r for r in book["统计"].iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert rows["满意度测评"][3] == "不完整，不作比较（登记 3 项）"
    assert "第十七届常委会会议第一至六次、第十一次未登记" in rows["满意度测评"][4]
    doc = Document(io.BytesIO(b"".join(client.get("/summary/2023/summary.docx"))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2022 年“主任会议”数据不完整（第十七届主任会议第一至十六次未登记），不作比较。" in text
    assert "满意度测评增加" not in text
