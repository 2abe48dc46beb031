"""Made for the room (issue #10): the briefing map fits the window at every common size, a
presenter's keys step through the briefing whatever has focus (full screen included), the map
has a way back to the whole country and a full-screen button, and on a touch device a tap
selects while a one-finger swipe scrolls the page."""

from __future__ import annotations

import pytest

from components.content import command_label
from components.i18n import tr
from geo.atlas import load_atlas
from tests.browser_harness import (
    MAP_FRAME,
    app_server,
    click_latlng,
    clickable_point,
    container_point,
    fullscreen_element,
    hover_latlng,
    map_frame,
    map_js,
    map_view,
    open_page,
    query_of,
    settle,
    touch_page,
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


@pytest.mark.parametrize(("presses", "gap_ms"), [(12, 60), (3, 60)])
def test_every_fast_press_is_a_step(server, browser, presses, gap_ms):
    """A presenter who presses three times gets three steps: presses that arrive while a step
    is still running are counted, not lost (twelve PageDowns 60 ms apart moved four steps)."""
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?mode=briefing")
    wait_for_map_ready(page)
    entries = page.evaluate("history.length")  # each step writes one address
    for _ in range(presses):
        page.keyboard.press("PageDown")
        page.wait_for_timeout(gap_ms)
    page.wait_for_function(f"() => history.length >= {entries + presses}", timeout=30_000)
    settle(page, 1000)
    assert page.evaluate("history.length") - entries == presses
    steps = [None, "astana", "shygys", "batys", "ontustik"]
    assert query_of(page).get("command") == steps[presses % len(steps)]
    page.context.close()


def test_fast_clicks_on_next_and_previous_are_each_a_step(server, browser):
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?mode=briefing&lang=ru")
    wait_for_map_ready(page)
    entries = page.evaluate("history.length")
    following = page.get_by_role("button", name=tr("ru", "next"))
    for _ in range(4):
        following.click(delay=10)
    page.get_by_role("button", name=tr("ru", "previous")).click()
    page.wait_for_function(f"() => history.length >= {entries + 5}", timeout=30_000)
    settle(page, 1000)
    assert page.evaluate("history.length") - entries == 5
    assert query_of(page) == {"command": "batys", "mode": "briefing", "lang": "ru"}
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


def test_the_whole_country_button_works_during_a_zoom(server, browser):
    """Leaflet drops a zoom asked for while a zoom animation runs: ⌂ pressed just after a
    scroll-wheel zoom started left the map zoomed in."""
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?command=batys")
    wait_for_map_ready(page)
    frame = map_frame(page)
    # Pressed as the zoom animation starts (Leaflet's 'zoomanim' event), as a hand does.
    assert frame.locator(".kz-reset a").evaluate("""(link) => new Promise((done) => {
        window.map.once('zoomanim', () => { link.click(); done(window.map._animatingZoom); });
        window.map.setZoom(window.map.getZoom() + 2);
    })""") is True
    # Waits for the zoom to end (up to 10 s under load), not a fixed pause.
    page.locator(MAP_FRAME).element_handle().content_frame().wait_for_function(
        "() => !window.map._animatingZoom", timeout=10_000)
    page.wait_for_timeout(300)  # a fit that waited for that zoom's end runs now
    assert map_js(page, "window.map._animatingZoom") is False
    assert map_js(page, "window.map.getBounds().getEast()") > 86  # the whole country
    page.context.close()


def test_full_screen_by_keyboard_and_every_presenter_key_in_it(server, browser):
    page, watch = open_page(browser, 1366, 768)
    page.goto(f"{server.url}/?mode=briefing&lang=kk")
    wait_for_map_ready(page)
    button = map_frame(page).locator(".kz-fullscreen a")
    assert button.get_attribute("aria-label") == tr("kk", "fullscreen")
    button.focus()
    button.press("Enter")  # a keyboard reaches it as a mouse does
    page.wait_for_function("() => document.fullscreenElement !== null", timeout=5_000)
    assert fullscreen_element(page) == "map frame"
    box = page.locator(MAP_FRAME).bounding_box()
    assert (box["width"], box["height"]) == (1366, 768)
    page.wait_for_timeout(500)  # the map fits its new size
    assert map_js(page, "document.getElementById('map_div').getBoundingClientRect().height") \
        == pytest.approx(768, abs=2)
    assert button.get_attribute("aria-label") == tr("kk", "exit_fullscreen")
    # Every key steps, and the map stays full screen through each step's rerun.
    for key, expected in [("PageDown", "astana"), ("Space", "shygys"), ("ArrowRight", "batys"),
                          ("PageUp", "shygys"), ("ArrowLeft", "astana")]:
        page.keyboard.press(key)
        page.wait_for_function(f"() => location.search.includes('command={expected}')",
                               timeout=15_000)
        settle(page)
        assert fullscreen_element(page) == "map frame", key
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.fullscreenElement === null", timeout=5_000)
    # The control's name follows the 'fullscreenchange' event, which the browser may fire
    # just after the page's fullscreenElement is already null (seen once under load).
    map_frame(page).locator(
        f'.kz-fullscreen a[aria-label="{tr("kk", "fullscreen")}"]').wait_for(timeout=5_000)
    assert query_of(page)["command"] == "astana"
    assert watch.blocked == []
    page.context.close()


def test_an_hq_star_is_a_button_for_the_keyboard(server, browser):
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?lang=en")
    wait_for_map_ready(page)
    star = map_frame(page).locator('.hq-icon[aria-label*="«West»"]')
    star.focus()
    star.press("Enter")
    page.wait_for_function("() => location.search.includes('command=batys')", timeout=15_000)
    page.context.close()


def tap_latlng(page, lat: float, lon: float) -> None:
    """A finger's tap on the map at a geographic point."""
    box = page.locator(MAP_FRAME).bounding_box()
    point = container_point(page, lat, lon)
    assert 0 < point["x"] < box["width"] and 0 < point["y"] < box["height"], (lat, lon, point)
    page.touchscreen.tap(box["x"] + point["x"], box["y"] + point["y"])


def interior_point(code: str) -> tuple[float, float]:
    """A point inside a territory, away from its edges where it can be (lat, lon)."""
    geometry = ATLAS.territories.loc[code, "geometry"]
    inner = geometry.buffer(-0.2)
    point = (inner if not inner.is_empty else geometry).representative_point()
    return point.y, point.x


def test_a_tap_on_each_oblast_selects_it(server, browser):
    """At 1024×768 (a tablet), wherever the HQ stars are: a tap inside each oblast selects it."""
    page, watch = touch_page(browser, 1024, 768)
    page.goto(f"{server.url}/?lang=en")
    wait_for_map_ready(page)
    assert map_js(page, "window.map.dragging.enabled()") is False
    assert map_js(page, "window.map.touchZoom.enabled()") is True
    oblasts = [row.code for row in ATLAS.territories.itertuples() if row.kind == "oblast"]
    assert len(oblasts) == 17  # today's division: 14 oblasts and the 3 formed in 2022
    for code in oblasts:
        tap_latlng(page, *interior_point(code))
        page.wait_for_function(f"() => location.search.includes('oblast={code}')",
                               timeout=15_000)
        settle(page, 200)
        assert query_of(page)["command"] == ATLAS.territories.loc[code, "command"], code
    assert watch.blocked == []
    page.context.close()


def test_a_tap_on_an_hq_star_selects_its_oblast_and_command(server, browser):
    """A finger is too wide to choose between a star and the oblast under it: the tap goes to
    the oblast, which belongs to the star's command, so both are selected."""
    page, _ = touch_page(browser, 1024, 768)
    page.goto(f"{server.url}/?lang=en")
    wait_for_map_ready(page)
    batys = ATLAS.command("batys")
    tap_latlng(page, batys.hq.lat, batys.hq.lon)
    page.wait_for_function("() => location.search.includes('oblast=')", timeout=15_000)
    query = query_of(page)
    assert (query["oblast"], query["command"]) == ("atyrau", "batys")
    page.context.close()


def swipe(page, x: float, y_from: float, y_to: float, steps: int = 12) -> None:
    """One finger dragged up the screen (raw touch events, as a tablet sends them)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent",
             {"type": "touchStart", "touchPoints": [{"x": x, "y": y_from}]})
    for i in range(1, steps + 1):
        y = y_from + (y_to - y_from) * i / steps
        cdp.send("Input.dispatchTouchEvent",
                 {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(600)


def test_a_one_finger_swipe_on_the_map_scrolls_the_page(server, browser):
    page, _ = touch_page(browser, 1024, 768)
    page.goto(f"{server.url}/?lang=en")
    wait_for_map_ready(page)
    scrolled = "document.querySelector('[data-testid=\"stMain\"]').scrollTop"
    box = page.locator(MAP_FRAME).bounding_box()
    x = box["x"] + box["width"] / 2
    y = min(box["y"] + box["height"] * 0.8, 700)
    start, view = page.evaluate(scrolled), map_view(page)
    swipe(page, x, y, y - 250)
    assert page.evaluate(scrolled) > start + 100  # the page moved
    assert map_view(page) == view  # the map did not
    # The check has teeth: with Leaflet's one-finger dragging back on, the same swipe pans
    # the map and the page stays.
    map_js(page, "window.map.dragging.enable()")
    box = page.locator(MAP_FRAME).bounding_box()
    start = page.evaluate(scrolled)
    swipe(page, box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6,
          box["y"] + box["height"] * 0.6 - 150)
    assert page.evaluate(scrolled) == pytest.approx(start, abs=2)
    assert map_view(page) != view
    page.context.close()


def test_a_mouse_keeps_dragging_the_map(server, browser):
    """Only touch-first devices give a one-finger drag to the page."""
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/")
    wait_for_map_ready(page)
    assert map_js(page, "window.map.dragging.enabled()") is True
    page.context.close()


@pytest.mark.parametrize("edge", ["right", "left", "bottom"])
def test_tooltips_stay_inside_the_map(server, browser, edge):
    """At 1024×768 with the sidebar open the map is narrow: a tooltip near its edges, on an
    oblast or an HQ star, stays wholly inside it."""
    page, _ = open_page(browser, 1024, 768)
    page.goto(f"{server.url}/?lang=ru")
    wait_for_map_ready(page)
    targets = {"right": ("east-kazakhstan", "shygys"), "left": ("atyrau", "batys"),
               "bottom": ("zhambyl", "ontustik")}
    code, command = targets[edge]
    # Bring the oblast to the frame's edge, then point at it (and at the star, if any).
    lat, lon = interior_point(code)
    width, height = map_js(page, "[window.map.getSize().x, window.map.getSize().y]")
    spot = {"right": (width - 20, height / 2), "left": (20, height / 2),
            # Above the attribution, which spans most of a narrow map's foot.
            "bottom": (width / 2, height - 40)}[edge]
    map_js(page, f"""(() => {{ const m = window.map;
        const here = m.latLngToContainerPoint([{lat}, {lon}]);
        m.panBy([here.x - {spot[0]}, here.y - {spot[1]}], {{animate: false}}); }})()""")
    points = [(lat, lon)]
    if command:
        hq = ATLAS.command(command).hq
        points.append((hq.lat, hq.lon))
    shown = 0
    for point in points:
        position = container_point(page, *point)
        under = map_js(page, f"""(() => {{ const e = document.elementFromPoint(
            {position["x"]}, {position["y"]}); return e && e.closest('.leaflet-control') ?
            'control' : 'map'; }})()""")
        if not (0 < position["x"] < width and 0 < position["y"] < height) or under != "map":
            continue  # off the map, or under a control: nothing to hover
        map_frame(page).locator(".leaflet-container").hover(position=position)
        page.wait_for_timeout(300)
        inside = map_js(page, """(() => {
            const frame = document.querySelector('.leaflet-container').getBoundingClientRect();
            return [...document.querySelectorAll('.leaflet-tooltip')].map(t => {
                const r = t.getBoundingClientRect();
                return r.left >= frame.left && r.right <= frame.right + 0.5 &&
                       r.top >= frame.top && r.bottom <= frame.bottom + 0.5; }); })()""")
        assert inside and all(inside), (edge, point, inside)
        shown += 1
    assert shown >= 1  # at least the oblast's tooltip was seen
    page.context.close()


# The lines a heading's words take (its text only: Streamlit adds a hidden anchor link).
LINES_OF = """(el) => {
    const tops = new Set(), walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
        if (!node.textContent.trim()) { continue; }
        const range = document.createRange(); range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            if (r.width > 0) { tops.add(Math.round(r.top)); }
        }
    }
    return tops.size; }"""
# A step button whose words are cut ("Кел…": Streamlit's label box ends in an ellipsis).
TRUNCATED = """() => [...document.querySelectorAll(
    '.st-key-briefing_next button, .st-key-briefing_previous button,'
    + ' .st-key-briefing_next button *, .st-key-briefing_previous button *')
    ].some(e => e.scrollWidth > e.clientWidth + 1)"""


@pytest.mark.parametrize("size", SIZES[:7], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_pages_adapt_to_the_window(server, browser, size):
    """In Kazakh (the longest title): the title never takes three lines, Previous and Next
    show their whole words, and the explore page puts the panel under a full-width landscape
    map on tablets and phones."""
    width, height = size
    page, _ = open_page(browser, width, height)
    page.goto(f"{server.url}/?mode=briefing&lang=kk&command=ontustik")
    map_frame(page)
    settle(page, 500)
    assert page.locator("[data-testid='stMain'] h1").first.evaluate(LINES_OF) <= 2
    assert page.evaluate(TRUNCATED) is False
    page.goto(f"{server.url}/?lang=kk")
    map_frame(page)
    settle(page, 500)
    assert page.locator("[data-testid='stMain'] h2").first.evaluate(LINES_OF) <= 2
    frame = page.locator(MAP_FRAME).bounding_box()
    title = page.locator("[data-testid='stMain'] h2").first.bounding_box()
    assert frame["width"] >= frame["height"] * 0.95, frame  # landscape (or square on a phone)
    if width <= 1100:
        assert frame["width"] >= title["width"] - 2, (frame, title)  # the page's whole width
        panel = page.locator("[data-testid='stExpander']").first.bounding_box()
        assert panel["y"] > frame["y"] + frame["height"]  # the panel is under the map
    page.context.close()


def step_fits(page) -> bool:
    """Whether the map shows the whole of the step's view."""
    return map_js(page, "window.map.getBounds().contains(window.__kz.lastBounds)")


