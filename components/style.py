"""One definition of the map's look, shared by the live map (Python and its browser code)
and the exports.

The command colours (data/commands.yaml) are the Okabe–Ito colour-blind-safe palette. The
colours here are chosen so that, as drawn (fills at FILL_OPACITY or DIM_OPACITY over the
land), no two things a viewer must tell apart look alike under normal, protan, deutan or
tritan vision: tests/test_style.py measures every pair (CAM02-UCS, Machado 2009 simulation)
against MIN_DELTA_E, and every label colour against its background for WCAG AA contrast.
"""

from __future__ import annotations

LAND_COLOUR = "#f3f1ec"
SEA_COLOUR = "#dbe8f2"
CONTEXT_BORDER_COLOUR = "#b9b3a5"
BORDER_COLOUR = "#ffffff"  # between territories
# The Baikonur lease, assigned to no command: a dark neutral, darker than every command
# colour, so it never reads as a hidden or dimmed command (mid grey, light tints) or as water.
UNASSIGNED_COLOUR = "#3c3c3c"
# A command the filter hides: a mid neutral, opaque, between the light dimmed tints and the
# dark unassigned grey. Optionally drawn with HIDDEN_HATCH (thin darker diagonal lines), which
# makes "switched off" readable without colour at all; the tests check the hatch's mean too.
HIDDEN_COLOUR = "#848484"
HIDDEN_HATCH_COLOUR = "#666666"
HIDDEN_HATCH = {"angle_deg": 45, "line_px": 1.5, "spacing_px": 8}
SELECTION_COLOUR = "#111111"
HOVER_COLOUR = "#333333"
HQ_STAR_COLOUR = "#1a1a1a"
FILL_OPACITY = 0.78
# The other commands in a briefing step: the same hue, faded over the land. 0.4 keeps each
# tint clearly darker and more saturated than the sea (0.22 made «Астана» blue read as water).
DIM_OPACITY = 0.40

# A selected territory, seen from the back of a room (issue 22, point 9): its own fill at full
# strength, the rest of its command faded a little, the other commands to DIM_OPACITY; a white
# halo under a dark outline (one of the two stands out on any fill beside it), and its name in
# a dark box inside it when the oblast labels are off. tests/test_style.py measures each step.
SELECTED_FILL_OPACITY = 1.0
SELECTION_SIBLING_OPACITY = 0.55
SELECTION_HALO_COLOUR = "#ffffff"
NAME_BOX_BACKGROUND = "#111111"
NAME_BOX_TEXT_COLOUR = "#ffffff"
NAME_BOX_PX = 15.0  # the box's text, bold, beside explore's 12–13 px labels
NAME_BOX_BRIEFING_PX = 18.0  # in a briefing, over its 13–17 px projector labels
MIN_NON_TEXT_CONTRAST = 3.0  # WCAG 2.1 SC 1.4.11: an outline that must be seen

# Label text: dark with a white halo (CSS text-shadow / matplotlib stroke) on territories;
# quiet colours for the neighbours' and the sea's names, each readable on its own background.
LABEL_TEXT_COLOUR = "#111111"
LABEL_HALO_COLOUR = "#ffffff"
SECONDARY_TEXT_COLOUR = "#555555"  # subtitles, sources and dates on the exports
FRAME_COLOUR = "#cccccc"  # the frame around a static map
CONTEXT_LABEL_COLOUR = "#5f5a50"  # neighbour country names, on LAND_COLOUR
SEA_LABEL_COLOUR = "#535b63"  # the Caspian (and lakes), on SEA_COLOUR: a quiet, cool grey
CITY_DOT_COLOUR = "#1a1a1a"  # a city of republican significance, ringed with the halo colour

# Live-map labels. The boxes geo/labels.py computes are measured in DejaVu Sans at
# LINE_HEIGHT; the browser asks for the same font (installed with Debian's fonts-dejavu, as
# in CI) and falls back to Verdana-like faces elsewhere, where the map's label script hides
# whatever then collides (components/map/map_labels.js).
LABEL_FONT_FAMILY = '"DejaVu Sans", Verdana, "Bitstream Vera Sans", sans-serif'
# Oblast and HQ names in px, per mode and screen: a 1920×1080 projector gets >= 16 px.
LABEL_BASE_PX = {("briefing", "large"): 17.0, ("briefing", "small"): 14.0,
                 ("briefing", "compact"): 13.0, ("explore", "large"): 13.0,
                 ("explore", "small"): 12.0, ("explore", "compact"): 12.0,
                 ("export", "large"): 13.0, ("export", "small"): 12.0,
                 ("export", "compact"): 12.0}

