"""The map for a slide (PNG, 1920×1080), as filtered, laid out from components/content.py."""

from __future__ import annotations

import io
from datetime import date

from components.exports.static_map import draw_map, legend_handles, new_figure, plain
from components.i18n import tr
from components.style import SECONDARY_TEXT_COLOUR
from geo.atlas import Atlas

SLIDE_PX = (1920, 1080)
SLIDE_DPI = 100


def slide_png(atlas: Atlas, lang: str, visible: tuple[str, ...],
              day: date | None = None) -> bytes:
    """The map as filtered, 1920×1080 for a slide."""
    day = day or date.today()
    width, height = SLIDE_PX
    fig = new_figure(width / SLIDE_DPI, height / SLIDE_DPI)
    ax = fig.add_axes((0.01, 0.02, 0.72, 0.86))
    draw_map(ax, atlas, lang, visible, show_labels=True, label_size=10)
    fig.text(0.015, 0.965, plain(tr(lang, "title")), fontsize=26, weight="bold", va="top")
    fig.text(0.015, 0.915, plain(f"{tr(lang, 'subtitle')} · {day.isoformat()}"), fontsize=13,
             color=SECONDARY_TEXT_COLOUR, va="top")
    fig.legend(handles=legend_handles(atlas, lang, visible), loc="upper left",
               bbox_to_anchor=(0.745, 0.86), frameon=False, fontsize=13, labelspacing=1.1)
    fig.text(0.745, 0.03, plain(tr(lang, "credits_text")), fontsize=9, color=SECONDARY_TEXT_COLOUR,
             wrap=True)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=SLIDE_DPI)
    return buffer.getvalue()
