"""Shared fixtures: a small tree with an account of every role at one unit.

    central (root)
    ├── province        <- the users' own unit ("own")
    │   ├── ward        <- "descendant"
    │   │   └── cell
    │   └── ward2
    └── province2       <- "sibling"
        └── ward3       <- "supervised" (the supervisor's person is in charge of it)

The root is the users' "ancestor".
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from trienkhai.accounts.models import Role, User
from trienkhai.core.context import acting_as
from trienkhai.units.models import Person, Unit, UnitKind
from trienkhai.units.people_services import oversight_assign, person_create
from trienkhai.units.services import unit_create

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.users[role]


def make_user(username: str, unit: Unit | None, role: str, **extra: Any) -> User:
    user = User(username=username, unit=unit, role=role, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(db: Any) -> World:
    w = World()
    with acting_as(None, "test:fixture"):
        root = unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, name="Ban Chấp hành Trung ương",
                           code="TW")
        province = unit_create(parent=root, kind=UnitKind.PROVINCIAL_COMMITTEE,
                               name="Đảng bộ Thành phố Hồ Chí Minh", short_name="Thành ủy TPHCM",
                               code="HCM", party_member_count=0)
        ward = unit_create(parent=province, kind=UnitKind.COMMUNE_COMMITTEE,
                           name="Đảng ủy phường Sài Gòn", code="HCM-SG", party_member_count=120)
        cell = unit_create(parent=ward, kind=UnitKind.PARTY_CELL, name="Chi bộ khu phố 1",
                           code="HCM-SG-KP1", party_member_count=30)
        ward2 = unit_create(parent=province, kind=UnitKind.COMMUNE_COMMITTEE,
                            name="Đảng ủy phường Bến Thành", code="HCM-BT", party_member_count=80)
        province2 = unit_create(parent=root, kind=UnitKind.PROVINCIAL_COMMITTEE,
                                name="Đảng bộ tỉnh Cà Mau", short_name="Tỉnh ủy Cà Mau", code="CM")
        ward3 = unit_create(parent=province2, kind=UnitKind.COMMUNE_COMMITTEE,
                            name="Đảng ủy xã U Minh", code="CM-UM", party_member_count=60)
        w.units = {"root": root, "own": province, "descendant": ward, "cell": cell,
                   "descendant2": ward2, "sibling": province2, "supervised": ward3}
        for key, unit in w.units.items():
            w.units[key] = Unit.objects.get(pk=unit.pk)
        supervisor_person = person_create(full_name="Lại Xuân Môn", unit=root)
        oversight_assign(person=supervisor_person, unit=w.units["supervised"], assigned_by=root,
                         start_date=datetime.date(2020, 1, 1))
        w.people["supervisor"] = supervisor_person
        for person_key, (name, unit_key) in {
            "own": ("Phan Nguyễn Như Khuê", "own"),
            "descendant": ("Nguyễn Văn Hiếu", "descendant"),
            "ancestor": ("Dương Anh Đức", "root"),
            "sibling": ("Trần Văn An", "sibling"),
            "supervised": ("Lê Thị Bình", "supervised"),
        }.items():
            w.people[person_key] = person_create(full_name=name, unit=w.units[unit_key])
    province = w.units["own"]
    for role in Role.values:
        w.users[role] = make_user(
            f"{role}-user", province, role,
            person=supervisor_person if role == Role.SUPERVISOR else None,
        )
    w.users["superuser"] = make_user("root-user", root, Role.ADMINISTRATOR, is_superuser=True)
    w.users["nounit"] = make_user("nounit-user", None, Role.VIEWER)
    return w


@pytest.fixture
def client_for(client: Any) -> Any:
    def login(user: User) -> Any:
        client.force_login(user)
        return client

    return login


@pytest.fixture
def live_world(transactional_db: Any, world: World) -> Any:
    """The world, committed, for a live server.

    Transactional tests end with a flush (DELETE on SQLite), which the audit table's triggers
    refuse: they are removed for the flush, and the post_migrate signal that follows the flush
    installs them again.
    """
    from django.db import connection

    from trienkhai.audit.triggers import remove

    yield world
    remove(connection)
