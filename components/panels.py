"""Side panels: overview, command, territory, Armed Forces facts, sources, the error page.

Every string from data passes through md_escape before it reaches markdown; the only HTML
(colour bars) carries a colour validated as #rrggbb at load and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
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


def table(columns: dict[str, list]) -> None:
    """A full-width table of plain texts, without the index."""
    st.dataframe(pd.DataFrame(columns), hide_index=True, width="stretch")


def bold(label: str) -> str:
    """A label in bold, escaped."""
    return f"**{md_escape(label)}**"


def render_statement(fact: Statement, lang: str, show_label: bool = True) -> None:
    """A stated fact: its text, the Kazakh original beside a translation, notes; or "not
    stated in the source"."""
    if show_label:
        st.markdown(bold(fact.label))
    st.markdown(md_escape(fact.text) if fact.stated else f"*{md_escape(fact.text)}*")
    notes = []
    if fact.original:
        notes.append(f"{md_escape(tr(lang, 'original_kk'))}: {md_escape(fact.original)}")
    if fact.note:
        notes.append(md_escape(fact.note))
    if fact.translator_note:
        notes.append(f"{md_escape(tr(lang, 'translator_note'))}: "
                     f"{md_escape(fact.translator_note)}")
    if notes:
        st.caption("  \n".join(notes))


MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# The map's frame takes the window's height less what stands above it, within bounds: a
# landscape frame on a laptop, the whole screen under the step controls in a briefing.
EXPLORE_MAP_HEIGHT = "clamp(360px, calc(100vh - 230px), 760px)"
BRIEFING_MAP_HEIGHT = "max(360px, calc(100vh - 180px))"
# Narrower windows wrap the title and the step controls onto more lines above the map.
NARROW_BRIEFING_CSS = ("@media (max-width:1100px){%s{height:max(300px,calc(100vh - 240px))"
                       " !important}}@media (max-width:640px){%s{height:max(260px,"
                       "calc(100vh - 420px)) !important}}")


# Under 1100 px (a tablet, a phone, a laptop with the sidebar open) the explore page puts the
# panel under the map, and the map takes the whole width in a landscape frame.
MAP_ROW = f'[data-testid="stHorizontalBlock"]:has(>[data-testid="stColumn"] {MAP_FRAME})'
NARROW_EXPLORE_CSS = (
    f"@media (max-width:1100px){{{MAP_ROW}{{flex-wrap:wrap !important}}"
    f'{MAP_ROW}>[data-testid="stColumn"]{{flex:1 1 100% !important;width:100% !important;'
    "min-width:100% !important}"
    f"{MAP_FRAME}{{height:clamp(300px,min(calc(100vh - 230px),80vw),700px) !important}}}}"
    # A phone: the title in two lines at most.
    '@media (max-width:640px){[data-testid="stMain"] h2{font-size:1.5rem}}')
# Streamlit's header is an opaque band over the page's top 60 px: transparent, it no longer
# cuts the top of the briefing's step buttons (its own buttons still answer).
HEADER_CSS = ('[data-testid="stHeader"]{background:transparent;pointer-events:none}'
              '[data-testid="stHeader"] button,[data-testid="stHeader"] a{pointer-events:auto}')
# Captions readable at WCAG AA: Streamlit draws them at 60 % opacity (3.9:1 on white).
CAPTION_CSS = ('[data-testid="stCaptionContainer"],[data-testid="stCaptionContainer"] p'
               f"{{color:{CAPTION_TEXT_COLOUR};opacity:1}}")


def page_style(briefing: bool) -> None:
    """Tighter top padding, a map frame sized to the window (the panel under it on narrow
    screens), readable captions, a header that covers nothing. Static CSS, no data."""
    height = BRIEFING_MAP_HEIGHT if briefing else EXPLORE_MAP_HEIGHT
    narrow = NARROW_BRIEFING_CSS % (MAP_FRAME, MAP_FRAME) if briefing else NARROW_EXPLORE_CSS
    st.html("<style>.block-container{padding-top:2.2rem;padding-bottom:1rem}"
            f"{MAP_FRAME}{{height:{height} !important}}{narrow}{HEADER_CSS}{CAPTION_CSS}"
            "</style>")


def render_frontier_overview(overview: FrontierOverview | None, lang: str) -> None:
    """The four commands' frontiers in one table."""
    if overview is None:
        return
    st.markdown(bold(tr(lang, "frontier")))
    table({name: [row[index] for row in overview.rows]
           for index, name in enumerate(overview.header)})
    st.caption(md_escape(overview.caption))


