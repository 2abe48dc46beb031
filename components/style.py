"""One definition of the map's look, shared by the live map and the exports."""

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
FILL_OPACITY = 0.78
DIM_OPACITY = 0.22  # the other commands, faded, in a briefing step
