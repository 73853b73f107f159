"""代表履职登记与积分: each deputy's activities of a year, counted from what renda holds and what the office approved
of what the deputy declared, and the points of the body's rule (BodyRules, the rules page).

Counted activities (`key`, label: what is counted, in the year of)
    congress       出席人代会         SessionAttendance 出席 (congress session's opening date)
    standing       列席常委会会议     MeetingAttendance 出席 at a standing meeting not cancelled (the meeting's year)
    inspection     视察调研执法检查   the deputy among an Inspection's deputies (the inspection's year)
    reception      进站接待           the deputy among a Reception's deputies (its date)
    training       参加培训           a Training's participants (its date) + approved declared 参加培训
    theme          主题活动           approved declared 主题活动 (its date)
    voters_report  向选民述职         approved declared 向选民述职
    other          其他履职           approved declared 其他履职
    proposed       领衔建议议案       proposer of a suggestion or motion of the year accepted by the office
                                      (drafts, awaiting co-signers, awaiting review and returned ones not)
    cosigned       附议建议议案       co-signer of the same
    feedback       按期反馈           the proposer's feedback on a reply given within BodyRules.duty_feedback_days
                                      of that round's reply (the feedback's date)
    absent         无故缺席           SessionAttendance / MeetingAttendance 缺席 (a deduction; 请假 costs nothing)

activities = congress + standing + inspection + reception + training + theme + voters_report + other (the seed's
「每年参加活动不少于 4 次」, BodyRules.duty_min_activities); suggestions and feedback are duties, not activities.
points = Σ count × points of its type − absent × BodyRules.duty_points_absent.

`duty_record(body, year)` makes one grouped query per source (ten in all) whatever the number of deputies and
rows. A frozen year (DutyYearResult, 定稿) keeps its counts, points and rule; `result()` returns it in place of the
live computation, so a later change of the rule moves only the years not frozen.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, DateField, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from core.models.rules import DUTY_RULE_FIELDS
from core.rules import rules_for
from core.year_results import FreezeError, freeze_year  # noqa: F401  (FreezeError: what freeze raises)
from deputies.models import (
    DeclaredActivity,
    Deputy,
    DutyYearResult,
    Feedback,
    MeetingAttendance,
    Reception,
    Reply,
    SessionAttendance,
    Signature,
    Training,
)
from deputies.models.suggestions import SuggestionStatus
from meetings.models import Meeting, MeetingKind
from supervision.models import Inspection

S = SuggestionStatus
NOT_ACCEPTED = (S.DRAFT, S.CONFIRMING, S.SUBMITTED, S.RETURNED)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    points_field: str
    is_activity: bool
    unit: str = "次"


KINDS = [
    Kind("congress", "出席人代会", "duty_points_congress", True),
    Kind("standing", "列席常委会会议", "duty_points_standing", True),
    Kind("inspection", "视察调研", "duty_points_inspection", True),
    Kind("reception", "进站接待", "duty_points_reception", True),
    Kind("training", "参加培训", "duty_points_training", True),
    Kind("theme", "主题活动", "duty_points_theme", True),
    Kind("voters_report", "向选民述职", "duty_points_voters_report", True),
    Kind("other", "其他履职", "duty_points_other", True),
    Kind("proposed", "领衔建议议案", "duty_points_proposed", False, "件"),
    Kind("cosigned", "附议建议议案", "duty_points_cosigned", False, "件"),
    Kind("feedback", "按期反馈", "duty_points_feedback", False),
]
BY_KEY = {k.key: k for k in KINDS}
DECLARED_KEYS = {"training": "training", "theme": "theme", "voters_report": "voters_report", "other": "other"}


def rule_params(rules) -> dict:
    return {
        "points": {k.key: getattr(rules, k.points_field) for k in KINDS},
        "absent": rules.duty_points_absent,
        "min_activities": rules.duty_min_activities,
        "feedback_days": rules.duty_feedback_days,
    }


def _grouped(queryset, deputy_field="deputy_id", **counts) -> dict[int, dict]:
    rows = queryset.values(deputy_field).annotate(**counts).order_by()
    return {r[deputy_field]: r for r in rows if r[deputy_field] is not None}


def _attendance_counts(queryset) -> dict[int, dict]:
    return _grouped(queryset, present=Count("pk", filter=Q(status="present")),
                    leave=Count("pk", filter=Q(status="leave")), absent=Count("pk", filter=Q(status="absent")))


def source_counts(body, year: int, feedback_days: int) -> dict[str, dict[int, dict]]:
    """{source: {deputy_id: row}}: one grouped query per source."""
    n = {"n": Count("pk")}
    sessions = _attendance_counts(SessionAttendance.objects.filter(body=body, session__start_on__year=year))
    standing = _attendance_counts(
        MeetingAttendance.objects.filter(body=body, meeting__year=year, meeting__kind=MeetingKind.STANDING)
        .exclude(meeting__status=Meeting.Status.CANCELLED))
    inspections = _grouped(Inspection.deputies.through.objects.filter(inspection__body=body, inspection__year=year),
                           **n)
    receptions = _grouped(Reception.deputies.through.objects.filter(reception__station__body=body,
                                                                     reception__held_on__year=year), **n)
    trainings = _grouped(Training.participants.through.objects.filter(training__body=body,
                                                                       training__held_on__year=year), **n)
    declared = {}
    for row in (DeclaredActivity.objects.filter(body=body, status=DeclaredActivity.Status.APPROVED,
                                                held_on__year=year)
                .values("deputy_id", "kind").annotate(n=Count("pk")).order_by()):
        declared.setdefault(row["deputy_id"], {})[row["kind"]] = row["n"]
    signatures = _grouped(
        Signature.objects.filter(suggestion__body=body, suggestion__year=year)
        .exclude(suggestion__status__in=NOT_ACCEPTED),
        proposed=Count("pk", filter=Q(role=Signature.Role.PROPOSER)),
        cosigned=Count("pk", filter=Q(role=Signature.Role.COSIGNER)))
    feedback = _grouped(feedback_on_time(body, year, feedback_days), deputy_field="duty_deputy", **n)
    return {"sessions": sessions, "standing": standing, "inspections": inspections, "receptions": receptions,
            "trainings": trainings, "declared": declared, "signatures": signatures, "feedback": feedback}


def feedback_on_time(body, year: int, feedback_days: int):
    """The year's feedback given within `feedback_days` of its round's reply, with `duty_deputy` (the deputy who
    gave it, or the proposer when the office recorded it for them)."""
    reply_on = Reply.objects.with_scopes_disabled().filter(
        suggestion=OuterRef("suggestion"), round=OuterRef("round")).order_by("-replied_on").values("replied_on")[:1]
    proposer = Signature.objects.with_scopes_disabled().filter(
        suggestion=OuterRef("suggestion"), role=Signature.Role.PROPOSER).values("deputy_id")[:1]
    rows = Feedback.objects.filter(suggestion__body=body, given_on__year=year).annotate(
        duty_reply_on=Subquery(reply_on), duty_deputy=Coalesce("deputy_id", Subquery(proposer), output_field=IntegerField()))
    due = ExpressionWrapper(F("duty_reply_on") + timedelta(days=feedback_days), output_field=DateField())
    return rows.annotate(duty_due=due).filter(duty_reply_on__isnull=False, given_on__lte=F("duty_due"))


def counts_of(deputy_id: int, sources: dict) -> dict:
    """One deputy's counts {key: n, "absent": n, "leave": n} from `source_counts`."""
    s, st = sources["sessions"].get(deputy_id, {}), sources["standing"].get(deputy_id, {})
    declared = sources["declared"].get(deputy_id, {})
    sig = sources["signatures"].get(deputy_id, {})
    counts = {
        "congress": s.get("present", 0),
        "standing": st.get("present", 0),
        "inspection": sources["inspections"].get(deputy_id, {}).get("n", 0),
        "reception": sources["receptions"].get(deputy_id, {}).get("n", 0),
        "training": sources["trainings"].get(deputy_id, {}).get("n", 0) + declared.get("training", 0),
        "theme": declared.get("theme", 0),
        "voters_report": declared.get("voters_report", 0),
        "other": declared.get("other", 0),
        "proposed": sig.get("proposed", 0),
        "cosigned": sig.get("cosigned", 0),
        "feedback": sources["feedback"].get(deputy_id, {}).get("n", 0),
        "absent": s.get("absent", 0) + st.get("absent", 0),
        "leave": s.get("leave", 0) + st.get("leave", 0),
    }
    return counts


