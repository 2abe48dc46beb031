"""The strings tables: one per language, the same keys and placeholders in each."""

from __future__ import annotations

import string

import pytest

from components.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    format_km2,
    format_share,
    in_sentence,
    strings,
    tr,
)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_table_has_the_same_keys_and_placeholders(lang):
    reference = strings("en")
    table = strings(lang)
    assert set(table) == set(reference)
    for key, text in table.items():
        assert text.strip(), (lang, key)
        assert placeholders(text) == placeholders(reference[key]), (lang, key)


def test_each_language_names_itself():
    assert LANGUAGE_NAMES == {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def test_numbers_are_written_the_way_each_language_writes_them():
    assert format_km2("en", 875822.4) == "875,822\u00a0km²"  # never split
    assert format_km2("ru", 875822.4) == "875\u00a0822\u00a0км²"
    assert format_share("kk", 0.3219) == "32,2%"
    assert format_share("en", 0.3219) == "32.2%"


def test_placeholders_are_filled():
    assert tr("en", "step", step=2, total=5) == "Step 2 of 5"


def test_a_russian_command_title_is_lower_case_inside_a_sentence_only():
    title = tr("ru", "regional_command", name="«Запад»")
    assert title == "Региональное командование «Запад»"  # a heading, a legend entry, a cell
    assert in_sentence("ru", title) == "региональное командование «Запад»"
    assert in_sentence("ru", "Вооружённые Силы") == "Вооружённые Силы"  # a proper name


def test_english_and_kazakh_command_titles_keep_their_first_letter_inside_a_sentence():
    assert in_sentence("en", tr("en", "regional_command", name="«West»")) == \
        "Regional Command «West»"
    assert in_sentence("kk", tr("kk", "regional_command", name="«Батыс»")) == \
        "«Батыс» өңірлік қолбасшылығы"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_command_is_lower_case_inside_a_sentence_in_every_language(lang):
    text = in_sentence(lang, tr(lang, "no_command"))
    assert text[0].islower() and text[1:] == tr(lang, "no_command")[1:]
