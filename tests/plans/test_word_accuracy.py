"""Reading a plan's Word text: the four Baiyun 2023 plans against the demo fixtures (bench/word_plans.py), and the
phrases that are easy to get wrong (timing, 牵头/配合, 并开展满意度测评, （共 N 项）, page headers, tables)."""

import importlib.util
import io

import pytest
from docx import Document

from plans.imports.word_text import (
    docx_text,
    find_links,
    paragraphs,
    parse_plan_text,
    same_matter,
    split_documents,
    timing_in,
)
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("bench_word_plans", ROOT / "bench" / "word_plans.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

TITLE = "某某县人大常委会2024年度监督工作计划"


def pdf_text(*paras: str, width: int = 26) -> str:
    """Paragraphs as a PDF's text gives them: broken every `width` characters, a blank line after each line."""
    lines = []
    for para in paras:
        lines += [para[i:i + width] for i in range(0, len(para), width)]
    return "\n\n".join(lines)


def only_item(text: str):
    items = parse_plan_text(text).items()
    assert len(items) == 1, [i.title for i in items]
    return items[0]


# --- the four plans, field by field ---------------------------------------------------------------------------


@pytest.fixture
def score(baiyun, tmp_path):
    return bench.measure(tmp_path, baiyun)


def test_the_four_baiyun_plans_are_read_as_the_demo_data_has_them(score):
    print(bench.table(score))
    assert score.percent() >= bench.TARGET_OVERALL
    for name in bench.FIELDS:
        assert score.total[name] > 0, name
        assert score.percent(name) >= bench.TARGET_FIELD, (name, [w for w in score.wrong if w[2] == name])


def test_every_fixture_item_is_counted(score):
    entries, items = bench.fixture_entries()
    defined = sum(1 for plan in entries.values() for e in plan if not e.ref)
    links = sum(1 for plan in entries.values() for e in plan if e.ref)
    assert score.total["title"] >= defined + 10  # the 讨论决定重大事项 entries restate matters of the 监督工作计划
    assert score.total["cross-plan links"] >= links


def test_the_comparison_notices_a_wrong_field_and_a_false_link(baiyun, tmp_path):
    from core.models import Committee, ReportingBody

    committees, bodies = list(Committee.objects.filter(body=baiyun)), list(ReportingBody.objects.filter(body=baiyun))
    entries, items = bench.fixture_entries()
    read = bench.read_plans(bench.build_docx_files(tmp_path), bodies, entries)
    names = bench.Names(committees, bodies)
    before = bench.compare(read, entries, items, names)
    supervision = read["supervision"]
    supervision[0].item.timing = {**supervision[0].item.timing, "start_month": 6}
    # The deputy work plan's first item said to be the 民法典 report.
    read["deputy_work"][0].links = {"same": bench.Candidate("", "minfadian"), "mentioned": []}
    after = bench.compare(read, entries, items, names)
    assert after.right["timing"] == before.right["timing"] - 1
    assert after.total["cross-plan links"] == before.total["cross-plan links"] + 1
    assert after.right["cross-plan links"] == before.right["cross-plan links"]


def test_the_seed_splits_into_its_four_plans_with_their_titles():
    documents = split_documents(bench.SEED.read_text(encoding="utf-8"))
    plans = [parse_plan_text(d) for d in documents]
    assert [(p.kind, p.year) for p in plans] == [
        ("work_points", 2023), ("supervision", 2023), ("major_matters", 2023), ("deputy_work", 2023)]
    assert plans[1].title == "广州市白云区人大常委会 2023 年度监督工作计划"  # named in the issuing notice
    assert [len(p.items()) for p in plans] == [17, 40, 11, 20]
    assert plans[0].notes == ["附件未读入：附件：广州市白云区人大常委会 2023 年度各次会议安排"]


# --- timing -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, kind, start, end, quarter", [
    ("拟安排在5月份常委会会议上听取和审议", "month", 5, None, None),
    ("拟安排在 12 月份常委会会议上开展", "month", 12, None, None),
    ("专题调研报告在 7 月底完成，由农村农业工委负责组织和实施", "deadline", None, 7, None),
    ("7月底前完成", "deadline", None, 7, None),
    ("拟安排在3-6月进行", "range", 3, 6, None),
    ("拟于三至六月开展", "range", 3, 6, None),
    ("拟安排在第二季度", "quarter", None, None, 2),
    ("上半年完成", "range", 1, 6, None),
    ("全年开展", "year", None, None, None),
    ("年底前完成", "deadline", None, 12, None),
])
def test_timing_phrases(sentence, kind, start, end, quarter):
    timing = timing_in(sentence)
    assert (timing["timing_kind"], timing["start_month"], timing["end_month"], timing["quarter"]) == (
        kind, start, end, quarter)


