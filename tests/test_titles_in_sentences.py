"""A Russian command title inside a sentence: «…: региональное командование «Запад»», lower
case, since the title is a common-noun phrase; headings, legend entries, table cells, list items
and a sentence's start keep «Региональное». English and Kazakh titles are written one way."""

from __future__ import annotations

import re

import pytest

from components import content
from components.exports.captions import selection_title
from components.url_state import Notice
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR

ATLAS = load_atlas(DATA_DIR)
EVERY = tuple(c.id for c in ATLAS.commands)
# A capital title after the start of its sentence: after a colon, an opening parenthesis, a
# comma or a dash.
CAPITAL_INSIDE = re.compile(r"[:(,—] ?\(?Региональное командование")


def description(visible=EVERY, oblast=None, command=None, lang="ru"):
    return (content.described_map(ATLAS, lang, visible, True)
            + content.described_selection(ATLAS, lang, oblast, command, False))


def test_the_hidden_commands_are_named_in_lower_case_after_the_colon():
    sentences = description(visible=("astana", "batys"))
    assert "Скрыты фильтром и закрашены серым: региональное командование «Восток», " \
           "региональное командование «Юг»." in sentences
    assert not any(CAPITAL_INSIDE.search(s) for s in sentences)


def test_the_selected_territory_names_its_command_in_lower_case_in_parentheses():
    sentences = description(oblast="atyrau", command="batys")
    assert "Выбрано: Атырауская область (региональное командование «Запад»)." in sentences
    assert "Выбрано: город Шымкент (региональное командование «Юг»)." \
        in description(oblast="shymkent")


def test_the_selected_command_is_named_in_lower_case_after_the_colon():
    assert "Выбрано: региональное командование «Астана»." in description(command="astana")


def test_a_sentence_that_starts_with_a_command_keeps_its_capital():
    sentences = description()
    starts = [s for s in sentences if s.startswith("Региональное командование «")]
    assert len(starts) == len(ATLAS.commands)
    assert "Региональное командование «Запад», штаб — Атырау:" in " ".join(starts)
    assert not any(CAPITAL_INSIDE.search(s) for s in sentences)


@pytest.mark.parametrize(("unit", "expected"), [
    ("abai", "Отсюда и её командование: региональное командование «Восток» (вычислено"),
    ("zhetisu", "Отсюда и её командование: региональное командование «Юг» (вычислено"),
], ids=["abai", "zhetisu"])
def test_a_later_unit_notice_names_its_command_in_lower_case(unit, expected):
    text = content.notice_text(ATLAS, "ru", Notice("notice_later_unit", {"unit": unit}))
    assert expected in text
    assert "Региональное" not in text


def test_the_slide_heading_writes_the_command_after_the_dash_in_lower_case():
    assert selection_title(ATLAS, "ru", "batys", "atyrau") == \
        "Атырауская область — региональное командование «Запад»"
    assert selection_title(ATLAS, "ru", "batys", None) == "Региональное командование «Запад»"


def test_headings_legend_entries_cells_and_search_results_keep_the_capital():
    assert content.command_card(ATLAS, "batys", "ru").title == "Региональное командование «Запад»"
    legend = [entry.label for entry in content.legend(ATLAS, "ru", EVERY)]
    assert "Региональное командование «Запад»" in legend
    # The panel's and the tooltip's "Командование: …" field, a cell of its own.
    assert content.territory_row(ATLAS, "atyrau", "ru").command_title == \
        "Региональное командование «Запад»"
    assert content.search_hits(ATLAS, "ru", "Запад")[0].label == \
        "Региональное командование «Запад»"


def test_english_and_kazakh_titles_are_written_the_same_inside_a_sentence():
    assert "Selected: Atyrau Oblast (Regional Command «West»)." in \
        description(oblast="atyrau", command="batys", lang="en")
    assert "Таңдалғаны: «Астана» өңірлік қолбасшылығы." in \
        description(command="astana", lang="kk")
    assert selection_title(ATLAS, "en", "batys", "atyrau") == \
        "Atyrau Oblast — Regional Command «West»"
