"""The briefing pack (PDF): an overview page, then a page per command (or a page per step of
a deck), laid out from the records of components/content.py. Every line is wrapped by its
measured width, so no text runs past the page's margins in any language (tests/test_exports.py
reads the positions)."""

from __future__ import annotations

import io
from datetime import date
from functools import partial

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.patches import Rectangle

from components import content
from components.content import CommandCard, Statement
from components.decks.model import Deck
from components.exports import export_time
from components.exports.deck_plan import plan_deck
from components.exports.pdf_catalog import with_catalog_entries
from components.exports.static_map import (
    draw_map,
    legend_handles,
    new_figure,
    plain,
    wrap_to_width,
)
from components.i18n import tr
from components.style import LABEL_TEXT_COLOUR, SECONDARY_TEXT_COLOUR
from geo.atlas import Atlas

A4_LANDSCAPE_IN = (11.69, 8.27)
PAGE_PT = (A4_LANDSCAPE_IN[0] * 72, A4_LANDSCAPE_IN[1] * 72)
MARGIN = 0.04  # of the page width and height, all round
LINE_SPACING = 1.3
MAP_WIDTH = 0.5  # of the page's width: a command page's map
COMMAND_LABEL_PT = 8.0  # its labels (the overview's are static_map.PDF_LABEL_PT)
CREATOR = "kz-regional-commands-map (briefing pack)"  # the PDF's Creator, the app that made it


def line_height(size_pt: float) -> float:
    """A text line's height as a fraction of the page height."""
    return size_pt * LINE_SPACING / PAGE_PT[1]


# The PDF stores each glyph's advance rounded to 1/1000 em and kerning to a few decimals, so a
# line drawn there can come out a fraction of a point wider than measured: wrap a little short.
WRAP_SLACK_PT = 1.5


def width_pt(fraction: float) -> float:
    """A fraction of the page width, in points, less the wrapping slack."""
    return fraction * PAGE_PT[0] - WRAP_SLACK_PT


def footer(fig, lines: list[str], size_pt: float = 6.5) -> float:
    """Sources and the date at the foot of the page, run on as one paragraph (a line each
    would take the map's room); returns the footer's top (a fraction)."""
    text = wrap_to_width("; ".join(plain(line) for line in lines),
                         width_pt(1 - 2 * MARGIN), size_pt)
    fig.text(MARGIN, MARGIN, text, fontsize=size_pt, color=SECONDARY_TEXT_COLOUR, va="bottom",
             linespacing=LINE_SPACING)
    return MARGIN + (text.count("\n") + 1) * line_height(size_pt)


def statement_lines(fact: Statement, lang: str) -> list[str]:
    """A stated fact as a block of text: label, text, the Kazakh original, notes."""
    lines = [fact.label.upper(), fact.text]
    if fact.original:
        lines.append(f"{tr(lang, 'original_kk')}: {fact.original}")
    if fact.note:
        lines.append(fact.note)
    if fact.translator_note:
        lines.append(f"{tr(lang, 'translator_note')}: {fact.translator_note}")
    return lines


def fitted_block(fig, x: float, top: float, bottom: float, width: float, blocks: list[str],
                 size_pt: float = 8.6, smallest_pt: float = 6.0) -> None:
    """Text blocks in a column, wrapped to its width, made smaller until they fit its height."""
    while True:
        text = "\n\n".join(wrap_to_width(plain(block), width_pt(width), size_pt)
                           for block in blocks)
        if (text.count("\n") + 1) * line_height(size_pt) <= top - bottom \
                or size_pt <= smallest_pt:
            break
        size_pt -= 0.3
    fig.text(x, top, text, fontsize=size_pt, va="top", linespacing=LINE_SPACING)


def overview_page(atlas: Atlas, lang: str, day: date, visible: tuple[str, ...] = ()):
    """Page 1: the whole map, the legend and the table of the commands shown (`visible`;
    empty: every command); the others are hatched on the map as in the app."""
    fig = new_figure(*A4_LANDSCAPE_IN)
    usable = 1 - 2 * MARGIN
    fig.text(MARGIN, 0.95, wrap_to_width(plain(tr(lang, "title")), width_pt(usable), 20, bold=True),
             fontsize=20, weight="bold", va="top")
    heading = f"{content.subtitle(atlas, lang)} · {day.isoformat()}"
    fig.text(MARGIN, 0.895, wrap_to_width(plain(heading),
                                          width_pt(usable), 10),
             fontsize=10, color=SECONDARY_TEXT_COLOUR, va="top")
    bottom = footer(fig, [line.text for line in content.overview_sources(atlas, lang)])
    ids = tuple(c.id for c in atlas.commands if not visible or c.id in visible)
    table_top = bottom + 0.03 + 5 * line_height(9.5) * 1.4
    ax = fig.add_axes((MARGIN, table_top + 0.01, 0.63 - MARGIN, 0.85 - table_top - 0.01))
    draw_map(ax, atlas, lang, ids, show_labels=True)
    legend_left = 0.65
    # Less the swatch, its gap and the legend's padding (in units of the font size).
    legend_width = width_pt(1 - MARGIN - legend_left) - 8.5 * 3.5
    fig.legend(handles=legend_handles(atlas, lang, ids, wrap_pt=(legend_width, 8.5)),
               loc="upper left", bbox_to_anchor=(legend_left, 0.86), frameon=False,
               fontsize=8.5, borderaxespad=0, borderpad=0)

    columns = ((MARGIN, 0.30), (0.35, 0.14), (0.50, 0.10), (0.61, 0.17), (0.79, 0.17))
    header = (tr(lang, "command"), tr(lang, "hq"), tr(lang, "oblasts"), tr(lang, "area"),
              tr(lang, "share"))
    rows = [header] + [(card.title, card.hq, str(card.oblast_count), card.area, card.share)
                       for card in content.command_cards(atlas, lang) if card.id in ids]
    for row_index, row in enumerate(rows):
        y = table_top - row_index * line_height(9.5) * 1.4
        for (x, width), cell in zip(columns, row, strict=True):
            fig.text(x, y, wrap_to_width(plain(cell), width_pt(width), 9.5, bold=row_index == 0),
                     fontsize=9.5,
                     va="top", weight="bold" if row_index == 0 else "normal")
    return fig


