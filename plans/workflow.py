"""The one way an item's status, progress and fields change: checked, versioned and recorded.

Status steps: not started → in preparation → submitted to a meeting → reviewed → in follow-up
→ done; any open item may be postponed (to a month, with a reason) or cancelled (with a reason).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from plans.models import ItemEdit, PlanItem, PlanItemStatus, StatusChange

S = PlanItemStatus

ALLOWED_STEPS: dict[str, set[str]] = {
    S.NOT_STARTED: {S.PREPARING, S.SUBMITTED, S.DONE, S.POSTPONED, S.CANCELLED},
    S.PREPARING: {S.NOT_STARTED, S.SUBMITTED, S.DONE, S.POSTPONED, S.CANCELLED},
    S.SUBMITTED: {S.PREPARING, S.REVIEWED, S.POSTPONED, S.CANCELLED},
    S.REVIEWED: {S.FOLLOW_UP, S.DONE},
    S.FOLLOW_UP: {S.DONE},
    S.DONE: {S.FOLLOW_UP},
    S.POSTPONED: {S.PREPARING, S.SUBMITTED, S.POSTPONED, S.CANCELLED},
    S.CANCELLED: {S.NOT_STARTED},
}
# Research, inspections and training reach "done" without a meeting; that is why
# not started / in preparation may go straight to done.


class WorkflowError(ValueError):
    """A change the rules do not allow; the message is for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleItemError(WorkflowError):
    """Someone else saved the item since this user loaded it."""

    def __init__(self, item: PlanItem):
        super().__init__("该事项已被他人修改，请查看最新内容后再提交。", field="version")
        self.current = item


def allowed_next_statuses(item: PlanItem) -> list[str]:
    goes_to_meeting = item.to_standing_meeting or item.to_chairpersons_meeting
    return [s for s in S.values if s in ALLOWED_STEPS[item.status] and (goes_to_meeting or s != S.SUBMITTED)]


def _lock(item: PlanItem, expected_version: int | None) -> PlanItem:
    """Re-read the row under a lock and refuse when the caller's version is out of date."""
    current = PlanItem.objects.select_for_update().get(pk=item.pk)
    if expected_version is not None and int(expected_version) != current.version:
        raise StaleItemError(current)
    return current


def change_status(
    item: PlanItem,
    to_status: str,
    by,
    note: str = "",
    *,
    postponed_to_month: int | None = None,
    progress: int | None = None,
    expected_version: int | None = None,
    at=None,
) -> PlanItem:
    note = (note or "").strip()
    if to_status not in S.values:
        raise WorkflowError(f"未知的状态“{to_status}”。", field="status")
    with transaction.atomic():
        current = _lock(item, expected_version)
        if to_status == current.status and to_status != S.POSTPONED:
            if progress is None or progress == current.progress:
                raise WorkflowError(f"事项已是“{current.get_status_display()}”状态。", field="status")
        elif to_status not in ALLOWED_STEPS[current.status]:
            allowed = "、".join(S(s).label for s in allowed_next_statuses(current)) or "无"
            raise WorkflowError(
                f"不能从“{current.get_status_display()}”改为“{S(to_status).label}”；可改为：{allowed}。", field="status"
            )
        if to_status == S.SUBMITTED and not (current.to_standing_meeting or current.to_chairpersons_meeting):
            raise WorkflowError(
                "该事项计划不提请会议；如需上会，请先由办公室在事项中勾选“提请常委会会议”或“提请主任会议”。",
                field="status",
            )
        if to_status == S.POSTPONED:
            if not postponed_to_month or not 1 <= int(postponed_to_month) <= 12:
                raise WorkflowError("推迟时须选择推迟到的月份（1–12 月）。", field="postponed_to_month")
            if not note:
                raise WorkflowError("推迟时须说明理由。", field="note")
        if to_status == S.CANCELLED and not note:
            raise WorkflowError("取消时须说明理由。", field="note")
        if progress is not None and not 0 <= int(progress) <= 100:
            raise WorkflowError("进度应在 0 到 100 之间。", field="progress")

        changes = {}
        if to_status != current.status or to_status == S.POSTPONED:
            StatusChange.objects.create(
                item=current, from_status=current.status, to_status=to_status, by=by, note=note, at=at or timezone.now()
            )
        if to_status == S.POSTPONED:
            current.postponed_to_month = int(postponed_to_month)
        if to_status == S.DONE:
            progress = 100 if progress is None else progress
        if progress is not None and int(progress) != current.progress:
            changes["进度"] = [f"{current.progress}%", f"{int(progress)}%"]
            current.progress = int(progress)
        if changes:
            ItemEdit.objects.create(item=current, by=by, changes=changes, note=note)
        current.status = to_status
        current.version = F("version") + 1
        current.save(update_fields=["status", "progress", "postponed_to_month", "version", "updated_at"])
        current.refresh_from_db()
    return current


def record_edit(item: PlanItem, by, changes: dict, note: str = "") -> None:
    """Keep the history of a field edit made through a form or the API (changes: label → [old, new])."""
    if changes:
        ItemEdit.objects.create(item=item, by=by, changes=changes, note=note)


def bump_version(item: PlanItem, expected_version: int | None) -> None:
    """Check the caller's version and move to the next; call inside the saving transaction."""
    current = _lock(item, expected_version)
    item.version = current.version + 1
    # Status and progress are not edited here: keep what the locked row holds, not what the caller
    # read earlier, so a status change saved meanwhile is not written back over.
    item.status, item.progress, item.postponed_to_month = current.status, current.progress, current.postponed_to_month
