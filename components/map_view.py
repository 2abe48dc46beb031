"""The folium map: a base that stays the same across reruns, and overlays that change.

streamlit-folium reloads the map frame whenever the map's JavaScript changes, losing the
user's zoom. So the base map depends only on the language: context, territories coloured by
command, tooltips. Everything that follows the user's choices (selection outline, filtered-out
commands greyed, HQ markers, labels) is drawn by overlay feature groups, which streamlit-folium
swaps on the live map without a reload.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

import folium
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from components.i18n import tr
from components.style import (
    BORDER_COLOUR,
    CONTEXT_BORDER_COLOUR,
    DIM_OPACITY,
    FILL_OPACITY,
    HIDDEN_COLOUR,
    HQ_STAR_COLOUR,
    LAND_COLOUR,
    SEA_COLOUR,
    SELECTION_COLOUR,
    UNASSIGNED_COLOUR,
)
from geo.atlas import Atlas

KAZAKHSTAN_CENTRE = (48.2, 67.5)
MIN_ZOOM, MAX_ZOOM = 3, 9
MAP_CSS = f"""
<style>
  .leaflet-container {{ background: {LAND_COLOUR}; font: 13px/1.4 "Source Sans Pro", sans-serif; }}
  .oblast-label {{ pointer-events: none; white-space: nowrap; font-weight: 600; font-size: 11px;
                  color: #222; text-shadow: 0 0 3px #fff, 0 0 3px #fff;
                  transform: translate(-50%, -50%); }}
  .hq-icon {{ background: none; border: none; }}
</style>
"""


@dataclass(frozen=True)
class MapAssets:
    """Where the map loads Leaflet from: URLs on the app's own server, or, for a file that
    must open with no server at all, Leaflet's code itself (`inline=True`)."""

    leaflet_js: str
    leaflet_css: str
    inline: bool = False


def command_label(atlas: Atlas, command_id: str | None, lang: str) -> str:
    """`Regional Command «Astana»`, or the text for a territory with no command."""
    if command_id is None:
        return tr(lang, "no_command")
    return tr(lang, "regional_command", name=atlas.command(command_id).name.get(lang))


def fill_colour(atlas: Atlas, command_id: str | None) -> str:
    """The fill of a territory: its command's colour."""
    return atlas.command(command_id).colour if command_id else UNASSIGNED_COLOUR


def territory_collection(atlas: Atlas, lang: str, codes=None) -> dict:
    """Territories as GeoJSON; every text property is HTML-escaped (tooltips are raw HTML)."""
    features = []
    for row in atlas.territories.itertuples():
        if codes is not None and row.code not in codes:
            continue
        features.append({
            "type": "Feature",
            "geometry": mapping(row.geometry),
            "properties": {
                "code": row.code,
                "fill": fill_colour(atlas, row.command),
                "name": escape(getattr(row, f"name_{lang}")),
                "command": escape(command_label(atlas, row.command, lang)),
                "centre": escape(getattr(row, f"centre_{lang}")),
            },
        })
    return {"type": "FeatureCollection", "features": features}


def context_collection(atlas: Atlas) -> dict:
    """Neighbouring countries and the Caspian, geometry only (they carry no tooltip)."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": mapping(row.geometry),
         "properties": {"kind": row.kind}}
        for row in atlas.context.itertuples()]}


def new_map(assets: MapAssets, centre=KAZAKHSTAN_CENTRE, zoom: int = 4) -> folium.Map:
    """An empty folium map with no tiles that loads only Leaflet, from `assets`."""
    fmap = folium.Map(location=centre, zoom_start=zoom, tiles=None, min_zoom=MIN_ZOOM,
                      max_zoom=MAX_ZOOM, control_scale=True, prefer_canvas=False,
                      zoom_snap=0.25, zoom_delta=0.5)
    # folium's defaults pull jQuery, Bootstrap and Font Awesome from CDNs; the map needs none.
    if assets.inline:
        fmap.default_js, fmap.default_css = [], []
        header = fmap.get_root().header
        header.add_child(folium.Element(f"<style>{assets.leaflet_css}</style>"), name="leaflet_css")
        header.add_child(folium.Element(f"<script>{assets.leaflet_js}</script>"), name="leaflet")
    else:
        fmap.default_js = [("leaflet", assets.leaflet_js)]
        fmap.default_css = [("leaflet_css", assets.leaflet_css)]
    fmap.get_root().header.add_child(folium.Element(MAP_CSS), name="map_css")
    return fmap


def build_base_map(atlas: Atlas, lang: str, assets: MapAssets) -> folium.Map:
    """The part of the map that changes only with the language."""
    fmap = new_map(assets)
    # The map's background is land, so the context box's edges never show; the Caspian is
    # drawn as water and the borders as lines (without the box's straight cut).
    folium.GeoJson(
        context_collection(atlas), name="context", interactive=False,
        style_function=lambda f: {
            "fillColor": SEA_COLOUR if f["properties"]["kind"] == "sea" else LAND_COLOUR,
            "fillOpacity": 1, "stroke": False},
    ).add_to(fmap)
    folium.GeoJson(mapping(atlas.context_borders), name="borders", interactive=False,
                   style_function=lambda f: {"color": CONTEXT_BORDER_COLOUR, "weight": 0.9},
                   ).add_to(fmap)
    folium.GeoJson(
        territory_collection(atlas, lang), name="territories",
        attribution="Natural Earth",
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": FILL_OPACITY,
                                  "color": BORDER_COLOUR, "weight": 1.2},
        highlight_function=lambda f: {"weight": 3, "color": "#333333"},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "command", "centre"],
            aliases=[escape(tr(lang, "name")), escape(tr(lang, "tooltip_command")),
                     escape(tr(lang, "tooltip_centre"))],
            sticky=True),
    ).add_to(fmap)
    return fmap


def star_svg(colour: str) -> str:
    """An HQ star: dark with a white halo, readable on any fill, ringed in the command's colour
    (`colour` is validated as #rrggbb at load)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="30" height="30" viewBox="0 0 24 24">'
            f'<circle cx="12" cy="12.5" r="11" fill="#ffffff" stroke="{colour}" '
            f'stroke-width="2"/>'
            f'<path d="M12 3.8l2.4 5.2 5.7.6-4.3 3.9 1.2 5.6L12 16.3l-5 2.8 1.2-5.6-4.3-3.9'
            f' 5.7-.6z" fill="{HQ_STAR_COLOUR}"/></svg>')


