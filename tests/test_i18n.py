"""Every user-facing string has a Vietnamese translation, and the compiled catalog is current."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "trienkhai"
PO = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def test_catalog_has_no_untranslated_or_fuzzy_entries():
    catalog = polib.pofile(str(PO))
    missing = [e.msgid for e in catalog if not e.obsolete and not _translated(e)]
    fuzzy = [e.msgid for e in catalog if "fuzzy" in e.flags]
    assert not missing, f"untranslated: {missing}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_compiled_catalog_matches_the_source():
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0)
              for e in polib.pofile(str(PO)) if not e.obsolete}
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0)
                for e in polib.mofile(str(MO))}
    compiled.pop((None, ""), None)
    source.pop((None, ""), None)
    assert compiled == source, "run: cd trienkhai && django-admin compilemessages"


def test_every_marked_string_is_in_the_catalog(tmp_path):
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is missing: `./dev test` installs it (apt-get install gettext)")
    copy = tmp_path / "trienkhai"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-location",
         "--settings=tests.settings", f"--pythonpath={PACKAGE.parent}"],
        cwd=copy, check=True, capture_output=True,
    )
    fresh = {(e.msgctxt, e.msgid)
             for e in polib.pofile(str(copy / "locale/vi/LC_MESSAGES/django.po"))}
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO)) if not e.obsolete}
    assert not sorted(fresh - known), "strings missing from locale/vi: run makemessages -l vi"


def test_vietnamese_is_the_default_language(client, db):
    response = client.get("/dang-nhap/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()
