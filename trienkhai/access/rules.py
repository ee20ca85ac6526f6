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
