"""The Baiyun 2023 demo data says what the seed says, and the loader refuses what it cannot resolve."""

import re
import shutil
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_scopes import scope, scopes_disabled

from core.models import Body, Committee, ReportingBody
from meetings.models import AgendaItem, Meeting, MeetingKind
from plans.models import AnnualPlan, PlanEntry, PlanItem, PlanItemStatus, PlanKind, StatusChange, SupervisionForm
from plans.timing import TimingKind
from reports.demo import DEMO_DIR, DEMO_NOTE, FixtureError, load_body_dir, load_demo

SECOND_DIR = DEMO_DIR.parent / "example-second-body"
SEED = DEMO_DIR / "seed-000.txt"

DEPARTMENTS = [
    "区政府办", "区发展改革局", "区教育局", "区科工商信局", "区民政局", "区司法局", "区财政局",
    "区人力资源社会保障局", "区住房建设交通局", "区水务局", "区农业农村局", "区文化广电旅游体育局",
    "区卫生健康局", "区退役军人事务局", "区应急管理局", "区审计局", "区市场监管局", "区统计局",
    "区城市管理综合执法局", "区信访局", "区政务服务数据管理局", "区投资促进局", "区民宗局",
]


@pytest.fixture
def demo(baiyun):
    """The demo data as tests/conftest.py loaded it once for the session with load_demo()."""
    return baiyun


@pytest.fixture
def fresh_demo(empty_db):
    return load_demo()


def _plan(body, kind):
    return AnnualPlan.objects.get(body=body, kind=kind)


def _entries(body, kind):
    return list(PlanEntry.objects.filter(plan=_plan(body, kind)).select_related("item", "section").order_by("order"))


def _section(body, kind, prefix):
    return [e for e in _entries(body, kind) if e.section and e.section.heading.startswith(prefix)]


def _leads(item):
    return {r.committee.short_name for r in item.responsibilities.select_related("committee") if r.role == "lead"}


def _agenda(body, number):
    meeting = Meeting.objects.get(body=body, kind=MeetingKind.STANDING, number=number)
    return list(meeting.agenda_items.order_by("order"))


# --- meetings and agendas ------------------------------------------------------------------


def test_agenda_counts_per_meeting_in_seed_order(demo):
    counts = {n: len(_agenda(demo, n)) for n in range(12, 19)}
    assert counts == {12: 5, 13: 5, 14: 7, 15: 7, 16: 4, 17: 1, 18: 14}
    for n in range(12, 19):
        assert [a.order for a in _agenda(demo, n)] == list(range(1, counts[n] + 1))

    first_last = {
        12: ("审议区人大常委会 2023 年度工作要点草案", "审议代表辞职报告"),
        13: ("审议《广州市白云区国土总体规划（2021-2035）（草案）》",
             "听取和审议区政府关于技能人才培养工作情况的报告，并开展专题询问"),
        15: ("听取和审议区人大常委会执法检查组关于《中华人民共和国乡村振兴促进法》和《广东省乡村振兴促进条例》实施情况的报告",
             "听取区政府关于 2023 年民生实事项目推进情况的报告"),
        18: ("审议区人大常委会工作报告（稿）", "听取区人大常委会代表资格审查委员会关于代表出缺情况的报告"),
    }
    for n, (first, last) in first_last.items():
        agenda = _agenda(demo, n)
        assert (agenda[0].title, agenda[-1].title) == (first, last)


