"""Registry fixtures on top of the shared `world`: one document per unit relation.

Each document's title carries a word naming its relation ("tailieu own", ...), so pages and
search can be checked for exactly which documents a user sees.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from trienkhai.accounts.models import Clearance, Role
from trienkhai.core.context import acting_as
from trienkhai.documents.attachments import attachment_add
from trienkhai.documents.models import Attachment, Document, DocumentRelation
from trienkhai.documents.services import document_create, relation_add

from ..conftest import make_user
from ..matrix import EXPECTED, RELATIONS, unit_key

MARK = {rel: f"tailieu{rel}" for rel in RELATIONS}  # one searchable word per relation


def doc_expected(world: Any, role: str, relation: str) -> tuple[bool, bool]:
    """EXPECTED for a document issued at `relation`'s unit.

    Documents flow downward: besides what the role reads anyway, a document issued by a proper
    ancestor of any unit the role reads is readable too (the root for everyone, and the
    sibling province for the supervisor, who reads a ward inside it). Writing is unchanged.
    """
    read, write = EXPECTED[role][relation]
    path = world.units[unit_key(relation)].path
    below = any(
        EXPECTED[role][other][0]
        and world.units[unit_key(other)].path.startswith(path)
        and world.units[unit_key(other)].path != path
        for other in RELATIONS
    )
    return read or below, write


@dataclass
class Registry:
    docs: dict[str, Document] = field(default_factory=dict)
    children: dict[str, Document] = field(default_factory=dict)  # implements docs[rel]
    relations: dict[str, DocumentRelation] = field(default_factory=dict)
    attachments: dict[str, Attachment] = field(default_factory=dict)


@pytest.fixture
def registry(world: Any) -> Registry:
    reg = Registry()
    with acting_as(None, "test:documents"):
        for index, relation in enumerate(RELATIONS, start=1):
            issuer = world.units[unit_key(relation)]
            reg.docs[relation] = document_create(
                issuer=issuer, symbol=f"{index}-KL/TW", signed_on=datetime.date(2021, 5, index),
                title=f"Kết luận về công tác học tập {MARK[relation]}",
                excerpt="Quán triệt đến từng chi bộ", term="XIII",
            )
            reg.children[relation] = document_create(
                issuer=issuer, symbol=f"{index}-KH/TU", signed_on=datetime.date(2021, 6, index),
                title=f"Kế hoạch thực hiện {MARK[relation]}",
            )
            reg.relations[relation] = relation_add(
                source=reg.children[relation], target=reg.docs[relation], kind="implements"
            )
            reg.attachments[relation] = attachment_add(
                document=reg.docs[relation], file=f"Toàn văn {MARK[relation]}".encode(),
                name=f"{relation}.txt",
            )
    return reg


@pytest.fixture
def cleared(world: Any) -> Any:
    """A viewer of the users' own unit cleared for "mật" documents."""
    return make_user("cleared-viewer", world.units["own"], Role.VIEWER,
                     clearance=Clearance.CONFIDENTIAL)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
