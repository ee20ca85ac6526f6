"""Where each scoped model's owning unit is. Every new model that serves users is added here."""
from trienkhai.audit.models import AuditEntry
from trienkhai.documents.models import Attachment, Document, DocumentRelation
from trienkhai.units.models import OversightAssignment, Person, Position, Unit

from .policy import register

register(Unit, read_via=("",), write_via="")
register(Person, read_via=("unit__",), write_via="unit__")
register(Position, read_via=("unit__",), write_via="unit__")
# The unit overseen and the assigning committee both see an assignment; the committee writes it.
register(
    OversightAssignment, read_via=("unit__", "assigned_by__"), write_via="assigned_by__"
)
register(AuditEntry, read_via=("unit__",), write_via="unit__", clearance_field="confidentiality")

# Documents flow downward: every unit below the issuer reads them (to study and implement them),
# within the reader's clearance. Relations are listed only where both ends are readable
# (documents.selectors); the rule here covers the source end.
register(Document, read_via=("issuer__",), write_via="issuer__", downward=True,
         clearance_field="confidentiality")
register(Attachment, read_via=("document__issuer__",), write_via="document__issuer__",
         downward=True, clearance_field="document__confidentiality")
register(DocumentRelation, read_via=("source__issuer__",), write_via="source__issuer__",
         downward=True, clearance_field="source__confidentiality")

# Study and dissemination. A campaign and an annual theme flow down from the unit that set them,
# within the reader's clearance for the document; sessions, coverage rows and registrations
# belong to their unit (ancestors read them, siblings do not).
from trienkhai.studies.models import (  # noqa: E402
    AnnualTheme,
    StudyAbsence,
    StudyCampaign,
    StudyCoverage,
    StudySession,
    ThemeRegistration,
)

register(StudyCampaign, read_via=("launched_by__",), write_via="launched_by__", downward=True,
         clearance_field="confidentiality")
register(StudySession, read_via=("unit__",), write_via="unit__",
         clearance_field="campaign__confidentiality")
register(StudyAbsence, read_via=("session__unit__",), write_via="session__unit__",
         clearance_field="session__campaign__confidentiality")
register(StudyCoverage, read_via=("unit__",), write_via="unit__",
         clearance_field="campaign__confidentiality")
register(AnnualTheme, read_via=("unit__",), write_via="unit__", downward=True,
         clearance_field="document__confidentiality")
register(ThemeRegistration, read_via=("unit__",), write_via="unit__",
         clearance_field="theme__document__confidentiality")

# Each later app keeps its own rules next to its models.
from trienkhai.meetings import access_rules as _meetings  # noqa: E402,F401
from trienkhai.plans import access_rules as _plans  # noqa: E402,F401
