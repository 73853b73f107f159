"""Earlier years' suggestions for the Baiyun demo (issue 22 §1): 2021 and 2022, 40 each, so that the 相似建议
panel and the threads (连续多年提出) have something to find.

- Reworded repeats: for some 2023 session suggestions (those whose title is one of REWORDED's), the same
  deputy group's 镇街 raised the same matter in 2022 (all of them) and in 2021 (every other one), in other
  words (REWORDED: another title and background). These are the "true earlier suggestions" of the labelled set
  (tests/deputies/data/similar_pairs.json).
- Unrelated ones on the same topics: the rest, titles of the demo's topics in other 镇街, with the 2023 wording
  style (names.TOPICS).
- One thread across the three years (长者饭堂 or the first repeat), under 专项跟踪督办 by 社会建设工委 with a
  progress note.

Everything here uses its own random stream and runs after the 2023 rows exist, so every 2023 row, id and figure
stays as it was. Proposers are serving deputies who co-sign nothing (the portal demo's choice of deputy-demo,
deputies/demo/accounts.py, counts co-signatures and stays the same); earlier rows have no co-signers.
"""

import random
from datetime import date, timedelta

from django.db.models import Q

from deputies.demo.names import REPLY_TEXTS, SATISFIED_COMMENTS, TOPICS, UNSATISFIED_COMMENTS
from deputies.demo.steps import Steps
from deputies.models import (
    CongressSession,
    Signature,
    Suggestion,
    SuggestionThread,
    ThreadMember,
    ThreadProgressNote,
    ThreadSupervision,
)
from deputies.models.suggestions import FeedbackResult

