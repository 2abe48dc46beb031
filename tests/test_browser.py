"""The real app in headless Chromium: the map, clicks, filter, language, offline, escaping."""

from __future__ import annotations

import pytest

from components.style import UNASSIGNED_COLOUR, browser_style
from geo.atlas import load_atlas
from tests.browser_harness import (
    app_server,
    click_latlng,
    clickable_point,
    hover_latlng,
    map_frame,
    map_js,
    map_view,
    open_page,
    query_of,
    settle,
    wait_for_map_ready,
)
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser
SIZES = [(1280, 800), (1920, 1080)]
ATLAS = load_atlas(DATA_DIR)
COMMAND_COLOURS = {c.id: c.colour.lower() for c in ATLAS.commands}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("logs")) as running:
        yield running
        assert "Traceback" not in running.log(), running.log()


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def page_and_watch(request, browser):
    page, watch = open_page(browser, *request.param)
    yield page, watch
    # Offline: whatever the test did, the page asked no host but the app's own server.
    assert watch.blocked == [], watch.blocked
    page.context.close()


def territory_fills(page) -> list[str]:
    """Fill colours of the clickable territory paths."""
    return map_js(page, """[...document.querySelectorAll('path.leaflet-interactive')]
                           .map(p => (p.getAttribute('fill') || '').toLowerCase())""")


DIVISIONS = [d.id for d in ATLAS.divisions]


def division_url(server, division: str) -> str:
    """The app's address for a division (the default one needs no parameter)."""
    return server.url if division == ATLAS.division.id else f"{server.url}?division={division}"


def expected_fill(atlas, code: str, command: str | None) -> str:
    """A territory's fill: its command's colour, hatched (an SVG pattern) where the command
    is derived from the oblast it was separated from."""
    if command is None:
        return UNASSIGNED_COLOUR.lower()
    colour = COMMAND_COLOURS[command]
    if atlas.origin(code) is not None:
        return f"url(#{browser_style()['derivedPrefix']}{colour[1:]})"
    return colour


@pytest.mark.parametrize("division", DIVISIONS)
def test_map_draws_every_territory_coloured_by_command_and_four_hq(server, page_and_watch,
                                                                   division):
    page, _ = page_and_watch
    atlas = ATLAS.in_division(division)
    page.goto(division_url(server, division))
    wait_for_map_ready(page)
    fills = territory_fills(page)
    expected = [expected_fill(atlas, code, c)
                for code, c in zip(atlas.territories.index, atlas.territories["command"],
                                   strict=True)]
    assert sorted(fills) == sorted(expected)
    assert map_js(page, "document.querySelectorAll('.hq-icon svg').length") == 4
    assert map_js(page, "document.querySelectorAll('path').length") > 20  # + context layers
    # Lakes, rivers and the lease's dashed outline, in panes that let clicks through.
    water = map_js(page, """[...document.querySelectorAll(
                                '.leaflet-kzWater-pane path, .leaflet-kzRivers-pane path')]
                            .map(p => p.getAttribute('stroke-dasharray') ? 'lease' : 'water')""")
    assert water.count("lease") == 1
    assert water.count("water") == len(atlas.water)
    assert map_js(page, "getComputedStyle(document.querySelector('.leaflet-kzWater-pane'))"
                        ".pointerEvents") == "none"


@pytest.mark.parametrize("division", DIVISIONS)
def test_clicking_each_territory_selects_it_and_its_command_without_moving_the_map(
        server, page_and_watch, division):
    page, _ = page_and_watch
    atlas = ATLAS.in_division(division)
    page.goto(division_url(server, division))
    wait_for_map_ready(page)
    before = map_view(page)
    extra = {} if division == ATLAS.division.id else {"division": division}
    territories = atlas.territories
    assert len(territories) == {"2022": 20, "2018": 17}[division]
    for code, command in zip(territories.index, territories["command"], strict=True):
        lat, lon = clickable_point(atlas, code)
        click_latlng(page, lat, lon)
        page.wait_for_function(f"() => location.search.includes('oblast={code}')",
                               timeout=15_000)
        settle(page, 200)
        assert query_of(page) == {**extra, "oblast": code, "command": command}
        label = ATLAS.command(command).name.en
        heading = page.locator('[data-testid="stHeading"]').filter(has_text=label)
        assert heading.count() >= 1, (code, command)
        name = territories.loc[code, "name_en"]
        assert page.locator('[data-testid="stHeading"]').filter(has_text=name).count() >= 1
        assert map_view(page) == before, code


