"""Who may do what with deputies, stations and suggestions: decided here, for pages, API and templates.

- the office keeps the roster and the stations, enters suggestions and every handling step (on
  behalf of deputies and handling units, who still send paper), and alone sees deputies' phone
  numbers and addresses;
- a committee sees the suggestions it supervises (as the supervising committee or under key
  supervision) and records key-supervision progress on them;
- directors read every suggestion and the roster, and change nothing;
- everyone of the body reads the roster and stations, without contact details.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from plans.permissions import user_committee_ids
from renda.roles import is_director, is_office

ROSTER_OFFICE_ONLY = "只有常委会办公室可以维护代表名册、联络站和进站接待记录。"
SUGGESTION_OFFICE_ONLY = "只有常委会办公室可以录入、交办建议和登记办理情况。"
DIRECTOR_READS = "主任会议成员可以查看代表建议，但不能修改。"


def _login(user) -> str | None:
    return None if user.is_authenticated else "请先登录。"


def can_see_contacts(user) -> bool:
    """Phone numbers and addresses of deputies: the office only."""
    return is_office(user)


def roster_refusal(user) -> str | None:
    """Why the user may not change the roster, stations or receptions; None when they may."""
    return _login(user) or (None if is_office(user) else ROSTER_OFFICE_ONLY)


def can_manage_roster(user) -> bool:
    return roster_refusal(user) is None


def suggestion_refusal(user) -> str | None:
    """Why the user may not enter, import, assign or record handling steps; None when they may."""
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user):
        return None
    if is_director(user) and not user_committee_ids(user):
        return DIRECTOR_READS
    return SUGGESTION_OFFICE_ONLY


def can_handle_suggestions(user) -> bool:
    return suggestion_refusal(user) is None


def reads_all_suggestions(user) -> bool:
    return user.is_authenticated and (is_office(user) or is_director(user))


def visible_suggestions(user, queryset):
    """The suggestions the user may see: all for office and directors, a committee's own for its members."""
    if not user.is_authenticated:
        return queryset.none()
    if reads_all_suggestions(user):
        return queryset
    mine = user_committee_ids(user)
    if not mine:
        return queryset.none()
    return queryset.filter(Q(committee_id__in=mine) | Q(key_supervision__committee_id__in=mine))


def supervising_committee_ids(suggestion) -> set[int]:
    ids = {suggestion.committee_id} if suggestion.committee_id else set()
    key = getattr(suggestion, "key_supervision", None) if suggestion.is_key else None
    if key is not None and key.committee_id:
        ids.add(key.committee_id)
    return ids


def supervision_note_refusal(user, suggestion) -> str | None:
    """Key-supervision progress: the office, or members of a committee supervising the suggestion."""
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user):
        return None
    mine = user_committee_ids(user)
    if is_director(user) and not mine:
        return DIRECTOR_READS
    if not suggestion.is_key:
        return "该建议未列为重点督办。"
    if mine & supervising_committee_ids(suggestion):
        return None
    return "该建议由其他委员会督办，您所在的委员会不能登记督办进展。"


def require(reason: str | None) -> None:
    if reason:
        raise PermissionDenied(reason)
