"""Deputy work for the benchmark bodies (called by `manage.py generate_bench_data`).

For one body over its years: liaison stations, deputies of each term, a congress session a year
with its suggestions and a few raised between sessions, and each suggestion's signatures,
assignments (lead and co-units), extensions, replies, feedback (with a second round after 不满意),
contacts, key supervision and the main timeline events. Written with bulk_create, not through
deputies.suggestions.lifecycle (far too slow for 50,000 suggestions), but walked the same way: dates follow
each other, nothing is dated after today, and the derived fields on Suggestion (status, round,
assigned_on, reply_due_on, lead_unit, replied_on, reply_class, feedback, first_reply_on_time,
is_key) are those the lifecycle would have left. Deterministic for a given seed and body name.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from core.models import Committee, ReportingBody
from core.rules import rules_for
from deputies.models import (
    Assignment,
    CongressSession,
    Contact,
    Deputy,
    Extension,
    Feedback,
    KeySupervision,
    Reply,
    Signature,
    Station,
    Suggestion,
    SuggestionEvent,
)
from deputies.models.suggestions import FeedbackResult, SuggestionStatus
from supervision.opinions import add_months

BATCH = 5000
S = SuggestionStatus
E = SuggestionEvent.Kind
CN_NUMBERS = "一二三四五六七八九十"
TOPICS = [
    ("城乡建设", "老旧小区微改造"), ("交通运输", "缓解交通拥堵"), ("交通运输", "增设公交线路"), ("教育", "增加公办学位"),
    ("教育", "中小学课后服务"), ("民政养老", "社区居家养老服务"), ("民政养老", "增设长者饭堂"),
    ("医疗卫生", "基层医疗服务能力"), ("生态环境", "农村生活污水治理"), ("生态环境", "河涌黑臭水体整治"),
    ("城市管理", "生活垃圾分类"), ("城市管理", "口袋公园建设"), ("市场监管", "农贸市场升级改造"),
    ("市场监管", "食品安全监管"), ("农业农村", "村级集体经济发展"), ("农业农村", "高标准农田建设"),
    ("社会保障", "就业技能培训"), ("社会保障", "灵活就业人员社保"), ("经济发展", "中小微企业扶持"),
    ("经济发展", "优化营商环境"), ("政务服务", "政务服务一网通办"), ("公共安全", "出租屋消防安全"),
    ("公共安全", "电动自行车充电安全"), ("政法", "矛盾纠纷多元化解"), ("文化旅游", "全民健身场地建设"),
]
SECTORS = ["党政干部", "工人", "农民", "专业技术人员", "企业负责人", "基层群众性自治组织人员"]


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _batched(model, objects):
    created = []
    for start in range(0, len(objects), BATCH):
        created.extend(model.objects.bulk_create(objects[start : start + BATCH]))
    return created


@dataclass
class _Plan:
    """One suggestion's history before it is written."""

    suggestion: Suggestion
    proposer: Deputy
    cosigners: list
    co_units: list = field(default_factory=list)
    signed_on: date | None = None
    due_on: date | None = None  # the lead unit's due date: three months, or the approved extension
    extension: tuple | None = None  # (asked_on, requested_due_on, decided_on)
    replies: list = field(default_factory=list)  # (round, replied_on, due_on, class)
    feedbacks: list = field(default_factory=list)  # (round, result, given_on)
    contacts: list = field(default_factory=list)  # (round, stage, way, on)