SEED = 2122
PER_YEAR = 40
# year: (number, name, start, end, suggestions received); assumed dates (the term began 2021-10-01). The demo
# enters only a sample of each earlier session's suggestions: the announced counts (assumed, of the size real
# district sessions receive) say so, and the year-end summary does not compare 2023 with these years.
SESSIONS = {
    2021: (1, "区十七届人大一次会议", date(2021, 10, 26), date(2021, 10, 29), 186),
    2022: (2, "区十七届人大二次会议", date(2022, 1, 11), date(2022, 1, 14), 203),
}
# 2023 title template → (earlier title, earlier content): the same matter in other words. {town}: the 镇街.
REWORDED = {
    "关于优化{town}主干道交通组织、缓解高峰拥堵的建议": (
        "关于治理{town}主要道路上下班时段堵车问题的建议",
        "{town}主要道路上下班时段车流集中、通行缓慢，居民出行耗时长。建议交警部门调整红绿灯时长，改进路口渠化设计，分流过境车辆。"),
    "关于加快打通{town}断头路的建议": (
        "关于尽快贯通{town}未完工断头道路的建议",
        "{town}多条规划道路建成多年仍未接通，车辆绕行严重。建议加快征地拆迁，把断头道路贯通工程列入年度计划。"),
    "关于在{town}增设公交线路和站点的建议": (
        "关于开通{town}社区微循环公交、加密班次的建议",
        "{town}部分村居离公交站点较远，班次稀少，群众乘车难。建议新开社区微循环公交，增设站点并加密发车班次。"),
    "关于完善{town}道路交通安全设施的建议": (
        "关于在{town}路口加装红绿灯和减速带等安全设施的建议",
        "{town}部分路口缺少红绿灯、减速带和人行横道标线，存在安全隐患。建议排查隐患路口，补齐信号灯、护栏和警示标志。"),
    "关于加强{town}电动自行车停放管理的建议": (
        "关于规范{town}地铁口电动车乱停乱放的建议",
        "{town}地铁口和商业街电动车随意停放，占用人行道。建议划设电动车停放区，加强劝导和执法。"),
    "关于增加{town}公办学位供给的建议": (
        "关于解决{town}适龄儿童公办学校入学难的建议",
        "{town}新建住宅小区入住人口多，公办中小学学位紧张，不少孩子只能读民办学校。建议扩建现有学校，新增公办学位。"),
    "关于加快{town}新建小学建设进度的建议": (
        "关于推动{town}规划小学项目早日动工的建议",
        "{town}规划的小学用地闲置多年迟迟未开工。建议落实建设资金，倒排工期，争取早日建成招生。"),
    "关于推进{town}普惠性幼儿园建设的建议": (
        "关于增加{town}公办和普惠幼儿园学位、减轻家长负担的建议",
        "{town}幼儿园收费偏高、普惠学位不足，家长负担重。建议新建公办幼儿园，扶持民办园转为普惠园。"),
    "关于改善{town}中小学校园周边环境的建议": (
        "关于整治{town}学校门口交通拥堵和流动摊贩的建议",
        "{town}中小学放学时校门口车辆拥堵、流动摊贩聚集。建议设置接送车位，清理学校门口无证摊档。"),
    "关于提升{town}中小学课后服务质量的建议": (
        "关于丰富{town}中小学放学后托管课程的建议",
        "{town}学校放学后托管以看管作业为主，内容单一。建议引入体育、艺术等社会资源，丰富托管课程。"),
    "关于在{town}增设长者饭堂的建议": (
        "关于解决{town}老人吃饭难、多办长者饭堂的建议",
        "{town}独居和高龄老人多，做饭不便，现有助餐点少。建议在村居多办长者饭堂和助餐配餐点，提供送餐上门服务。"),
    "关于推进{town}社区居家养老服务的建议": (
        "关于完善{town}居家养老上门照护服务的建议",
        "{town}老人大多愿意在家养老，但上门照护服务供给少。建议建设综合养老服务中心，发展上门助洁助浴服务。"),
    "关于加强{town}农村留守老人关爱服务的建议": (
        "关于关心关爱{town}农村独居留守老年人的建议",
        "{town}农村青壮年外出务工，留下老人无人照料。建议建立定期探访制度，组织志愿者结对帮扶留守老人。"),
    "关于推进{town}医养结合服务的建议": (
        "关于推动{town}养老院和医院签约合作的建议",
        "{town}养老院缺少医疗服务，老人看病要往返医院。建议推动社区卫生服务中心与养老院签约，提供医疗巡诊。"),
    "关于加快{town}农村生活污水治理的建议": (
        "关于完善{town}村居污水收集处理设施的建议",
        "{town}部分自然村生活污水直排沟渠，污染水环境。建议加快铺设村内污水管网，建设分散式处理设施。"),
    "关于整治{town}河涌黑臭水体的建议": (
        "关于治理{town}河涌水质发黑发臭的建议",
        "{town}河涌夏季发黑发臭，周边居民意见大。建议截污清淤，开展补水活水，落实河长巡河责任。"),
    "关于加强{town}雨季内涝防治的建议": (
        "关于解决{town}暴雨后道路积水水浸街的建议",
        "{town}每逢暴雨低洼路段严重积水，车辆受损、居民出行受阻。建议改造排水管网，增设排涝泵站。"),
    "关于推进{town}生活垃圾分类工作的建议": (
        "关于提高{town}小区垃圾分类投放准确率的建议",
        "{town}小区垃圾投放点设置不合理，混投混运仍然存在。建议优化投放点位，加强督导宣传。"),
    "关于增加{town}口袋公园和绿地的建议": (
        "关于利用{town}边角地建设小游园的建议",
        "{town}人口密集，居民休闲绿地少。建议利用闲置边角地块建设小微绿地，配套座椅和健身器材。"),
    "关于加强{town}餐饮油烟治理的建议": (
        "关于整治{town}饭店油烟扰民问题的建议",
        "{town}部分餐馆油烟直排，影响周边住户。建议督促安装油烟净化设备，定期检查清洗。"),
    "关于推进{town}老旧小区微改造的建议": (
        "关于加快{town}旧小区改造、加装电梯的建议",
        "{town}老旧小区管线老化、缺少电梯，老人上下楼困难。建议加快旧小区改造，简化加装电梯审批。"),
    "关于改造提升{town}农贸市场的建议": (
        "关于升级改造{town}老旧肉菜市场的建议",
        "{town}肉菜市场设施陈旧、地面湿滑、卫生差。建议对市场升级改造，规范摊位管理。"),
    "关于提升{town}社区卫生服务中心服务能力的建议": (
        "关于加强{town}社区医院设备和科室建设的建议",
        "{town}社区医院科室少、检查设备不足，群众小病也要去大医院。建议增配检查设备，增设专科门诊。"),
    "关于发展壮大{town}村级集体经济的建议": (
        "关于增加{town}村集体收入、盘活闲置物业的建议",
        "{town}不少村集体收入主要靠出租厂房，收入低且不稳定。建议盘活闲置物业，发展村级集体产业项目。"),
}
THREAD_NOTE = "2021—2023年连续三年提出，代表反映强烈（示例）。"
PROGRESS = "社会建设工委会同区民政局实地察看，已明确新增助餐点选址和开办时间表（示例）。"


