"""The folium map: a base that stays the same across reruns, and overlays that change.

streamlit-folium reloads the map frame whenever the map's JavaScript changes, losing the
user's zoom. So the base map depends only on the language: context, territories coloured by
command, tooltips. Everything that follows the user's choices (selection outline, filtered-out
commands greyed, HQ markers, labels) is drawn by overlay feature groups, which streamlit-folium
swaps on the live map without a reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import folium
import shapely
from pyproj import Transformer
from shapely.geometry import mapping
from shapely.ops import polylabel

from components.content import command_label, fill_colour
from components.i18n import tr
from components.map.encoding import encode_geometry
from components.map.label_layer import label_layouts, pack_layouts
from components.map.scripts import BrowserScript, ScriptSource
from components.style import (
    CITY_DOT_COLOUR,
    CONTEXT_BORDER_COLOUR,
    CONTEXT_BORDER_WEIGHT,
    CONTEXT_LABEL_COLOUR,
    FRONTIER_CASING_COLOUR,
    FRONTIER_CASING_WEIGHT,
    FRONTIER_WEIGHT,
    HQ_STAR_COLOUR,
    LABEL_FONT_FAMILY,
    LABEL_HALO_COLOUR,
    LABEL_TEXT_COLOUR,
    LAKE_COLOUR,
    LAND_COLOUR,
    LEASE_DASH,
    LEASE_OUTLINE_COLOUR,
    RIVER_COLOUR,
    RIVER_WEIGHT,
    SEA_COLOUR,
    SEA_LABEL_COLOUR,
    browser_style,
)
from components.theme import DARK_MAP_CSS, dark_territory_style
from components.view import Focus, briefing_steps
from geo.atlas import Atlas
from geo.labels import CITY_DOT_PX, LINE_HEIGHT

KAZAKHSTAN_CENTRE = (48.2, 67.5)
MIN_ZOOM, MAX_ZOOM = 3, 9


def halo(colour: str) -> str:
    """A CSS text-shadow that rings text with `colour` (a static style colour)."""
    return ", ".join(f"{x}px {y}px 2px {colour}" for x, y in
                     ((0, 0), (1, 1), (-1, -1), (1, -1), (-1, 1)))


MAP_CSS = f"""
<style>
  .leaflet-container {{ background: {LAND_COLOUR}; font: 13px/1.4 "Source Sans Pro", sans-serif; }}
  /* Names on the map (map_labels.js): the font and line height geo/labels.py measures. */
  .kz-label-anchor {{ background: none; border: none; }}
  .kz-label {{ position: absolute; white-space: nowrap; pointer-events: none;
              font-family: {LABEL_FONT_FAMILY}; line-height: {LINE_HEIGHT};
              color: {LABEL_TEXT_COLOUR};
              text-shadow: {halo(LABEL_HALO_COLOUR)}; }}
  .kz-label-country {{ color: {CONTEXT_LABEL_COLOUR}; text-shadow: {halo(LAND_COLOUR)}; }}
  .kz-label-sea, .kz-label-lake {{ color: {SEA_LABEL_COLOUR}; text-shadow: {halo(SEA_COLOUR)}; }}
  .kz-label-hidden {{ visibility: hidden; }}
  /* A region's name set apart from it (geo/labels.py): a thin line from a point inside it. */
  .kz-leader {{ position: absolute; overflow: visible; pointer-events: none; }}
  .kz-leader-casing {{ stroke: {LABEL_HALO_COLOUR}; stroke-linecap: round; }}
  .kz-leader-line {{ stroke: {LABEL_TEXT_COLOUR}; }}
  .hq-icon {{ background: none; border: none; }}
  /* The map fills its frame, whose height the page sets to the window's (see panels.py). */
  html, body {{ margin: 0; overflow: hidden; }}
  #map_div {{ height: 100vh !important; }}
  .kz-reset a {{ font: bold 15px/30px sans-serif; }}
  /* The dark theme, on when view_update.js puts kz-dark on the map (components/theme.py). */
  {DARK_MAP_CSS}
</style>
"""


FRONTIER_PANE = "kzFrontiers"  # over the territories (400), under the labels (550)
FRONTIER_PANE_Z = 420
WATER_PANE, WATER_PANE_Z = "kzWater", 405  # lakes and the lease, over the territories
RIVER_PANE, RIVER_PANE_Z = "kzRivers", 410


@dataclass(frozen=True)
class MapAssets:
    """Where the map loads Leaflet from: URLs on the app's own server, or, for a file that
    must open with no server at all, Leaflet's code itself (`inline=True`)."""

    leaflet_js: str
    leaflet_css: str
    inline: bool = False


MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
MERCATOR_INVERSE = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)


def name_anchor(geometry) -> list[float]:
    """[lat, lon] of the point deepest inside the largest part of `geometry` (its pole of
    inaccessibility, in Web Mercator as the map draws it): a box there lies inside it."""
    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda part: part.area)
    projected = shapely.transform(largest, MERCATOR.transform, interleaved=False)
    point = polylabel(projected, tolerance=500.0)  # metres
    lon, lat = MERCATOR_INVERSE.transform(point.x, point.y)
    return [round(lat, 4), round(lon, 4)]


def territory_features(atlas: Atlas, lang: str, divisions: tuple[str, ...]) -> list[dict]:
    """The territories of `divisions` for territory_styler.js: properties (every text
    HTML-escaped: tooltips are raw HTML), the divisions each is drawn in, and its outline
    encoded (components/map/encoding.py). A territory the same in two divisions (most are)
    is sent once."""
    features: list[dict] = []
    for division in divisions:
        own = atlas.in_division(division)
        for row in own.territories.itertuples():
            item = {"p": {
                "code": row.code,
                "command_id": row.command,
                "fill": fill_colour(own, row.command),
                "name": escape(getattr(row, f"name_{lang}")),
                "command": escape(command_label(own, row.command, lang)),
                "centre": escape(getattr(row, f"centre_{lang}")),
                # Derived from the oblast it was separated from: drawn hatched.
                "later": own.origin(row.code) is not None,
                # Where the selection's name box goes: the point deepest inside it.
                "anchor": name_anchor(row.geometry),
            }, "g": encode_geometry(row.geometry)}
            same = next((f for f in features if f["p"] == item["p"] and f["g"] == item["g"]),
                        None)
            if same is not None:
                same["d"].append(division)
            else:
                features.append({**item, "d": [division]})
    return features


def sea_collection(atlas: Atlas) -> dict:
    """The Caspian. Neighbouring land needs no polygons: the map's background is land."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": mapping(row.geometry), "properties": {}}
        for row in atlas.context.itertuples() if row.kind == "sea"]}


def water_config(atlas: Atlas) -> dict:
    """Lakes, rivers and the lease's outline for base_layers.js, encoded."""
    water = atlas.water
    return {
        "lakes": [encode_geometry(g) for g in water.loc[water["kind"] == "lake", "geometry"]],
        "rivers": [encode_geometry(g) for g in water.loc[water["kind"] == "river", "geometry"]],
        "lease": encode_geometry(atlas.lease.geometry),
        "lakeStyle": {"fillColor": LAKE_COLOUR, "fillOpacity": 1, "color": RIVER_COLOUR,
                      "weight": 0.8, "interactive": False, "pane": WATER_PANE,
                      "className": "kz-lake"},
        "riverStyle": {"color": RIVER_COLOUR, "weight": RIVER_WEIGHT, "interactive": False,
                       "pane": RIVER_PANE, "lineCap": "round", "className": "kz-river"},
        "leaseStyle": {"color": LEASE_OUTLINE_COLOUR, "weight": 1.5, "dashArray": LEASE_DASH,
                       "fill": False, "interactive": False, "pane": WATER_PANE,
                       "className": "kz-lease"},
    }


