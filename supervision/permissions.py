"""Who may do what with supervision results: decided here, used by pages, API and templates alike.

- the office records opinions, inspections, inquiries and livelihood projects, and may do everything;
- the committee responsible (the opinion's or rectification's committee, else the agenda item's
  committees) records responses, assessments and rectification progress; a livelihood project's
  following committee records its progress;
- directors read everything and change nothing.
"""

from django.core.exceptions import PermissionDenied

from core.roles import is_director, is_office, is_unit_contact
from plans.permissions import committee_refusal, contact_unit_ids, user_committee_ids

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


def opinion_file_refusal(user, opinion, which: str) -> str | None:
    """Remove or replace an opinion's file sent by mistake: whoever may edit that part of the record. The opinion's
    own file (which="document") is the office's, like the opinion; the response report (which="response") is
    the responsible committee's, like the response (the office too)."""
    if which == "document":
        return office_refusal(user)
    return opinion_refusal(user, opinion)


def can_change_opinion_file(user, opinion, which: str) -> bool:
    return opinion_file_refusal(user, opinion, which) is None


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


# --- unit contacts (承办单位联系人, issue 7: supervision/views/portal.py) ---------------------------
#
# A reporting body's contact reads the review opinions sent to their unit and the rectifications
# it owes, submits the unit's response report and adds rectification progress. The committee alone
# assesses, closes, reopens or changes a due date. Reading: unit_opinions / unit_rectifications
# (a 404 outside them); writing: the *_refusal predicates (a 403 with the reason).

UNIT_CONTACTS_ONLY = "此页面供承办单位联系人使用。"


def _unit_ids(user) -> set[int]:
    if not user.is_authenticated or not is_unit_contact(user):
        return set()
    return contact_unit_ids(user)


def unit_opinions(user, queryset):
    """The review opinions sent to the user's unit (an opinion not yet sent is still the office's)."""
    return queryset.filter(reporting_body_id__in=_unit_ids(user), sent_on__isnull=False)


def unit_rectifications(user, queryset):
    return queryset.filter(reporting_body_id__in=_unit_ids(user))


def _unit_refusal(user, unit_id, other: str) -> str | None:
    if not user.is_authenticated:
        return "请先登录。"
    units = _unit_ids(user)
    if not units:
        return UNIT_CONTACTS_ONLY
    return None if unit_id in units else other


def unit_opinion_refusal(user, opinion) -> str | None:
    """Why the unit's contact may not submit the response report to this opinion; None when they may."""
    reason = _unit_refusal(user, opinion.reporting_body_id, "该审议意见不是送交您单位的，不能提交反馈报告。")
    if reason:
        return reason
    if opinion.sent_on is None:
        return "该审议意见尚未送交，不能提交反馈报告。"
    if opinion.assessment:
        return f"工委已对反馈情况作出评价（{opinion.get_assessment_display()}），反馈报告不能再修改；如需补充请联系常委会办公室。"
    return None


def unit_rectification_refusal(user, rectification) -> str | None:
    """Why the unit's contact may not add progress to this rectification; None when they may.

    Closing, reopening and the due date stay with the committee: no predicate allows them here.
    """
    reason = _unit_refusal(user, rectification.reporting_body_id, "该整改事项不是您单位的，不能登记整改进展。")
    if reason:
        return reason
    if rectification.status != rectification.Status.OPEN:
        return "该整改事项已完成，不能再登记进展；如需补充请联系跟踪委员会。"
    return None
