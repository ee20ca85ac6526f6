"""Study and dissemination (học tập, quán triệt): campaigns, sessions, coverage, annual themes."""
from .campaigns import Audience, StudyCampaign
from .coverage import METRICS, StudyCoverage
from .sessions import AbsenceReason, ConferenceLevel, SessionForm, StudyAbsence, StudySession
from .themes import AnnualTheme, ThemeRegistration

__all__ = [
    "METRICS",
    "AbsenceReason",
    "AnnualTheme",
    "Audience",
    "ConferenceLevel",
    "SessionForm",
    "StudyAbsence",
    "StudyCampaign",
    "StudyCoverage",
    "StudySession",
    "ThemeRegistration",
]
