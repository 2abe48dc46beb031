"""Made for the room (issue #10, first part): the briefing map fits the window at every
common size, a presenter's keys step through the briefing whatever has focus, and the map has
a way back to the whole country."""

from __future__ import annotations

import pytest

from geo.atlas import load_atlas
from tests.browser_harness import (
    MAP_FRAME,
    app_server,
    click_latlng,
    clickable_point,
    map_frame,
    map_js,
    open_page,
    query_of,
    settle,
    wait_for_map_ready,
)
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser
ATLAS = load_atlas(DATA_DIR)
SIZES = [(1280, 720), (1366, 768), (1920, 960), (1920, 1080), (1024, 768), (768, 1024),
         (390, 844), (2560, 1440)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("logs")) as running:
        yield running
        assert "Traceback" not in running.log(), running.log()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_briefing_map_is_wholly_inside_the_window(server, browser, size):
    width, height = size
    page, watch = open_page(browser, width, height)
    page.goto(f"{server.url}/?mode=briefing&command=batys&lang=ru")
    map_frame(page)
    settle(page, 800)
    box = page.locator(MAP_FRAME).bounding_box()
    scrolled = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTop")
    assert scrolled == 0  # the page opens at its top
    assert box["y"] >= 0 and box["y"] + box["height"] <= height + 1, (box, size)
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (box, size)
    assert box["height"] >= min(260, height * 0.4)
    # The map inside fills its frame (no blank band under a fixed-height map).
    inner = map_js(page, "document.getElementById('map_div').getBoundingClientRect().height")
    assert abs(inner - box["height"]) <= 2
    assert watch.blocked == []
    page.context.close()


@pytest.mark.parametrize(("key", "step"), [("PageDown", 1), ("Space", 1), ("ArrowRight", 1),
                                           ("PageUp", -1), ("ArrowLeft", -1)])
def test_each_presenter_key_steps_after_the_map_was_clicked(server, browser, key, step):
    page, watch = open_page(browser, 1920, 1080)
    page.goto(f"{server.url}/?mode=briefing&command=shygys")
    wait_for_map_ready(page)
    click_latlng(page, *clickable_point(ATLAS, "pavlodar"))  # the map now has focus
    page.wait_for_function("() => location.search.includes('oblast=pavlodar')", timeout=15_000)
    settle(page)
    map_frame(page).locator(".leaflet-container").press(key)
    expected = {1: "batys", -1: "astana"}[step]
    page.wait_for_function(f"() => location.search.includes('command={expected}')",
                           timeout=15_000)
    assert query_of(page) == {"mode": "briefing", "command": expected}
    assert watch.blocked == []
    page.context.close()


def test_the_page_keys_step_too_and_leave_explore_mode_alone(server, browser):
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?mode=briefing")
    wait_for_map_ready(page)
    page.locator("body").press("PageDown")
    page.wait_for_function("() => location.search.includes('command=astana')", timeout=15_000)
    page.goto(f"{server.url}/?command=batys")
    wait_for_map_ready(page)
    page.locator("body").press("PageDown")
    settle(page, 800)
    assert query_of(page) == {"command": "batys"}  # not a briefing: nothing steps
    page.context.close()


def test_the_whole_country_button_fits_the_country(server, browser):
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?command=batys")
    wait_for_map_ready(page)
    before = map_js(page, "window.map.getBounds().getEast()")
    assert before < 70  # fitted to the West
    reset = map_frame(page).locator(".kz-reset a")
    assert reset.get_attribute("aria-label") == "Whole country"
    reset.focus()
    reset.press("Enter")  # by keyboard, as by mouse
    page.wait_for_timeout(900)
    assert map_js(page, "window.map.getBounds().getEast()") > 86
    page.context.close()
