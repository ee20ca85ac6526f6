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
    FIGURE_COLUMNS,
    Evidence,
    Notification,
    NotificationKind,
    ProgressReport,
    ReportState,
    ReportStatus,
    RollupFigure,
    RollupLink,
    Snapshot,
    TaskProgress,
)
from .tasks import IndicatorType, Recurrence, Task, TaskKind

__all__ = [
    "FIGURE_COLUMNS", "AggregationRule", "ConsultationComment", "ConsultationInvite", "Evidence",
    "Handling", "IndicatorType", "Notification", "NotificationKind", "Plan", "PlanKind",
    "PlanSection", "PlanStatus", "PlanVersion", "ProgressReport", "Recurrence", "ReportState",
    "ReportStatus", "RollupFigure", "RollupLink", "Snapshot", "Task", "TaskKind", "TaskProgress",
]