def test_a_time_set_by_another_body_is_undetermined_with_its_note():
    item = only_item(f"{TITLE}\n一、听取和审议区政府关于 2023 年区本级预算调整方案的报告\n"
                     "本议题和上会时间根据区政府的提请而定。有关准备工作由财经委员会、财经工委负责。")
    assert item.timing["timing_kind"] == "undetermined"
    assert item.timing["timing_note"] == "本议题和上会时间根据区政府的提请而定"
    assert item.to_standing_meeting  # 上会: to the standing committee's meeting
    assert item.leads == ["财经委员会", "财经工委"]


def test_an_item_without_a_time_runs_all_year():
    item = only_item(f"{TITLE}\n（一）加强代表培训。组织代表参加履职学习。")
    assert item.timing["timing_kind"] == "year"
    assert not item.to_standing_meeting and not item.to_chairpersons_meeting


def test_a_time_inside_the_focus_is_a_note_not_the_items_timing():
    item = only_item(f"{TITLE}\n（十）提高闭会期间代表活动质效。组织代表开展集中视察。"
                     "市人大代表联组集中视察根据市人大常委会部署拟安排在第四季度。")
    assert item.timing["timing_kind"] == "year"
    assert item.timing["timing_note"] == "市人大代表联组集中视察根据市人大常委会部署拟安排在第四季度"


def test_meetings_named_in_the_arrangement():
    item = only_item(f"{TITLE}\n一、审议县人大常委会关于召开县第十八届人民代表大会第五次会议的决定（草案）\n"
                     "提请12月份主任会议和常委会会议审议。")
    assert (item.to_standing_meeting, item.to_chairpersons_meeting) == (True, True)
    assert item.forms == ["major_matter"]
    assert item.reporting_bodies == []  # the body's own committee proposes it


# --- committees ------------------------------------------------------------------------------------------------


def test_lead_and_helpers():
    item = only_item(f"{TITLE}\n（一）听取和审议县政府关于优化营商环境工作情况的报告。\n"
                     "拟安排在3月份常委会会议上听取和审议，由财经工委牵头，县人大常委会办公室、社会建设工委配合。")
    assert item.leads == ["财经工委"]
    assert item.helpers == ["县人大常委会办公室", "社会建设工委"]
    assert not item.all_committees_help
    assert item.sources["helpers"].startswith("拟安排在3月份")


def test_a_lead_with_every_committee_sharing_the_work():
    item = only_item(f"{TITLE}\n（十）听取区政府关于民生实事项目推进情况的报告。\n"
                     "拟安排在 9 月份常委会会议上听取，有关准备工作由社会建设委员会、社会建设工委牵头，"
                     "各相关工委分工落实。")
    assert item.leads == ["社会建设委员会", "社会建设工委"]
    assert item.helpers == [] and item.all_committees_help


def test_every_liaison_committee_leads_and_unnamed_committees_only_help():
    text = (f"{TITLE}\n一、对区政府工作部门开展满意度测评（共 3 项）\n"
            "听取和审议区政府工作部门（区教育局、区民政局、区财政局）关于年度工作目标任务完成情况的报告，并开展满意度测评。\n"
            "拟安排在 12 月份常委会会议上听取和审议，有关准备工作由各对口联系工委负责。\n"
            "二、跟踪监督常委会有关审议意见落实情况\n"
            "持续跟踪区政府关于法治政府建设情况审议意见的落实情况，由相关工委负责。")
    evaluation, follow_up = parse_plan_text(text).items()
    assert evaluation.all_committees_lead and not evaluation.all_committees_help
    assert evaluation.reporting_bodies == ["区教育局", "区民政局", "区财政局"]  # not the group's name, 区政府
    assert follow_up.leads == [] and follow_up.all_committees_help
    assert follow_up.forms == ["follow_up"] and follow_up.timing["timing_kind"] == "year"


