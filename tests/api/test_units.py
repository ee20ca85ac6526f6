"""Units through the API: fields, filters, writes through the services, move and merge rules."""
from __future__ import annotations

import datetime

from django.urls import reverse

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.units.models import Unit, UnitKind
from trienkhai.units.services import unit_merge

from .conftest import token_client


def detail(unit: Unit, action: str = "detail") -> str:
    return reverse(f"api:unit-{action}", args=[unit.pk])


def listed_codes(client, **params) -> list[str]:
    response = client.get(reverse("api:unit-list"), params)
    assert response.status_code == 200
    return [row["code"] for row in response.json()["results"]]


def test_retrieve_shape(world):
    ward = world.units["descendant"]
    body = token_client(world.user("viewer")).get(detail(ward)).json()
    assert body["id"] == ward.pk
    assert body["parent"] == world.units["own"].pk
    assert body["depth"] == 3
    assert body["kind"] == UnitKind.COMMUNE_COMMITTEE
    assert body["kind_label"]  # the translated label
    assert body["party_member_count"] == 120
    assert body["version"] == ward.version
    assert body["merged_into"] is None and body["dissolved_on"] is None


def test_root_has_no_parent(world):
    root = world.units["root"]
    body = token_client(world.users["superuser"]).get(detail(root)).json()
    assert body["parent"] is None


def test_filters(world):
    client = token_client(world.user("viewer"))
    own = world.units["own"]
    assert listed_codes(client, parent=own.pk) == ["HCM-SG", "HCM-BT"]
    assert listed_codes(client, parent=999999) == []
    assert listed_codes(client, kind=UnitKind.PARTY_CELL) == ["HCM-SG-KP1"]
    # Without diacritics, any case, any word order inside the folded text.
    assert listed_codes(client, q="SAI GON") == ["HCM-SG"]
    assert listed_codes(client, q="phuong ben thanh") == ["HCM-BT"]
    # A unit outside the scope is not found by name either.
    assert listed_codes(client, q="ca mau") == []


def test_dissolved_units_are_hidden_unless_asked_for_but_keep_their_page(world):
    with acting_as(None, "test"):
        unit_merge(unit=world.units["descendant2"], into=world.units["descendant"],
                   on_date=datetime.date(2025, 7, 1))
    client = token_client(world.user("viewer"))
    assert "HCM-BT" not in listed_codes(client)
    assert "HCM-BT" in listed_codes(client, include_dissolved="true")
    body = client.get(detail(world.units["descendant2"])).json()
    assert body["merged_into"] == world.units["descendant"].pk
    assert body["dissolved_on"] == "2025-07-01"
    assert body["parent"] == world.units["descendant"].pk


def test_create_writes_an_audit_entry_with_the_token_user_and_request_id(world):
    client = token_client(world.user("administrator"))
    response = client.post(
        reverse("api:unit-list"),
        {"parent": world.units["descendant"].pk, "kind": UnitKind.PARTY_CELL,
         "name": "Chi bộ khu phố 2", "code": "HCM-SG-KP2"},
        format="json", HTTP_X_REQUEST_ID="req-api-42",
    )
    assert response.status_code == 201, response.content
    assert response["X-Request-ID"] == "req-api-42"
    body = response.json()
    assert body["parent"] == world.units["descendant"].pk and body["depth"] == 4
    entry = AuditEntry.objects.get(object_type="units.unit", object_id=str(body["id"]))
    assert entry.action == "create"
    assert entry.actor_label == "administrator-user"
    assert entry.actor_id == world.user("administrator").pk
    assert entry.request_id == "req-api-42"


def test_every_write_is_audited_once_under_the_request_id(world):
    client = token_client(world.user("administrator"))
    ward = world.units["descendant"]
    calls = [
        ("patch", detail(ward), {"name": "Đảng ủy phường Sài Gòn mới"}),
        ("post", detail(world.units["cell"], "move"), {"parent": world.units["descendant2"].pk}),
        ("post", detail(world.units["descendant2"], "merge"),
         {"into": ward.pk, "on_date": "2025-07-01"}),
    ]
    for number, (method, url, body) in enumerate(calls):
        request_id = f"req-{number}"
        response = getattr(client, method)(url, body, format="json", HTTP_X_REQUEST_ID=request_id)
        assert response.status_code == 200, response.content
        entries = AuditEntry.objects.filter(request_id=request_id)
        assert entries.exists()
        assert set(entries.values_list("actor_label", flat=True)) == {"administrator-user"}


def test_create_reports_each_bad_field(world):
    client = token_client(world.user("administrator"))
    response = client.post(
        reverse("api:unit-list"),
        {"parent": 999999, "kind": "nonsense", "name": "", "code": "HCM",
         "active_from": "2024-13-45"},
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"parent", "kind", "name", "code", "active_from"} <= set(fields)
    assert response.json()["detail"]