def test_meetings_months_dates_and_forms(demo):
    meetings = {m.number: m for m in Meeting.objects.filter(body=demo, kind=MeetingKind.STANDING, year=2023)}
    assert {n: m.planned_month for n, m in meetings.items()} == {12: 3, 13: 5, 14: 7, 15: 9, 16: 11, 17: 12, 18: 12}
    assert all(m.status == Meeting.Status.HELD and m.date.month == m.planned_month for m in meetings.values())
    assert str(meetings[12].date) == "2023-03-30" and not meetings[12].date_assumed
    assert all(meetings[n].date_assumed for n in range(13, 19))
    assert meetings[17].date != meetings[18].date  # two December meetings

    assert [a.form for a in _agenda(demo, 15)][-1] == AgendaItem.Form.HEAR  # 听取区政府关于…推进情况
    assert _agenda(demo, 13)[0].form == AgendaItem.Form.REVIEW
    # Work point 5: 专题询问 7 项 in the year.
    assert AgendaItem.objects.filter(meeting__body=demo, meeting__year=2023, has_inquiry=True).count() == 7

    chair = Meeting.objects.get(body=demo, kind=MeetingKind.CHAIRPERSONS)
    assert (chair.number, str(chair.date)) == (17, "2023-03-17")


def test_17th_meeting_hears_23_departments_in_one_item(demo):
    (item,) = _agenda(demo, 17)
    assert item.has_evaluation
    assert [r.name for r in item.reporting_bodies.order_by("order")] == DEPARTMENTS
    (matter,) = item.plan_items.all()
    assert matter.form == SupervisionForm.EVALUATION
    assert {e.plan.kind for e in matter.entries.all()} == {PlanKind.SUPERVISION, PlanKind.WORK_POINTS}


def test_agenda_items_without_plan_items_are_the_procedural_ones(demo):
    bare = {
        f"{a.meeting.number}-{a.order}"
        for a in AgendaItem.objects.filter(
            meeting__body=demo, meeting__year=2023, plan_items__isnull=True
        ).select_related("meeting")
    }
    procedural = {"12-1", "12-2", "12-3", "12-4", "12-5", "18-1"} | {f"18-{n}" for n in range(9, 15)}
    assert bare == procedural


# --- plans ---------------------------------------------------------------------------------


def test_research_items_have_deadlines_and_lead_committees(demo):
    research = _section(demo, PlanKind.SUPERVISION, "八、")
    assert [e.number for e in research] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
    items = [e.item for e in research]
    assert all(i.form == SupervisionForm.RESEARCH and i.timing_kind == TimingKind.DEADLINE for i in items)
    assert [i.end_month for i in items] == [7, 9, 9, 11, 11, 11]
    assert [i.timing.label() for i in items][:2] == ["7月底前", "9月底前"]
    assert [_leads(i) for i in items] == [
        {"农村农业工委"},
        {"城建环资委员会", "城建环资工委"},
        {"社会建设委员会", "社会建设工委"},
        {"财经委员会", "财经工委"},
        {"城建环资委员会", "城建环资工委"},
        {"教科文卫工委"},
    ]
    assert not any(i.to_standing_meeting or i.agenda_items.exists() for i in items)


def test_guotu_plan_is_one_matter_in_three_plans_and_on_the_13th_agenda(demo):
    (item,) = PlanItem.objects.filter(body=demo, title__contains="国土总体规划")
    entries = list(item.entries.select_related("plan"))
    assert len(entries) == 3
    assert {(e.plan.kind, e.number) for e in entries} == {
        (PlanKind.WORK_POINTS, "8"),
        (PlanKind.SUPERVISION, "（三）"),
        (PlanKind.MAJOR_MATTERS, "一"),
    }
    assert [f"{a.meeting.number}-{a.order}" for a in item.agenda_items.all()] == ["13-1"]
    assert item.form == SupervisionForm.MAJOR_MATTER and item.status == PlanItemStatus.REVIEWED
    # 工作要点 8 stays a matter of its own; the plan is referenced right after it, in its words.
    points = _entries(demo, PlanKind.WORK_POINTS)
    point8 = next(i for i, e in enumerate(points) if e.number == "8")
    assert "国土总体规划" in points[point8].item.focus and points[point8].item != item
    ref = points[point8 + 1]
    assert ref.item == item and ref.number == "8" and ref.section == points[point8].section
    assert ref.wording == "审议《广州市白云区国土总体规划（2021-2035）（草案）》"


