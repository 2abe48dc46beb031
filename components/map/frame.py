"""The live map as a Streamlit element, its arguments rendered once and reused.

`streamlit_folium.st_folium` renders the whole folium map to HTML and JavaScript on every run
of the script (Jinja templates compiled per element, every territory's coordinates encoded
to JSON, the map's bounds computed over every vertex): about half of a click's server time.
What it sends the browser depends only on the language (the base map) and on the overlay
choices. So this module renders the same arguments once per language and per overlay state,
in the same way as `st_folium` of the pinned streamlit-folium (tests/test_map_frame.py checks
that they are equal), and hands them to streamlit-folium's own component.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

import folium
import streamlit_folium
from streamlit_folium import (
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)

from components.assets import LEAFLET_CSS, LEAFLET_JS
from components.i18n import LANGUAGES
from components.map.builder import MapAssets, build_base_map, build_overlays
from components.memo import per_atlas
from components.view import Focus
from geo.atlas import Atlas

# Overlay states kept: a session meets a handful (filter × layers × focus), a room more.
OVERLAY_CACHE_SIZE = 256


@dataclass(frozen=True)
class BaseArguments:
    """What streamlit-folium's frontend receives for the base map of one language."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: dict
    zoom: int | None


@dataclass(frozen=True)
class OverlayChoice:
    """Everything the overlays depend on (components/map/builder.py:build_overlays)."""

    visible: tuple[str, ...]
    focus: Focus
    show_labels: bool
    show_hq: bool
    dim_others: bool
    show_frontiers: bool
    show_rivers: bool = True
    theme: str = "light"  # "dark": the map restyles in place (components/theme.py)
    # Full screen's step caption: a deck's step and title; None: the built-in tour's.
    caption: str | None = None


# Folium elements are changed while they render, and the base map of a language is shared.
_RENDER_LOCK = threading.RLock()


def _bounds_dict(bounds: list[list[float]]) -> dict:
    (south, west), (north, east) = bounds
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def _links(fmap: folium.Map, attribute: str) -> tuple[str, ...]:
    """The map's own JS or CSS links, as `st_folium` collects them (elements in tree order)."""
    def walk(element):
        yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)
    links = [href for element in walk(fmap) for _, href in getattr(element, attribute, [])]
    return tuple(dict.fromkeys(links))


def render_base(fmap: folium.Map) -> BaseArguments:
    """`st_folium`'s rendering of a map (the map is changed by it, as there)."""
    fmap.get_root().render()
    fmap.render()
    html, header = _get_html(fmap), _get_header(fmap)
    script = _get_map_string(fmap)  # after html and header: it alters the map's tree
    return BaseArguments(script=script, header=header, html=html, map_id=get_full_id(fmap),
                         css_links=_links(fmap, "default_css"),
                         js_links=_links(fmap, "default_js"),
                         bounds=_bounds_dict(fmap.get_bounds()),
                         zoom=fmap.options.get("zoom"))


def render_overlays(fmap: folium.Map, groups: Sequence[folium.FeatureGroup]) -> str:
    """`st_folium`'s script for `feature_group_to_add`; the groups leave the map afterwards,
    so it can render the next choice."""
    try:
        return "".join(_get_feature_group_string(group, map=fmap, idx=index)
                       for index, group in enumerate(groups))
    finally:
        for group in groups:
            fmap._children.pop(group.get_name(), None)


@per_atlas(maxsize=len(LANGUAGES))
def base_arguments(atlas: Atlas, lang: str) -> tuple[folium.Map, BaseArguments]:
    """The base map of `lang` and its rendering, made once per atlas and language. Pass the
    root atlas (`atlas.root()`): the base carries every division, so switching the division
    changes only the overlays and the frame is not reloaded."""
    with _RENDER_LOCK:
        fmap = build_base_map(atlas, lang, MapAssets(LEAFLET_JS, LEAFLET_CSS))
        return fmap, render_base(fmap)


@per_atlas(maxsize=OVERLAY_CACHE_SIZE)
def overlay_script(atlas: Atlas, lang: str, choice: OverlayChoice) -> str:
    """The overlays' script for `choice`, made once per atlas, language and choice."""
    fmap, _ = base_arguments(atlas.root(), lang)
    with _RENDER_LOCK:
        groups = build_overlays(atlas, lang, visible=choice.visible, focus=choice.focus,
                                show_labels=choice.show_labels, show_hq=choice.show_hq,
                                dim_others=choice.dim_others,
                                show_frontiers=choice.show_frontiers,
                                show_rivers=choice.show_rivers, theme=choice.theme,
                                caption=choice.caption)
        return render_overlays(fmap, groups)


def component_key(base: BaseArguments, key: str) -> str:
    """The component's key, as `st_folium` derives it: a new key remounts the frame."""
    return _js_hash(base.script, key)


@lru_cache(maxsize=64)
def _js_hash(script: str, key: str) -> str:
    """`generate_js_hash` made once per base map and key: it hashes the whole base script
    (0.1 MB), and every run of every viewer's page asked."""
    return generate_js_hash(script, key, False)


# In place of the base map, for a frame that has drawn it already (show_map's `drawn`):
# streamlit-folium's frame runs `script` (and adds `header` and `html`) only on its first
# render, when it has no map yet; later renders apply the overlays alone. A frame that is new
# all the same (one React mounted again) has no map to draw then: it reloads the page, whose
# first run sends the whole map. The script is added to the page's document, not run in the
# frame: Streamlit's sandbox lets a frame reach its page (same origin) but not navigate it.
REDRAW_PAGE = ("var s = window.parent.document.createElement('script');"
               "s.textContent = 'window.location.reload()';"
               "window.parent.document.body.appendChild(s);var map_div = null;")


def map_key(atlas: Atlas, lang: str, key: str) -> str:
    """The component's key show_map gives the map of `lang` (a new one remounts the frame)."""
    return component_key(base_arguments(atlas.root(), lang)[1], key)


def show_map(atlas: Atlas, lang: str, choice: OverlayChoice, *, key: str, height: int,
             returned_objects: Sequence[str],
             on_change: Callable[[str], None], drawn: bool = False) -> Any:
    """Draw the map (as `st_folium(..., key=key, use_container_width=True)` would) and return
    the component's value. `on_change(component_key)` runs when the browser reports a click,
    before the rerun; it should copy `st.session_state[component_key]` where the app reads
    it, as `st_folium` copies it to `st.session_state[key]`.

    `drawn`: this session's frame has drawn this base map (same language and key) already,
    so only the overlays are sent, not the base map's 0.1 MB again (REDRAW_PAGE): what a
    projector receives at each step of a briefing."""
    _, base = base_arguments(atlas.root(), lang)
    hashed = component_key(base, key)
    # st_folium's initial value, for the objects the app reads.
    defaults = {"last_object_clicked": None, "last_active_drawing": None, "bounds": base.bounds,
                "zoom": base.zoom}
    return streamlit_folium._component_func(
        script=REDRAW_PAGE if drawn else base.script, header="" if drawn else base.header,
        html="" if drawn else base.html, id=base.map_id, key=hashed,
        height=height, width=None, returned_objects=list(returned_objects),
        default={k: v for k, v in defaults.items() if k in returned_objects},
        zoom=None, center=None, feature_group=overlay_script(atlas, lang, choice),
        return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(base.css_links), js_links=list(base.js_links),
        on_change=partial(on_change, hashed), wrap_longitude=False)