def test_unreadable_parent_reads_as_unknown(world):
    client = token_client(world.user("administrator"))
    unknown = client.post(reverse("api:unit-list"), {"parent": 999999}, format="json").json()
    sibling = client.post(
        reverse("api:unit-list"), {"parent": world.units["sibling"].pk}, format="json"
    ).json()
    assert unknown["fields"]["parent"][0].replace("999999", "X") == (
        sibling["fields"]["parent"][0].replace(str(world.units["sibling"].pk), "X")
    )


def test_only_an_unrestricted_scope_adds_a_top_level_unit(world):
    body = {"parent": None, "kind": UnitKind.CENTRAL_BODY, "name": "Khối mới", "code": "K"}
    admin = token_client(world.user("administrator"))
    assert admin.post(reverse("api:unit-list"), body, format="json").status_code == 403
    superuser = token_client(world.users["superuser"])
    response = superuser.post(reverse("api:unit-list"), body, format="json")
    assert response.status_code == 201
    assert response.json()["parent"] is None


def test_patch_with_version(world):
    ward = world.units["descendant"]
    client = token_client(world.user("administrator"))
    first = client.patch(detail(ward), {"party_member_count": 121, "version": ward.version},
                         format="json")
    assert first.status_code == 200
    assert first.json()["version"] == ward.version + 1
    assert first.json()["party_member_count"] == 121
    stale = client.patch(detail(ward), {"party_member_count": 122, "version": ward.version},
                         format="json")
    assert stale.status_code == 409
    assert stale.json()["detail"]  # says someone else saved it
    assert Unit.objects.get(pk=ward.pk).party_member_count == 121


def test_patch_cannot_touch_the_tree_fields(world):
    ward = world.units["descendant"]
    client = token_client(world.user("administrator"))
    response = client.patch(detail(ward), {"depth": 1, "merged_into": 1}, format="json")
    assert response.status_code == 200  # read-only fields are ignored, as DRF does
    assert Unit.objects.get(pk=ward.pk).depth == 3


def test_patch_bad_values(world):
    client = token_client(world.user("administrator"))
    response = client.patch(detail(world.units["descendant"]),
                            {"dissolved_on": "not a date", "party_member_count": -1},
                            format="json")
    assert response.status_code == 400
    assert {"dissolved_on", "party_member_count"} <= set(response.json()["fields"])


def test_move(world):
    client = token_client(world.user("administrator"))
    cell, ward2 = world.units["cell"], world.units["descendant2"]
    response = client.post(detail(cell, "move"), {"parent": ward2.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["parent"] == ward2.pk
    assert Unit.objects.get(pk=cell.pk).path.startswith(ward2.path)


def test_cannot_move_under_own_descendant(world):
    client = token_client(world.user("administrator"))
    ward, cell = world.units["descendant"], world.units["cell"]
    response = client.post(detail(ward, "move"), {"parent": cell.pk}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()["fields"]
    itself = client.post(detail(ward, "move"), {"parent": ward.pk}, format="json")
    assert itself.status_code == 400


def test_move_needs_write_access_at_the_destination(world):
    # An editor writes its own unit only: the destination (a sub-unit) is readable, not writable.
    client = token_client(world.user("editor"))
    response = client.post(detail(world.units["own"], "move"),
                           {"parent": world.units["descendant"].pk}, format="json")
    assert response.status_code == 403
    # Out of scope: like a missing id.
    admin = token_client(world.user("administrator"))
    response = admin.post(detail(world.units["cell"], "move"),
                          {"parent": world.units["sibling"].pk}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()["fields"]


def test_merge(world):
    client = token_client(world.user("administrator"))
    ward, ward2 = world.units["descendant"], world.units["descendant2"]
    response = client.post(detail(ward2, "merge"), {"into": ward.pk, "on_date": "2025-07-01"},
                           format="json")
    assert response.status_code == 200
    assert response.json()["merged_into"] == ward.pk
    again = client.post(detail(ward2, "merge"), {"into": ward.pk, "on_date": "2025-07-01"},
                        format="json")
    assert again.status_code == 400
    assert "into" in again.json()["fields"]


def test_merge_rules_and_fields(world):
    client = token_client(world.user("administrator"))
    ward, cell = world.units["descendant"], world.units["cell"]
    into_child = client.post(detail(ward, "merge"), {"into": cell.pk, "on_date": "2025-07-01"},
                             format="json")
    assert into_child.status_code == 400 and "into" in into_child.json()["fields"]
    bad = client.post(detail(ward, "merge"), {"into": "x", "on_date": "01/07/2025"},
                      format="json")
    assert bad.status_code == 400
    assert {"into", "on_date"} <= set(bad.json()["fields"])


def test_history_lists_the_units_entries_newest_first(world):
    ward = world.units["descendant"]
    client = token_client(world.user("administrator"))
    client.patch(detail(ward), {"short_name": "SG"}, format="json", HTTP_X_REQUEST_ID="req-h")
    rows = client.get(detail(ward, "history")).json()["results"]
    assert rows[0]["action"] == "update"
    assert rows[0]["request_id"] == "req-h"
    assert rows[0]["actor_label"] == "administrator-user"
    assert rows[0]["changes"] == {"short_name": ["", "SG"]}
    assert rows[-1]["action"] == "create"