def test_a_resize_with_the_sidebar_open_refits_the_step(server, browser):
    """1920 → 1280 with the sidebar open on the «Батыс» step left West Kazakhstan cut off:
    the window shrank in several steps and the last fit was for a size already gone."""
    page, _ = open_page(browser, 1920, 1080)
    page.goto(f"{server.url}/?mode=briefing&command=batys&lang=kk")
    wait_for_map_ready(page)
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.wait_for_timeout(1200)
    assert step_fits(page)
    for width in (1700, 1500, 1280):
        page.set_viewport_size({"width": width, "height": 1080})
        page.wait_for_timeout(30)
    page.wait_for_timeout(1500)
    assert step_fits(page)
    page.set_viewport_size({"width": 1280, "height": 720})  # and a shorter window
    page.wait_for_timeout(1500)
    assert step_fits(page)
    page.context.close()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_fit_button_returns_to_the_steps_own_view(server, browser, lang):
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?mode=briefing&command=shygys&lang={lang}")
    wait_for_map_ready(page)
    map_js(page, "window.map.setView([43.2, 76.9], 8, {animate: false})")  # away, zoomed in
    assert not step_fits(page)
    fit = map_frame(page).locator(".kz-fit a")
    assert fit.get_attribute("aria-label") == tr(lang, "fit_step")
    fit.focus()
    fit.press("Enter")  # by keyboard, as by mouse or a tap
    page.wait_for_timeout(500)
    assert step_fits(page)
    page.goto(f"{server.url}/?command=batys&lang={lang}")  # outside a briefing: the view chosen
    wait_for_map_ready(page)
    assert map_frame(page).locator(".kz-fit a").get_attribute("aria-label") == \
        tr(lang, "fit_view")
    page.context.close()


