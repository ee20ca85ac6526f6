"""The names and titles check on the page, the API and the command: who may use it, what it
shows (only readable people), bad input (message on the field, nothing written), query count."""
from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.extraction.readers import MAX_BYTES
from trienkhai.units.people_services import position_create

from ..documents.helpers import docx_bytes, pdf_bytes
from ..matrix import ROLES

PAGE = "/kiem-tra/ten-chuc-danh/"
API = "/api/names-check/"
ARTICLE = ("Thứ Tư, 01/06/2022 08:00\n"
           "Đồng chí Nguyễn Văn Hiệu, Phó Bí thư Thành ủy, chủ trì. "
           "Đồng chí Trần Văn An, Bí thư Tỉnh ủy, dự.\n"
           "Đại biểu <b>Lê Văn Tám</b> phát biểu.\n")
SHIFT_JIS = "日本語の文章です。".encode("shift_jis") * 5


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def positions(world):
    with acting_as(None, "test:names-check"):
        position_create(person=world.people["descendant"], unit=world.units["descendant"],
                        title="Phó Bí thư Thành ủy", start_date=datetime.date(2020, 1, 1))


# --- access -----------------------------------------------------------------------------------


def test_urls():
    assert reverse("names-check") == PAGE and reverse("api:names-check-list") == API


