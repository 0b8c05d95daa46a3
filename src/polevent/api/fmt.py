"""Small display formatters registered as template filters."""
from __future__ import annotations

from urllib.parse import urlencode

SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def amount(value: float | None, unit: str | None = None) -> str:
    """2e9, "USD" -> "2 billion USD"; 40, "percent" -> "40%"; 60, "items" -> "60 items"."""
    if value is None:
        return "–"
    if unit == "percent":
        return f"{value:g}%"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    for size, word in SCALES:
        if abs(value) >= size:
            text = f"{value / size:.3g} {word}"
            break
    return f"{text} {unit}" if unit else text


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered as links; anything else (javascript:, data:) is shown as text."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def query(values: dict, **extra) -> str:
    """A query string of the non-empty values, e.g. for pagination links that keep the filters."""
    return urlencode({k: v for k, v in (values | extra).items() if v not in (None, "")})
