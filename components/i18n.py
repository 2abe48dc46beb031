"""Interface strings and number formats per language. Data texts live in data/, not here.

The languages are listed once, in `geo.schema.LANGUAGES`; each has one table in
`components/locales/<code>.py` (strings keyed by name, its own name, its number separators,
the phrases it writes in lower case inside a sentence).
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
           "format_share", "in_sentence", "strings", "tr"]


def strings(lang: str) -> dict[str, str]:
    """The whole strings table of `lang`."""
    return _TABLES[lang].STRINGS


def tr(lang: str, key: str, **values: object) -> str:
    """The interface string `key` in `lang`, with `values` filled in (the caller escapes them
    for wherever the text is shown)."""
    text = _TABLES[lang].STRINGS[key]
    return text.format(**values) if values else text


def in_sentence(lang: str, text: str) -> str:
    """`text` (a command's title, "no command") as written inside a sentence of `lang`.

    Russian «Региональное командование «Запад»» is a common-noun phrase, not a proper name, so a
    sentence writes it «…: региональное командование «Запад»»; its capital stays only where a
    sentence, heading, legend entry, table cell or list item begins, so callers use this at the
    in-sentence places only. Each table lists its phrases (`LOWER_IN_SENTENCE`); English titles
    are proper names and Kazakh ones begin with «, so they keep their first letter."""
    if text.startswith(_TABLES[lang].LOWER_IN_SENTENCE):
        return text[:1].lower() + text[1:]
    return text


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
