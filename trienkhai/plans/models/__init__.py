from .plans import (
    AggregationRule,
    ConsultationComment,
    ConsultationInvite,
    Handling,
    Plan,
    PlanKind,
    PlanSection,
    PlanStatus,
    PlanVersion,
)
from .reports import (
    Evidence,
    Notification,
    ProgressReport,
    ReportState,
    ReportStatus,
    RollupFigure,
    Snapshot,
    TaskProgress,
)
from .tasks import IndicatorType, Recurrence, Task, TaskKind

__all__ = [
    "AggregationRule", "ConsultationComment", "ConsultationInvite", "Evidence", "Handling",
    "IndicatorType", "Notification", "Plan", "PlanKind", "PlanSection", "PlanStatus",
    "PlanVersion", "ProgressReport", "Recurrence", "ReportState", "ReportStatus", "RollupFigure",
    "Snapshot", "Task", "TaskKind", "TaskProgress",
]
