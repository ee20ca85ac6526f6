from .people import OversightAssignment, Person, Position
from .tree import Unit, UnitKind

__all__ = ["OversightAssignment", "Person", "Position", "Unit", "UnitKind"]
