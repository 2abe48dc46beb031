"""The live map as text, as streamlit-folium tests its generated JavaScript: no CDN, data
escaped, the browser code and the click protocol present."""

from __future__ import annotations

import json
import re

import pytest

from components.map import MapAssets, build_base_map, build_overlays
from components.map.clicks import clicked_target
from components.map.scripts import script_json
from components.view import Focus
from tests.hostile_data import make_hostile_data

ASSETS = MapAssets("../leaflet/leaflet.js", "../leaflet/leaflet.css")


def rendered(atlas, lang="en", **overlay) -> str:
    fmap = build_base_map(atlas, lang, ASSETS)
    focus = overlay.pop("focus", Focus((46.0, 40.0, 88.0, 56.0), 1))
    visible = overlay.pop("visible", tuple(c.id for c in atlas.commands))
    for group in build_overlays(atlas, lang, visible=visible, focus=focus,
                                show_labels=overlay.pop("show_labels", True), **overlay):
        group.add_to(fmap)
    return fmap.get_root().render()


def test_the_map_loads_nothing_from_outside(atlas):
    html = rendered(atlas)
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert urls == ["../leaflet/leaflet.js", "../leaflet/leaflet.css"]
    # No CDN host anywhere (the outlines are encoded strings of letters, so a bare "cdn"
    # may occur inside one: look for addresses).
    assert not re.search(r"cdn[\w-]*\.|//cdn", html.lower()) and "https://" not in html


def test_the_browser_code_comes_from_its_files_and_runs_once_per_element(atlas):
    html = rendered(atlas)
    assert html.count("function kzTerritoryStyler(") == 1
    assert re.search(r"kzTerritoryStyler\(geo_json_\w+, map_\w+, \{", html)
    for function in ("kzSelectOnClick", "kzHqMarkers", "kzViewUpdate", "kzMapLabels"):
        assert html.count(f"function {function}(") == 1, function
    stars = re.search(r"kzHqMarkers\(feature_group_\w+, map_\w+, (\{.*?\})\);", html)
    assert [s["command"] for s in json.loads(stars.group(1))["stars"]] == \
        [c.id for c in atlas.commands]
    assert re.search(r"kzViewUpdate\(feature_group_\w+, map_\w+, \{", html)


def test_the_click_protocol_the_map_speaks_is_in_it(atlas):
    html = rendered(atlas)
    for name in ("window.__GLOBAL_DATA__", "previous_data", "returned_objects",
                 "last_active_drawing", "last_object_clicked", "setComponentValue"):
        assert name in html, name


def test_the_view_update_carries_the_filter_focus_and_dimming(atlas):
    html = rendered(atlas, visible=("batys",), focus=Focus((46.5, 40.5, 61.0, 51.5), 7,
                                                           "batys", "atyrau"), dim_others=True)
    config = re.search(r"kzViewUpdate\(feature_group_\w+, map_\w+, (\{.*?\})\);", html).group(1)
    assert '"visible": ["batys"]' in config and '"dim": true' in config
    assert '"token": 7' in config and '"selected": "atyrau"' in config
    assert '"bounds": [[40.5, 46.5], [51.5, 61.0]]' in config


def test_hostile_names_reach_the_map_escaped(atlas, tmp_path):
    from geo.atlas import load_atlas

    hostile = load_atlas(make_hostile_data(atlas_dir(), tmp_path / "data"))
    html = rendered(hostile)
    for raw in ("<img src=x onerror", "<script>window.__xss", "<svg onload", "<iframe src"):
        assert raw not in html, raw
    # The tags are there, as text: HTML-escaped, inside JSON that folium escapes again.
    assert "\\u0026lt;img src=x onerror" in html


def atlas_dir():
    from tests.conftest import DATA_DIR
    return DATA_DIR


@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "a'b", "x&y", "<!--"])
def test_json_in_a_script_cannot_close_it(value):
    text = script_json({"v": value})
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text


@pytest.mark.parametrize(("value", "expected"), [
    ({"last_active_drawing": {"properties": {"code": "atyrau"}}}, ("territory", "atyrau")),
    ({"last_active_drawing": {"properties": {"hq": "batys", "label": "x"}}}, ("hq", "batys")),
    ({"last_active_drawing": None}, None),
    ({"last_active_drawing": {"properties": {"code": 7}}}, None),
    ("atyrau", None),
    (None, None),
])
def test_a_click_is_parsed_from_what_streamlit_folium_reports(value, expected):
    assert clicked_target(value) == expected


def test_the_scale_is_metric_only_and_the_attribution_has_no_image(atlas):
    html = rendered(atlas)
    assert "L.control.scale({imperial: false, metric: true, maxWidth: 150})" in html
    assert "L.control.scale()" not in html
    assert 'kzMapControls(map_' in html and '"prefix": "Leaflet"' in html
    assert '"km": "км"' in rendered(atlas, "kk")  # the unit in the viewer's script
    attribution = re.findall(r'"attribution": "([^"]*)"', html)
    assert attribution == ["geokz (CC BY 4.0) \\u00b7 Natural Earth"]
    assert "<img" not in "".join(attribution) and "<svg" not in "".join(attribution)


def label_config(html: str) -> dict:
    """The config the map's label script is called with."""
    import json

    from components.map.label_layer import unpack_layouts

    found = re.search(r"kzMapLabels\(feature_group_\w+, map_\w+, (\{.*\})\);\n", html)
    assert found, "no label script in the map"
    config = json.loads(found.group(1))
    return {**config, "layouts": unpack_layouts(config)}  # as map_labels.js unpacks them


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_labels_are_in_the_maps_language(atlas, lang):
    from components.map.label_layer import map_name

    config = label_config(rendered(atlas, lang, dim_others=True))
    texts = {r["key"]: " ".join(r["lines"]) for r in config["layouts"][-1]["labels"]}
    row = atlas.territories.loc["karaganda"]
    assert texts["oblast:karaganda"] == map_name(row[f"name_{lang}"], lang)
    assert texts["hq:batys"] == atlas.command("batys").hq.name.get(lang)
    caspian = atlas.context.set_index("code").loc["caspian", f"name_{lang}"]
    assert texts["sea:caspian"] == caspian
    assert " ".join(texts["lease:baikonur"].split()) == atlas.lease.centre.get(lang)
    assert texts["lake:balkhash"] == atlas.water.set_index("code").loc["balkhash",
                                                                      f"short_{lang}"]


def test_hostile_label_text_reaches_the_map_escaped(atlas, tmp_path):
    from geo.atlas import load_atlas

    hostile = load_atlas(make_hostile_data(atlas_dir(), tmp_path / "data"))
    for lang in ("kk", "ru", "en"):
        html = rendered(hostile, lang, dim_others=True)
        config = label_config(html)
        lines = [line for layout in config["layouts"] for r in layout["labels"]
                 for line in r["lines"]]
        assert lines, "no labels placed"
        # Every line is HTML-escaped text: the script sets it as innerHTML, so no tag, quote
        # or entity from data can act there.
        assert all("<" not in line and ">" not in line and '"' not in line for line in lines)
        assert any("&lt;" in line for line in lines), "no hostile name was placed"
        # And in the page's source no tag from a name survives (the JSON escapes < > & ').
        for raw in ("<img src=x onerror", "<script>window.__xss", "<svg onload", "<iframe src"):
            assert raw not in html, raw
