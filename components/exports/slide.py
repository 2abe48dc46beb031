"""The map for a slide (PNG, 1920×1080), as filtered or selected, laid out from
components/content.py: a title, the date, the map zoomed to what is shown, the legend and the
sources; and one slide per briefing step (or per step of a deck), all in one ZIP."""

from __future__ import annotations

import io
import stat
import time
import zipfile
from dataclasses import dataclass
from datetime import date

from components import content
from components.decks.model import Bounds, Deck
from components.exports import export_time
from components.exports.captions import selection_title, sources_line
from components.exports.deck_plan import plan_deck
from components.exports.static_map import (
    SLIDE_LABEL_PT,
    DrawnMap,
    draw_map,
    focus_bounds,
    legend_handles,
    new_figure,
    plain,
    wrap_to_width,
)
from components.style import SECONDARY_TEXT_COLOUR
from components.view import briefing_steps
from geo.atlas import Atlas

SLIDE_PX = (1920, 1080)
SLIDE_DPI = 100
SLIDE_PT = (SLIDE_PX[0] / SLIDE_DPI * 72, SLIDE_PX[1] / SLIDE_DPI * 72)
# The slide's layout, as fractions of its width and height.
EDGE = 0.015
MAP_BOX = (EDGE, 0.105, 0.70, 0.77)  # left, bottom, width, height
SIDE_LEFT = MAP_BOX[0] + MAP_BOX[2] + 0.02  # the legend's column
TITLE_PT, SUBTITLE_PT, LEGEND_PT, SOURCES_PT = 28, 15, 14, 10.5
MEMBER_MODE = 0o644  # the ZIP's slides: rw-r--r--


@dataclass(frozen=True)
class Slide:
    """A slide before it is rendered: its figure, the map drawn on it, and its texts."""

    figure: object
    map: DrawnMap
    title: str
    subtitle: str
    sources: str


def slide_figure(atlas: Atlas, lang: str, visible: tuple[str, ...], day: date,
                 command: str | None = None, oblast: str | None = None,
                 bounds: Bounds | None = None, show_labels: bool = True) -> Slide:
    """The slide as a matplotlib figure: zoomed to `bounds` (a deck step's own), else the
    oblast, else the command, else the shown commands (the whole country when all are
    shown)."""
    if oblast is not None and oblast not in atlas.territories.index:
        oblast = None
    if oblast is not None and command is None:
        command = atlas.territories.loc[oblast, "command"] or None
    if command is not None and not any(c.id == command for c in atlas.commands):
        command = None
    width, height = SLIDE_PX
    fig = new_figure(width / SLIDE_DPI, height / SLIDE_DPI)
    ax = fig.add_axes(MAP_BOX)
    shown = visible if command is None or command in visible else (*visible, command)
    drawn = draw_map(ax, atlas, lang, shown, highlight=command, label_size=SLIDE_LABEL_PT,
                     bounds=bounds or focus_bounds(atlas, shown, command=command, oblast=oblast),
                     selected_oblast=oblast, show_labels=show_labels)
    full_width = SLIDE_PT[0] * (1 - 2 * EDGE)
    title = wrap_to_width(plain(selection_title(atlas, lang, command, oblast)), full_width,
                          TITLE_PT)
    subtitle = wrap_to_width(plain(f"{content.subtitle(atlas, lang)} · {day.isoformat()}"),
                             full_width, SUBTITLE_PT)
    fig.text(EDGE, 0.975, title, fontsize=TITLE_PT, weight="bold", va="top")
    fig.text(EDGE, 0.915, subtitle, fontsize=SUBTITLE_PT, color=SECONDARY_TEXT_COLOUR,
             va="top")
    legend_width = SLIDE_PT[0] * (1 - EDGE - SIDE_LEFT) - 40  # less the swatch and its gap
    fig.legend(handles=legend_handles(atlas, lang, shown, wrap_pt=(legend_width, LEGEND_PT)),
               loc="upper left", bbox_to_anchor=(SIDE_LEFT, MAP_BOX[1] + MAP_BOX[3]),
               frameon=False, fontsize=LEGEND_PT, labelspacing=1.1, borderaxespad=0,
               borderpad=0)
    sources = wrap_to_width(plain(sources_line(atlas, lang, command)), full_width, SOURCES_PT)
    fig.text(EDGE, 0.012, sources, fontsize=SOURCES_PT, color=SECONDARY_TEXT_COLOUR,
             va="bottom", linespacing=1.3)
    return Slide(fig, drawn, title, subtitle, sources)


def slide_png(atlas: Atlas, lang: str, visible: tuple[str, ...], day: date | None = None,
              command: str | None = None, oblast: str | None = None,
              bounds: Bounds | None = None, show_labels: bool = True) -> bytes:
    """The map as filtered (and zoomed to the selection, if any), 1920×1080 for a slide."""
    slide = slide_figure(atlas, lang, visible, day or date.today(), command, oblast, bounds,
                         show_labels)
    buffer = io.BytesIO()
    slide.figure.savefig(buffer, format="png", dpi=SLIDE_DPI)
    return buffer.getvalue()


def step_name(index: int, focus: str | None) -> str:
    """A step's file name in the ZIP: `01_overview.png`, `02_astana.png`, `03_atyrau.png`, …
    (what the step is about: its oblast, else its command)."""
    return f"{index + 1:02d}_{focus or 'overview'}.png"


def deck_step_png(step, day: date) -> bytes:
    """A deck step's slide (a deck_plan.PlannedStep): its division, language, filter,
    selection and bounds."""
    return slide_png(step.atlas, step.lang, step.visible, day, step.command, step.oblast,
                     bounds=step.bounds, show_labels=step.show_labels)


def briefing_zip(atlas: Atlas, lang: str, visible: tuple[str, ...] = (),
                 day: date | None = None, command: str | None = None,
                 oblast: str | None = None, deck: Deck | None = None) -> bytes:
    """A slide per step of `deck`, or without one per briefing step (components/view.py's
    steps: the overview, then each command the filter shows, `visible`; empty: every
    command), in one ZIP."""
    day = day or date.today()
    shown = tuple(visible) or tuple(c.id for c in atlas.commands)
    if deck is None:
        slides = [(step_name(index, step), lambda step=step: slide_png(atlas, lang, shown, day,
                                                                       step))
                  for index, step in enumerate(briefing_steps(atlas, shown))]
    else:
        # A view the deck comes back to (the tour ends on the overview) is one slide: a ZIP
        # of the same picture twice hands out nothing more.
        steps = {}
        for step in plan_deck(deck, atlas, lang):
            steps.setdefault(step.picture, step)
        slides = [(step_name(index, step.focus), lambda step=step: deck_step_png(step, day))
                  for index, step in enumerate(steps.values())]
    when = time.localtime(export_time().timestamp())[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, render in slides:
            # writestr(name) would store the files 0600 (owner only): unzipped on a shared
            # drive, colleagues could not open them.
            member = zipfile.ZipInfo(name, when)
            member.external_attr = (stat.S_IFREG | MEMBER_MODE) << 16
            member.compress_type = zipfile.ZIP_STORED  # PNGs are compressed already
            archive.writestr(member, render())
    return buffer.getvalue()
