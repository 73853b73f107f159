"""Who may do what with deputies, stations and suggestions: decided here, for pages, API and templates.

- the office keeps the roster and the stations, enters suggestions and every handling step (on
  behalf of deputies and handling units, who still send paper), and alone sees deputies' phone
  numbers and addresses;
- a committee sees the suggestions it supervises (as the supervising committee or under key
  supervision) and records key-supervision progress on them;
- directors read every suggestion and the roster, and change nothing;
- everyone of the body reads the roster and stations, without contact details, and the deputies who
  attended standing-committee meetings (列席) and trainings, which the office records;
- a deputy (with an account linked to the roster) sees the suggestions they raised or co-signed,
  writes and submits their own between sessions, confirms co-signatures, gives feedback on
  replies and records their own receptions;
- a handling unit's contact sees the suggestions assigned to the unit and takes the unit's
  steps: sign for, ask for reassignment, send co-unit input; as lead unit, contacts, extension
  requests and replies. Neither changes an assignment, a due date or another party's records.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from core.roles import COMMITTEE_MEMBER, has_role, is_deputy, is_director, is_external, is_office, is_unit_contact
from plans.permissions import contact_unit_ids, user_committee_ids

ROSTER_OFFICE_ONLY = "只有常委会办公室可以维护代表名册、联络站和进站接待记录。"
SUGGESTION_OFFICE_ONLY = "只有常委会办公室可以录入、交办建议和登记办理情况。"
DIRECTOR_READS = "主任会议成员可以查看代表建议，但不能修改。"


def _login(user) -> str | None:
    return None if user.is_authenticated else "请先登录。"


def can_see_contacts(user) -> bool:
    """Phone numbers and addresses of deputies on staff pages, exports and the API: the office only.

    (The unit portal shows a suggestion's lead unit its proposer's phone, so it can contact them.)
    """
    return is_office(user)


def roster_refusal(user) -> str | None:
    """Why the user may not change the roster, stations or receptions; None when they may."""
    return _login(user) or (None if is_office(user) else ROSTER_OFFICE_ONLY)


def can_manage_roster(user) -> bool:
    return roster_refusal(user) is None


ACTIVITY_OFFICE_ONLY = "只有常委会办公室可以登记代表列席常委会会议和代表培训。"


def activity_refusal(user) -> str | None:
    """Why the user may not record deputies attending meetings (列席) or trainings; None when they may. Every staff
    user of the body (directors, committee members) reads them; deputies and units never reach these pages."""
    return _login(user) or (None if is_office(user) else ACTIVITY_OFFICE_ONLY)


def can_manage_activities(user) -> bool:
    return activity_refusal(user) is None


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


def deputy_of(user):
    """The roster entry linked to a deputy's account, or None (cached per request)."""
    if not user.is_authenticated or not is_deputy(user):
        return None
    cached = getattr(user, "_renda_deputy", False)
    if cached is False:
        from deputies.models import Deputy

        cached = Deputy.objects.filter(user=user).first()
        user._renda_deputy = cached
    return cached


def party_suggestions(user, queryset):
    """A deputy's or a unit's own suggestions; none for anyone else.

    A deputy: those they propose (drafts too) and those they co-sign once submitted, including one
    the office returned to its proposer after they confirmed (read-only: they see where it stands; a
    co-signer not yet asked to confirm does not see the proposer's draft). A unit: those it is
    assigned now, as lead or co-unit (a unit relieved by reassignment no longer sees it).
    """
    from deputies.models import Assignment, Signature
    from deputies.models.suggestions import SuggestionStatus as S

    deputy = deputy_of(user)
    units = contact_unit_ids(user) if is_unit_contact(user) else set()
    match = Q(pk__in=[])
    if deputy is not None:
        signed = Signature.objects.filter(deputy=deputy)
        match |= Q(pk__in=signed.filter(role=Signature.Role.PROPOSER).values("suggestion_id"))
        cosigned = signed.filter(role=Signature.Role.COSIGNER)
        match |= Q(pk__in=cosigned.values("suggestion_id")) & ~Q(status__in=(S.DRAFT, S.RETURNED))
        match |= Q(pk__in=cosigned.filter(confirmed_on__isnull=False).values("suggestion_id"), status=S.RETURNED)
    if units:
        match |= Q(pk__in=Assignment.objects.filter(unit_id__in=units, active=True).values("suggestion_id"))
    return queryset.filter(match)


