"""deputies/demo/steps.py writes, in bulk, what deputies.suggestions.lifecycle writes step by step: a second
copy that can drift. The same handful of example suggestions is built once through Steps and once through
the lifecycle, each in a fresh body of its own, and every row they leave is compared field by field."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from core.models import Body, Committee, ReportingBody, Term
from core.rules import rules_for
from deputies.demo.load import ASSIGNED_ON, SESSION_END, SESSION_NAME, SESSION_START, SUPERVISING_LEADER
from deputies.demo.names import (
    CO_INPUT_TEXT,
    CONTACT_NOTES,
    EXTENSION_REASONS,
    REPLY_TEXTS,
    SATISFIED_COMMENTS,
    SUPERVISION_NOTES,
    UNSATISFIED_COMMENTS,
)
from deputies.demo.steps import Steps, at
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
    Suggestion,
    SuggestionEvent,
)
from deputies.models.suggestions import FeedbackResult
from deputies.suggestions import lifecycle
from supervision.opinions import add_months

MODELS = (Suggestion, Signature, Assignment, Extension, Contact, Reply, Feedback, KeySupervision, SuggestionEvent)
# The lifecycle stamps these with the clock; Steps with the day of the step. Nothing else may differ.
WALL_CLOCK = {Suggestion: {"created_at"}, Reply: {"created_at"}, Feedback: {"created_at"}, SuggestionEvent: {"at"}}
# Long enough that the timeline keeps only its first 200 characters.
LONG_TEXT = "（示例）" + "承办单位逐项说明办理情况。" * 20

Stage, Way = Contact.Stage, Contact.Way


# --- the two ways of building -----------------------------------------------------------------------


class Lifecycle:
    """The lifecycle's functions behind Steps' signatures, so one script drives both."""

    def __init__(self, body, by):
        self.body, self.by = body, by

    def _after(self, s, row=None):
        # The lifecycle saves a locked copy; the script reads due dates from its own, as load.py does.
        s.refresh_from_db()
        return row

    def create_suggestion(self, *, title, raised_on, proposer, year, session, number, content, category, committee,
                          cosigners):
        entry = lifecycle.NewSuggestion(title=title, raised_on=raised_on, proposer=proposer, year=year,
                                        session=session, number=number, content=content, category=category,
                                        committee=committee, cosigners=cosigners)
        return lifecycle.create_suggestion(self.body, entry, self.by)

    def assign(self, s, **kwargs):
        return self._after(s, lifecycle.assign(s, by=self.by, **kwargs))

    def sign_for(self, s, unit, **kwargs):
        return self._after(s, lifecycle.sign_for(s, unit, by=self.by, **kwargs))

    def record_co_input(self, s, unit, **kwargs):
        return self._after(s, lifecycle.record_co_input(s, unit, by=self.by, **kwargs))

    def add_contact(self, s, unit, **kwargs):
        return self._after(s, lifecycle.add_contact(s, unit, by=self.by, **kwargs))

    def ask_extension(self, s, **kwargs):
        return self._after(s, lifecycle.ask_extension(s, by=self.by, **kwargs))

    def decide_extension(self, s, ext, **kwargs):
        return self._after(s, lifecycle.decide_extension(ext, by=self.by, **kwargs))

    def reply(self, s, **kwargs):
        return self._after(s, lifecycle.reply(s, by=self.by, **kwargs))

    def give_feedback(self, s, **kwargs):
        return self._after(s, lifecycle.give_feedback(s, by=self.by, **kwargs))

    def set_key_supervision(self, s, **kwargs):
        return self._after(s, lifecycle.set_key_supervision(s, by=self.by, **kwargs))

    def add_supervision_note(self, s, **kwargs):
        return self._after(s, lifecycle.add_supervision_note(s, by=self.by, **kwargs))

    def save(self):
        pass  # every step is saved as it happens


class Recording:
    """Notes which steps the script called, to show it exercises every one of Steps'."""

    def __init__(self, steps, called):
        self.steps, self.called = steps, called

    def __getattr__(self, name):
        self.called.add(name)
        return getattr(self.steps, name)