# Below this CAM02-UCS difference two colours that mean different things are too alike. The
# palette's own closest pair («Астана»/«Шығыс» under tritan vision) is 8.9; 8 keeps every
# required pair at least about as distinct as the command colours are from each other.
MIN_DELTA_E = 8.0
# Two dimmed commands are only background in a briefing step (each is also named by its
# labels), so they need less.
MIN_DELTA_E_DIMMED_PAIR = 4.0
WCAG_AA = 4.5  # minimum contrast for normal-size text


def hex_rgb(colour: str) -> tuple[float, float, float]:
    """'#rrggbb' as sRGB components in 0..1."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))


def rgb_hex(rgb: tuple[float, float, float]) -> str:
    """sRGB components in 0..1 as '#rrggbb'."""
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def blend(colour: str, background: str, opacity: float) -> str:
    """`colour` drawn at `opacity` over `background`, as a browser composites it (in sRGB)."""
    fg, bg = hex_rgb(colour), hex_rgb(background)
    return rgb_hex(tuple(f * opacity + b * (1 - opacity) for f, b in zip(fg, bg, strict=True)))


def drawn_fill(colour: str) -> str:
    """A territory's fill as the live map shows it: FILL_OPACITY over the land."""
    return blend(colour, LAND_COLOUR, FILL_OPACITY)


def dimmed_fill(colour: str) -> str:
    """A dimmed command's fill as drawn: its own hue at DIM_OPACITY over the land."""
    return blend(colour, LAND_COLOUR, DIM_OPACITY)


def hatch_mean(fill: str, hatch: str, line_px: float, spacing_px: float) -> str:
    """The average colour of a hatch of `line_px` lines every `spacing_px` over `fill`: what
    the pattern looks like from the back of a room."""
    return blend(hatch, fill, line_px / spacing_px)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in hex_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1..21 (AA asks 4.5 for normal text)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)

# Line weights in CSS pixels.
BORDER_WEIGHT = 1.2  # between territories
COMMAND_WEIGHT = 2.5  # around the selected command's territories
SELECTED_WEIGHT = 4.0  # the selected territory's dark outline, over its halo
SELECTED_HALO_WEIGHT = 10.0  # the white halo under it (3 px each side of the outline)
HOVER_WEIGHT = 3.0
CONTEXT_BORDER_WEIGHT = 0.9  # neighbours' borders
FRONTIER_WEIGHT = 6.0  # the frontier layer: each stretch in the colour of its command

# A territory as first drawn (Leaflet path options); the browser styler starts from it too.
TERRITORY_BASE_STYLE = {"color": BORDER_COLOUR, "weight": BORDER_WEIGHT, "opacity": 1,
                        "fillOpacity": FILL_OPACITY}


FRONTIER_CASING_COLOUR = "#ffffff"  # under the frontier line, so it reads over any fill
FRONTIER_CASING_WEIGHT = FRONTIER_WEIGHT + 3.0


def hidden_hatch_svg_pattern(pattern_id: str) -> str:
    """The hidden-by-filter fill as an SVG <pattern>: HIDDEN_COLOUR under diagonal
    HIDDEN_HATCH_COLOUR lines (static markup, no data)."""
    spacing, line = HIDDEN_HATCH["spacing_px"], HIDDEN_HATCH["line_px"]
    angle = HIDDEN_HATCH["angle_deg"]
    return (f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{spacing}" '
            f'height="{spacing}" patternTransform="rotate({angle})">'
            f'<rect width="{spacing}" height="{spacing}" fill="{HIDDEN_COLOUR}"/>'
            f'<rect width="{line}" height="{spacing}" fill="{HIDDEN_HATCH_COLOUR}"/></pattern>')


def hidden_hatch_css() -> str:
    """The same hatch as a CSS background, for the legend's swatch."""
    spacing, line = HIDDEN_HATCH["spacing_px"], HIDDEN_HATCH["line_px"]
    return (f"repeating-linear-gradient({HIDDEN_HATCH['angle_deg'] + 90}deg, "
            f"{HIDDEN_HATCH_COLOUR} 0 {line}px, {HIDDEN_COLOUR} {line}px {spacing}px)")


