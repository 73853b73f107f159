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
from plans.models.records import ItemDocument, ItemEdit, PlanAdjustment

__all__ = [
    "NOT_DUE_STATUSES",
    "AnnualPlan",
    "ItemCommittee",
    "ItemDocument",
    "ItemEdit",
    "PlanAdjustment",
    "PlanEntry",
    "PlanItem",
    "PlanItemStatus",
    "PlanKind",
    "Section",
    "StatusChange",
    "SupervisionForm",
]