def world(tag, by):
    """A fresh body with the demo's session, units, committees and deputies; rules off the defaults,
    so that both ways must read the body's rules rather than assume them."""
    body = Body.objects.create(name=f"漂移测试{tag}区人大常委会", area_name="漂移测试区", level=Body.Level.COUNTY)
    rules = rules_for(body)
    rules.suggestion_reply_months, rules.co_unit_input_months = 4, 2
    rules.suggestion_max_months, rules.rehandle_reply_months = 8, 2
    rules.save()
    term = Term.objects.create(body=body, number=17, start=date(2021, 10, 1))
    session = CongressSession.objects.create(body=body, term=term, number=3, name=SESSION_NAME, start_on=SESSION_START,
                                             end_on=SESSION_END)
    committees = [Committee.objects.create(body=body, name=name, short_name=short, kind=Committee.Kind.WORKING)
                  for name, short in [("城乡建设环境保护工作委员会", "城建工委"), ("教育科学文化卫生工作委员会", "教科文卫工委")]]
    units = [ReportingBody.objects.create(body=body, name=name, kind=ReportingBody.Kind.DEPARTMENT, order=n)
             for n, name in enumerate(["区住房城乡建设局", "区交通运输局", "区教育局"])]
    deputies = [Deputy.objects.create(body=body, term=term, code=f"DRIFT-{n}", name=f"示例代表{n:03d}",
                                      gender=Deputy.Gender.MALE) for n in range(1, 6)]
    return SimpleNamespace(body=body, by=by, session=session, committees=committees, units=units, deputies=deputies)


# --- the example suggestions --------------------------------------------------------------------------
# Each follows deputies/demo/load.py's _Loader.one for one of its states; between them they call every
# step and take each branch of what a step writes (with/without co-units, cosigners, notes, a session;
# late and on time; approved, refused and pending extensions; both ends of feedback; round 2).