# Matters each work point names explicitly and another plan defines: referenced right after it.
WORK_POINT_REFERENCES = {
    "6": ["shangbannian-jihua", "shisiwu-pinggu", "jihua-2024", "diaoyan-baiyunhu", "diaoyan-chuangye",
          "diaoyan-nongye"],
    "7": ["shangbannian-yusuan", "yusuan-2024", "nongcun-zijin", "shenji-baogao", "shenji-zhenggai",
          "shenji-zhenggai-xunwen", "juesuan", "guozi-zonghe", "xingzheng-guozi"],
    "8": ["guotu-guihua", "huanjing", "diaoyan-lvhua", "diaoyan-zhishui", "hao-zhufang", "xiangcun-zhenxing"],
    "9": ["hao-yiliao", "yanglao", "jiaoshi", "wenhua-sheshi", "jineng-rencai", "diaoyan-tuoyou",
          "minsheng-tuijin", "minsheng-wancheng", "minsheng-ceping", "minsheng-houxuan"],
    "10": ["fazhi-zhengfu", "minfadian", "weijian", "beian-shencha"],
    "14": ["yian-fangan", "yian-luoshi", "daibiao-jianyi"],
}


def _paragraphs_and_references(body):
    """Work points entries split into each number's first entry (the paragraph) and the rest (references)."""
    paragraphs, references, seen = [], [], set()
    for e in _entries(body, PlanKind.WORK_POINTS):
        (references if e.number in seen else paragraphs).append(e)
        seen.add(e.number)
    return paragraphs, references


def test_work_points(demo):
    entries = _entries(demo, PlanKind.WORK_POINTS)
    paragraphs, references = _paragraphs_and_references(demo)
    # 17 numbered paragraphs, in order; each paragraph's references follow it directly.
    assert [e.number for e in paragraphs] == [str(n) for n in range(1, 18)]
    assert [e.number for e in entries] == sorted((e.number for e in entries), key=int)
    assert paragraphs[0].item.title == "深入学习贯彻落实党的二十大精神"
    assert paragraphs[0].item.focus.startswith("坚持把深入学习贯彻落实党的二十大精神作为")
    assert paragraphs[16].item.title == "加强镇街人大建设"
    assert len({e.section_id for e in entries}) == 4
    # The paragraphs are matters of their own, except 11, which is the supervision plan's 四.
    supervision = _plan(demo, PlanKind.SUPERVISION)
    own = [e.number for e in paragraphs if e.item.entries.count() == 1]
    assert own == [str(n) for n in range(1, 18) if n != 11]
    (point11,) = [e for e in paragraphs if e.number == "11"]
    assert point11.item.entries.filter(plan=supervision, section__heading__startswith="四、").exists()
    # The references: the supervision plan's matters named by 6-10 and 14, once each.
    expected = {n: len(keys) for n, keys in WORK_POINT_REFERENCES.items()}
    assert {n: sum(e.number == n for e in references) for n in expected} == expected
    assert len(references) == sum(expected.values()) == 38 and len(entries) == 17 + 38
    assert len({e.item_id for e in entries}) == len(entries)
    by_number = {e.number: e for e in paragraphs}
    for ref in references:
        assert ref.item.entries.filter(plan=supervision).exists(), ref.wording
        assert ref.section == by_number[ref.number].section
        assert ref.wording, ref.item.title


def test_work_point_references_are_named_in_their_paragraph(demo):
    """Each reference's wording is words of its own paragraph, so of the seed too."""

    def norm(text):
        return re.sub(r"\s+", "", text)

    seed = norm(SEED.read_text(encoding="utf-8"))
    paragraphs, references = _paragraphs_and_references(demo)
    by_number = {e.number: e for e in paragraphs}
    for ref in references:
        paragraph = by_number[ref.number]
        assert norm(ref.wording) in norm(paragraph.item.focus), (ref.number, ref.wording)
        assert norm(ref.wording) in seed, ref.wording
    # The wording names the matter: the same matter as the key in the fixture.
    titles = {n: {e.item.title for e in references if e.number == n} for n in WORK_POINT_REFERENCES}
    assert "审议《广州市白云区国土总体规划（2021-2035）（草案）》" in titles["8"]
    assert "围绕我区城乡绿化管理情况开展专题调研" in titles["8"]
    assert "检查我区《中华人民共和国乡村振兴促进法》和《广东省乡村振兴促进条例》实施情况" in titles["8"]
    assert "围绕白云湖数字科技城规划建设情况开展专题调研" in titles["6"]