def score(counts: dict, params: dict) -> tuple[int, float]:
    """(activities, points) of one deputy's counts under the rule's params."""
    activities = sum(counts.get(k.key, 0) for k in KINDS if k.is_activity)
    points = sum(counts.get(k.key, 0) * params["points"][k.key] for k in KINDS)
    points -= counts.get("absent", 0) * params["absent"]
    return activities, float(points)


def year_deputies(body, year: int):
    """The deputies whose year it is: serving, or left during or after the year."""
    return (Deputy.objects.filter(body=body).filter(Q(status=Deputy.Status.SERVING) | Q(status_on__year__gte=year))
            .select_related("station").only("id", "name", "group", "code", "status", "station__id",
                                            "station__number", "station__name", "body_id"))


def _row(deputy, counts, params) -> dict:
    activities, points = score(counts, params)
    return {"deputy": deputy.pk, "name": deputy.name, "group": deputy.group,
            "station": deputy.station.name if deputy.station_id else "", "station_id": deputy.station_id,
            "counts": counts, "activities": activities, "points": points,
            "below_minimum": activities < params["min_activities"], "rule_params": params}


def duty_record(body, year: int, *, rules=None, deputies=None) -> list[dict]:
    """Every deputy's counts, activities and points of the year, live: [{deputy, name, group, station, counts,
    activities, points, below_minimum, rule_params}] by name. A constant number of queries."""
    params = rule_params(rules or rules_for(body))
    sources = source_counts(body, year, params["feedback_days"])
    people = list(deputies if deputies is not None else year_deputies(body, year))
    return [_row(d, counts_of(d.pk, sources), params) for d in people]