def script(api, w):
    u, c, d = w.units, w.committees, w.deputies

    def new(number, proposer, cosigners=(), *, session=w.session, raised_on=SESSION_START, committee=None,
            title="关于示例问题的建议"):
        return api.create_suggestion(
            title=title, raised_on=raised_on, proposer=proposer, year=2023, session=session, number=number,
            content=f"（示例数据）第{number}号建议的内容。", category="城建环保", committee=committee,
            cosigners=tuple(cosigners))

    # Between sessions, accepted and not yet assigned; no cosigners; a title entered with spaces.
    new(1, d[0], session=None, raised_on=date(2023, 11, 28), title="  关于闭会期间示例问题的建议 ")

    # Assigned late in the year to a lead unit and two co-units, not yet signed for.
    s = new(1, d[1], d[2:5], committee=c[0])
    api.assign(s, assigned_on=date(2023, 12, 18), lead_unit=u[0], co_units=[u[1], u[2]])

    # Closed after one round: an approved extension, a late co-unit and a late reply, 重点督办 by the
    # vice-chair and the committee with two progress notes, contacts before, during and after.
    s = new(2, d[3], [d[4]], committee=c[1])
    api.assign(s, assigned_on=ASSIGNED_ON, lead_unit=u[1], co_units=[u[0]])
    api.sign_for(s, u[1], signed_on=ASSIGNED_ON + timedelta(days=2))
    api.sign_for(s, u[0], signed_on=ASSIGNED_ON + timedelta(days=3))
    api.add_contact(s, u[1], stage=Stage.BEFORE, way=Way.FACE, contacted_on=ASSIGNED_ON + timedelta(days=9),
                    note=CONTACT_NOTES["face"][0])
    since = ASSIGNED_ON + timedelta(days=10)
    api.set_key_supervision(s, leader=SUPERVISING_LEADER, committee=s.committee, since=since,
                            note="定期听取办理进展，推动建议落地见效（示例）。")
    for n, text in enumerate(SUPERVISION_NOTES[:2]):
        api.add_supervision_note(s, on=since + timedelta(days=15 + 20 * n), text=text)
    due = s.reply_due_on
    asked = due - timedelta(days=12)
    wanted = min(add_months(due, 2), lifecycle.latest_due_allowed(w.body, ASSIGNED_ON))
    ext = api.ask_extension(s, asked_on=asked, reason=EXTENSION_REASONS[0], requested_due_on=wanted)
    api.decide_extension(s, ext, approve=True, decided_on=asked + timedelta(days=3), note="")
    api.record_co_input(s, u[0], input_on=ASSIGNED_ON + timedelta(days=70), text=CO_INPUT_TEXT)
    api.add_contact(s, u[1], stage=Stage.DURING, way=Way.PHONE, contacted_on=ASSIGNED_ON + timedelta(days=40),
                    note=f" {CONTACT_NOTES['phone'][1]}\n")
    replied_on = s.reply_due_on + timedelta(days=10)
    api.reply(s, replied_on=replied_on, reply_class="C", text=REPLY_TEXTS["C"])
    api.add_contact(s, u[1], stage=Stage.AFTER, way=Way.PHONE, contacted_on=replied_on + timedelta(days=3),
                    note=CONTACT_NOTES["phone"][2])
    api.give_feedback(s, result=FeedbackResult.SATISFIED, comment=SATISFIED_COMMENTS[2],
                      given_on=replied_on + timedelta(days=20))

    # Handling, its extension refused; the co-unit signs for it before the lead unit; 重点督办 by the
    # committee alone, no note; a contact with no note; the co-unit's input on time.
    s = new(3, d[2], [d[0], d[1], d[3]], committee=c[0])
    api.assign(s, assigned_on=ASSIGNED_ON, lead_unit=u[2], co_units=[u[0]])
    api.sign_for(s, u[0], signed_on=ASSIGNED_ON + timedelta(days=1))
    api.sign_for(s, u[2], signed_on=ASSIGNED_ON + timedelta(days=5))
    api.set_key_supervision(s, leader="", committee=c[0], since=ASSIGNED_ON + timedelta(days=10), note="")
    api.add_supervision_note(s, on=ASSIGNED_ON + timedelta(days=25), text=f"  {SUPERVISION_NOTES[2]}\n")
    ext = api.ask_extension(s, asked_on=s.reply_due_on - timedelta(days=15), reason=f" {EXTENSION_REASONS[1]} ",
                            requested_due_on=add_months(s.reply_due_on, 1))
    api.decide_extension(s, ext, approve=False, decided_on=s.reply_due_on - timedelta(days=11),
                         note="理由不充分，请按期答复。")
    api.record_co_input(s, u[0], input_on=ASSIGNED_ON + timedelta(days=14), text=f"{CO_INPUT_TEXT}  ")
    api.add_contact(s, u[2], stage=Stage.DURING, way=Way.OTHER, contacted_on=ASSIGNED_ON + timedelta(days=40), note="")

    # Handling, an extension asked and not yet decided, with a long reason.
    s = new(4, d[4])
    api.assign(s, assigned_on=ASSIGNED_ON, lead_unit=u[0], co_units=[])
    api.sign_for(s, u[0], signed_on=ASSIGNED_ON + timedelta(days=1))
    api.add_contact(s, u[0], stage=Stage.BEFORE, way=Way.RESEARCH, contacted_on=ASSIGNED_ON + timedelta(days=6),
                    note=CONTACT_NOTES["research"][1])
    api.ask_extension(s, asked_on=s.reply_due_on - timedelta(days=18), reason=LONG_TEXT,
                      requested_due_on=add_months(s.reply_due_on, 3))

    # 不满意, handled again and closed in round 2 (基本满意, no comment); 重点督办 by the vice-chair alone;
    # the co-unit's input and the first reply on their due days (still on time), the reply too long for
    # the timeline.
    s = new(5, d[0], [d[4]], committee=c[1])
    api.assign(s, assigned_on=ASSIGNED_ON, lead_unit=u[1], co_units=[u[2]])
    api.sign_for(s, u[1], signed_on=ASSIGNED_ON + timedelta(days=1))
    api.sign_for(s, u[2], signed_on=ASSIGNED_ON + timedelta(days=2))
    api.set_key_supervision(s, leader=SUPERVISING_LEADER, committee=None, since=ASSIGNED_ON + timedelta(days=10),
                            note="定期听取办理进展（示例）。")
    co_due = lifecycle.assignment_due_dates(rules_for(w.body), ASSIGNED_ON)[1]
    api.record_co_input(s, u[2], input_on=co_due, text=CO_INPUT_TEXT)
    replied_on = s.reply_due_on
    api.reply(s, replied_on=replied_on, reply_class="D", text=LONG_TEXT)
    given_on = replied_on + timedelta(days=9)
    api.give_feedback(s, result=FeedbackResult.UNSATISFIED, comment=UNSATISFIED_COMMENTS[0], given_on=given_on)
    api.add_contact(s, u[1], stage=Stage.DURING, way=Way.FACE, contacted_on=given_on + timedelta(days=4),
                    note=CONTACT_NOTES["face"][1])
    second_on = given_on + timedelta(days=20)
    api.reply(s, replied_on=second_on, reply_class="A", text=REPLY_TEXTS["A"])
    api.add_contact(s, u[1], stage=Stage.AFTER, way=Way.PHONE, contacted_on=second_on + timedelta(days=2),
                    note=CONTACT_NOTES["phone"][0])
    api.give_feedback(s, result=FeedbackResult.BASIC, comment="", given_on=second_on + timedelta(days=8))

    # 不满意 after an on-time reply; round 2's reply late, awaiting the deputy's feedback.
    s = new(6, d[1], [d[2]], committee=c[0])
    api.assign(s, assigned_on=ASSIGNED_ON, lead_unit=u[0], co_units=[])
    api.sign_for(s, u[0], signed_on=ASSIGNED_ON + timedelta(days=3))
    replied_on = s.reply_due_on - timedelta(days=30)
    api.reply(s, replied_on=replied_on, reply_class="B", text=REPLY_TEXTS["B"])
    given_on = replied_on + timedelta(days=15)
    api.give_feedback(s, result=FeedbackResult.UNSATISFIED, comment=f" {UNSATISFIED_COMMENTS[2]} ", given_on=given_on)
    api.reply(s, replied_on=s.reply_due_on + timedelta(days=6), reply_class="B", text="")

    api.save()


