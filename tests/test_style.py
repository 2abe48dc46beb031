"""Colours (components/style.py): told apart under colour-vision deficiency, text readable.

Colour-vision deficiency is simulated with the Machado et al. (2009) matrices at full
severity (protanopia, deuteranopia, tritanopia), as colour-science implements them, applied
to linear sRGB; differences are measured in CAM02-UCS (and CIEDE2000, reported)."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import colour
import numpy as np
import pytest

from components import style as S

ROOT = Path(__file__).resolve().parent.parent

VISIONS = ("normal", "protan", "deutan", "tritan")
MACHADO = {"protan": "Protanomaly", "deutan": "Deuteranomaly", "tritan": "Tritanomaly"}


def simulate(hex_colours: list[str], vision: str) -> np.ndarray:
    """sRGB (0..1) as a viewer with this vision sees them."""
    rgb = np.array([S.hex_rgb(c) for c in hex_colours])
    if vision == "normal":
        return rgb
    matrix = colour.blindness.matrix_cvd_Machado2009(MACHADO[vision], 1.0)
    linear = colour.models.eotf_sRGB(rgb)
    return colour.models.eotf_inverse_sRGB(np.clip(linear @ matrix.T, 0, 1))


def differences(hex_colours: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per vision: the CAM02-UCS and CIEDE2000 difference matrices of the colours."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # colour-science notes its domain-range scale
        for vision in VISIONS:
            xyz = colour.sRGB_to_XYZ(simulate(hex_colours, vision))
            ucs = colour.XYZ_to_CAM02UCS(xyz)
            lab = colour.XYZ_to_Lab(xyz)
            n = len(hex_colours)
            ucs_d = np.linalg.norm(ucs[:, None, :] - ucs[None, :, :], axis=-1)
            lab_d = np.array([[colour.delta_E(lab[i], lab[j], method="CIE 2000")
                               for j in range(n)] for i in range(n)])
            out[vision] = (ucs_d, lab_d)
    return out


@pytest.fixture(scope="module")
def drawn(atlas):
    """Every fill a viewer must tell apart, as drawn on the live map."""
    colours = {}
    for command in atlas.commands:
        colours[command.id] = S.drawn_fill(command.colour)
        colours[f"{command.id} dimmed"] = S.dimmed_fill(command.colour)
    colours["hidden"] = S.HIDDEN_COLOUR
    colours["hidden, hatched"] = S.hatch_mean(S.HIDDEN_COLOUR, S.HIDDEN_HATCH_COLOUR,
                                              S.HIDDEN_HATCH["line_px"],
                                              S.HIDDEN_HATCH["spacing_px"])
    colours["unassigned"] = S.drawn_fill(S.UNASSIGNED_COLOUR)
    colours["sea"] = S.SEA_COLOUR
    colours["land"] = S.LAND_COLOUR
    return colours


def must_differ(a: str, b: str) -> bool:
    """Pairs a viewer must tell apart (the hidden fill and its hatched form are one thing)."""
    return {a, b} != {"hidden", "hidden, hatched"}


def test_every_pair_is_told_apart_under_every_vision(atlas, drawn):
    names = list(drawn)
    diffs = differences(list(drawn.values()))
    too_close, table = [], []
    for (i, a), (j, b) in itertools.combinations(enumerate(names), 2):
        if not must_differ(a, b):
            continue
        both_dimmed = a.endswith("dimmed") and b.endswith("dimmed")
        limit = S.MIN_DELTA_E_DIMMED_PAIR if both_dimmed else S.MIN_DELTA_E
        worst = min(diffs[v][0][i, j] for v in VISIONS)
        table.append((worst, a, b))
        if worst < limit:
            too_close.append((a, b, {v: round(float(diffs[v][0][i, j]), 1) for v in VISIONS}))
    assert too_close == []
    # The palette's own closest pair bounds what can be asked of the rest.
    commands = {c.id for c in atlas.commands}
    assert min(w for w, a, b in table if {a, b} <= commands) > S.MIN_DELTA_E


def test_the_old_colours_fail_the_same_check():
    """The check has teeth: the colours the review complained of (dimmed «Астана» blue at
    0.22 like water, hidden and unassigned greys alike) do not pass it."""
    old = {"astana dimmed": S.blend("#0072B2", S.LAND_COLOUR, 0.22), "sea": S.SEA_COLOUR,
           "hidden": "#d9d9d9", "unassigned": S.blend("#9e9e9e", S.LAND_COLOUR, 0.78),
           "ontustik dimmed": S.blend("#CC79A7", S.LAND_COLOUR, 0.22)}
    diffs = differences(list(old.values()))
    worst = min(diffs[v][0][i, j] for v in VISIONS
                for i, j in itertools.combinations(range(len(old)), 2))
    assert worst < S.MIN_DELTA_E


def test_dimming_keeps_the_hue(atlas):
    """A dimmed command keeps its hue (CAM02-UCS hue angle, the perceptual one)."""
    def hue(fill: str) -> float:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ucs = colour.XYZ_to_CAM02UCS(colour.sRGB_to_XYZ(np.array(S.hex_rgb(fill))))
        return float(np.degrees(np.arctan2(ucs[2], ucs[1])) % 360)

    for command in atlas.commands:
        gap = abs(hue(S.drawn_fill(command.colour)) - hue(S.dimmed_fill(command.colour)))
        assert min(gap, 360 - gap) < 10, command.id


# --- Text contrast ------------------------------------------------------------------------

def test_contrast_ratio_matches_wcag_examples():
    assert S.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert S.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert S.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert S.contrast_ratio("#ffffff", "#767676") == S.contrast_ratio("#767676", "#ffffff")
    with pytest.raises(ValueError):
        S.hex_rgb("#12345")


def test_label_text_meets_wcag_aa_on_every_background(drawn):
    # Territory labels: on their white halo, and even without it on every fill they can sit
    # on (a label never sits on the unassigned disc: geo/labels.py keeps off it).
    territory_backgrounds = {name: fill for name, fill in drawn.items()
                             if name not in ("unassigned", "sea")}
    territory_backgrounds["halo"] = S.LABEL_HALO_COLOUR
    low = {name: round(S.contrast_ratio(S.LABEL_TEXT_COLOUR, fill), 2)
           for name, fill in territory_backgrounds.items()
           if S.contrast_ratio(S.LABEL_TEXT_COLOUR, fill) < S.WCAG_AA}
    assert low == {}
    # Neighbours' names on the land, the sea's on the sea (either may touch the other).
    for text in (S.CONTEXT_LABEL_COLOUR, S.SEA_LABEL_COLOUR):
        for background in (S.LAND_COLOUR, S.SEA_COLOUR, S.LABEL_HALO_COLOUR):
            assert S.contrast_ratio(text, background) >= S.WCAG_AA, (text, background)


def test_blend_and_hatch_mean():
    assert S.blend("#000000", "#ffffff", 0.5) == "#808080"
    assert S.blend("#0072B2", S.LAND_COLOUR, 1.0) == "#0072b2"
    assert S.dimmed_fill("#ffffff") == S.blend("#ffffff", S.LAND_COLOUR, S.DIM_OPACITY)
    assert S.hatch_mean("#ffffff", "#000000", 2, 8) == "#bfbfbf"


# --- The hidden hatch, on the map and in the legend ---------------------------------------

def test_the_map_and_the_legend_draw_one_hatch():
    """The SVG pattern the map fills hidden commands with and the legend's CSS swatch are
    made of the same colours, line and spacing (those test_every_pair... measured)."""
    import re

    svg = S.browser_style()["hiddenPattern"]["svg"]
    spacing, line = S.HIDDEN_HATCH["spacing_px"], S.HIDDEN_HATCH["line_px"]
    assert f'width="{spacing}" height="{spacing}"' in svg
    assert f'fill="{S.HIDDEN_COLOUR}"' in svg and f'fill="{S.HIDDEN_HATCH_COLOUR}"' in svg
    assert f'<rect width="{line}" height="{spacing}"' in svg
    assert f"rotate({S.HIDDEN_HATCH['angle_deg']})" in svg
    css = S.hidden_hatch_css()
    assert re.fullmatch(rf"repeating-linear-gradient\(\d+deg, {S.HIDDEN_HATCH_COLOUR} 0 "
                        rf"{line}px, {S.HIDDEN_COLOUR} {line}px {spacing}px\)", css), css


def test_a_hidden_command_in_a_briefing_never_reads_as_water_or_as_no_command(drawn):
    """What a briefing step shows at once: the step's command, the others dimmed, a hidden
    one hatched (never dimmed: the map keeps it opaque), the lease at full strength (never
    dimmed either) and the sea: under every vision, the hatch is told from the sea, from the
    lease and from every dimmed command; and each dimmed command from the sea."""
    hatch = drawn["hidden, hatched"]
    others = {name: fill for name, fill in drawn.items()
              if name.endswith("dimmed") or name in ("sea", "unassigned")}
    names = ["hidden, hatched", *others]
    diffs = differences([hatch, *others.values()])
    worst = {name: min(float(diffs[v][0][0, i + 1]) for v in VISIONS)
             for i, name in enumerate(others)}
    assert {n: round(w, 1) for n, w in worst.items() if w < S.MIN_DELTA_E} == {}, names
    sea = [drawn["sea"]] + [fill for name, fill in drawn.items() if name.endswith("dimmed")]
    sea_diffs = differences(sea)
    assert min(float(sea_diffs[v][0][0, j]) for v in VISIONS
               for j in range(1, len(sea))) >= S.MIN_DELTA_E


def test_neighbour_and_sea_names_are_a_quiet_grey():
    """Low chroma (CAM02-UCS), so the neighbours and the Caspian stay background."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in (S.CONTEXT_LABEL_COLOUR, S.SEA_LABEL_COLOUR):
            ucs = colour.XYZ_to_CAM02UCS(colour.sRGB_to_XYZ(np.array(S.hex_rgb(text))))
            assert float(np.hypot(ucs[1], ucs[2])) < 8, text


