"""A selection seen from the back of the room (issue 22, point 9), in the real browser: the
selected territory is drawn full strength with a white halo under a dark outline, the rest of its
command fades a little and the other commands as a briefing dims them; with the oblast labels off
a name box inside it names it. A click changes all of it in place, without reloading the map."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from components import style as S
from geo.atlas import load_atlas
from tests.browser_harness import (
    app_server,
    click_latlng,
    clickable_point,
    map_js,
    open_page,
    query_of,
    settle,
    wait_for_map_ready,
)
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser
ATLAS = load_atlas(DATA_DIR)

# What the map draws, read from Leaflet's own layers: each territory's fill opacity, the
# selection's lines and its name box (text and the lat/lon of its centre).
STATE = """() => {
  const kz = window.__kz, fills = {};
  kz.layer.eachLayer(l => { fills[l.feature.properties.code] = l.options.fillOpacity; });
  const lines = [];
  kz.selection.eachLayer(group => {
    if (group.eachLayer) {
      group.eachLayer(l => lines.push([l.options.color, l.options.weight, l.options.pane]));
    }
  });
  const box = document.querySelector('.kz-selected-name span');
  let name = null, at = null, height = null, covers = [];
  if (box) {
    const r = box.getBoundingClientRect(), c = window.map.getContainer().getBoundingClientRect();
    const ll = window.map.containerPointToLatLng([r.left + r.width / 2 - c.left,
                                                  r.top + r.height / 2 - c.top]);
    name = box.textContent; at = [ll.lat, ll.lng]; height = r.height;
    // Names, stars and dots it would hide.
    document.querySelectorAll('.kz-label:not(.kz-label-hidden), .hq-icon, .kz-city-dot')
      .forEach(el => {
        const o = el.getBoundingClientRect();
        if (o.width && o.height && r.left < o.right && o.left < r.right && r.top < o.bottom &&
            o.top < r.bottom) { covers.push(el.textContent || el.className.baseVal ||
                                            el.className); }
      });
  }
  return {fills, lines, name, at, height, covers, marker: window.__kzSameMap === true};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("logs")) as running:
        yield running
        assert "Traceback" not in running.log(), running.log()


def assert_selected(state: dict, code: str, lang: str, named: bool) -> None:
    territories = ATLAS.territories
    owner = territories.loc[code, "command"]
    for other, opacity in state["fills"].items():
        if other == code:
            assert opacity == S.SELECTED_FILL_OPACITY, other
        elif territories.loc[other, "command"] == owner:
            assert opacity == S.SELECTION_SIBLING_OPACITY, other
        else:
            assert opacity == S.DIM_OPACITY, other
    # The halo, then the dark outline over it, in the pane over the water and the frontiers.
    assert state["lines"] == [[S.SELECTION_HALO_COLOUR, S.SELECTED_HALO_WEIGHT, "kzSelection"],
                              [S.SELECTION_COLOUR, S.SELECTED_WEIGHT, "kzSelection"]]
    if not named:
        assert state["name"] is None
        return
    assert state["name"] == territories.loc[code, f"name_{lang}"]
    assert state["covers"] == []  # no name, HQ star or city dot under the box
    lat, lon = state["at"]
    geometry = territories.loc[code, "geometry"]
    if territories.loc[code, "kind"] == "oblast":
        assert geometry.contains(Point(lon, lat)), "box outside it"
    else:  # a city, a few pixels wide: the box beside its dot, never over it
        assert geometry.distance(Point(lon, lat)) < 1.0  # degrees: beside it at these zooms
    assert state["height"] >= S.NAME_BOX_PX  # readable: the text's own size and its padding


@pytest.mark.parametrize(("lang", "first", "second"), [("en", "atyrau", "aktobe"),
                                                      ("ru", "karaganda", "akmola"),
                                                      ("kk", "almaty", "zhambyl"),
                                                      ("en", "almaty-city", "astana-city")])
def test_a_selection_is_filled_haloed_and_named_and_a_click_moves_it_in_place(server, browser,
                                                                              lang, first,
                                                                              second):
    page, watch = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?oblast={first}&lang={lang}")  # explore: oblast labels are off
    wait_for_map_ready(page)
    assert_selected(map_js(page, STATE), first, lang, named=True)
    map_js(page, "window.__kzSameMap = true")  # gone if the map were reloaded
    click_latlng(page, *clickable_point(ATLAS, second))
    page.wait_for_function(f"() => location.search.includes('oblast={second}')",
                           timeout=15_000)
    settle(page)
    state = map_js(page, STATE)
    assert state["marker"], "the map was reloaded"
    assert_selected(state, second, lang, named=True)
    assert query_of(page)["oblast"] == second
    assert watch.blocked == [] and watch.dialogs == []
    page.context.close()


def test_with_labels_on_the_selection_is_haloed_and_its_label_names_it(server, browser):
    page, watch = open_page(browser, 1920, 1080)
    page.goto(f"{server.url}/?mode=briefing&oblast=aktobe&lang=kk")  # labels on in a briefing
    wait_for_map_ready(page)
    assert_selected(map_js(page, STATE), "aktobe", "kk", named=False)
    # The previous step selects a command, no territory: no halo, no name box.
    page.keyboard.press("PageUp")
    page.wait_for_function("() => !location.search.includes('oblast=')", timeout=15_000)
    settle(page)
    state = map_js(page, STATE)
    assert state["lines"] == [] and state["name"] is None
    assert watch.blocked == [] and watch.dialogs == []
    page.context.close()
