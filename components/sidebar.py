"""The sidebar: search, language, command filter, zoom-to-command, layers, legend, sources.

Widgets only show the view; their changes go through components/state.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from html import escape

import streamlit as st

from components import content, exports, state, theme
from components import view as views
from components.decks.model import Deck
from components.i18n import LANGUAGE_NAMES, LANGUAGES, tr
from components.style import (
    CITY_DOT_COLOUR,
    LAKE_COLOUR,
    LEASE_OUTLINE_COLOUR,
    RIVER_COLOUR,
    derived_hatch_css,
    hidden_hatch_css,
)
from components.text import md_escape
from components.view import View
from geo.atlas import Atlas


def swatch(colour: str, background: str | None = None, shape: str = "square") -> str:
    """A legend symbol: a coloured square (or `background`, a static CSS background such as
    the hidden hatch), a round dot, or a line. `colour` is validated as #rrggbb at load and
    `background` comes from components/style.py, so this HTML is safe."""
    fill = background or colour
    if shape == "dot":
        return (f'<span style="display:inline-block;width:10px;height:10px;border-radius:50%;'
                f'background:{fill};border:2px solid #ffffff;box-shadow:0 0 0 1px #999;'
                f'vertical-align:middle;margin:0 8px 0 2px"></span>')
    if shape == "line":
        return (f'<span style="display:inline-block;width:16px;height:6px;border-radius:3px;'
                f'background:{fill};box-shadow:0 0 0 2px #ffffff,0 0 0 3px #bbb;'
                f'vertical-align:middle;margin-right:6px"></span>')
    return (f'<span style="display:inline-block;width:14px;height:14px;border-radius:3px;'
            f'background:{fill};vertical-align:middle;margin-right:6px"></span>')


SOURCES_KEY = "sources_open"  # the "Sources and credits" expander's key


def render(atlas: Atlas, view: View, after_layers: Callable[[], None] | None = None,
           deck: Deck | None = None) -> None:
    """Draw the sidebar for `view`; `after_layers` draws more under the layers (the decks).
    `deck`, the deck open in the page, shapes the PowerPoint, the PDF and the ZIP."""
    lang = view.lang
    ids = views.command_ids(atlas)
    with st.sidebar:
        if not view.briefing:  # a briefing's sidebar is closed: its page has the search box
            render_search(atlas, view)
        st.radio(tr(lang, "language"), LANGUAGES, horizontal=True,
                 format_func=LANGUAGE_NAMES.get,
                 **state.bind("lang", view, view.lang, views.set_language, atlas))
        st.radio(tr(lang, "division"), views.division_ids(atlas),
                 format_func=lambda d: atlas.in_division(d).division.name.get(lang),
                 **state.bind("division", view, atlas.division.id, views.set_division, atlas))
        st.toggle(tr(lang, "briefing_mode"),
                  **state.bind("briefing", view, view.briefing, views.set_briefing, atlas))
        st.toggle(tr(lang, "dark_theme"),
                  **state.bind("theme", view, view.theme == "dark", views.set_theme, atlas))
        render_filter(atlas, view)
        # A radio, not a select box: one click, every choice in sight, and no select-box code
        # for the browser to load and draw on a first load (issue 22: total blocking time).
        st.radio(tr(lang, "focus"), [WHOLE_COUNTRY, *ids],
                 # The short name («Запад»): the long title is cut in a narrow sidebar.
                 format_func=lambda c: md_escape(tr(lang, "focus_all") if c == WHOLE_COUNTRY
                                                 else atlas.command(c).name.get(lang)),
                 # What the map was last zoomed to, not the selection: after a click on
                 # the map (which never moves it) choosing that command still zooms.
                 **state.bind("command", view, view.focus.command or WHOLE_COUNTRY, zoom_to,
                              atlas))
        st.button(tr(lang, "clear"), on_click=state.update,
                  args=(views.back_to_overview, atlas), key="clear", width="stretch")

        st.markdown(f"**{md_escape(tr(lang, 'layers'))}**")
        st.toggle(tr(lang, "labels"),
                  **state.bind("labels", view, view.show_labels, views.set_labels, atlas))
        st.toggle(tr(lang, "hq_markers"),
                  **state.bind("hq", view, view.show_hq, views.set_headquarters, atlas))
        st.toggle(tr(lang, "rivers"),
                  **state.bind("rivers", view, view.show_rivers, views.set_rivers, atlas))
        st.toggle(tr(lang, "frontier_layer"),
                  **state.bind("frontiers", view, view.show_frontiers, views.set_frontiers,
                               atlas))

        if after_layers is not None:
            after_layers()
        render_legend(atlas, view)
        render_downloads(atlas, view, deck)

        # Drawn when opened (a rerun), not while closed: the page's longest text, on every
        # first load (issue 22: total blocking time). Kept open over a language switch.
        keep_open(SOURCES_KEY)
        with st.expander(tr(lang, "sources_credits"), key=SOURCES_KEY,
                         on_change="rerun") as box:
            if box.open:
                # One caption, a paragraph per source, rather than ~20 caption elements.
                st.caption("\n\n".join(md_escape(text) for text in (
                    tr(lang, "credits_text"),
                    *(line.text for line in content.sources(atlas, atlas.sources, lang)))))


# "Zoom to command"'s first choice: a radio's None is no choice at all, not an option.
WHOLE_COUNTRY = ""


def zoom_to(view: View, atlas: Atlas, choice: object) -> View:
    """"Zoom to command": a command, or the whole country."""
    return views.choose_command(view, atlas, None if choice == WHOLE_COUNTRY else choice)


def render_filter(atlas: Atlas, view: View) -> None:
    """The commands filter: a checkbox per command, in the data's order, each with its colour.

    Checkboxes rather than a multiselect: four choices that fit in sight, each shown or hidden
    with one click, and no multiselect code (Streamlit's heaviest widget to load and draw) on
    every first load (issue 22: total blocking time)."""
    lang = view.lang
    with st.container(key="filter", gap=None):
        st.html(filter_heading_html(atlas, lang))
        for command in atlas.commands:
            # A checkbox's label is markdown: the name is data.
            st.checkbox(md_escape(command.name.get(lang)),
                        **state.bind(f"visible_{command.id}", view,
                                     command.id in view.visible,
                                     partial(views.show_command, command=command.id), atlas))


def filter_heading_html(atlas: Atlas, lang: str) -> str:
    """The filter's heading, as small as a widget's label, and the style that puts each
    command's colour before its checkbox's name, as in the legend. A colour is validated as
    #rrggbb and an id as [a-z0-9-] at load (geo/schema.py); the heading is escaped."""
    swatches = "".join(
        f'[class*="st-key-visible_{command.id}_"] [data-testid="stWidgetLabel"] p::before'
        f"{{background:{command.colour}}}" for command in atlas.commands)
    return ("<style>"
            '.st-key-filter [data-testid="stWidgetLabel"] p::before{content:"";'
            "display:inline-block;width:12px;height:12px;border-radius:3px;"
            "margin-right:6px;vertical-align:-1px}"
            f"{swatches}</style>"
            # A heading for screen readers: the boxes under it are named by the command only.
            '<p role="heading" aria-level="2" '
            'style="font-size:.875rem;margin:0 0 .25rem 0;min-height:1.5rem">'
            f"{escape(tr(lang, 'filter'))}</p>")


def render_search(atlas: Atlas, view: View) -> None:
    """The search box: Enter selects the best match, listed first; every match is a button.

    A text box, not a select box: a select box filters by its labels' letters, so "Atyrau"
    would not find «Атырау»; geo/names.py compares every script's spelling.
    """
    lang = view.lang
    with st.container(key="search"):
        # Streamlit's own "Press Enter to apply" is hidden by the page's style (panels.py
        # SEARCH_CSS): the help says it in the viewer's language instead.
        # No max_chars: Streamlit's box drops a longer paste without a word and the last
        # result stays; views.search refuses it and this says so.
        st.text_input(tr(lang, "search"), placeholder=tr(lang, "search_placeholder"),
                      help=tr(lang, "search_hint"),
                      **state.bind("search", view, view.search, views.search, atlas))
        if view.search_too_long:
            st.warning(md_escape(tr(lang, "search_too_long", count=view.search_too_long,
                                    limit=views.MAX_SEARCH_CHARS)))
        if not view.search:
            return
        hits = content.search_hits(atlas, lang, view.search)
        if not hits:
            st.info(md_escape(tr(lang, "search_nothing", query=view.search)))
            return
        st.caption(md_escape(tr(lang, "search_results")))
        for hit in hits:
            # A button's label is markdown (links, images): the place's name is data.
            # Not marked as selected: a click on the map reruns only the map and its panel,
            # so a mark here could show a selection the map no longer has.
            st.button(md_escape(hit.label), key=f"search_{hit.kind}_{hit.code}", width="stretch",
                      on_click=state.update, args=(views.choose_place, atlas, hit.kind,
                                                   hit.code))


def render_legend(atlas: Atlas, view: View) -> None:
    """The legend drawn by the app: each command, its HQ and oblasts; what has no command;
    what the filter hides (hatched, as on the map); the cities and, when shown, frontiers.

    One list in one element (`legend_html`) rather than ~30 Streamlit elements (a row of
    columns per entry): a list is what it is, and a screen reader announces it as one."""
    st.html(legend_html(atlas, view))


def legend_html(atlas: Atlas, view: View) -> str:
    """The legend as an HTML list; every text from the data or the locales is escaped."""
    lang = view.lang
    # The water, the lease, the hatch and the dots as the map draws them in this theme.
    dark = view.theme == "dark"
    lease_colour = theme.DARK_LEASE_OUTLINE_COLOUR if dark else LEASE_OUTLINE_COLOUR
    water = (theme.DARK_SEA_COLOUR, theme.DARK_RIVER_COLOUR) if dark else (LAKE_COLOUR,
                                                                          RIVER_COLOUR)
    rows = []
    for entry in content.legend(atlas, lang, view.visible):
        label, detail = escape(entry.label), escape(entry.detail)
        if entry.hidden:
            label = f"<s>{label}</s>"
            detail += " · " + escape(tr(lang, "legend_hidden"))
        if entry.swatch == "lease":
            symbol = ('<span aria-hidden="true" style="display:inline-block;width:18px;'
                      f'height:14px;border:2px dashed {lease_colour}"></span>')
        elif entry.swatch == "water":
            symbol = ('<span aria-hidden="true" style="display:inline-block;width:18px;'
                      f'height:14px;background:{water[0]};border-bottom:2px solid '
                      f'{water[1]}"></span>')
        else:
            hatch = {"hidden": theme.dark_hidden_hatch_css() if dark else hidden_hatch_css(),
                     "derived": derived_hatch_css(entry.colour)}.get(entry.swatch)
            symbol = swatch(entry.colour, hatch)
        rows.append((symbol, [label, detail] if detail else [label]))
    if view.show_frontiers:
        colours = ", ".join(c.colour for c in atlas.commands)
        rows.append((swatch(atlas.commands[0].colour, f"linear-gradient(90deg, {colours})",
                            shape="line"), [escape(tr(lang, "legend_frontier"))]))
    rows.append((swatch(theme.DARK_CITY_DOT_COLOUR if dark else CITY_DOT_COLOUR, shape="dot"),
                 [escape(line) for line in city_legend_lines(atlas, lang)]))
    rows.append(('<span aria-hidden="true" style="display:inline-block;width:22px;'
                 'text-align:center">★</span>', [escape(tr(lang, "legend_hq"))]))
    # The symbols sit in a fixed-width box, so every entry's text starts at the same place.
    items = "".join(
        f'<li style="display:flex;align-items:center;gap:6px;margin:0 0 6px 0">'
        f'<span style="flex:0 0 26px;display:flex;justify-content:center">{symbol}</span>'
        f'<span>{"<br>".join(lines)}</span></li>' for symbol, lines in rows)
    return (f'<p style="margin:0 0 6px 0"><strong>{escape(tr(lang, "legend"))}</strong></p>'
            f'<ul style="list-style:none;padding:0;margin:0;line-height:1.35">{items}</ul>')


def city_legend_lines(atlas: Atlas, lang: str) -> list[str]:
    """The cities of republican significance, as plain text lines."""
    names = ", ".join(p.name.get(lang) for p in atlas.places)
    return [tr(lang, "legend_city", names=names)]


def export_of_shown_view(extension: str, atlas: Atlas, box: state.ViewBox, day: date,
                         deck: Deck | None = None) -> bytes:
    """The file for what the session shows when the button is pressed: its language, filter
    and selection (the slide and the HTML zoom to the selection); with a `deck` open, the
    PowerPoint, the PDF and the ZIP are that deck's steps (without one, the built-in tour's).
    Made once per server for the same view and kept: a room pressing Download on the deck
    being presented makes it once."""
    view = box.view
    return exports.make_once(extension, views.atlas_of(view, atlas), view.lang, view.visible,
                             day, command=view.command, oblast=view.oblast, deck=deck)


DOWNLOADS_KEY = "downloads_open"  # the "Downloads" expander's key


def keep_open(key: str, opened: bool | None = None) -> None:
    """Before a stateful expander is drawn: keep it as the viewer left it (or `opened`).
    Its label (the language) is part of its identity, and a new identity starts closed: a
    viewer who opened it and switched language would find it shut."""
    if opened is None:
        opened = st.session_state.get(key)  # the last run's, under its old label too
    if opened is not None:
        st.session_state[key] = opened


def render_downloads(atlas: Atlas, view: View, deck: Deck | None = None) -> None:
    """Download buttons; each file is made only when its button is pressed, from the view shown
    then (a click on the map changes the selection without redrawing the sidebar)."""
    lang, today, box = view.lang, date.today(), state.view_box()
    keep_open(DOWNLOADS_KEY)
    # The buttons are drawn when the box is opened (a rerun), not while it is closed: seven
    # widgets less for the browser to render on every first load (issue 22: total blocking
    # time).
    with st.expander(tr(lang, "exports"), key=DOWNLOADS_KEY, on_change="rerun") as downloads:
        if not downloads.open:
            return
        for fmt in exports.FORMATS:
            st.download_button(
                tr(lang, fmt.label), mime=fmt.mime, on_click="ignore", width="stretch",
                data=partial(export_of_shown_view, fmt.extension, atlas, box, today, deck),
                file_name=exports.export_filename(fmt.kind, lang, today, fmt.extension,
                                                  atlas.division.id),
                key=f"download_{fmt.extension}")