def new_map(assets: MapAssets, centre=KAZAKHSTAN_CENTRE, zoom: int = 4) -> folium.Map:
    """An empty folium map with no tiles that loads only Leaflet, from `assets`."""
    fmap = folium.Map(location=centre, zoom_start=zoom, tiles=None, min_zoom=MIN_ZOOM,
                      max_zoom=MAX_ZOOM, control_scale=False, prefer_canvas=False,
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
    folium.map.CustomPane(FRONTIER_PANE, z_index=FRONTIER_PANE_Z,
                          pointer_events=False).add_to(fmap)
    # Water and the lease's outline over the territories; a click goes through to the region.
    for pane, z_index in ((WATER_PANE, WATER_PANE_Z), (RIVER_PANE, RIVER_PANE_Z)):
        folium.map.CustomPane(pane, z_index=z_index, pointer_events=False).add_to(fmap)
    return fmap


def build_base_map(atlas: Atlas, lang: str, assets: MapAssets,
                   all_divisions: bool = True) -> folium.Map:
    """The part of the map that changes only with the language: the sea, the borders, the
    territories of every division (`all_divisions`; else only the atlas's own, for a file
    that shows one), lakes, rivers and the lease. The overlays say which division to draw."""
    fmap = new_map(assets)
    west, south, east, north = (float(v) for v in atlas.territories.total_bounds)
    fmap.add_child(BrowserScript("map_controls", "kzMapControls", {
        "prefix": "Leaflet", "km": tr(lang, "unit_km"), "m": tr(lang, "unit_m"),
        "resetLabel": tr(lang, "focus_all"),
        "lang": lang, "mapLabel": tr(lang, "map_label"),
        "fullscreenLabel": tr(lang, "fullscreen"),
        "exitFullscreenLabel": tr(lang, "exit_fullscreen"),
        "fitStepLabel": tr(lang, "fit_step"), "fitViewLabel": tr(lang, "fit_view"),
        "countryBounds": [[south, west], [north, east]]}))
    # The map's background is land, so the context box's edges never show; the Caspian is
    # drawn as water and the borders as lines (without the box's straight cut).
    folium.GeoJson(sea_collection(atlas), name="sea", interactive=False,
                   style_function=lambda f: {"fillColor": SEA_COLOUR, "fillOpacity": 1,
                                             "stroke": False, "className": "kz-sea"}
                   ).add_to(fmap)
    folium.GeoJson(mapping(atlas.context_borders), name="borders", interactive=False,
                   style_function=lambda f: {"color": CONTEXT_BORDER_COLOUR,
                                             "weight": CONTEXT_BORDER_WEIGHT,
                                             "className": "kz-context-border"},
                   ).add_to(fmap)
    divisions = tuple(d.id for d in atlas.divisions) if all_divisions else (atlas.division.id,)
    # Filled in the browser from the encoded outlines (territory_styler.js).
    territories = folium.GeoJson({"type": "FeatureCollection", "features": []},
                                 name="territories", attribution=escape(tr(lang, "attribution")))
    territories.add_to(fmap)
    territories.add_child(BrowserScript("territory_styler", "kzTerritoryStyler", {
        "style": {**browser_style(), "dark": dark_territory_style()},
        "features": territory_features(atlas, lang, divisions),
        "division": atlas.division.id,
        "tooltip": [escape(tr(lang, "name")), escape(tr(lang, "tooltip_command")),
                    escape(tr(lang, "tooltip_centre"))]}))
    fmap.add_child(BrowserScript("base_layers", "kzBaseLayers", water_config(atlas)))
    # The overlays' scripts are defined here, once per language; the overlays only call them
    # (they are sent again at every step, to every projector in a room).
    for overlay_script_file in ("map_labels", "select_on_click", "hq_markers", "view_update"):
        fmap.add_child(ScriptSource(overlay_script_file))
    return fmap


def star_svg(colour: str) -> str:
    """An HQ star: dark with a white halo, readable on any fill, ringed in the command's colour
    (`colour` is validated as #rrggbb at load)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="30" height="30" viewBox="0 0 24 24">'
            f'<circle cx="12" cy="12.5" r="11" fill="{LABEL_HALO_COLOUR}" stroke="{colour}" '
            f'stroke-width="2"/>'
            f'<path d="M12 3.8l2.4 5.2 5.7.6-4.3 3.9 1.2 5.6L12 16.3l-5 2.8 1.2-5.6-4.3-3.9'
            f' 5.7-.6z" fill="{HQ_STAR_COLOUR}"/></svg>')


def frontier_collection(atlas: Atlas, visible: tuple[str, ...]) -> dict:
    """The frontier segments of the shown commands, each in its command's colour."""
    segments = atlas.frontiers.segments
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": mapping(row.geometry),
         "properties": {"colour": atlas.command(row.command).colour}}
        for row in segments.itertuples() if row.command in visible]}


def lease_discs(atlas: Atlas) -> list[list[list[float]]]:
    """The lease's bounds ([[north, west], [south, east]]): no label may cover its disc."""
    west, south, east, north = atlas.lease.geometry.bounds
    return [[[north, west], [south, east]]]


def step_caption(atlas: Atlas, lang: str, visible: tuple[str, ...], command: str | None) -> str:
    """"Step 3 of 5 · Regional Command «West»": the briefing step the map shows."""
    order = briefing_steps(atlas, visible)
    index = order.index(command) if command in order else 0
    every = len(order) == len(atlas.commands) + 1
    name = (command_label(atlas, order[index], lang) if order[index]
            else tr(lang, "commands_overview" if every else "filter"))
    return f"{tr(lang, 'step', step=index + 1, total=len(order))} · {name}"


