"""The dark theme's colours (components/theme.py), measured as tests/test_style.py measures the
light theme's: every pair a viewer must tell apart, under normal and deficient colour vision,
and every text on what it is drawn on, for WCAG AA."""

from __future__ import annotations

import itertools
import re
import warnings

import colour
import numpy as np
import pytest

from components import style as S
from components import theme as T
from tests.test_style import VISIONS, css_colour, differences, leaflet_rules, must_differ, on


@pytest.fixture(scope="module")
def dark_drawn(atlas):
    """Every fill a viewer must tell apart, as the dark map draws it."""
    colours = {}
    for command in atlas.commands:
        colours[command.id] = T.dark_drawn_fill(command.colour)
        colours[f"{command.id} dimmed"] = T.dark_dimmed_fill(command.colour)
    colours["hidden"] = T.DARK_HIDDEN_COLOUR
    colours["hidden, hatched"] = S.hatch_mean(T.DARK_HIDDEN_COLOUR, T.DARK_HIDDEN_HATCH_COLOUR,
                                              S.HIDDEN_HATCH["line_px"],
                                              S.HIDDEN_HATCH["spacing_px"])
    colours["unassigned"] = T.dark_drawn_fill(T.DARK_UNASSIGNED_COLOUR)
    colours["sea"] = T.DARK_SEA_COLOUR
    colours["land"] = T.DARK_LAND_COLOUR
    return colours


def too_close(drawn: dict[str, str]) -> list[tuple]:
    names = list(drawn)
    diffs = differences(list(drawn.values()))
    close = []
    for (i, a), (j, b) in itertools.combinations(enumerate(names), 2):
        if not must_differ(a, b):
            continue
        both_dimmed = a.endswith("dimmed") and b.endswith("dimmed")
        limit = S.MIN_DELTA_E_DIMMED_PAIR if both_dimmed else S.MIN_DELTA_E
        worst = min(diffs[v][0][i, j] for v in VISIONS)
        if worst < limit:
            close.append((a, b, round(float(worst), 1)))
    return close


def test_every_pair_on_the_dark_map_is_told_apart_under_every_vision(dark_drawn):
    assert too_close(dark_drawn) == []


def test_the_commands_keep_their_colours_and_stay_told_apart(atlas, dark_drawn):
    """The same commands: the dark map draws each command's own colour (only the land under
    it changes), and the commands' closest pair is as far apart as MIN_DELTA_E asks."""
    ids = [c.id for c in atlas.commands]
    diffs = differences([dark_drawn[i] for i in ids])
    worst = min(diffs[v][0][i, j] for v in VISIONS
                for i, j in itertools.combinations(range(len(ids)), 2))
    assert worst > S.MIN_DELTA_E
    for command in atlas.commands:
        assert T.dark_drawn_fill(command.colour) == S.blend(command.colour, T.DARK_LAND_COLOUR,
                                                            T.DARK_FILL_OPACITY)


def test_the_dark_check_has_teeth(atlas, dark_drawn):
    """The light theme's fill opacity and hidden greys on the dark land fail the same check
    (the hidden grey came within 6 of «Оңтүстік»): it is the dark choices that pass it."""
    light_on_dark = dict(dark_drawn)
    for command in atlas.commands:
        light_on_dark[command.id] = S.blend(command.colour, T.DARK_LAND_COLOUR, S.FILL_OPACITY)
    light_on_dark["hidden"] = S.HIDDEN_COLOUR
    light_on_dark["hidden, hatched"] = S.hatch_mean(S.HIDDEN_COLOUR, S.HIDDEN_HATCH_COLOUR,
                                                    S.HIDDEN_HATCH["line_px"],
                                                    S.HIDDEN_HATCH["spacing_px"])
    assert too_close(light_on_dark) != []


def test_dark_dimming_keeps_the_hue(atlas):
    def hue(fill: str) -> float:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ucs = colour.XYZ_to_CAM02UCS(colour.sRGB_to_XYZ(np.array(S.hex_rgb(fill))))
        return float(np.degrees(np.arctan2(ucs[2], ucs[1])) % 360)

    for command in atlas.commands:
        gap = abs(hue(T.dark_drawn_fill(command.colour)) - hue(T.dark_dimmed_fill(command.colour)))
        assert min(gap, 360 - gap) < 10, command.id


def test_dark_neighbour_and_sea_names_are_a_quiet_grey():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in (T.DARK_CONTEXT_LABEL_COLOUR, T.DARK_SEA_LABEL_COLOUR):
            ucs = colour.XYZ_to_CAM02UCS(colour.sRGB_to_XYZ(np.array(S.hex_rgb(text))))
            assert float(np.hypot(ucs[1], ucs[2])) < 8, text


# --- Text contrast --------------------------------------------------------------------------

def map_css_rules() -> dict[str, dict[str, str]]:
    """DARK_MAP_CSS as {selector: {property: value}} (later declarations win)."""
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", T.DARK_MAP_CSS):
        declarations = {name.strip(): value.replace("!important", "").strip()
                        for name, value in (d.split(":", 1) for d in body.split(";") if ":" in d)}
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