def visible_suggestions(user, queryset):
    """The suggestions the user may see: all for office and directors (deputies' drafts excepted),
    a committee's own for its members, their own for deputies and units."""
    from deputies.models.suggestions import SuggestionStatus as S

    if not user.is_authenticated:
        return queryset.none()
    if is_external(user):
        return party_suggestions(user, queryset)
    if reads_all_suggestions(user):
        return queryset.exclude(status=S.DRAFT)
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


# --- steps taken by the parties themselves (issue 7) -------------------------------------------

NOT_YOUR_UNIT = "该建议不是交给您单位办理的，不能以其他单位的名义办理。"
LEAD_ONLY = "只有主办单位可以登记沟通联系、申请延期和答复。"
CO_ONLY = "只有协办单位提交协办意见。"

# unit step → the assignment role it needs (None: lead or co-unit)
UNIT_STEPS = {"sign": None, "reassign": None, "co_input": "co", "contact": "lead", "extension": "lead",
              "reply": "lead"}


def unit_step_refusal(user, suggestion, step: str, unit) -> str | None:
    """Why the user may not take a handling unit's step for `unit`; None when they may.

    The office records any unit's step (paper still arrives); a unit's contact only their own
    unit's, and only what its role (lead or co-unit) allows.
    """
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user):
        return None
    if not is_unit_contact(user):
        return suggestion_refusal(user)
    if unit is None or unit.pk not in contact_unit_ids(user):
        return NOT_YOUR_UNIT
    from deputies.models import Assignment

    role = Assignment.objects.filter(suggestion=suggestion, unit=unit, active=True).values_list(
        "role", flat=True).first()
    if role is None:
        return NOT_YOUR_UNIT
    needed = UNIT_STEPS[step]
    if needed == "lead" and role != "lead":
        return LEAD_ONLY
    if needed == "co" and role != "co":
        return CO_ONLY
    return None


def reply_document_refusal(user, suggestion, reply) -> str | None:
    """Remove or replace a reply's letter (答复函) sent by mistake: the office at any time; the unit's contact who
    uploaded it, while their unit leads the suggestion and the deputy has not yet given feedback on that reply."""
    if user.is_authenticated and is_office(user):
        return None
    # Log-in, a unit contact of the reply's unit, and that unit's lead role: the rules of its reply step.
    reason = unit_step_refusal(user, suggestion, "reply", reply.unit)
    if reason:
        return reason
    if reply.created_by_id != user.pk:
        return "只有上传该答复函的联系人或常委会办公室可以删除或替换它。"
    if reply.round != suggestion.round or suggestion.status != "replied":
        return "代表已对该答复提出反馈意见，答复函不能再删除或替换；如确有错误，请联系常委会办公室。"
    return None


def original_document_refusal(user, suggestion) -> str | None:
    """Remove or replace a suggestion's original (原件) uploaded by mistake: whoever corrects the suggestion, the
    office, at any stage (a wrong scan may be noticed after assignment; the change is on the timeline). A deputy
    changes their own draft's original on the draft form."""
    return suggestion_refusal(user)


def _signature_role(user, suggestion) -> str | None:
    deputy = deputy_of(user)
    if deputy is None:
        return None
    from deputies.models import Signature

    return Signature.objects.filter(suggestion=suggestion, deputy=deputy).values_list("role", flat=True).first()


def feedback_refusal(user, suggestion) -> str | None:
    """The proposer gives feedback on a reply; the office may record it for them (paper forms)."""
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user):
        return None
    if deputy_of(user) is not None:
        return None if _signature_role(user, suggestion) == "proposer" else "只有领衔代表可以对答复提出反馈意见。"
    return suggestion_refusal(user)


