"""Side panels: overview, command, territory, Armed Forces facts, sources, the error page.

Every string from data passes through md_escape before it reaches markdown; the only HTML
(colour bars) carries a colour validated as #rrggbb at load and nothing else.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from components.content import (
    CommandCard,
    FrontierOverview,
    OverviewFact,
    SourceLine,
    Statement,
    TerritoryRow,
)
from components.i18n import tr
from components.style import CAPTION_TEXT_COLOUR
from components.text import md_escape
from geo.errors import DataError


def colour_bar(colour: str) -> None:
    """A thin bar in a command's colour (colour validated as #rrggbb by geo/schema.py)."""
    st.html(f'<div style="height:8px;border-radius:4px;background:{colour}"></div>')


def table(columns: dict[str, list]) -> str:
    """A markdown table of plain texts (escaped here), its first column left-aligned and the
    figures right-aligned: a real <table> for screen readers, and a few hundred bytes where a
    dataframe element costs kilobytes on every click."""
    names = list(columns)
    rows = zip(*(columns[name] for name in names), strict=True)
    lines = ["| " + " | ".join(md_escape(name) for name in names) + " |",
             "| :-- |" + " --: |" * (len(names) - 1)]
    lines += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def bold(label: str) -> str:
    """A label in bold, escaped."""
    return f"**{md_escape(label)}**"


def small(text: str) -> str:
    """A line of small print (notes, sources), escaped; dark, unlike a caption's grey."""
    return f":small[{md_escape(text)}]"


def paragraphs(*blocks: str) -> str:
    """Markdown blocks as separate paragraphs of one element (one message, not many)."""
    return "\n\n".join(block for block in blocks if block)


def statement_markdown(fact: Statement, lang: str, show_label: bool = True) -> str:
    """A stated fact: its text, the Kazakh original beside a translation, notes; or "not
    stated in the source"."""
    notes = []
    if fact.original:
        notes.append(small(f"{tr(lang, 'original_kk')}: {fact.original}"))
    if fact.note:
        notes.append(small(fact.note))
    if fact.translator_note:
        notes.append(small(f"{tr(lang, 'translator_note')}: {fact.translator_note}"))
    return paragraphs(bold(fact.label) if show_label else "",
                      md_escape(fact.text) if fact.stated else f"*{md_escape(fact.text)}*",
                      "  \n".join(notes))


MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# The map's frame takes the window's height less what stands above it, within bounds: a
# landscape frame on a laptop, the whole screen under the step controls in a briefing.
EXPLORE_MAP_HEIGHT = "clamp(360px, calc(100vh - 230px), 760px)"
BRIEFING_MAP_HEIGHT = "max(360px, calc(100vh - 194px))"
MAP_BOX = ".st-key-map_box"  # the map's keyed container (app.py), there before the frame
# Streamlit puts a fixed-height container's height on the wrapper around it.
MAP_BOXES = f'{MAP_BOX},[data-testid="stLayoutWrapper"]:has(>{MAP_BOX})'
# The box's height before this style arrives (Streamlit loads it after the first elements are
# drawn): the frame's height on a 412×823 phone, where the panel is under the map; wider
# windows put the panel beside the map, where the box's height moves nothing in view.
PHONE_MAP_HEIGHT_PX = 330  # 80vw
PHONE_BRIEFING_MAP_HEIGHT_PX = 389  # 100vh - 434px


def map_height(height: str) -> str:
    """The map frame's height, and the same height for its container: the space is taken
    before the frame (a lazily loaded component) arrives, and kept while Streamlit holds a
    640 px placeholder for it as it loads, so nothing under or beside the map moves (issue 22:
    layout shift). A block frame: no line's descent under it."""
    return (f"{MAP_FRAME}{{height:{height} !important;display:block}}"
            f"{MAP_BOXES}{{height:{height} !important;flex:0 0 auto !important;"
            "overflow:visible !important}")


