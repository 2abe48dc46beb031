"""The dark theme ("a dark room", `theme=dark`): the live map's and the page's colours for a dim
briefing room. The light theme is components/style.py and stays the only one of every
export (they are printed).

The command colours are the same Okabe–Ito hexes as in the light theme (the commands stay
recognisably themselves); drawn over the dark land at DARK_FILL_OPACITY they read darker.
The neutrals (land, sea, hidden, unassigned) are chosen so that, as drawn, every pair a
viewer must tell apart stays apart under normal, protan, deutan and tritan vision, and every
text meets WCAG AA on what it is drawn on: tests/test_theme.py measures them with
tests/test_style.py's helpers.

The map is restyled in place: the view's overlay (view_update.js) puts `kz-dark` on the map's
container, DARK_MAP_CSS (in the map's header, static) recolours what has a class, and the
territory styler takes DARK_TERRITORY_STYLE's colours over the light ones.
"""

from __future__ import annotations

from components import style as S

THEMES = ("light", "dark")
DEFAULT_THEME = "light"

# --- The map ------------------------------------------------------------------------------
DARK_LAND_COLOUR = "#222426"  # the map's background: Kazakhstan's neighbours and the steppe
DARK_SEA_COLOUR = "#0c2236"  # the Caspian and the lakes: a deep navy, told from the land
DARK_CONTEXT_BORDER_COLOUR = "#5c6066"
DARK_BORDER_COLOUR = "#111315"  # between territories
# A fuller fill than the light theme's 0.78: over a dark land the tints would otherwise sink
# into it (shygys and the hatched grey came within 7.4 of each other at 0.78).
DARK_FILL_OPACITY = 0.85
# The Baikonur lease: light where the light theme's is dark, so it is still no command's.
DARK_UNASSIGNED_COLOUR = "#e8e8e8"
# A command the filter hides: a light grey under darker lines. Mid greys (#666) came within 5
# of «Шығыс» and «Оңтүстік» as a selection fades them (SELECTION_SIBLING_OPACITY).
DARK_HIDDEN_COLOUR = "#a0a0a0"
DARK_HIDDEN_HATCH_COLOUR = "#808080"
DARK_HIDDEN_PATTERN_ID = "kz-hidden-hatch-dark"
DARK_SELECTION_COLOUR = "#ffffff"
DARK_SELECTION_HALO_COLOUR = "#000000"
DARK_HOVER_COLOUR = "#e6e6e6"
DARK_RIVER_COLOUR = "#4f86b5"
DARK_LEASE_OUTLINE_COLOUR = "#f2f2f2"
DARK_FRONTIER_CASING_COLOUR = "#111315"

# Names: light text ringed with a near-black halo; the neighbours' and the sea's in quiet
# greys on their own backgrounds.
DARK_LABEL_TEXT_COLOUR = "#f4f4f2"
DARK_LABEL_HALO_COLOUR = "#0e1012"
DARK_CONTEXT_LABEL_COLOUR = "#a9aaa5"
DARK_SEA_LABEL_COLOUR = "#9fa9b3"
DARK_CITY_DOT_COLOUR = "#f4f4f2"  # ringed with the dark halo

# The map's own controls (zoom, ⌂, fit, full screen), its tooltip, attribution and scale.
DARK_CONTROL_BACKGROUND = "#2a2e33"
DARK_CONTROL_HOVER = "#3b4046"
DARK_CONTROL_TEXT = "#f2f2f2"
DARK_LINK_COLOUR = "#8cc4f5"

# --- The page (Streamlit's own chrome, restyled by PAGE_CSS) ----------------------------------
DARK_PAGE_BACKGROUND = "#121416"
DARK_SIDEBAR_BACKGROUND = "#1b1e22"
DARK_PAGE_TEXT_COLOUR = "#e8e6e1"
DARK_CAPTION_TEXT_COLOUR = "#b5b2ab"
DARK_WIDGET_BACKGROUND = "#23272c"
DARK_WIDGET_BORDER = "#5c626a"
DARK_PRIMARY_COLOUR = "#1f4e79"  # the light theme's (white text on it), lit up on hover
DARK_PRIMARY_HOVER = "#2b6aa3"
DARK_NOTICE_BACKGROUND = "#3a3116"  # st.warning
DARK_NOTICE_TEXT = "#ffe6a6"


