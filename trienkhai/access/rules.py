"""Where each scoped model's owning unit is. Every new model that serves users is added here."""
from trienkhai.audit.models import AuditEntry
from trienkhai.units.models import OversightAssignment, Person, Position, Unit

from .policy import register

register(Unit, read_via=("",), write_via="")
register(Person, read_via=("unit__",), write_via="unit__")
register(Position, read_via=("unit__",), write_via="unit__")
# The unit overseen and the assigning committee both see an assignment; the committee writes it.
register(
    OversightAssignment, read_via=("unit__", "assigned_by__"), write_via="assigned_by__"
)
register(AuditEntry, read_via=("unit__",), write_via="unit__")
