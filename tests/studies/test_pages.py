"""Page behaviour: forms keep what was typed, conflicts say so, classified campaigns stay
hidden, and lists and the overview read a fixed number of queries."""
from __future__ import annotations

import datetime

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from trienkhai.access.policy import scope_for
from trienkhai.accounts.models import Clearance, Role
from trienkhai.studies import selectors
from trienkhai.studies.models import StudyCampaign, StudySession

from ..conftest import make_user
from .helpers import launch, make_document, record

D = datetime.date


def session_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "held_on": "10/02/2022", "conference_level": "commune", "form": "in_person",
        "connection_points": "1", "presenters": "Đồng chí Nguyễn Văn Hiếu, Phó Bí thư",
        "cadres_attended": "12", "members_attended": "110", "invited_attended": "5",
        "absent_illness": "6", "absent_on_duty": "4", "absence_note": "Đi công tác Hà Nội",
        "assessments_count": "100", "notes": "",
    }
    data.update(overrides)
    return data


def test_record_a_session_through_the_form(world, client, campaign):
    client.force_login(world.user("editor"))
    ward = world.units["descendant"]
    world.users["editor"].unit = ward  # an editor of the ward itself
    world.users["editor"].save()
    url = reverse("studies:session-create", args=[campaign.pk]) + f"?unit={ward.pk}"
    response = client.post(url, session_post())
    session = StudySession.objects.get()
    assert response.status_code == 302
    assert session.members_absent == 10
    assert {a.reason: (a.count, a.note) for a in session.absences.all()} == {
        "illness": (6, "Đi công tác Hà Nội"), "on_duty": (4, "")}
    assert session.campaign.coverage.get(unit=ward).own_attended == 110


