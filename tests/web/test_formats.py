"""Numbers and dates as Vietnamese officials write them: 1.234.567, 12,5 and dd/mm/yyyy."""
from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import translation

from trienkhai.core.context import acting_as
from trienkhai.units.services import unit_update


def test_unit_page_groups_thousands_with_dots(client: Any, world: Any) -> None:
    with acting_as(None, "test"):
        unit_update(unit=world.units["own"], party_member_count=1234567)
    client.force_login(world.user("viewer"))
    page = client.get(reverse("unit-detail", args=[world.units["own"].pk])).content.decode()
    assert "1.234.567" in page
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("unit-detail", args=[world.units["own"].pk])).content.decode()
    assert "1,234,567" in page


def test_vietnamese_dates_are_day_first() -> None:
    field = forms.DateField()
    with translation.override("vi"):
        assert field.clean("05/06/2025") == datetime.date(2025, 6, 5)
        assert field.clean("2025-06-05") == datetime.date(2025, 6, 5)
        assert forms.DecimalField(localize=True).clean("12,5") == 12.5
