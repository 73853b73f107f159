"""Demo data: one body's year read from readable TOML files (fixtures/<dir>/), and the demo users.

A fixture directory holds body.toml, committees.toml, reporting_bodies.toml, meetings.toml and the
plan files body.toml lists. Plans refer to committees by any of their names, to reporting bodies by
name or alias, to agenda items as "<meeting key>-<order>" (e.g. "13-2"), and to a matter defined
in an earlier plan by its key (item = "guotu-guihua"), so one matter is one PlanItem however many
plans list it. Every reference is checked; a bad one raises FixtureError naming file and entry,
and nothing is saved.

The body, its terms, committees, reporting bodies, meetings and plans are saved one by one (few rows,
each checked against the database's unique rules). Agenda items, plan items, sections, plan entries and
their links are many plain rows: each is checked (full_clean, the loader's own checks for uniqueness)
as it is read, then each table is written with one bulk insert, in the order the entries were read.
"""

import re
import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_scopes import scopes_disabled

from core.models import Body, BodyMembership, Committee, CommitteeMembership, ReportingBody, Term
from core.roles import ensure_roles
from deputies.demo.accounts import load_portal_demo
from deputies.demo.load import load_deputies_demo
from meetings.materials import default_committee_ids, recompute_meeting
from meetings.models import AgendaItem, MaterialStep, Meeting, MeetingKind
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
from supervision.demo.results import load_followup_demo, load_supervision_demo

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "baiyun-2023"
DEMO_PASSWORD = "renda-demo"
DEMO_NOTE = "演示数据"
DEMO_MAIL_DOMAIN = "renda.example"

# username, first_name, role group, superuser, (committee short name, role) or None.
# The body's administrator is no superuser: superusers belong to no body (DEMO_PLATFORM_ADMIN).
DEMO_USERS = [
    ("admin", "系统管理员演示账号", "系统管理员", False, None),
    ("office", "办公室演示账号", "办公室", False, None),
    ("director", "主任会议演示账号", "主任会议成员", False, None),
    ("lead-caijing", "财经工委负责人演示账号", "委员会成员", False, ("财经工委", CommitteeMembership.Role.LEAD)),
    ("lead-shehui", "社会建设工委负责人演示账号", "委员会成员", False, ("社会建设工委", CommitteeMembership.Role.LEAD)),
]


# The platform administrator: a superuser of no body, who creates bodies and appoints their administrators.
DEMO_PLATFORM_ADMIN = ("platform", "平台管理员演示账号")


class FixtureError(Exception):
    """A fixture file is malformed or refers to something that does not exist."""


def demo_body_name() -> str:
    with open(DEMO_DIR / "body.toml", "rb") as f:
        return tomllib.load(f)["name"]


def load_body_dir(path: Path) -> Body:
    """Load one fixture directory as a new body; all or nothing."""
    path = Path(path)
    with transaction.atomic(), scopes_disabled():
        return _Loader(path).load()


def load_demo() -> Body:
    """The Baiyun 2023 demo: its data, the role groups and the demo users (password renda-demo)."""
    with transaction.atomic(), scopes_disabled():
        body = load_body_dir(DEMO_DIR)
        groups = ensure_roles()
        User = get_user_model()
        # One hash for every new demo account: they share the published password, and each hash takes
        # about 0.3 s (PBKDF2), most of the load's time after the bulk inserts.
        password = make_password(DEMO_PASSWORD)
        users = {}
        for username, first_name, role, superuser, committee in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username)
                user.password = password  # saved below
            user.first_name = first_name
            user.email = f"{username}@{DEMO_MAIL_DOMAIN}"  # reminders go to the console in development
            user.is_superuser = superuser
            user.is_staff = superuser
            user.save()
            user.groups.add(groups[role])
            BodyMembership.objects.get_or_create(user=user, body=body)
            users[username] = user
            if committee:
                short_name, committee_role = committee
                CommitteeMembership.objects.update_or_create(
                    user=user,
                    committee=Committee.objects.get(body=body, short_name=short_name),
                    defaults={"role": committee_role},
                )
        _ensure_platform_admin(User, password)
        # Meetings already held had their agenda fixed; say so, three weeks before each (an example
        # date), so reminders about unfixed agendas only concern meetings still to come.
        for meeting in Meeting.objects.filter(body=body, status=Meeting.Status.HELD, date__isnull=False):
            meeting.agenda_fixed_on = meeting.date - timedelta(days=21)
            meeting.save(update_fields=["agenda_fixed_on"])
        # The office keeps the plan's statuses; show it as the one who recorded the demo steps.
        StatusChange.objects.filter(item__body=body, by__isnull=True).update(by=users["office"])
        MaterialStep.objects.filter(
            agenda_item__meeting__body=body, done_on__isnull=False, done_by__isnull=True
        ).update(done_by=users["office"])
        # Supervision examples: evaluations and livelihood projects, then review opinions,
        # follow-up, inspections and inquiries (supervision/demo/results.py).

        load_supervision_demo(body)
        load_followup_demo(body)
        # Deputy work: stations, deputies, receptions and suggestions (deputies/demo/load.py).

        load_deputies_demo(body)
        # Accounts of a deputy and a handling unit, with work waiting in their portals.

        load_portal_demo(body)
    return body


