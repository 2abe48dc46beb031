"""Interface strings and number formats per language. Data texts live in data/, not here.

The languages are listed once, in `geo.schema.LANGUAGES`; each has one table in
`components/locales/<code>.py` (strings keyed by name, its own name, its number separators).
Adding a language is one more table there plus the data's texts.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from geo.schema import LANGUAGES, SOURCE_LANGUAGE

DEFAULT_LANGUAGE = "en"  # the interface language of a link that names none

_TABLES: dict[str, ModuleType] = {lang: import_module(f"components.locales.{lang}")
                                  for lang in LANGUAGES}
LANGUAGE_NAMES = {lang: table.NAME for lang, table in _TABLES.items()}

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "LANGUAGE_NAMES", "SOURCE_LANGUAGE", "format_km2",
           "format_share", "strings", "tr"]


def strings(lang: str) -> dict[str, str]:
    """The whole strings table of `lang`."""
    return _TABLES[lang].STRINGS


def tr(lang: str, key: str, **values: object) -> str:
    """The interface string `key` in `lang`, with `values` filled in (the caller escapes them
    for wherever the text is shown)."""
    text = _TABLES[lang].STRINGS[key]
    return text.format(**values) if values else text


def format_number(lang: str, value: float, decimals: int = 0) -> str:
    """A number grouped by thousands, with the separators `lang` writes."""
    table = _TABLES[lang]
    text = f"{value:,.{decimals}f}"
    return text.translate({ord(","): table.THOUSANDS_SEPARATOR, ord("."): table.DECIMAL_SEPARATOR})


def format_km2(lang: str, value: float) -> str:
    """An area in km², grouped by thousands the way each language writes it."""
    return tr(lang, "km2", value=format_number(lang, value))


def format_share(lang: str, share: float) -> str:
    """A share as a percentage; a share too small to show as 0.1% reads "<0.1%", not "0.0%"."""
    if 0 < share < 0.0005:
        return "<" + format_number(lang, 0.1, decimals=1) + "%"
    return format_number(lang, share * 100, decimals=1) + "%"
