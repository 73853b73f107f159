"""领办 (seed 000 (十二)「全面落实“一把手”领办并逐步扩大到班子成员领办代表建议」): the office records that a unit's
head (一把手领办) or a member of its leadership (班子成员领办) takes charge of a suggestion, with the leader's name.
Allowed in any state (units' heads usually take charge after assignment); one timeline event per change.
"""

from django.db import transaction

from deputies.models.suggestions import LedBy, SuggestionEvent
from deputies.suggestions import lifecycle


def set_leading(suggestion, *, led_by: str, leader_name: str = "", by, expected_version=None):
    led_by, leader_name = (led_by or "").strip(), (leader_name or "").strip()
    if led_by and led_by not in LedBy.values:
        raise lifecycle.LifecycleError("领办方式应为一把手领办或班子成员领办。", "led_by")
    if led_by and not leader_name:
        raise lifecycle.LifecycleError("请填写领办领导的姓名和职务。", "leader_name")
    if not led_by:
        leader_name = ""
    with transaction.atomic():
        s = lifecycle._lock(suggestion, expected_version)
        if (s.led_by, s.leader_name) == (led_by, leader_name):
            return s
        s.led_by, s.leader_name = led_by, leader_name
        lifecycle._save(s, ["led_by", "leader_name"])
        text = f"{LedBy(led_by).label}：{leader_name}" if led_by else "取消领办"
        lifecycle._event(s, SuggestionEvent.Kind.EDITED, by, on=lifecycle._today(), text=f"领办：{text}")
    return s
