"""Static maps for the exports (PDF pages, the slide PNG), drawn with geopandas and matplotlib
in the live map's colours (components/style.py) and projection (Web Mercator), with labels
placed by geo/labels.py: oblast names, HQ cities beside their stars, the cities of republican
significance, Baikonur as a leased area, neighbours and the Caspian in quiet colours."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from components import content
from components.content import fill_colour
from components.i18n import tr
from components.style import (
    BORDER_COLOUR,
    CONTEXT_BORDER_COLOUR,
    CONTEXT_LABEL_COLOUR,
    DERIVED_HATCH,
    DIM_OPACITY,
    FRAME_COLOUR,
    HIDDEN_COLOUR,
    HIDDEN_HATCH_COLOUR,
    HQ_STAR_COLOUR,
    LABEL_HALO_COLOUR,
    LABEL_TEXT_COLOUR,
    LAKE_COLOUR,
    LAND_COLOUR,
    LEASE_OUTLINE_COLOUR,
    RIVER_COLOUR,
    SEA_COLOUR,
    SEA_LABEL_COLOUR,
    SECONDARY_TEXT_COLOUR,
    SELECTED_HALO_WEIGHT,
    SELECTED_WEIGHT,
    SELECTION_COLOUR,
    SELECTION_HALO_COLOUR,
    SELECTION_SIBLING_OPACITY,
)
from geo import labels
from geo.atlas import Atlas

# Data text is never mathtext: with parsing off, `$x$` is drawn as typed, with no escaping that
# `textwrap` could split from its `$` (a stray backslash). Set once, for the whole process: the
# app draws nothing else with matplotlib, and a per-call rc_context would race between viewers'
# threads. Text objects read it when created.
matplotlib.rcParams["text.parse_math"] = False
# Unhinted glyphs in the PNG, as in the PDF and in the browser: hinting widens small text by up
# to a few per cent, so measured wrapping and placed labels would no longer match what is drawn.
matplotlib.rcParams["text.hinting"] = "no_hinting"



STATIC_SELECTED_LW = 2.4  # points: the selected territory's outline (its halo in proportion)


def plain(text: str) -> str:
    """Data text for matplotlib, drawn as typed (mathtext parsing is off, see above)."""
    return str(text)


# Map label sizes in points (1 pt = 1 px of the placer's view, see `map_view`): print sizes
# for the PDF pages, projector sizes for the slide (13 pt at 100 dpi is 18 px on 1920×1080).
PDF_LABEL_PT = 7.5
SLIDE_LABEL_PT = 13.0
STAR_PT_PER_LABEL_PT = 1.9  # an HQ star's box, relative to the oblast labels' size
CITY_DOT_PT_PER_LABEL_PT = 0.55
MAP_PADDING_PT = 10.0  # between what a map is zoomed to and its frame
LEADER_PT = 0.8  # a leader line's width, from a region to its name set apart
HALO_PT = 2.2  # the white stroke around label text (within labels.MARGIN_PX)
LABEL_KINDS = ("oblast", "hq_city", "city", "country", "sea", "lease", "lake", "river")
QUIET_KINDS = ("country", "sea", "lake")  # neighbours and water: a quiet colour


def label_fonts(base_pt: float) -> dict[str, labels.LabelFont]:
    """Fonts of a static map's labels, scaled from the oblast names' size (DejaVu Sans)."""
    return {
        "oblast": labels.LabelFont(base_pt, bold=True),
        # A city's name in regular type beside its symbol, a region's in bold: "Atyrau" the
        # HQ city and "Atyrau" the region read as two things (issue 22, point 9).
        "hq_city": labels.LabelFont(base_pt),
        "city": labels.LabelFont(base_pt * 0.92),
        "country": labels.LabelFont(base_pt * 0.92),
        "sea": labels.LabelFont(base_pt * 0.92, italic=True),
        "lake": labels.LabelFont(base_pt * 0.85, italic=True),
        "lease": labels.LabelFont(base_pt * 0.85),
        "river": labels.LabelFont(base_pt * 0.75, italic=True),
    }


@dataclass(frozen=True)
class DrawnMap:
    """What `draw_map` drew: the view (its pixels are the axes' points, origin top-left), the
    placed labels, the boxes of the symbols no label may cover, and the label text artists."""

    view: labels.View
    placement: labels.Placement
    markers: tuple[labels.Box, ...]
    texts: tuple = ()
    symbols: tuple[str, ...] = ()  # the keys of `markers`, in the same order ("hq:astana")

    def label_boxes(self) -> list[labels.Box]:
        """The placed labels' boxes (with their halo margin), in the view's pixels."""
        return [label.box for label in self.placement.labels]


def axes_size_pt(ax) -> tuple[float, float]:
    """The axes' width and height in points."""
    fig_w, fig_h = ax.figure.get_size_inches()
    box = ax.get_position()
    return box.width * fig_w * 72, box.height * fig_h * 72


def map_view(ax, bounds, padding_pt: float = MAP_PADDING_PT) -> labels.View:
    """The Web Mercator view (as the live map's) that fits `bounds` (west, south, east, north)
    in the axes, with one view pixel per point, so label sizes in px are font sizes in pt.
    Not snapped to Leaflet's zoom steps: the map fills its frame."""
    width, height = axes_size_pt(ax)
    return labels.fit_bounds(bounds, width, height, padding=(padding_pt, padding_pt),
                             zoom_snap=0, min_zoom=0, max_zoom=14)


def focus_bounds(atlas: Atlas, visible: tuple[str, ...], command: str | None = None,
                 oblast: str | None = None) -> tuple[float, float, float, float]:
    """What a map zooms to: the oblast, else the command, else the shown commands' territories
    (all of the country when every command is shown or none is)."""
    territories = atlas.territories
    if oblast is not None and oblast in territories.index:
        part = territories.loc[[oblast]]
    elif command is not None and (territories["command"] == command).any():
        part = territories[territories["command"] == command]
    else:
        shown = territories[territories["command"].isin(visible)]
        every = {c.id for c in atlas.commands}
        part = territories if shown.empty or set(visible) >= every else shown
    return tuple(float(v) for v in part.total_bounds)


def _projected(geometries, view: labels.View) -> gpd.GeoSeries:
    return gpd.GeoSeries([view.project(g) for g in geometries])


def draw_map(ax, atlas: Atlas, lang: str, visible: tuple[str, ...],
             highlight: str | None = None, show_labels: bool = True,
             label_size: float = PDF_LABEL_PT, bounds=None,
             selected_oblast: str | None = None) -> DrawnMap:
    """Draw the territories coloured by command on `ax`, in the live map's Web Mercator, zoomed
    to `bounds` (default: the highlighted command, else the country) and filling the axes;
    with its labels placed by geo/labels.py so that none covers another or a symbol."""
    if bounds is None:
        bounds = focus_bounds(atlas, visible, command=highlight)
    view = map_view(ax, bounds)
    territories = atlas.territories
    context = atlas.context
    ax.set_facecolor(LAND_COLOUR)
    sea = context[context["kind"] == "sea"]
    _projected(sea.geometry, view).plot(ax=ax, color=SEA_COLOUR, linewidth=0)
    _projected([atlas.context_borders], view).plot(ax=ax, color=CONTEXT_BORDER_COLOUR,
                                                   linewidth=0.6)

    # Opaque fills: a static map has nothing underneath to show through.
    shown = [c is None or c in visible for c in territories["command"]]
    colours = [fill_colour(atlas, c) if on else HIDDEN_COLOUR
               for c, on in zip(territories["command"], shown, strict=True)]
    drawn = _projected(territories.geometry, view)
    drawn.plot(ax=ax, color=colours, edgecolor=BORDER_COLOUR, linewidth=0.8)
    hidden = [not on for on in shown]
    if any(hidden):  # "switched off" readable without colour: the live map's hatch
        drawn[hidden].plot(ax=ax, facecolor="none", edgecolor=HIDDEN_HATCH_COLOUR,
                           hatch="///", linewidth=0)
        drawn[hidden].plot(ax=ax, facecolor="none", edgecolor=BORDER_COLOUR, linewidth=0.8)
    # A region whose command is derived from the oblast it came from: white hatch, as live.
    later = [on and atlas.origin(code) is not None
             for code, on in zip(territories.index, shown, strict=True)]
    if any(later):
        drawn[later].plot(ax=ax, facecolor="none", edgecolor=DERIVED_HATCH["colour"],
                          hatch="\\\\", linewidth=0, alpha=DERIVED_HATCH["opacity"])
        drawn[later].plot(ax=ax, facecolor="none", edgecolor=BORDER_COLOUR, linewidth=0.8)
    # Water and the lease over the regions, as on the live map.
    water = atlas.water
    lakes = water[water["kind"] == "lake"]
    _projected(lakes.geometry, view).plot(ax=ax, color=LAKE_COLOUR, edgecolor=RIVER_COLOUR,
                                          linewidth=0.4)
    rivers = water[water["kind"] == "river"]
    _projected(rivers.geometry, view).plot(ax=ax, color=RIVER_COLOUR, linewidth=0.9)
    _projected([atlas.lease.geometry], view).boundary.plot(
        ax=ax, color=LEASE_OUTLINE_COLOUR, linewidth=1.0, linestyle=(0, (4, 3)))

    if highlight is not None:
        others = drawn[(territories["command"] != highlight).to_numpy()]
        # The live map fades the others to DIM_OPACITY; a land-coloured veil does the same here.
        others.plot(ax=ax, color=LAND_COLOUR, alpha=1 - DIM_OPACITY, linewidth=0)
        own = shapely.union_all(drawn[(territories["command"] == highlight).to_numpy()].values)
        gpd.GeoSeries([own]).boundary.plot(ax=ax, color=SELECTION_COLOUR, linewidth=1.8)
    if selected_oblast is not None and selected_oblast in territories.index:
        # As the live map draws a selection: the territory at full strength (a static fill is
        # opaque already), the rest of its command faded a little and the other commands as
        # dimmed (land-coloured veils), then a white halo under a dark outline.
        chosen = (territories.index == selected_oblast)
        owner = territories.loc[selected_oblast, "command"]
        same = (territories["command"] == owner).to_numpy()
        # A hidden command stays hatched and the lease dark, as live.
        faded = np.array(shown) & territories["command"].notna().to_numpy()
        veils = [(same & ~chosen & faded, 1 - SELECTION_SIBLING_OPACITY)]
        if highlight is None:  # else veiled above
            veils.append((~same & faded, 1 - DIM_OPACITY))
        for rows, alpha in veils:
            if rows.any():
                drawn[rows].plot(ax=ax, color=LAND_COLOUR, alpha=alpha, linewidth=0)
        outline = drawn[chosen]
        outline.boundary.plot(ax=ax, color=SELECTION_HALO_COLOUR,
                              linewidth=STATIC_SELECTED_LW * SELECTED_HALO_WEIGHT / SELECTED_WEIGHT)
        outline.boundary.plot(ax=ax, color=SELECTION_COLOUR, linewidth=STATIC_SELECTED_LW)

    fonts = label_fonts(label_size)
    star_pt = label_size * STAR_PT_PER_LABEL_PT
    dot_pt = label_size * CITY_DOT_PT_PER_LABEL_PT

    def whole(lon: float, lat: float, size: float) -> bool:
        """True if a symbol of this size at this point lies wholly in the frame: one cut by
        the frame's edge looks like a mistake, and its label would stand apart from it."""
        return labels.Marker("", lon, lat, size, size).box(view).inside(view.frame)

    stars = [c for c in atlas.commands if c.id in visible and whole(c.hq.lon, c.hq.lat, star_pt)]
    for command in stars:
        x, y = view.to_screen(command.hq.lon, command.hq.lat)
        # A marker's size is its height in points; the star glyph fills about 0.8 of it.
        ax.plot(x, y, marker="*", markersize=star_pt, color=HQ_STAR_COLOUR,
                markeredgecolor=LABEL_HALO_COLOUR, markeredgewidth=1.0, zorder=5)
    markers = [labels.Marker(f"hq:{c.id}", c.hq.lon, c.hq.lat, star_pt, star_pt) for c in stars]
    places = getattr(atlas, "places", ())
    hq_names = {c.hq.name.get(lang) for c in stars}
    dots = [p for p in places
            if p.name.get(lang) not in hq_names  # else the HQ's star marks it already
            and whole(p.lon, p.lat, dot_pt)]
    for place in dots:
        x, y = view.to_screen(place.lon, place.lat)
        ax.plot(x, y, marker="o", markersize=dot_pt * 0.8, color=HQ_STAR_COLOUR,
                markeredgecolor=LABEL_HALO_COLOUR, markeredgewidth=0.8, zorder=5)
        markers.append(labels.Marker(f"city:{place.code}", place.lon, place.lat, dot_pt, dot_pt))
    markers += [m for m in labels.atlas_markers(atlas, (), view=view)
                if m.key.startswith("lease:")]

    placement = labels.Placement((), ())
    texts = []
    if show_labels:
        candidates = []
        for cand in labels.atlas_candidates(atlas, lang, view, kinds=LABEL_KINDS,
                                            visible_commands=[c.id for c in stars]):
            if len(cand.text) > labels.MAX_LABEL_CHARS:  # no map label: the legend and text say it
                continue
            if cand.kind == "hq_city":
                cand = replace(cand, marker_px=star_pt)
            elif cand.kind == "city":
                if cand.key not in {f"city:{p.code}" for p in dots}:
                    continue
                cand = replace(cand, marker_px=dot_pt)
            candidates.append(cand)
        placement = labels.place_labels(candidates, view, fonts, markers=markers)
        in_focus = _in_focus(atlas, visible, highlight)
        for label in placement.labels:
            texts += _draw_label(ax, label, _label_colour(label, in_focus))

    ax.set_xlim(0, view.width)
    ax.set_ylim(view.height, 0)  # screen pixels: y downwards
    ax.set_aspect("auto")  # the view is the axes' own size: nothing to stretch
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_color(FRAME_COLOUR)
    return DrawnMap(view, placement, tuple(m.box(view) for m in markers), tuple(texts),
                    tuple(m.key for m in markers))


def _in_focus(atlas: Atlas, visible: tuple[str, ...], highlight: str | None) -> set[str]:
    """Territory codes drawn in full colour (not hidden by the filter, not dimmed)."""
    territories = atlas.territories
    keep = territories["command"].isin([highlight] if highlight else visible)
    return set(territories.index[keep.to_numpy()])


def _label_colour(label: labels.PlacedLabel, in_focus: set[str]) -> str:
    if label.kind in ("sea", "lake", "river"):
        return SEA_LABEL_COLOUR
    if label.kind == "country":
        return CONTEXT_LABEL_COLOUR
    if label.kind == "oblast" and label.key.split(":", 1)[1] not in in_focus:
        return SECONDARY_TEXT_COLOUR
    return LABEL_TEXT_COLOUR


def _draw_label(ax, label: labels.PlacedLabel, colour: str) -> list:
    """A placed label drawn line by line at the placer's line pitch (matplotlib's own
    `linespacing` counts from a different height), aligned as the placer set it."""
    font = label.font
    pitch = font.size_px * labels.LINE_HEIGHT
    x = label.text_point[0]
    halo = [patheffects.withStroke(linewidth=HALO_PT, foreground=LABEL_HALO_COLOUR)]
    artists = []
    if label.leader is not None:
        # A name set apart from its region: a thin line (on a white casing) from a point
        # inside the region to the name's edge, as the live map draws it (no dot: on this
        # map a dot is a city). Only the text lines are returned (the callers measure them).
        xs, ys = (label.anchor_x, label.leader[0]), (label.anchor_y, label.leader[1])
        ax.plot(xs, ys, color=LABEL_HALO_COLOUR, linewidth=LEADER_PT * 2.6,
                solid_capstyle="round", zorder=5.5)
        ax.plot(xs, ys, color=colour, linewidth=LEADER_PT, zorder=5.6)
    for index, line in enumerate(label.lines):
        y = label.text_box.top + (index + 0.5) * pitch
        artists.append(ax.text(
            x, y, plain(line), ha=label.align, va="center_baseline", fontsize=font.size_px,
            fontfamily="DejaVu Sans", fontweight="bold" if font.bold else "normal",
            fontstyle="italic" if font.italic else "normal", color=colour, zorder=6,
            clip_on=True, path_effects=halo))
    return artists


def legend_handles(atlas: Atlas, lang: str, visible: tuple[str, ...],
                   wrap_pt: tuple[float, float] | None = None):
    """Legend entries (components/content.py's legend) as matplotlib handles, and the star;
    with `wrap_pt` (width, font size) each label is wrapped to that width."""
    def fitted(text: str) -> str:
        return wrap_to_width(plain(text), *wrap_pt) if wrap_pt else plain(text)

    handles = []
    for entry in content.legend(atlas, lang, visible):
        if entry.hidden:
            continue  # a hidden command is drawn in the "hidden by the filter" colour
        label = f"{fitted(entry.label)}\n{fitted(entry.detail)}" if entry.detail \
            else fitted(entry.label)
        if entry.swatch == "lease":
            handles.append(Patch(facecolor="none", edgecolor=LEASE_OUTLINE_COLOUR,
                                 linestyle=(0, (4, 3)), label=label))
            continue
        if entry.swatch == "water":
            handles.append(Patch(facecolor=LAKE_COLOUR, edgecolor=RIVER_COLOUR, label=label))
            continue
        # Drawn hatched on the map, so here too.
        hatch = {"hidden": "///", "derived": "\\\\"}.get(entry.swatch)
        edge = {"hidden": HIDDEN_HATCH_COLOUR, "derived": DERIVED_HATCH["colour"]}
        handles.append(Patch(facecolor=entry.colour, label=label, linewidth=0,
                             edgecolor=edge.get(entry.swatch, "none"), hatch=hatch))
    handles.append(Line2D([], [], marker="*", linestyle="none", markersize=14,
                          color=HQ_STAR_COLOUR, label=fitted(tr(lang, "legend_hq"))))
    return handles


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """How wide `text` is in points, set in the figures' font (DejaVu Sans) at `size_pt`: the
    glyphs' advances and kerning (geo/labels.py's measure), which is what matplotlib lays out;
    an outline's ink extent is narrower by the side bearings of every word."""
    return labels.text_width(text, labels.LabelFont(size_pt, bold=bold))


def wrap_to_width(text: str, width_pt: float, size_pt: float, bold: bool = False) -> str:
    """`text` broken into lines no wider than `width_pt`, measured in the font itself: Kazakh
    and Russian words are wider than English ones, so a count of characters is not enough.
    A line's width is the sum of its words' widths and the spaces between them (DejaVu Sans
    kerns no pair with a space), so each word is measured once. A word wider than the line
    on its own is broken at the last character that fits."""
    space = text_width_pt(" ", size_pt, bold)
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            for piece in _pieces(word, width_pt, size_pt, bold):
                width = text_width_pt(piece, size_pt, bold)
                if line and used + space + width > width_pt:
                    lines.append(line)
                    line, used = piece, width
                else:
                    line, used = (f"{line} {piece}", used + space + width) if line \
                        else (piece, width)
        lines.append(line)
    return "\n".join(lines)


def _pieces(word: str, width_pt: float, size_pt: float, bold: bool) -> list[str]:
    """A word, or (if it is wider than a line, as a long address) its parts that fit."""
    if text_width_pt(word, size_pt, bold) <= width_pt:
        return [word]
    pieces, start = [], 0
    for end in range(1, len(word) + 1):
        if text_width_pt(word[start:end], size_pt, bold) > width_pt and end - 1 > start:
            pieces.append(word[start:end - 1])
            start = end - 1
    pieces.append(word[start:])
    return pieces


def wrap(text: str, width: int = 92) -> str:
    """Text broken after about `width` characters (for short, known texts)."""
    return "\n".join(textwrap.wrap(plain(text), width)) if text else ""


def new_figure(width_in: float, height_in: float) -> Figure:
    """A figure outside pyplot: no global state shared between viewers' sessions.
    Its default font, DejaVu Sans (shipped with matplotlib), has every Kazakh letter."""
    return Figure(figsize=(width_in, height_in))
