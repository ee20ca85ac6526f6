"""Study fixtures (see helpers for the world's units and their party members)."""
from __future__ import annotations

from typing import Any

import pytest

from trienkhai.documents.models import Document
from trienkhai.studies.models import StudyCampaign

from .helpers import launch, make_document
from .records import study_records

__all__ = ["campaign", "document", "study_records"]


@pytest.fixture
def document(world: Any) -> Document:
    return make_document(world.units["root"])


@pytest.fixture
def campaign(world: Any, document: Document) -> StudyCampaign:
    return launch(document, world.units["root"])
