"""Who may do what with plans and items: decided here, used by pages, API and templates alike.

- office staff (and administrators) manage plans and change every item;
- committee members change the items their committees lead or help with (and every item
  that "各工委分工落实" puts on all committees);
- directors read everything and change nothing.
"""

from core.models import CommitteeMembership, UnitContact
from core.roles import COMMITTEE_MEMBER, has_role, is_director, is_office


def user_committee_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_renda_committee_ids", None)
    if cached is None:
        cached = set(CommitteeMembership.objects.filter(user=user).values_list("committee_id", flat=True))
        user._renda_committee_ids = cached
    return cached


def contact_unit_ids(user) -> set[int]:
    """The reporting bodies the user is an active contact of (承办单位联系人), cached per request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_renda_unit_ids", None)
    if cached is None:
        cached = set(UnitContact.objects.filter(user=user, active=True).values_list("unit_id", flat=True))
        user._renda_unit_ids = cached
    return cached


def can_manage_plans(user) -> bool:
    """Create and edit plans, sections and items; import; adjust adopted plans; build agendas."""
    return is_office(user)


def plan_import_refusal(user, body, source: str) -> str | None:
    """Why the user may not import a plan from `source` (Excel, Word), in words for the user; None when they may."""
    if not can_manage_plans(user):
        return f"只有办公室可以从 {source} 文件导入年度计划。您可以查看计划，但不能导入或修改。"
    if body is None:
        return "您的账号未归属任何人大常委会，不能导入计划。请联系系统管理员。"
    return None


def committee_refusal(
    user, committees, *, director: str, no_committee: str, other: str, unnamed: str = "未指定", open_to_all=False
) -> str | None:
    """The one rule for work a committee owns: the office may, the owning committees' members may
    (everyone in a committee when `open_to_all`), directors and others are told why not.

    `other` names the owners through "{names}"; the messages differ only in what is being done.
    """
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user):
        return None
    mine = user_committee_ids(user)
    if is_director(user) and not mine:
        return director
    if not mine:
        return no_committee
    if open_to_all or mine & {c.pk for c in committees}:
        return None
    # Named in the committees' own order, whatever order the rows came in from the database.
    ordered = sorted(committees, key=lambda c: (c.order, c.pk))
    return other.format(names="、".join(c.short_name for c in ordered) or unnamed)


def item_refusal(user, item) -> str | None:
    """Why the user may not change the item, in words for the user; None when they may."""
    return committee_refusal(
        user,
        [r.committee for r in item.responsibilities.all()],  # prefetched by the callers
        director="主任会议成员可以查看所有事项，但不能修改。",
        no_committee="您不属于任何委员会，不能修改计划事项。",
        other="该事项由{names}负责，您所在的委员会不能修改。",
        open_to_all=item.all_committees_help,
    )


def can_update_item(user, item) -> bool:
    return item_refusal(user, item) is None


def is_committee_member(user) -> bool:
    return has_role(user, COMMITTEE_MEMBER) or bool(user_committee_ids(user))


def document_refusal(user, document) -> str | None:
    """Why the user may not remove or replace an item's document; None when they may: whoever may update the item,
    if they uploaded it or are the office. Reads the item's prefetched committees."""
    reason = item_refusal(user, document.item)
    if reason or is_office(user) or (document.uploaded_by_id is not None and document.uploaded_by_id == user.pk):
        return reason
    return "只有上传该文件的人或常委会办公室可以删除或替换它。"


def require_plan_manager(user, what: str = "录入和调整计划") -> None:
    """Refuses all but the office, naming what was refused (`what`: "建立会议议程", "调整年度计划" …)."""
    from django.core.exceptions import PermissionDenied

    if not can_manage_plans(user):
        raise PermissionDenied(f"您没有{what}的权限：只有常委会办公室可以{what}。")


def require_item_update(user, item) -> None:
    from django.core.exceptions import PermissionDenied

    reason = item_refusal(user, item)
    if reason:
        raise PermissionDenied(reason)


# --- materials deadlines (meetings/materials.py) ------------------------------------------------------


def material_refusal(user, agenda_item) -> str | None:
    """Why the user may not record the agenda item's material steps; None when they may.

    The office records every item's steps; committee members those of the items their committee
    is responsible for (AgendaItem.committees). Reads prefetched committees when prefetched.
    """
    return committee_refusal(
        user,
        list(agenda_item.committees.all()),
        director="主任会议成员可以查看材料报送情况，但不能登记。",
        no_committee="您不属于任何委员会，不能登记材料报送。",
        other="该议题由{names}负责，您所在的委员会不能登记其材料报送。",
        unnamed="未指定的委员会",
    )


def can_update_material(user, agenda_item) -> bool:
    return material_refusal(user, agenda_item) is None


def require_material_update(user, agenda_item) -> None:
    from django.core.exceptions import PermissionDenied

    reason = material_refusal(user, agenda_item)
    if reason:
        raise PermissionDenied(reason)
