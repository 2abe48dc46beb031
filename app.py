"""Briefing map of Kazakhstan's four Land Forces regional commands: `streamlit run app.py`."""

from __future__ import annotations

import logging
import os

import streamlit as st
from streamlit_folium import st_folium

from components import briefing, content, panels, sidebar, state
from components import view as views
from components.assets import LEAFLET_CSS, LEAFLET_JS
from components.i18n import DEFAULT_LANGUAGE, LANGUAGES, tr
from components.map import MapAssets, build_base_map, build_overlays
from components.text import md_escape
from components.view import View
from geo.atlas import DATA_DIR, Atlas, data_stamp, load_atlas_or_error
from geo.errors import DataError

MAP_HEIGHT_PX = 640
BRIEFING_MAP_HEIGHT_PX = 820  # fills a 1920×1080 projector under the step controls
# Only what the app reads: clicks rerun the script, pans and zooms do not.
RETURNED_OBJECTS = ["last_active_drawing", "last_object_clicked"]

log = logging.getLogger("kz_commands")


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_atlas(data_dir: str, stamp: tuple) -> Atlas | DataError:
    """The validated data, or the error of a broken file, loaded once per data directory and
    state of its files (`stamp`): every viewer shares one load (nothing changes an Atlas), a
    broken file is not read again by every viewer, and a fixed file is read again."""
    return load_atlas_or_error(data_dir)


def url_language() -> str:
    """The language a link asks for, before anything else is known."""
    lang = str(st.query_params.get("lang", DEFAULT_LANGUAGE)).strip().lower()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def draw_map(atlas: Atlas, view: View, height: int) -> None:
    """The map: a base that changes only with the language, overlays for the view."""
    st_folium(
        build_base_map(atlas, view.lang, MapAssets(LEAFLET_JS, LEAFLET_CSS)),
        key=state.MAP_KEY, height=height, use_container_width=True,
        returned_objects=RETURNED_OBJECTS,
        # The overlays do not depend on a click's selection (the browser draws that), so a
        # click leaves the map's arguments unchanged and the map is not sent again.
        feature_group_to_add=build_overlays(
            atlas, view.lang, visible=view.visible, focus=view.focus,
            show_labels=view.show_labels, show_hq=view.show_hq, dim_others=view.briefing,
            show_frontiers=view.show_frontiers),
    )
    panels.render_map_description(content.map_description(atlas, view), view.lang)


def show_notices(view: View, atlas: Atlas) -> None:
    """What the link asked for that was ignored, with a button to hide it."""
    for notice in view.notices:
        st.warning(md_escape(content.notice_text(atlas, view.lang, notice)))
    if view.notices:
        st.button(tr(view.lang, "dismiss"), on_click=state.update,
                  args=(views.dismiss_notices, atlas), key="dismiss_notices")


def explore_page(atlas: Atlas, view: View) -> None:
    """The map beside the selected command's or territory's panel; the overview below."""
    st.header(tr(view.lang, "title"))
    st.caption(md_escape(tr(view.lang, "subtitle")))
    show_notices(view, atlas)
    map_column, panel_column = st.columns([5, 3], gap="medium")
    with map_column:
        draw_map(atlas, view, MAP_HEIGHT_PX)
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


def briefing_page(atlas: Atlas, view: View) -> None:
    """Step controls, then the map beside the step's large panel."""
    briefing.render_controls(atlas, view)
    show_notices(view, atlas)
    map_column, panel_column = st.columns([3, 2], gap="medium")
    with map_column:
        draw_map(atlas, view, BRIEFING_MAP_HEIGHT_PX)
    with panel_column:
        sidebar.render_search(atlas, view)
        briefing.render_panel(atlas, view)


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
    view = state.begin(atlas)
    st.set_page_config(page_title=tr(view.lang, "title"))
    panels.page_style(view.briefing)
    sidebar.render(atlas, view)
    (briefing_page if view.briefing else explore_page)(atlas, view)
    state.finish(view, atlas)


# A briefing link opens with the sidebar out of the way.
st.set_page_config(page_title=tr(url_language(), "title"), page_icon="★", layout="wide",
                   initial_sidebar_state="collapsed" if st.query_params.get("mode") == "briefing"
                   else "auto")
try:
    main()
except Exception:
    # The room sees a short page in its language; the traceback goes to the server log only.
    log.exception("the page raised; showing the apology page")
    state.mark_failed()
    st.rerun()
