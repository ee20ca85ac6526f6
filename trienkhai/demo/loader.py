from __future__ import annotations

from django.db import transaction

from trienkhai.core.context import acting_as

from .documents import build_documents
from .meetings import build_meetings
from .people import build_accounts, build_people
from .plans import build_plans
from .reports import build_reports
from .studies import build_studies
from .units import build_units


def load_demo() -> list[tuple[str, str]]:
    """Load (or complete) the demo data; running it again changes nothing."""
    with acting_as(None, "command:demo"), transaction.atomic():
        units = build_units()
        people = build_people(units)
        documents = build_documents(units, people)
        build_studies(units, documents)
        plans = build_plans(units, people, documents)
        build_reports(plans)
        build_meetings(units, people, documents)
        return build_accounts(units, people)