def test_one_arrangement_said_for_the_last_items():
    text = (f"{TITLE}\n七、听取和审议区政府计划、预算执行情况和决算草案等报告（共 3 项）\n"
            "（一）听取和审议区政府关于上半年国民经济和社会发展计划执行情况的报告。\n"
            "（二）听取和审议区政府关于上半年预算执行情况的报告。\n"
            "以上两项报告拟安排在 7 月份常委会会议上听取和审议。\n"
            "（三）听取和审议区政府关于区级决算草案的报告。\n"
            "报告拟安排在 9 月份常委会会议上听取和审议。\n"
            "以上三项报告由财经委员会、财经工委负责。")
    items = parse_plan_text(text).items()
    assert [i.timing["start_month"] for i in items] == [7, 7, 9]
    assert all(i.to_standing_meeting for i in items)
    assert all(i.leads == ["财经委员会", "财经工委"] for i in items)
    assert all(i.forms == ["finance"] for i in items)
    assert items[1].focus == ""  # the shared sentence is an arrangement, not the second item's focus


# --- forms, sections, titles --------------------------------------------------------------------------------------


def test_an_evaluation_of_a_report_carries_two_forms():
    item = only_item(f"{TITLE}\n（二）听取和审议县法院关于执行工作情况的报告，并开展满意度测评。\n"
                     "安排在第二季度。由监察司法工委负责。")
    assert item.forms == ["evaluation", "special_report"]
    assert item.timing["quarter"] == 2 and item.leads == ["监察司法工委"]
    assert item.reporting_bodies == ["县法院"]


@pytest.mark.parametrize("title, forms", [
    ("听取和审议区政府关于技能人才培养工作情况的报告，并开展专题询问", ["inquiry", "special_report"]),
    ("听取和审议区政府关于 2022 年区级决算草案的报告", ["finance"]),
    ("审议《某某县国土空间总体规划（草案）》", ["major_matter"]),
    ("围绕白云湖数字科技城规划建设情况开展专题调研", ["research"]),
    ("听取和审议区人大常委会监察和司法工作委员会关于规范性文件备案审查工作情况的报告", ["filing_review"]),
    ("视察全县重点项目建设情况", ["visit"]),
])
def test_forms_from_the_title(title, forms):
    assert only_item(f"{TITLE}\n（一）{title}。").forms == forms


def test_the_bodys_own_report_has_no_reporting_body():
    assert only_item(f"{TITLE}\n（一）审议区人大常委会工作报告（稿）。").reporting_bodies == []
    assert only_item(f"{TITLE}\n（一）听取和审议区政府关于民生实事项目的报告。").reporting_bodies == ["区政府"]


def test_declared_counts_and_the_focus():
    text = (f"{TITLE}\n一、听取和审议“一府两院”专项工作报告（共十二项）\n"
            "（一）听取和审议区法院关于民事审判工作情况的报告。重点是:财产权保护、人格权保护。\n"
            "拟安排在 5 月份常委会会议上听取和审议，有关准备工作由监察司法委员会、监察司法工委负责。\n"
            "二、专题调研（共 1 项）\n"
            "（一）围绕城乡绿化管理情况开展专题调研。\n专题调研报告在 9 月底完成，由城建环资工委负责组织和实施。")
    plan = parse_plan_text(text)
    assert [(s.number, s.heading, s.declared_count) for s in plan.sections] == [
        ("一、", "听取和审议“一府两院”专项工作报告", 12), ("二、", "专题调研", 1)]
    report = plan.sections[0].items[0]
    assert report.title == "听取和审议区法院关于民事审判工作情况的报告"
    assert report.focus == "财产权保护、人格权保护。"
    assert report.reporting_bodies == ["区法院"]
    research = plan.sections[1].items[0]
    assert research.timing["timing_kind"] == "deadline" and not research.to_standing_meeting
    assert research.reporting_bodies == []  # the committee studies it; nobody reports


