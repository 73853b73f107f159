"""Deputies' and units' accounts and a small world of suggestions around them, for the party tests
(tests/deputies/test_suggestion_api_parties.py, tests/deputies/test_party_confinement.py).

The world, in one body, every step made through deputies.suggestions.lifecycle / deputies.suggestions.online:

- deputy A (the party deputy, user `party-deputy`) proposes `own` (co-signed by C) and co-signs
  `cosigned` (B's); B (user `party-deputy-b`) also proposes `b_own`; D is on none of A's;
- unit 甲 (the party unit, user `party-unit`) is lead on `own` and co-unit on `cosigned`; 乙 is the
  other unit on those two and alone on `b_own`; 丙 alone handles `far`;
- `draft` is B's draft naming A as co-signer (not A's to see before it is submitted);
- `withdrawn` was 甲's until the office approved its reassignment request and gave it to 丙.

Each record carries a text only it has (titles, notes, phones), so a page that shows it is caught.
Its dates count from the day it is built (World.today): a date taken at import goes stale when a run
crosses midnight.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.isolation_suggestions import office_user

# The world's suggestions were assigned this many days before it was built.
ASSIGNED_DAYS_AGO = 40


def deputy_user(deputy, username):
    """A deputy's account: the 人大代表 role, the deputy's body, linked to the roster entry."""
    from core.models import BodyMembership
    from core.roles import DEPUTY, ensure_roles

    user = get_user_model().objects.create_user(username, password="renda-demo", first_name=deputy.name)
    user.groups.add(ensure_roles()[DEPUTY])
    BodyMembership.objects.create(user=user, body=deputy.body)
    deputy.user = user
    deputy.save(update_fields=["user"])
    return user


def unit_user(unit, username, name, phone=""):
    """A handling unit's contact: the 承办单位联系人 role, the unit's body, a UnitContact row."""
    from core.models import BodyMembership, UnitContact
    from core.roles import UNIT_CONTACT, ensure_roles

    user = get_user_model().objects.create_user(username, password="renda-demo", first_name=name)
    user.groups.add(ensure_roles()[UNIT_CONTACT])
    BodyMembership.objects.create(user=user, body=unit.body)
    UnitContact.objects.create(unit=unit, user=user, name=name, phone=phone, level="handler")
    return user


@dataclass
class World:
    body: object
    units: dict  # mine, other, far
    deputies: dict  # a, b, c, d
    s: dict  # own, cosigned, b_own, far, draft, withdrawn
    users: dict  # deputy, deputy_b, unit, other_unit
    today: date  # the day the world was built
    phones: list = field(default_factory=list)
    addresses: list = field(default_factory=list)
    # Texts only the office may read: supervision notes, a reassignment reason, a co-unit's view of notes.
    secrets: dict = field(default_factory=dict)

    @property
    def assigned(self) -> date:
        """The day the office assigned the world's suggestions."""
        return self.today - timedelta(days=ASSIGNED_DAYS_AGO)

    def day(self, n: int) -> date:
        """A day n days after the assignment (never later than today in these tests)."""
        return self.assigned + timedelta(days=n)


