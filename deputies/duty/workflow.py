"""The steps of a declared activity (代表履职登记), for the portal, the office's page and the API alike: the deputy
declares (or changes a returned one and declares it again), the office approves it (认定) or returns it with a
reason. Each step is a DeclaredActivityEvent; a step not allowed in the current state raises StepError."""

from django.db import transaction
from django.utils import timezone

from deputies.models import DeclaredActivity, DeclaredActivityEvent

A, E = DeclaredActivity.Status, DeclaredActivityEvent.Kind


class StepError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def declare(activity: DeclaredActivity, by) -> DeclaredActivity:
    """Save a new declaration (its fields set and cleaned by the caller) as 待审核."""
    with transaction.atomic():
        activity.status, activity.created_by = A.SUBMITTED, by
        activity.save()
        DeclaredActivityEvent.objects.create(activity=activity, kind=E.SUBMITTED, by=by,
                                             text=f"{activity.get_kind_display()}：{activity.title}")
    return activity


def resubmit(activity: DeclaredActivity, by, changes: str = "") -> DeclaredActivity:
    """A returned declaration, changed by the deputy, is submitted again."""
    if activity.status != A.RETURNED:
        raise StepError("只有被退回的履职登记可以修改后重新提交。")
    with transaction.atomic():
        activity.status, activity.version = A.SUBMITTED, activity.version + 1
        activity.save()
        DeclaredActivityEvent.objects.create(activity=activity, kind=E.RESUBMITTED, by=by, text=changes)
    return activity


def approve(activity: DeclaredActivity, by) -> DeclaredActivity:
    if activity.status != A.SUBMITTED:
        raise StepError(f"该履职登记{activity.get_status_display()}，不能认定。")
    with transaction.atomic():
        activity.status, activity.decided_on, activity.decided_by = A.APPROVED, timezone.localdate(), by
        activity.return_reason = ""
        activity.version += 1
        activity.save()
        DeclaredActivityEvent.objects.create(activity=activity, kind=E.APPROVED, by=by)
    return activity


def return_(activity: DeclaredActivity, reason: str, by) -> DeclaredActivity:
    reason = (reason or "").strip()
    if not reason:
        raise StepError("退回理由：请写明退回的理由，代表据此补充或更正。", field="reason")
    if activity.status != A.SUBMITTED:
        raise StepError(f"该履职登记{activity.get_status_display()}，不能退回。")
    with transaction.atomic():
        activity.status, activity.decided_on, activity.decided_by = A.RETURNED, timezone.localdate(), by
        activity.return_reason = reason
        activity.version += 1
        activity.save()
        DeclaredActivityEvent.objects.create(activity=activity, kind=E.RETURNED, by=by, text=reason)
    return activity
