"""Static maps for the exports (PDF pages, the slide PNG), drawn with geopandas and matplotlib
in the same colours as the live map (components/style.py)."""

from __future__ import annotations

import geopandas as gpd
import matplotlib
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from components.i18n import tr
from components.map_view import command_label, fill_colour
from components.style import (
    BORDER_COLOUR,
    CONTEXT_BORDER_COLOUR,
    DIM_OPACITY,
    HIDDEN_COLOUR,
    HQ_STAR_COLOUR,
    LAND_COLOUR,
    SEA_COLOUR,
    SELECTION_COLOUR,
    UNASSIGNED_COLOUR,
)
from geo.atlas import Atlas
from geo.measures import EQUAL_AREA_CRS

MARGIN_FRACTION = 0.04
# Data text is never mathtext: with parsing off, `$x$` is drawn as typed, with no escaping that
# `textwrap` could split from its `$` (a stray backslash). Set once, for the whole process: the
# app draws nothing else with matplotlib, and a per-call rc_context would race between viewers'
# threads. Text objects read it when created.
matplotlib.rcParams["text.parse_math"] = False


def plain(text: str) -> str:
    """Data text for matplotlib, drawn as typed (mathtext parsing is off, see above)."""
    return str(text)


def draw_map(ax, atlas: Atlas, lang: str, visible: tuple[str, ...],
             highlight: str | None = None, show_labels: bool = True,
             label_size: float = 6.5) -> None:
    """Draw the territories coloured by command on `ax` (Albers equal-area)."""
    territories = atlas.territories.to_crs(EQUAL_AREA_CRS)
    context = atlas.context.to_crs(EQUAL_AREA_CRS)
    borders = gpd.GeoSeries([atlas.context_borders], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)

    focus = territories if highlight is None else territories[territories["command"] == highlight]
    west, south, east, north = focus.total_bounds
    pad = max(east - west, north - south) * MARGIN_FRACTION
    ax.set_facecolor(LAND_COLOUR)
    context[context["kind"] == "sea"].plot(ax=ax, color=SEA_COLOUR, linewidth=0)
    borders.plot(ax=ax, color=CONTEXT_BORDER_COLOUR, linewidth=0.6)

    # Opaque fills: a static map has nothing underneath to show through.
    colours = [fill_colour(atlas, c) if (c is None or c in visible) else HIDDEN_COLOUR
               for c in territories["command"]]
    territories.plot(ax=ax, color=colours, edgecolor=BORDER_COLOUR, linewidth=0.8)

    if highlight is not None:
        others = territories[territories["command"] != highlight]
        # The live map fades the others to DIM_OPACITY; a land-coloured veil does the same here.
        others.plot(ax=ax, color=LAND_COLOUR, alpha=1 - DIM_OPACITY, linewidth=0)
        own = shapely.union_all(territories[territories["command"] == highlight].geometry.values)
        gpd.GeoSeries([own], crs=EQUAL_AREA_CRS).boundary.plot(ax=ax, color=SELECTION_COLOUR,
                                                               linewidth=1.8)

    if show_labels:
        for row in territories.itertuples():
            if row.kind != "oblast":
                continue
            point = row.geometry.representative_point()
            if not (west - pad <= point.x <= east + pad and south - pad <= point.y <= north + pad):
                continue
            ax.annotate(plain(getattr(row, f"name_{lang}")), (point.x, point.y), ha="center",
                        va="center", fontsize=label_size, color="#222222", clip_on=True)

    hq = gpd.GeoSeries.from_xy([c.hq.lon for c in atlas.commands],
                               [c.hq.lat for c in atlas.commands], crs="EPSG:4326")
    hq = hq.to_crs(EQUAL_AREA_CRS)
    for command, point in zip(atlas.commands, hq, strict=True):
        if command.id in visible:
            ax.plot(point.x, point.y, marker="*", markersize=15, color=HQ_STAR_COLOUR,
                    markeredgecolor="#ffffff", markeredgewidth=1.2, zorder=5)

    ax.set_xlim(west - pad, east + pad)
    ax.set_ylim(south - pad, north + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")  # geopandas labels projected axes "Easting [metre]"
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_color("#cccccc")


def legend_handles(atlas: Atlas, lang: str, visible: tuple[str, ...]):
    """Legend entries: the shown commands, the unassigned lease, hidden ones, the HQ star."""
    handles = []
    for command in atlas.commands:
        if command.id in visible:
            stats = atlas.command_stats.loc[command.id]
            label = (f"{command_label(atlas, command.id, lang)}\n"
                     + tr(lang, "legend_row", hq=command.hq.name.get(lang),
                          count=int(stats["oblast_count"])))
            handles.append(Patch(facecolor=command.colour, edgecolor="none", label=plain(label)))
    handles.append(Patch(facecolor=UNASSIGNED_COLOUR, edgecolor="none",
                         label=tr(lang, "legend_unassigned")))
    if len(visible) < len(atlas.commands):
        handles.append(Patch(facecolor=HIDDEN_COLOUR, edgecolor="none",
                             label=tr(lang, "legend_hidden")))
    handles.append(Line2D([], [], marker="*", linestyle="none", markersize=14,
                          color=HQ_STAR_COLOUR, label=tr(lang, "legend_hq")))
    return handles


def new_figure(width_in: float, height_in: float) -> Figure:
    """A figure outside pyplot: no global state shared between viewers' sessions.
    Its default font, DejaVu Sans (shipped with matplotlib), has every Kazakh letter."""
    return Figure(figsize=(width_in, height_in))
