"""Demo supervision data for Baiyun: 2022 opinions followed in 2023, opinions of 2023, the 2023
乡村振兴 inspection, inquiries, and the ten 2023 livelihood projects. Everything is 示例数据.

Called at the end of reports.demo.load_demo() (inside its transaction, scopes disabled).
"""

from datetime import date

from core.models import Committee, ReportingBody, Term
from meetings.models import AgendaItem, Meeting, MeetingKind
from plans.models import PlanItem, SupervisionForm
from supervision.models import Inspection, LivelihoodProject, Rectification, ReviewOpinion, SpecialInquiry
from supervision.opinions import add_months, default_committee, opinion_due_on

DEMO = "示例数据"


# 2022 reports the 2023 plan's section 十 follows: (meeting number, title, reporting body, committee, responded on).
# Meetings and dates are illustrative: the 2022 schedule is not among the seed documents.
FOLLOWED_2022 = [
    (7, "听取和审议区人大常委会执法检查组关于《中华人民共和国文物保护法》实施情况的报告", "区政府", "教科文卫工委", date(2022, 7, 20)),
    (7, "听取和审议区人大常委会执法检查组关于《中华人民共和国未成年人保护法》实施情况的报告", "区政府", "社会建设工委", date(2022, 7, 28)),
    (7, "听取和审议区人大常委会执法检查组关于新修订的《广州市绿化条例》实施情况的报告", "区政府", "城建环资工委", None),
    (7, "听取和审议区政府关于 2021 年度法治政府建设情况的报告", "区政府", "监察司法工委", date(2022, 7, 15)),
    (7, "听取和审议区政府关于 2021 年度环境状况和环境保护目标完成情况的报告", "区政府", "城建环资工委", date(2022, 8, 1)),
    (8, "听取和审议区政府关于城乡规划实施情况的报告", "区政府", "城建环资工委", None),
    (8, "听取和审议区政府关于创新劳动关系协调机制，构建新型和谐稳定劳动关系情况的报告", "区政府", "社会建设工委", date(2022, 9, 30)),
    (8, "听取和审议区政府关于“三资”平台运作情况的报告", "区政府", "农村农业工委", date(2022, 10, 10)),
    (8, "听取和审议区政府关于打造白云“双减”工作样板，推进“好教育”工程情况的报告", "区政府", "教科文卫工委", date(2022, 10, 12)),
    (8, "听取和审议区政府关于“好文化”工程推进情况的报告", "区政府", "教科文卫工委", None),
    (8, "听取和审议区政府关于 2022 年上半年国民经济和社会发展计划执行情况的报告", "区政府", "财经工委", date(2022, 9, 20)),
    (8, "听取和审议区政府关于 2022 年上半年预算执行情况的报告", "区政府", "财经工委", date(2022, 9, 20)),
    (9, "听取和审议区政府关于 2021 年度国有资产管理情况的综合报告", "区政府", "财经工委", date(2022, 12, 5)),
    (9, "听取和审议区政府关于 2021 年度企业国有资产管理情况的专项报告", "区政府", "财经工委", None),
    (9, "听取和审议区法院关于推进民事诉讼程序繁简分流改革试点工作情况的报告", "区法院", "监察司法工委", date(2022, 12, 1)),
    (9, "听取和审议区检察院关于积极推进行政执法与刑事司法衔接工作情况的报告", "区检察院", "监察司法工委", None),
]
MEETINGS_2022 = {7: date(2022, 5, 26), 8: date(2022, 7, 28), 9: date(2022, 9, 29)}

LIVELIHOOD_2023 = [
    ("新增公办幼儿园学位", "区教育局", "教科文卫工委"),
    ("新建和改扩建中小学", "区教育局", "教科文卫工委"),
    ("建设长者饭堂和社区居家养老服务网点", "区民政局", "社会建设工委"),
    ("完善基层医疗卫生服务设施", "区卫生健康局", "教科文卫工委"),
    ("老旧小区微改造", "区住房建设交通局", "城建环资工委"),
    ("农村生活污水治理提质增效", "区水务局", "城建环资工委"),
    ("新建和改造农贸市场", "区市场监管局", "财经工委"),
    ("技能人才培训和就业帮扶", "区人力资源社会保障局", "社会建设工委"),
    ("建设口袋公园和绿道", "区城市管理综合执法局", "城建环资工委"),
    ("村级道路和农村公路提升", "区农业农村局", "农村农业工委"),
]


def _committee(body, short_name):
    return Committee.objects.filter(body=body, short_name=short_name).first()


def _reporting_body(body, name):
    return ReportingBody.objects.filter(body=body, name=name).first()