def frozen(body, year: int, deputies=None) -> list[dict] | None:
    rows = DutyYearResult.objects.filter(body=body, year=year).select_related("deputy__station", "computed_by")
    if deputies is not None:
        rows = rows.filter(deputy__in=deputies)
    rows = list(rows.order_by("deputy__name", "deputy_id"))
    if not rows and not DutyYearResult.objects.filter(body=body, year=year).exists():
        return None
    out = []
    for r in rows:
        d = r.deputy
        out.append({"deputy": d.pk, "name": d.name, "group": d.group,
                    "station": d.station.name if d.station_id else "", "station_id": d.station_id,
                    "counts": r.counts, "activities": r.activities, "points": float(r.points),
                    "below_minimum": r.activities < r.rule_params.get("min_activities", 0),
                    "rule_params": r.rule_params, "computed_at": r.computed_at, "computed_by": r.computed_by})
    return out


def is_frozen(body, year: int) -> bool:
    return DutyYearResult.objects.filter(body=body, year=year).exists()


def result(body, year: int, deputies=None) -> tuple[list[dict], bool]:
    """(the year's rows, whether they are the frozen result). `deputies` narrows both (filters, one deputy)."""
    stored = frozen(body, year, deputies)
    if stored is not None:
        return stored, True
    return duty_record(body, year, deputies=deputies), False


