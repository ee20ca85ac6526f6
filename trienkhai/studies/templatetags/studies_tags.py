"""Small template helpers for the study pages."""
from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def percent(part: Any, whole: Any) -> float | str:
    """part / whole in percent, for `|floatformat:1` (which writes 95,2 in Vietnamese);
    an empty string when there is nothing to divide by."""
    if not whole:
        return ""
    return 100 * float(part or 0) / float(whole)


@register.filter
def below(row: Any, campaign: Any) -> bool:
    """Whether a coverage row's subtree is under the campaign's threshold."""
    return bool(row.is_below(campaign.threshold_permille))