def test_a_click_on_lake_balkhash_selects_the_region_beneath(server, page_and_watch):
    page, _ = page_and_watch
    page.goto(server.url)
    wait_for_map_ready(page)
    lake = ATLAS.water.set_index("code").loc["balkhash", "geometry"]
    point = lake.representative_point()
    beneath = [code for code, geometry in ATLAS.territories.geometry.items()
               if geometry.contains(point)]
    assert len(beneath) == 1
    click_latlng(page, point.y, point.x)
    page.wait_for_function(f"() => location.search.includes('oblast={beneath[0]}')",
                           timeout=15_000)


def test_switching_the_division_keeps_the_map_and_its_frame(server, page_and_watch):
    """The sidebar's switch draws the other division where the map is, without reloading the
    frame; a region the other division does not draw selects the oblast that held it."""
    page, _ = page_and_watch
    page.goto(f"{server.url}?oblast=abai")
    wait_for_map_ready(page)
    map_js(page, "window.__kzMarker = 42")  # gone if the frame reloads
    map_js(page, "window.map.setView([48, 70], 5)")
    settle(page, 300)
    before = map_view(page)
    sidebar = page.get_by_test_id("stSidebarUserContent")
    sidebar.get_by_text("2018–2022 division (as in the source)", exact=True).click()
    page.wait_for_function("() => location.search.includes('division=2018')", timeout=15_000)
    settle(page, 600)
    assert query_of(page) == {"division": "2018", "oblast": "east-kazakhstan",
                              "command": "shygys"}
    assert map_js(page, "window.__kzMarker") == 42
    assert map_view(page) == before
    assert len(territory_fills(page)) == 17
    assert map_js(page, "window.__kz.state.selected") == "east-kazakhstan"
    sidebar.get_by_text("Division since 2022", exact=True).click()
    page.wait_for_function("() => !location.search.includes('division=')", timeout=15_000)
    settle(page, 600)
    assert len(territory_fills(page)) == 20 and map_js(page, "window.__kzMarker") == 42
    assert map_view(page) == before


def test_clicking_an_hq_marker_selects_its_command(server, page_and_watch):
    page, _ = page_and_watch
    page.goto(server.url)
    wait_for_map_ready(page)
    batys = ATLAS.command("batys")
    click_latlng(page, batys.hq.lat, batys.hq.lon)
    page.wait_for_function("() => location.search.includes('command=batys')", timeout=15_000)
    assert query_of(page) == {"command": "batys"}


def test_panning_and_zooming_cause_no_rerun(server, page_and_watch):
    page, watch = page_and_watch
    page.goto(server.url)
    wait_for_map_ready(page)
    page.wait_for_timeout(800)
    sent_before = len(watch.frames_sent)
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    x, y = box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.8
    for step in range(3):
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 120, y - 60 * (step - 1), steps=8)
        page.mouse.up()
        page.wait_for_timeout(300)
    map_js(page, "window.map.zoomIn()")
    page.wait_for_timeout(1200)  # past streamlit-folium's 250 ms debounce
    assert len(watch.frames_sent) == sent_before


