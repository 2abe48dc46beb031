"""Briefing mode: overview → each command → overview, with large type for a projector."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from html import escape
from pathlib import Path

import streamlit as st

from components import content, sidebar, state
from components import view as views
from components.decks.model import Deck
from components.i18n import LANGUAGE_NAMES, LANGUAGES, tr
from components.map.label_layer import warm_label_layouts
from components.map.scripts import script_json
from components.memo import per_atlas
from components.panels import (
    BRIEFING_MAP_HEIGHT,
    VISUALLY_HIDDEN,
    bold,
    colour_bar,
    frontier_markdown,
    paragraphs,
    statement_markdown,
)
from components.style import DERIVED_SWATCH, derived_hatch_css
from components.text import md_escape
from components.view import View
from geo.atlas import Atlas

# Static CSS (no data in it): type readable from the back of a room on a 1920×1080 projector.
BRIEFING_CSS = """<style>
.block-container{max-width:100%}
.st-key-briefing_next button,.st-key-briefing_previous button{height:2.5rem;padding-top:0;
padding-bottom:0}
.st-key-briefing_next button p,.st-key-briefing_previous button p{font-size:1.3rem;line-height:1}
[data-testid="stMain"] .stMarkdown p{font-size:1.45rem;line-height:1.45}
[data-testid="stMain"] [data-testid="stCaptionContainer"] p{font-size:1.05rem}
[data-testid="stMain"] .stMarkdown p>span[style^="font-size"]{font-size:1.05rem !important}
[data-testid="stMain"] .stMarkdown p:has(>span[style^="font-size"]:first-child){
font-size:1.05rem;line-height:1.5}
[data-testid="stMain"] .stMarkdown table{font-size:1.25rem;width:100%}
.st-key-briefing_keys{display:none}
[class*="st-key-briefing_theme"] [data-testid="stMarkdownContainer"]{overflow:visible;
text-overflow:clip;white-space:nowrap}
.st-key-briefing_panel:focus-visible{outline:3px solid #1f4e79;outline-offset:4px}
"""
# The panel beside the map scrolls on its own, as tall as the map: the rest of a long panel
# is read with the arrow keys once it has focus (Tab), while PageDown still steps. A phone
# stacks the panel under the map and scrolls the page instead.
BRIEFING_CSS += ("@media (min-width:641px){.st-key-briefing_panel{"
                 f"max-height:{BRIEFING_MAP_HEIGHT};overflow-y:auto;"
                 "overscroll-behavior:contain;padding-right:.75rem}}")
# The step counter keeps the page's type size: larger, it would change where the row wraps.
BRIEFING_CSS += ".st-key-briefing_controls .stMarkdown p{font-size:1rem}"
# The theme's switch in a box as high as the language's radio buttons beside it (Streamlit's
# 40 px for a radio group), which is the height of the placeholder each of them has before the
# widgets' code arrives: where the row wraps (a laptop, a phone), nothing under it moves when
# they come (the map moved up 16 px; issue 22: layout shift).
BRIEFING_CSS += ('.st-key-briefing_controls [class*="st-key-briefing_theme_"]'
                 "{min-height:2.5rem;display:flex;align-items:center}</style>")
# Previous and Next (at 1.3rem, as high as Streamlit's buttons: 2.5rem), the language and the
# theme's switch, in pixels: their sizes are known before the widgets' code arrives, so the
# row keeps its shape. The language's three names are the same in every language (257 px,
# and some room for another font).
STEP_BUTTON_PX = 136
LANGUAGE_PX = 272
THEME_PX = 160  # the dark theme's switch and its longest label («Қараңғы режим»)


@cache
def keys_script() -> str:
    """The presenter keys' script (static: no data in it), read once."""
    return (Path(__file__).with_name("briefing_keys.js")).read_text(encoding="utf-8")


def render_controls(atlas: Atlas, view: View, deck: Deck | None = None,
                    on_step: Callable[[int], None] | None = None) -> None:
    """Title, step counter and Previous / Next (also on the keyboard's arrow keys).

    Without a deck the steps are the built-in tour of what the filter shows. With one they
    are the deck's, and `on_step(offset)` moves through them. A projector that follows the
    presenter has neither buttons (the presenter steps for the room) nor the counter here:
    its row is drawn outside the map's fragment, once, and the counter at the top of the
    panel (render_step_counter), in the fragment a step reruns."""
    lang = view.lang
    number, total = step_number(atlas, view, deck)
    if deck is None:
        back, forward = ((state.update, (views.step, atlas, offset)) for offset in (-1, 1))
    else:
        back, forward = ((on_step, (offset,)) for offset in (-1, 1))
    # One row that wraps by itself (Streamlit's horizontal container): the title, then the
    # counter, Previous and Next and the language, each of a fixed width that holds its words
    # (never "Кел…"). Under about 1100 px the title takes a row of its own, on a phone the
    # language too. The row has this shape from the first paint, before the page's style and
    # the buttons' code arrive: a row shaped by the style moved the map under it (issue 22).
    with st.container(horizontal=True, vertical_alignment="center", key="briefing_controls"):
        st.title(tr(lang, "title"), width="stretch")
        if not view.follow:
            st.markdown(bold(tr(lang, "step", step=number, total=total)), width="content")
            # A one-step briefing has nowhere to go: neither button offers a move.
            alone = total <= 1
            st.button(tr(lang, "previous"), key="briefing_previous", on_click=back[0],
                      args=back[1], shortcut="Left", width=STEP_BUTTON_PX, disabled=alone)
            st.button(tr(lang, "next"), key="briefing_next", on_click=forward[0],
                      args=forward[1], shortcut="Right", type="primary", width=STEP_BUTTON_PX,
                      disabled=alone)
        # The sidebar is closed in a briefing: the language is chosen here too. Three radio
        # buttons, as in the sidebar: one click, and no select-box code to load and draw on a
        # first load (issue 22: total blocking time).
        st.radio(tr(lang, "language"), LANGUAGES, format_func=LANGUAGE_NAMES.get,
                 horizontal=True, label_visibility="collapsed", width=LANGUAGE_PX,
                 **state.bind("briefing_lang", view, view.lang, views.set_language, atlas))
        # And the dark theme, for a dim room.
        st.toggle(tr(lang, "dark_theme"), width=THEME_PX,
                  **state.bind("briefing_theme", view, view.theme == "dark", views.set_theme,
                               atlas))


def step_number(atlas: Atlas, view: View, deck: Deck | None) -> tuple[int, int]:
    """(this step's number, how many): of the deck's steps, or of the built-in tour."""
    if deck is None:
        return (views.briefing_step(view, atlas) + 1,
                len(views.briefing_steps(atlas, view.visible)))
    return view.deck_step + 1, len(deck.steps)


def map_caption(atlas: Atlas, view: View, deck: Deck | None) -> str | None:
    """The map's caption in full screen for a deck's step: "Step 2 of 4 · its title", as the
    page's counter counts. None for the built-in tour (the map's own caption counts it)."""
    if deck is None or not deck.steps:
        return None
    number, total = step_number(atlas, view, deck)
    title = deck.steps[view.deck_step].title or panel_heading(atlas, view)
    return f"{tr(view.lang, 'step', step=number, total=total)} · {title}"


def render_step_counter(atlas: Atlas, view: View, deck: Deck | None) -> None:
    """A projector's "Step 2 of 6", at the top of its panel."""
    number, total = step_number(atlas, view, deck)
    st.markdown(bold(tr(view.lang, "step", step=number, total=total)))


def render_projector_map_description(shown: tuple[str, ...], selection: tuple[str, ...],
                                     lang: str) -> None:
    """A projector's text alternative for its map: what the map shows and what is selected,
    read by screen readers, in one element. The room's screen has no "Describe the map" to
    open (nobody works the projector's page; its presenter has one), and each element a step
    sends is the server's CPU once per projector in the room."""
    label = escape(tr(lang, "map_description"))
    st.html(f'<section aria-label="{label}" style="{VISUALLY_HIDDEN}">'
            f"<p>{escape(' '.join(shown))}</p><p>{escape(' '.join(selection))}</p></section>")


def render_style_and_keys(lang: str, projector: bool = False) -> None:
    """The briefing's style and the presenter keys' script, after everything the page shows:
    until Streamlit has loaded the code that draws them, each holds a placeholder's room, and
    above the step controls they pushed the page down until then (issue 22: layout shift).
    A `projector`'s panel is drawn smaller until it fits (nobody at a projector scrolls)."""
    st.html(BRIEFING_CSS)
    # The keys' script runs when the briefing's controls appear (a hidden box: no room taken),
    # and again in a new language (the panel's name for screen readers is in it).
    panel_label = script_json(tr(lang, "briefing_panel"))
    with st.container(key="briefing_keys"):
        st.html(f"<script>window.__kzPanelLabel = {panel_label};"
                f"window.__kzFitPanel = {'true' if projector else 'false'};</script>"
                f"<script>{keys_script()}</script>", unsafe_allow_javascript=True)


def derived_key(atlas: Atlas, lang: str) -> None:
    """The map's hatch explained where a briefing shows it (its sidebar, with the legend, is
    closed): one line, with the hatch's swatch, when this division draws derived regions."""
    line = derived_key_html(atlas, lang)
    if line is not None:
        st.html(line)


@per_atlas(maxsize=2 * len(LANGUAGES))
def derived_key_html(atlas: Atlas, lang: str) -> str | None:
    """derived_key's line, made once per division and language (not at every step of every
    projector)."""
    entry = next((e for e in content.legend(atlas, lang, views.command_ids(atlas))
                  if e.swatch == "derived"), None)
    if entry is None:
        return None
    return (f'<p style="margin:0;display:flex;gap:8px;align-items:center">'
            f'{sidebar.swatch(DERIVED_SWATCH, derived_hatch_css(DERIVED_SWATCH))}'
            f'<span>{escape(entry.label)}: {escape(entry.detail)}</span></p>')


# The overview step's cards, stacked in the panel as the colour bar and markdown elements they
# were (1rem apart, the panel's large type), in one element: a step's elements are sent to
# every projector in a room, and the four cards were eight.
OVERVIEW_CSS = (".kz-brief-cards{display:flex;flex-direction:column;gap:1rem}"
                ".kz-brief-cards p{font-size:1.45rem;line-height:1.45;margin:0}"
                ".kz-brief-bar{height:8px;border-radius:4px}")


def overview_html(cards: list, lang: str) -> str:
    """The commands shown, each its colour bar, its title in bold and its headquarters and
    share of the country. Every text escaped here; a colour is validated as #rrggbb at load
    (geo/schema.py)."""
    hq = tr(lang, "hq")

    def card(card) -> str:
        return (f'<div class="kz-brief-bar" style="background:{card.colour}"></div>'
                f"<p><strong>{escape(card.title)}</strong><br>"
                f"{escape(f'{hq}: {card.hq} · {card.area_share}')}</p>")
    return (f'<style>{OVERVIEW_CSS}</style><div class="kz-brief-cards">'
            + "".join(card(c) for c in cards) + "</div>")


def panel_heading(atlas: Atlas, view: View) -> str:
    """The panel's heading for `view`: the command's title, or the overview's."""
    if view.command is not None:
        return content.command_card(atlas, view.command, view.lang).title
    filtered = view.visible != views.command_ids(atlas)
    return tr(view.lang, "filter" if filtered else "commands_overview")


def render_panel(atlas: Atlas, view: View) -> None:
    """The large panel: the step's command (its oblasts, mission, composition, frontier) or
    the commands the filter shows."""
    lang = view.lang
    derived_key(atlas, lang)
    if view.command is None:
        # "The four regional commands", or under a filter "Commands shown".
        st.header(md_escape(panel_heading(atlas, view)))
        st.html(overview_html([card for card in content.command_cards(atlas, lang)
                               if card.id in view.visible], lang))
        return
    card = content.command_card(atlas, view.command, lang)
    colour_bar(card.colour)
    st.header(md_escape(card.title))
    # One element, its parts paragraphs: a step's elements are sent to every projector.
    st.markdown(paragraphs(f"**{md_escape(tr(lang, 'hq'))}:** {md_escape(card.hq)}  \n"
                           + md_escape(card.area_share),
                           f"**{md_escape(tr(lang, 'oblasts'))}:** "
                           + md_escape(", ".join(card.oblast_names)),
                           statement_markdown(card.mission, lang),
                           statement_markdown(card.composition, lang),
                           frontier_markdown(card, lang)))


def place_steps_ahead(atlas: Atlas, view: View) -> None:
    """Place the names of the tour's other steps on a background thread while the room looks
    at this one, so a step's run is short and every press of the clicker is its own step
    with its own address (components/map/label_layer.py, warm_label_layouts)."""
    steps = views.briefing_steps(atlas, view.visible)
    warm_label_layouts(atlas, view.lang, [views.bounds_of(atlas, c) for c in steps],
                       briefing=True, visible=view.visible, oblasts=view.show_labels,
                       hq=view.show_hq, rivers=view.show_rivers)
