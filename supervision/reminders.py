"""What supervision follow-up reminds people of (collectors for core/reminders.py).

- opinion_response: a review opinion's response due (14, 7, 1 days) and overdue, to the
  responding body's contacts (in their portal) and the members of the following committee;
- rectification: an open rectification due and overdue, to the same two.
"""

from django.db.models import Q

from core.reminders import Due, Kind, Reason, path_to, when_words
from supervision.models import Rectification, ReviewOpinion


def _to_both(ctx, common, unit_id, committee_id, portal_url, staff_url):
    for user in ctx.audience.unit_contacts([unit_id] if unit_id else []):
        yield Due(recipient_id=user, reason=Reason.RESPONDING, url=portal_url, **common)
    for user in ctx.audience.committee_members([committee_id] if committee_id else []):
        yield Due(recipient_id=user, reason=Reason.FOLLOWING, url=staff_url, **common)


def opinion_response(ctx):
    days = ctx.config["opinion_days"]
    opinions = (
        ReviewOpinion.objects.filter(
            agenda_item__meeting__body=ctx.body, sent_on__lte=ctx.day,
            due_on__gte=ctx.earliest_due(), due_on__lte=ctx.latest_due(days),
        )
        .filter(Q(response_on__isnull=True) | Q(response_on__gt=ctx.day))
        .select_related("reporting_body", "agenda_item")
        .order_by("due_on", "pk")
    )
    for o in opinions:
        stage = ctx.ladder_step(o.due_on, days)
        if stage is None:
            continue
        common = dict(kind=Kind.OPINION_RESPONSE, subject=f"opinion:{o.pk}", step=stage,
                      title=f"{o.reporting_body.name if o.reporting_body_id else ''}审议意见研究处理情况报告"
                            f"{when_words(ctx.day, o.due_on)}",
                      text=o.agenda_item.title, due_on=o.due_on)
        yield from _to_both(ctx, common, o.reporting_body_id, o.committee_id,
                            path_to("portal-unit-opinion", o.pk), path_to("opinion-detail", o.pk))


def rectification(ctx):
    days = ctx.config["opinion_days"]
    rows = (
        Rectification.objects.filter(body=ctx.body, due_on__gte=ctx.earliest_due(), due_on__lte=ctx.latest_due(days))
        .filter(Q(status=Rectification.Status.OPEN) | Q(closed_on__gt=ctx.day))
        .filter(created_at__date__lte=ctx.day)
        .select_related("reporting_body")
        .order_by("due_on", "pk")
    )
    for r in rows:
        stage = ctx.ladder_step(r.due_on, days)
        if stage is None:
            continue
        unit = r.reporting_body.name if r.reporting_body_id else "整改"
        common = dict(kind=Kind.RECTIFICATION, subject=f"rectification:{r.pk}", step=stage,
                      title=f"{unit}整改{when_words(ctx.day, r.due_on)}", text=r.what[:200], due_on=r.due_on)
        yield from _to_both(ctx, common, r.reporting_body_id, r.committee_id,
                            path_to("portal-unit-rectification", r.pk),
                            path_to("rectification-detail", r.pk))