def _ensure_platform_admin(User, password: str) -> None:
    """`password`: DEMO_PASSWORD hashed."""
    username, first_name = DEMO_PLATFORM_ADMIN
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_superuser(username, email=f"{username}@{DEMO_MAIL_DOMAIN}", first_name=first_name)
        user.password = password
        user.save(update_fields=["password"])


# --- parsing helpers ------------------------------------------------------------------------

_AGENDA_FORMS = {label: value for value, label in AgendaItem.Form.choices}
_SUPERVISION_FORMS = {label: value for value, label in SupervisionForm.choices}
# Longest first, so 听取和审议 is not taken for 听取.
_AGENDA_VERBS = sorted(["听取和审议", "审查和批准", "审议", "听取"], key=len, reverse=True)
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _choice(value, choices: dict, where: str, what: str) -> str:
    """Accept a choice by its Chinese label or its stored value."""
    if value in choices:
        return choices[value]
    if value in choices.values():
        return value
    raise FixtureError(f"{where}：{what}“{value}”无效，可用：{'、'.join(choices)}")


def parse_timing(text: str, where: str) -> dict:
    """'5月', '3-6月', '7月底', '全年', '第四季度', '待定' → PlanItem timing fields."""
    t = re.sub(r"\s+", "", str(text))
    fields = {"start_month": None, "end_month": None, "quarter": None}
    if t == "全年":
        return {**fields, "timing_kind": TimingKind.YEAR}
    if t == "待定":
        return {**fields, "timing_kind": TimingKind.UNDETERMINED}
    if m := re.fullmatch(r"第([一二三四])季度", t):
        return {**fields, "timing_kind": TimingKind.QUARTER, "quarter": _QUARTERS[m[1]]}
    if m := re.fullmatch(r"(\d{1,2})月底", t):
        fields.update(timing_kind=TimingKind.DEADLINE, end_month=int(m[1]))
    elif m := re.fullmatch(r"(\d{1,2})-(\d{1,2})月", t):
        fields.update(timing_kind=TimingKind.RANGE, start_month=int(m[1]), end_month=int(m[2]))
        if fields["start_month"] >= fields["end_month"]:
            raise FixtureError(f"{where}：时间“{text}”的起止月份有误")
    elif m := re.fullmatch(r"(\d{1,2})月", t):
        fields.update(timing_kind=TimingKind.MONTH, start_month=int(m[1]))
    else:
        raise FixtureError(f"{where}：无法识别时间“{text}”（可写：5月、3-6月、7月底、全年、第四季度、待定）")
    for month in (fields["start_month"], fields["end_month"]):
        if month is not None and not 1 <= month <= 12:
            raise FixtureError(f"{where}：时间“{text}”的月份超出 1-12")
    return fields