def test_plans_without_sections_and_items_titled_by_their_heading():
    text = ("某某区人大常委会2024年度讨论决定重大事项工作计划\n"
            "一、审议《某某区国土总体规划（2021-2035）（草案）》\n"
            "拟安排在 5 月份常委会会议上审议，由城建环资工委负责。\n"
            "二、听取和审议区政府关于 2024 年区本级预算调整方案的报告\n本议题根据区政府的提请而定。")
    plan = parse_plan_text(text)
    assert plan.kind == "major_matters" and len(plan.sections) == 1 and plan.sections[0].heading == ""
    first, second = plan.items()
    assert first.title == "审议《某某区国土总体规划（2021-2035）（草案）》"
    assert first.reporting_bodies == ["区政府"]  # a draft comes from the government unless said otherwise
    assert first.sources["reporting_bodies"].endswith("推定为政府提请）")
    assert second.timing["timing_kind"] == "undetermined"


def test_kind_and_year_from_the_preamble_when_the_title_is_missing():
    plan = parse_plan_text("常委会 2024 年监督工作计划具体安排如下：\n一、专题调研\n（一）围绕河湖治理开展专题调研。")
    assert (plan.kind, plan.year) == ("supervision", 2024)


# --- text from a PDF ------------------------------------------------------------------------------------------------


def test_pdf_lines_are_joined_and_a_page_header_inside_a_paragraph_is_dropped():
    focus = ("落实民法典新规定新精神新理念，在财产权保护、人格权保护、知识产权保护、生态环境保护等重点领域中"
             "正确贯彻实施民法典。")
    text = pdf_text(
        TITLE, "一、听取和审议“一府两院”专项工作报告（共 2 项）",
        "（一）听取和审议区法院关于全面推进民法典实施加强民事审判工作情况的报告。重点是：" + focus,
        "拟安排在 5 月份常委会会议上听取和审议，有关准备工作由监察司法委员会、监察司法工委负责。",
        "（二）听取和审议区检察院关于未成年人检察工作情况的报告。",
        "拟安排在 7 月份常委会会议上听取和审议，有关准备工作由监察司法工委负责。",
    )
    lines = text.split("\n")
    broken = next(i for i, line in enumerate(lines) if line.startswith("人格权保护") or "知识产权保护" in line)
    lines[broken:broken] = ["", TITLE, "", "－ 2 －", ""]  # the page turns inside the focus
    first, second = parse_plan_text("\n".join(lines)).items()
    assert first.focus == focus
    assert first.title == "听取和审议区法院关于全面推进民法典实施加强民事审判工作情况的报告"
    assert first.timing["start_month"] == 5 and second.timing["start_month"] == 7
    assert second.leads == ["监察司法工委"]


def test_a_footnote_and_its_marker_are_dropped():
    paras = paragraphs(pdf_text(
        TITLE, "四、对区政府工作部门开展满意度测评（共 2 项）",
        "听取和审议区政府工作部门（区教育局、区民宗局2）关于 2023 年度政府工作目标任务完成情况的报告。",
        "拟安排在 12 月份常委会会议上听取和审议，有关准备工作由各对口联系工委负责。",
    ) + "\n\n                    \n2 附： 如遇机构改革，以上级机构改革方案为准另行调整。\n")
    assert any("区民宗局）关于" in p for p in paras)
    assert not any("附：" in p for p in paras)


def test_a_repeated_title_is_a_page_header_not_another_plan():
    text = f"{TITLE}\n一、专题调研\n（一）围绕河湖治理开展专题调研。\n{TITLE}\n（二）围绕托育服务开展专题调研。"
    assert len(split_documents(text)) == 1
    assert [i.title for i in parse_plan_text(text).items()] == ["围绕河湖治理开展专题调研", "围绕托育服务开展专题调研"]


def test_several_plans_in_one_text():
    text = ("某某区人大常委会2024年度工作要点\n一、加强自身建设\n1.加强机关建设。坚持学习。\n"
            "某某区人大常委会2024年度代表工作计划\n一、服务代表\n（一）加强代表培训。组织学习。")
    first, second = (parse_plan_text(d) for d in split_documents(text))
    assert (first.kind, second.kind) == ("work_points", "deputy_work")
    assert first.items()[0].forms == ["self_building"] and second.items()[0].forms == ["deputy_work"]


