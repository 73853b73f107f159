"""Fill the database as a province-wide deployment after some years, for benchmarks.

    python manage.py generate_bench_data --bodies 50 --items 200000 --largest 20000 --years 10

Bodies (one holding `--largest` items, the others sharing the rest), each with terms, committees,
reporting bodies, meetings with agenda items, annual plans with sections and entries, items with
lead and helping committees and reporting bodies, and status changes. Everything is written with
bulk_create in batches; PlanItem.due_month, which save() would compute, is computed here from the
same Timing. Every year of every body has one standing-meeting agenda item evaluating all of its
departments (满意度测评: one Evaluation, one department subject per department, with counts and
the result and rule supervision.rules.compute_result gives); `--only-evaluations` adds just those
to bench bodies that have none yet (data generated before evaluations existed). Users `bench-office` (办公室) and `bench-admin` (superuser) belong to the largest body
(password `renda-bench`). Deterministic for a given --seed.

Deputy work (deputies/demo/bench.py): liaison stations, deputies, a congress session a year and its
suggestions with their whole handling (signatures, assignments, extensions, replies, feedback in one
or two rounds, contacts, key supervision, timeline), `--suggestions` in all (default 30 % of
--items: 60,000) with `--largest-suggestions` (default --largest: 20,000) on the largest body, and
`--deputies` (default 3 % of --items: 6,000) with `--largest-deputies` (default 6 % of --largest:
1,200) there. `--only-deputies` adds just the deputy work to bench bodies that have no deputies yet
(data generated before it existed), with the same sizes.
"""

import random
import time
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from core.models import Body, BodyMembership, Committee, ReportingBody, Term
from core.roles import OFFICE, ensure_roles
from core.rules import rules_for
from deputies.demo.bench import make_deputy_work
from deputies.models import Deputy
from meetings.models import AgendaItem, Meeting, MeetingKind
from plans.models import (
    AnnualPlan,
    ItemCommittee,
    PlanEntry,
    PlanItem,
    PlanItemStatus,
    PlanKind,
    Section,
    StatusChange,
    SupervisionForm,
)
from plans.timing import TimingKind
from supervision import rules as result_rules
from supervision.models import Evaluation, EvaluationSubject

BATCH = 5000
PASSWORD = "renda-bench"
BODY_PREFIX = "基准测试"