HIDDEN_PATTERN_ID = "kz-hidden-hatch"
# A region whose command is derived from the oblast it was separated from (Abai, Zhetisu,
# Ulytau in 2022), not stated by the source: its command's colour under thin white diagonal
# lines, the other way from the filter's grey hatch, so it reads as "same command, derived".
DERIVED_HATCH = {"angle_deg": -45, "line_px": 2.0, "spacing_px": 9, "colour": "#ffffff",
                 "opacity": 0.7}
DERIVED_PATTERN_PREFIX = "kz-derived-"
# The legend's swatch for it: a neutral grey under the same hatch (the map hatches every
# command's colour; one colour in the key would read as one command's).
DERIVED_SWATCH = "#7a7a7a"
LAKE_COLOUR = SEA_COLOUR  # one water colour on every map
RIVER_COLOUR = "#8fb3d1"
RIVER_WEIGHT = 1.6
LEASE_OUTLINE_COLOUR = "#1a1a1a"
LEASE_DASH = "5 4"


def derived_hatch_svg_pattern(pattern_id: str, colour: str) -> str:
    """The derived-command fill as an SVG <pattern>: `colour` (a command's, validated
    #rrggbb) under DERIVED_HATCH lines."""
    spacing, line = DERIVED_HATCH["spacing_px"], DERIVED_HATCH["line_px"]
    return (f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{spacing}" '
            f'height="{spacing}" patternTransform="rotate({DERIVED_HATCH["angle_deg"]})">'
            f'<rect width="{spacing}" height="{spacing}" fill="{colour}"/>'
            f'<rect width="{line}" height="{spacing}" fill="{DERIVED_HATCH["colour"]}" '
            f'fill-opacity="{DERIVED_HATCH["opacity"]}"/></pattern>')


def derived_hatch_css(colour: str) -> str:
    """The same hatch as a CSS background, for the legend's swatch."""
    spacing, line = DERIVED_HATCH["spacing_px"], DERIVED_HATCH["line_px"]
    white = f"rgba(255,255,255,{DERIVED_HATCH['opacity']})"
    return (f"repeating-linear-gradient({DERIVED_HATCH['angle_deg'] + 90}deg, "
            f"{white} 0 {line}px, {colour} {line}px {spacing}px)")


def browser_style() -> dict:
    """Everything the map's browser code needs to style territories (components/map/*.js)."""
    return {"base": TERRITORY_BASE_STYLE, "hidden": HIDDEN_COLOUR,
            "hiddenPattern": {"id": HIDDEN_PATTERN_ID,
                              "svg": hidden_hatch_svg_pattern(HIDDEN_PATTERN_ID)},
            "derivedPrefix": DERIVED_PATTERN_PREFIX,
            "derivedHatch": DERIVED_HATCH,
            "dimOpacity": DIM_OPACITY,
            "selection": SELECTION_COLOUR, "hover": HOVER_COLOUR,
            "commandWeight": COMMAND_WEIGHT, "selectedWeight": SELECTED_WEIGHT,
            "hoverWeight": HOVER_WEIGHT,
            "selectedOpacity": SELECTED_FILL_OPACITY,
            "siblingOpacity": SELECTION_SIBLING_OPACITY,
            "halo": SELECTION_HALO_COLOUR, "haloWeight": SELECTED_HALO_WEIGHT,
            "nameBox": {"background": NAME_BOX_BACKGROUND, "colour": NAME_BOX_TEXT_COLOUR,
                        "px": NAME_BOX_PX, "briefingPx": NAME_BOX_BRIEFING_PX,
                        "font": LABEL_FONT_FAMILY}}

# The page's text on Streamlit 1.67's light theme (as the browser computes it). Streamlit
# draws captions at 60 % opacity (#828180 on white: 3.9:1, under AA); the page's CSS draws
# them opaque in this grey (components/panels.py). tests/test_style.py checks them all.
CAPTION_TEXT_COLOUR = "#66655f"
PAGE_TEXT_COLOUR = "#2f2d2b"
PAGE_BACKGROUND = "#ffffff"
SIDEBAR_BACKGROUND = "#f8f8f7"