def test_form_keeps_what_was_typed_on_errors(world, client, campaign):
    client.force_login(world.user("administrator"))
    ward = world.units["descendant"]
    url = reverse("studies:session-create", args=[campaign.pk]) + f"?unit={ward.pk}"
    response = client.post(url, session_post(members_attended="500", absent_illness="-1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đồng chí Nguyễn Văn Hiếu, Phó Bí thư" in html
    assert 'value="500"' in html
    form = response.context["form"]
    assert "absent_illness" in form.errors
    response = client.post(url, session_post(members_attended="500"))
    assert "members_attended" in response.context["form"].errors
    assert not StudySession.objects.exists()


def test_edit_conflict_keeps_the_text_and_shows_the_stored_version(world, client, campaign):
    client.force_login(world.user("administrator"))
    s = record(campaign, world.units["descendant"], D(2022, 2, 1), 100, {"illness": 5})
    url = reverse("studies:session-edit", args=[s.pk])
    stale = s.version
    assert client.post(url, session_post(version=stale, members_attended="101")).status_code == 302
    response = client.post(url, session_post(version=stale, presenters="Bản của tôi",
                                             members_attended="99"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bản của tôi" in html
    assert response.context["current"].members_attended == 101
    assert response.context["form"].non_field_errors()
    # Saving again after seeing the conflict is a deliberate overwrite.
    again = response.context["form"].data.copy()
    assert client.post(url, again).status_code == 302
    assert StudySession.objects.get(pk=s.pk).members_attended == 99


def test_classified_campaign_is_hidden_below_its_clearance(world, client):
    secret = make_document(world.units["root"], symbol="05-CT/TW", confidentiality=1)
    campaign = launch(secret, world.units["root"])
    s = record(campaign, world.units["descendant"], D(2022, 2, 1), 100)
    cleared = make_user("cleared-viewer", world.units["own"], Role.VIEWER,
                        clearance=Clearance.CONFIDENTIAL)
    detail = reverse("studies:campaign-detail", args=[campaign.pk])
    session_url = reverse("studies:session-detail", args=[s.pk])
    client.force_login(world.user("viewer"))
    assert client.get(detail).status_code == 404
    assert client.get(session_url).status_code == 404
    assert campaign.title not in client.get(reverse("studies:campaign-list")).content.decode()
    client.force_login(cleared)
    assert client.get(detail).status_code == 200
    assert client.get(session_url).status_code == 200
    assert campaign.title in client.get(reverse("studies:campaign-list")).content.decode()


@pytest.mark.urls("tests.studies.urls_for_tests")
def test_classified_campaign_is_hidden_from_the_api(world):
    from rest_framework.test import APIClient

    secret = make_document(world.units["root"], symbol="05-CT/TW", confidentiality=1)
    campaign = launch(secret, world.units["root"])
    client = APIClient()
    client.force_authenticate(world.user("administrator"))
    assert client.get(reverse("api:study-campaign-detail", args=[campaign.pk])).status_code == 404
    url = reverse("api:study-campaign-coverage", args=[campaign.pk])
    assert client.get(url).status_code == 404
    listed = client.get(reverse("api:study-campaign-list")).json()["results"]
    assert campaign.pk not in [row["id"] for row in listed]


def _more_campaigns(world, document, count: int) -> None:
    for index in range(count):
        launch(document, world.units["root"], title=f"Đợt {index}")


def test_campaign_list_is_one_query_whatever_its_length(world, document,
                                                        django_assert_num_queries):
    user = world.user("viewer")
    scope_for(user)
    _more_campaigns(world, document, 3)
    with django_assert_num_queries(1):
        rows = list(selectors.campaign_list(user=user, unit=world.units["own"]))
    assert len(rows) == 3
    _more_campaigns(world, document, 5)
    with django_assert_num_queries(1):
        rows = list(selectors.campaign_list(user=user, unit=world.units["own"]))
    assert [r.unit_members for r in rows] == [230] * 8  # SG 120 + KP1 30 + BT 80


def test_overview_is_seven_queries_however_many_children(world, campaign,
                                                       django_assert_num_queries):
    user = world.user("viewer")
    scope_for(user)
    record(campaign, world.units["descendant"], D(2022, 2, 1), 100)
    with django_assert_num_queries(7):
        overview = selectors.campaign_overview(user=user, campaign=campaign,
                                               unit=world.units["own"])
    assert [c.unit.code for c in overview.children] == ["HCM-SG", "HCM-BT"]
    assert overview.not_held_count == 2  # BT and the cell
    assert [c.unit.code for c in overview.not_held] == ["HCM-SG-KP1", "HCM-BT"]
    assert overview.below_count == 1  # SG: 100/120


def test_campaign_page_queries_do_not_grow_with_children(world, client, campaign,
                                                         django_assert_max_num_queries):
    client.force_login(world.user("viewer"))
    url = reverse("studies:campaign-detail", args=[campaign.pk])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_launch_form_sets_the_threshold_in_percent(world, client, document):
    client.force_login(world.user("administrator"))
    response = client.post(reverse("studies:campaign-launch"), {
        "document": document.pk, "launched_by": world.units["own"].pk, "title": "",
        "required_kinds": ["commune_committee"], "audiences": ["key_cadres", "party_members"],
        "deadline": "31/03/2022", "launched_on": "10/01/2022", "threshold": "90,5",
    })
    assert response.status_code == 302, response.context["form"].errors
    campaign = StudyCampaign.objects.get()
    assert str(campaign.threshold) == "0.905"
    assert campaign.audiences == ["key_cadres", "party_members"]


def test_theme_pages_register_a_unit(world, client, document):
    from trienkhai.core.context import acting_as
    from trienkhai.studies import services

    with acting_as(None, "test"):
        theme = services.theme_create(user=None, document=document, unit=world.units["root"],
                                      year=2022, title="Năm xây dựng và chỉnh đốn Đảng")
    client.force_login(world.user("editor"))
    url = reverse("studies:theme-register", args=[theme.pk]) + f"?unit={world.units['own'].pk}"
    assert client.post(url, {"content": "Học tập và làm theo Bác"}).status_code == 302
    page = client.get(reverse("studies:theme-detail", args=[theme.pk])).content.decode()
    assert "Học tập và làm theo Bác" in page


def _catalog_has_studies() -> bool:
    po = settings.LOCALE_PATHS[0] / "vi" / "LC_MESSAGES" / "django.po"
    return any(e.msgid == "No session by the deadline" and e.msgstr for e in polib.pofile(str(po)))


@pytest.mark.skipif(not _catalog_has_studies(),
                    reason="studies translations (/tmp/i18n/studies.py) not merged into locale/vi")
def test_pages_are_in_vietnamese_by_default(world, client, campaign):
    client.force_login(world.user("viewer"))
    html = client.get(reverse("studies:campaign-detail", args=[campaign.pk])).content.decode()
    assert "Học tập, quán triệt" in html
    assert "Tỷ lệ" in html