def dark_drawn_fill(colour: str) -> str:
    """A territory's fill as the dark map shows it."""
    return S.blend(colour, DARK_LAND_COLOUR, DARK_FILL_OPACITY)


def dark_dimmed_fill(colour: str) -> str:
    """A dimmed command's fill on the dark map (the light theme's DIM_OPACITY)."""
    return S.blend(colour, DARK_LAND_COLOUR, S.DIM_OPACITY)


def dark_hidden_hatch_svg_pattern() -> str:
    """The light theme's hidden-by-filter hatch (style.HIDDEN_HATCH) in the dark greys."""
    spacing, line = S.HIDDEN_HATCH["spacing_px"], S.HIDDEN_HATCH["line_px"]
    return (f'<pattern id="{DARK_HIDDEN_PATTERN_ID}" patternUnits="userSpaceOnUse" '
            f'width="{spacing}" height="{spacing}" '
            f'patternTransform="rotate({S.HIDDEN_HATCH["angle_deg"]})">'
            f'<rect width="{spacing}" height="{spacing}" fill="{DARK_HIDDEN_COLOUR}"/>'
            f'<rect width="{line}" height="{spacing}" fill="{DARK_HIDDEN_HATCH_COLOUR}"/>'
            '</pattern>')


def dark_hidden_hatch_css() -> str:
    """The same hatch as a CSS background, for the legend's swatch."""
    spacing, line = S.HIDDEN_HATCH["spacing_px"], S.HIDDEN_HATCH["line_px"]
    return (f"repeating-linear-gradient({S.HIDDEN_HATCH['angle_deg'] + 90}deg, "
            f"{DARK_HIDDEN_HATCH_COLOUR} 0 {line}px, {DARK_HIDDEN_COLOUR} {line}px {spacing}px)")


def dark_territory_style() -> dict:
    """What the territory styler (territory_styler.js) takes over the light style when the
    map is dark: static colours, no data."""
    return {"base": {**S.TERRITORY_BASE_STYLE, "color": DARK_BORDER_COLOUR,
                     "fillOpacity": DARK_FILL_OPACITY},
            "hidden": DARK_HIDDEN_COLOUR,
            "hiddenPattern": {"id": DARK_HIDDEN_PATTERN_ID,
                              "svg": dark_hidden_hatch_svg_pattern()},
            "unassigned": DARK_UNASSIGNED_COLOUR,
            "selection": DARK_SELECTION_COLOUR, "hover": DARK_HOVER_COLOUR,
            "halo": DARK_SELECTION_HALO_COLOUR}


def _halo(colour: str) -> str:
    return ", ".join(f"{x}px {y}px 2px {colour}" for x, y in
                     ((0, 0), (1, 1), (-1, -1), (1, -1), (-1, 1)))


