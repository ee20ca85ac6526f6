"""`python -m trienkhai.extraction PATH [--format json|text]`, without Django.

The same as `trienkhai extract` (the management command), for use before settings exist.
Exit status 2 with a message on standard error when the input cannot be read.
"""
from __future__ import annotations

import argparse
import sys

from trienkhai.extraction.errors import ExtractionInputError
from trienkhai.extraction.extractor import extract
from trienkhai.extraction.readers import read_path
from trienkhai.extraction.report import render_json, render_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m trienkhai.extraction",
        description="Extract people, documents, deadlines, quotas and organisations.",
    )
    parser.add_argument("path", help="article file (text, .docx, PDF or saved HTML); - for stdin")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    args = parser.parse_args(argv)
    try:
        text = read_path(args.path)
    except ExtractionInputError as err:
        print(err.message, file=sys.stderr)
        return 2
    result = extract(text)
    out = render_json(result) if args.format == "json" else render_text(result)
    sys.stdout.write(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