def load_earlier_years(body, term, by, units, committees) -> None:
    """Add the 2021 and 2022 example suggestions and the demo thread (see the module's docstring)."""
    if CongressSession.objects.filter(body=body, term=term, number__in=[1, 2]).exists():
        return
    rng = random.Random(SEED)
    sessions = {year: CongressSession.objects.create(body=body, term=term, number=n, name=name, start_on=start,
                                                     end_on=end, suggestions_received=received)
                for year, (n, name, start, end, received) in SESSIONS.items()}
    by_title = {tpl.format(town="{town}"): topic for topic in TOPICS for tpl in topic[4]}
    towns = {}
    repeats = []  # (2023 suggestion, title template, town)
    rows = Suggestion.objects.filter(body=body, year=2023, session__isnull=False, is_example=True).order_by("number")
    for s in rows.select_related("lead_unit"):
        for tpl in REWORDED:
            head, tail = tpl.split("{town}")
            if s.title.startswith(head) and s.title.endswith(tail):
                town = s.title[len(head):len(s.title) - len(tail)]
                if (tpl, town) not in towns:
                    towns[tpl, town] = s
                    repeats.append((s, tpl, town))
                break
    repeats = repeats[:24]
    cosigning = Signature.objects.filter(suggestion__body=body, role=Signature.Role.COSIGNER).values("deputy_id")
    from deputies.models import Deputy

    pool = list(Deputy.objects.filter(body=body, status=Deputy.Status.SERVING, is_example=True)
                .exclude(Q(pk__in=cosigning)).order_by("pk"))
    groups = {}
    for d in pool:
        groups.setdefault(d.group.removesuffix("代表小组"), []).append(d)
    steps = Steps(body, by)
    made = {}  # (template, town) → [2021 row?, 2022 row]
    for year in (2021, 2022):
        session = sessions[year]
        plan = [(tpl, town, True) for i, (_, tpl, town) in enumerate(repeats) if year == 2022 or i % 2 == 0]
        while len(plan) < PER_YEAR:
            topic = rng.choice(TOPICS)
            tpl = rng.choice(topic[4])
            town = rng.choice(list(groups))
            if (tpl, town) not in towns and (tpl, town, False) not in plan:
                plan.append((tpl, town, False))
        rng.shuffle(plan)
        for number, (tpl, town, repeated) in enumerate(plan, start=1):
            topic = by_title[tpl]
            category, committee, lead = topic[0], topic[1], topic[2]
            if repeated:
                title, content = (part.format(town=town) for part in REWORDED[tpl])
                content = f"（示例数据）{content}"
            else:
                first, second = rng.sample(topic[6], 2) if len(topic[6]) > 1 else (topic[6][0], "加强督促检查")
                title = tpl.format(town=town)
                content = f"（示例数据）{town}{topic[5]}。为此建议：一是{first}；二是{second}。"
            proposer = rng.choice(groups.get(town) or pool)
            raised_on = session.start_on + timedelta(days=rng.randint(0, 3))
            s = steps.create_suggestion(title=title, raised_on=raised_on, proposer=proposer, year=year,
                                        session=session, number=number, content=content, category=category,
                                        committee=committees.get(committee), cosigners=())
            _handle(steps, rng, s, units[lead], raised_on, unsatisfied=repeated and rng.random() < 0.35)
            if repeated:
                made.setdefault((tpl, town), []).append(s)
    steps.save()
    _thread(body, by, repeats, made, committees)


