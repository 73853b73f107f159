"""What deputies' suggestions remind people of (collectors for core/reminders.py).

- suggestion_reply: a reply due in 14, 7 and 1 days, and overdue, to the lead unit's contacts (in
  their portal), the supervising committee's members and the office;
- suggestion_sign: an assignment not signed for within the body's signing days, to the unit's
  contacts and the office;
- suggestion_feedback: a reply waiting for the deputy's feedback, to the proposing deputy;
- public_matter: a matter a resident left at a station's public page, not answered within the reply days, to
  the station's deputies, its addressee and the office;
- unsatisfied_report: the 不满意情况专项报告 a lead unit owes after 不满意, due in 14, 7 and 1 days and
  overdue (the reply's ladder), to the unit's contacts and the office, until it is delivered.

Each round of handling is reminded on its own (the step names the round), so re-handling after
不满意 feedback gets its reminders again.
"""

from datetime import datetime, time, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from core.reminders import Due, Kind, Reason, path_to, when_words
from core.rules import rules_for
from deputies.models import Assignment, Deputy, Signature, Suggestion, UnsatisfiedReport
from deputies.models.suggestions import AWAITING_REPLY, SuggestionStatus


def awaiting_reply_on(day) -> Q:
    """Awaiting a reply on `day`: now, or replied only after that day (for days in the past)."""
    return Q(status__in=AWAITING_REPLY) | Q(replied_on__gt=day, assigned_on__lte=day)


def suggestion_reply(ctx):
    days = ctx.config["suggestion_days"]
    # The reply is the lead unit's to give; co-units' input has its own, earlier deadline.
    active = Prefetch("assignments", queryset=Assignment.objects.filter(active=True, role=Assignment.Role.LEAD)
                      .only("suggestion_id", "unit_id"))
    suggestions = (
        Suggestion.objects.filter(body=ctx.body, reply_due_on__gte=ctx.earliest_due(),
                                  reply_due_on__lte=ctx.latest_due(days))
        .filter(awaiting_reply_on(ctx.day))
        .prefetch_related(active)
        .only("pk", "number", "title", "round", "reply_due_on", "committee_id")
        .order_by("reply_due_on", "pk")
    )
    for s in suggestions:
        stage = ctx.ladder_step(s.reply_due_on, days)
        if stage is None:
            continue
        common = dict(kind=Kind.SUGGESTION_REPLY, subject=f"suggestion:{s.pk}", step=f"r{s.round}-{stage}",
                      title=f"建议{s.number_label}答复{when_words(ctx.day, s.reply_due_on)}",
                      text=s.title, due_on=s.reply_due_on)
        portal = path_to("portal-unit-suggestion", s.pk)
        staff = path_to("suggestion-detail", s.pk)
        for user in ctx.audience.unit_contacts([a.unit_id for a in s.assignments.all()]):
            yield Due(recipient_id=user, reason=Reason.UNIT, url=portal, **common)
        if s.committee_id:
            for user in ctx.audience.committee_members([s.committee_id]):
                yield Due(recipient_id=user, reason=Reason.SUPERVISING, url=staff, **common)
        for user in ctx.audience.office():
            yield Due(recipient_id=user, reason=Reason.OFFICE, url=staff, **common)


def suggestion_sign(ctx):
    sign_days = rules_for(ctx.body).suggestion_sign_days
    # Late when the signing day has passed: assigned before day - sign_days, within the window.
    assignments = (
        Assignment.objects.filter(
            suggestion__body=ctx.body, active=True,
            assigned_on__lt=ctx.day - timedelta(days=sign_days),
            assigned_on__gte=ctx.earliest_due() - timedelta(days=sign_days),
        )
        .filter(Q(signed_on__isnull=True) | Q(signed_on__gt=ctx.day))
        .exclude(suggestion__status=SuggestionStatus.CLOSED)
        .select_related("suggestion", "unit")
        .order_by("assigned_on", "pk")
    )
    for a in assignments:
        s = a.suggestion
        due = a.assigned_on + timedelta(days=sign_days)
        common = dict(kind=Kind.SUGGESTION_SIGN, subject=f"assignment:{a.pk}", step="sign-overdue",
                      title=f"建议{s.number_label}交{a.unit.name}办理，未按期签收（签收期限 {due:%Y-%m-%d}）",
                      text=s.title, due_on=due)
        for user in ctx.audience.unit_contacts([a.unit_id]):
            yield Due(recipient_id=user, reason=Reason.UNIT, url=path_to("portal-unit-suggestion", s.pk),
                      **common)
        for user in ctx.audience.office():
            yield Due(recipient_id=user, reason=Reason.OFFICE, url=path_to("suggestion-detail", s.pk),
                      **common)


