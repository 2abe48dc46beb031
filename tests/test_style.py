"""Colours (components/style.py): told apart under colour-vision deficiency, text readable.

Colour-vision deficiency is simulated with the Machado et al. (2009) matrices at full
severity (protanopia, deuteranopia, tritanopia), as colour-science implements them, applied
to linear sRGB; differences are measured in CAM02-UCS (and CIEDE2000, reported)."""

from __future__ import annotations

import itertools
import warnings

import colour
import numpy as np
import pytest

from components import style as S

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
