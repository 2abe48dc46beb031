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
    HOVER_COLOUR,
    HQ_STAR_COLOUR,
    LAND_COLOUR,
    SEA_COLOUR,
    SELECTION_COLOUR,
    UNASSIGNED_COLOUR,
)
from components.view import Focus
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


def territory_collection(atlas: Atlas, lang: str) -> dict:
    """Territories as GeoJSON; every text property is HTML-escaped (tooltips are raw HTML)."""
    features = []
    for row in atlas.territories.itertuples():
        features.append({
            "type": "Feature",
            "geometry": mapping(row.geometry),
            "properties": {
                "code": row.code,
                "command_id": row.command,
                "fill": fill_colour(atlas, row.command),
                "name": escape(getattr(row, f"name_{lang}")),
                "command": escape(command_label(atlas, row.command, lang)),
                "centre": escape(getattr(row, f"centre_{lang}")),
            },
        })
    return {"type": "FeatureCollection", "features": features}


def sea_collection(atlas: Atlas) -> dict:
    """The Caspian. Neighbouring land needs no polygons: the map's background is land."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": mapping(row.geometry), "properties": {}}
        for row in atlas.context.itertuples() if row.kind == "sea"]}


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


class TerritoryStyler(MacroElement):
    """Styles the territories in the browser, so a click outlines its territory at once and
    the map's arguments stay the same (streamlit-folium re-sends the whole map whenever an
    argument changes). It also reports a click to Streamlit straight away instead of after
    streamlit-folium's 250 ms debounce, in exactly the form streamlit-folium would send, so
    its own debounced report finds nothing new and sends nothing.

    State lives in `window.__kz`; ViewUpdate (an overlay) sets the filter, the dimming and,
    once per focus request, the selection.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var layer = {{ this.layer.get_name() }};
          var S = {{ this.styles }};
          var kz = window.__kz = {layer: layer, map: {{ this.map.get_name() }}, token: null,
            state: {selected: null, command: null, visible: null, dim: false}};
          kz.styleOf = function (p) {
            var st = kz.state;
            var shown = st.visible === null || p.command_id === null ||
                        st.visible.indexOf(p.command_id) >= 0;
            var style = {fillColor: shown ? p.fill : S.hidden,
                         fillOpacity: shown ? S.fillOpacity : 1,
                         color: S.border, weight: 1.2, opacity: 1};
            if (st.dim && st.command && p.command_id !== st.command) {
              style.fillOpacity = S.dimOpacity;
            }
            if (st.command && p.command_id === st.command) {
              style.color = S.selection; style.weight = 2.5;
            }
            if (st.selected === p.code) { style.color = S.selection; style.weight = 5; }
            return style;
          };
          kz.apply = function () {
            layer.eachLayer(function (l) {
              l.setStyle(kz.styleOf(l.feature.properties));
              if (l.feature.properties.command_id === kz.state.command) { l.bringToFront(); }
            });
            layer.eachLayer(function (l) {
              if (l.feature.properties.code === kz.state.selected) { l.bringToFront(); }
            });
          };
          layer.on('mouseover', function (e) { e.layer.setStyle({weight: 3, color: S.hover}); });
          layer.on('mouseout', function (e) {
            e.layer.setStyle(kz.styleOf(e.layer.feature.properties));
          });
          layer.on('click', function (e) {
            var p = e.layer.feature.properties;
            kz.state.selected = p.code;
            kz.state.command = p.command_id;
            kz.apply();
            var g = window.__GLOBAL_DATA__;
            if (!g || !window.Streamlit || !g.returned_objects) { return; }
            var full = {last_object_clicked: e.latlng, last_active_drawing: e.layer.toGeoJSON()};
            var data = {};
            Object.keys(full).forEach(function (k) {
              if (g.returned_objects.indexOf(k) >= 0) { data[k] = full[k]; }
            });
            if (JSON.stringify(g.previous_data) === JSON.stringify(data)) { return; }
            g.previous_data = data;
            window.Streamlit.setComponentValue(data);
          });
          kz.apply();
        })();
        {% endmacro %}
    """)

    def __init__(self, layer: folium.GeoJson, fmap: folium.Map) -> None:
        super().__init__()
        self.layer, self.map = layer, fmap
        self.styles = json.dumps({
            "hidden": HIDDEN_COLOUR, "fillOpacity": FILL_OPACITY, "border": BORDER_COLOUR,
            "dimOpacity": DIM_OPACITY, "selection": SELECTION_COLOUR, "hover": HOVER_COLOUR})


def build_base_map(atlas: Atlas, lang: str, assets: MapAssets) -> folium.Map:
    """The part of the map that changes only with the language."""
    fmap = new_map(assets)
    # The map's background is land, so the context box's edges never show; the Caspian is
    # drawn as water and the borders as lines (without the box's straight cut).
    folium.GeoJson(sea_collection(atlas), name="sea", interactive=False,
                   style_function=lambda f: {"fillColor": SEA_COLOUR, "fillOpacity": 1,
                                             "stroke": False}).add_to(fmap)
    folium.GeoJson(mapping(atlas.context_borders), name="borders", interactive=False,
                   style_function=lambda f: {"color": CONTEXT_BORDER_COLOUR, "weight": 0.9},
                   ).add_to(fmap)
    territories = folium.GeoJson(
        territory_collection(atlas, lang), name="territories",
        attribution="Natural Earth",
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": FILL_OPACITY,
                                  "color": BORDER_COLOUR, "weight": 1.2},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "command", "centre"],
            aliases=[escape(tr(lang, "name")), escape(tr(lang, "tooltip_command")),
                     escape(tr(lang, "tooltip_centre"))],
            sticky=True),
    ).add_to(fmap)
    fmap.add_child(TerritoryStyler(territories, fmap))
    return fmap


def star_svg(colour: str) -> str:
    """An HQ star: dark with a white halo, readable on any fill, ringed in the command's colour
    (`colour` is validated as #rrggbb at load)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="30" height="30" viewBox="0 0 24 24">'
            f'<circle cx="12" cy="12.5" r="11" fill="#ffffff" stroke="{colour}" '
            f'stroke-width="2"/>'
            f'<path d="M12 3.8l2.4 5.2 5.7.6-4.3 3.9 1.2 5.6L12 16.3l-5 2.8 1.2-5.6-4.3-3.9'
            f' 5.7-.6z" fill="{HQ_STAR_COLOUR}"/></svg>')