def dark_text_pairs() -> dict[str, tuple[str, str]]:
    """Each text the dark map and page draw: (text colour, the colour behind it), the map's
    read from the CSS it ships (so a colour changed there is measured here)."""
    css = map_css_rules()
    darkest = "#000000"
    label = css[".kz-dark .kz-label"]
    halo = re.search(r"#[0-9a-f]{6}", label["text-shadow"]).group(0)
    country = css[".kz-dark .kz-label-country"]
    sea = css[".kz-dark .kz-label-sea"]
    bar = css[".kz-dark .leaflet-bar a"]
    bar_focus = css[".kz-dark .leaflet-bar a:focus"]
    attribution = css[".kz-dark .leaflet-control-attribution"]
    tooltip = css[".kz-dark .leaflet-tooltip"]
    caption = css[".kz-dark .kz-step-caption"]
    land = css[".kz-dark.leaflet-container"]["background"]
    sea_fill = css[".kz-dark path.kz-sea"]["fill"]
    return {
        "oblast label on its halo": (label["color"], halo),
        "neighbour name on the land": (country["color"], land),
        "neighbour name on the sea": (country["color"], sea_fill),
        "sea name on the sea": (sea["color"], sea_fill),
        "sea name on the land": (sea["color"], land),
        "control button": (bar["color"], on(bar["background-color"], darkest)),
        "control button, hovered or focused": (bar_focus["color"],
                                               on(bar_focus["background-color"], darkest)),
        "attribution": (attribution["color"], on(attribution["background"], darkest)),
        "attribution link": (css[".kz-dark .leaflet-control-attribution a"]["color"],
                             on(attribution["background"], darkest)),
        "scale": (css[".kz-dark .leaflet-control-scale-line"]["color"],
                  on(css[".kz-dark .leaflet-control-scale-line"]["background"], darkest)),
        "tooltip": (tooltip["color"], tooltip["background"]),
        "full-screen step caption": (caption["color"], caption["background"]),

        "page text": (T.DARK_PAGE_TEXT_COLOUR, T.DARK_PAGE_BACKGROUND),
        "sidebar text": (T.DARK_PAGE_TEXT_COLOUR, T.DARK_SIDEBAR_BACKGROUND),
        "caption": (T.DARK_CAPTION_TEXT_COLOUR, T.DARK_PAGE_BACKGROUND),
        "sidebar caption": (T.DARK_CAPTION_TEXT_COLOUR, T.DARK_SIDEBAR_BACKGROUND),
        "caption in an expander": (T.DARK_CAPTION_TEXT_COLOUR, T.DARK_SIDEBAR_BACKGROUND),
        "widget text": (T.DARK_PAGE_TEXT_COLOUR, T.DARK_WIDGET_BACKGROUND),
        "menu option, hovered": (T.DARK_PAGE_TEXT_COLOUR, T.DARK_CONTROL_HOVER),
        "link": (T.DARK_LINK_COLOUR, T.DARK_PAGE_BACKGROUND),
        "Next (primary button)": ("#ffffff", T.DARK_PRIMARY_COLOUR),
        "Next, hovered": ("#ffffff", T.DARK_PRIMARY_HOVER),
        "notice": (T.DARK_NOTICE_TEXT, T.DARK_NOTICE_BACKGROUND),
    }


def test_every_dark_text_meets_wcag_aa():
    ratios = {name: round(S.contrast_ratio(css_colour(text)[0], css_colour(back)[0]), 2)
              for name, (text, back) in dark_text_pairs().items()}
    assert {name: r for name, r in ratios.items() if r < S.WCAG_AA} == {}, ratios


def test_dark_labels_have_a_halo_darker_than_every_fill(dark_drawn):
    """A label's halo rings each letter: light text stays on near-black whatever fill it
    crosses, and the halo itself stands out from the fills (so it reads as a ring)."""
    for name, fill in dark_drawn.items():
        if name in ("land", "sea", "unassigned"):
            continue
        assert S.relative_luminance(T.DARK_LABEL_HALO_COLOUR) < S.relative_luminance(fill), name
    assert S.contrast_ratio(T.DARK_LABEL_TEXT_COLOUR, T.DARK_LABEL_HALO_COLOUR) >= 7


def test_dark_outlines_and_stars_meet_the_non_text_contrast(dark_drawn):
    """WCAG 1.4.11 (3:1): the selection's outline on its halo, the HQ star's white disc on
    the dark land, the city dot on its ring, the lease's outline on the land."""
    assert S.contrast_ratio(T.DARK_SELECTION_COLOUR, T.DARK_SELECTION_HALO_COLOUR) >= 3
    assert S.contrast_ratio(S.HQ_STAR_COLOUR, S.LABEL_HALO_COLOUR) >= 3
    assert S.contrast_ratio(S.LABEL_HALO_COLOUR, T.DARK_LAND_COLOUR) >= 3
    assert S.contrast_ratio(T.DARK_CITY_DOT_COLOUR, T.DARK_LABEL_HALO_COLOUR) >= 3
    assert S.contrast_ratio(T.DARK_LEASE_OUTLINE_COLOUR, T.DARK_LAND_COLOUR) >= 3