def test_full_screen_names_the_step_and_a_step_clears_the_tooltip(server, browser):
    page, _ = open_page(browser, 1366, 768)
    page.goto(f"{server.url}/?mode=briefing&command=astana&lang=kk")
    wait_for_map_ready(page)
    frame = map_frame(page)
    caption = frame.locator(".kz-step-caption")
    assert not caption.is_visible()  # the page's own controls say it outside full screen
    frame.locator(".kz-fullscreen a").click()
    page.wait_for_function("() => document.fullscreenElement !== null", timeout=5_000)
    page.wait_for_timeout(500)
    assert caption.is_visible()
    assert caption.inner_text() == \
        f"{tr('kk', 'step', step=2, total=5)} · {command_label(ATLAS, 'astana', 'kk')}"
    hover_latlng(page, *clickable_point(ATLAS, "karaganda"))
    page.wait_for_timeout(300)
    assert frame.locator(".leaflet-tooltip").count() == 1
    page.keyboard.press("PageDown")
    page.wait_for_function("() => location.search.includes('command=shygys')", timeout=15_000)
    settle(page)
    assert frame.locator(".leaflet-tooltip").count() == 0
    assert caption.inner_text().endswith(command_label(ATLAS, "shygys", "kk"))
    assert fullscreen_element(page) == "map frame"
    page.context.close()