class SelectOnClick(MacroElement):
    """A click on an HQ star outlines its command at once, as a click on a territory does."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.on('click', function () {
          var kz = window.__kz;
          if (kz) { kz.state.command = {{ this.command }}; kz.state.selected = null; kz.apply(); }
        });
        {% endmacro %}
    """)

    def __init__(self, command_id: str) -> None:
        super().__init__()
        self.command = json.dumps(command_id)


class ViewUpdate(MacroElement):
    """The Python side's view for the browser styler: the filter and the dimming every time;
    the selection and a fit to bounds only when the token is new (a focus request from the
    sidebar, a briefing step or the URL). A click keeps its own selection and never moves
    the map, and streamlit-folium's re-running of every overlay script changes nothing."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var kz = window.__kz;
          if (!kz) { return; }
          kz.state.visible = {{ this.visible }};
          kz.state.dim = {{ this.dim }};
          if (kz.token !== {{ this.token }}) {
            kz.token = {{ this.token }};
            kz.state.selected = {{ this.selected }};
            kz.state.command = {{ this.command }};
            kz.map.fitBounds({{ this.bounds }}, {padding: [8, 8]});
          }
          kz.apply();
        })();
        {% endmacro %}
    """)

    def __init__(self, focus: Focus, visible: tuple[str, ...], dim: bool) -> None:
        super().__init__()
        west, south, east, north = (float(v) for v in focus.bounds)
        self.bounds = json.dumps([[south, west], [north, east]])
        self.token = int(focus.token)
        self.selected = json.dumps(focus.oblast)
        self.command = json.dumps(focus.command)
        self.visible = json.dumps(list(visible))
        self.dim = json.dumps(bool(dim))


def build_overlays(atlas: Atlas, lang: str, *, visible: tuple[str, ...], focus: Focus,
                   show_labels: bool, show_hq: bool = True,
                   dim_others: bool = False) -> list[folium.FeatureGroup]:
    """Small overlays for the current choices: HQ markers of the shown commands, oblast
    labels, and the view update (filter, dimming, focus). None captures a territory's click."""
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
            ).add_child(SelectOnClick(item.id)).add_to(markers)

    view = folium.FeatureGroup(name="view")
    view.add_child(ViewUpdate(focus, visible, dim_others))
    # Order matters: later groups are drawn on top.
    return [labels, markers, view]


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
