from .audit import AuditEntrySerializer
from .auth import ErrorSerializer, TokenRequestSerializer, TokenSerializer
from .people import (
    OversightCreateSerializer,
    OversightSerializer,
    PersonCreateSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    PositionCreateSerializer,
    PositionEndSerializer,
    PositionSerializer,
)
from .units import (
    UnitCreateSerializer,
    UnitMergeSerializer,
    UnitMoveSerializer,
    UnitSerializer,
    UnitUpdateSerializer,
)

__all__ = [
    "AuditEntrySerializer", "ErrorSerializer", "OversightCreateSerializer", "OversightSerializer",
    "PersonCreateSerializer", "PersonSerializer", "PersonUpdateSerializer",
    "PositionCreateSerializer", "PositionEndSerializer", "PositionSerializer",
    "TokenRequestSerializer", "TokenSerializer", "UnitCreateSerializer", "UnitMergeSerializer",
    "UnitMoveSerializer", "UnitSerializer", "UnitUpdateSerializer",
]