def build_overlays(atlas: Atlas, lang: str, *, visible: tuple[str, ...], focus: Focus,
                   show_labels: bool, show_hq: bool = True, dim_others: bool = False,
                   show_frontiers: bool = False, show_rivers: bool = True,
                   briefing: bool | None = None,
                   label_frames: str | None = None,
                   theme: str = "light",
                   caption: str | None = None) -> list[folium.FeatureGroup]:
    """Small overlays for the current choices: the frontier by command, the map's names
    (oblast names with `show_labels`; HQ cities with `show_hq`; cities, Baikonur, neighbours
    and the Caspian always), HQ markers of the shown commands, and the view update (filter,
    dimming, focus). None captures a territory's click, and none depends on a click's
    selection, so a click re-sends nothing. `briefing` sets the labels for a projector
    (default: as `dim_others`, which only briefing mode asks for); `label_frames` places them
    for other map sizes (label_layer.LAYOUTS, e.g. the HTML export's)."""
    briefing = dim_others if briefing is None else briefing
    frontiers = folium.FeatureGroup(name="frontiers")
    if show_frontiers:
        # In a pane of its own above the territories: a selected command's outline (brought
        # to the front among the territories) can no longer cover its frontier line. A white
        # casing under each line makes it read over any fill.
        lines = frontier_collection(atlas, visible)
        folium.GeoJson(lines, name="frontier_casing", interactive=False, pane=FRONTIER_PANE,
                       style_function=lambda f: {"color": FRONTIER_CASING_COLOUR,
                                                 "weight": FRONTIER_CASING_WEIGHT, "opacity": 0.9,
                                                 "lineCap": "round",
                                                 "className": "kz-frontier-casing"}
                       ).add_to(frontiers)
        folium.GeoJson(lines, name="frontier", interactive=False, pane=FRONTIER_PANE,
                       style_function=lambda f: {"color": f["properties"]["colour"],
                                                 "weight": FRONTIER_WEIGHT, "opacity": 1,
                                                 "lineCap": "round"}).add_to(frontiers)

    labels = folium.FeatureGroup(name="labels")
    labels.add_child(BrowserScript("map_labels", "kzMapLabels", with_source=False, config={
        # {"texts", "layouts"}: the layouts packed (label_layer.pack_layouts).
        **pack_layouts(label_layouts(atlas, lang, focus.bounds, briefing=briefing,
                                     visible=tuple(visible), oblasts=show_labels, hq=show_hq,
                                     rivers=show_rivers, frames=label_frames)),
        "cities": [[p.lat, p.lon] for p in atlas.places],
        "dot": {"radius": CITY_DOT_PX / 2 - 1, "weight": 2, "color": LABEL_HALO_COLOUR,
                "fillColor": CITY_DOT_COLOUR},
        "discs": lease_discs(atlas)}))

    markers = folium.FeatureGroup(name="hq")
    if show_hq:
        markers.add_child(BrowserScript("hq_markers", "kzHqMarkers", with_source=False, config={
            "stars": [{"command": item.id, "lat": item.hq.lat, "lon": item.hq.lon,
                       "svg": star_svg(item.colour),
                       # Text (set as text in the browser, never as HTML).
                       "label": f"{tr(lang, 'tooltip_hq')}: "
                                f"{command_label(atlas, item.id, lang)} — {item.hq.name.get(lang)}"}
                      for item in atlas.commands if item.id in visible]}))

    view = folium.FeatureGroup(name="view")
    west, south, east, north = (float(v) for v in focus.bounds)
    view.add_child(BrowserScript("view_update", "kzViewUpdate", with_source=False, config={
        "visible": list(visible), "dim": bool(dim_others), "token": int(focus.token),
        "selected": focus.oblast,
        "command": focus.selected_command if focus.selected_command else focus.command,
        "fit": focus.fit, "division": atlas.division.id, "rivers": bool(show_rivers),
        "labels": bool(show_labels),
        "theme": "dark" if theme == "dark" else "light",
        "bounds": [[south, west], [north, east]],
        # Shown in full screen (as text, never as HTML): the step and its command.
        # `caption`: a deck's own step and title (its steps are not the tour's).
        "caption": ((caption if caption is not None
                     else step_caption(atlas, lang, visible, focus.command))
                    if dim_others else "")}))
    # Order matters: later groups are drawn on top.
    return [frontiers, labels, markers, view]
