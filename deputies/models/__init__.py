from deputies.models.activities import MeetingAttendance, Training
from deputies.models.duty import (
    AttendanceStatus,
    DeclaredActivity,
    DeclaredActivityEvent,
    DutyYearResult,
    SessionAttendance,
)
from deputies.models.public_matters import MatterPhoto, MatterStep, PublicMatter
from deputies.models.roster import Deputy, Reception, Station
from deputies.models.sources import PlanItemSource
from deputies.models.suggestions import (
    Assignment,
    CongressSession,
    Contact,
    Extension,
    Feedback,
    KeySupervision,
    ReassignRequest,
    Reply,
    Signature,
    Suggestion,
    SuggestionEvent,
)
from deputies.models.threads import (
    IndexedSuggestion,
    SuggestionTerm,
    SuggestionThread,
    ThreadMember,
    ThreadProgressNote,
    ThreadSupervision,
)
from deputies.models.unit_evaluation import UnitEvaluation, UnsatisfiedReport

__all__ = [
    "Assignment",
    "AttendanceStatus",
    "CongressSession",
    "Contact",
    "DeclaredActivity",
    "DeclaredActivityEvent",
    "Deputy",
    "DutyYearResult",
    "Extension",
    "Feedback",
    "IndexedSuggestion",
    "KeySupervision",
    "MatterPhoto",
    "MatterStep",
    "MeetingAttendance",
    "PlanItemSource",
    "PublicMatter",
    "ReassignRequest",
    "Reception",
    "Reply",
    "SessionAttendance",
    "Signature",
    "Station",
    "Suggestion",
    "SuggestionEvent",
    "SuggestionTerm",
    "SuggestionThread",
    "ThreadMember",
    "ThreadProgressNote",
    "ThreadSupervision",
    "Training",
    "UnitEvaluation",
    "UnsatisfiedReport",
]
