"""Services: bad inputs answer on the right field with a clear message; writes are audited."""
from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.core.errors import ConflictError
from trienkhai.studies import services
from trienkhai.studies.models import StudyCampaign, StudySession

from .helpers import launch, make_document, record

D = datetime.date


def errors_of(call: Any) -> dict[str, list[str]]:
    # English messages, whatever the catalog holds when the tests run.
    with acting_as(None, "test"), translation.override("en"), \
            pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def session(campaign: Any, unit: Any, **fields: Any) -> Any:
    values: dict[str, Any] = {"held_on": D(2022, 2, 1), "conference_level": "commune",
                              "members_attended": 10}
    values.update(fields)
    return lambda: services.session_record(user=None, campaign=campaign, unit=unit, **values)


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"members_attended": 121}, "members_attended", "121"),
    ({"members_attended": -1}, "members_attended", "negative"),
    ({"cadres_attended": -2}, "cadres_attended", "negative"),
    ({"members_attended": 100, "absences": [{"reason": "illness", "count": 30}]}, "absences",
     "130"),
    ({"absences": [{"reason": "illness", "count": -3}]}, "absences", "negative"),
    ({"absences": [{"reason": "holiday", "count": 3}]}, "absences", "reason"),
    ({"held_on": D(2021, 5, 1)}, "held_on", "18/05/2021"),
    ({"form": "online", "connection_points": 1}, "connection_points", "two"),
    ({"is_make_up": True}, "make_up_of", "name the session"),
    ({"members_attended": 0}, "members_attended", "who attended"),
])
def test_session_bad_inputs(world, campaign, fields, field, words):
    errors = errors_of(session(campaign, world.units["descendant"], **fields))
    assert field in errors
    assert words in " ".join(errors[field])


def test_session_in_the_future_is_refused(world, campaign):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    errors = errors_of(session(campaign, world.units["descendant"], held_on=tomorrow))
    assert "held_on" in errors


def test_make_up_must_follow_a_regular_session_of_the_same_unit(world, campaign):
    u = world.units
    other = record(campaign, u["descendant2"], D(2022, 2, 1), 70, {"illness": 10})
    errors = errors_of(session(campaign, u["descendant"], make_up_of=other))
    assert "make_up_of" in errors
    original = record(campaign, u["descendant"], D(2022, 2, 1), 100, {"illness": 10})
    assert "held_on" in errors_of(session(campaign, u["descendant"], make_up_of=original,
                                          held_on=D(2022, 1, 20), members_attended=5))
    assert "members_attended" in errors_of(session(campaign, u["descendant"],
                                                   make_up_of=original, members_attended=11))
    make_up = record(campaign, u["descendant"], D(2022, 2, 5), 6, make_up_of=original)
    assert make_up.is_make_up
    assert "make_up_of" in errors_of(session(campaign, u["descendant"], make_up_of=make_up,
                                             members_attended=1))
    assert "members_attended" in errors_of(session(campaign, u["descendant"],
                                                   make_up_of=original, members_attended=5))


def test_unit_out_of_the_campaigns_scope_is_refused(world, campaign):
    # The campaign asks commune committees and cells, not the province committee.
    errors = errors_of(session(campaign, world.units["own"], cadres_attended=3))
    assert "unit" in errors


def test_in_person_session_has_one_connection_point(world, campaign):
    s = record(campaign, world.units["descendant"], D(2022, 2, 1), 100, connection_points=7)
    assert s.connection_points == 1
    online = record(campaign, world.units["descendant2"], D(2022, 2, 1), 70, form="online",
                    connection_points=12)
    assert online.connection_points == 12


def test_stale_version_is_a_conflict_and_changes_nothing(world, campaign):
    s = record(campaign, world.units["descendant"], D(2022, 2, 1), 100)
    with acting_as(None, "test"):
        services.session_update(user=None, session=s, version=s.version, members_attended=101)
        with pytest.raises(ConflictError):
            services.session_update(user=None, session=s, version=s.version,
                                    members_attended=102)
    assert StudySession.objects.get(pk=s.pk).members_attended == 101


def test_update_refuses_fields_it_does_not_own(world, campaign):
    s = record(campaign, world.units["descendant"], D(2022, 2, 1), 100)
    assert "unit" in errors_of(lambda: services.session_update(
        user=None, session=s, version=None, unit=world.units["descendant2"]))


def test_session_writes_are_audited_with_their_absences(world, campaign):
    s = record(campaign, world.units["descendant"], D(2022, 2, 1), 100, {"illness": 4})
    with acting_as(None, "test"):
        services.session_update(user=None, session=s, version=s.version,
                                absences=[{"reason": "illness", "count": 2}])
    entries = AuditEntry.objects.filter(object_type="studies.studysession", object_id=str(s.pk))
    assert [e.action for e in entries.order_by("id")] == ["create", "update"]
    assert entries.get(action="update").changes["absences"] == [{"illness": 4}, {"illness": 2}]


def test_only_writers_of_the_unit_record_sessions(world, campaign):
    with acting_as(None, "test"), pytest.raises(PermissionDenied):
        services.session_record(user=world.user("viewer"), campaign=campaign,
                                unit=world.units["descendant"], held_on=D(2022, 2, 1),
                                conference_level="commune", members_attended=5)
    # The administrator writes the whole subtree.
    with acting_as(None, "test"):
        services.session_record(user=world.user("administrator"), campaign=campaign,
                                unit=world.units["descendant"], held_on=D(2022, 2, 1),
                                conference_level="commune", members_attended=5)


