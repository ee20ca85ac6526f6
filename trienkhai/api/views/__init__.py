from .auth import TokenObtainView
from .base import ActorMixin, ScopedViewSet
from .people import OversightViewSet, PersonViewSet, PositionViewSet
from .units import UnitViewSet

__all__ = [
    "ActorMixin", "OversightViewSet", "PersonViewSet", "PositionViewSet", "ScopedViewSet",
    "TokenObtainView", "UnitViewSet",
]
