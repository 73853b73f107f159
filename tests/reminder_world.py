"""A small body with one of each deadline around a fixed day, for the reminder tests.

Day T (2030-02-16) and what is due then, with the reminder each should give:

- meeting 1 (standing, 2030-03-20) item 1 heard from 甲局, committee A: its findings step is due
  T+7 (before-7, to A's members and the office); its research step was due T-28 but is done;
- meeting 2 is cancelled: its steps, though due, give nothing;
- plan item `march` starts in March, not started, lead committee B (to B's members); `march_busy`
  starts in March but is already preparing, `april` starts in April: nothing;
- suggestion `due_soon` (handling, reply due T+7, lead 甲局, co 乙局, supervised by A): to the lead
  unit's contacts (not the co-unit's), A's members and the office; `closed` (due T+7 but closed): nothing;
- suggestion `unsigned`: assigned to 甲局 T-5, not signed (3 days allowed): to 甲局 and the office;
- suggestion `replied`: replied T-2, waiting for the proposing deputy's feedback: to the deputy;
- review opinion `opinion` to 甲局, followed by B, due T+1 (before-1); `answered` has its response;
- rectification `late` by 乙局, followed by A, due T-3 (overdue); `done` is closed.

People: office `w-office`, director `w-director`, A's lead `w-lead-a`, B's lead `w-lead-b`, the
contacts `w-unit-1` (甲局) and `w-unit-2` (乙局), the deputy `w-deputy`; `w-left` (A, inactive) and
`w-office-left` (office, inactive) have left and must never be reminded.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model

T = date(2030, 2, 16)
MEETING_DAY = date(2030, 3, 20)


@dataclass
class World:
    body: object
    users: dict
    objects: dict

    def username(self, pk) -> str:
        return get_user_model().objects.get(pk=pk).username


def _user(body, username, role, *, active=True, committee=None):
    from core.models import BodyMembership, CommitteeMembership
    from core.roles import ensure_roles

    user = get_user_model().objects.create_user(username, password="renda-demo", first_name=username,
                                                email=f"{username}@renda.example", is_active=active)
    user.groups.add(ensure_roles()[role])
    BodyMembership.objects.create(user=user, body=body)
    if committee is not None:
        CommitteeMembership.objects.create(user=user, committee=committee, role=CommitteeMembership.Role.LEAD)
    return user


def build_world(name="提醒测试区人大常委会") -> World:
    from core.models import Body, Committee, ReportingBody, Term, UnitContact
    from core.roles import COMMITTEE_MEMBER, DEPUTY, DIRECTOR, OFFICE, UNIT_CONTACT
    from deputies.models import Assignment, Deputy, Signature, Suggestion
    from deputies.models.suggestions import SuggestionStatus
    from meetings.materials import sync_material_steps
    from meetings.models import AgendaItem, MaterialStep, Meeting, MeetingKind
    from plans.models import ItemCommittee, PlanItem, PlanItemStatus, SupervisionForm
    from plans.timing import TimingKind
    from supervision.models import Rectification, ReviewOpinion

    body = Body.objects.create(name=name, area_name="提醒测试区", short_name="测试区人大", level=Body.Level.COUNTY)
    term = Term.objects.create(body=body, number=9, start=date(2026, 10, 1))
    a = Committee.objects.create(body=body, name="甲工作委员会", short_name="甲工委", kind=Committee.Kind.WORKING)
    b = Committee.objects.create(body=body, name="乙工作委员会", short_name="乙工委", kind=Committee.Kind.WORKING)
    unit1 = ReportingBody.objects.create(body=body, name="区甲局", kind=ReportingBody.Kind.DEPARTMENT)
    unit2 = ReportingBody.objects.create(body=body, name="区乙局", kind=ReportingBody.Kind.DEPARTMENT)
    users = {
        "office": _user(body, "w-office", OFFICE),
        "office_left": _user(body, "w-office-left", OFFICE, active=False),
        "director": _user(body, "w-director", DIRECTOR),
        "lead_a": _user(body, "w-lead-a", COMMITTEE_MEMBER, committee=a),
        "left": _user(body, "w-left", COMMITTEE_MEMBER, committee=a, active=False),
        "lead_b": _user(body, "w-lead-b", COMMITTEE_MEMBER, committee=b),
        "unit1": _user(body, "w-unit-1", UNIT_CONTACT),
        "unit2": _user(body, "w-unit-2", UNIT_CONTACT),
        "deputy": _user(body, "w-deputy", DEPUTY),
    }
    UnitContact.objects.create(unit=unit1, user=users["unit1"], name="甲局经办人")
    UnitContact.objects.create(unit=unit2, user=users["unit2"], name="乙局经办人")

    o = {}
    heard = "听取和审议区甲局关于某项工作情况的报告"
    o["meeting"] = Meeting.objects.create(body=body, term=term, kind=MeetingKind.STANDING, number=1, year=2030,
                                          date=MEETING_DAY, status=Meeting.Status.SCHEDULED)
    o["item"] = AgendaItem.objects.create(meeting=o["meeting"], order=1, title=heard)
    o["item"].committees.add(a)
    o["item"].reporting_bodies.add(unit1)
    sync_material_steps(o["item"])
    steps = {s.step: s for s in MaterialStep.objects.filter(agenda_item=o["item"])}
    o["findings"] = steps[MaterialStep.Step.FINDINGS]
    research = steps[MaterialStep.Step.RESEARCH_START]
    research.done_on = T - timedelta(days=29)
    research.save()
    cancelled = Meeting.objects.create(body=body, term=term, kind=MeetingKind.STANDING, number=2, year=2030,
                                       date=T + timedelta(days=10), status=Meeting.Status.CANCELLED)
    cancelled_item = AgendaItem.objects.create(meeting=cancelled, order=1, title=heard)
    cancelled_item.committees.add(b)
    sync_material_steps(cancelled_item)
    assert MaterialStep.objects.filter(agenda_item=cancelled_item).exists()

    def plan_item(title, month, status=PlanItemStatus.NOT_STARTED):
        item = PlanItem.objects.create(body=body, year=2030, title=title, form=SupervisionForm.SPECIAL_REPORT,
                                       timing_kind=TimingKind.MONTH, start_month=month, status=status)
        ItemCommittee.objects.create(item=item, committee=b, role=ItemCommittee.Role.LEAD)
        return item

    o["march"] = plan_item("三月启动的事项", 3)
    plan_item("三月启动但已在准备的事项", 3, PlanItemStatus.PREPARING)
    plan_item("四月启动的事项", 4)

    deputy = Deputy.objects.create(body=body, term=term, name="提醒代表", gender="male", user=users["deputy"])

    def suggestion(number, status, **fields):
        s = Suggestion.objects.create(body=body, year=2030, number=number, title=f"第{number}号测试建议",
                                      raised_on=T - timedelta(days=120), status=status, **fields)
        Signature.objects.create(suggestion=s, deputy=deputy, role=Signature.Role.PROPOSER)
        return s

    o["due_soon"] = suggestion(1, SuggestionStatus.HANDLING, committee=a, lead_unit=unit1,
                               assigned_on=T - timedelta(days=80), reply_due_on=T + timedelta(days=7))
    for unit, role in ((unit1, Assignment.Role.LEAD), (unit2, Assignment.Role.CO)):
        Assignment.objects.create(suggestion=o["due_soon"], unit=unit, role=role, assigned_on=T - timedelta(days=80),
                                  due_on=T + timedelta(days=7), signed_on=T - timedelta(days=79))
    suggestion(2, SuggestionStatus.CLOSED, lead_unit=unit1, assigned_on=T - timedelta(days=80),
               reply_due_on=T + timedelta(days=7), replied_on=T - timedelta(days=30))
    o["unsigned"] = suggestion(3, SuggestionStatus.ASSIGNED, lead_unit=unit1, assigned_on=T - timedelta(days=5),
                               reply_due_on=T + timedelta(days=85))
    o["unsigned_assignment"] = Assignment.objects.create(
        suggestion=o["unsigned"], unit=unit1, role=Assignment.Role.LEAD, assigned_on=T - timedelta(days=5),
        due_on=T + timedelta(days=85))
    o["replied"] = suggestion(4, SuggestionStatus.REPLIED, lead_unit=unit2, assigned_on=T - timedelta(days=60),
                              reply_due_on=T + timedelta(days=30), replied_on=T - timedelta(days=2))

    o["opinion"] = ReviewOpinion.objects.create(agenda_item=o["item"], reporting_body=unit1, committee=b,
                                                sent_on=T - timedelta(days=50), due_on=T + timedelta(days=1))
    ReviewOpinion.objects.create(agenda_item=o["item"], reporting_body=unit2, committee=b,
                                 sent_on=T - timedelta(days=50), due_on=T + timedelta(days=1),
                                 response_on=T - timedelta(days=3))
    o["late"] = Rectification.objects.create(body=body, source=Rectification.Source.OPINION, reporting_body=unit2,
                                             committee=a, what="整改某问题", due_on=T - timedelta(days=3))
    Rectification.objects.filter(pk=o["late"].pk).update(created_at=_aware(T - timedelta(days=40)))
    done = Rectification.objects.create(body=body, source=Rectification.Source.OPINION, reporting_body=unit2,
                                        committee=a, what="已整改的问题", due_on=T - timedelta(days=3),
                                        status=Rectification.Status.CLOSED, closed_on=T - timedelta(days=10))
    Rectification.objects.filter(pk=done.pk).update(created_at=_aware(T - timedelta(days=40)))
    return World(body=body, users=users, objects=o)


def _aware(day):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(9)))


def expected_on_t(world) -> set[tuple]:
    """(kind, subject, step, username, reason) of every reminder day T must produce."""
    o = world.objects
    findings = f"materialstep:{o['findings'].pk}"
    s1 = f"suggestion:{o['due_soon'].pk}"
    return {
        ("materials", findings, "before-7", "w-lead-a", "committee"),
        ("materials", findings, "before-7", "w-office", "office"),
        ("plan_start", f"planitem:{o['march'].pk}", "start-2030-03", "w-lead-b", "committee"),
        ("suggestion_reply", s1, "r1-before-7", "w-unit-1", "unit"),
        ("suggestion_reply", s1, "r1-before-7", "w-lead-a", "supervising"),
        ("suggestion_reply", s1, "r1-before-7", "w-office", "office"),
        ("suggestion_sign", f"assignment:{o['unsigned_assignment'].pk}", "sign-overdue", "w-unit-1", "unit"),
        ("suggestion_sign", f"assignment:{o['unsigned_assignment'].pk}", "sign-overdue", "w-office", "office"),
        ("suggestion_feedback", f"suggestion:{o['replied'].pk}", "r1-feedback", "w-deputy", "deputy"),
        ("opinion_response", f"opinion:{o['opinion'].pk}", "before-1", "w-unit-1", "responding"),
        ("opinion_response", f"opinion:{o['opinion'].pk}", "before-1", "w-lead-b", "following"),
        ("rectification", f"rectification:{o['late'].pk}", "overdue", "w-unit-2", "responding"),
        ("rectification", f"rectification:{o['late'].pk}", "overdue", "w-lead-a", "following"),
    }


def produced(world) -> set[tuple]:
    from core.models import Notification

    return set(
        Notification.objects.filter(body=world.body).values_list("kind", "subject", "step", "recipient__username",
                                                                 "reason")
    )