# Static CSS in the map's frame, active only under `.kz-dark` (the map's container, set by
# view_update.js). SVG presentation attributes (Leaflet's fill=, stroke=) yield to CSS, so
# the layers drawn with a class (builder.py) change colour without being redrawn.
D = ".kz-dark"
DARK_MAP_CSS = (
    f"{D}.leaflet-container{{background:{DARK_LAND_COLOUR}}}"
    f"{D} path.kz-sea,{D} path.kz-lake{{fill:{DARK_SEA_COLOUR}}}"
    f"{D} path.kz-lake{{stroke:{DARK_RIVER_COLOUR}}}"
    f"{D} path.kz-river{{stroke:{DARK_RIVER_COLOUR}}}"
    f"{D} path.kz-context-border{{stroke:{DARK_CONTEXT_BORDER_COLOUR}}}"
    f"{D} path.kz-lease{{stroke:{DARK_LEASE_OUTLINE_COLOUR}}}"
    f"{D} path.kz-frontier-casing{{stroke:{DARK_FRONTIER_CASING_COLOUR}}}"
    f"{D} path.kz-city-dot{{fill:{DARK_CITY_DOT_COLOUR};stroke:{DARK_LABEL_HALO_COLOUR}}}"
    f"{D} .kz-label{{color:{DARK_LABEL_TEXT_COLOUR};"
    f"text-shadow:{_halo(DARK_LABEL_HALO_COLOUR)}}}"
    # A name's leader line: light on its dark casing, as the name on its halo.
    f"{D} .kz-leader-casing{{stroke:{DARK_LABEL_HALO_COLOUR}}}"
    f"{D} .kz-leader-line{{stroke:{DARK_LABEL_TEXT_COLOUR}}}"
    f"{D} .kz-label-country{{color:{DARK_CONTEXT_LABEL_COLOUR};"
    f"text-shadow:{_halo(DARK_LAND_COLOUR)}}}"
    f"{D} .kz-label-sea,{D} .kz-label-lake{{color:{DARK_SEA_LABEL_COLOUR};"
    f"text-shadow:{_halo(DARK_SEA_COLOUR)}}}"
    f"{D} .leaflet-bar a,{D} .leaflet-bar a:hover,{D} .leaflet-bar a:focus{{"
    f"color:{DARK_CONTROL_TEXT};border-bottom-color:{DARK_WIDGET_BORDER}}}"
    f"{D} .leaflet-bar a{{background-color:{DARK_CONTROL_BACKGROUND}}}"
    f"{D} .leaflet-bar a:hover,{D} .leaflet-bar a:focus{{"
    f"background-color:{DARK_CONTROL_HOVER}}}"
    f"{D} .leaflet-bar{{border-color:{DARK_WIDGET_BORDER}}}"
    f"{D} .leaflet-control-attribution,{D} .leaflet-control-scale-line{{"
    f"background:{DARK_CONTROL_BACKGROUND} !important;color:{DARK_CONTROL_TEXT}}}"
    f"{D} .leaflet-control-scale-line{{border-color:{DARK_CONTROL_TEXT}}}"
    f"{D} .leaflet-control-attribution a{{color:{DARK_LINK_COLOUR}}}"
    f"{D} .leaflet-tooltip{{background:{DARK_CONTROL_BACKGROUND};color:{DARK_CONTROL_TEXT};"
    f"border-color:{DARK_WIDGET_BORDER}}}"
    f"{D} .leaflet-tooltip-top:before{{border-top-color:{DARK_CONTROL_BACKGROUND}}}"
    f"{D} .leaflet-tooltip-bottom:before{{border-bottom-color:{DARK_CONTROL_BACKGROUND}}}"
    f"{D} .leaflet-tooltip-left:before{{border-left-color:{DARK_CONTROL_BACKGROUND}}}"
    f"{D} .leaflet-tooltip-right:before{{border-right-color:{DARK_CONTROL_BACKGROUND}}}"
    f"{D} .kz-step-caption{{background:{DARK_CONTROL_BACKGROUND};color:{DARK_CONTROL_TEXT}}}"
)

