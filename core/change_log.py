"""Who changed what in a body's set-up, and when: one record per change, readable on the page.

The settings pages (users, committees, reporting bodies, terms, tokens, rules) record each add,
change and delete here, with every field's old and new value in words, in Django's admin log
(LogEntry), so the platform administrator's Django admin shows the same history.
"""

import hashlib

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType

ACTIONS = {"add": ADDITION, "change": CHANGE, "delete": DELETION}
ACTION_LABELS = {ADDITION: "新增", CHANGE: "修改", DELETION: "删除"}


def shown(value) -> str:
    """A value as the history shows it: lists joined, empty as —, booleans as 是/否."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(v) for v in value)
    return str(value)


def describe(changes: dict) -> str:
    """{label: (old, new)} as "label：old → new；…"."""
    return "；".join(f"{label}：{shown(old)} → {shown(new)}" for label, (old, new) in changes.items())


def record(user, obj, action: str, changes: dict | None = None, note: str = "") -> LogEntry:
    """Record one change of `obj` by `user`: action is "add", "change" or "delete"."""
    message = "；".join(part for part in (describe(changes or {}), note) if part)
    return LogEntry.objects.create(
        user_id=user.pk,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=ACTIONS[action],
        change_message=message,
    )


def version_marker(values: dict) -> str:
    """A short fingerprint of an object's saved values, carried by its edit form: a form posted with
    an older one is stale and must not overwrite what someone saved in between."""
    text = "|".join(f"{k}={shown(values[k])}" for k in sorted(values))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def field_changes(before: dict, after: dict, labels: dict) -> dict:
    """{label: (old, new)} for the fields whose value differs; labels maps field name to its label."""
    return {labels[name]: (before.get(name), after.get(name)) for name in labels
            if before.get(name) != after.get(name)}


def history(model, object_ids, limit: int = 50) -> list[LogEntry]:
    """The newest changes of these objects of `model` (ids of the caller's own body only)."""
    ids = [str(pk) for pk in object_ids]
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False), object_id__in=ids,
    ).select_related("user").order_by("-action_time")[:limit]
    return list(entries)


def action_label(entry: LogEntry) -> str:
    return ACTION_LABELS.get(entry.action_flag, "")