def command_blocks(card: CommandCard, lang: str) -> list[str]:
    """The text of a command's page, block by block."""
    territories = [f"{tr(lang, 'territories')}:"]
    territories += [f"  {row.name}{' *' if row.derived_note else ''} — {row.area} · {row.share}"
                    for row in card.territories]
    territories.append(f"{tr(lang, 'total')}: {card.area_share}")
    blocks = ["\n".join([f"{tr(lang, 'hq')}: {card.hq}",
                         *([card.hq_note] if card.hq_note else []),
                         f"{card.formed.label}: {card.formed.text}",
                         f"{tr(lang, 'original_kk')}: {card.formed.original}"]),
              "\n".join(territories)]
    blocks += [f"* {note}" for note in card.derived_notes]
    blocks += ["\n".join(card.divisions_note)] if card.divisions_note else []
    blocks.append("\n".join(statement_lines(card.mission, lang)))
    blocks.append("\n".join(statement_lines(card.composition, lang)))
    if card.frontier is not None:
        lines = [tr(lang, "frontier").upper()]
        lines += [f"{row.neighbour}: {row.km} ({row.share})" for row in card.frontier.rows]
        lines.append(f"{tr(lang, 'frontier_total')}: {card.frontier.total}")
        lines.append(f"{tr(lang, 'hq_reach')}: {card.frontier.hq_reach}")
        blocks.append("\n".join(lines))
    return blocks


def command_page(atlas: Atlas, command_id: str, lang: str, day: date):
    """A page per command: its map beside its HQ, territories, mission, composition,
    frontier, and the sources of all of it."""
    card = content.command_card(atlas, command_id, lang)
    fig = new_figure(*A4_LANDSCAPE_IN)
    fig.text(MARGIN, 0.95, wrap_to_width(plain(card.title), width_pt(1 - 2 * MARGIN), 18,
                                         bold=True), fontsize=18, weight="bold", va="top",
             color=LABEL_TEXT_COLOUR)
    fig.add_artist(Rectangle((MARGIN, 0.885), 1 - 2 * MARGIN, 0.008,
                             transform=fig.transFigure, color=card.colour))
    bottom = footer(fig, [line.text for line in card.sources] + [day.isoformat()])
    # The map fills its frame (zoomed to the command, its surroundings around it); the text
    # takes the rest of the width.
    ax = fig.add_axes((MARGIN, bottom + 0.02, MAP_WIDTH, 0.86 - bottom - 0.02))
    draw_map(ax, atlas, lang, tuple(c.id for c in atlas.commands), highlight=command_id,
             label_size=COMMAND_LABEL_PT)
    text_left = MARGIN + MAP_WIDTH + 0.025
    fitted_block(fig, text_left, 0.87, bottom + 0.02, 1 - MARGIN - text_left,
                 command_blocks(card, lang))
    return fig


def pack_pages(atlas: Atlas, lang: str, visible: tuple[str, ...], deck: Deck | None):
    """The pack's pages, each a maker to call with the day: without a deck, the overview and
    a page per command the filter shows; with one, a page per step (a command's page for a
    step that selects a command or one of its regions, else the overview of what it shows),
    each page once: a deck that comes back to the overview hands out one overview page."""
    if deck is None:
        ids = tuple(c.id for c in atlas.commands if not visible or c.id in visible)
        return [partial(overview_page, atlas, lang, visible=visible),
                *(partial(command_page, atlas, command, lang) for command in ids)]
    pages = {}
    for step in plan_deck(deck, atlas, lang):
        key = (step.atlas.division.id, step.lang, step.command or step.visible)
        if key not in pages:
            pages[key] = partial(command_page, step.atlas, step.command, step.lang) \
                if step.command else partial(overview_page, step.atlas, step.lang,
                                             visible=step.visible)
    return list(pages.values())


def briefing_pdf(atlas: Atlas, lang: str, visible: tuple[str, ...] = (),
                 day: date | None = None, deck: Deck | None = None) -> bytes:
    """The briefing pack: an overview page, then one page per command the filter shows
    (`visible`; empty: every command), as the briefing presents them; or the pages of a
    deck's steps (`pack_pages`)."""
    day = day or date.today()
    buffer = io.BytesIO()
    title = tr(lang, "title")
    subject = f"{content.subtitle(atlas, lang)} · {day.isoformat()}"
    created = export_time()
    producer = f"Matplotlib pdf backend v{matplotlib.__version__}"
    # Type 42 embeds TrueType with a Unicode map, so the PDF's text can be searched and copied
    # (the default Type 3 draws Kazakh letters as shapes with no text behind them).
    with matplotlib.rc_context({"pdf.fonttype": 42}), \
            PdfPages(buffer, metadata={"Title": title, "Subject": subject, "Creator": CREATOR,
                                       "Producer": producer, "CreationDate": created}) as pdf:
        for page in pack_pages(atlas, lang, visible, deck):
            pdf.savefig(page(day=day))
    # The language (screen readers), the title in the viewer's window, and XMP metadata.
    return with_catalog_entries(buffer.getvalue(), lang=lang, title=title, description=subject,
                                created=created, creator=CREATOR, producer=producer)
