"""Briefing map of Kazakhstan's four Land Forces regional commands: `streamlit run app.py`."""

from __future__ import annotations

import os
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from components import briefing, panels, sidebar, state
from components.assets import LEAFLET_CSS, LEAFLET_JS
from components.i18n import tr
from components.map_view import MapAssets, build_base_map, build_overlays
from components.text import md_escape
from components.url_state import parse_view
from geo.atlas import DATA_DIR, Atlas, data_stamp, load_atlas_or_error
from geo.errors import DataError

MAP_HEIGHT_PX = 640
BRIEFING_MAP_HEIGHT_PX = 820  # fills a 1920×1080 projector under the step controls
# Only what the app reads: clicks rerun the script, pans and zooms do not.
RETURNED_OBJECTS = ["last_active_drawing", "last_object_clicked"]


@st.cache_data(show_spinner=False, max_entries=4)
def cached_atlas(data_dir: str, stamp: tuple) -> Atlas | DataError:
    """The validated data, or the error of a broken file, loaded once per data directory and
    state of its files (`stamp`): every viewer shares one load, and a fixed file is read again."""
    return load_atlas_or_error(data_dir)


# A briefing link opens with the sidebar out of the way.
st.set_page_config(page_title="KZ Land Forces — regional commands", page_icon="★",
                   layout="wide",
                   initial_sidebar_state="collapsed" if st.query_params.get("mode") == "briefing"
                   else "auto")
data_dir = os.environ.get("KZ_COMMANDS_DATA_DIR", str(DATA_DIR))
atlas = cached_atlas(data_dir, data_stamp(data_dir))
if isinstance(atlas, DataError):
    # The data are unreadable, but the URL's language still is.
    view, _ = parse_view({"lang": st.query_params.get("lang", "en")}, [], {})
    panels.render_data_error(atlas, view.lang)
    st.stop()

panels.page_style()
state.initialise(atlas)
sidebar.render(atlas)
lang = st.session_state["lang"]

in_briefing = st.session_state["briefing"]
if in_briefing:
    briefing.render_controls(atlas, lang)
else:
    st.header(tr(lang, "title"))
    st.caption(md_escape(tr(lang, "subtitle")))
for notice in state.notices():
    st.warning(md_escape(tr(lang, notice.key, **notice.values)))
if state.notices():
    st.button(tr(lang, "dismiss"), on_click=state.dismiss_notices, key="dismiss_notices")

map_column, panel_column = st.columns([3, 2] if in_briefing else [5, 3], gap="medium")
with map_column:
    st_folium(
        build_base_map(atlas, lang, MapAssets(LEAFLET_JS, LEAFLET_CSS)),
        key=state.MAP_KEY, height=BRIEFING_MAP_HEIGHT_PX if in_briefing else MAP_HEIGHT_PX,
        use_container_width=True, returned_objects=RETURNED_OBJECTS,
        # The overlays do not depend on a click's selection (the browser draws that), so a
        # click leaves the map's arguments unchanged and the map is not sent again.
        feature_group_to_add=build_overlays(
            atlas, lang, visible=tuple(st.session_state["visible"]),
            focus=st.session_state["focus"], show_labels=st.session_state["show_labels"],
            show_hq=st.session_state["show_hq"], dim_others=in_briefing),
        on_change=partial(state.on_map_clicked, atlas),
    )
with panel_column:
    if in_briefing:
        briefing.render_panel(atlas, lang)
    else:
        if st.session_state["oblast"]:
            panels.render_territory(atlas, st.session_state["oblast"], lang)
        if st.session_state["command"]:
            panels.render_command(atlas, st.session_state["command"], lang)
        else:
            panels.render_armed_forces(atlas, lang)
if not in_briefing and not st.session_state["command"]:
    panels.render_overview(atlas, lang)

state.write_url(atlas)
