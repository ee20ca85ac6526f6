from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from trienkhai.accounts.models import User
from trienkhai.audit.models import AuditEntry
from trienkhai.demo.loader import load_demo
from trienkhai.demo.people import DEMO_PASSWORD
from trienkhai.units.models import Person, Position, Unit, UnitKind
from trienkhai.units.selectors import titles_held_on


@pytest.fixture
def demo(db):
    return load_demo()


def test_demo_is_idempotent(demo):
    counts = (Unit.objects.count(), Person.objects.count(), Position.objects.count(),
              User.objects.count(), AuditEntry.objects.count())
    load_demo()
    assert counts == (Unit.objects.count(), Person.objects.count(), Position.objects.count(),
                      User.objects.count(), AuditEntry.objects.count())


def test_demo_has_the_hierarchy_and_the_article(demo):
    assert Unit.objects.filter(kind=UnitKind.PROVINCIAL_COMMITTEE).count() == 34
    assert Unit.objects.filter(kind=UnitKind.COMMUNE_COMMITTEE).count() == 3321
    hieu = Person.objects.get(full_name="Nguyễn Văn Hiếu")
    assert titles_held_on(person=hieu, day=datetime.date(2022, 6, 1)) == ["Phó Bí thư Thành ủy"]
    khue = Person.objects.get(full_name="Phan Nguyễn Như Khuê")
    assert set(titles_held_on(person=khue, day=datetime.date(2022, 6, 1))) == {
        "Ủy viên Ban Thường vụ Thành ủy", "Trưởng Ban Tuyên giáo Thành ủy"}
    district = Unit.objects.get(code="HCM-Q1")
    assert district.dissolved_on == datetime.date(2025, 7, 1)
    assert district.merged_into.name.endswith("Phường Sài Gòn")


@pytest.mark.parametrize("username", ["admin", "tw-viewer", "hcm-editor", "saigon-approver",
                                      "tw-supervisor"])
def test_demo_accounts_sign_in(demo, client, username):
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_central_supervisor_reads_the_city_in_charge_of(demo, client):
    client.force_login(User.objects.get(username="tw-supervisor"))
    city = Unit.objects.get(kind=UnitKind.PROVINCIAL_COMMITTEE, name__endswith="Hồ Chí Minh")
    other = Unit.objects.filter(kind=UnitKind.PROVINCIAL_COMMITTEE).exclude(pk=city.pk).first()
    assert client.get(reverse("unit-detail", args=[city.pk])).status_code == 200
    assert client.get(reverse("unit-detail", args=[other.pk])).status_code == 404
