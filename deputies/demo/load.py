"""Example deputy work for Baiyun (issue 6, "Demo data"): liaison stations, deputies, their 2023
receptions, and the suggestions of 区十七届人大三次会议 and of 2023 between sessions in every state
of the handling lifecycle. Fictional but realistically sized; every row is marked is_example and
every name says 示例 (示例代表001, 示例物流有限公司…), so nobody takes it for real data.

- Stations: Baiyun's 24 镇街 each have a central station (ZX01–ZX24) and two or three area stations
  (PQ01–PQ51), as the 2023 deputy-work plan counts them (24 central, 51 area).
- 300 district deputies in 24 代表小组 (one per 镇街), assigned to their 镇街's stations; a few resigned
  or vacated in 2023; 2023 receptions, most deputies 3–6 times (a few below the target of 4).
- The session 区十七届人大三次会议 (its dates are assumed, see SESSION_START) with 192 suggestions, and
  7 raised between sessions in 2023, as the 2022 report counts them (seed 001).
- Deputies attending (列席) each standing-committee meeting held in 2023, a few each, and the two trainings
  of 2023 (TRAININGS) with their participants, so the year-end summary shows 列席 and 培训.

Suggestions are raised and moved through the lifecycle's steps, with past dates, so statuses, due dates,
the current round's derived fields and the timeline are those real handling leaves: deputies/demo/steps.py
writes what each step of deputies.suggestions.lifecycle writes, in bulk (one insert per table instead of
some 10,000 queries). The timeline's entry times (SuggestionEvent.at) and the rows' created_at are the day
each step happened, as if the office had entered them as they came. Deterministic (SEED). Stations,
deputies and receptions are plain rows, bulk-created too.

Called at the end of reports.demo.load_demo() (inside its transaction, scopes disabled); does
nothing if the body already has example stations.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from core.models import Committee, ReportingBody, Term
from deputies.demo.earlier import index_demo, load_earlier_years
from deputies.demo.names import (
    AREA_ORDINALS,
    CO_INPUT_TEXT,
    CONTACT_NOTES,
    EXTENSION_REASONS,
    RECEPTION_ISSUES,
    REPLY_TEXTS,
    SATISFIED_COMMENTS,
    SECTORS,
    SUPERVISION_NOTES,
    TOPIC_WEIGHTS,
    TOPICS,
    TOWNS,
    UNSATISFIED_COMMENTS,
)
from deputies.demo.steps import Steps
from deputies.demo.steps import at as _at
from deputies.models import (
    CongressSession,
    Contact,
    Deputy,
    MeetingAttendance,
    Reception,
    Station,
    Suggestion,
    Training,
)
from deputies.models.suggestions import FeedbackResult
from deputies.suggestions import lifecycle
from meetings.models import Meeting, MeetingKind
from supervision.opinions import add_months

SEED = 2023
TERM = 17
# Assumed: the seed documents name 区十七届人大三次会议 but not its dates.
SESSION_NUMBER, SESSION_NAME = 3, "区十七届人大三次会议"
SESSION_START, SESSION_END = date(2023, 1, 5), date(2023, 1, 8)
ASSIGNED_ON = date(2023, 2, 15)  # assumed: the session's suggestions handed out (交办会) in one meeting
SUPERVISING_LEADER = "常委会副主任 示例副主任"

# States of the 192 session suggestions; the rest of them are closed after one round.
SESSION_STATES = {
    "accepted": 1,  # accepted, not yet assigned
    "assigned": 3,  # assigned late in the year, not yet signed for
    "handling": 6,
    "ext_pending": 2,  # handling, an extension asked and not yet decided
    "ext_approved": 3,  # handling within an approved extension
    "ext_refused": 2,
    "replied": 14,  # replied, awaiting the deputy's feedback
    "rehandling": 5,  # 不满意: round 2 awaiting its reply
    "replied_round2": 2,  # 不满意, replied again, awaiting feedback on round 2
    "closed_round2": 5,  # 不满意, replied again, then 满意 / 基本满意
}
SESSION_COUNT = 192
# Between sessions: (raised on, state).
BETWEEN = [
    (date(2023, 3, 14), "closed"),
    (date(2023, 5, 9), "closed"),
    (date(2023, 6, 20), "replied"),
    (date(2023, 8, 15), "handling"),
    (date(2023, 10, 24), "assigned"),
    (date(2023, 11, 28), "accepted"),
    (date(2023, 12, 12), "accepted"),
]
KEY_COUNT = 5
# 2023's trainings: (title, first day, days, place, participants).
TRAININGS = [
    ("2023 年区人大代表履职能力提升培训班（示例）", date(2023, 4, 18), 3, "区委党校（示例）", 60),
    ("代表建议撰写与办理专题培训（示例）", date(2023, 9, 12), 1, "区人大常委会会议室（示例）", 40),
]
ATTENDING_PER_MEETING = (4, 8)  # deputies attending (列席) each standing-committee meeting held


def load_deputies_demo(body) -> None:
    """The example deputy work for the Baiyun demo body (see the module's docstring)."""
    if Station.objects.filter(body=body, is_example=True).exists():
        return
    term = Term.objects.filter(body=body, number=TERM).first()
    if term is None:
        return
    _Loader(body, term).load()


class _Loader:
    def __init__(self, body, term):
        self.body, self.term = body, term
        self.rng = random.Random(SEED)
        self.by = get_user_model().objects.filter(username="office").first()
        self.units = {u.name: u for u in ReportingBody.objects.filter(body=body)}
        self.committees = {c.short_name: c for c in Committee.objects.filter(body=body)}

    def load(self):
        self.make_stations()
        self.make_deputies()
        self.make_receptions()
        self.make_suggestions()
        self.make_attendance_and_training()
        # 2021 and 2022: earlier years' suggestions, repeats among them, and a thread (issue 22 §1).
        load_earlier_years(self.body, self.term, self.by, self.units, self.committees)
        index_demo(self.body)

    # --- stations -----------------------------------------------------------------------------

    def make_stations(self):
        centrals = Station.objects.bulk_create([
            Station(body=self.body, kind=Station.Kind.CENTRAL, number=f"ZX{i:02d}", name=f"{town}人大代表中心联络站",
                    town=town, address=f"广州市白云区{town}示例路{i}号（示例地址）", is_example=True)
            for i, (town, _, _) in enumerate(TOWNS, start=1)
        ])
        areas, n = [], 0
        for central, (town, _, area_count) in zip(centrals, TOWNS, strict=True):
            for k in range(area_count):
                n += 1
                areas.append(Station(
                    body=self.body, kind=Station.Kind.AREA, number=f"PQ{n:02d}", parent=central, town=town,
                    name=f"{town}第{AREA_ORDINALS[k]}片区人大代表联络站",
                    address=f"广州市白云区{town}示例社区{k + 1}号（示例地址）", is_example=True,
                ))
        areas = Station.objects.bulk_create(areas)
        self.stations_of = {c.town: [c, c] + [a for a in areas if a.parent_id == c.pk] for c in centrals}

    # --- deputies -----------------------------------------------------------------------------

    def make_deputies(self):
        rng = self.rng
        sectors, weights = zip(*[(s, w) for s, w, _ in SECTORS], strict=True)
        units_of = {s: units for s, _, units in SECTORS}
        deputies, n = [], 0
        for town, count, _ in TOWNS:
            stations = self.stations_of[town]
            for j in range(count):
                n += 1
                sector = rng.choices(sectors, weights)[0]
                deputies.append(Deputy(
                    body=self.body, term=self.term, code=f"BY17-{n:03d}", name=f"示例代表{n:03d}",
                    gender=Deputy.Gender.FEMALE if rng.random() < 0.36 else Deputy.Gender.MALE,
                    is_provincial=rng.random() < 0.015, is_city=rng.random() < 0.1,
                    is_town=town.endswith("镇") and rng.random() < 0.35,
                    group=f"{town}代表小组", constituency=f"{town}第{j // 4 + 1}选区",
                    station=stations[j % len(stations)], sector=sector,
                    work_unit=rng.choice(units_of[sector]).format(town=town),
                    phone=f"1380000{n:04d}", address=f"广州市白云区{town}示例路{rng.randint(1, 300)}号（示例地址）",
                    elected_on=self.term.start, is_example=True,
                ))
        # A few left during 2023 (辞职, 代表资格终止), with the day it happened.
        left = rng.sample(range(len(deputies)), 6)
        for k, index in enumerate(left):
            deputy = deputies[index]
            deputy.status = Deputy.Status.RESIGNED if k < 4 else Deputy.Status.VACATED
            deputy.status_on = date(2023, 3 + k, 10 + k)
        self.deputies = Deputy.objects.bulk_create(deputies)
        self.town_of = {d.pk: d.group.removesuffix("代表小组") for d in self.deputies}

    # --- receptions ---------------------------------------------------------------------------

    def make_receptions(self):
        """Each station receives voters on eight days of 2023; each deputy attends 1–6 of its days."""
        rng = self.rng
        days_of, attending = {}, {}
        for i, station in enumerate({s.pk: s for ss in self.stations_of.values() for s in ss}.values()):
            months = sorted(rng.sample(range(1, 13), 8))
            days_of[station.pk] = [date(2023, m, 5 + (i * 3 + m) % 22) for m in months]
        for deputy in self.deputies:
            count = rng.choices((1, 2, 3, 4, 5, 6), (2, 6, 14, 30, 28, 20))[0]
            days = days_of[deputy.station_id]
            if deputy.status_on:  # only the days before they left
                days = [d for d in days if d < deputy.status_on] or days[:1]
            for day in rng.sample(days, min(count, len(days))):
                attending.setdefault((deputy.station_id, day), []).append(deputy.pk)
        keys = sorted(attending)
        receptions = Reception.objects.bulk_create([
            Reception(station_id=station, held_on=day, voters=rng.randint(3, 24), is_example=True,
                      issues="\n".join(rng.sample(RECEPTION_ISSUES, rng.randint(1, 3))), created_by=self.by,
                      created_at=_at(day, 17))
            for station, day in keys
        ])
        through = Reception.deputies.through
        through.objects.bulk_create([
            through(reception_id=r.pk, deputy_id=d) for r, key in zip(receptions, keys, strict=True)
            for d in attending[key]
        ])

    # --- 列席 and training -----------------------------------------------------------------------

    def make_attendance_and_training(self):
        """A few serving deputies attend each standing-committee meeting held in 2023; two trainings."""
        rng = random.Random(SEED + 1)  # its own stream: the rows above stay as they were
        serving = [d.pk for d in self.deputies if d.status == Deputy.Status.SERVING]
        meetings = Meeting.objects.filter(body=self.body, year=2023, kind=MeetingKind.STANDING,
                                          status=Meeting.Status.HELD).order_by("date", "pk")
        MeetingAttendance.objects.bulk_create([
            MeetingAttendance(body=self.body, meeting=meeting, deputy_id=deputy, created_by=self.by,
                              created_at=_at(meeting.date, 18), is_example=True)
            for meeting in meetings
            for deputy in sorted(rng.sample(serving, rng.randint(*ATTENDING_PER_MEETING)))
        ])
        for title, held_on, days, place, count in TRAININGS:
            training = Training.objects.create(body=self.body, title=title, held_on=held_on, days=days, place=place,
                                               note="示例数据：课程含代表履职、建议撰写和联络站工作。",
                                               created_by=self.by, created_at=_at(held_on, 9), is_example=True)
            training.participants.set(rng.sample(serving, count))

    # --- suggestions --------------------------------------------------------------------------

    def make_suggestions(self):
        rng = self.rng
        self.session = CongressSession.objects.create(
            body=self.body, term=self.term, number=SESSION_NUMBER, name=SESSION_NAME,
            start_on=SESSION_START, end_on=SESSION_END,
        )
        states = [s for s, n in SESSION_STATES.items() for _ in range(n)]
        states += ["closed"] * (SESSION_COUNT - len(states))
        rng.shuffle(states)
        # Closed ones that had an approved extension, or whose reply came late.
        closed = [i for i, s in enumerate(states) if s == "closed"]
        extended = set(rng.sample(closed, 6))
        late = set(rng.sample([i for i in closed if i not in extended], 14))
        key_candidates = [i for i, s in enumerate(states) if s in ("closed", "handling", "ext_approved", "rehandling")]
        key = set(rng.sample(key_candidates, KEY_COUNT))
        self.titles = set()
        self.serving = [d for d in self.deputies if d.status == Deputy.Status.SERVING]
        self.key_done = 0
        self.steps = Steps(self.body, self.by)
        for i, state in enumerate(states):
            raised_on = SESSION_START + timedelta(days=rng.randint(0, (SESSION_END - SESSION_START).days))
            assigned_on = date(2023, 12, 18) if state == "assigned" else ASSIGNED_ON
            self.one(state, number=i + 1, session=self.session, year=2023, raised_on=raised_on,
                     assigned_on=assigned_on, extended=i in extended, late=i in late, key=i in key)
        for n, (raised_on, state) in enumerate(BETWEEN, start=1):
            self.one(state, number=n, session=None, year=2023, raised_on=raised_on,
                     assigned_on=raised_on + timedelta(days=rng.randint(12, 20)), extended=False, late=False, key=False)
        self.steps.save()

    def pick_topic(self, town):
        rng = self.rng
        for _ in range(20):
            topic = rng.choices(TOPICS, TOPIC_WEIGHTS)[0]
            title = rng.choice(topic[4]).format(town=town)
            if title not in self.titles:
                break
        self.titles.add(title)
        return topic, title

    def one(self, state, *, number, session, year, raised_on, assigned_on, extended, late, key):
        rng, steps = self.rng, self.steps
        proposer = rng.choice(self.serving)
        town = self.town_of[proposer.pk]
        (category, committee, lead, co_units, _, background, measures), title = self.pick_topic(town)
        group = [d for d in self.serving if d is not proposer and self.town_of[d.pk] == town]
        count = rng.choices((0, 1, 2, 3, 5, 8), (35, 12, 12, 10, 16, 15))[0]
        cosigners = rng.sample(group, min(count, len(group)))
        first, second = rng.sample(measures, 2) if len(measures) > 1 else (measures[0], "加强督促检查")
        s = steps.create_suggestion(
            title=title, raised_on=raised_on, proposer=proposer, year=year, session=session, number=number,
            content=f"（示例数据）{town}{background}。为此建议：一是{first}；二是{second}。",
            category=category, committee=self.committees.get(committee), cosigners=tuple(cosigners),
        )
        if state == "accepted":
            return
        lead_unit = self.units[lead]
        co = [self.units[u] for u in co_units if u in self.units]
        co = rng.sample(co, rng.choice((0, 0, 0, 1, len(co)))) if co else []
        steps.assign(s, assigned_on=assigned_on, lead_unit=lead_unit, co_units=co)
        if state == "assigned":
            return
        signed = assigned_on + timedelta(days=rng.choice((1, 1, 2, 2, 3, 5)))
        steps.sign_for(s, lead_unit, signed_on=signed)
        for unit in co:
            steps.sign_for(s, unit, signed_on=assigned_on + timedelta(days=rng.randint(1, 4)))

        # Contacts: most suggestions; somewhat over half of them face to face or by joint research.
        contacted = rng.random() < 0.95
        in_person = contacted and rng.random() < 0.6
        ways = iter(self.ways(in_person))
        if contacted:
            self.contact(s, lead_unit, Contact.Stage.BEFORE, next(ways), signed + timedelta(days=rng.randint(3, 20)))
        if key:
            self.supervise(s, assigned_on)

        due = s.reply_due_on
        if state.startswith("ext_") or extended:
            asked = due - timedelta(days=rng.randint(10, 20))
            wanted = min(add_months(due, rng.choice((1, 2, 3))), lifecycle.latest_due_allowed(self.body, assigned_on))
            ext = steps.ask_extension(s, asked_on=asked, reason=rng.choice(EXTENSION_REASONS), requested_due_on=wanted)
            if state != "ext_pending":
                approve = state != "ext_refused"
                steps.decide_extension(s, ext, approve=approve, decided_on=asked + timedelta(days=rng.randint(2, 6)),
                                       note="" if approve else "理由不充分，请按期答复。")
                due = s.reply_due_on
        for unit in co:
            steps.record_co_input(s, unit, input_on=assigned_on + timedelta(days=rng.randint(14, 34)),
                                  text=CO_INPUT_TEXT)
        if state in ("handling", "ext_pending", "ext_approved", "ext_refused"):
            if contacted and rng.random() < 0.3:
                self.contact(s, lead_unit, Contact.Stage.DURING, next(ways), assigned_on + timedelta(days=40))
            return

        if contacted and rng.random() < 0.25:
            during = assigned_on + timedelta(days=rng.randint(35, 50))
            self.contact(s, lead_unit, Contact.Stage.DURING, next(ways), during)
        replied_on = (due + timedelta(days=rng.randint(4, 40)) if late
                      else due - timedelta(days=rng.randint(0, 30)))
        rehandled = state in ("rehandling", "replied_round2", "closed_round2")
        reply_class = (rng.choices("BCD", (2, 3, 2))[0] if rehandled else rng.choices("ABCD", (46, 36, 12, 6))[0])
        steps.reply(s, replied_on=replied_on, reply_class=reply_class, text=REPLY_TEXTS[reply_class])
        if contacted and rng.random() < 0.45:
            self.contact(s, lead_unit, Contact.Stage.AFTER, next(ways), replied_on + timedelta(days=rng.randint(1, 6)))
        if state == "replied":
            return

        given_on = replied_on + timedelta(days=rng.randint(8, 30))
        if not rehandled:
            self.close(s, given_on)
            return
        steps.give_feedback(s, result=FeedbackResult.UNSATISFIED, comment=rng.choice(UNSATISFIED_COMMENTS),
                            given_on=given_on)
        if state == "rehandling":
            return
        # Round 2: the unit meets the deputy and replies again within the re-handling time.
        self.contact(s, lead_unit, Contact.Stage.DURING, Contact.Way.FACE, given_on + timedelta(days=rng.randint(3, 8)))
        second_on = given_on + timedelta(days=rng.randint(12, 28))
        second_class = rng.choice("AB")
        steps.reply(s, replied_on=second_on, reply_class=second_class, text=REPLY_TEXTS[second_class])
        if state == "closed_round2":
            self.close(s, second_on + timedelta(days=rng.randint(5, 20)))

    def ways(self, in_person):
        """The ways of a suggestion's contacts in order: by phone, with one in person if `in_person`."""
        rng = self.rng
        ways = [Contact.Way.PHONE] * 4
        if in_person:
            ways[rng.choice((0, 0, 1))] = rng.choices((Contact.Way.FACE, Contact.Way.RESEARCH), (3, 2))[0]
        return ways

    def contact(self, s, unit, stage, way, on):
        self.steps.add_contact(s, unit, stage=stage, way=way, contacted_on=on, note=self.rng.choice(CONTACT_NOTES[way]))

    def close(self, s, given_on):
        result = FeedbackResult.SATISFIED if self.rng.random() < 0.78 else FeedbackResult.BASIC
        self.steps.give_feedback(s, result=result, comment=self.rng.choice(SATISFIED_COMMENTS), given_on=given_on)

    def supervise(self, s, assigned_on):
        """重点督办 by the vice-chair or the supervising committee, with progress notes."""
        k, self.key_done = self.key_done, self.key_done + 1
        since = assigned_on + timedelta(days=10)
        leader = SUPERVISING_LEADER if k % 3 != 2 else ""
        committee = s.committee if k % 3 != 0 or s.committee is None else None
        self.steps.set_key_supervision(s, leader=leader, committee=committee, since=since,
                                       note="定期听取办理进展，推动建议落地见效（示例）。")
        for n, text in enumerate(SUPERVISION_NOTES[: 1 + k % 3]):
            self.steps.add_supervision_note(s, on=since + timedelta(days=15 + 20 * n), text=text)


def delete_deputy_work(bodies) -> None:
    """Remove the deputy work of `bodies` (a Body queryset) in an order its PROTECT keys allow, so that
    the bodies themselves can then be deleted (tests that start from an empty database)."""
    Suggestion.objects.filter(body__in=bodies).delete()  # with its signatures, assignments, replies, events…
    CongressSession.objects.filter(body__in=bodies).delete()
    Reception.objects.filter(station__body__in=bodies).delete()
    MeetingAttendance.objects.filter(body__in=bodies).delete()
    Training.objects.filter(body__in=bodies).delete()
    Deputy.objects.filter(body__in=bodies).delete()
    Station.objects.filter(body__in=bodies).delete()
