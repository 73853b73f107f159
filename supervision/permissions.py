"""Who may do what with supervision results: decided here, used by pages, API and templates alike.

- the office records opinions, inspections, inquiries and livelihood projects, and may do everything;
- the committee responsible (the opinion's or rectification's committee, else the agenda item's
  committees) records responses, assessments and rectification progress; a livelihood project's
  following committee records its progress;
- directors read everything and change nothing.
"""

from django.core.exceptions import PermissionDenied

from plans.permissions import committee_refusal, user_committee_ids
from renda.roles import is_director, is_office

OFFICE_ONLY = "只有常委会办公室可以录入审议意见、执法检查、专题询问和民生实事项目。"


def office_refusal(user) -> str | None:
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user):
        return None
    if is_director(user) and not user_committee_ids(user):
        return "主任会议成员可以查看监督成果，但不能修改。"
    return OFFICE_ONLY


def can_record_supervision(user) -> bool:
    return office_refusal(user) is None


def _committee_refusal(user, committees, what: str) -> str | None:
    return committee_refusal(
        user,
        committees,
        director="主任会议成员可以查看监督成果，但不能修改。",
        no_committee=f"您不属于任何委员会，不能登记{what}。",
        other=f"该事项由{{names}}跟踪，您所在的委员会不能登记{what}。",
        unnamed="未指定的委员会",
    )


def opinion_committees(opinion) -> list:
    """The opinion's following committee and the agenda item's committees (a 委员会 and its 工委 alike)."""
    committees = list(opinion.agenda_item.committees.all())
    if opinion.committee_id and opinion.committee_id not in {c.pk for c in committees}:
        committees.insert(0, opinion.committee)
    return committees


def opinion_refusal(user, opinion) -> str | None:
    """Why the user may not record the opinion's response and assessment; None when they may."""
    return _committee_refusal(user, opinion_committees(opinion), "审议意见的反馈和评价")


def can_respond_opinion(user, opinion) -> bool:
    return opinion_refusal(user, opinion) is None


def rectification_committees(rectification) -> list:
    if rectification.committee_id:
        return [rectification.committee]
    if rectification.opinion_id:
        return opinion_committees(rectification.opinion)
    return []


def rectification_refusal(user, rectification) -> str | None:
    return _committee_refusal(user, rectification_committees(rectification), "整改进展")


def can_update_rectification(user, rectification) -> bool:
    return rectification_refusal(user, rectification) is None


def livelihood_refusal(user, project) -> str | None:
    return _committee_refusal(user, [project.committee] if project.committee_id else [], "民生实事进展")


def can_report_livelihood(user, project) -> bool:
    return livelihood_refusal(user, project) is None


def require(reason: str | None) -> None:
    if reason:
        raise PermissionDenied(reason)


# --- satisfaction evaluations (supervision/evaluations*.py) ---------------------------------------

EVALUATIONS_OFFICE_ONLY = "只有常委会办公室可以录入满意度测评。"


def evaluation_refusal(user) -> str | None:
    """Why the user may not create evaluations or enter their counts; None when they may.

    The office records evaluations; directors and committee members read them.
    """
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user):
        return None
    if is_director(user) and not user_committee_ids(user):
        return "主任会议成员可以查看满意度测评，但不能录入。"
    return EVALUATIONS_OFFICE_ONLY


def can_record_evaluations(user) -> bool:
    return evaluation_refusal(user) is None
