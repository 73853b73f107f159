"""Satisfaction evaluation demo data for the Baiyun body (called through supervision.demo.results).

The seed documents name what is evaluated (23 departments at the 17th meeting, the ten livelihood
projects at the 18th, 2022's evaluations of 区卫生健康局、区退役军人事务局、区统计局) but give no vote
counts: every count here is invented and each evaluation's note says so (示例数据).
"""

from datetime import date

from django_scopes import scopes_disabled

from core.models import ReportingBody
from meetings.models import AgendaItem, Meeting, MeetingKind
from supervision import evaluations as service
from supervision.models import Evaluation

EXAMPLE_NOTE = "示例数据：种子文件未给出实际票数，票数为演示用的虚构数字。"
IN_OFFICE, PRESENT = 37, 33

# (满意, 基本满意, 不满意, 无效) per department at the 17th meeting; one 基本满意 and one 不满意 result
# show the rectification records.
DEPARTMENT_COUNTS = {
    "区政府办": (29, 3, 1, 0), "区发展改革局": (27, 5, 1, 0), "区教育局": (26, 5, 2, 0),
    "区科工商信局": (25, 6, 2, 0), "区民政局": (28, 4, 1, 0), "区司法局": (27, 4, 1, 1),
    "区财政局": (28, 3, 2, 0), "区人力资源社会保障局": (26, 6, 1, 0), "区住房建设交通局": (22, 8, 3, 0),
    "区水务局": (24, 6, 3, 0), "区农业农村局": (25, 6, 2, 0), "区文化广电旅游体育局": (27, 5, 1, 0),
    "区卫生健康局": (25, 6, 2, 0), "区退役军人事务局": (28, 4, 1, 0), "区应急管理局": (26, 5, 2, 0),
    "区审计局": (29, 3, 1, 0), "区市场监管局": (23, 7, 3, 0), "区统计局": (27, 5, 1, 0),
    "区城市管理综合执法局": (17, 11, 5, 0), "区信访局": (10, 7, 15, 1), "区政务服务数据管理局": (26, 5, 2, 0),
    "区投资促进局": (24, 7, 2, 0), "区民宗局": (28, 4, 1, 0),
}
DEPARTMENT_COUNTS_2022 = {"区卫生健康局": (18, 12, 3, 0), "区退役军人事务局": (25, 6, 2, 0), "区统计局": (21, 9, 3, 0)}
LIVELIHOOD_COUNTS = [(27, 5, 1, 0), (26, 6, 1, 0), (28, 4, 1, 0), (24, 6, 3, 0), (21, 9, 3, 0),
                     (24, 7, 2, 0), (28, 4, 1, 0), (27, 5, 1, 0), (25, 6, 2, 0), (25, 6, 2, 0)]


def _row(values):
    s, b, u, i = values
    return {"satisfied": s, "basic": b, "unsatisfied": u, "invalid": i, "in_office": IN_OFFICE, "present": PRESENT}


def load_evaluations_demo(body) -> None:
    """The 17th meeting's 23 departments, the 18th's livelihood projects, and 2022's three departments."""
    with scopes_disabled():
        if Evaluation.objects.filter(agenda_item__meeting__body=body).exists():
            return
        standing = Meeting.objects.filter(body=body, kind=MeetingKind.STANDING)
        m17 = standing.filter(number=17, year=2023).first()
        m18 = standing.filter(number=18, year=2023).first()
        if m17 is None or m18 is None:
            return
        item17 = m17.agenda_items.filter(has_evaluation=True).order_by("order").first()
        evaluation = service.create_evaluation(
            item17, service.SOURCE_DEPARTMENTS, title="区政府工作部门满意度测评", note=EXAMPLE_NOTE
        )
        service.enter_counts(evaluation, {s.pk: _row(DEPARTMENT_COUNTS[s.label]) for s in evaluation.subjects.all()})

        item18 = m18.agenda_items.filter(has_evaluation=True, title__contains="民生实事").order_by("order").first()
        if item18 is not None:
            try:
                evaluation = service.create_evaluation(
                    item18, service.SOURCE_LIVELIHOOD, title="2023 年民生实事项目满意度测评", note=EXAMPLE_NOTE
                )
            except Exception:  # no livelihood projects loaded
                evaluation = None
            if evaluation is not None:
                subjects = list(evaluation.subjects.order_by("order"))
                service.enter_counts(evaluation, {
                    s.pk: _row(LIVELIHOOD_COUNTS[n % len(LIVELIHOOD_COUNTS)]) for n, s in enumerate(subjects)
                })

        # 2022: a December meeting of the same term (the seed starts in 2023: number and date are examples).
        m2022 = standing.filter(term=m17.term, number=10).first()
        if m2022 is None:
            m2022 = Meeting.objects.create(
                body=body, term=m17.term, kind=MeetingKind.STANDING, number=10, year=2022, planned_month=12,
                date=date(2022, 12, 15), date_assumed=True, status=Meeting.Status.HELD,
            )
        item = AgendaItem.objects.create(
            meeting=m2022, order=m2022.agenda_items.count() + 1, has_evaluation=True,
            title="听取和审议区卫生健康局、区退役军人事务局、区统计局关于 2022 年工作情况的报告，并开展满意度测评（示例数据）",
        )
        item.reporting_bodies.set(ReportingBody.objects.filter(body=body, name__in=list(DEPARTMENT_COUNTS_2022)))
        evaluation = service.create_evaluation(
            item, service.SOURCE_DEPARTMENTS, title="2022 年部门工作满意度测评", note=EXAMPLE_NOTE
        )
        service.enter_counts(
            evaluation, {s.pk: _row(DEPARTMENT_COUNTS_2022[s.label]) for s in evaluation.subjects.all()}
        )
