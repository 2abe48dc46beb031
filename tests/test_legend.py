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
def test_the_city_row_names_the_cities_and_says_shymkent_has_no_outline(atlas, lang):
    text = sidebar.city_legend_text(atlas, lang)
    for place in atlas.places:
        assert place.name.get(lang) in text
    lines = text.split("  \n")
    assert len(lines) == 2  # the cities; then Shymkent, the one drawn inside an oblast
    shymkent = next(p for p in atlas.places if p.code == "shymkent")
    turkistan = atlas.territories.loc[shymkent.territory, f"name_{lang}"]
    assert shymkent.name.get(lang) in lines[1] and turkistan in lines[1]
    assert "Natural Earth" in lines[1]