def test_the_dark_contrast_check_has_teeth():
    """The light theme's label and caption colours on the dark backgrounds fail it."""
    assert S.contrast_ratio(S.LABEL_TEXT_COLOUR, T.DARK_LABEL_HALO_COLOUR) < S.WCAG_AA
    assert S.contrast_ratio(S.CAPTION_TEXT_COLOUR, T.DARK_PAGE_BACKGROUND) < S.WCAG_AA
    # And Leaflet's own link blue on the dark attribution.
    link = css_colour(leaflet_rules()[".leaflet-container a"]["color"])[0]
    assert S.contrast_ratio(link, T.DARK_CONTROL_BACKGROUND) < S.WCAG_AA


def test_the_dark_css_holds_only_the_theme_colours():
    """Static CSS: every colour in it is one of theme.py's (no data, nothing unchecked)."""
    palette = {value.lower() for name, value in vars(T).items()
               if name.startswith("DARK_") and isinstance(value, str) and value.startswith("#")}
    palette |= {"#ffffff"}
    for css in (T.DARK_MAP_CSS, T.PAGE_CSS):
        used = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", css)}
        assert used <= palette, used - palette


def test_the_hidden_hatch_is_the_light_ones_pattern_in_the_dark_greys():
    svg = T.dark_territory_style()["hiddenPattern"]["svg"]
    light = S.hidden_hatch_svg_pattern(T.DARK_HIDDEN_PATTERN_ID)
    assert svg == (light.replace(S.HIDDEN_HATCH_COLOUR, T.DARK_HIDDEN_HATCH_COLOUR)
                   .replace(S.HIDDEN_COLOUR, T.DARK_HIDDEN_COLOUR))


# --- A selection on the dark map (style.py's selection look, tests/test_style.py's checks) ---

def dark_selection_fills(atlas) -> dict[str, str]:
    fills = {}
    for command in atlas.commands:
        fills[f"{command.id} selected"] = S.blend(command.colour, T.DARK_LAND_COLOUR,
                                                  S.SELECTED_FILL_OPACITY)
        fills[f"{command.id} sibling"] = S.blend(command.colour, T.DARK_LAND_COLOUR,
                                                 S.SELECTION_SIBLING_OPACITY)
        fills[f"{command.id} dimmed"] = T.dark_dimmed_fill(command.colour)
    fills["hidden"] = T.DARK_HIDDEN_COLOUR
    fills["unassigned"] = T.dark_drawn_fill(T.DARK_UNASSIGNED_COLOUR)
    fills["land"], fills["sea"] = T.DARK_LAND_COLOUR, T.DARK_SEA_COLOUR
    return fills


def test_a_selected_territory_stands_out_on_the_dark_map(atlas):
    fills = dark_selection_fills(atlas)
    names = list(fills)
    diffs = differences(list(fills.values()))
    close = []
    for command in atlas.commands:
        c = command.id
        pairs = [(f"{c} selected", f"{c} sibling", S.MIN_DELTA_E),
                 (f"{c} sibling", f"{c} dimmed", S.MIN_DELTA_E_DIMMED_PAIR),
                 *((f"{c} sibling", other, S.MIN_DELTA_E)
                   for other in ("hidden", "land", "sea", "unassigned")),
                 *((f"{c} sibling", f"{o.id} dimmed", S.MIN_DELTA_E_DIMMED_PAIR)
                   for o in atlas.commands if o.id != c)]
        for a, b, limit in pairs:
            i, j = names.index(a), names.index(b)
            worst = min(diffs[v][0][i, j] for v in VISIONS)
            if worst < limit:
                close.append((a, b, round(float(worst), 1)))
    assert close == []


def test_the_dark_selection_outline_shows_on_every_fill_beside_it(atlas):
    """The white outline over its black halo: one of the two stands out (3:1) on every fill,
    and the name box (the light theme's dark box in its white frame) on every selected fill."""
    assert S.contrast_ratio(T.DARK_SELECTION_COLOUR, T.DARK_SELECTION_HALO_COLOUR) >= \
        S.MIN_NON_TEXT_CONTRAST
    fills = dark_selection_fills(atlas)
    weak = {name: fill for name, fill in fills.items()
            if max(S.contrast_ratio(T.DARK_SELECTION_COLOUR, fill),
                   S.contrast_ratio(T.DARK_SELECTION_HALO_COLOUR, fill))
            < S.MIN_NON_TEXT_CONTRAST}
    assert weak == {}
    for command in atlas.commands:
        fill = fills[f"{command.id} selected"]
        assert max(S.contrast_ratio(S.NAME_BOX_BACKGROUND, fill),
                   S.contrast_ratio(S.SELECTION_HALO_COLOUR, fill)) >= S.MIN_NON_TEXT_CONTRAST
