"""The four officials named in the article, their titles in 2022, oversight, and demo accounts."""
from __future__ import annotations

import datetime

from trienkhai.accounts.models import Role, User
from trienkhai.accounts.services import user_create
from trienkhai.units.models import OversightAssignment, Person, Position, Unit
from trienkhai.units.people_services import oversight_assign, person_create, position_create

DEMO_PASSWORD = "trienkhai-demo"
TERM_START = datetime.date(2020, 10, 17)  # illustrative: the city's 11th Congress term

# (full name, record-keeping unit, [(unit code, title)])
OFFICIALS = [
    ("Phan Nguyễn Như Khuê", "HCM-BTG", [
        ("HCM-BTV", "Ủy viên Ban Thường vụ Thành ủy"),
        ("HCM-BTG", "Trưởng Ban Tuyên giáo Thành ủy"),
    ]),
    ("Dương Anh Đức", "HCM", [
        ("HCM", "Thành ủy viên"),
        ("HCM-UBND", "Phó Chủ tịch Ủy ban nhân dân Thành phố"),
    ]),
    ("Nguyễn Văn Hiếu", "HCM", [("HCM", "Phó Bí thư Thành ủy")]),
    ("Lại Xuân Môn", "BTGTW", [("BTGTW", "Phó trưởng Ban Thường trực Ban Tuyên giáo Trung ương")]),
]
# Standing-committee members in charge of units (phân công phụ trách): (person, unit, assigner).
OVERSIGHT = [
    ("Nguyễn Văn Hiếu", "HCM-TD", "HCM-BTV"),
    ("Phan Nguyễn Như Khuê", "HCM-Q1", "HCM-BTV"),
    ("Dương Anh Đức", "HCM-Q3", "HCM-BTV"),
    ("Lại Xuân Môn", "HCM", "TW"),
]
# Demo accounts: one per role at three levels; supervisors are the people in charge above.
LEVELS = {"tw": "BTGDVTW", "hcm": "HCM", "saigon": "ward:Sài Gòn"}
SUPERVISOR_PERSON = {"tw": "Lại Xuân Môn", "hcm": "Nguyễn Văn Hiếu"}


def build_people(units: dict[str, Unit]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for name, keeper, titles in OFFICIALS:
        person = Person.objects.filter(full_name=name, unit=units[keeper]).first()
        if person is None:
            person = person_create(full_name=name, unit=units[keeper])
        people[name] = person
        for code, title in titles:
            if not Position.objects.filter(person=person, unit=units[code], title=title).exists():
                position_create(person=person, unit=units[code], title=title,
                                start_date=TERM_START)
    for name, code, assigner in OVERSIGHT:
        if not OversightAssignment.objects.filter(person=people[name], unit=units[code]).exists():
            oversight_assign(person=people[name], unit=units[code], assigned_by=units[assigner],
                             start_date=TERM_START)
    return people


def build_accounts(units: dict[str, Unit], people: dict[str, Person]) -> list[tuple[str, str]]:
    """Create the demo accounts; returns (username, description) for the printed logins."""
    logins: list[tuple[str, str]] = []
    if not User.objects.filter(username="admin").exists():
        user_create(username="admin", password=DEMO_PASSWORD, unit=units["TW"],
                    role=Role.ADMINISTRATOR, full_name="Quản trị hệ thống",
                    check_password_strength=False)
    logins.append(("admin", f"{Role.ADMINISTRATOR.label} · {units['TW'].name}"))
    for prefix, key in LEVELS.items():
        unit = units[key]
        for role in Role:
            username = f"{prefix}-{role.value}"
            if not User.objects.filter(username=username).exists():
                person = (people.get(SUPERVISOR_PERSON.get(prefix, ""))
                          if role == Role.SUPERVISOR else None)
                user_create(username=username, password=DEMO_PASSWORD, unit=unit, role=role,
                            person=person, check_password_strength=False)
            logins.append((username, f"{role.label} · {unit.name}"))
    return logins