class FitBounds(MacroElement):
    """Fit the live map to bounds once per focus request.

    streamlit-folium re-runs every overlay's script whenever any overlay changes (a click
    changes the selection outline); the token makes the fit happen only when the user asked
    for a new focus, so a click never moves the map. Leaflet fits to the frame's real size.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.__focusToken !== {{ this.token }}) {
            window.__focusToken = {{ this.token }};
            window.map.fitBounds({{ this.bounds }}, {padding: [8, 8]});
        }
        {% endmacro %}
    """)

    def __init__(self, bounds: tuple[float, float, float, float], token: int) -> None:
        super().__init__()
        west, south, east, north = (float(v) for v in bounds)
        self.bounds = json.dumps([[south, west], [north, east]])
        self.token = int(token)


def build_overlays(atlas: Atlas, lang: str, *, visible: tuple[str, ...],
                   command: str | None, oblast: str | None, show_labels: bool,
                   show_hq: bool = True, dim_others: bool = False,
                   focus: tuple[tuple[float, float, float, float], int] | None = None,
                   ) -> list[folium.FeatureGroup]:
    """Overlay groups for the current choices; they never capture a click meant for a territory.

    `focus` is (bounds, token): the map fits `bounds` when `token` differs from the last one.
    `dim_others` veils every territory outside the selected command (a briefing step).
    """
    hidden = [c.id for c in atlas.commands if c.id not in visible]
    faded = folium.FeatureGroup(name="hidden")
    hidden_codes = set(atlas.territories.index[atlas.territories["command"].isin(hidden)])
    if hidden_codes:
        folium.GeoJson(
            territory_collection(atlas, lang, hidden_codes), interactive=False,
            style_function=lambda f: {"fillColor": HIDDEN_COLOUR, "fillOpacity": 1,
                                      "color": BORDER_COLOUR, "weight": 1.2},
        ).add_to(faded)

    if command and dim_others:
        others = set(atlas.territories.index[atlas.territories["command"] != command])
        folium.GeoJson(territory_collection(atlas, lang, others), interactive=False,
                       style_function=lambda f: {"fillColor": "#ffffff",
                                                 "fillOpacity": DIM_OPACITY, "stroke": False},
                       ).add_to(faded)

    selection = folium.FeatureGroup(name="selection")
    if command:
        own = set(atlas.territories.index[atlas.territories["command"] == command])
        folium.GeoJson(territory_collection(atlas, lang, own), interactive=False,
                       style_function=lambda f: {"fill": False, "color": SELECTION_COLOUR,
                                                 "weight": 2.5}).add_to(selection)
    if oblast:
        folium.GeoJson(territory_collection(atlas, lang, {oblast}), interactive=False,
                       style_function=lambda f: {"fill": False, "color": SELECTION_COLOUR,
                                                 "weight": 5}).add_to(selection)

    labels = folium.FeatureGroup(name="labels")
    if show_labels:
        for row in atlas.territories.itertuples():
            if row.kind == "oblast":
                point = row.geometry.representative_point()
                folium.Marker(
                    [point.y, point.x], interactive=False,
                    icon=folium.DivIcon(html='<div class="oblast-label">'
                                        f'{escape(getattr(row, f"name_{lang}"))}</div>',
                                        icon_size=(0, 0)),
                ).add_to(labels)

    markers = folium.FeatureGroup(name="hq")
    if show_hq:
        for item in atlas.commands:
            if item.id not in visible:
                continue
            tooltip = f"{tr(lang, 'tooltip_hq')}: {command_label(atlas, item.id, lang)} — " \
                      f"{item.hq.name.get(lang)}"
            folium.GeoJson(
                {"type": "FeatureCollection", "features": [{
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [item.hq.lon, item.hq.lat]},
                    "properties": {"hq": item.id, "label": escape(tooltip)}}]},
                marker=folium.Marker(icon=folium.DivIcon(
                    html=star_svg(item.colour), icon_size=(30, 30), icon_anchor=(15, 15),
                    class_name="hq-icon")),
                tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
            ).add_to(markers)
    view = folium.FeatureGroup(name="view")
    if focus is not None:
        view.add_child(FitBounds(*focus))
    # Order matters: later groups are drawn on top.
    return [faded, selection, labels, markers, view]


def clicked_target(value: dict | None) -> tuple[str, str] | None:
    """What a streamlit-folium value says was clicked: ("territory", code) or ("hq", id)."""
    if not isinstance(value, dict):
        return None
    drawing = value.get("last_active_drawing")
    properties = drawing.get("properties") if isinstance(drawing, dict) else None
    if not isinstance(properties, dict):
        return None
    if isinstance(properties.get("hq"), str):
        return "hq", properties["hq"]
    if isinstance(properties.get("code"), str):
        return "territory", properties["code"]
    return None