def test_a_briefing_without_the_sidebar_reads_its_long_panel_and_changes_language(server,
                                                                                   browser):
    """At 1280×720 the «Батыс» panel runs below the fold: it scrolls on its own, Tab reaches
    it and the arrow keys read on, while PageDown still steps; the language is chosen in the
    step controls, and the keys step at once after it."""
    page, _ = open_page(browser, 1280, 720)
    page.goto(f"{server.url}/?mode=briefing&command=batys&lang=ru")
    wait_for_map_ready(page)
    panel = page.locator(".st-key-briefing_panel")
    assert panel.evaluate("e => e.scrollHeight > e.clientHeight + 100")
    assert (panel.get_attribute("role"), panel.get_attribute("aria-label")) == (
        "region", tr("ru", "briefing_panel"))
    for _ in range(80):  # Tab, as a keyboard user would, until the panel has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.st-key-briefing_panel')"):
            break
    else:
        raise AssertionError("Tab never reached the panel")
    for _ in range(8):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(400)
    assert panel.evaluate("e => e.scrollTop") > 100
    assert query_of(page)["command"] == "batys"  # reading is no step
    page.keyboard.press("PageDown")  # the clicker still steps
    page.wait_for_function("() => location.search.includes('command=ontustik')",
                           timeout=15_000)
    settle(page)
    # Tab passed the map's description under the map, which scrolled the page: back up.
    page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_timeout(300)
    page.locator(".st-key-briefing_lang_ru").get_by_text("Қазақша", exact=True).click()
    page.wait_for_function("() => location.search.includes('lang=kk')", timeout=15_000)
    wait_for_map_ready(page)
    assert page.locator(".st-key-briefing_lang_kk").is_visible()
    page.keyboard.press("PageDown")  # at once, without a click on the page
    page.wait_for_function("() => !location.search.includes('command=')", timeout=15_000)
    assert query_of(page) == {"lang": "kk", "mode": "briefing"}
    page.context.close()