# While the frame loads, Streamlit draws a grey placeholder above it, as tall as the frame's
# own height: in the box, the frame takes its place at once instead (nothing moves up later).
MAP_BOX_CSS = f'{MAP_BOX} [data-testid="stSkeleton"]{{display:none}}'


# Narrower windows wrap the title and the step controls onto more lines above the map.
NARROW_BRIEFING_CSS = ("@media (max-width:1100px){"
                       + map_height("max(300px,calc(100vh - 254px))")
                       + "}@media (max-width:640px){"
                       + map_height("max(260px,calc(100vh - 434px))") + "}")


# Under 1100 px (a tablet, a phone, a laptop with the sidebar open) the explore page puts the
# panel under the map, and the map takes the whole width in a landscape frame.
# Found by the map's container, not its frame: the row wraps before the frame arrives.
MAP_ROW = f'[data-testid="stHorizontalBlock"]:has(>[data-testid="stColumn"] {MAP_BOX})'
NARROW_EXPLORE_CSS = (
    f"@media (max-width:1100px){{{MAP_ROW}{{flex-wrap:wrap !important}}"
    f'{MAP_ROW}>[data-testid="stColumn"]{{flex:1 1 100% !important;width:100% !important;'
    "min-width:100% !important}"
    + map_height("clamp(300px,min(calc(100vh - 230px),80vw),700px)") + "}")
# Streamlit's header is an opaque band over the page's top 60 px: transparent, it no longer
# cuts the top of the briefing's step buttons (its own buttons still answer).
HEADER_CSS = ('[data-testid="stHeader"]{background:transparent;pointer-events:none}'
              '[data-testid="stHeader"] button,[data-testid="stHeader"] a{pointer-events:auto}')
# A closed sidebar (a briefing, a phone) is only moved off the screen by Streamlit: its
# controls stayed in the Tab order (a keyboard went through 13 invisible controls before the
# page's first) and were laid out again at every measure of the first load (issue 22: total
# blocking time). Hidden while closed: out of the Tab order and the accessibility tree, and
# not laid out; its own button opens it, as before.
CLOSED_SIDEBAR_CSS = ('[data-testid="stSidebar"][data-collapsed="true"] '
                      '[data-testid="stSidebarContent"]{visibility:hidden;'
                      "content-visibility:hidden}")
# Printing (Ctrl+P): A4 landscape, the map across the page, then the panel under it; no
# sidebar, header or buttons (nothing to press on paper). The map's height leaves room for
# the title above it on the first sheet.
PRINT_MAP_HEIGHT = "150mm"
PRINT_CSS = (
    "@page{size:A4 landscape;margin:10mm}"
    "@media print{"
    '[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],'
    '[data-testid="stHeader"],[data-testid="stToolbar"],[data-testid="stDecoration"],'
    '[data-testid="stStatusWidget"],[data-testid="stButton"],[data-testid="stDownloadButton"],'
    '[data-testid="stTextInput"]{display:none !important}'
    ".block-container{padding:0 !important;max-width:none !important}"
    f"{MAP_ROW}{{flex-direction:column !important;flex-wrap:nowrap !important}}"
    f'{MAP_ROW}>[data-testid="stColumn"]{{flex:1 1 auto !important;width:100% !important;'
    "min-width:100% !important;max-width:100% !important}"
    f"{MAP_FRAME}{{width:100% !important;height:{PRINT_MAP_HEIGHT} !important;"
    f"break-inside:avoid}}{MAP_BOXES}{{height:auto !important}}}}")
# Captions readable at WCAG AA: Streamlit draws them at 60 % opacity (3.9:1 on white).
CAPTION_CSS = ('[data-testid="stCaptionContainer"],[data-testid="stCaptionContainer"] p'
               f"{{color:{CAPTION_TEXT_COLOUR};opacity:1}}")