COMMITTEES = [
    ("监察和司法委员会", "监察司法委员会", Committee.Kind.SPECIAL),
    ("财政经济委员会", "财经委员会", Committee.Kind.SPECIAL),
    ("城乡建设环境与资源保护委员会", "城建环资委员会", Committee.Kind.SPECIAL),
    ("社会建设委员会", "社会建设委员会", Committee.Kind.SPECIAL),
    ("办公室", "办公室", Committee.Kind.OFFICE),
    ("监察和司法工作委员会", "监察司法工委", Committee.Kind.WORKING),
    ("财政经济工作委员会", "财经工委", Committee.Kind.WORKING),
    ("城乡建设环境与资源保护工作委员会", "城建环资工委", Committee.Kind.WORKING),
    ("农村农业工作委员会", "农村农业工委", Committee.Kind.WORKING),
    ("教育科学文化卫生工作委员会", "教科文卫工委", Committee.Kind.WORKING),
    ("社会建设工作委员会", "社会建设工委", Committee.Kind.WORKING),
    ("选举联络人事任免工作委员会", "选联工委", Committee.Kind.WORKING),
]
DEPARTMENTS = [
    "发展改革局", "教育局", "科技工业和信息化局", "公安分局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
    "规划和自然资源分局", "生态环境分局", "住房城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局",
    "文化广电旅游体育局", "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局",
    "医疗保障局", "城市管理和综合执法局", "政务服务数据管理局", "林业和园林局", "信访局", "国资局", "侨务局",
    "民族宗教事务局", "档案馆", "地方志办公室", "投资促进局", "供销合作联社", "残联", "总工会", "团委", "妇联",
]
TOPICS = [
    "优化营商环境", "义务教育均衡发展", "基层医疗卫生服务", "城市更新", "生态环境保护", "食品药品安全",
    "养老服务体系建设", "乡村振兴", "河长制落实", "安全生产", "民法典实施", "未成年人保护", "国有资产管理",
    "预算执行", "审计查出问题整改", "住房保障", "公共文化服务", "就业创业", "社会救助", "交通拥堵治理",
    "垃圾分类", "智慧城市建设", "法治政府建设", "科技创新", "中小企业发展", "历史文化保护", "农村人居环境",
    "水污染防治", "大气污染防治", "消防安全",
]
FORMS = [
    (SupervisionForm.SPECIAL_REPORT, "听取和审议区政府关于{}工作情况的报告", 30),
    (SupervisionForm.INSPECTION, "检查《{}条例》实施情况", 8),
    (SupervisionForm.RESEARCH, "开展{}专题调研", 20),
    (SupervisionForm.VISIT, "视察{}工作", 8),
    (SupervisionForm.FINANCE, "审查和批准{}相关预算调整方案", 10),
    (SupervisionForm.MAJOR_MATTER, "讨论决定{}重大事项", 6),
    (SupervisionForm.INQUIRY, "就{}开展专题询问", 5),
    (SupervisionForm.FOLLOW_UP, "跟踪监督{}审议意见落实情况", 8),
    (SupervisionForm.DEPUTY_WORK, "组织代表围绕{}开展活动", 5),
]
PLAN_KINDS = [PlanKind.SUPERVISION, PlanKind.WORK_POINTS, PlanKind.MAJOR_MATTERS, PlanKind.DEPUTY_WORK]
SECTION_HEADINGS = ["一、听取和审议专项工作报告", "二、执法检查", "三、专题调研", "四、视察", "五、其他工作"]
TIMINGS = [
    ({"timing_kind": TimingKind.MONTH}, 40),
    ({"timing_kind": TimingKind.RANGE}, 15),
    ({"timing_kind": TimingKind.YEAR}, 15),
    ({"timing_kind": TimingKind.DEADLINE}, 10),
    ({"timing_kind": TimingKind.QUARTER}, 10),
    ({"timing_kind": TimingKind.UNDETERMINED}, 10),
]
STATUS_PATH = [
    PlanItemStatus.NOT_STARTED,
    PlanItemStatus.PREPARING,
    PlanItemStatus.SUBMITTED,
    PlanItemStatus.REVIEWED,
    PlanItemStatus.FOLLOW_UP,
    PlanItemStatus.DONE,
]


def batched_create(model, objects, batch=BATCH):
    created = []
    for start in range(0, len(objects), batch):
        created.extend(model.objects.bulk_create(objects[start : start + batch]))
    return created