def test_campaign_is_launched_only_on_the_documents_line(world):
    u = world.units
    ward_document = make_document(u["descendant"], symbol="12-NQ/ĐU")
    # The sibling province is neither above nor below the ward that issued it.
    errors = errors_of(lambda: launch(ward_document, u["sibling"]))
    assert "launched_by" in errors
    # The ward's province is above it: it may launch the campaign for its units.
    assert launch(ward_document, u["own"]).launched_by == u["own"]


def test_campaign_launch_needs_write_access_and_a_readable_document(world):
    secret = make_document(world.units["root"], symbol="05-CT/TW", confidentiality=1)
    editor = world.user("editor")
    with acting_as(None, "test"), pytest.raises(ValidationError) as info:
        services.campaign_launch(user=editor, document=secret, launched_by=world.units["own"],
                                 audiences=["party_members"], deadline=D(2030, 1, 1))
    assert "document" in info.value.message_dict
    public = make_document(world.units["root"], symbol="06-CT/TW")
    with acting_as(None, "test"), pytest.raises(PermissionDenied):
        services.campaign_launch(user=editor, document=public,
                                 launched_by=world.units["descendant"],
                                 audiences=["party_members"], deadline=D(2030, 1, 1))


@pytest.mark.parametrize(("fields", "field"), [
    ({"deadline": D(2021, 12, 31)}, "deadline"),
    ({"launched_on": D(2020, 1, 1), "deadline": D(2020, 2, 1)}, "launched_on"),
    ({"audiences": []}, "audiences"),
    ({"audiences": ["everyone"]}, "audiences"),
    ({"required_kinds": ["village"]}, "required_kinds"),
    ({"min_level": 3, "max_level": 1}, "max_level"),
])
def test_campaign_bad_inputs(world, document, fields, field):
    assert field in errors_of(lambda: launch(document, world.units["root"], **fields))


def test_campaign_inherits_the_documents_confidentiality(world):
    secret = make_document(world.units["root"], symbol="05-CT/TW", confidentiality=2)
    campaign = launch(secret, world.units["root"], confidentiality=1)
    assert campaign.confidentiality == 2
    assert "05-CT/TW" in campaign.title


def test_theme_registration_is_one_per_unit_and_versioned(world, document):
    u = world.units
    with acting_as(None, "test"):
        theme = services.theme_create(user=None, document=document, unit=u["own"], year=2022,
                                      title="Năm đẩy mạnh chuyển đổi số")
        first = services.theme_register(user=None, theme=theme, unit=u["descendant"],
                                        content="Chuyển đổi số trong sinh hoạt chi bộ")
        second = services.theme_register(user=None, theme=theme, unit=u["descendant"],
                                         content="Nội dung mới", version=first.version)
        assert second.pk == first.pk and second.version == first.version + 1
        with pytest.raises(ConflictError):
            services.theme_register(user=None, theme=theme, unit=u["descendant"],
                                    content="Cũ", version=first.version)
        with pytest.raises(ValidationError) as info:
            services.theme_register(user=None, theme=theme, unit=u["sibling"], content="x")
    assert "unit" in info.value.message_dict


def test_theme_is_unique_per_document_unit_and_year(world, document):
    with acting_as(None, "test"):
        services.theme_create(user=None, document=document, unit=world.units["own"], year=2022,
                              title="A")
    errors = errors_of(lambda: services.theme_create(
        user=None, document=document, unit=world.units["own"], year=2022, title="B"))
    assert errors


def test_campaign_launch_creates_the_zero_rows(world, campaign):
    assert StudyCampaign.objects.filter(pk=campaign.pk).exists()
    assert campaign.coverage.filter(own_units=1).count() == 4


def test_an_organs_document_reaches_the_committees_subtree(world):
    """Bộ Chính trị sits beside the provinces under the Central Committee and speaks for it:
    a province launches the campaign for its conclusion and sets the year's theme."""
    from trienkhai.units.models import UnitKind
    from trienkhai.units.services import unit_create

    with acting_as(None, "test"):
        politburo = unit_create(parent=world.units["root"], kind=UnitKind.CENTRAL_BODY,
                                code="BCT", name="Bộ Chính trị")
    document = make_document(politburo)
    assert launch(document, world.units["own"]).launched_by == world.units["own"]
    with acting_as(None, "test"):
        theme = services.theme_create(user=None, document=document, unit=world.units["own"],
                                      year=2022, title="Chủ đề năm 2022")
    assert theme.unit == world.units["own"]


def test_a_standing_committees_document_stays_in_its_city(world):
    from trienkhai.units.models import UnitKind
    from trienkhai.units.services import unit_create

    with acting_as(None, "test"):
        standing = unit_create(parent=world.units["own"], kind=UnitKind.STANDING_COMMITTEE,
                               code="HCM-BTV", name="Ban Thường vụ Thành ủy")
    plan = make_document(standing, symbol="15-KH/TU")
    assert launch(plan, world.units["descendant"]).launched_by == world.units["descendant"]
    assert "launched_by" in errors_of(lambda: launch(plan, world.units["sibling"]))
