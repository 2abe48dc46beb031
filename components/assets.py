"""Serve Leaflet from the app's own server, so the map draws with no internet.

Streamlit serves a declared component's directory at /component/<name>/; declaring one whose
path is the `xstatic-leaflet` package (Leaflet 1.9.3, the version folium uses) serves Leaflet's
files without copying them into the repository. Nothing here is ever rendered as a component.
"""

from __future__ import annotations

import streamlit.components.v1 as st_components
import xstatic.pkg.leaflet as xstatic_leaflet

_LEAFLET = st_components.declare_component("leaflet", path=xstatic_leaflet.BASE_DIR)
LEAFLET_COMPONENT_NAME = _LEAFLET.name  # "components.assets.leaflet"

# The map runs in streamlit-folium's frame at /component/streamlit_folium.st_folium/index.html;
# relative URLs keep working under a reverse proxy's base path.
LEAFLET_JS = f"../{LEAFLET_COMPONENT_NAME}/leaflet.js"
LEAFLET_CSS = f"../{LEAFLET_COMPONENT_NAME}/leaflet.css"
