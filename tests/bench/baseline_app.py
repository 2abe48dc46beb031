"""The benchmark's baseline: the same map and panels built the obvious, naive way.

Raw (unsimplified) boundaries embedded in the page, one folium GeoJson choropleth styled per
feature, the data read and the map rebuilt on every rerun, st_folium's default
returned_objects (every pan and zoom reruns the script). It does not outline the selection:
drawn into the map, the outline changes the map, its frame reloads and the next click is lost
(a known streamlit-folium trap), so the naive app could not be clicked through at all.
Leaflet is served locally, as in the app, so that both can be measured offline. Not used by
the app; run by tests/bench/run.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from components import content, panels  # noqa: E402
from components.assets import LEAFLET_CSS, LEAFLET_JS  # noqa: E402
from geo.atlas import DATA_DIR, load_atlas  # noqa: E402
from tests.bench.build_raw import RAW_BOUNDARIES  # noqa: E402

st.set_page_config(layout="wide")
atlas = load_atlas(DATA_DIR)  # every rerun
raw = json.loads(RAW_BOUNDARIES.read_text(encoding="utf-8"))
context = json.loads((DATA_DIR / "context.geojson").read_text(encoding="utf-8"))
for feature in raw["features"]:
    code = feature["properties"]["code"]
    command = atlas.territories.loc[code, "command"]
    feature["properties"]["name"] = atlas.territories.loc[code, "name_en"]
    feature["properties"]["colour"] = atlas.command(command).colour if command else "#9e9e9e"
    feature["properties"]["command"] = atlas.command(command).name.en if command else "-"

selected = st.session_state.get("selected")
fmap = folium.Map(location=[48.2, 67.5], zoom_start=4, tiles=None)
fmap.default_js = [("leaflet", LEAFLET_JS)]
fmap.default_css = [("leaflet_css", LEAFLET_CSS)]
folium.GeoJson(context, style_function=lambda f: {"fillColor": "#f3f1ec", "weight": 0.5}
               ).add_to(fmap)
folium.GeoJson(raw, style_function=lambda f: {"fillColor": f["properties"]["colour"],
                                              "fillOpacity": 0.78, "color": "#ffffff",
                                              "weight": 1.2},
               tooltip=folium.GeoJsonTooltip(["name", "command"])).add_to(fmap)
for command in atlas.commands:
    folium.CircleMarker([command.hq.lat, command.hq.lon], radius=8, color="#111111",
                        fill=True, tooltip=command.name.en).add_to(fmap)

left, right = st.columns([5, 3])
with left:
    result = st_folium(fmap, height=640, use_container_width=True)
drawing = (result or {}).get("last_active_drawing")
if drawing and drawing.get("properties", {}).get("code") in atlas.territories.index:
    selected = drawing["properties"]["code"]
    st.session_state["selected"] = selected
with right:
    if selected:
        panels.render_territory(content.territory_row(atlas, selected, "en"), "en")
        command = atlas.territories.loc[selected, "command"]
        if command:
            panels.render_command(content.command_card(atlas, command, "en"), "en")
    else:
        panels.render_armed_forces(content.overview_facts(atlas, "en"), "en")