def test_work_point_fixture_references_match_the_expected_keys():
    data = tomllib.loads((DEMO_DIR / "plan-work-points.toml").read_text(encoding="utf-8"))
    refs = {}
    for section in data["sections"]:
        for entry in section["items"]:
            if "item" in entry and entry["number"] != "11":
                refs.setdefault(entry["number"], []).append(entry["item"])
    assert refs == WORK_POINT_REFERENCES


def test_major_matters(demo):
    entries = _entries(demo, PlanKind.MAJOR_MATTERS)
    assert [e.number for e in entries] == "一 二 三 四 五 六 七 八 九 十 十一".split()
    last = entries[-1].item
    assert last.timing_kind == TimingKind.UNDETERMINED and last.due_month is None
    assert last.timing_note == "本议题和上会时间根据区政府的提请而定"
    assert _leads(last) == {"财经委员会", "财经工委"}
    # 一 to 十 are the supervision plan's matters, not copies.
    supervision = _plan(demo, PlanKind.SUPERVISION)
    assert all(e.item.entries.filter(plan=supervision).exists() for e in entries[:10])
    assert not last.entries.filter(plan=supervision).exists()


def test_deputy_work_plan(demo):
    plan = _plan(demo, PlanKind.DEPUTY_WORK)
    assert (plan.adopted_at.kind, plan.adopted_at.number, str(plan.adopted_on)) == (
        MeetingKind.CHAIRPERSONS, 17, "2023-03-17"
    )
    entries = _entries(demo, PlanKind.DEPUTY_WORK)
    assert len(entries) == 20 and entries[0].number == "（一）" and entries[-1].number == "（二十）"
    assert all(e.item.form == SupervisionForm.DEPUTY_WORK for e in entries)
    # The seed numbers its sections 一 二 三 四 四 五 七; kept as written.
    headings = [s.heading[:2] for s in plan.sections.order_by("order")]
    assert headings == ["一、", "二、", "三、", "四、", "四、", "五、", "七、"]


def test_other_plans_adopted_at_the_12th_meeting(demo):
    for kind in (PlanKind.WORK_POINTS, PlanKind.SUPERVISION, PlanKind.MAJOR_MATTERS):
        plan = _plan(demo, kind)
        assert plan.status == AnnualPlan.Status.ADOPTED
        assert (plan.adopted_at.number, str(plan.adopted_on)) == (12, "2023-03-30")


def test_declared_section_counts(demo):
    plan = _plan(demo, PlanKind.SUPERVISION)
    sections = {s.heading[:2]: s for s in plan.sections.all()}
    # 一 12, 二 7, 三 2, 六 1, 七 8, 八 6: the items under the heading add up.
    for numeral, count in {"一、": 12, "二、": 7, "三、": 2, "六、": 1, "七、": 8, "八、": 6}.items():
        assert sections[numeral].declared_count == count
        assert sections[numeral].entries.count() == count, numeral
    # 四 (共 23 项) and 五 (共 10 项) count evaluation subjects, not items: one item each.
    (dept,) = sections["四、"].entries.all()
    assert dept.item.reporting_bodies.count() == sections["四、"].declared_count == 23
    assert sections["五、"].entries.count() == 1 and sections["五、"].declared_count == 10
    # 九 and 十 declare no count.
    assert sections["九、"].declared_count is None and sections["十、"].declared_count is None
    # Work point 5: 满意度测评 33 项 = 23 departments + 10 livelihood projects.
    assert sections["四、"].declared_count + sections["五、"].declared_count == 33