# --- Every text on the map and in the panels, on what it is drawn on -----------------------

def leaflet_rules() -> dict[str, dict[str, str]]:
    """Leaflet's own stylesheet (the one the map loads), as {selector: {property: value}};
    a later declaration of a property wins, as in the browser."""
    import re

    import xstatic.pkg.leaflet as xstatic_leaflet

    css = (Path(xstatic_leaflet.BASE_DIR) / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = dict(
            (name.strip(), value.strip()) for name, value in
            (item.split(":", 1) for item in body.split(";") if ":" in item))
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


def css_colour(value: str) -> tuple[str, float]:
    """A CSS colour as ('#rrggbb', alpha): #rgb, #rrggbb, black, white or rgba()."""
    import re

    value = {"black": "#000000", "white": "#ffffff"}.get(value.strip().lower(), value.strip())
    if match := re.fullmatch(r"rgba?\(([^)]*)\)", value):
        parts = [float(p) for p in match.group(1).split(",")]
        return S.rgb_hex(tuple(p / 255 for p in parts[:3])), parts[3] if len(parts) > 3 else 1.0
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    S.hex_rgb(value)  # raises on anything else
    return value.lower(), 1.0


def on(background: str, under: str) -> str:
    """A (possibly translucent) CSS background drawn over `under`."""
    colour, alpha = css_colour(background)
    return S.blend(colour, under, alpha)


def map_text_pairs(drawn: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Each text the live map draws: (text colour, the colour behind it, at its worst)."""
    rules = leaflet_rules()
    # Controls sit on translucent white over the map; black is the darkest anything under
    # them can be, so it bounds every case.
    darkest = "#000000"
    tooltip = rules[".leaflet-tooltip"]
    bar = rules[".leaflet-bar a"]
    attribution = rules[".leaflet-control-attribution"]
    scale = rules[".leaflet-control-scale-line"]
    return {
        "tooltip": (css_colour(tooltip["color"])[0], on(tooltip["background-color"], darkest)),
        # Zoom +/−, the whole-country ⌂ and the full-screen button: .leaflet-bar links.
        "control button": (css_colour(bar["color"])[0], on(bar["background-color"], darkest)),
        "control button, hovered or focused": (
            css_colour(bar["color"])[0],
            on(rules[".leaflet-bar a:focus"]["background-color"], darkest)),
        "attribution": (css_colour(attribution["color"])[0],
                        on(rules[".leaflet-container .leaflet-control-attribution"]["background"],
                           darkest)),
        "scale": (css_colour(scale["color"])[0], on(scale["background"], darkest)),
        "oblast label on its halo": (S.LABEL_TEXT_COLOUR, S.LABEL_HALO_COLOUR),
        **{f"oblast label on {name}": (S.LABEL_TEXT_COLOUR, fill)
           for name, fill in drawn.items() if name not in ("unassigned", "sea")},
        "neighbour name": (S.CONTEXT_LABEL_COLOUR, S.LAND_COLOUR),
        "sea name": (S.SEA_LABEL_COLOUR, S.SEA_COLOUR),
    }


def panel_text_pairs() -> dict[str, tuple[str, str]]:
    """Each text the page draws (Streamlit's light theme with the app's CSS)."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    primary = config["theme"]["primaryColor"]
    return {
        "text": (S.PAGE_TEXT_COLOUR, S.PAGE_BACKGROUND),
        "sidebar text": (S.PAGE_TEXT_COLOUR, S.SIDEBAR_BACKGROUND),
        "caption": (S.CAPTION_TEXT_COLOUR, S.PAGE_BACKGROUND),
        "sidebar caption": (S.CAPTION_TEXT_COLOUR, S.SIDEBAR_BACKGROUND),
        "Next (primary button)": ("#ffffff", primary),
        "link, selected tab": (primary, S.PAGE_BACKGROUND),
    }


def test_every_text_on_the_map_and_the_panels_meets_wcag_aa(drawn):
    pairs = {**map_text_pairs(drawn), **panel_text_pairs()}
    ratios = {name: round(S.contrast_ratio(text, background), 2)
              for name, (text, background) in pairs.items()}
    assert {name: r for name, r in ratios.items() if r < S.WCAG_AA} == {}, ratios


def test_hq_stars_meet_the_non_text_contrast(drawn):
    """WCAG 1.4.11: a graphic that carries meaning needs 3:1 against what is next to it. The
    star is dark on its white disc, and the disc stands out from every fill."""
    assert S.contrast_ratio(S.HQ_STAR_COLOUR, S.LABEL_HALO_COLOUR) >= 3
    assert S.contrast_ratio(S.HQ_STAR_COLOUR, S.LAND_COLOUR) >= 3


def test_the_page_draws_captions_in_the_checked_colour():
    """The colour checked above is the one the page's CSS uses, opaque (Streamlit's own
    captions are 60 % opaque)."""
    from components.panels import CAPTION_CSS

    assert f"color:{S.CAPTION_TEXT_COLOUR};opacity:1" in CAPTION_CSS


def test_the_contrast_check_would_catch_leaflets_link_blue_on_a_dark_map():
    """The check has teeth: Leaflet's link blue on its translucent white over a dark map is
    under AA, and Streamlit's own 60 % caption grey is too."""
    rules = leaflet_rules()
    link = css_colour(rules[".leaflet-container a"]["color"])[0]
    behind = on(rules[".leaflet-container .leaflet-control-attribution"]["background"],
                "#000000")
    assert S.contrast_ratio(link, behind) < S.WCAG_AA
    assert S.contrast_ratio(S.blend(S.PAGE_TEXT_COLOUR, S.PAGE_BACKGROUND, 0.6),
                            S.PAGE_BACKGROUND) < S.WCAG_AA


# --- a selection, seen from the back of the room (issue 22, point 9) -------------------------

def selection_fills(atlas) -> dict[str, str]:
    """Every fill a selection leaves on the map: the selected territory, the rest of its
    command, the other commands (dimmed), a hidden command, the lease, land and sea."""
    fills = {}
    for command in atlas.commands:
        fills[f"{command.id} selected"] = S.blend(command.colour, S.LAND_COLOUR,
                                                  S.SELECTED_FILL_OPACITY)
        fills[f"{command.id} sibling"] = S.blend(command.colour, S.LAND_COLOUR,
                                                 S.SELECTION_SIBLING_OPACITY)
        fills[f"{command.id} dimmed"] = S.dimmed_fill(command.colour)
    fills["hidden"] = S.HIDDEN_COLOUR
    fills["unassigned"] = S.drawn_fill(S.UNASSIGNED_COLOUR)
    fills["land"], fills["sea"] = S.LAND_COLOUR, S.SEA_COLOUR
    return fills


def test_a_selected_territory_stands_out_from_the_rest_of_its_command(atlas):
    """Told apart under every vision, as the command colours are from each other: the selected
    fill from its command's faded rest, and that from the dimmed (a step's rest) and from land,
    sea and the hidden grey."""
    fills = selection_fills(atlas)
    names = list(fills)
    diffs = differences(list(fills.values()))
    too_close = []
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
                too_close.append((a, b, round(float(worst), 1)))
    assert too_close == []


def test_the_selection_outline_shows_on_every_fill_beside_it(atlas):
    """WCAG 1.4.11 (3:1 for a graphic that carries meaning): the dark outline against its white
    halo, and on every fill inside or outside it one of the two stands out."""
    assert S.contrast_ratio(S.SELECTION_COLOUR, S.SELECTION_HALO_COLOUR) >= \
        S.MIN_NON_TEXT_CONTRAST
    weak = {name: fill for name, fill in selection_fills(atlas).items()
            if max(S.contrast_ratio(S.SELECTION_COLOUR, fill),
                   S.contrast_ratio(S.SELECTION_HALO_COLOUR, fill)) < S.MIN_NON_TEXT_CONTRAST}
    assert weak == {}
    assert S.SELECTED_HALO_WEIGHT >= S.SELECTED_WEIGHT + 4  # 2 px of halo each side at least


def test_the_name_box_is_readable_and_framed_on_any_fill(atlas):
    assert S.contrast_ratio(S.NAME_BOX_TEXT_COLOUR, S.NAME_BOX_BACKGROUND) >= S.WCAG_AA
    # The box itself (a shape) against the fill it sits on: the selected one, at full strength.
    for command in atlas.commands:
        fill = S.blend(command.colour, S.LAND_COLOUR, S.SELECTED_FILL_OPACITY)
        assert S.contrast_ratio(S.NAME_BOX_BACKGROUND, fill) >= S.MIN_NON_TEXT_CONTRAST, \
            command.id
    # At least the labels' size around it (style.LABEL_BASE_PX), in explore and in a briefing.
    assert S.NAME_BOX_PX >= max(px for (mode, _), px in S.LABEL_BASE_PX.items()
                                if mode == "explore")
    assert S.NAME_BOX_BRIEFING_PX >= max(px for (mode, _), px in S.LABEL_BASE_PX.items()
                                         if mode == "briefing")