class Command(BaseCommand):
    help = "Fill the database with a province-wide deployment's worth of plan data, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--bodies", type=int, default=50)
        parser.add_argument("--items", type=int, default=200_000, help="plan items in all bodies together")
        parser.add_argument("--largest", type=int, default=20_000, help="plan items of the largest body")
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--last-year", type=int, default=timezone.localdate().year)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--only-evaluations", action="store_true",
                            help="only add the yearly department evaluations to bench bodies that have none")
        parser.add_argument("--suggestions", type=int, help="deputy suggestions in all bodies (default 30%% of --items)")
        parser.add_argument("--largest-suggestions", type=int, help="suggestions of the largest body (default --largest)")
        parser.add_argument("--deputies", type=int, help="deputies in all bodies (default 3%% of --items)")
        parser.add_argument("--largest-deputies", type=int, help="deputies of the largest body (default 6%% of --largest)")
        parser.add_argument("--only-deputies", action="store_true",
                            help="only add deputies, stations and suggestions to bench bodies that have no deputies")

    def handle(self, *args, bodies, items, largest, years, last_year, seed, only_evaluations=False,
               only_deputies=False, **options):
        self.seed = seed
        if only_evaluations:
            return self.add_evaluations()
        self.deputy_sizes = self.deputy_work_sizes(bodies, items, largest, options)
        if only_deputies:
            return self.add_deputy_work()
        if bodies < 1 or largest > items or (bodies > 1 and items - largest < bodies - 1):
            raise CommandError("need --bodies ≥ 1 and --largest ≤ --items, with items left for every other body")
        self.rng = random.Random(seed)
        self.years = list(range(last_year - years + 1, last_year + 1))
        others = bodies - 1
        sizes = [largest] + [(items - largest) // others + (1 if i < (items - largest) % others else 0)
                             for i in range(others)]
        started = time.monotonic()
        with scopes_disabled():
            existing = Body.objects.filter(name__startswith=BODY_PREFIX).count()
            if existing:
                raise CommandError(f"{existing} bench bodies exist already; use a fresh database")
            for index, size in enumerate(sizes):
                with transaction.atomic():
                    body = self.make_body(index, size)
                    deputies, suggestions = self.make_deputy_work(body, index, self.years)
                if index == 0:
                    self.make_users(body)
                self.stdout.write(
                    f"  {index + 1}/{len(sizes)} {body.name}: {size} items, {deputies} deputies, "
                    f"{suggestions} suggestions ({time.monotonic() - started:.0f}s)"
                )
        self.stdout.write(self.style.SUCCESS(f"{items} items in {bodies} bodies in {time.monotonic() - started:.0f}s"))

    # --- deputy work ------------------------------------------------------------------------------

    @staticmethod
    def deputy_work_sizes(bodies, items, largest, options) -> list[tuple[int, int]]:
        """(deputies, suggestions) of each body, the largest first."""
        suggestions = options.get("suggestions")
        suggestions = items * 3 // 10 if suggestions is None else suggestions
        largest_suggestions = options.get("largest_suggestions")
        largest_suggestions = min(largest, suggestions) if largest_suggestions is None else largest_suggestions
        deputies = options.get("deputies")
        deputies = max(items * 3 // 100, 10 * bodies) if deputies is None else deputies
        largest_deputies = options.get("largest_deputies")
        largest_deputies = max(largest * 6 // 100, 10) if largest_deputies is None else largest_deputies
        if largest_suggestions > suggestions or largest_deputies > deputies:
            raise CommandError("need --largest-suggestions ≤ --suggestions and --largest-deputies ≤ --deputies")

        def split(total, first):
            others = bodies - 1
            rest = total - first
            return [first] + [rest // others + (1 if i < rest % others else 0) for i in range(others)]

        return list(zip(split(deputies, largest_deputies), split(suggestions, largest_suggestions), strict=True))

    def make_deputy_work(self, body, index, years):
        deputies, suggestions = self.deputy_sizes[index]
        if deputies < 1:
            return 0, 0
        return make_deputy_work(body, deputies=deputies, suggestions=suggestions, years=years, seed=self.seed)

    def add_deputy_work(self):
        """--only-deputies: deputies, stations and suggestions for bench bodies without deputies."""
        started = time.monotonic()
        made = [0, 0]
        with scopes_disabled():
            for index, body in enumerate(Body.objects.filter(name__startswith=BODY_PREFIX).order_by("id")):
                if index >= len(self.deputy_sizes) or Deputy.objects.filter(body=body).exists():
                    continue
                years = sorted(set(Meeting.objects.filter(body=body).values_list("year", flat=True)))
                with transaction.atomic():
                    deputies, suggestions = self.make_deputy_work(body, index, years)
                made = [made[0] + deputies, made[1] + suggestions]
                self.stdout.write(f"  {body.name}: {deputies} deputies, {suggestions} suggestions "
                                  f"({time.monotonic() - started:.0f}s)")
        self.stdout.write(self.style.SUCCESS(
            f"{made[0]} deputies and {made[1]} suggestions added in {time.monotonic() - started:.0f}s"))

    # --- one body -------------------------------------------------------------------------------

    def make_body(self, index: int, size: int) -> Body:
        rng = self.rng
        area = f"{BODY_PREFIX}{index + 1:02d}区"
        body = Body.objects.create(name=f"{area}人大常委会", area_name=area, short_name="区人大常委会",
                                   level=Body.Level.COUNTY)
        first, last = self.years[0], self.years[-1]
        terms = []
        for number, start_year in enumerate(range(first, last + 1, 5), start=16):
            terms.append(Term(body=body, number=number, start=date(start_year, 1, 1),
                              end=date(start_year + 4, 12, 31)))
        terms = batched_create(Term, terms)

        def term_of(year):
            return terms[min((year - first) // 5, len(terms) - 1)]

        committees = batched_create(
            Committee,
            [Committee(body=body, name=n, short_name=s, kind=k, order=i) for i, (n, s, k) in enumerate(COMMITTEES)],
        )
        working = [c for c in committees if c.kind != Committee.Kind.SPECIAL]
        reporting = batched_create(
            ReportingBody,
            [ReportingBody(body=body, name="区人民政府", kind=ReportingBody.Kind.GOVERNMENT, order=0),
             ReportingBody(body=body, name="区人民法院", kind=ReportingBody.Kind.COURT, order=1),
             ReportingBody(body=body, name="区人民检察院", kind=ReportingBody.Kind.PROCURATORATE, order=2)]
            + [ReportingBody(body=body, name=f"区{d}", kind=ReportingBody.Kind.DEPARTMENT, order=3 + i)
               for i, d in enumerate(DEPARTMENTS)],
        )

        # Meetings: seven standing-committee meetings and twelve chairpersons' meetings a year.
        meetings, numbers = [], {}
        for year in self.years:
            term = term_of(year)
            for kind, months in ((MeetingKind.STANDING, (2, 3, 5, 7, 9, 11, 12)), (MeetingKind.CHAIRPERSONS, range(1, 13))):
                for month in months:
                    key = (term.pk, kind)
                    numbers[key] = numbers.get(key, 0) + 1
                    held = date(year, month, 20) < timezone.localdate()
                    meetings.append(Meeting(
                        body=body, term=term, kind=kind, number=numbers[key], year=year, planned_month=month,
                        date=date(year, month, 20) if held else None,
                        status=Meeting.Status.HELD if held else Meeting.Status.PLANNED,
                    ))
        meetings = batched_create(Meeting, meetings)
        standing = {}
        for m in meetings:
            if m.kind == MeetingKind.STANDING:
                standing.setdefault(m.year, []).append(m)

        # Items, spread evenly over the years.
        per_year = [size // len(self.years) + (1 if i < size % len(self.years) else 0) for i in range(len(self.years))]
        items = []
        forms, form_weights = zip(*[(f, w) for f, _, w in FORMS], strict=True)
        titles = {f: t for f, t, _ in FORMS}
        timings, timing_weights = zip(*TIMINGS, strict=True)
        today = timezone.localdate()
        for year, count in zip(self.years, per_year, strict=True):
            for n in range(count):
                form = rng.choices(forms, form_weights)[0]
                timing = dict(rng.choices(timings, timing_weights)[0])
                kind = timing["timing_kind"]
                if kind == TimingKind.MONTH:
                    timing["start_month"] = rng.randint(1, 12)
                elif kind == TimingKind.RANGE:
                    timing["start_month"] = rng.randint(1, 9)
                    timing["end_month"] = rng.randint(timing["start_month"] + 1, 12)
                elif kind == TimingKind.DEADLINE:
                    timing["end_month"] = rng.randint(3, 12)
                elif kind == TimingKind.QUARTER:
                    timing["quarter"] = rng.randint(1, 4)
                past = year < today.year or (year == today.year and rng.random() < 0.4)
                status = rng.choice(STATUS_PATH[2:]) if past else rng.choice(STATUS_PATH[:3])
                if rng.random() < 0.02:
                    status = rng.choice([PlanItemStatus.POSTPONED, PlanItemStatus.CANCELLED])
                item = PlanItem(
                    body=body, year=year, form=form,
                    title=titles[form].format(rng.choice(TOPICS)) + f"（{year}-{n + 1}）",
                    focus=f"重点关注{rng.choice(TOPICS)}、{rng.choice(TOPICS)}等方面的工作情况。",
                    to_standing_meeting=form in (SupervisionForm.SPECIAL_REPORT, SupervisionForm.FINANCE,
                                                 SupervisionForm.MAJOR_MATTER, SupervisionForm.INSPECTION),
                    to_chairpersons_meeting=rng.random() < 0.3,
                    all_committees_help=rng.random() < 0.05,
                    status=status,
                    progress={PlanItemStatus.DONE: 100, PlanItemStatus.FOLLOW_UP: 80,
                              PlanItemStatus.REVIEWED: 60}.get(status, rng.choice((0, 10, 30))),
                    **timing,
                )
                if status == PlanItemStatus.POSTPONED and rng.random() < 0.5:
                    item.postponed_to_month = rng.randint(6, 12)
                item.due_month = item.compute_due_month()  # what save() would do
                items.append(item)
        items = batched_create(PlanItem, items)

        # Committees: one or two leads, sometimes a helper.
        responsibilities, item_reporting = [], []
        through = PlanItem.reporting_bodies.through
        for item in items:
            leads = rng.sample(working, 2 if rng.random() < 0.15 else 1)
            for c in leads:
                responsibilities.append(ItemCommittee(item=item, committee=c, role=ItemCommittee.Role.LEAD))
            if rng.random() < 0.3:
                helper = rng.choice([c for c in working if c not in leads])
                responsibilities.append(ItemCommittee(item=item, committee=helper, role=ItemCommittee.Role.HELPER))
            for rb in rng.sample(reporting, rng.choice((1, 1, 1, 2))):
                item_reporting.append(through(planitem_id=item.pk, reportingbody_id=rb.pk))
        batched_create(ItemCommittee, responsibilities)
        for start in range(0, len(item_reporting), BATCH):
            through.objects.bulk_create(item_reporting[start : start + BATCH])

        # Plans: four a year, five sections each; every item in one plan, one in ten also in a second.
        by_year = {}
        for item in items:
            by_year.setdefault(item.year, []).append(item)
        plans = batched_create(AnnualPlan, [
            AnnualPlan(body=body, year=year, kind=kind,
                       title=f"{area}人大常委会 {year} 年度{PlanKind(kind).label}",
                       status=AnnualPlan.Status.ADOPTED, adopted_on=date(year, 3, 30))
            for year in self.years for kind in PLAN_KINDS
        ])
        sections = batched_create(Section, [
            Section(plan=plan, order=i + 1, heading=heading) for plan in plans
            for i, heading in enumerate(SECTION_HEADINGS)
        ])
        sections_of = {}
        for section in sections:
            sections_of.setdefault(section.plan_id, []).append(section)
        plans_of = {}
        for plan in plans:
            plans_of.setdefault(plan.year, []).append(plan)
        entries, counts = [], {}
        for year, year_items in by_year.items():
            year_plans = plans_of[year]
            for i, item in enumerate(year_items):
                chosen = [year_plans[i % len(year_plans)]]
                if rng.random() < 0.1:
                    chosen.append(year_plans[(i + 1) % len(year_plans)])
                for plan in chosen:
                    order = counts[plan.pk] = counts.get(plan.pk, 0) + 1
                    section = sections_of[plan.pk][min(order * 5 // 520, 4)] if order <= 520 else sections_of[plan.pk][-1]
                    entries.append(PlanEntry(plan=plan, item=item, section=section, order=min(order, 32767),
                                             number=str(order)))
        batched_create(PlanEntry, entries)
        # Declared counts as the sections really hold (some plans declare none).
        section_counts = {}
        for entry in entries:
            section_counts[entry.section.pk] = section_counts.get(entry.section.pk, 0) + 1
        for section in sections:
            section.declared_count = section_counts.get(section.pk) if rng.random() < 0.8 else None
        Section.objects.bulk_update(sections, ["declared_count"], batch_size=BATCH)

        # Agendas: items for the standing meetings sit on one of the year's standing meetings.
        agenda, links, orders = [], [], {}
        for item in items:
            if item.to_standing_meeting and rng.random() < 0.7:
                meeting = rng.choice(standing[item.year])
                orders[meeting.pk] = orders.get(meeting.pk, 0) + 1
                agenda.append((AgendaItem(meeting=meeting, order=min(orders[meeting.pk], 32767), title=item.title,
                                          form=AgendaItem.Form.HEAR_AND_REVIEW), item))
        created = batched_create(AgendaItem, [a for a, _ in agenda])
        links = [AgendaItem.plan_items.through(agendaitem_id=a.pk, planitem_id=item.pk)
                 for a, (_, item) in zip(created, agenda, strict=True)]
        for start in range(0, len(links), BATCH):
            AgendaItem.plan_items.through.objects.bulk_create(links[start : start + BATCH])

        # Status timelines: the path walked up to the item's status.
        changes = []
        for item in items:
            if item.status in STATUS_PATH:
                path = STATUS_PATH[: STATUS_PATH.index(item.status) + 1]
            else:
                path = [PlanItemStatus.NOT_STARTED, item.status]
            at = timezone.make_aware(datetime(item.year, 1, 15, 9, 0))
            for before, after in zip(path, path[1:], strict=False):
                at += timedelta(days=rng.randint(10, 40))
                changes.append(StatusChange(item=item, from_status=before, to_status=after, at=at, note=""))
        batched_create(StatusChange, changes)
        self.make_evaluations(body, reporting, standing)
        return body

    # --- satisfaction evaluations -----------------------------------------------------------------

    def add_evaluations(self):
        """--only-evaluations: the yearly department evaluations, for bench bodies without any."""
        started = time.monotonic()
        added = 0
        with scopes_disabled():
            for body in Body.objects.filter(name__startswith=BODY_PREFIX).order_by("id"):
                if Evaluation.objects.filter(agenda_item__meeting__body=body).exists():
                    continue
                reporting = list(ReportingBody.objects.filter(body=body).order_by("order", "id"))
                standing = {}
                for m in Meeting.objects.filter(body=body, kind=MeetingKind.STANDING).order_by("year", "planned_month", "number"):
                    standing.setdefault(m.year, []).append(m)
                with transaction.atomic():
                    added += self.make_evaluations(body, reporting, standing)
            self.stdout.write(self.style.SUCCESS(
                f"{added} department subjects added in {time.monotonic() - started:.0f}s"))

    def make_evaluations(self, body, reporting, standing) -> int:
        """For each year, on its last held (else last) standing meeting, an agenda item hearing the
        departments' reports with a satisfaction evaluation of every department; counts entered and
        results computed under the body's rule, as enter_counts stores them. Returns the subject count."""
        rng = random.Random(f"{self.seed}-evaluations-{body.name}")  # the same with or without --only-evaluations
        departments = [r for r in reporting if r.kind == ReportingBody.Kind.DEPARTMENT]
        rule, params = result_rules.rule_and_params(rules_for(body))
        meetings = {}
        for year, year_meetings in standing.items():
            held = [m for m in year_meetings if m.date]
            meetings[year] = (held or year_meetings)[-1]
        last_order = dict(
            AgendaItem.objects.filter(meeting__in=list(meetings.values()))
            .values("meeting").annotate(top=models.Max("order")).values_list("meeting", "top")
        )
        items = batched_create(AgendaItem, [
            AgendaItem(meeting=m, order=min(last_order.get(m.pk, 0) + 1, 32767), has_evaluation=True,
                       title=f"听取和审议区政府工作部门{year}年度履职情况的报告，并开展满意度测评",
                       form=AgendaItem.Form.HEAR_AND_REVIEW)
            for year, m in sorted(meetings.items())
        ])
        through = AgendaItem.reporting_bodies.through
        for start in range(0, len(items), 100):
            through.objects.bulk_create([through(agendaitem_id=item.pk, reportingbody_id=d.pk)
                                         for item in items[start : start + 100] for d in departments])
        evaluations = batched_create(Evaluation, [
            Evaluation(agenda_item=item, title=f"{item.meeting.year}年度政府工作部门满意度测评", held_on=item.meeting.date)
            for item in items
        ])
        subjects = []
        for evaluation, item in zip(evaluations, items, strict=True):
            meeting = item.meeting
            at = timezone.make_aware(datetime.combine(meeting.date or date(meeting.year, 12, 20), datetime.min.time()))
            in_office = rng.randint(35, 45)
            for order, department in enumerate(departments, start=1):
                present = in_office - rng.randint(0, 6)
                invalid = rng.choice((0, 0, 0, 1))
                voting = present - invalid
                satisfied = rng.randint(voting // 3, voting)
                basic = rng.randint(0, voting - satisfied)
                counts = {"satisfied": satisfied, "basic": basic, "unsatisfied": voting - satisfied - basic,
                          "invalid": invalid, "in_office": in_office, "present": present}
                result, used = result_rules.compute_result(counts, rule, params)
                subjects.append(EvaluationSubject(
                    evaluation=evaluation, order=order, kind=EvaluationSubject.Kind.DEPARTMENT,
                    reporting_body=department, label=department.name, **counts,
                    result=result, rule=rule, rule_params={**params, **used}, computed_at=at,
                ))
        batched_create(EvaluationSubject, subjects)
        return len(subjects)

    def make_users(self, body):
        User = get_user_model()
        roles = ensure_roles()
        office = User.objects.create_user("bench-office", password=PASSWORD, first_name="基准测试办公室")
        office.groups.add(roles[OFFICE])
        admin = User.objects.create_superuser("bench-admin", password=PASSWORD, first_name="基准测试管理员")
        for user in (office, admin):
            BodyMembership.objects.create(user=user, body=body)