def draft_refusal(user, suggestion=None) -> str | None:
    """Write, change and submit a suggestion as its proposer: deputies with a linked account."""
    if not user.is_authenticated:
        return "请先登录。"
    if deputy_of(user) is None:
        return "只有人大代表本人可以在线起草和提交建议。"
    if suggestion is not None and _signature_role(user, suggestion) != "proposer":
        return "只有领衔代表可以修改和提交该建议。"
    return None


def cosign_refusal(user, suggestion) -> str | None:
    if not user.is_authenticated:
        return "请先登录。"
    return None if _signature_role(user, suggestion) == "cosigner" else "您不是该建议的附议代表。"


def reception_self_refusal(user) -> str | None:
    """A deputy records their own station receptions."""
    if not user.is_authenticated:
        return "请先登录。"
    return None if deputy_of(user) is not None else "只有与代表名册关联的代表账号可以登记本人的进站接待。"


# --- topics of suggestions and plan items drawn from them (issue 22 §2) ----------------------------------

TOPICS_EXPORT_OFFICE_ONLY = "只有常委会办公室可以导出代表建议反映集中问题的梳理报告。"
TO_PLAN_OFFICE_ONLY = "只有常委会办公室可以根据代表建议拟订计划事项。"


def topics_refusal(user) -> str | None:
    """The topics page (建议分析) and its API: every staff user of the body reads it (a committee member over the
    suggestions their committee supervises); deputies and units never reach it (core/external.py)."""
    if not user.is_authenticated:
        return "请先登录。"
    if is_external(user):
        return "代表建议分析供常委会工作人员使用。"
    return None


def topics_export_refusal(user) -> str | None:
    """The topics' workbook and Word briefing: the office hands them to the directors."""
    return _login(user) or (None if is_office(user) else TOPICS_EXPORT_OFFICE_ONLY)


def to_plan_refusal(user) -> str | None:
    """Draw up a plan item for next year from suggestions: the office (who keeps the plans)."""
    return _login(user) or (None if is_office(user) else TO_PLAN_OFFICE_ONLY)


def require(reason: str | None) -> None:
    if reason:
        raise PermissionDenied(reason)


# --- 建议办理工作评价 (deputies/unit_evaluation) ------------------------------------------------

UNIT_RANKING_STAFF_ONLY = "只有常委会办公室、主任会议成员和委员会成员可以查看承办单位办理工作评价。"


def unit_ranking_refusal(user) -> str | None:
    """The ranking of the handling units: every staff member of the body reads it (deputies and units never;
    a unit sees its own row on its portal). None when the user may read it."""
    if not user.is_authenticated:
        return "请先登录。"
    if is_external(user):
        return UNIT_RANKING_STAFF_ONLY
    if is_office(user) or is_director(user) or has_role(user, COMMITTEE_MEMBER):
        return None
    return UNIT_RANKING_STAFF_ONLY


def unit_evaluation_freeze_refusal(user) -> str | None:
    """定稿 of a year's evaluation: the office only."""
    return _login(user) or (None if is_office(user) else "只有常委会办公室可以将建议办理工作评价定稿。")


# --- threads of repeated suggestions (连续多年提出) and their 专项跟踪督办 (issue 22 §1) -----------------------

THREAD_OFFICE_ONLY = "只有常委会办公室可以建立和维护连续建议线索、列入专项跟踪督办。"


def visible_threads(user, queryset):
    """Threads the user may see: all of the body for the office and directors; for a committee member those their
    committee follows up or that hold a suggestion they see; for a deputy or a unit those holding one of their
    own suggestions (deputies.permissions.party_suggestions)."""
    from deputies.models import Suggestion, ThreadMember

    if not user.is_authenticated:
        return queryset.none()
    if not is_external(user) and reads_all_suggestions(user):
        return queryset
    mine = visible_suggestions(user, Suggestion.objects.all())
    holding = Q(pk__in=ThreadMember.objects.filter(suggestion__in=mine).values("thread_id"))
    committees = set() if is_external(user) else user_committee_ids(user)
    if committees:
        holding |= Q(supervision__committee_id__in=committees)
    return queryset.filter(holding)


