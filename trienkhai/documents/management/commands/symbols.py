"""`manage.py symbols parse TEXT...`: show how document symbols are read, or why not."""
from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trienkhai.documents.symbols import (
    DocumentSymbol,
    SymbolError,
    SymbolMatch,
    find_symbols,
    parse_symbol,
    symbol_key,
)


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Translated when the command is built, in the language active at that moment.
        self.help = _("Read document numbers and symbols such as 01-KL/TW or 15/CT-TTg.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        parse = actions.add_parser(
            "parse",
            help=_("Show the normal form and parts of each symbol, or why it is not one."),
            description=_(
                "Each TEXT is a symbol ('01-KL / TW', 'Chỉ thị số 35') or a running text; "
                "for a running text every symbol found in it is listed. Exits with 1 when "
                "some TEXT holds no symbol."
            ),
        )
        parse.add_argument("texts", nargs="+", metavar="TEXT", help=_("a symbol or a text"))
        parse.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help=_("text for people (the default) or json for programs"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        results = [_read(text) for text in options["texts"]]
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            for result in results:
                self._write_text(result)
        failed = sum(1 for result in results if not result["ok"])
        if failed:
            raise CommandError(
                ngettext(
                    "%(failed)d of %(total)d input holds no symbol.",
                    "%(failed)d of %(total)d inputs hold no symbol.",
                    len(results),
                )
                % {"failed": failed, "total": len(results)},
                returncode=1,
            )

    def _write_text(self, result: dict[str, Any]) -> None:
        text = result["input"]
        if not result["ok"]:
            message = _("%(text)s: not a symbol: %(reason)s")
            self.stdout.write(message % {"text": text, "reason": result["reason"]})
            return
        symbols = result["symbols"]
        in_text = result["found_in_text"]
        if in_text:
            message = ngettext(
                "%(text)s: %(count)d symbol found",
                "%(text)s: %(count)d symbols found",
                len(symbols),
            )
            self.stdout.write(message % {"text": _shorten(text), "count": len(symbols)})
        for item in symbols:
            head = f"  [{item['start']}:{item['end']}] {item['text']}" if in_text else text
            self.stdout.write(f"{head} → {item['normalised']}")
            self.stdout.write("    " + _describe(item))


def _read(text: str) -> dict[str, Any]:
    """One input as plain data: the symbol it is, the symbols it contains, or the reason."""
    result: dict[str, Any] = {
        "input": text, "ok": True, "found_in_text": False, "symbols": [],
        "reason": None, "reason_id": None, "params": {},
    }
    try:
        result["symbols"] = [_as_dict(parse_symbol(text))]
        return result
    except SymbolError as err:
        matches = find_symbols(text)
        if not matches:
            # The reason is a message id with parameters, translated here.
            reason = _(err.template) % err.params if err.params else _(err.template)
            result.update(ok=False, reason=reason, reason_id=err.template, params=err.params)
            return result
    result["found_in_text"] = True
    result["symbols"] = [_as_dict(match.symbol, match) for match in matches]
    return result


def _as_dict(symbol: DocumentSymbol, match: SymbolMatch | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "normalised": symbol.normalised(),
        "key": symbol_key(symbol),
        "system": symbol.system,
        "number": symbol.number,
        "type_code": symbol.type_code,
        "type_name": symbol.type_name,
        "issuer": symbol.issuer,
        "year": symbol.year,
        "date": symbol.date.isoformat() if symbol.date else None,
    }
    if match is not None:
        data.update(text=match.text, start=match.start, end=match.end)
    return data


def _describe(item: dict[str, Any]) -> str:
    systems = {"party": _("Party"), "state": _("State"), "bare": _("number only")}
    parts = [
        _("system: %(value)s") % {"value": systems[item["system"]]},
        _("type: %(code)s (%(name)s)")
        % {"code": item["type_code"] or "–", "name": item["type_name"]},
        _("number: %(value)s") % {"value": item["number"]},
        _("issuer: %(value)s") % {"value": item["issuer"] or "–"},
    ]
    if item["year"]:
        parts.append(_("year: %(value)s") % {"value": item["year"]})
    if item["date"]:
        year, month, day = item["date"].split("-")
        parts.append(_("date: %(value)s") % {"value": f"{day}/{month}/{year}"})
    return " · ".join(parts)


def _shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