def test_filter_from_the_sidebar_greys_hidden_commands_and_hides_their_hq(server,
                                                                         page_and_watch):
    page, _ = page_and_watch
    page.goto(server.url)
    wait_for_map_ready(page)
    before = map_view(page)
    page.locator(".st-key-visible_shygys_en").get_by_text("«East»", exact=True).click()
    page.wait_for_function("() => location.search.includes('commands=')", timeout=15_000)
    settle(page)
    assert query_of(page) == {"commands": "astana,batys,ontustik"}
    # Hidden commands are hatched: filled with the map's hatch pattern.
    hidden = map_js(page, f"""[...document.querySelectorAll('path')]
        .filter(p => p.getAttribute('fill') === 'url(#{browser_style()["hiddenPattern"]["id"]})')
        .length""")
    assert hidden == 3  # East Kazakhstan, Pavlodar and Abai
    assert map_js(page, "document.querySelectorAll('.hq-icon svg').length") == 3
    assert map_view(page) == before  # the filter swapped overlays; the map did not reload


def test_language_switch_reaches_the_map_tooltips_and_the_panels(server, page_and_watch):
    page, _ = page_and_watch
    page.goto(server.url + "/?command=batys")
    wait_for_map_ready(page)
    page.get_by_text("Қазақша", exact=True).click()
    page.wait_for_function("() => location.search.includes('lang=kk')", timeout=15_000)
    wait_for_map_ready(page)
    assert page.locator('[data-testid="stHeading"]').filter(
        has_text="«Батыс» өңірлік қолбасшылығы").count() >= 1
    lat, lon = clickable_point(ATLAS, "atyrau")
    hover_latlng(page, lat, lon)
    tooltip = map_frame(page).locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert "Атырау облысы" in tooltip.inner_text()
    assert "«Батыс» өңірлік қолбасшылығы" in tooltip.inner_text()


def test_selected_territory_is_outlined_on_the_map(server, page_and_watch):
    page, _ = page_and_watch
    page.goto(server.url + "/?oblast=kostanay")
    wait_for_map_ready(page)
    widths = map_js(page, """[...document.querySelectorAll('path')]
        .map(p => p.getAttribute('stroke-width'))""")
    # The oblast's outline over its halo (issue 22, point 9), and its command's outline.
    from components.style import COMMAND_WEIGHT, SELECTED_HALO_WEIGHT, SELECTED_WEIGHT
    assert {f"{SELECTED_WEIGHT:g}", f"{SELECTED_HALO_WEIGHT:g}", f"{COMMAND_WEIGHT:g}"} <= \
        set(widths)


def test_briefing_steps_through_every_command_without_reloading_the_map(server, browser,
                                                                       tmp_path):
    page, watch = open_page(browser, 1920, 1080)
    page.goto(server.url + "/?mode=briefing")
    wait_for_map_ready(page)
    map_js(page, "window.__probe = 'same map'")  # a reloaded frame would lose this
    expected = [c.id for c in ATLAS.commands] + [None]
    for step, command in enumerate(expected, start=2):
        page.get_by_role("button", name="Next").click()
        if command:
            page.wait_for_function(f"() => location.search.includes('command={command}')",
                                   timeout=15_000)
            label = f"Regional Command {ATLAS.command(command).name.en}"
            page.locator('[data-testid="stHeading"]').filter(has_text=label).first.wait_for()
        else:
            page.wait_for_function("() => !location.search.includes('command=')",
                                   timeout=15_000)
        settle(page)
        assert query_of(page) == ({"mode": "briefing", "command": command} if command
                                  else {"mode": "briefing"}), step
        assert map_js(page, "window.__probe") == "same map"
    page.screenshot(path=str(tmp_path / "briefing-overview.png"))
    page.locator("body").press("ArrowLeft")  # the keyboard goes back one step
    page.wait_for_function("() => location.search.includes('command=ontustik')", timeout=15_000)
    settle(page)
    # The step's territory fills the map; the other commands are veiled.
    zoom = map_js(page, "window.map.getZoom()")
    assert zoom > 4.5
    page.screenshot(path=str(tmp_path / "briefing-ontustik.png"))
    assert map_js(page, "window.__probe") == "same map"
    assert watch.blocked == []
    page.context.close()