# --- Word files -------------------------------------------------------------------------------------------------------


def test_docx_text_reads_paragraphs_and_tables_in_order():
    document = Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "序号", "事项", "时间"
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "1", "听取和审议县政府关于…的报告", "5月"
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "以上各项由财经工委负责"
    document.add_paragraph("二、执法检查")
    data = io.BytesIO()
    document.save(data)
    assert docx_text(data.getvalue()).split("\n") == [
        TITLE, "序号", "事项", "时间", "1", "听取和审议县政府关于…的报告", "5月", "以上各项由财经工委负责",
        "二、执法检查"]


# --- the same matter in several plans ------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("听取和审议区政府关于 2022 年度预算执行和其他财政收支的审计工作报告",
     "听取和审议区政府关于 2022 年区级预算执行和其他财政收支的审计工作报告"),
    ("听取和审议区政府关于白云区国民经济和社会发展第十四个五年规划实施情况中期评估的报告",
     "听取和审议白云区国民经济和社会发展第十四个五年规划实施情况中期评估的报告"),
    ("听取和审议区政府关于白云区 2024 年民生实事候选项目安排情况的报告",
     "听取和审议区政府关于 2024 年民生实事候选项目安排情况的报告"),
    ("听取和审议区政府关于 2022 年区级决算草案的报告，审查和批准 2022 年区级决算草案",
     "听取和审议区政府关于 2022 年区级决算草案的报告"),
])
def test_same_matter(a, b):
    assert same_matter(a, b) and same_matter(b, a)


@pytest.mark.parametrize("a, b", [
    ("听取区政府关于 2023 年民生实事项目推进情况的报告", "听取和审议区政府关于 2023 年民生实事项目完成情况的报告"),
    ("听取和审议区政府关于 2023 年上半年预算执行情况的报告",
     "听取和审议区政府关于 2023 年预算执行情况和 2024 年预算草案的报告"),
    ("听取和审议区政府关于 2022 年度法治政府建设情况的报告", "听取和审议区政府关于 2023 年度法治政府建设情况的报告"),
    ("听取和审议区政府关于 2022 年度国有资产管理情况的综合报告",
     "听取和审议区政府关于 2022 年度行政事业性国有资产管理情况的专项报告"),
    ("审议区政府关于办理代表提出的《关于推动高质量发展的专题议案》的实施方案",
     "听取和审议区政府关于落实《关于推动高质量发展的专题议案》实施方案情况的报告"),
    ("加强代表培训", "加强代表联络"),
])
def test_different_matters(a, b):
    assert not same_matter(a, b) and not same_matter(b, a)


class Matter:
    def __init__(self, title):
        self.title = title


def test_matters_a_paragraph_names_are_linked_and_no_others():
    held = {key: Matter(title) for key, title in {
        "tuijin": "听取区政府关于 2023 年民生实事项目推进情况的报告",
        "wancheng": "听取和审议区政府关于 2023 年民生实事项目完成情况的报告",
        "ceping": "对 2023 年区十件民生实事项目完成情况开展满意度测评",
        "yiliao": "听取和审议区政府关于“好医疗”工程推进情况的报告",
        "nongye": "围绕加快推进我区现代都市农业示范区建设开展专题调研",
        "jiaoshi": "听取和审议区政府关于优化教师队伍结构，全面提升区域师资水平情况的报告",
    }.items()}
    item = only_item(
        "某某区人大常委会2023年度工作要点\n一、依法履职\n9.围绕群众急难愁盼问题开展监督。听取和审议区政府关于推进“好医疗”工程等报告。"
        "围绕现代都市农业示范区建设情况开展专题调研。"
        "听取和审议区政府关于 2023 年民生实事项目推进情况的报告以及完成情况的报告，并逐项开展满意度测评。")
    links = find_links(item, held.values())
    assert links["same"] is None
    keys = {key for key, matter in held.items() if any(m is matter for _, m in links["mentioned"])}
    assert keys == {"yiliao", "nongye", "tuijin", "wancheng", "ceping"}
    assert dict((held_key, w) for w, m in links["mentioned"] for held_key in held if held[held_key] is m)[
        "wancheng"] == "听取和审议区政府关于完成情况的报告，并逐项开展满意度测评"
