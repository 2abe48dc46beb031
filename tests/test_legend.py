"""The sidebar legend's symbols and texts (components/sidebar.py): the hatch the map draws for
a hidden command, the city dots with Shymkent's missing outline said, the frontier line."""

from __future__ import annotations

import pytest

from components import sidebar
from components.style import HIDDEN_COLOUR, hidden_hatch_css
from geo.schema import LANGUAGES


def test_the_hidden_swatch_is_the_maps_hatch():
    html = sidebar.swatch(HIDDEN_COLOUR, hidden_hatch_css())
    assert "repeating-linear-gradient" in html and "background:#" not in html
    assert f"background:{HIDDEN_COLOUR}" in sidebar.swatch(HIDDEN_COLOUR)
    assert "border-radius:50%" in sidebar.swatch("#1a1a1a", shape="dot")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_city_row_names_the_three_cities_each_with_an_outline_of_its_own(atlas, lang):
    lines = sidebar.city_legend_lines(atlas, lang)
    assert len(lines) == 1
    for place in atlas.places:
        assert place.name.get(lang) in lines[0]
        assert atlas.territories.loc[place.territory, "kind"] == "city"


@pytest.fixture(scope="module")
def hostile_atlas(tmp_path_factory):
    from geo.atlas import DATA_DIR, load_atlas
    from tests.hostile_data import make_hostile_data

    return load_atlas(make_hostile_data(DATA_DIR, tmp_path_factory.mktemp("hostile") / "data"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_legend_is_one_list_of_every_entry(atlas, lang):
    from components.view import from_url, set_frontiers, set_visible

    view = from_url({"lang": lang}, atlas)
    html = sidebar.legend_html(atlas, view)
    # + the derived hatch, the lease, water, cities, HQ star
    assert html.count("<li") == len(atlas.commands) + 5
    for command in atlas.commands:
        assert command.colour in html
    assert "<s>" not in html and html.count("repeating-linear-gradient") == 1  # derived
    assert "dashed" in html  # the lease's outline
    # The source's division draws no derived region: no hatch row.
    old = sidebar.legend_html(atlas.in_division("2018"), view)
    assert old.count("<li") == len(atlas.commands) + 4 and "repeating-linear" not in old
    # One command hidden: its name struck through, and the hatch explained.
    hidden = set_visible(view, atlas, [c.id for c in atlas.commands[1:]])
    html = sidebar.legend_html(atlas, hidden)
    assert html.count("<s>") == 1 and html.count("repeating-linear-gradient") == 2
    assert html.count("<li") == len(atlas.commands) + 6
    assert "linear-gradient(90deg" in sidebar.legend_html(atlas, set_frontiers(view, atlas, True))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_legend_escapes_every_text_from_the_data(hostile_atlas, lang):
    from components.view import from_url, set_visible

    view = set_visible(from_url({"lang": lang}, hostile_atlas), hostile_atlas,
                       [hostile_atlas.commands[0].id])
    html = sidebar.legend_html(hostile_atlas, view)
    for tag in ("<img", "<script", "<svg", "<iframe", "<a ", "<b>"):
        assert tag not in html
    assert "&lt;img src=x onerror=" in html or "&lt;script&gt;" in html



@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_filter_heading_escapes_its_text_and_takes_each_commands_colour(hostile_atlas,
                                                                             lang):
    heading = sidebar.filter_heading_html(hostile_atlas, lang)
    for tag in ("<img", "<script", "<svg", "<iframe", "<a ", "<b>"):
        assert tag not in heading
    for command in hostile_atlas.commands:
        assert f"st-key-visible_{command.id}_" in heading and command.colour in heading