def test_responsibility_as_written(demo):
    by_title = {i.title: i for i in PlanItem.objects.filter(body=demo)}
    item = by_title["听取区政府关于 2023 年民生实事项目推进情况的报告"]  # 牵头，各相关工委分工落实
    assert _leads(item) == {"社会建设委员会", "社会建设工委"} and item.all_committees_help
    motion = by_title["听取和审议区政府关于落实《关于推动白云区高质量发展的专题议案》实施方案情况的报告"]
    assert _leads(motion) == {"办公室", "财经工委", "选联工委"} and motion.all_committees_help
    follow = by_title["跟踪监督常委会有关审议意见落实情况"]
    assert follow.timing_kind == TimingKind.YEAR and follow.form == SupervisionForm.FOLLOW_UP


def test_statuses_follow_held_meetings(demo):
    items = PlanItem.objects.filter(body=demo)
    for item in items:
        on_agenda = item.agenda_items.exists()
        assert item.status == (PlanItemStatus.REVIEWED if on_agenda else PlanItemStatus.NOT_STARTED), item.title
        changes = list(StatusChange.objects.filter(item=item))
        assert len(changes) == (1 if on_agenda else 0)
        if changes:
            assert changes[0].note == DEMO_NOTE and changes[0].to_status == PlanItemStatus.REVIEWED
            assert changes[0].by.username == "office"
            assert changes[0].at.date() == max(a.meeting.date for a in item.agenda_items.all())
    assert items.filter(status=PlanItemStatus.REVIEWED).exists()


def test_fixture_texts_are_the_seeds_words():
    """Every title, focus, wording and heading occurs in the seed (ignoring the PDF's line breaks)."""

    def norm(text):
        return re.sub(r"\s+", "", text)

    seed = norm(SEED.read_text(encoding="utf-8"))
    seed = seed.replace("区民宗局1）", "区民宗局）").replace("区民宗局2）", "区民宗局）")  # footnote marks
    texts = []
    for file in sorted(DEMO_DIR.glob("*.toml")):
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        for meeting in data.get("meetings", []):
            texts += [(file.name, a["title"]) for a in meeting.get("agenda", [])]
        for section in data.get("sections", []):
            texts.append((file.name, section["heading"]))
        entries = data.get("items", []) + [i for s in data.get("sections", []) for i in s.get("items", [])]
        for entry in entries:
            texts += [(file.name, entry[k]) for k in ("title", "focus", "wording", "timing_note") if entry.get(k)]
    assert len(texts) > 150
    missing = [(f, t[:40]) for f, t in texts if norm(t) not in seed]
    assert not missing


# --- users ---------------------------------------------------------------------------------


def test_demo_users(demo):
    users = {u.username: u for u in get_user_model().objects.filter(body_memberships__body=demo)}
    assert set(users) == {"admin", "office", "director", "lead-caijing", "lead-shehui", "deputy-demo", "unit-demo"}
    # The body's administrator is a role, not a superuser: superusers belong to no body.
    assert not users["admin"].is_superuser and not users["admin"].is_staff
    platform = get_user_model().objects.get(username="platform")
    assert platform.is_superuser and not platform.body_memberships.exists()
    assert not users["office"].is_staff and not users["office"].is_superuser
    expected_group = {"admin": "系统管理员", "office": "办公室", "director": "主任会议成员",
                      "lead-caijing": "委员会成员", "lead-shehui": "委员会成员",
                      "deputy-demo": "人大代表", "unit-demo": "承办单位联系人"}
    for name, user in users.items():
        assert user.check_password("renda-demo")
        assert list(user.groups.values_list("name", flat=True)) == [expected_group[name]]
        assert list(user.body_memberships.values_list("body", flat=True)) == [demo.pk]
        # Staff demo accounts say so; the portal ones carry the example deputy's or unit's name.
        assert user.first_name.endswith("演示账号") or name in ("deputy-demo", "unit-demo")
    leads = {u: [(m.committee.short_name, m.role) for m in users[u].committee_memberships.all()]
             for u in ("lead-caijing", "lead-shehui")}
    assert leads == {"lead-caijing": [("财经工委", "lead")], "lead-shehui": [("社会建设工委", "lead")]}