# Streamlit's theme is one per server; a dark session gets this block instead (static, no
# data). It covers the page, the sidebar, text, captions, buttons, inputs, radios,
# checkboxes, toggles, expanders, tables, notices and the briefing panel.
APP = '[data-testid="stApp"]'
SIDEBAR = '[data-testid="stSidebar"]'
PAGE_CSS = (
    # On screen only: a printout of the page stays light (the print layout is panels.py's).
    "<style>@media screen{"
    f"html,body,{APP}{{background:{DARK_PAGE_BACKGROUND}}}"
    f"{APP}{{color-scheme:dark;color:{DARK_PAGE_TEXT_COLOUR}}}"
    f"{SIDEBAR},{SIDEBAR}>div{{background:{DARK_SIDEBAR_BACKGROUND}}}"
    f"{APP} p,{APP} li,{APP} label,{APP} h1,{APP} h2,{APP} h3,{APP} h4,{APP} td,{APP} th,"
    f"{APP} span,{APP} summary,{APP} [data-testid=\"stMarkdownContainer\"]"
    f"{{color:{DARK_PAGE_TEXT_COLOUR}}}"
    f"{APP} [data-testid=\"stCaptionContainer\"],{APP} [data-testid=\"stCaptionContainer\"] p"
    f"{{color:{DARK_CAPTION_TEXT_COLOUR} !important;opacity:1}}"
    f"{APP} a{{color:{DARK_LINK_COLOUR}}}"
    f"{APP} table,{APP} td,{APP} th{{border-color:{DARK_WIDGET_BORDER} !important}}"
    f"{APP} hr{{border-color:{DARK_WIDGET_BORDER}}}"
    # Buttons: secondary on the widget grey, primary in the light theme's blue.
    f"{APP} button[kind^=\"secondary\"],{APP} [data-testid=\"stDownloadButton\"] button,"
    f"{APP} [data-testid=\"stBaseButton-secondary\"]"
    f"{{background:{DARK_WIDGET_BACKGROUND};color:{DARK_PAGE_TEXT_COLOUR};"
    f"border-color:{DARK_WIDGET_BORDER}}}"
    f"{APP} button[kind^=\"secondary\"]:hover,{APP} [data-testid=\"stBaseButton-secondary\"]"
    f":hover{{border-color:{DARK_LINK_COLOUR};color:#ffffff}}"
    f"{APP} button[kind^=\"primary\"],{APP} [data-testid=\"stBaseButton-primary\"]"
    f"{{background:{DARK_PRIMARY_COLOUR};border-color:{DARK_LINK_COLOUR};color:#ffffff}}"
    f"{APP} button[kind^=\"primary\"]:hover,{APP} [data-testid=\"stBaseButton-primary\"]:hover"
    f"{{background:{DARK_PRIMARY_HOVER}}}"
    f"{APP} button p{{color:inherit}}"
    # Link buttons (the deck's links, the presenter's projector link): as secondary buttons
    # (they stayed white, with the dark page's light text on them).
    f"{APP} [data-testid=\"stBaseLinkButton-secondary\"]"
    f"{{background:{DARK_WIDGET_BACKGROUND};color:{DARK_PAGE_TEXT_COLOUR};"
    f"border-color:{DARK_WIDGET_BORDER}}}"
    f"{APP} [data-testid=\"stBaseLinkButton-secondary\"]:hover"
    f"{{border-color:{DARK_LINK_COLOUR};color:#ffffff}}"
    f"{APP} [data-testid^=\"stBaseLinkButton\"] p{{color:inherit}}"
    f"{APP} button:focus-visible{{outline:2px solid {DARK_LINK_COLOUR};outline-offset:2px}}"
    # Text inputs (the boxes under their labels) and their placeholders; the radios' rings.
    f"{APP} [data-testid=\"stTextInputRootElement\"],{APP} input"
    f"{{background-color:{DARK_WIDGET_BACKGROUND} !important;color:{DARK_PAGE_TEXT_COLOUR};"
    f"border-color:{DARK_WIDGET_BORDER}}}"
    f"{APP} input::placeholder{{color:{DARK_CAPTION_TEXT_COLOUR};opacity:1}}"
    f"{APP} [data-testid=\"stRadioOption\"]:not(:has(input:checked))>div>div:first-child"
    f"{{background-color:{DARK_WIDGET_BACKGROUND};"
    f"box-shadow:inset 0 0 0 1px {DARK_CAPTION_TEXT_COLOUR}}}"
    # Unchecked checkboxes and switched-off toggles (Streamlit draws a white box and a
    # near-black track): a dark box and track, ringed as the radios are, seen on the dark.
    f"{APP} [data-testid=\"stCheckbox\"]:not([data-selected]) label>div:not([data-testid])"
    f"{{background-color:{DARK_WIDGET_BACKGROUND};"
    f"box-shadow:inset 0 0 0 1px {DARK_CAPTION_TEXT_COLOUR}}}"
    # Expanders and the briefing panel.
    f"{APP} [data-testid=\"stExpander\"] details{{border-color:{DARK_WIDGET_BORDER};"
    f"background:{DARK_SIDEBAR_BACKGROUND}}}"
    f"{APP} [data-testid=\"stExpander\"] summary:hover{{background:{DARK_WIDGET_BACKGROUND}}}"
    f"{APP} [data-testid=\"stExpander\"] summary svg{{fill:{DARK_PAGE_TEXT_COLOUR}}}"
    f"{APP} [data-testid=\"stAlertContainer\"]{{background:{DARK_NOTICE_BACKGROUND}}}"
    f"{APP} [data-testid=\"stAlertContainer\"] p{{color:{DARK_NOTICE_TEXT}}}"
    f"{APP} [data-testid=\"stSidebarCollapseButton\"] svg,"
    f"{APP} [data-testid=\"stExpandSidebarButton\"] svg,"
    f"{APP} [data-testid=\"stSidebarCollapsedControl\"] svg{{color:{DARK_PAGE_TEXT_COLOUR}}}"
    f"{APP} code{{background:{DARK_WIDGET_BACKGROUND};color:{DARK_PAGE_TEXT_COLOUR}}}"
    "}</style>"
)