# The deck file box's own line, "1MB per file • JSON", is Streamlit's, in English, and says
# 1 MB (the widget's least): its label already says JSON, at most 256 KB, in the viewer's language.
UPLOAD_CSS = '[data-testid="stFileUploaderDropzoneInstructions"]{display:none}'
# Streamlit's own "Press Enter to apply" under the search box is English on every page: the
# box's help says it in the viewer's language instead (components/sidebar.py render_search).
SEARCH_CSS = ".st-key-search [data-testid='InputInstructions']{display:none}"


def page_style(briefing: bool) -> None:
    """A map frame sized to the window, its space reserved before it arrives (the panel under
    it on narrow screens), readable captions, a header that covers nothing, a print layout.
    Static CSS, no data. The top padding is the theme's (.streamlit/config.toml): there from
    the first paint, where this style arrives after the first elements."""
    height = BRIEFING_MAP_HEIGHT if briefing else EXPLORE_MAP_HEIGHT
    narrow = NARROW_BRIEFING_CSS if briefing else NARROW_EXPLORE_CSS
    st.html(f"<style>{map_height(height)}{MAP_BOX_CSS}{narrow}{HEADER_CSS}{CAPTION_CSS}"
            f"{UPLOAD_CSS}{SEARCH_CSS}{CLOSED_SIDEBAR_CSS}{PRINT_CSS}</style>")


def render_frontier_overview(overview: FrontierOverview | None, lang: str) -> None:
    """The four commands' frontiers in one table."""
    if overview is None:
        return
    st.markdown(paragraphs(bold(tr(lang, "frontier")),
                           table({name: [row[index] for row in overview.rows]
                                  for index, name in enumerate(overview.header)}),
                           small(overview.caption)))


# The four cards as one HTML element, not four columns of bordered boxes, each holding a colour
# bar and a markdown block (17 Streamlit blocks and elements, each laid out and measured by
# Streamlit's React on the first load: issue 22, total blocking time). The same look: side by
# side, top-aligned, stacked under 640 px as Streamlit stacks columns; a grey border that
# reads on the light and the dark page alike.
OVERVIEW_CSS = (
    ".kz-cards{display:flex;gap:1rem;align-items:flex-start;line-height:1.6}"
    ".kz-card{flex:1 1 0;min-width:0;border:1px solid rgba(128,128,128,.35);"
    "border-radius:.5rem;padding:calc(1rem - 1px)}"
    ".kz-card p{margin:0 0 1rem}.kz-card p:last-child{margin:0}"
    ".kz-bar{height:8px;border-radius:4px;margin-bottom:1rem}"
    "@media (max-width:640px){.kz-cards{flex-direction:column;align-items:stretch}}")


def overview_cards_html(cards: tuple[CommandCard, ...], lang: str) -> str:
    """The commands' cards side by side. Every text is escaped here; a colour is validated
    as #rrggbb at load (geo/schema.py)."""
    def card(card: CommandCard) -> str:
        lines = (f"<strong>{html.escape(card.title)}</strong>",
                 html.escape(f"{tr(lang, 'hq')}: {card.hq}"),
                 html.escape(", ".join(card.oblast_names)), html.escape(card.area_share))
        return (f'<div class="kz-card"><div class="kz-bar" style="background:{card.colour}">'
                "</div>" + "".join(f"<p>{line}</p>" for line in lines) + "</div>")
    return (f"<style>{OVERVIEW_CSS}</style><div class=\"kz-cards\">"
            + "".join(card(c) for c in cards) + "</div>")


def render_overview(cards: tuple[CommandCard, ...], lang: str) -> None:
    """Nothing selected: the four commands side by side."""
    st.subheader(md_escape(tr(lang, "commands_overview")))
    st.caption(md_escape(tr(lang, "click_hint")))
    st.html(overview_cards_html(cards, lang))


ARMED_FORCES_KEY = "armed_forces_fact_"  # + the fact's index: its expander's key