def render_overview(cards: tuple[CommandCard, ...], lang: str) -> None:
    """Nothing selected: the four commands side by side."""
    st.subheader(md_escape(tr(lang, "commands_overview")))
    st.caption(md_escape(tr(lang, "click_hint")))
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        with column, st.container(border=True):
            colour_bar(card.colour)
            st.markdown(bold(card.title))
            st.markdown(f"{md_escape(tr(lang, 'hq'))}: {md_escape(card.hq)}")
            st.markdown(md_escape(", ".join(card.oblast_names)))
            st.markdown(md_escape(card.area_share))


def render_armed_forces(facts: tuple[OverviewFact, ...], lang: str) -> None:
    """The Armed Forces overview from the source text."""
    st.subheader(md_escape(tr(lang, "armed_forces")))
    for fact in facts:
        with st.expander(md_escape(fact.title)):
            render_statement(fact.statement, lang, show_label=False)
            render_sources((fact.source,), lang)


def render_frontier(card: CommandCard, lang: str) -> None:
    """The command's borders by neighbour, its Caspian shore and its HQ's reach."""
    frontier = card.frontier
    if frontier is None:
        return
    st.markdown(bold(tr(lang, "frontier")))
    table({tr(lang, "frontier_neighbour"): [row.neighbour for row in frontier.rows],
           tr(lang, "frontier_length"): [row.km for row in frontier.rows],
           tr(lang, "frontier_share"): [row.share for row in frontier.rows]})
    st.markdown(md_escape(f"{tr(lang, 'frontier_total')}: {frontier.total}  ·  "
                          f"{tr(lang, 'hq_reach')}: {frontier.hq_reach}"))
    st.caption(md_escape(frontier.caption))


def render_command(card: CommandCard, lang: str) -> None:
    """One command: HQ, formation, mission, composition, territories, frontier, open-source
    notes, sources."""
    colour_bar(card.colour)
    st.subheader(md_escape(card.title))
    st.markdown(f"{bold(tr(lang, 'hq'))}: {md_escape(card.hq)}  \n"
                f"{bold(card.formed.label)}: {md_escape(card.formed.text)}")
    st.caption(f"{md_escape(tr(lang, 'original_kk'))}: {md_escape(card.formed.original)}")
    render_statement(card.mission, lang)
    render_statement(card.composition, lang)

    st.markdown(bold(tr(lang, "territories")))
    table({tr(lang, "name"): [row.name for row in card.territories],
           tr(lang, "area"): [row.area for row in card.territories],
           tr(lang, "share"): [row.share for row in card.territories]})
    st.markdown(md_escape(f"{tr(lang, 'total')}: {card.area_share}"))
    for note in card.derived_notes:
        st.caption(md_escape(note))
    render_frontier(card, lang)

    if card.open_source_notes:
        with st.expander(md_escape(tr(lang, "open_source_notes")), expanded=False):
            st.caption(md_escape(tr(lang, "open_source_caveat")))
            for text, source in card.open_source_notes:
                st.markdown(md_escape(f"• {text}"))
                st.caption(md_escape(source.text))
    render_sources(card.sources, lang)


def render_territory(row: TerritoryRow, lang: str) -> None:
    """One territory: name, kind, centre, area, its command and how it was assigned."""
    st.subheader(md_escape(row.name))
    st.markdown("  \n".join([
        f"{bold(tr(lang, 'kind'))}: {md_escape(row.kind)}",
        f"{bold(tr(lang, 'centre'))}: {md_escape(row.centre)}",
        f"{bold(tr(lang, 'area'))}: {md_escape(f'{row.area} · {row.share}')}",
        f"{bold(tr(lang, 'command'))}: {md_escape(row.command_title)}",
    ]))
    if row.derived_note:
        st.info(md_escape(row.derived_note))
    else:
        st.caption(md_escape(tr(lang, "assigned_by_source")))
    for sentence in row.later_units:
        st.info(md_escape(sentence))
    if row.later_unit_sources:
        render_sources(row.later_unit_sources, lang)


def render_sources(lines: tuple[SourceLine, ...], lang: str) -> None:
    """The sources behind what a panel states, each with its kind, publisher and dates."""
    st.caption(f"{bold(tr(lang, 'sources'))}:  \n"
               + "  \n".join(md_escape(line.text) for line in lines))


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
