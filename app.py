"""Briefing map of Kazakhstan's four Land Forces regional commands: `streamlit run app.py`."""

from __future__ import annotations

import gc
import logging
import os

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import (
    briefing,
    composer,
    content,
    deck_view,
    panels,
    presenter,
    sidebar,
    state,
    theme,
)
from components import view as views
from components.decks.model import Deck
from components.decks.store import data_dir, new_key, open_store
from components.i18n import DEFAULT_LANGUAGE, LANGUAGES, tr
from components.map.frame import OverlayChoice, map_key, show_map
from components.text import md_escape
from components.view import View
from geo.atlas import DATA_DIR, Atlas, data_stamp, load_atlas_or_error
from geo.errors import DataError

# Only what the app reads: clicks rerun the script, pans and zooms do not.
RETURNED_OBJECTS = ["last_active_drawing", "last_object_clicked"]

log = logging.getLogger("kz_commands")


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_atlas(data_dir: str, stamp: tuple) -> Atlas | DataError:
    """The validated data, or the error of a broken file, loaded once per data directory and
    state of its files (`stamp`): every viewer shares one load (nothing changes an Atlas), a
    broken file is not read again by every viewer, and a fixed file is read again."""
    atlas = load_atlas_or_error(data_dir)
    # What the server holds from now on (the libraries, the data) is left out of Python's
    # full collections, which walked all of it: about 0.1 s each, one per 150 runs of a page
    # (gc.callbacks in a room of 30 projectors: 0.7 ms per projector and step, 0.3 after).
    # Refcounting still frees it; only a cycle in it would never be collected.
    gc.freeze()
    return atlas


@st.cache_resource(show_spinner=False)
def cached_store(url: str | None, where: str):
    """The decks' store, one per server and place (`where`: the SQLite file's folder, which
    open_store reads from the environment)."""
    return open_store(url)


def deck_store():
    """The decks' store: SQLite in $KZ_DATA_DIR, or the database at $KZ_DATABASE_URL (it
    connects on first use); None for a URL it cannot use (the map goes on; the composer
    says so)."""
    try:
        return cached_store(os.environ.get("KZ_DATABASE_URL") or None, str(data_dir()))
    except ValueError:
        log.exception("the decks' store cannot be opened")
        return None


def url_language() -> str:
    """The language a link asks for, before anything else is known."""
    lang = str(st.query_params.get("lang", DEFAULT_LANGUAGE)).strip().lower()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def draw_map(atlas: Atlas, view: View, height: int, caption: str | None = None) -> None:
    """The map: a base that changes only with the language, overlays for the view, both
    rendered once and reused (components/map/frame.py). `caption`: full screen's, for a
    deck's step (briefing.map_caption)."""
    # The overlays do not depend on a click's selection (the browser draws that), so a click
    # leaves the map's arguments unchanged and the map is not sent again.
    choice = OverlayChoice(visible=view.visible, focus=view.focus,
                           show_labels=view.show_labels, show_hq=view.show_hq,
                           dim_others=view.briefing, show_frontiers=view.show_frontiers,
                           show_rivers=view.show_rivers, theme=view.theme, caption=caption)
    # The map's box has a height from the first paint (the frame's on a phone, where the panel
    # is under the map), before the page's style and the frame arrive; the style then sizes box
    # and frame to the window (components/panels.py, map_height). `height` is what the frame
    # has until then.
    # A projector's map, once its frame has drawn the base map, receives only the overlays
    # at each step (frame.show_map's `drawn`): the base was most of a step's bytes and of
    # the server's time per projector. The first run of a page (or of a new language) sends
    # it whole.
    drawn = view.follow and state.projector_map_drawn(map_key(atlas, view.lang, state.MAP_KEY))
    with st.container(key="map_box", height=height, border=False):
        show_map(atlas, view.lang, choice, key=state.MAP_KEY, height=height,
                 returned_objects=RETURNED_OBJECTS, on_change=state.remember_map_value,
                 drawn=drawn)
    state.pause_in_first_run()  # the map's frame starts before the panels are drawn
    describe = (briefing.render_projector_map_description if view.follow
                else panels.render_map_description)
    describe(*content.map_description_parts(atlas, view), view.lang)


def show_notices(view: View, atlas: Atlas) -> None:
    """What the link asked for that was ignored, with a button to hide it. Always in one
    container, empty or not, so the map after it keeps its place in the page: a notice that
    comes or goes (a division switch) would otherwise make Streamlit reload the map's frame.
    A projector's notices are in its panel, after the map: none, no container (one element
    less sent at each step to each projector)."""
    if view.follow and not view.notices:
        return
    with st.container():
        for notice in view.notices:
            st.warning(md_escape(content.notice_text(atlas, view.lang, notice)))
        if view.notices:
            st.button(tr(view.lang, "dismiss"), on_click=state.update,
                      args=(views.dismiss_notices, atlas), key="dismiss_notices")