# --- the command ---------------------------------------------------------------------------


def test_command_refuses_without_debug(empty_db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="调试模式"):
        call_command("load_demo")
    assert not Body.objects.exists()


def test_command_loads_once_and_if_empty_skips(empty_db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "已载入演示数据：广州市白云区人大常委会" in out.getvalue()
    assert "lead-caijing" in out.getvalue()
    with pytest.raises(CommandError, match="已存在"):
        call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "已存在" in out.getvalue()
    assert Body.objects.count() == 1


# --- broken fixtures -----------------------------------------------------------------------


def _broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "broken"
    shutil.copytree(DEMO_DIR, target)
    text = (target / file).read_text(encoding="utf-8")
    assert old in text
    (target / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("plan-supervision.toml", 'leads = ["教科文卫工委"]', 'leads = ["教科卫工委"]', "找不到委员会“教科卫工委”"),
        ("plan-supervision.toml", 'agenda = "16-4"', 'agenda = "16-5"', "找不到议题“16-5”"),
        ("plan-major-matters.toml", 'item = "juesuan"', 'item = "juesuan-2022"', "尚未定义"),
        ("body.toml", '"plan-supervision.toml",\n  "plan-major-matters.toml",',
         '"plan-major-matters.toml",\n  "plan-supervision.toml",', "尚未定义"),
        ("meetings.toml", 'reporting_bodies = ["区检察院"]', 'reporting_bodies = ["区检查院"]', "找不到报告单位"),
        ("committees.toml", 'paired_with = "财经工委"', 'paired_with = "财政工委"', "找不到委员会“财政工委”"),
        ("plan-supervision.toml", "declared_count = 6", "declared_count = 5", "共 6 项"),
        ("meetings.toml", "  form = \"听取\"\n", "  form = \"审议\"\n", "以“听取”开头"),
    ],
)
def test_broken_fixture_names_file_and_entry_and_leaves_nothing(empty_db, tmp_path, file, old, new, message):
    broken = _broken_copy(tmp_path, file, old, new)
    with pytest.raises(FixtureError, match=message) as error:
        load_body_dir(broken)
    text = str(error.value)
    if file != "body.toml":
        assert file in text
    with scopes_disabled():
        assert not Body.objects.exists()
        assert not Committee.objects.exists() and not Meeting.objects.exists() and not PlanItem.objects.exists()


# --- a second body -------------------------------------------------------------------------


def test_second_body_loads_beside_baiyun_and_stays_apart(fresh_demo):
    demo = fresh_demo
    second = load_body_dir(SECOND_DIR)
    assert second.name == "示例市示例区人大常委会"
    with scope(body=second):
        assert PlanItem.objects.count() == 3
        assert Meeting.objects.count() == 2
        assert AgendaItem.objects.count() == 4
        assert {c.short_name for c in Committee.objects.all()} == {"示例区综合办", "示例区预算工委", "示例区民生工委"}
        reviewed = PlanItem.objects.filter(status=PlanItemStatus.REVIEWED)
        assert [i.title for i in reviewed] == ["听取和审议示例区人民政府关于城区内涝治理工作情况的报告"]
    with scope(body=demo):
        assert not PlanItem.objects.filter(title__contains="示例区").exists()
        assert not ReportingBody.objects.filter(name__contains="示例区").exists()
    # No Baiyun name hides inside a second-body name, so a leak cannot pass for the body's own text.
    with scopes_disabled():
        baiyun_names = [c.name for c in Committee.objects.filter(body=demo)] + [
            r.name for r in ReportingBody.objects.filter(body=demo)
        ]
        second_texts = [c.name for c in Committee.objects.filter(body=second)] + [
            i.title for i in PlanItem.objects.filter(body=second)
        ]
    assert not [n for n in baiyun_names if len(n) >= 4 and any(n in t for t in second_texts)]