def thread_refusal(user) -> str | None:
    """Create a thread, change its suggestions, put it under supervision: the office."""
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user):
        return None
    if is_director(user) and not user_committee_ids(user):
        return DIRECTOR_READS
    return THREAD_OFFICE_ONLY


def thread_note_refusal(user, thread) -> str | None:
    """A progress note of the thread's 专项跟踪督办: the office, or members of the supervising committee."""
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user):
        return None
    mine = set() if is_external(user) else user_committee_ids(user)
    if is_director(user) and not mine:
        return DIRECTOR_READS
    supervision = getattr(thread, "supervision", None)
    if supervision is None:
        return "该线索未列入专项跟踪督办。"
    if supervision.committee_id in mine:
        return None
    return "该线索由其他委员会跟踪督办，您所在的委员会不能登记督办进展。"


def sees_internal_thread_notes(user) -> bool:
    """The thread's note and progress notes are internal: staff of the body only, never deputies or units."""
    return user.is_authenticated and not is_external(user)


# --- the stations' public channel: matters residents leave (码上见代表 / 随手拍, deputies/public_matters/) ---------
#
# No separate station-staff role: core/roles.py has no scoping of a role to stations, and a new group would need its
# own confinement (core/external.py), accounts page and walks. The office stands for the stations' staff (it keeps
# the stations), directors read, and a deputy handles the matters of their own station and those left on their own
# page, from the deputy portal.

MATTERS_READERS = "只有常委会办公室、主任会议成员和联络站的代表可以查看群众反映的事项。"
MATTER_NOT_YOURS = "该事项不是反映到您所在联络站或您本人的，不能办理。"


def matters_refusal(user) -> str | None:
    """The staff pages of matters (list, figures, posters) and their API: the office and directors read."""
    if not user.is_authenticated:
        return "请先登录。"
    return None if is_office(user) or is_director(user) else MATTERS_READERS


def visible_matters(user, queryset):
    """Every matter of the body for the office and directors; a deputy's station's and their own for a deputy."""
    if not user.is_authenticated:
        return queryset.none()
    if is_office(user) or is_director(user):
        return queryset
    deputy = deputy_of(user)
    if deputy is None:
        return queryset.none()
    mine = Q(deputy=deputy)
    if deputy.station_id:
        mine |= Q(station_id=deputy.station_id)
    return queryset.filter(mine)


def matter_refusal(user, matter) -> str | None:
    """Reply, forward, pass on, close, publish: the office, or a deputy of the matter's station or its addressee."""
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user):
        return None
    deputy = deputy_of(user)
    if deputy is not None and (matter.deputy_id == deputy.pk or (deputy.station_id and
                                                                 matter.station_id == deputy.station_id)):
        return None
    if is_director(user):
        return DIRECTOR_READS.replace("代表建议", "群众反映的事项")
    return MATTER_NOT_YOURS


# --- 代表履职登记与积分 (deputies/duty) -------------------------------------------------------------

DUTY_STAFF_ONLY = "代表履职登记与积分供常委会办公室（代表工委）和主任会议成员查看；代表请在代表工作台查看本人的履职情况。"
DUTY_OFFICE_ONLY = "只有常委会办公室（代表工委）可以审核代表履职登记、登记会议出席情况和将履职积分定稿。"


def duty_read_refusal(user) -> str | None:
    """The overview of all deputies' duty records, each deputy's page and report: the office and the directors
    (a deputy reads their own on the portal; committees and units never)."""
    if not user.is_authenticated:
        return "请先登录。"
    if is_external(user):
        return DUTY_STAFF_ONLY
    return None if is_office(user) or is_director(user) else DUTY_STAFF_ONLY


def duty_manage_refusal(user) -> str | None:
    """Approve or return a declared activity, record attendance, freeze a year: the office."""
    return _login(user) or (None if is_office(user) else DUTY_OFFICE_ONLY)


def duty_declare_refusal(user) -> str | None:
    """Declare one's own activity: a deputy with an account linked to the roster."""
    if not user.is_authenticated:
        return "请先登录。"
    return None if deputy_of(user) is not None else "只有与代表名册关联的代表账号可以登记本人的履职活动。"