def build_world(body) -> World:
    from core.models import ReportingBody
    from deputies.models import CongressSession, Deputy
    from deputies.suggestions import lifecycle, online

    today = timezone.localdate()
    assigned = today - timedelta(days=ASSIGNED_DAYS_AGO)
    office = office_user(body)
    units = {
        key: ReportingBody.objects.create(body=body, name=name, kind="department", order=190 + n)
        for n, (key, name) in enumerate([("mine", "隔离测试甲局"), ("other", "隔离测试乙局"), ("far", "隔离测试丙局")])
    }
    phones = ["13900001101", "13900001102", "13900001103", "13900001104"]
    addresses = ["隔离测试路1号", "隔离测试路2号", "隔离测试路3号", "隔离测试路4号"]
    deputies = {
        key: Deputy.objects.create(body=body, name=name, gender="female", phone=phones[n], address=addresses[n],
                                   code=f"ISO-{body.pk}-{n}")
        for n, (key, name) in enumerate([("a", "隔离代表甲"), ("b", "隔离代表乙"), ("c", "隔离代表丙"),
                                         ("d", "隔离代表丁")])
    }
    term = body.terms.order_by("-number").first()
    session = CongressSession.objects.create(body=body, term=term, number=93, name="隔离测试人大会议",
                                             start_on=assigned - timedelta(days=30))
    numbers = iter(range(1, 100))

    def make(title, proposer, cosigners=()):
        entry = lifecycle.NewSuggestion(title=title, raised_on=session.start_on, proposer=deputies[proposer],
                                        session=session, number=next(numbers), content=f"{title}的内容。",
                                        category="城建环保", cosigners=tuple(deputies[c] for c in cosigners))
        return lifecycle.create_suggestion(body, entry, office)

    def assign(s, lead, *co):
        return lifecycle.assign(s, assigned_on=assigned, lead_unit=units[lead], co_units=[units[c] for c in co],
                                by=office)

    day = assigned + timedelta(days=2)
    s = {}
    s["own"] = assign(make("隔离测试：城东排水管网改造", "a", ["c"]), "mine", "other")
    lifecycle.add_contact(s["own"], units["mine"], stage="before", way="face", contacted_on=day,
                          note="甲局面谈要点记录", by=office)
    lifecycle.record_co_input(s["own"], units["other"], input_on=day, text="乙局协办意见正文", by=office)
    lifecycle.set_key_supervision(s["own"], leader="常委会副主任 隔离某", since=day, note="督办要求每月报告一次",
                                  by=office)
    lifecycle.add_supervision_note(s["own"], on=day, text="督办组内部研判意见", by=office)

    s["cosigned"] = assign(make("隔离测试：西区学校扩建", "b", ["a"]), "other", "mine")
    lifecycle.add_contact(s["cosigned"], units["other"], stage="before", way="phone", contacted_on=day,
                          note="乙局电话沟通要点", by=office)
    ask = online.ask_reassignment(s["cosigned"], units["mine"], reason="甲局申请调整的内部理由", asked_on=day,
                                  by=office)
    online.decide_reassignment(ask, approve=False, decided_on=day, note="职能相关，请继续协办", by=office)

    s["b_own"] = assign(make("隔离测试：北郊菜市场改造", "b", ["d"]), "other")
    lifecycle.add_contact(s["b_own"], units["other"], stage="before", way="phone", contacted_on=day,
                          note="乙代表自己建议的沟通", by=office)
    s["far"] = assign(make("隔离测试：南湖公园步道修缮", "d"), "far")

    s["draft"] = online.save_draft(body, deputies["b"], title="隔离测试：乙代表尚未提交的草稿",
                                   content="草稿内容。", cosigners=[deputies["a"]], by=None)

    s["withdrawn"] = assign(make("隔离测试：已调走的老街路灯建议", "d"), "mine")
    ask = online.ask_reassignment(s["withdrawn"], units["mine"], reason="不属本局职能", asked_on=day, by=office)
    online.decide_reassignment(ask, approve=True, new_unit=units["far"], decided_on=day, by=office)

    users = {
        "deputy": deputy_user(deputies["a"], "party-deputy"),
        "deputy_b": deputy_user(deputies["b"], "party-deputy-b"),
        "unit": unit_user(units["mine"], "party-unit", "甲局联系人", phone="13800001101"),
        "other_unit": unit_user(units["other"], "party-unit-other", "乙局联系人", phone="13800001102"),
    }
    phones += ["13800001102"]
    from deputies.models import Suggestion

    s = {key: Suggestion.objects.get(pk=row.pk) for key, row in s.items()}
    # Texts for the office (and the unit that wrote them): a supervisors' progress note, a unit's reason
    # for asking to be relieved. The key-supervision note ("key_note") is addressed to the parties.
    secrets = {"supervision": "督办组内部研判意见", "key_note": "督办要求每月报告一次",
               "reassign_reason": "甲局申请调整的内部理由"}
    return World(body, units, deputies, s, users, today, phones, addresses, secrets)