def explore_page(atlas: Atlas, view: View) -> None:
    """The map beside the selected command's or territory's panel; the overview below."""
    show_notices(view, atlas)
    map_column, panel_column = st.columns([5, 3], gap="medium")
    with map_column:
        draw_map(atlas, view, panels.PHONE_MAP_HEIGHT_PX)
    with panel_column:
        if view.oblast:
            panels.render_territory(content.territory_row(atlas, view.oblast, view.lang),
                                    view.lang)
        if view.command:
            panels.render_command(content.command_card(atlas, view.command, view.lang),
                                  view.lang)
        else:
            panels.render_armed_forces(content.overview_facts(atlas, view.lang), view.lang)
    if not view.command:
        panels.render_overview(content.command_cards(atlas, view.lang), view.lang)
        panels.render_frontier_overview(content.frontier_overview(atlas, view.lang), view.lang)


def briefing_page(atlas: Atlas, view: View, store=None, deck: Deck | None = None) -> None:
    """Step controls, then the map beside the step's large panel; a presenter sees the
    step's talking points, the next step and the clocks above the panel."""
    if not view.follow:  # a projector's row is drawn outside the fragment (main)
        briefing.render_controls(atlas, view, deck, on_step=lambda offset:
                                 presenter.step_to(store, atlas, deck, offset))
    map_column, panel_column = st.columns([3, 2], gap="medium")
    with map_column:
        draw_map(atlas, view, panels.PHONE_BRIEFING_MAP_HEIGHT_PX,
                 caption=briefing.map_caption(atlas, view, deck))
    briefing.place_steps_ahead(atlas, view)
    with panel_column, st.container(key="briefing_panel"):  # its own scroll region
        # Notices here, not above the map: there they pushed a projector's map below the fold.
        if view.follow:
            briefing.render_step_counter(atlas, view, deck)
        show_notices(view, atlas)
        if deck is not None and view.presenter:
            # The projector's link first: under a long step's notes it was below the fold.
            composer.render_room_links(view)
            presenter.render_presenter(store, deck, view)
        elif deck is not None and deck.steps:
            title = deck.steps[view.deck_step].title
            if title != briefing.panel_heading(atlas, view):  # said once, not twice
                st.subheader(md_escape(title))
        if not view.follow:
            sidebar.render_search(atlas, view)
        briefing.render_panel(atlas, view)


def open_linked_deck(atlas: Atlas, store) -> View:
    """A link's deck: read it, show its step (or say there is none). A presenter of the
    built-in tour gets a room of their own; a presenter without the deck's key sees a plain
    briefing (only the key drives a room), and a key that is not the deck's is dropped."""
    state.update(deck_view.own_room, atlas, new_key())
    state.update(deck_view.no_room_to_follow, atlas)
    view = state.current()
    deck = presenter.deck_of_view(store, atlas, view)
    if deck is not None and (view.presenter or view.deck_key) \
            and not composer.may_drive(store, view):
        state.update(deck_view.without_key, atlas, "notice_presenter_no_key"
                     if view.presenter else "notice_key_wrong")
    if state.current().deck_pending:
        state.update(deck_view.open_linked, atlas, deck,
                     presenter.stored_step(store, view.deck) if deck is not None else None)
    view = state.current()
    if view.presenter:
        presenter.tell_the_room(store, view)
    return view


def room_watcher(store) -> presenter.RoomWatcher | None:
    """The server's room watcher, or None where Streamlit's runtime cannot rerun a session
    (a projector then polls: poll_the_room)."""
    if store is None or get_script_run_ctx() is None:
        return None
    return presenter.room_watcher(store, str(id(store)))


def follow_the_room(atlas: Atlas, store, view: View) -> tuple[View, Deck | None]:
    """A projector, in the page's map-and-panels fragment: show the presenter's step. The
    server's room watcher reruns this fragment alone when the room moves (the rest of the
    page stays as it is); the deck and the map's arguments are made once per move for every
    projector (presenter.room_step)."""
    watcher = room_watcher(store)
    if watcher is None:
        return view, presenter.deck_of_view(store, atlas, view)
    return presenter.room_step(watcher, store, atlas, view, presenter.current_fragment_id())


@st.fragment(run_every=presenter.FOLLOW_INTERVAL_S)
def poll_the_room(atlas: Atlas, store) -> None:
    """A projector where the room watcher cannot be used: read the presenter's step (one
    shared read per server, however many follow) and rerun the page only when it changed."""
    view = state.current()
    step = presenter.position_cache(store, str(id(store))).step(view.deck)
    if step is None or step == view.deck_step:
        return
    deck = presenter.deck_of_view(store, atlas, view)
    if deck is not None:
        state.update(deck_view.apply_step, atlas, deck, step)
        st.rerun(scope="app")