class _Loader:
    def __init__(self, path: Path):
        self.path = path
        self.body: Body | None = None
        self.terms: dict[int, Term] = {}
        self.committees: dict[str, Committee] = {}  # every written form → committee
        self.reporting: dict[str, ReportingBody] = {}  # name or alias → reporting body
        self.meetings: dict[str, Meeting] = {}  # key ("13", "主任17") → meeting
        self.agenda: dict[str, AgendaItem] = {}  # "13-2" → agenda item
        self.agenda_units: dict[int, list[ReportingBody]] = {}  # id(agenda item) → its reporting bodies
        self.items: dict[str, tuple[PlanItem, str]] = {}  # key → (item, where defined)
        self.all_items: list[PlanItem] = []
        # Read and checked, written in bulk by write_plans(): rows of each table in reading order.
        self.sections: list[Section] = []
        self.entries: list[PlanEntry] = []
        self.listed: set[tuple[int, int]] = set()  # (id(plan), id(item)) of the entries read
        self.responsibilities: list[ItemCommittee] = []
        self.item_units: dict[int, list[ReportingBody]] = {}  # id(item) → its reporting bodies
        self.heard_at: dict[int, list[AgendaItem]] = {}  # id(item) → the agenda items that hear it
        self.status_changes: list[StatusChange] = []

    # -- files and checks --

    def read(self, name: str) -> dict:
        file = self.path / name
        if not file.is_file():
            raise FixtureError(f"{file}：文件不存在")
        try:
            with open(file, "rb") as f:
                return tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            raise FixtureError(f"{file}：TOML 格式错误：{e}") from e

    @staticmethod
    def check_keys(table: dict, allowed: set[str], required: set[str], where: str):
        unknown = set(table) - allowed
        if unknown:
            raise FixtureError(f"{where}：未知字段 {'、'.join(sorted(unknown))}")
        missing = required - set(table)
        if missing:
            raise FixtureError(f"{where}：缺少字段 {'、'.join(sorted(missing))}")

    @classmethod
    def save(cls, obj, where: str, exclude=None):
        """full_clean then save, so lengths, choices and unique rules fail with the entry named."""
        cls.check(obj, where, exclude, in_database=True)
        obj.save()
        return obj

    @staticmethod
    def check(obj, where: str, exclude=None, *, in_database=False):
        """full_clean, naming the entry; without `in_database`, for a row written later in bulk: its foreign
        keys (excluded by the caller) are rows just read, and the loader checks what must be unique."""
        try:
            obj.full_clean(exclude=exclude, validate_unique=in_database, validate_constraints=in_database)
        except ValidationError as e:
            messages = "；".join(f"{field}: {' '.join(errs)}" for field, errs in e.message_dict.items())
            raise FixtureError(f"{where}：{messages}") from e
        return obj

    def committee(self, name: str, where: str) -> Committee:
        try:
            return self.committees[name]
        except KeyError:
            known = "、".join(sorted({c.short_name for c in self.committees.values()}))
            raise FixtureError(f"{where}：找不到委员会“{name}”（已有：{known}）") from None

    def reporting_body(self, name: str, where: str) -> ReportingBody:
        try:
            return self.reporting[name]
        except KeyError:
            raise FixtureError(f"{where}：找不到报告单位“{name}”（见 reporting_bodies.toml）") from None

    def agenda_item(self, ref: str, where: str) -> AgendaItem:
        try:
            return self.agenda[str(ref)]
        except KeyError:
            raise FixtureError(f"{where}：找不到议题“{ref}”（写作“会议 key-序号”，如 13-2，见 meetings.toml）") from None

    def meeting(self, key: str, where: str) -> Meeting:
        try:
            return self.meetings[str(key)]
        except KeyError:
            raise FixtureError(f"{where}：找不到会议“{key}”（见 meetings.toml 的 key）") from None

    # -- the load --

    def load(self) -> Body:
        spec = self.read("body.toml")
        self.load_body(spec)
        self.load_committees(self.read("committees.toml"))
        self.load_reporting_bodies(self.read("reporting_bodies.toml"))
        self.load_meetings(self.read("meetings.toml"))
        for name in spec["plans"]:
            self.load_plan(name, self.read(name))
        self.set_statuses()
        self.write_plans()
        self.set_agenda_committees()
        self.set_material_steps()
        return self.body

    def load_body(self, spec: dict):
        where = "body.toml"
        self.check_keys(
            spec, {"name", "area_name", "short_name", "level", "parent", "plans", "terms"},
            {"name", "area_name", "level", "plans", "terms"}, where,
        )
        if Body.objects.filter(name=spec["name"]).exists():
            raise FixtureError(f"{where}：人大常委会“{spec['name']}”已存在")
        parent = None
        if spec.get("parent"):
            parent = Body.objects.filter(name=spec["parent"]).first()
            if parent is None:
                raise FixtureError(f"{where}：找不到上级人大常委会“{spec['parent']}”")
        self.body = self.save(
            Body(
                name=spec["name"], area_name=spec["area_name"], short_name=spec.get("short_name", ""),
                level=spec["level"], parent=parent,
            ),
            where,
        )
        for i, t in enumerate(spec["terms"], 1):
            w = f"{where} 第 {i} 个 [[terms]]"
            self.check_keys(t, {"number", "start", "end"}, {"number", "start"}, w)
            term = Term(body=self.body, number=t["number"], start=t["start"], end=t.get("end"))
            self.terms[t["number"]] = self.save(term, w)

    def load_committees(self, spec: dict):
        pairs = []
        for i, c in enumerate(spec.get("committees", []), 1):
            where = f"committees.toml 第 {i} 个 [[committees]]（{c.get('name', '?')}）"
            self.check_keys(
                c, {"name", "short_name", "aliases", "kind", "paired_with", "active"}, {"name", "short_name", "kind"},
                where,
            )
            committee = self.save(
                Committee(
                    body=self.body, name=c["name"], short_name=c["short_name"], aliases=c.get("aliases", []),
                    kind=c["kind"], order=i, active=c.get("active", True),
                ),
                where,
            )
            for written in committee.all_names():
                other = self.committees.get(written)
                if other is not None and other != committee:
                    raise FixtureError(f"{where}：写法“{written}”与“{other.name}”重复，查找时无法区分")
                self.committees[written] = committee
            if c.get("paired_with"):
                pairs.append((committee, c["paired_with"], where))
        for committee, other_name, where in pairs:
            committee.paired_with = self.committee(other_name, where)
            self.save(committee, where)

    def load_reporting_bodies(self, spec: dict):
        for i, r in enumerate(spec.get("reporting_bodies", []), 1):
            where = f"reporting_bodies.toml 第 {i} 个 [[reporting_bodies]]（{r.get('name', '?')}）"
            self.check_keys(
                r, {"name", "aliases", "kind", "valid_from", "valid_to", "liaison"}, {"name", "kind"}, where
            )
            rb = self.save(
                ReportingBody(
                    body=self.body, name=r["name"], aliases=r.get("aliases", []), kind=r["kind"], order=i,
                    liaison_committee=self.committee(r["liaison"], where) if "liaison" in r else None,
                    valid_from=r.get("valid_from"), valid_to=r.get("valid_to"),
                ),
                where,
            )
            for written in [r["name"], *r.get("aliases", [])]:
                if written in self.reporting:
                    raise FixtureError(f"{where}：写法“{written}”重复")
                self.reporting[written] = rb

    def load_meetings(self, spec: dict):
        prefixes = {MeetingKind.STANDING: "", MeetingKind.CHAIRPERSONS: "主任", MeetingKind.CONGRESS: "大会"}
        for i, m in enumerate(spec.get("meetings", []), 1):
            where = f"meetings.toml 第 {i} 个 [[meetings]]（第 {m.get('number', '?')} 次）"
            self.check_keys(
                m,
                {"key", "kind", "term", "number", "year", "planned_month", "date", "date_assumed", "place", "status",
                 "agenda"},
                {"number"}, where,
            )
            kinds = {label: value for value, label in MeetingKind.choices}
            kind = _choice(m.get("kind", MeetingKind.STANDING), kinds, where, "会议类别")
            key = str(m.get("key", f"{prefixes[kind]}{m['number']}"))
            if key in self.meetings:
                raise FixtureError(f"{where}：会议 key“{key}”重复")
            if m.get("date_assumed") and not m.get("date"):
                raise FixtureError(f"{where}：date_assumed 需要同时给出 date")
            term_number = m.get("term")
            if term_number is None and len(self.terms) == 1:
                term_number = next(iter(self.terms))
            if term_number not in self.terms:
                raise FixtureError(f"{where}：找不到第 {term_number} 届（见 body.toml 的 [[terms]]）")
            meeting_date = m.get("date")
            year = m.get("year") or (meeting_date.year if isinstance(meeting_date, date) else None)
            if year is None:
                raise FixtureError(f"{where}：缺少 year（或 date）")
            meeting = self.save(
                Meeting(
                    body=self.body, term=self.terms[term_number], kind=kind, number=m["number"], year=year,
                    planned_month=m.get("planned_month"), date=meeting_date, date_assumed=m.get("date_assumed", False),
                    place=m.get("place", ""), status=m.get("status", Meeting.Status.PLANNED),
                ),
                where,
            )
            self.meetings[key] = meeting
            for j, a in enumerate(m.get("agenda", []), 1):
                self.load_agenda_item(meeting, key, j, a, f"{where} 第 {j} 项议题")
        # The agenda items in reading order, then who reports on each.
        items = AgendaItem.objects.bulk_create(list(self.agenda.values()))
        through = AgendaItem.reporting_bodies.through
        through.objects.bulk_create([
            through(agendaitem=item, reportingbody=rb) for item in items for rb in self.agenda_units[id(item)]
        ])

    def load_agenda_item(self, meeting: Meeting, key: str, position: int, a: dict, where: str):
        allowed = {"order", "title", "form", "inquiry", "evaluation", "reporting_bodies"}
        self.check_keys(a, allowed, {"title", "form"}, where)
        order = a.get("order", position)
        if order != position:
            raise FixtureError(f"{where}：order = {order}，但它是本会议第 {position} 项（漏项或顺序有误）")
        title = a["title"]
        form = _choice(a["form"], _AGENDA_FORMS, where, "议题形式")
        # The title says what happens; the flags must agree with it.
        verb = next((v for v in _AGENDA_VERBS if title.startswith(v)), None)
        if verb and _AGENDA_FORMS[verb] != form:
            raise FixtureError(f"{where}：议题以“{verb}”开头，form 却是“{a['form']}”")
        inquiry, evaluation = a.get("inquiry", False), a.get("evaluation", False)
        if inquiry != ("专题询问" in title):
            raise FixtureError(f"{where}：inquiry 与议题是否写“专题询问”不一致")
        if evaluation != ("满意度测评" in title):
            raise FixtureError(f"{where}：evaluation 与议题是否写“满意度测评”不一致")
        item = self.check(
            AgendaItem(meeting=meeting, order=order, title=title, form=form, has_inquiry=inquiry,
                       has_evaluation=evaluation),
            where, exclude=["meeting"],
        )
        # dict.fromkeys: a body named twice is linked once, as .set() would.
        self.agenda_units[id(item)] = list(dict.fromkeys(self.reporting_body(n, where)
                                                         for n in a.get("reporting_bodies", [])))
        self.agenda[f"{key}-{order}"] = item

    # -- plans --

    _ITEM_FIELDS = {
        "key", "number", "title", "focus", "form", "extra_forms", "reporting_bodies", "timing", "timing_note",
        "to_standing_meeting", "to_chairpersons_meeting", "leads", "helpers", "all_committees_help", "agenda",
        "principle",
    }
    # A reference to a matter defined earlier carries only where it sits in this plan. `wording` is
    # this plan's own phrasing of it, stored as PlanEntry.wording.
    _REFERENCE_FIELDS = {"item", "number", "wording"}

    def load_plan(self, file: str, spec: dict):
        where = file
        self.check_keys(
            spec, {"kind", "year", "title", "status", "adopted_at", "adopted_on", "sections", "items"},
            {"kind", "year", "title"}, where,
        )
        kind = _choice(spec["kind"], {lbl: v for v, lbl in PlanKind.choices}, where, "计划类别")
        adopted = bool(spec.get("adopted_at") or spec.get("adopted_on"))
        plan = self.save(
            AnnualPlan(
                body=self.body, year=spec["year"], kind=kind, title=spec["title"],
                status=spec.get("status", AnnualPlan.Status.ADOPTED if adopted else AnnualPlan.Status.DRAFT),
                adopted_at=self.meeting(spec["adopted_at"], where) if spec.get("adopted_at") else None,
                adopted_on=spec.get("adopted_on"),
            ),
            where,
        )
        order = 0
        # Items outside any section come first, as in a plan without headings.
        for i, entry in enumerate(spec.get("items", []), 1):
            order += 1
            self.load_entry(plan, None, order, entry, f"{file} 第 {i} 个 [[items]]")
        for s, sec in enumerate(spec.get("sections", []), 1):
            w = f"{file} 第 {s} 节（{sec.get('heading', '?')[:20]}）"
            self.check_keys(sec, {"heading", "declared_count", "items"}, {"heading"}, w)
            # The heading keeps the seed's "（共 N 项）"; the number in it and declared_count must agree.
            written = re.search(r"（共\s*(\d+)\s*项）", sec["heading"])
            declared = sec.get("declared_count", int(written[1]) if written else None)
            if written and int(written[1]) != declared:
                raise FixtureError(f"{w}：标题写“共 {written[1]} 项”，declared_count 却是 {declared}")
            section = self.check(Section(plan=plan, order=s, heading=sec["heading"], declared_count=declared), w,
                                 exclude=["plan"])
            self.sections.append(section)
            for i, entry in enumerate(sec.get("items", []), 1):
                order += 1
                self.load_entry(plan, section, order, entry, f"{w} 第 {i} 项（{entry.get('number', '')}）")

    def load_entry(self, plan: AnnualPlan, section: Section | None, order: int, entry: dict, where: str):
        if "item" in entry:
            self.check_keys(entry, self._REFERENCE_FIELDS, {"item"}, where + "（引用已定义的事项，只能写 item、number、wording）")
            key = entry["item"]
            if key not in self.items:
                raise FixtureError(f"{where}：事项 key“{key}”尚未定义（须在此前读入的计划中定义，读入顺序见 body.toml 的 plans）")
            item = self.items[key][0]
            if (id(plan), id(item)) in self.listed:
                raise FixtureError(f"{where}：事项“{key}”在本计划中已有条目，同一计划不能列两次")
        else:
            item = self.define_item(plan, entry, where)
        entry_row = PlanEntry(
            plan=plan, item=item, section=section, order=order,
            number=entry.get("number", ""), wording=entry.get("wording", ""),
        )
        self.entries.append(self.check(entry_row, where, exclude=["plan", "item", "section"]))
        self.listed.add((id(plan), id(item)))

    def define_item(self, plan: AnnualPlan, entry: dict, where: str) -> PlanItem:
        self.check_keys(entry, self._ITEM_FIELDS, {"title", "form", "timing"}, where)
        key = entry.get("key")
        if key is not None and key in self.items:
            raise FixtureError(f"{where}：事项 key“{key}”已在 {self.items[key][1]} 定义；再次列出请写 item = \"{key}\"")
        item = PlanItem(
            body=self.body, year=plan.year, title=entry["title"], focus=entry.get("focus", ""),
            form=_choice(entry["form"], _SUPERVISION_FORMS, where, "监督形式"),
            extra_forms=self.extra_forms(entry, where),
            timing_note=entry.get("timing_note", ""),
            to_standing_meeting=entry.get("to_standing_meeting", False),
            to_chairpersons_meeting=entry.get("to_chairpersons_meeting", False),
            all_committees_help=entry.get("all_committees_help", False),
            is_principle=self.principle(entry, where),
            **parse_timing(entry["timing"], where),
        )
        self.check(item, where, exclude=["body", "due_month"])
        item.due_month = item.compute_due_month()  # as PlanItem.save() derives it: bulk_create does not call save()
        self.item_units[id(item)] = list(dict.fromkeys(self.reporting_body(n, where)
                                                       for n in entry.get("reporting_bodies", [])))
        seen = set()
        roles = ((ItemCommittee.Role.LEAD, entry.get("leads", [])), (ItemCommittee.Role.HELPER, entry.get("helpers", [])))
        for role, names in roles:
            for name in names:
                committee = self.committee(name, where)
                if committee.pk in seen:
                    raise FixtureError(f"{where}：委员会“{name}”重复列出")
                seen.add(committee.pk)
                self.responsibilities.append(ItemCommittee(item=item, committee=committee, role=role))
        refs = entry.get("agenda", [])
        heard_at = self.heard_at[id(item)] = []
        for ref in [refs] if isinstance(refs, str) else refs:
            agenda_item = self.agenda_item(ref, where)
            if agenda_item not in heard_at:  # as .add() would, once
                heard_at.append(agenda_item)
        if key is not None:
            self.items[key] = (item, where)
        self.all_items.append(item)
        return item

    @staticmethod
    def principle(entry: dict, where: str) -> bool:
        """principle = true: a principle or an aim the plan states, not a task (PlanItem.is_principle); such an entry
        names no committee, meeting or agenda item, which are a task's."""
        value = entry.get("principle", False)
        if not isinstance(value, bool):
            raise FixtureError(f"{where}：principle 应写作 true 或 false")
        if value and any(entry.get(k) for k in ("leads", "helpers", "agenda", "to_standing_meeting",
                                                 "to_chairpersons_meeting")):
            raise FixtureError(f"{where}：principle = true 的条目是原则或目标，不能写负责单位、会议或议题")
        return value

    @staticmethod
    def extra_forms(entry: dict, where: str) -> list[str]:
        """extra_forms = ["满意度测评"]: the other forms the matter carries, by label or value (PlanItem.clean
        refuses the main form again)."""
        written = entry.get("extra_forms", [])
        if not isinstance(written, list):
            raise FixtureError(f"{where}：extra_forms 应写作列表，如 [\"满意度测评\"]")
        return [_choice(label, _SUPERVISION_FORMS, where, "其他监督形式") for label in written]

    def set_statuses(self):
        """Items heard at a meeting already held are reviewed, with the step on their timeline (written by
        write_plans); the rest have not started."""
        for item in self.all_items:
            held = [a.meeting.date for a in self.heard_at[id(item)] if a.meeting.status == Meeting.Status.HELD]
            if not held:
                continue
            item.status = PlanItemStatus.REVIEWED
            day = max((d for d in held if d), default=None)
            at = timezone.make_aware(datetime.combine(day, time(12))) if day else timezone.now()
            self.status_changes.append(StatusChange(
                item=item, from_status=PlanItemStatus.NOT_STARTED, to_status=PlanItemStatus.REVIEWED, at=at,
                note=DEMO_NOTE,
            ))

    def write_plans(self):
        """The plans' rows read and checked above, one insert per table, in reading order."""
        PlanItem.objects.bulk_create(self.all_items)
        Section.objects.bulk_create(self.sections)
        PlanEntry.objects.bulk_create(self.entries)
        ItemCommittee.objects.bulk_create(self.responsibilities)
        units = PlanItem.reporting_bodies.through
        units.objects.bulk_create([
            units(planitem=item, reportingbody=rb) for item in self.all_items for rb in self.item_units[id(item)]
        ])
        heard = AgendaItem.plan_items.through
        heard.objects.bulk_create([
            heard(agendaitem=agenda_item, planitem=item) for item in self.all_items
            for agenda_item in self.heard_at[id(item)]
        ])
        StatusChange.objects.bulk_create(self.status_changes)

    # -- who prepares each agenda item, and its materials ladder --

    def set_agenda_committees(self):
        """Each item's committees: its plan items' lead committees (meetings.materials.default_committee_ids)."""
        agenda_items = AgendaItem.objects.filter(pk__in=[a.pk for a in self.agenda.values()]).select_related(
            "meeting").prefetch_related("plan_items__responsibilities").order_by("pk")
        through = AgendaItem.committees.through
        through.objects.bulk_create([
            through(agendaitem_id=agenda_item.pk, committee_id=committee_id)
            for agenda_item in agenda_items for committee_id in default_committee_ids(agenda_item)
        ])

    def set_material_steps(self):
        """Every report item gets its ladder; the demo meetings are held, so each step was done on its due date."""
        for meeting in self.meetings.values():
            recompute_meeting(meeting)
            if meeting.status == Meeting.Status.HELD and meeting.date:
                MaterialStep.objects.filter(agenda_item__meeting=meeting, done_on__isnull=True).update(
                    done_on=F("due"), note=DEMO_NOTE,
                    recorded_at=timezone.make_aware(datetime.combine(meeting.date, time(12))),
                )
