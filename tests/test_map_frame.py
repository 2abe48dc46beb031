"""The map's arguments rendered once (components/map/frame.py) are what `st_folium` of the
pinned streamlit-folium would send, and are reused, not rebuilt, run after run."""

from __future__ import annotations

import re

import pytest
import streamlit_folium

from components.assets import LEAFLET_CSS, LEAFLET_JS
from components.map import MapAssets, build_base_map, build_overlays, frame
from components.view import Focus, bounds_of
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR

ATLAS = load_atlas(DATA_DIR)
RETURNED = ["last_object_clicked", "last_active_drawing"]
IDS = re.compile(r"[0-9a-f]{32}")  # folium's random element ids


def same_ids(text: str) -> str:
    return IDS.sub("ID", text)


def choice(**changes) -> frame.OverlayChoice:
    values = dict(visible=("astana", "batys"), focus=Focus((50.0, 40.0, 88.0, 56.0), 3, "batys"),
                  show_labels=True, show_hq=True, dim_others=False, show_frontiers=True)
    return frame.OverlayChoice(**{**values, **changes})


def captured_call(monkeypatch, draw) -> dict:
    calls = []
    monkeypatch.setattr(streamlit_folium, "_component_func",
                        lambda **kwargs: calls.append(kwargs))
    draw()
    assert len(calls) == 1
    return calls[0]


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_the_arguments_are_st_folium_s(monkeypatch, lang):
    picked = choice()

    def with_st_folium():
        streamlit_folium.st_folium(
            build_base_map(ATLAS, lang, MapAssets(LEAFLET_JS, LEAFLET_CSS)), key="map",
            height=500, use_container_width=True, returned_objects=RETURNED,
            feature_group_to_add=build_overlays(
                ATLAS, lang, visible=picked.visible, focus=picked.focus,
                show_labels=picked.show_labels, show_hq=picked.show_hq,
                dim_others=picked.dim_others, show_frontiers=picked.show_frontiers))

    def with_frame():
        frame.show_map(ATLAS, lang, picked, key="map", height=500, returned_objects=RETURNED,
                       on_change=lambda key: None)

    theirs = captured_call(monkeypatch, with_st_folium)
    ours = captured_call(monkeypatch, with_frame)
    assert set(ours) == set(theirs)
    for name in theirs:
        if name == "on_change":
            continue
        if isinstance(theirs[name], str):
            assert same_ids(ours[name]) == same_ids(theirs[name]), name
        else:
            assert ours[name] == theirs[name], name
    # The key hashes the script with its ids taken out, so it is the same too.
    assert ours["key"] == theirs["key"]


def test_a_click_s_rerun_reuses_the_rendering(monkeypatch):
    """Same language and choice: the same strings (not equal copies), nothing rendered again;
    another choice changes only the overlays, so the frame keeps its key (no reload)."""
    def draw(picked):
        return captured_call(monkeypatch, lambda: frame.show_map(
            ATLAS, "ru", picked, key="map", height=500, returned_objects=RETURNED,
            on_change=lambda key: None))

    first, again, other = draw(choice()), draw(choice()), draw(choice(show_frontiers=False))
    assert again["script"] is first["script"]
    assert again["feature_group"] is first["feature_group"]
    assert other["script"] is first["script"] and other["key"] == first["key"]
    assert other["feature_group"] != first["feature_group"]
    assert len(other["feature_group"]) < len(first["feature_group"])  # no frontier lines


def test_the_callback_copies_the_value_under_the_app_s_key(monkeypatch):
    seen = []
    call = captured_call(monkeypatch, lambda: frame.show_map(
        ATLAS, "en", choice(), key="map", height=500, returned_objects=RETURNED,
        on_change=seen.append))
    call["on_change"]()
    assert seen == [call["key"]]


def test_each_atlas_has_its_own_maps():
    other = load_atlas(DATA_DIR)
    mine, _ = frame.base_arguments(ATLAS, "en")
    theirs, _ = frame.base_arguments(other, "en")
    assert mine is not theirs
    assert frame.base_arguments(ATLAS, "en")[0] is mine


def test_a_briefing_step_s_overlays_carry_calls_not_code():
    """What every projector in a room receives at each step: the overlays call the scripts the
    base map defines, and the label layouts travel packed. As records, with the scripts' code
    repeated in them, an overview step was 60 KB (the server's CPU once per projector)."""
    ids = tuple(c.id for c in ATLAS.commands)
    overview = choice(visible=ids, focus=Focus(bounds_of(ATLAS, None), 7),
                      dim_others=True, show_frontiers=False)
    script = frame.overlay_script(ATLAS, "kk", overview)
    base = frame.base_arguments(ATLAS, "kk")[1].script
    for function in ("kzMapLabels", "kzSelectOnClick", "kzViewUpdate", "kzUnpackLayouts",
                     "kzHqMarkers"):
        assert f"function {function}(" in base, function
        assert f"function {function}(" not in script, function
    assert script.count("kzHqMarkers(") == 1  # one call draws every shown command's star
    assert all(f'"command": "{command}"' in script for command in ids)
    assert '"key":' not in script  # labels as rows, not records
    assert len(script.encode()) < 25_000


@pytest.mark.parametrize("briefing", [True, False])
def test_packed_layouts_unpack_to_the_placed_labels(briefing):
    from components.map.label_layer import label_layouts, pack_layouts, unpack_layouts

    ids = tuple(c.id for c in ATLAS.commands)
    layouts = label_layouts(ATLAS, "ru", bounds_of(ATLAS, None), briefing=briefing,
                            visible=ids, oblasts=True, hq=True)
    packed = pack_layouts(layouts)
    assert unpack_layouts(packed) == layouts
    assert any("leader" in label for layout in layouts for label in layout["labels"])
    # Each label's text is sent once, however many frame sizes place it.
    assert len(packed["texts"]) < sum(len(layout["labels"]) for layout in layouts)
