from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from trienkhai.core.management.commands.serve import granian_argv
from trienkhai.demo.loader import load_demo
from trienkhai.demo.people import DEMO_PASSWORD


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Start the product with demo data on the embedded database, with the worker."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", help=_("where the database and files are kept"))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true",
                            help=_("create and load the demo data, then exit"))

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(_("Data directory: %(dir)s") % {"dir": settings.DATA_DIR})
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        logins = load_demo()
        self.stdout.write(_("Demo accounts (password for all: %(password)s):")
                          % {"password": DEMO_PASSWORD})
        width = max(len(username) for username, _d in logins)
        for username, description in logins:
            self.stdout.write(f"  {username.ljust(width)}  {description}")
        if options["no_serve"]:
            return
        self._serve(options["host"], options["port"])

    def _serve(self, host: str, port: int) -> None:
        worker = subprocess.Popen([sys.executable, "-m", "trienkhai.cli", "worker"])
        server = subprocess.Popen(granian_argv(host, port, workers=2))
        self.stdout.write(_("Serving on http://%(host)s:%(port)s/ — Ctrl+C to stop.")
                          % {"host": host, "port": port})

        def stop(*_args: Any) -> None:
            for process in (server, worker):
                process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in (server, worker):
                process.wait(timeout=10)
