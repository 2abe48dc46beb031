"""One definition of the map's look, shared by the live map (Python and its browser code) and
the exports."""

from __future__ import annotations

LAND_COLOUR = "#f3f1ec"
SEA_COLOUR = "#dbe8f2"
CONTEXT_BORDER_COLOUR = "#b9b3a5"
BORDER_COLOUR = "#ffffff"  # between territories
UNASSIGNED_COLOUR = "#9e9e9e"  # the Baikonur lease
HIDDEN_COLOUR = "#d9d9d9"  # a command the filter hides
SELECTION_COLOUR = "#111111"
HOVER_COLOUR = "#333333"
HQ_STAR_COLOUR = "#1a1a1a"
TEXT_COLOUR = "#222222"
FILL_OPACITY = 0.78
DIM_OPACITY = 0.22  # the other commands, faded, in a briefing step

# Line weights in CSS pixels.
BORDER_WEIGHT = 1.2  # between territories
COMMAND_WEIGHT = 2.5  # around the selected command's territories
SELECTED_WEIGHT = 5.0  # around the selected territory
HOVER_WEIGHT = 3.0
CONTEXT_BORDER_WEIGHT = 0.9  # neighbours' borders
FRONTIER_WEIGHT = 6.0  # the frontier layer: each stretch in the colour of its command

# A territory as first drawn (Leaflet path options); the browser styler starts from it too.
TERRITORY_BASE_STYLE = {"color": BORDER_COLOUR, "weight": BORDER_WEIGHT, "opacity": 1,
                        "fillOpacity": FILL_OPACITY}


def browser_style() -> dict:
    """Everything the map's browser code needs to style territories (components/map/*.js)."""
    return {"base": TERRITORY_BASE_STYLE, "hidden": HIDDEN_COLOUR, "dimOpacity": DIM_OPACITY,
            "selection": SELECTION_COLOUR, "hover": HOVER_COLOUR,
            "commandWeight": COMMAND_WEIGHT, "selectedWeight": SELECTED_WEIGHT,
            "hoverWeight": HOVER_WEIGHT}
