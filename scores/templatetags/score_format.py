from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def score(value: Decimal | None) -> str:
    """A score as people write it: 2, 1.5, 1.25 (floatformat would give 1.50); — when absent."""
    if value is None:
        return "—"
    return f"{value.normalize():f}" if value else "0"
