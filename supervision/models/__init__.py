from supervision.models.evaluations import Evaluation, EvaluationResult, EvaluationSubject
from supervision.models.followup import (
    Inspection,
    LivelihoodProgress,
    LivelihoodProject,
    Rectification,
    RectificationNote,
    ReviewOpinion,
    SpecialInquiry,
)

__all__ = [
    "Evaluation",
    "EvaluationResult",
    "EvaluationSubject",
    "Inspection",
    "LivelihoodProgress",
    "LivelihoodProject",
    "Rectification",
    "RectificationNote",
    "ReviewOpinion",
    "SpecialInquiry",
]
