from .access import OfficeAccess
from .plans import (
    ActionPlan,
    CoordinatorAppointment,
    CoordinatorMeeting,
    Measure,
    MeasureDeadline,
    MeetingDecision,
    PlanAction,
    SentReminder,
)
from .syntheses import DatabaseSnapshot, Synthesis

__all__ = [
    "DatabaseSnapshot",
    "Synthesis",
    "ActionPlan",
    "CoordinatorAppointment",
    "CoordinatorMeeting",
    "Measure",
    "MeasureDeadline",
    "MeetingDecision",
    "OfficeAccess",
    "PlanAction",
    "SentReminder",
]
