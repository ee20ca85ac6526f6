"""The access matrix on the policy itself: role x relation x read/write, for every scoped model."""
from __future__ import annotations

import pytest

from trienkhai.access.policy import Action, restrict
from trienkhai.accounts.models import Role
from trienkhai.units.models import Person, Unit

from ..matrix import EXPECTED, RELATIONS, unit_key


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("relation", RELATIONS)
def test_unit_matrix(world, role, relation):
    user = world.user(role)
    unit = world.units[unit_key(relation)]
    can_read = restrict(Unit.objects.filter(pk=unit.pk), user, Action.READ).exists()
    can_write = restrict(Unit.objects.filter(pk=unit.pk), user, Action.WRITE).exists()
    assert (can_read, can_write) == EXPECTED[role][relation]


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("relation", RELATIONS)
def test_person_matrix(world, role, relation):
    user = world.user(role)
    person = world.people[relation]
    can_read = restrict(Person.objects.filter(pk=person.pk), user, Action.READ).exists()
    can_write = restrict(Person.objects.filter(pk=person.pk), user, Action.WRITE).exists()
    assert (can_read, can_write) == EXPECTED[role][relation]


def test_user_without_unit_reaches_nothing(world):
    assert not restrict(Unit.objects.all(), world.users["nounit"], Action.READ).exists()


def test_superuser_reaches_everything(world):
    assert restrict(Unit.objects.all(), world.users["superuser"], Action.WRITE).count() == (
        Unit.objects.count()
    )


def test_merged_unit_stays_readable_from_the_unit_it_merged_into(world):
    import datetime

    from trienkhai.core.context import acting_as
    from trienkhai.units.services import unit_merge

    with acting_as(None, "test"):
        unit_merge(unit=world.units["supervised"], into=world.units["descendant"],
                   on_date=datetime.date(2025, 7, 1))
    viewer = world.user(Role.VIEWER)
    merged = Unit.objects.get(pk=world.units["supervised"].pk)
    assert merged.merged_into_id == world.units["descendant"].pk
    assert restrict(Unit.objects.filter(pk=merged.pk), viewer, Action.READ).exists()


def test_organs_of_an_ancestor_speak_for_it(world):
    """A document of Bộ Chính trị (an organ beside the provinces under the Central Committee)
    reaches every unit below the Central Committee, but not a sibling province's own records."""
    import datetime

    from trienkhai.core.context import acting_as
    from trienkhai.documents.models import Document, DocumentType
    from trienkhai.units.models import UnitKind
    from trienkhai.units.services import unit_create

    with acting_as(None, "test"):
        politburo = unit_create(parent=world.units["root"], kind=UnitKind.CENTRAL_BODY,
                                name="Bộ Chính trị", code="BCT")
    def doc(issuer, title):
        return Document.objects.create(doc_type=DocumentType.CONCLUSION, issuer=issuer,
                                       signed_on=datetime.date(2021, 5, 18), title=title)
    from_politburo = doc(politburo, "Kết luận của Bộ Chính trị")
    from_sibling = doc(world.units["sibling"], "Nghị quyết của tỉnh bạn")
    viewer = world.user(Role.VIEWER)
    readable = set(restrict(Document.objects.all(), viewer, Action.READ))
    assert from_politburo in readable
    assert from_sibling not in readable