def render_armed_forces(facts: tuple[OverviewFact, ...], lang: str) -> None:
    """The Armed Forces overview from the source text."""
    st.subheader(md_escape(tr(lang, "armed_forces")))
    for index, fact in enumerate(facts):
        # A statement is drawn when its expander is opened (which reruns the map's part of
        # the page): drawn closed, these were the longest texts of the first load's
        # rendering (issue 22: total blocking time).
        with st.expander(md_escape(fact.title), key=f"{ARMED_FORCES_KEY}{index}",
                         on_change="rerun") as box:
            if box.open:
                st.markdown(paragraphs(statement_markdown(fact.statement, lang,
                                                          show_label=False),
                                       sources_markdown((fact.source,), lang)))


def frontier_markdown(card: CommandCard, lang: str) -> str:
    """The command's borders by neighbour, its Caspian shore and its HQ's reach."""
    frontier = card.frontier
    if frontier is None:
        return ""
    return paragraphs(
        bold(tr(lang, "frontier")),
        table({tr(lang, "frontier_neighbour"): [row.neighbour for row in frontier.rows],
               tr(lang, "frontier_length"): [row.km for row in frontier.rows],
               tr(lang, "frontier_share"): [row.share for row in frontier.rows]}),
        md_escape(f"{tr(lang, 'frontier_total')}: {frontier.total}  ·  "
                  f"{tr(lang, 'hq_reach')}: {frontier.hq_reach}"),
        small(frontier.caption))


OPEN_SOURCE_NOTES_KEY = "open_source_notes_open"  # a command's notes' expander


def render_command(card: CommandCard, lang: str) -> None:
    """One command: HQ, formation, mission, composition, territories, frontier, open-source
    notes, sources. A few elements, each a whole section: a click sends little."""
    colour_bar(card.colour)
    st.subheader(md_escape(card.title))
    # The statements and the territories in one element: one markdown block fewer for the
    # browser to render on a first load (issue 22: total blocking time).
    st.markdown(paragraphs(
        f"{bold(tr(lang, 'hq'))}: {md_escape(card.hq)}  \n"
        + (small(card.hq_note) + "  \n" if card.hq_note else "") +
        f"{bold(card.formed.label)}: {md_escape(card.formed.text)}  \n"
        + small(f"{tr(lang, 'original_kk')}: {card.formed.original}"),
        statement_markdown(card.mission, lang),
        statement_markdown(card.composition, lang),
        bold(tr(lang, "territories")),
        table({tr(lang, "name"): [row.name for row in card.territories],
               tr(lang, "area"): [row.area for row in card.territories],
               tr(lang, "share"): [row.share for row in card.territories]}),
        md_escape(f"{tr(lang, 'total')}: {card.area_share}"),
        "  \n".join(small(line) for line in card.divisions_note),
        "  \n".join(small(note) for note in card.derived_notes),
        frontier_markdown(card, lang)))
    if card.open_source_notes:
        # Drawn when opened (a rerun of the map's part of the page), not while closed: the
        # panel's longest text, on every first load of a command (issue 22: total blocking
        # time). One key for every command's: opened, it stays open from command to command,
        # and over a language switch (a new label would start it closed).
        if st.session_state.get(OPEN_SOURCE_NOTES_KEY) is not None:
            st.session_state[OPEN_SOURCE_NOTES_KEY] = st.session_state[OPEN_SOURCE_NOTES_KEY]
        with st.expander(md_escape(tr(lang, "open_source_notes")), key=OPEN_SOURCE_NOTES_KEY,
                         on_change="rerun") as box:
            if box.open:
                st.markdown(paragraphs(
                    small(tr(lang, "open_source_caveat")),
                    *(f"{md_escape(f'• {text}')}  \n{small(source.text)}"
                      for text, source in card.open_source_notes)))
    st.markdown(sources_markdown(card.sources, lang))


