from __future__ import annotations

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from trienkhai.accounts.models import User
from trienkhai.audit.models import AuditEntry
from trienkhai.cli import COMMANDS


def test_help_lists_the_commands_in_plain_words():
    result = subprocess.run([sys.executable, "-m", "trienkhai.cli", "--help"],
                            capture_output=True, text=True, check=True)
    for usage, text in COMMANDS:
        assert usage.split()[0] in result.stdout
        assert text in result.stdout


def test_users_add_creates_an_audited_account(world, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough passphrase 7\n"))
    out = io.StringIO()
    call_command("users", "add", "clerk", "--unit", "HCM-SG", "--role", "editor",
                 "--password-stdin", stdout=out)
    user = User.objects.get(username="clerk")
    assert user.unit == world.units["descendant"] and user.role == "editor"
    assert user.check_password("a long enough passphrase 7")
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert entry.actor_label == "command:users add"


def test_users_add_refuses_unknown_unit_and_weak_password(world, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("x\n"))
    with pytest.raises(CommandError, match="NOPE"):
        call_command("users", "add", "clerk", "--unit", "NOPE", "--role", "editor",
                     "--password-stdin")
    monkeypatch.setattr(sys, "stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError):
        call_command("users", "add", "clerk", "--unit", "HCM", "--role", "editor",
                     "--password-stdin")
    assert not User.objects.filter(username="clerk").exists()


def test_serve_uses_granian_with_two_workers():
    from trienkhai.core.management.commands.serve import granian_argv

    argv = granian_argv("127.0.0.1", 8000, 2)
    assert argv[1:3] == ["-m", "granian"]
    assert "--workers" in argv and argv[argv.index("--workers") + 1] == "2"
    assert argv[-1] == "trienkhai.config.wsgi:application"


def test_check_deploy_passes_in_production_mode(tmp_path):
    import os
    import secrets

    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "TRIENKHAI_HTTPS", "DATABASE_URL",
                        "DJANGO_ALLOW_ASYNC_UNSAFE"}}  # set for the browser tests only
    env.update(SECRET_KEY=secrets.token_urlsafe(50), TRIENKHAI_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "trienkhai.cli", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hyphenated_command_names_reach_their_command():
    result = subprocess.run([sys.executable, "-m", "trienkhai.cli", "names-check", "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "--user" in result.stdout