@st.fragment
def map_and_panels(atlas: Atlas) -> None:
    """The page beside the sidebar. A click on the map reruns only this part: the sidebar,
    legend and downloads are neither rebuilt nor sent again. An action here that changes what
    the sidebar shows (a briefing step moves the focus) reruns the whole page."""
    try:
        view = state.begin(atlas)  # the session's view, after the map's click if any
        if state.outside_is_stale(view):
            st.rerun(scope="app")
        if view.briefing:
            store = deck_store()
            if view.follow:  # a projector: the room's step
                view, deck = follow_the_room(atlas, store, view)
                if state.outside_is_stale(view):  # the step changed the page's language
                    st.rerun(scope="app")
            else:
                deck = presenter.deck_of_view(store, atlas, view)
            drawn = views.atlas_of(view, atlas)  # the division the viewer draws
            briefing_page(drawn, view, store, deck)
        else:
            drawn = views.atlas_of(view, atlas)
            explore_page(drawn, view)
        state.finish(view, drawn)
    except Exception:
        # A fragment's rerun does not pass the script's handler below.
        log.exception("the map's part of the page raised; showing the apology page")
        state.mark_failed()
        st.rerun(scope="app")


def main() -> None:
    """Load the data, take the viewer's view, draw its page, mirror it into the URL."""
    data_dir = os.environ.get("KZ_COMMANDS_DATA_DIR", str(DATA_DIR))
    atlas = cached_atlas(data_dir, data_stamp(data_dir))
    if isinstance(atlas, DataError):
        panels.render_data_error(atlas, url_language())
        return
    if state.take_failure():
        lang = state.language(default=url_language())
        panels.render_unexpected_error(lang, on_back=state.reset, args=(atlas, lang))
        return
    state.note_first_run()
    view = state.begin(atlas)
    store = deck_store()
    if view.deck_pending or composer.key_unchecked(view):
        view = open_linked_deck(atlas, store)
    if view.follow and store is not None and room_watcher(store) is None:
        poll_the_room(atlas, store)  # no room watcher here: the projector polls
    # Entering briefing mode by the sidebar's switch puts the sidebar out of the way, as a
    # briefing link opens with it closed; leaving it opens it again.
    # The layout again (wide): left unset, the page was sometimes drawn narrow, then widened.
    st.set_page_config(page_title=tr(view.lang, "title"), layout="wide",
                       initial_sidebar_state="collapsed" if view.briefing else "auto")
    drawn = views.atlas_of(view, atlas)  # the division the viewer draws
    # The sidebar before anything in the page: Streamlit's top gap depends on it (a closed
    # sidebar's button takes the header band), so what the page draws after it never moves.
    if not view.follow:  # a projector is driven by its presenter: no sidebar to draw
        # The deck open in the page (being composed or presented) shapes the downloads.
        open_deck = presenter.deck_of_view(store, atlas, view) if view.deck else None
        sidebar.render(drawn, view, None if view.briefing
                       else lambda: composer.render(store, atlas, view), open_deck)
        state.pause_in_first_run()  # the sidebar drawn in a task of its own
    if not view.briefing:
        st.header(tr(view.lang, "title"))
        st.caption(md_escape(content.subtitle(drawn, view.lang)))
    state.outside_drawn(view)
    if view.follow and view.briefing:
        # A projector's title, language and theme: the same at every step, so not in the
        # fragment each step reruns for every projector in the room.
        briefing.render_controls(drawn, view)
    map_and_panels(atlas)
    if view.briefing:
        # Outside the map's fragment: the same for every step, so a step's rerun (each
        # projector's, in a room) neither rebuilds nor sends it.
        briefing.render_style_and_keys(view.lang, projector=view.follow)
    # Last: until Streamlit has loaded the code that draws it, the style holds a placeholder's
    # room, which above the title pushed the page down (issue 22: layout shift).
    panels.page_style(view.briefing)
    # The dark theme's page style, likewise last; always one element, dark or not.
    st.html(theme.PAGE_CSS if view.theme == "dark" else "<style></style>")
    state.end_first_run()


# A briefing link opens with the sidebar out of the way. The icon is an emoji Streamlit knows
# ("⭐"): it is drawn from an inline SVG. "★" is not one, so Streamlit took it for an image's
# address and the browser fetched "/★" (the app's HTML page, 2.4 KB) after every click.
st.set_page_config(page_title=tr(url_language(), "title"), page_icon="⭐", layout="wide",
                   initial_sidebar_state="collapsed"
                   if st.query_params.get("mode") in ("briefing", "presenter") else "auto")
try:
    main()
except Exception:
    # The room sees a short page in its language; the traceback goes to the server log only.
    log.exception("the page raised; showing the apology page")
    state.mark_failed()
    st.rerun()