def suggestion_feedback(ctx):
    proposer = Prefetch(
        "signatures", queryset=Signature.objects.filter(role=Signature.Role.PROPOSER).only("suggestion_id", "deputy_id")
    )
    suggestions = (
        Suggestion.objects.filter(body=ctx.body, status=SuggestionStatus.REPLIED,
                                  replied_on__lte=ctx.day, replied_on__gte=ctx.earliest_due())
        .prefetch_related(proposer)
        .only("pk", "number", "title", "round", "replied_on")
        .order_by("replied_on", "pk")
    )
    for s in suggestions:
        for signature in s.signatures.all():
            user = _deputy_user(ctx.audience, signature.deputy_id)
            if user is None:
                continue
            yield Due(kind=Kind.SUGGESTION_FEEDBACK, subject=f"suggestion:{s.pk}", step=f"r{s.round}-feedback",
                      recipient_id=user, reason=Reason.DEPUTY,
                      title=f"您的建议{s.number_label}已答复，请反馈意见", text=s.title,
                      url=path_to("portal-deputy-suggestion", s.pk))


def unsatisfied_report(ctx):
    days = ctx.config["suggestion_days"]
    reports = (
        UnsatisfiedReport.objects.filter(suggestion__body=ctx.body, due_on__gte=ctx.earliest_due(),
                                         due_on__lte=ctx.latest_due(days))
        # Owed on that day: not delivered yet, or delivered only after it (for days in the past).
        .filter(Q(delivered_on__isnull=True) | Q(delivered_on__gt=ctx.day), opened_on__lte=ctx.day)
        .select_related("suggestion", "unit")
        .order_by("due_on", "pk")
    )
    for r in reports:
        stage = ctx.ladder_step(r.due_on, days)
        if stage is None:
            continue
        s = r.suggestion
        common = dict(kind=Kind.UNSATISFIED_REPORT, subject=f"unsatisfied_report:{r.pk}", step=stage,
                      title=f"建议{s.number_label}不满意情况专项报告{when_words(ctx.day, r.due_on)}",
                      text=s.title, due_on=r.due_on)
        for user in ctx.audience.unit_contacts([r.unit_id]):
            yield Due(recipient_id=user, reason=Reason.UNIT, url=path_to("portal-unit-suggestion", s.pk), **common)
        for user in ctx.audience.office():
            yield Due(recipient_id=user, reason=Reason.OFFICE, url=path_to("suggestion-detail", s.pk), **common)


def public_matter(ctx):
    """A matter a resident left at a station's public page (码上见代表) still without a first answer after
    PUBLIC_MATTER_REPLY_DAYS (a setting: the days are not yet a body rule): once, to the deputies of its station
    and its addressee, and to the office."""
    from django.conf import settings

    from deputies.models import PublicMatter

    reply_days = settings.PUBLIC_MATTER_REPLY_DAYS
    # Late on `day`: left more than reply_days before it, and not answered by then.
    late_before = datetime.combine(ctx.day - timedelta(days=reply_days), time.min, tzinfo=timezone.get_current_timezone())
    matters = (
        PublicMatter.objects.filter(body=ctx.body, created_at__lt=late_before,
                                    created_at__gte=late_before - timedelta(days=31))
        .filter(Q(answered_at__isnull=True) | Q(answered_at__date__gt=ctx.day))
        .select_related("station").only("pk", "text", "station__name", "station_id", "deputy_id", "created_at")
        .order_by("created_at", "pk")
    )
    station_deputies = {}
    for deputy_id, station_id in Deputy.objects.filter(body=ctx.body, status=Deputy.Status.SERVING,
                                                       station__isnull=False).values_list("pk", "station_id"):
        station_deputies.setdefault(station_id, []).append(deputy_id)
    for m in matters:
        due = timezone.localtime(m.created_at).date() + timedelta(days=reply_days)
        common = dict(kind=Kind.PUBLIC_MATTER, subject=f"public_matter:{m.pk}", step="overdue",
                      title=f"{m.station.name}收到的群众反映（{m.reference}）已超过 {reply_days} 天未答复",
                      text=m.excerpt, due_on=due)
        deputies = set(station_deputies.get(m.station_id, [])) | ({m.deputy_id} if m.deputy_id else set())
        for deputy_id in sorted(deputies):
            user = _deputy_user(ctx.audience, deputy_id)
            if user is not None:
                yield Due(recipient_id=user, reason=Reason.DEPUTY, url=path_to("portal-deputy-matter", m.pk),
                          **common)
        for user in ctx.audience.office():
            yield Due(recipient_id=user, reason=Reason.OFFICE, url=path_to("matter-detail", m.pk), **common)


def _deputy_user(audience, deputy_id) -> int | None:
    """The serving deputy's active account, loaded once per run and body."""

    def load():
        rows = Deputy.objects.filter(
            body=audience.body, user__isnull=False, user__is_active=True, status=Deputy.Status.SERVING
        )
        return dict(rows.values_list("pk", "user_id"))

    return audience.once("deputies", load).get(deputy_id)
