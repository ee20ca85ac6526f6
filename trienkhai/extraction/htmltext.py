"""Saved web page → article text. Scripts are never run: they are parsed as inert nodes and
dropped together with styles, navigation, footers, share/comment widgets and repeated captions."""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from trienkhai.extraction.cleaning import clean, normalise

# Elements that never carry article text.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "input", "select", "textarea", "nav", "footer", "aside", "menu", "dialog",
    "link", "meta", "head", "img", "picture", "video", "audio", "map",
)
# class/id words of site chrome; matched against each dash/underscore-separated part.
_CHROME_WORD = re.compile(
    r"^(?:share|sharing|social|socials|comment|comments|rating|ratings|rate|related|menu|navbar"
    r"|nav|breadcrumb|breadcrumbs|footer|sidebar|advert|adverts|ads|ad|banner|tags|tag"
    r"|keywords|widget|popup|cookie|subscribe|newsletter|pagination|toolbar|sharebar|addthis"
    r"|sharethis|likebox|fb|zalo|print|relatednews|morenews|tinlienquan|binhluan)$",
    re.IGNORECASE,
)
_CAPTION = (
    "figcaption, .caption, .wp-caption-text, .image-caption, .photo-caption, .PhotoCMS_Caption"
)
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "thead", "tbody", "blockquote",
    "figure", "figcaption", "pre", "address", "hr", "body", "html", "center",
})
_SPACES = re.compile(r"[ \t\u00a0\u200b\u2009\u202f]+")


def _is_chrome(node: LexborNode) -> bool:
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}"
    if (attrs.get("role") or "") in {"navigation", "banner", "contentinfo", "complementary"}:
        return True
    return any(_CHROME_WORD.match(part) for part in re.split(r"[\s_\-]+", names) if part)


def _walk(node: LexborNode, out: list[str]) -> None:
    # Iterative would avoid deep recursion, but saved articles are shallow; guard anyway.
    stack: list[tuple[LexborNode, bool]] = [(node, False)]
    while stack:
        current, closing = stack.pop()
        if closing:
            out.append("\n")
            continue
        if current.is_text_node:
            out.append(current.text_content or "")
            continue
        tag = current.tag or ""
        if tag == "br":
            out.append("\n")
            continue
        block = tag in _BLOCK_TAGS
        if block:
            out.append("\n")
            stack.append((current, True))
        children = list(current.iter(include_text=True))
        stack.extend((child, False) for child in reversed(children))


def _root(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in ("article", "[itemprop=articleBody]", "main", ".post-content",
                     ".entry-content", ".article-content", ".detail-content"):
        nodes = [n for n in tree.css(selector) if len((n.text() or "").strip()) > 200]
        if nodes:
            return max(nodes, key=lambda n: len(n.text() or ""))
    return tree.body


def html_to_text(html: str) -> str:
    tree = LexborHTMLParser(html)
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("[class], [id], [role]"):
        if node.tag not in {"html", "body", "article", "main"} and _is_chrome(node):
            node.decompose()
    seen: set[str] = set()
    for node in tree.css(_CAPTION):  # the same photo caption repeated by galleries
        caption = " ".join((node.text() or "").split())
        if caption in seen:
            node.decompose()
        seen.add(caption)
    root = _root(tree)
    if root is None:
        return ""
    parts: list[str] = []
    _walk(root, parts)
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n")]
    kept: list[str] = []
    seen_lines: set[str] = set()
    for line in lines:
        if line and len(line) > 30 and line in seen_lines:
            continue  # a caption or a headline printed twice
        seen_lines.add(line)
        if line or (kept and kept[-1]):
            kept.append(line)
    text = "\n".join(kept).strip()
    return "\n".join(line for line in clean(normalise(text)).split("\n")).strip()