def test_page_needs_sign_in(world, client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(PAGE, {"text": ARTICLE}).status_code == 302


def test_api_needs_sign_in(world, client):
    assert client.post(API, {"text": ARTICLE}, content_type="application/json"
                       ).status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_may_check_and_sees_only_readable_people(
        world, positions, client, role):
    user = world.user(role)
    client.force_login(user)
    assert client.get(PAGE).status_code == 200
    response = client.post(PAGE, {"text": ARTICLE})
    assert response.status_code == 200
    page = response.content.decode()
    hieu = world.people["descendant"]  # in a ward below the users' unit: every role reads it
    assert reverse("person-detail", args=[hieu.pk]) in page
    assert "Differs only by tone marks from the registered name Nguyễn Văn Hiếu." in page
    sibling = world.people["sibling"]  # Trần Văn An of the sibling province: nobody here
    assert reverse("person-detail", args=[sibling.pk]) not in page
    assert "Tỉnh ủy Cà Mau" not in page and "Đảng bộ tỉnh Cà Mau" not in page
    data = client.post(API, {"text": ARTICLE}, content_type="application/json").json()
    people = {p["name"]: p for p in data["people"]}
    assert people["Nguyễn Văn Hiệu"]["person"]["id"] == hieu.pk
    assert people["Trần Văn An"]["person"] is None and people["Trần Văn An"]["proposed"]


def test_a_user_of_the_sibling_province_matches_its_own_people(world, client):
    from ..conftest import make_user

    user = make_user("cm-viewer", world.units["sibling"], "viewer")
    client.force_login(user)
    data = client.post(API, {"text": ARTICLE}, content_type="application/json").json()
    people = {p["name"]: p for p in data["people"]}
    assert people["Trần Văn An"]["person"]["id"] == world.people["sibling"].pk
    assert people["Nguyễn Văn Hiệu"]["person"] is None


# --- what the page shows ----------------------------------------------------------------------


def test_page_shows_titles_flags_and_escaped_evidence(world, positions, client):
    client.force_login(world.user("viewer"))
    response = client.post(PAGE, {"text": ARTICLE})
    page = response.content.decode()
    assert "titles on that date:" in page and "Phó Bí thư Thành ủy" in page
    assert 'data-flag="tone_marks"' in page
    assert "<mark>Nguyễn Văn Hiệu</mark>" in page
    assert "<b>Lê Văn Tám</b>" not in page and "&lt;b&gt;<mark>Lê Văn Tám</mark>" in page
    assert "Titles are checked against the positions held on 01/06/2022." in page


def test_date_override_and_unknown_date(world, positions, client):
    client.force_login(world.user("viewer"))
    undated = "Đồng chí Nguyễn Văn Hiếu, Bí thư Thành ủy, chủ trì."
    page = client.post(PAGE, {"text": undated}).content.decode()
    assert "titles are not checked" in page and 'data-flag="title_mismatch"' not in page
    page = client.post(PAGE, {"text": undated, "date": "01/06/2022"}).content.decode()
    assert 'data-flag="title_mismatch"' in page
    data = client.post(API, {"text": undated, "date": "2022-06-01"},
                       content_type="application/json").json()
    flags = data["people"][0]["flags"]
    assert data["article_date"] == "2022-06-01" and data["date_source"] == "given"
    assert [f["code"] for f in flags] == ["title_mismatch"]
    assert flags[0]["params"]["titles"] == "Phó Bí thư Thành ủy"


def test_upload_a_word_document(world, positions, client):
    client.force_login(world.user("viewer"))
    upload = SimpleUploadedFile("bai.docx", docx_bytes(*ARTICLE.splitlines()))
    page = client.post(PAGE, {"text": "", "file": upload}).content.decode()
    assert "<mark>Nguyễn Văn Hiệu</mark>" in page
    upload = SimpleUploadedFile("bai.docx", docx_bytes(*ARTICLE.splitlines()))
    data = client.post(API, {"file": upload}).json()
    assert data["people"][0]["name"] == "Nguyễn Văn Hiệu"
    assert data["people"][0]["evidence"][0]["spans"] == [[9, 24]]


def test_page_query_count_does_not_grow_with_people(world, positions, client,
                                                     django_assert_max_num_queries):
    client.force_login(world.user("viewer"))
    many = ARTICLE + " ".join(f"Đồng chí Nguyễn Văn {g}, Thành ủy viên, dự."
                              for g in ["Hùng", "Lan", "Minh", "Nga", "Phúc", "Tâm"])
    with django_assert_max_num_queries(12):
        response = client.post(PAGE, {"text": many})
    assert response.status_code == 200 and response.content.decode().count("<li>") >= 9


# --- bad input: a message on the field, the text kept, nothing written ---------------------------


BAD_FILES = {
    "empty": (b"", "empty"),  # Django's own "The submitted file is empty." on the page
    "too large": (b"a" * (MAX_BYTES + 1), "the limit is 5242880 bytes"),
    "binary": (b"MZ\x90\x00\x03" + b"\x00" * 300, "looks like binary data"),
    "encoding": (SHIFT_JIS, "The text encoding could not be determined"),
    "scanned pdf": (pdf_bytes(blank=True), "The PDF has no text layer"),
    "locked pdf": (pdf_bytes(password="secret"), "password-protected"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_on_the_page_and_the_api(world, client, case):
    data, message = BAD_FILES[case]
    client.force_login(world.user("editor"))
    before = AuditEntry.objects.count()
    response = client.post(PAGE, {"text": "giữ lại", "file": SimpleUploadedFile("a.txt", data)})
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors.get("file", [])) and "text" not in form.errors
    assert response.context["result"] is None
    assert "giữ lại</textarea>" in response.content.decode()
    api = client.post(API, {"file": SimpleUploadedFile("a.txt", data)})
    assert api.status_code == 400 and message in " ".join(api.json()["fields"]["file"])
    assert AuditEntry.objects.count() == before


def test_empty_or_oversized_text(world, client):
    client.force_login(world.user("viewer"))
    response = client.post(PAGE, {"text": "   \n"})
    assert "The input is empty." in " ".join(response.context["form"].errors["text"])
    api = client.post(API, {"text": ""}, content_type="application/json")
    assert api.status_code == 400 and api.json()["fields"]["text"] == ["The input is empty."]
    api = client.post(API, {"text": "a" * (MAX_BYTES + 1)}, content_type="application/json")
    assert api.status_code == 400
    assert "the limit is 5242880 bytes" in api.json()["fields"]["text"][0]
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused before the text is read, still in JSON.
    api = client.post(API, {"text": "a" * (7 * 1024 * 1024)}, content_type="application/json")
    assert api.status_code == 413 and "at most 6 MB" in api.json()["detail"]
    api = client.post(API, {"text": "Ông Lê Văn Tám.", "date": "1/6"},
                      content_type="application/json")
    assert api.status_code == 400 and "date" in api.json()["fields"]


def test_messages_are_vietnamese_by_default(world, client, settings):
    settings.LANGUAGE_CODE = "vi"
    client.force_login(world.user("viewer"))
    with translation.override("vi"):
        page = client.get(PAGE).content.decode()
    assert '<html lang="vi">' in page
    assert "<h1>Kiểm tra tên và chức danh</h1>" in page


# --- the command --------------------------------------------------------------------------------


def test_command_text_and_json(world, positions, tmp_path, capsys):
    path = tmp_path / "bai.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    call_command("names_check", str(path), "--user", "viewer-user")
    out = capsys.readouterr().out
    assert "Differs only by tone marks from the registered name Nguyễn Văn Hiếu." in out
    assert "Article date: 01/06/2022" in out
    call_command("names_check", str(path), "--user", "viewer-user", "--format", "json",
                 "--date", "2019-01-01")
    data = json.loads(capsys.readouterr().out)
    assert data["article_date"] == "2019-01-01"
    names = {p["name"]: p for p in data["people"]}
    assert names["Trần Văn An"]["proposed"]  # the sibling's person stays hidden


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_command_bad_input_exits_2(world, tmp_path, case):
    data, message = BAD_FILES[case]
    path = tmp_path / "bad.bin"
    path.write_bytes(data)
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("names_check", str(path), "--user", "viewer-user")
    assert caught.value.returncode == 2 and message in str(caught.value)
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(("args", "message"), [
    (["--user", "nobody"], "No active account is named nobody."),
    (["--user", "viewer-user", "--date", "01/06/2022"], "The date must be written YYYY-MM-DD"),
])
def test_command_bad_options_exit_2(world, tmp_path, args, message):
    path = tmp_path / "bai.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("names_check", str(path), *args)
    assert caught.value.returncode == 2 and message in str(caught.value)