# --- comparing --------------------------------------------------------------------------------------


def rows(body) -> dict:
    """Every row of the body's suggestions, table by table in id order, as {field: value}; references
    by what they name (a suggestion by its place, a unit by its name…) since the ids differ."""
    suggestions = list(Suggestion.objects.filter(body=body).order_by("pk"))
    place = {s.pk: n for n, s in enumerate(suggestions)}

    def named(obj):
        if obj is None:
            return None
        if isinstance(obj, Body):
            return "the body"  # each way has its own
        if isinstance(obj, Suggestion):
            return ("suggestion", place[obj.pk])
        if isinstance(obj, Assignment):
            return ("assignment", place[obj.suggestion_id], obj.unit.name, obj.role)
        if isinstance(obj, Deputy):
            return ("deputy", obj.code)
        if isinstance(obj, get_user_model()):
            return ("user", obj.username)
        return (type(obj).__name__, obj.name)  # session, committee, unit

    def fields(row):
        out = {}
        for field in type(row)._meta.concrete_fields:
            if field.primary_key or field.name in WALL_CLOCK.get(type(row), ()):
                continue
            value = getattr(row, field.name)
            if field.is_relation:
                value = named(value)
            elif field.get_internal_type() == "FileField":
                value = value.name
            out[field.name] = value
        return out

    path = {Suggestion: "body", Extension: "assignment__suggestion__body"}
    return {model: [fields(row) for row in model.objects.filter(**{path.get(model, "suggestion__body"): body})
                    .order_by("pk")]
            for model in MODELS}


def differences(got: list, want: list) -> list:
    """(row number, field, Steps' value, the lifecycle's value) for every field that differs."""
    found = [(n, field, a.get(field), b.get(field)) for n, (a, b) in enumerate(zip(got, want, strict=False))
             for field in a.keys() | b.keys() if a.get(field) != b.get(field)]
    if len(got) != len(want):
        found.append(("rows", "count", len(got), len(want)))
    return found


@pytest.fixture
def built(db):
    by = get_user_model().objects.create_user("drift-office", password="x", first_name="漂移测试办公室")
    called = {"steps": set(), "lifecycle": set()}
    a, b = world("甲", by), world("乙", by)
    script(Recording(Steps(a.body, by), called["steps"]), a)
    script(Recording(Lifecycle(b.body, by), called["lifecycle"]), b)
    return rows(a.body), rows(b.body), called


def test_steps_writes_the_rows_the_lifecycle_writes(built):
    by_steps, by_lifecycle, called = built
    steps = {name for name, value in vars(Steps).items() if callable(value) and not name.startswith("_")}
    # A step added to Steps and not walked here would escape the comparison.
    assert called["steps"] == called["lifecycle"] == steps
    for model in MODELS:
        assert by_lifecycle[model], f"the script leaves no {model.__name__} rows to compare"
    # Steps marks its rows as examples; the lifecycle has no such notion (the one intended difference).
    assert all(row.pop("is_example") for row in by_steps[Suggestion])
    assert not any(row.pop("is_example") for row in by_lifecycle[Suggestion])
    drift = {model.__name__: found for model in MODELS
             if (found := differences(by_steps[model], by_lifecycle[model]))}
    assert drift == {}


def test_steps_dates_its_entries_on_the_day_of_the_step(built):
    """What replaces the wall clock in Steps: 9:00 of the day each step happened."""
    body = Body.objects.get(name="漂移测试甲区人大常委会")
    for event in SuggestionEvent.objects.filter(suggestion__body=body):
        assert event.at == at(event.on)
    for s in Suggestion.objects.filter(body=body):
        assert s.created_at == at(s.raised_on)
    for reply in Reply.objects.filter(suggestion__body=body):
        assert reply.created_at == at(reply.replied_on)
    for feedback in Feedback.objects.filter(suggestion__body=body):
        assert feedback.created_at == at(feedback.given_on)