def deputy_result(body, year: int, deputy) -> tuple[dict, bool]:
    rows, is_frozen_ = result(body, year, deputies=Deputy.objects.filter(pk=deputy.pk).select_related("station"))
    if rows:
        return rows[0], is_frozen_
    # A deputy not in a frozen year (added later): their live record.
    return duty_record(body, year, deputies=[deputy])[0], False


def freeze(body, year: int, by) -> list[DutyYearResult]:
    """定稿: store the year's live record with the rule; a frozen year is never recomputed."""
    return freeze_year(
        DutyYearResult, body, year, by, lambda: duty_record(body, year),
        lambda r: {"deputy_id": r["deputy"], "counts": r["counts"], "activities": r["activities"],
                   "points": Decimal(str(r["points"])), "rule_params": r["rule_params"]},
        already=f"{year} 年的代表履职积分已定稿，不能重复定稿。",
        empty=f"{year} 年没有在任代表，无可定稿的履职结果。")


assert {k.points_field for k in KINDS} | {"duty_points_absent", "duty_min_activities", "duty_feedback_days"} == set(
    DUTY_RULE_FIELDS)


def deputy_items(body, year: int, deputy, feedback_days: int) -> dict[str, list[dict]]:
    """What each live count of one deputy's year is made of: {key: [{"on": date, "text": str}]} (the deputy's page,
    the portal and the Word report). A fixed number of queries."""
    items: dict[str, list[dict]] = {k.key: [] for k in KINDS}
    items["absent"], items["leave"] = [], []
    status_key = {"present": None, "leave": "leave", "absent": "absent"}
    for a in (SessionAttendance.objects.filter(body=body, deputy=deputy, session__start_on__year=year)
              .select_related("session").order_by("session__start_on")):
        key = status_key[a.status] or "congress"
        items[key].append({"on": a.session.start_on, "text": a.session.name})
    for a in (MeetingAttendance.objects.filter(body=body, deputy=deputy, meeting__year=year,
                                               meeting__kind=MeetingKind.STANDING)
              .exclude(meeting__status=Meeting.Status.CANCELLED).select_related("meeting").order_by("meeting__date")):
        key = status_key[a.status] or "standing"
        items[key].append({"on": a.meeting.date, "text": str(a.meeting)})
    for i in Inspection.objects.filter(body=body, year=year, deputies=deputy).order_by("start_on", "pk"):
        items["inspection"].append({"on": i.start_on, "text": i.title})
    for r in (Reception.objects.filter(station__body=body, deputies=deputy, held_on__year=year)
              .select_related("station").order_by("held_on", "pk")):
        items["reception"].append({"on": r.held_on, "text": f"{r.station.name}接待选民 {r.voters} 人次"})
    for t in Training.objects.filter(body=body, participants=deputy, held_on__year=year).order_by("held_on", "pk"):
        items["training"].append({"on": t.held_on, "text": t.title})
    for a in DeclaredActivity.objects.filter(body=body, deputy=deputy, status=DeclaredActivity.Status.APPROVED,
                                             held_on__year=year).order_by("held_on", "pk"):
        items[a.kind].append({"on": a.held_on, "text": f"{a.title}（本人登记）"})
    for s in (Signature.objects.filter(suggestion__body=body, suggestion__year=year, deputy=deputy)
              .exclude(suggestion__status__in=NOT_ACCEPTED).select_related("suggestion")
              .order_by("suggestion__number", "pk")):
        key = "proposed" if s.role == Signature.Role.PROPOSER else "cosigned"
        items[key].append({"on": s.suggestion.raised_on, "text": s.suggestion.title})
    for f in (feedback_on_time(body, year, feedback_days).filter(duty_deputy=deputy.pk).select_related("suggestion")
              .order_by("given_on", "pk")):
        items["feedback"].append({"on": f.given_on, "text": f"{f.suggestion.title}：{f.get_result_display()}"})
    return items
