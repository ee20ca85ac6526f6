from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.core.management import call_command as django_call_command
from django.utils import translation

from trienkhai.audit.models import AuditEntry
from trienkhai.units.models import Unit


def call_command(*args: object, **kwargs: object) -> None:
    with translation.override("en"):  # messages are asserted by their English ids
        django_call_command(*args, **kwargs)


ROOT = Path(__file__).resolve().parents[2]
GOOD = ("code,name,kind,parent_code\r\n"
        "HCM-TD,Đảng ủy phường Tân Định,commune_committee,HCM\r\n")


def test_import_writes_and_audits_as_the_command(world, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("units", "import", str(path), stdout=out)
    unit = Unit.objects.get(code="HCM-TD")
    entry = AuditEntry.objects.get(object_id=str(unit.pk), action="create")
    assert entry.actor_label == "command:units import"
    assert "Created: 1" in out.getvalue()


def test_dry_run_in_json(world, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("units", "import", str(path), "--dry-run", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["ok"] and data["dry_run"] and not data["written"]
    assert [c["code"] for c in data["created"]] == ["HCM-TD"]
    assert not Unit.objects.filter(code="HCM-TD").exists()


def test_problems_exit_with_1(world, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(GOOD + "X,,commune_committee,NOPE\r\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("units", "import", str(path), stdout=out)
    assert info.value.returncode == 1
    assert 'Row 3, column "parent_code", value "NOPE"' in out.getvalue()
    assert not Unit.objects.filter(code="HCM-TD").exists()


def test_import_administrative(db):
    out = io.StringIO()
    call_command("units", "import-administrative", "--root-code", "TW", stdout=out)
    assert "Commune committees created: 3321" in out.getvalue()
    assert AuditEntry.objects.filter(
        actor_label="command:units import-administrative").count() == 1 + 34 + 3321


def test_exit_codes_of_the_real_process(tmp_path):
    # Both files are refused before the database is touched, so no migrated database is needed.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "TRIENKHAI_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    bad = tmp_path / "bad.csv"
    bad.write_bytes("Код,Имя\nПривет,мир\n".encode("cp1251"))
    result = subprocess.run([sys.executable, "-m", "trienkhai.cli", "units", "import", str(bad),
                             "--dry-run"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 1
    assert "CSV UTF-8" in result.stdout  # the default language may be Vietnamese
    result = subprocess.run([sys.executable, "-m", "trienkhai.cli", "units", "import",
                             str(tmp_path / "missing.csv")],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 1 and "missing.csv" in result.stderr