def make_deputy_work(body, *, deputies: int, suggestions: int, years: list[int], seed, today: date | None = None):
    """Stations, deputies, sessions and suggestions of one bench body; returns (deputies, suggestions) made."""
    rng = random.Random(f"{seed}-deputies-{body.name}")
    today = today or timezone.localdate()
    rules = rules_for(body)
    terms = list(body.terms.order_by("number"))
    committees = [c for c in Committee.objects.filter(body=body).order_by("order", "id")
                  if c.kind == Committee.Kind.WORKING and c.short_name != "选联工委"] or [None]
    units = list(ReportingBody.objects.filter(body=body).order_by("order", "id"))
    departments = [u for u in units if u.kind == ReportingBody.Kind.DEPARTMENT] or units

    # Stations: a central station for every ten groups' worth of deputies, area stations under them.
    central_count = max(1, deputies // 60)
    centrals = _batched(Station, [
        Station(body=body, kind=Station.Kind.CENTRAL, number=f"ZX{n:02d}", name=f"第{n}镇街人大代表中心联络站",
                town=f"第{n}镇街") for n in range(1, central_count + 1)
    ])
    areas = _batched(Station, [
        Station(body=body, kind=Station.Kind.AREA, number=f"PQ{n:03d}", name=f"第{n}片区人大代表联络站",
                town=centrals[n % central_count].town, parent=centrals[n % central_count])
        for n in range(1, central_count * 2 + 1)
    ])
    stations = centrals + areas

    # Deputies, shared out over the terms the years cover.
    term_of_year = {}
    for year in years:
        started = [t for t in terms if t.start.year <= year] or terms
        term_of_year[year] = started[-1]
    used_terms = sorted({t.pk: t for t in term_of_year.values()}.values(), key=lambda t: t.number)
    rows, by_term = [], {}
    for n in range(deputies):
        term = used_terms[n % len(used_terms)]
        station = stations[rng.randrange(len(stations))]
        status = Deputy.Status.SERVING if rng.random() < 0.96 else rng.choice(
            (Deputy.Status.RESIGNED, Deputy.Status.VACATED))
        rows.append(Deputy(
            body=body, term=term, code=f"D{n + 1:05d}", name=f"代表{n + 1:05d}",
            gender=Deputy.Gender.FEMALE if rng.random() < 0.35 else Deputy.Gender.MALE,
            is_city=rng.random() < 0.1, is_provincial=rng.random() < 0.02, station=station,
            group=f"{station.town}代表小组", constituency=f"{station.town}第{rng.randint(1, 5)}选区",
            sector=rng.choice(SECTORS), work_unit="基准测试单位", phone=f"139{n:08d}",
            address=f"{station.town}测试路{n}号",
            status=status, elected_on=term.start,
            status_on=min(term.start + timedelta(days=rng.randint(200, 1500)), today) if status != "serving" else None,
        ))
    for deputy in _batched(Deputy, rows):
        by_term.setdefault(deputy.term_id, []).append(deputy)

    # One congress session a year, early in January, numbered within its term.
    sessions, number_in_term = {}, {}
    for year in years:
        term = term_of_year[year]
        n = number_in_term[term.pk] = number_in_term.get(term.pk, 0) + 1
        sessions[year] = CongressSession(
            body=body, term=term, number=n, start_on=date(year, 1, 8), end_on=date(year, 1, 11),
            name=f"区{_cn(term.number)}届人大{_cn(n)}次会议",
        )
    _batched(CongressSession, list(sessions.values()))

    per_year = [suggestions // len(years) + (1 if i < suggestions % len(years) else 0) for i in range(len(years))]
    plans = []
    for year, count in zip(years, per_year, strict=True):
        session = sessions[year]
        if session.start_on > today:
            continue
        between = max(1, count * 3 // 100) if count > 10 else 0
        pool = by_term[term_of_year[year].pk]
        for k in range(count):
            at_session = k < count - between
            number = k + 1 if at_session else k - (count - between) + 1
            raised = min(today, session.start_on + timedelta(days=rng.randint(0, 3)) if at_session
                         else date(year, rng.randint(3, 11), rng.randint(1, 28)))
            plans.append(_plan(rng, body, rules, today, year, session if at_session else None, number, raised,
                               pool, committees, departments, units))
    made = _batched(Suggestion, [p.suggestion for p in plans])
    for plan, s in zip(plans, made, strict=True):
        plan.suggestion = s
    _write_rows(body, plans, today)
    return len(rows), len(made)


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def _plan(rng, body, rules, today, year, session, number, raised, pool, committees, departments, units) -> _Plan:
    """Walk one suggestion through its handling as far as `today` allows; the derived fields follow."""
    category, topic = rng.choice(TOPICS)
    proposer = rng.choice(pool)
    cosigners = [d for d in rng.sample(pool, min(len(pool), rng.choice((0, 0, 1, 2, 3, 5)))) if d is not proposer]
    s = Suggestion(
        body=body, session=session, year=year, number=number, title=f"关于{topic}的建议（{year}-{number}）",
        content=f"建议进一步推进{topic}工作，切实解决群众关注的问题。", category=category,
        committee=rng.choice(committees), raised_on=raised, status=S.ACCEPTED, created_at=_at(raised),
    )
    plan = _Plan(s, proposer, cosigners)
    assigned = raised + timedelta(days=rng.randint(30, 45) if session else rng.randint(10, 20))
    if assigned > today or rng.random() < 0.002:
        return plan  # not yet assigned
    lead = departments[min(int(rng.expovariate(1 / 6)), len(departments) - 1)] if rng.random() < 0.95 \
        else rng.choice(units)
    s.lead_unit, s.assigned_on, s.status = lead, assigned, S.ASSIGNED
    due = add_months(assigned, rules.suggestion_reply_months)
    if rng.random() < 0.3:
        plan.co_units = [u for u in rng.sample(departments, rng.choice((1, 1, 2))) if u != lead]
    signed = assigned + timedelta(days=rng.randint(1, 4))
    if signed <= today:
        plan.signed_on, s.status = signed, S.HANDLING
    if rng.random() < 0.04:
        asked = due - timedelta(days=rng.randint(5, 20))
        if asked <= today and asked >= assigned:
            wanted = add_months(assigned, rng.randint(rules.suggestion_reply_months + 1, rules.suggestion_max_months))
            decided = asked + timedelta(days=rng.randint(2, 7))
            plan.extension = (asked, wanted, decided if decided <= today else None)
            if decided <= today:
                due = wanted
    s.reply_due_on = plan.due_on = due
    s.is_key = rng.random() < 0.01
    # Contacts: most suggestions, in person for a good half.
    contacted, in_person = rng.random() < 0.95, rng.random() < 0.55
    if plan.signed_on and contacted:
        on = min(plan.signed_on + timedelta(days=rng.randint(3, 20)), today)
        way = rng.choice(Contact.IN_PERSON) if in_person else Contact.Way.PHONE
        plan.contacts.append((1, Contact.Stage.BEFORE, way, on))
    stuck = rng.random() < (0.06 if year == today.year else 0.003)
    start = plan.extension[0] + timedelta(days=5) if plan.extension else assigned + timedelta(days=20)
    replied = (due + timedelta(days=rng.randint(1, 40)) if rng.random() < 0.08
               else start + timedelta(days=rng.randint(0, max(0, (due - start).days))))
    if plan.extension and plan.extension[2] is None:
        stuck = True  # the extension awaits the office's decision
    if not plan.signed_on or stuck or replied > today:
        return plan
    reply_class = rng.choices("ABCD", (45, 33, 15, 7))[0]
    plan.replies.append((1, replied, due, reply_class))
    s.status, s.replied_on, s.reply_class, s.first_reply_on_time = S.REPLIED, replied, reply_class, replied <= due
    if contacted and rng.random() < 0.5 and replied + timedelta(days=3) <= today:
        plan.contacts.append((1, Contact.Stage.AFTER, Contact.Way.PHONE, replied + timedelta(days=3)))
    given = replied + timedelta(days=rng.randint(7, 30))
    if given > today:
        return plan
    result = rng.choices(FeedbackResult.values, (74, 21, 5))[0]
    plan.feedbacks.append((1, result, given))
    s.feedback = result
    if result != FeedbackResult.UNSATISFIED:
        s.status = S.CLOSED
        return plan
    # Round 2 after 不满意.
    s.round, s.status = 2, S.REHANDLING
    s.reply_due_on = due2 = add_months(given, rules.rehandle_reply_months)
    again = given + timedelta(days=rng.randint(10, 35))
    if again > today:
        return plan
    second_class = rng.choice("AB")
    plan.replies.append((2, again, due2, second_class))
    s.status, s.replied_on, s.reply_class = S.REPLIED, again, second_class
    final = again + timedelta(days=rng.randint(5, 20))
    if final > today:
        return plan
    result = rng.choice((FeedbackResult.SATISFIED, FeedbackResult.BASIC))
    plan.feedbacks.append((2, result, final))
    s.status, s.feedback = S.CLOSED, result
    return plan


def _write_rows(body, plans, today):
    signatures, assignments, leads, replies, feedbacks, contacts, keys, events = [], [], [], [], [], [], [], []
    co_due_months = rules_for(body).co_unit_input_months
    for plan in plans:
        s = plan.suggestion
        signatures.append(Signature(suggestion=s, deputy=plan.proposer, role=Signature.Role.PROPOSER, order=0,
                                    confirmed_on=s.raised_on))
        signatures += [Signature(suggestion=s, deputy=d, role=Signature.Role.COSIGNER, order=i,
                                 confirmed_on=s.raised_on) for i, d in enumerate(plan.cosigners, start=1)]
        events.append(SuggestionEvent(suggestion=s, kind=E.CREATED, at=_at(s.raised_on), on=s.raised_on,
                                      to_status=S.ACCEPTED, text=f"领衔代表：{plan.proposer.name}"))
        if s.assigned_on is None:
            continue
        lead = Assignment(suggestion=s, unit=s.lead_unit, role=Assignment.Role.LEAD, assigned_on=s.assigned_on,
                          due_on=plan.due_on, signed_on=plan.signed_on)
        assignments.append(lead)
        leads.append((lead, plan))
        co_due = add_months(s.assigned_on, co_due_months)
        input_on = co_due - timedelta(days=3)
        for unit in plan.co_units:
            done = plan.signed_on is not None and input_on <= today
            assignments.append(Assignment(suggestion=s, unit=unit, role=Assignment.Role.CO, assigned_on=s.assigned_on,
                                          due_on=co_due, signed_on=plan.signed_on,
                                          input_on=input_on if done else None,
                                          input_text="协办意见（基准测试）" if done else ""))
        events.append(SuggestionEvent(suggestion=s, kind=E.ASSIGNED, at=_at(s.assigned_on), on=s.assigned_on,
                                      from_status=S.ACCEPTED, to_status=S.ASSIGNED, text=f"主办：{s.lead_unit.name}"))
        if plan.signed_on:
            events.append(SuggestionEvent(suggestion=s, kind=E.SIGNED, at=_at(plan.signed_on), on=plan.signed_on,
                                          from_status=S.ASSIGNED, to_status=S.HANDLING, on_behalf_of=s.lead_unit.name))
        for round_, stage, way, on in plan.contacts:
            contacts.append(Contact(suggestion=s, unit=s.lead_unit, round=round_, stage=stage, way=way,
                                    contacted_on=on))
        for round_, on, due, reply_class in plan.replies:
            replies.append(Reply(suggestion=s, round=round_, unit=s.lead_unit, replied_on=on, due_on=due,
                                 reply_class=reply_class, created_at=_at(on)))
            events.append(SuggestionEvent(suggestion=s, kind=E.REPLIED, at=_at(on, 10), on=on, round=round_,
                                          to_status=S.REPLIED, text=f"第{round_}轮答复，{reply_class}类"))
        for round_, result, on in plan.feedbacks:
            feedbacks.append(Feedback(suggestion=s, round=round_, result=result, given_on=on, deputy=plan.proposer,
                                      created_at=_at(on)))
            to = S.REHANDLING if result == FeedbackResult.UNSATISFIED else S.CLOSED
            events.append(SuggestionEvent(suggestion=s, kind=E.FEEDBACK, at=_at(on, 11), on=on, round=round_,
                                          from_status=S.REPLIED, to_status=to,
                                          text=f"第{round_}轮答复反馈：{FeedbackResult(result).label}"))
        if s.is_key:
            keys.append(KeySupervision(suggestion=s, leader="常委会副主任", since=s.assigned_on + timedelta(days=10)))
    _batched(Signature, signatures)
    _batched(Assignment, assignments)
    extensions = []
    for lead, plan in leads:
        if plan.extension:
            asked, wanted, decided = plan.extension
            extensions.append(Extension(
                assignment=lead, asked_on=asked, reason="情况复杂，需协调多个部门。", requested_due_on=wanted,
                decision=Extension.Decision.APPROVED if decided else Extension.Decision.PENDING, decided_on=decided,
            ))
    _batched(Extension, extensions)
    _batched(Reply, replies)
    _batched(Feedback, feedbacks)
    _batched(Contact, contacts)
    _batched(KeySupervision, keys)
    _batched(SuggestionEvent, events)