def render_territory(row: TerritoryRow, lang: str) -> None:
    """One territory: name, kind, centre, area, its command and how it was assigned."""
    st.subheader(md_escape(row.name))
    facts = "  \n".join([
        f"{bold(tr(lang, 'kind'))}: {md_escape(row.kind)}",
        f"{bold(tr(lang, 'centre'))}: {md_escape(row.centre)}",
        f"{bold(tr(lang, 'area'))}: {md_escape(f'{row.area} · {row.share}')}",
        f"{bold(tr(lang, 'command'))}: {md_escape(row.command_title)}",
    ])
    if row.origin:
        st.markdown(facts)
        st.info(md_escape(row.origin))
    elif row.derived_note:
        st.markdown(facts)
        st.info(md_escape(row.derived_note))
    else:
        st.markdown(paragraphs(facts, small(tr(lang, "assigned_by_source"))))
    for sentence in row.later_units:
        st.info(md_escape(sentence))
    if row.later_unit_sources:
        st.markdown(sources_markdown(row.later_unit_sources, lang))


def sources_markdown(lines: tuple[SourceLine, ...], lang: str) -> str:
    """The sources behind what a panel states, each with its kind, publisher and dates."""
    return f":small[{bold(tr(lang, 'sources'))}:]  \n" + "  \n".join(
        small(line.text) for line in lines)


def shown_path(file: str) -> str:
    """A data file's path as the person fixing it knows it: relative to the project."""
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


PROBLEM_LANGUAGE = "en"  # a DataError's problem is written for whoever fixes the file


def render_data_error(error: DataError, lang: str) -> None:
    """The page shown when a data file is broken: what and where, never a traceback."""
    st.error(f"**{md_escape(tr(lang, 'error_title'))}**  \n{md_escape(tr(lang, 'error_body'))}")
    st.markdown("  \n".join([
        f"**{md_escape(tr(lang, 'error_file'))}:** {md_escape(shown_path(error.file))}",
        f"**{md_escape(tr(lang, 'error_entry'))}:** {md_escape(error.entry)}",
        f"**{md_escape(tr(lang, 'error_field'))}:** {md_escape(error.field)}",
        f"**{md_escape(tr(lang, 'error_problem'))}:** {md_escape(error.problem)}",
    ]))
    if lang != PROBLEM_LANGUAGE:
        st.caption(md_escape(tr(lang, "error_detail_language")))


def render_unexpected_error(lang: str, on_back: Callable[..., None], args: tuple) -> None:
    """The page shown when something failed that should not have: short, in the viewer's
    language, with a way back; the details are in the server's log, never here."""
    st.error(f"**{md_escape(tr(lang, 'unexpected_title'))}**  \n"
             f"{md_escape(tr(lang, 'unexpected_body'))}")
    st.button(tr(lang, "clear"), on_click=on_back, args=args, key="unexpected_back",
              type="primary")


# Static CSS: the description is read by screen readers and takes no room on the screen.
VISUALLY_HIDDEN = ("position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
                   "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0")


MAP_DESCRIPTION_KEY = "map_description_open"  # its expander's key


def render_map_description(shown: tuple[str, ...], selection: tuple[str, ...],
                           lang: str) -> None:
    """The map's text alternative: read by screen readers next to the map, and shown to
    anyone who opens "Describe the map" (as Datawrapper's alt text). What the map shows and
    what is selected are separate elements: a click changes only the second, and the
    browser's message cache keeps the first (about 1.5 KB less per click)."""
    label = tr(lang, "map_description")
    with st.container(key="map_description"):
        st.html(f'<section aria-label="{html.escape(label)}" style="{VISUALLY_HIDDEN}">'
                f"<p>{html.escape(' '.join(shown))}</p></section>")
        st.html(f'<p style="{VISUALLY_HIDDEN}">{html.escape(" ".join(selection))}</p>')
        # Shown when opened (a rerun of the map's part of the page), not drawn while closed
        # (issue 22: total blocking time); screen readers have the section above.
        with st.expander(md_escape(label), key=MAP_DESCRIPTION_KEY, on_change="rerun") as box:
            if box.open:
                st.markdown("\n".join(f"- {md_escape(sentence)}" for sentence in shown))
                st.markdown("\n".join(f"- {md_escape(sentence)}" for sentence in selection))