FOCUSED = """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
    return {sidebar: !!e.closest('[data-testid="stSidebar"]'), x: r.x, y: r.y,
            name: e.getAttribute('aria-label') || (e.innerText || '').trim().slice(0, 40)}; }"""


@pytest.mark.parametrize("size", [(1280, 800), (412, 823)], ids=["briefing 1280", "phone"])
def test_a_closed_sidebars_controls_are_out_of_the_tab_order(server, browser, size):
    """Streamlit only moves a closed sidebar off the screen: Tab went through its 13 controls,
    each drawn at x < 0, before the page's first. Closed, none is reached; opened, they are."""
    page, _ = open_page(browser, *size)
    page.goto(f"{server.url}/?mode=briefing&lang=en" if size[0] > 500 else server.url)
    wait_for_map_ready(page)
    stops = []
    for _ in range(12):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    assert not [s for s in stops if s["sidebar"] or s["x"] < 0], stops
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.wait_for_function("""() => document.querySelector('[data-testid="stSidebar"]')
        .getBoundingClientRect().left >= 0""", timeout=10_000)  # it has slid in
    page.locator('[data-testid="stSidebarCollapseButton"] button').focus()  # its top
    for _ in range(8):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["sidebar"] and focused["name"] in ("Language", "English"):
            break
    assert focused["sidebar"] and focused["x"] >= 0, focused  # reached, and on the screen
    page.context.close()
