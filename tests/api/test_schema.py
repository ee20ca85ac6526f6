"""The OpenAPI 3 schema is valid and complete, and the docs page is served."""
from __future__ import annotations

import io

from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from .conftest import token_client


def test_schema_is_valid_openapi_3(world):
    response = token_client(world.user("viewer")).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    paths = schema["paths"]
    for path in [
        "/api/units/", "/api/units/{id}/", "/api/units/{id}/move/", "/api/units/{id}/merge/",
        "/api/units/{id}/history/", "/api/people/", "/api/people/{id}/", "/api/positions/",
        "/api/positions/{id}/end/", "/api/oversight-assignments/", "/api/token/",
    ]:
        assert path in paths, path
    assert set(paths["/api/units/{id}/"]) == {"get", "patch"}
    unit_params = {p["name"] for p in paths["/api/units/"]["get"]["parameters"]}
    assert {"parent", "kind", "q", "include_dissolved", "page", "page_size"} <= unit_params
    position_params = {p["name"] for p in paths["/api/positions/"]["get"]["parameters"]}
    assert {"person", "unit", "on"} <= position_params


def test_schema_generates_without_warnings(db):
    # --fail-on-warn turns any guess drf-spectacular had to make into a failure.
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json",
                 stdout=out)
    assert '"openapi"' in out.getvalue()


def test_docs_page(world):
    response = token_client(world.user("viewer")).get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "/api/schema/" in page


def test_schema_needs_sign_in(db):
    assert token_client(None).get("/api/schema/").status_code == 401


def test_docs_need_sign_in(db):
    assert token_client(None).get("/api/docs/").status_code == 401
