"""Static maps for the exports (PDF pages, the slide PNG), drawn with geopandas and matplotlib
in the same colours as the live map (components/style.py)."""

from __future__ import annotations

import textwrap
from functools import lru_cache

import geopandas as gpd
import matplotlib
import shapely
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.textpath import TextPath

from components import content
from components.content import fill_colour
from components.i18n import tr
from components.style import (
    BORDER_COLOUR,
    CONTEXT_BORDER_COLOUR,
    DIM_OPACITY,
    FRAME_COLOUR,
    HIDDEN_COLOUR,
    HQ_STAR_COLOUR,
    LABEL_HALO_COLOUR,
    LABEL_TEXT_COLOUR,
    LAND_COLOUR,
    SEA_COLOUR,
    SELECTION_COLOUR,
)
from geo.atlas import Atlas
from geo.measures import EQUAL_AREA_CRS

MARGIN_FRACTION = 0.04
# Data text is never mathtext: with parsing off, `$x$` is drawn as typed, with no escaping that
# `textwrap` could split from its `$` (a stray backslash). Set once, for the whole process: the
# app draws nothing else with matplotlib, and a per-call rc_context would race between viewers'
# threads. Text objects read it when created.
matplotlib.rcParams["text.parse_math"] = False


FONT = FontProperties(family="DejaVu Sans")


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
                        va="center", fontsize=label_size, color=LABEL_TEXT_COLOUR, clip_on=True)

    hq = gpd.GeoSeries.from_xy([c.hq.lon for c in atlas.commands],
                               [c.hq.lat for c in atlas.commands], crs="EPSG:4326")
    hq = hq.to_crs(EQUAL_AREA_CRS)
    for command, point in zip(atlas.commands, hq, strict=True):
        if command.id in visible:
            ax.plot(point.x, point.y, marker="*", markersize=15, color=HQ_STAR_COLOUR,
                    markeredgecolor=LABEL_HALO_COLOUR, markeredgewidth=1.2, zorder=5)

    ax.set_xlim(west - pad, east + pad)
    ax.set_ylim(south - pad, north + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")  # geopandas labels projected axes "Easting [metre]"
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_color(FRAME_COLOUR)


def legend_handles(atlas: Atlas, lang: str, visible: tuple[str, ...]):
    """Legend entries (components/content.py's legend) as matplotlib handles, and the star."""
    handles = []
    for entry in content.legend(atlas, lang, visible):
        if entry.hidden:
            continue  # a hidden command is drawn in the "hidden by the filter" colour
        label = f"{entry.label}\n{entry.detail}" if entry.detail else entry.label
        handles.append(Patch(facecolor=entry.colour, edgecolor="none", label=plain(label)))
    handles.append(Line2D([], [], marker="*", linestyle="none", markersize=14,
                          color=HQ_STAR_COLOUR, label=tr(lang, "legend_hq")))
    return handles


@lru_cache(maxsize=20_000)
def text_width_pt(text: str, size_pt: float) -> float:
    """How wide `text` is in points, set in the figures' font (DejaVu Sans) at `size_pt`."""
    return TextPath((0, 0), text, size=size_pt, prop=FONT).get_extents().width


def wrap_to_width(text: str, width_pt: float, size_pt: float) -> str:
    """`text` broken into lines no wider than `width_pt`, measured in the font itself: Kazakh
    and Russian words are wider than English ones, so a count of characters is not enough.
    A line's width is the sum of its words' widths and the spaces between them (kerning across
    a space is nil), so each word is measured once."""
    space = text_width_pt("a a", size_pt) - 2 * text_width_pt("a", size_pt)
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            width = text_width_pt(word, size_pt)
            if line and used + space + width > width_pt:
                lines.append(line)
                line, used = word, width
            else:
                line, used = (f"{line} {word}", used + space + width) if line else (word, width)
        lines.append(line)
    return "\n".join(lines)


def wrap(text: str, width: int = 92) -> str:
    """Text broken after about `width` characters (for short, known texts)."""
    return "\n".join(textwrap.wrap(plain(text), width)) if text else ""


def new_figure(width_in: float, height_in: float) -> Figure:
    """A figure outside pyplot: no global state shared between viewers' sessions.
    Its default font, DejaVu Sans (shipped with matplotlib), has every Kazakh letter."""
    return Figure(figsize=(width_in, height_in))