def _handle(steps, rng, s, lead_unit, raised_on, unsatisfied):
    """Assigned a month after the session, signed, replied within the time, and the deputy's feedback."""
    assigned_on = raised_on + timedelta(days=35)
    steps.assign(s, assigned_on=assigned_on, lead_unit=lead_unit, co_units=[])
    steps.sign_for(s, lead_unit, signed_on=assigned_on + timedelta(days=2))
    replied_on = s.reply_due_on - timedelta(days=rng.randint(3, 25))
    reply_class = rng.choices("BCD", (3, 4, 2))[0] if unsatisfied else rng.choices("ABCD", (40, 38, 15, 7))[0]
    steps.reply(s, replied_on=replied_on, reply_class=reply_class, text=REPLY_TEXTS[reply_class])
    given_on = replied_on + timedelta(days=rng.randint(8, 25))
    if unsatisfied:
        steps.give_feedback(s, result=FeedbackResult.UNSATISFIED, comment=rng.choice(UNSATISFIED_COMMENTS),
                            given_on=given_on)
        second_on = given_on + timedelta(days=rng.randint(15, 30))
        steps.reply(s, replied_on=second_on, reply_class="B", text=REPLY_TEXTS["B"])
        steps.give_feedback(s, result=FeedbackResult.BASIC, comment="", given_on=second_on + timedelta(days=10))
        return
    result = FeedbackResult.SATISFIED if rng.random() < 0.7 else FeedbackResult.BASIC
    steps.give_feedback(s, result=result, comment=rng.choice(SATISFIED_COMMENTS), given_on=given_on)


def _thread(body, by, repeats, made, committees):
    """One thread over the three years: the first matter raised in 2021, 2022 and 2023 (长者饭堂 if it is)."""
    three = [(s, tpl, town) for s, tpl, town in repeats if len(made.get((tpl, town), [])) == 2]
    if not three:
        return
    s2023, tpl, town = next((r for r in three if "长者饭堂" in r[1]), three[0])
    rows = sorted([*made[tpl, town], s2023], key=lambda s: s.year)
    thread = SuggestionThread.objects.create(body=body, title=f"{town}：{REWORDED[tpl][0].format(town=town)}"
                                             .removesuffix("的建议").replace("关于", "", 1),
                                             note=THREAD_NOTE, created_by=by, is_example=True)
    ThreadMember.objects.bulk_create([ThreadMember(thread=thread, suggestion=s, added_by=by) for s in rows])
    committee = committees.get("社会建设工委") or next(iter(committees.values()))
    ThreadSupervision.objects.create(thread=thread, committee=committee, leader="常委会副主任 示例副主任",
                                     since=date(2023, 3, 1), requirement="每季度听取一次办理进展（示例）。",
                                     created_by=by)
    ThreadProgressNote.objects.create(thread=thread, on=date(2023, 6, 15), text=PROGRESS, author=by)


def index_demo(body) -> None:
    """The similarity index of the demo's suggestions (bulk-created, so no save() indexed them)."""
    from deputies.similar.index import rebuild_index

    rebuild_index(body)
