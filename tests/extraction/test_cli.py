"""`python -m trienkhai.extraction` and the `extract` management command."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.extraction.conftest import REPO

ARTICLE = (
    "Thứ Ba, 04/03/2025 10:00\n"
    "Bí thư Huyện ủy Tân Yên Hoàng Văn Sơn yêu cầu các chi bộ hoàn thành trước ngày 30/4.\n"
)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "trienkhai.extraction", *args], cwd=REPO, input=stdin,
        capture_output=True, timeout=120, check=False,
    )


def test_json_output(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    done = run(str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.decode("utf-8"))
    assert data["people"] == [{"name": "Hoàng Văn Sơn", "titles": ["Bí thư Huyện ủy Tân Yên"]}]
    assert data["deadlines"][0]["date"] == "2025-04-30"
    assert "Hoàng Văn Sơn" in done.stdout.decode("utf-8")  # ensure_ascii=False


def test_text_output_from_standard_input():
    done = run("-", "--format", "text", stdin=ARTICLE.encode("utf-8"))
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("utf-8")
    assert "Hoàng Văn Sơn: Bí thư Huyện ủy Tân Yên" in out
    assert "Huyện ủy Tân Yên" in out


def test_bad_input_exits_2_with_a_message(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    done = run(str(path))
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"The input is empty." in done.stderr


def test_management_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    pytest.importorskip("django")
    from django.conf import settings

    if not settings.configured:
        pytest.skip("Django settings are not configured (run with pytest-django)")
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.utils import translation

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    call_command("extract", str(path), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["people"][0]["name"] == "Hoàng Văn Sơn"

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("extract", str(empty))
    assert caught.value.returncode == 2
    assert "The input is empty." in str(caught.value)
