"""Server-rendered SVG charts: light, no JavaScript, readable on a phone.

Each chart scales to its container's width (viewBox) and carries a <title> per mark, so a
screen reader and a long press both give the exact figure. Labels are escaped.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 150
WIDTH = 420
STYLE = "width:100%;max-width:42rem;height:auto;display:block"
COLOURS = {"good": "#2e7d32", "warn": "#f9a825", "bad": "#c62828"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal  # 0..100
    url: str = ""
    note: str = ""


def _colour(value: Decimal) -> str:
    if value >= 70:
        return COLOURS["good"]
    if value >= 40:
        return COLOURS["warn"]
    return COLOURS["bad"]


def _pct(value: Decimal) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def _short(text: str, size: int = 22) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def bar_chart(bars: Sequence[Bar], *, title: str) -> SafeString:
    """Horizontal bars, 0 to 100, one per row (progress by child unit)."""
    if not bars:
        return mark_safe("")
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 50
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" style="{STYLE}" xmlns="http://www.w3.org/2000/svg">'
             f"<title>{escape(title)}</title>"]
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        value = max(Decimal(0), min(Decimal(100), bar.value))
        width = int(span * value / 100)
        tip = f"{bar.label}: {_pct(bar.value)}" + (f" · {bar.note}" if bar.note else "")
        label = (f'<text x="0" y="{y + 15}" font-size="12">{escape(_short(bar.label))}'
                 "</text>")
        if bar.url:
            label = f'<a href="{escape(bar.url)}">{label}</a>'
        parts.append(
            f"<g><title>{escape(tip)}</title>{label}"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{span}" height="{BAR_HEIGHT}" '
            f'fill="#eee"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="{_colour(value)}"/>'
            f'<text x="{LABEL_WIDTH + span + 4}" y="{y + 15}" font-size="12">'
            f"{escape(_pct(bar.value))}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label above is escaped


def trend_chart(points: Sequence[tuple[str, Decimal]], *, title: str) -> SafeString:
    """Columns per period, oldest first (the trend from frozen snapshots)."""
    if not points:
        return mark_safe("")
    height, top, bottom = 160, 14, 24
    span = height - top - bottom
    step = WIDTH / len(points)
    column = max(6.0, min(40.0, step * 0.6))
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" style="{STYLE}" xmlns="http://www.w3.org/2000/svg">'
             f"<title>{escape(title)}</title>"
             f'<line x1="0" y1="{top + span}" x2="{WIDTH}" y2="{top + span}" stroke="#999"/>']
    for index, (label, raw) in enumerate(points):
        value = max(Decimal(0), min(Decimal(100), raw))
        bar = float(span * value / 100)
        x = index * step + (step - column) / 2
        y = top + span - bar
        parts.append(
            f"<g><title>{escape(label)}: {escape(_pct(raw))}</title>"
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{column:.1f}" height="{bar:.1f}" '
            f'fill="{_colour(value)}"/>'
            f'<text x="{x + column / 2:.1f}" y="{y - 2:.1f}" font-size="10" '
            f'text-anchor="middle">{escape(_pct(raw))}</text>'
            f'<text x="{x + column / 2:.1f}" y="{height - 8}" font-size="10" '
            f'text-anchor="middle">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label above is escaped
