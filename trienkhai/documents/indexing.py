"""What the search engines index for a document, and how a query is read into the same terms.

Both engines index our own folded text (core.text.fold: no diacritics, đ→d, lower case),
reduced to runs of letters and digits separated by single spaces. Punctuation goes, so
'01-KL/TW' is the three terms '01 kl tw' everywhere, and PostgreSQL's parser cannot read it as
a file path. A symbol is also indexed as ONE term made from its comparison key ('sym1kltw', no
leading zeros, any loose spelling gives the same), and under its bare form ('symkl1', what
'Kết luận 01' asks for): a symbol query is then a single, selective lookup, not a phrase of
terms as common as '1' and 'tw'. Symbols cited in a text get the same terms, so a search for
01-KL/TW also finds the plans that implement it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from trienkhai.core.text import fold, nfc
from trienkhai.documents.symbols import (
    DocumentSymbol,
    SymbolError,
    find_symbols,
    parse_symbol,
    symbol_key,
)

TERM = re.compile(r"[^\W_]+")
# PostgreSQL refuses a tsvector over 1 MB; the head of a very long text is what matters.
MAX_SEARCH_TEXT = 400_000


def terms(text: str) -> list[str]:
    return TERM.findall(fold(text))


def folded(text: str) -> str:
    return " ".join(terms(text))


def symbol_token(symbol: DocumentSymbol) -> str:
    """The one term a symbol is found by: '01-KL/TƯ' → 'sym1kltw'; 'Kết luận 01' → 'symkl1'."""
    return "sym" + "".join(terms(symbol_key(symbol)))


def symbol_tokens(symbol: DocumentSymbol) -> list[str]:
    """Its own term and, for a full symbol with a type, its bare form's ('Chỉ thị 05' → 05-CT)."""
    tokens = [symbol_token(symbol)]
    if symbol.system != "bare" and symbol.type_code:
        bare = DocumentSymbol("bare", symbol.number, symbol.type_code, None)
        tokens.append(symbol_token(bare))
    return tokens


def symbol_terms(symbol: DocumentSymbol) -> list[str]:
    """Every indexed form of a document's own symbol: as printed, its terms, by type name."""
    number = symbol.number.lstrip("0") or "0"
    forms = [folded(symbol.normalised()), *symbol_tokens(symbol)]
    if symbol.type_code:
        forms.append(folded(f"{symbol.type_name} {number}"))
    return list(dict.fromkeys(forms))


def mentioned_keys(texts: Iterable[str]) -> list[str]:
    """The symbol terms of every symbol a text cites."""
    keys: dict[str, None] = {}
    for text in texts:
        if text:
            for match in find_symbols(text):
                keys.update(dict.fromkeys(symbol_tokens(match.symbol)))
    return list(keys)


def search_fields(
    *, symbol: str, title: str, excerpt: str = "", full_text: str = "",
    attachment_texts: Iterable[str] = (),
) -> tuple[str, str]:
    """(search_title, search_text) for a document; `symbol` is the stored normalised one."""
    head: list[str] = []
    if symbol:
        head += symbol_terms(parse_symbol(symbol))
    head.append(folded(title))
    search_title = " ".join(part for part in head if part)
    attachments = list(attachment_texts)
    bodies = [excerpt, full_text, *attachments]
    mentions = mentioned_keys([title, *bodies])
    parts = [search_title, *(folded(text) for text in bodies), *mentions]
    search_text = " ".join(part for part in parts if part)[:MAX_SEARCH_TEXT]
    return search_title, search_text


@dataclass(frozen=True)
class ParsedQuery:
    """A search box input, read into folded words and document symbols."""

    text: str
    words: list[str] = field(default_factory=list)
    symbols: list[DocumentSymbol] = field(default_factory=list)
    # The last word may still be being typed (no space after it): it matches as a prefix.
    prefix: bool = True

    @property
    def empty(self) -> bool:
        return not self.words and not self.symbols

    @property
    def symbol_keys(self) -> list[str]:
        return [symbol_key(s) for s in self.symbols]

    @property
    def tokens(self) -> list[str]:
        """The one indexed term of each symbol asked for (see symbol_token)."""
        return [symbol_token(s) for s in self.symbols]


def parse_query(text: str) -> ParsedQuery:
    """Symbols in any loose form ('01/KL-TW', '01-KL / TƯ', 'Kết luận số 01') and words."""
    raw = nfc(text or "")
    text = raw.strip()
    if not text:
        return ParsedQuery(text="")
    try:
        return ParsedQuery(text=text, symbols=[parse_symbol(text)], prefix=False)
    except SymbolError:
        pass
    symbols: list[DocumentSymbol] = []
    rest: list[str] = []
    position = 0
    for match in find_symbols(text):
        start, end = match.mention or (match.start, match.end)
        start = max(start, position)
        rest.append(text[position:start])
        symbols.append(match.symbol)
        position = max(position, end)
    rest.append(text[position:])
    words = terms(" ".join(rest))
    # A one-letter prefix would match half the dictionary: only longer ones are completed.
    prefix = not raw[-1].isspace() and position < len(text) and bool(words)
    return ParsedQuery(text=text, words=words, symbols=symbols,
                       prefix=prefix and len(words[-1]) >= 2)
