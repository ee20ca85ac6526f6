"""The `trienkhai` command: Django's management commands, with plain-words help on top."""
from __future__ import annotations

import os
import sys

# (usage, what it does) — shown by `trienkhai --help`; every other Django command still works.
COMMANDS: list[tuple[str, str]] = [
    ("demo [--data-dir DIR] [--port N] [--no-serve]",
     "Start the product with demo data on the embedded SQLite database, with the worker."),
    ("serve [--host H] [--port N]", "Run the production web server (granian, 2 workers)."),
    ("worker", "Run the background worker (reminders, escalations, roll-ups)."),
    ("units import FILE [--dry-run] [--partial]", "Import or update units from CSV or XLSX."),
    ("units import-administrative", "Build the 34 provincial and 3,321 commune committees."),
    ("users add USERNAME --unit CODE --role ROLE", "Create an account for a unit."),
    ("symbols parse TEXT", "Read a document number and symbol, or say why it is not one."),
    ("extract PATH --format json", "Read a press report or minutes into proposals."),
    ("names-check PATH --user USERNAME [--date YYYY-MM-DD] [--format text|json]",
     "Check the names and titles in a draft article against the registry."),
    ("synth --scale national|small [--seed N]",
     "Build a deterministic synthetic country (units, documents, plans, tasks, reports)."),
    ("plans daily [--date YYYY-MM-DD]",
     "Refresh overdue figures, freeze ended periods, send reminders and escalations."),
    ("migrate", "Create or update the database tables."),
    ("check --deploy", "Check the production settings."),
    ("help --all", "List every command, including Django's own."),
]

ALIASES = {"names-check": "names_check"}


def print_help() -> None:
    print("Triển khai — theo dõi học tập, triển khai, kiểm tra và báo cáo nghị quyết.\n")
    print("Usage: trienkhai COMMAND [OPTIONS]   (trienkhai COMMAND --help for its options)\n")
    width = max(len(usage) for usage, _ in COMMANDS)
    for usage, text in COMMANDS:
        print(f"  {usage.ljust(width)}  {text}")
    print("\nSettings come from the environment: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS,")
    print("TRIENKHAI_DATA_DIR (default ./data). Without DATABASE_URL the data directory's SQLite")
    print("file is used.")


def _prepare_demo(argv: list[str]) -> None:
    # The demo's data directory and plain-http mode must be known before settings load.
    for index, arg in enumerate(argv):
        if arg == "--data-dir" and index + 1 < len(argv):
            os.environ["TRIENKHAI_DATA_DIR"] = argv[index + 1]
        elif arg.startswith("--data-dir="):
            os.environ["TRIENKHAI_DATA_DIR"] = arg.split("=", 1)[1]
    os.environ.setdefault("TRIENKHAI_HTTPS", "0")


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        print_help()
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    if args[0] == "demo":
        _prepare_demo(args)
    # Commands are spelled with hyphens; Django's module names cannot be.
    args[0] = ALIASES.get(args[0], args[0])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["trienkhai", *args])


if __name__ == "__main__":
    main()