def load_followup_demo(body) -> None:
    """2022 meetings and opinions, linked to the 2023 跟踪监督 item; then the rest of the demo."""
    term = Term.objects.filter(body=body, number=17).first()
    follow_up = PlanItem.objects.filter(body=body, year=2023, form=SupervisionForm.FOLLOW_UP).first()
    if term is None or follow_up is None:
        return
    meetings = {}
    for number, day in MEETINGS_2022.items():
        meetings[number], _ = Meeting.objects.get_or_create(
            term=term, kind=MeetingKind.STANDING, number=number,
            defaults={"body": body, "year": 2022, "planned_month": day.month, "date": day, "date_assumed": True,
                      "status": Meeting.Status.HELD, "place": f"区人大常委会会议室（{DEMO}）"},
        )
    orders: dict[int, int] = {}
    for number, title, reporter, committee_name, responded in FOLLOWED_2022:
        meeting = meetings[number]
        orders[number] = orders.get(number, 0) + 1
        item, _ = AgendaItem.objects.get_or_create(meeting=meeting, title=title, defaults={"order": orders[number]})
        committee = _committee(body, committee_name)
        reporter_body = _reporting_body(body, reporter)
        if committee:
            item.committees.add(committee)
        if reporter_body:
            item.reporting_bodies.add(reporter_body)
        if ReviewOpinion.objects.filter(agenda_item=item).exists():
            continue
        sent = add_months(meeting.date, 0).replace(day=min(meeting.date.day + 14, 28)) if meeting.date.day < 14 else add_months(meeting.date, 1).replace(day=5)
        opinion = ReviewOpinion.objects.create(
            agenda_item=item, reporting_body=reporter_body, committee=committee, sent_on=sent,
            due_on=opinion_due_on(body, sent), response_on=responded,
            assessment=ReviewOpinion.Assessment.SATISFIED if responded and responded.day % 2 == 0
            else (ReviewOpinion.Assessment.BASIC if responded else ""),
            text=f"（{DEMO}）常委会组成人员审议认为……建议：一是……；二是……；三是……。",
            assessment_note=f"{DEMO}" if responded else "",
        )
        opinion.followed_by.add(follow_up)
        if responded and opinion.assessment == ReviewOpinion.Assessment.BASIC:
            Rectification.objects.create(
                body=body, source=Rectification.Source.OPINION, opinion=opinion, reporting_body=reporter_body,
                committee=committee, what=f"（{DEMO}）落实审议意见中尚未到位的事项", due_on=add_months(responded, 3),
            )
    load_2023_demo(body)
    ensure_livelihood_demo(body)


def load_2023_demo(body) -> None:
    """Opinions of the 13th and 14th meetings, the 乡村振兴 inspection and the year's inquiries."""
    opinions = []  # plain rows: one insert for all
    for number in (13, 14):
        meeting = Meeting.objects.filter(body=body, kind=MeetingKind.STANDING, year=2023, number=number).first()
        if meeting is None or meeting.date is None:
            continue
        for item in meeting.agenda_items.filter(form__in=[AgendaItem.Form.HEAR_AND_REVIEW]).order_by("order"):
            if ReviewOpinion.objects.filter(agenda_item=item).exists():
                continue
            sent = add_months(meeting.date, 0).replace(day=min(meeting.date.day + 3, 28))
            responded = add_months(sent, 1) if item.order % 2 == 0 else None
            opinions.append(ReviewOpinion(
                agenda_item=item, committee=default_committee(item),
                reporting_body=item.reporting_bodies.order_by("order").first(), sent_on=sent,
                due_on=opinion_due_on(body, sent), response_on=responded,
                text=f"（{DEMO}）常委会组成人员审议认为……建议：……。",
            ))
    ReviewOpinion.objects.bulk_create(opinions)
    rural = AgendaItem.objects.filter(meeting__body=body, meeting__year=2023, meeting__number=15,
                                      meeting__kind=MeetingKind.STANDING, order=1).first()
    if rural and not Inspection.objects.filter(body=body, year=2023).exists():
        Inspection.objects.create(
            body=body, year=2023, title="《中华人民共和国乡村振兴促进法》和《广东省乡村振兴促进条例》执法检查",
            laws="中华人民共和国乡村振兴促进法\n广东省乡村振兴促进条例",
            team=f"区人大常委会副主任（组长）\n农村农业工委委员\n（{DEMO}）",
            deputies_invited=f"区人大代表 5 名（{DEMO}）",
            start_on=date(2023, 6, 1), end_on=date(2023, 8, 15), report_agenda_item=rural,
            plan_item=PlanItem.objects.filter(body=body, year=2023, form=SupervisionForm.INSPECTION).first(),
        )
    for item in AgendaItem.objects.filter(meeting__body=body, meeting__year=2023, has_inquiry=True):
        SpecialInquiry.objects.get_or_create(agenda_item=item, defaults={
            "askers": f"常委会组成人员 4 名\n区人大代表 2 名\n（{DEMO}）",
            "officials": f"{item.reporting_bodies.order_by('order').values_list('name', flat=True).first() or '区政府'}"
                         f"主要负责人\n相关部门负责人（{DEMO}）",
            "question_count": 6, "note": DEMO,
        })


def ensure_livelihood_demo(body) -> None:
    """The ten 2023 livelihood projects (titles illustrative: the seed does not list them)."""
    if LivelihoodProject.objects.filter(body=body, year=2023).exists():
        return
    LivelihoodProject.objects.bulk_create([
        LivelihoodProject(body=body, year=2023, number=number, title=f"{title}（{DEMO}）",
                          department=_reporting_body(body, department), committee=_committee(body, committee))
        for number, (title, department, committee) in enumerate(LIVELIHOOD_2023, start=1)
    ])


def load_supervision_demo(body) -> None:
    """Satisfaction evaluations with example counts (supervision/demo/evaluations.py); the ten 2023
    livelihood projects are made first (ensure_livelihood_demo) so the 18th meeting can evaluate them."""
    from supervision.demo.evaluations import load_evaluations_demo

    ensure_livelihood_demo(body)
    load_evaluations_demo(body)
