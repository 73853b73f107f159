from plans.models.materials import MaterialStep
from plans.models.meetings import AgendaItem, Meeting, MeetingKind
from plans.models.rules import BodyRules, EvaluationRule
from plans.models.organisation import Body, BodyMembership, Committee, CommitteeMembership, ReportingBody, Term, UnitContact
from plans.models.records import ItemDocument, ItemEdit, PlanAdjustment
from plans.models.plans import (
    NOT_DUE_STATUSES,
    AnnualPlan,
    ItemCommittee,
    PlanEntry,
    PlanItem,
    PlanItemStatus,
    PlanKind,
    Section,
    StatusChange,
    SupervisionForm,
)

__all__ = [
    "UnitContact",
    "NOT_DUE_STATUSES",
    "AgendaItem",
    "AnnualPlan",
    "Body",
    "BodyRules",
    "BodyMembership",
    "Committee",
    "EvaluationRule",
    "CommitteeMembership",
    "ItemCommittee",
    "ItemDocument",
    "ItemEdit",
    "MaterialStep",
    "Meeting",
    "MeetingKind",
    "PlanAdjustment",
    "PlanEntry",
    "PlanItem",
    "PlanItemStatus",
    "PlanKind",
    "ReportingBody",
    "Section",
    "StatusChange",
    "SupervisionForm",
    "Term",
]
