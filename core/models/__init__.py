from core.models.calendar_feeds import CalendarFeed
from core.models.organisation import (
    Body,
    BodyMembership,
    Committee,
    CommitteeMembership,
    ReportingBody,
    Term,
    UnitContact,
)
from core.models.rules import BodyRules, EvaluationRule
from core.models.system import AccountSetup, ApiToken, BackgroundJob, Notification, NotificationPreference

__all__ = [
    "AccountSetup",
    "ApiToken",
    "BackgroundJob",
    "Body",
    "BodyMembership",
    "BodyRules",
    "CalendarFeed",
    "Committee",
    "CommitteeMembership",
    "EvaluationRule",
    "Notification",
    "NotificationPreference",
    "ReportingBody",
    "Term",
    "UnitContact",
]
