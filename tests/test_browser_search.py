"""The search box in the real browser (issue #10): Tab from the top of the page reaches it, and
typing a name in Kazakh, Russian or Latin letters and pressing Enter selects the place; the map
has a text alternative that screen readers reach and nobody sees unless they ask for it."""

from __future__ import annotations

import pytest

from geo.atlas import load_atlas
from tests.browser_harness import (
    app_server,
    map_js,
    open_page,
    query_of,
    settle,
    wait_for_map_ready,
)
from tests.conftest import DATA_DIR
from tests.hostile_data import make_hostile_data
from tests.test_browser_hostile import assert_nothing_ran

pytestmark = pytest.mark.browser
SEARCH_BOX = 'input[aria-label="{label}"]'
FOCUSED_IS_SEARCH = ("label => document.activeElement && document.activeElement.tagName === "
                     "'INPUT' && document.activeElement.getAttribute('aria-label') === label")
MAX_TABS_EXPLORE = 5  # the sidebar's collapse button and the search's help come first
MAX_TABS_BRIEFING = 60  # the sidebar is closed: after the step controls and the map's own stops


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("logs")) as running:
        yield running
        assert "Traceback" not in running.log(), running.log()


def tab_to(page, label: str, limit: int) -> int:
    """Press Tab from the top of the page until the search box has focus; how many presses."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur();"
                  " window.scrollTo(0, 0); }")
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_IS_SEARCH, label):
            return presses
    raise AssertionError(f"{limit} presses of Tab did not reach the search box")


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.parametrize("typed", ["Атырау", "Atyrau", "атыр"])
def test_tab_reaches_the_search_and_enter_selects_atyrau_in_each_script(server, browser, typed):
    page, watch = open_page(browser, 1280, 800)
    page.goto(server.url)
    wait_for_map_ready(page)
    presses = tab_to(page, "Find a place", MAX_TABS_EXPLORE)
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('oblast=atyrau')", timeout=15_000)
    settle(page)
    assert query_of(page) == {"command": "batys", "oblast": "atyrau"}
    text = main_text(page)
    assert "Atyrau Oblast" in text and "Regional Command «West»" in text  # the panel
    # The live map outlines the selection and is fitted to its command.
    assert map_js(page, "window.map.getBounds().getEast()") < 70
    # The result Enter chose is listed first, the HQ of the same name next.
    results = page.locator(".st-key-search [data-testid=\"stButton\"] button")
    assert results.count() == 2
    assert results.first.inner_text() == "Atyrau Oblast · «West»"
    assert presses <= MAX_TABS_EXPLORE
    assert watch.blocked == [] and watch.dialogs == []
    page.context.close()


def test_the_briefing_page_has_the_search_and_tab_reaches_it(server, browser):
    page, watch = open_page(browser, 1920, 1080)
    page.goto(f"{server.url}/?mode=briefing&lang=kk")
    wait_for_map_ready(page)
    box = page.locator(SEARCH_BOX.format(label="Орынды іздеу"))
    assert box.is_visible()
    tab_to(page, "Орынды іздеу", MAX_TABS_BRIEFING)
    # Typing a space or an arrow in the box is typing, not a presenter's key.
    page.keyboard.type("Батыс ")
    page.keyboard.press("ArrowLeft")
    assert query_of(page) == {"mode": "briefing", "lang": "kk"}
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('command=batys')", timeout=15_000)
    settle(page)
    assert query_of(page) == {"mode": "briefing", "lang": "kk", "command": "batys"}
    assert "4/5 қадам" in main_text(page)  # the step of «Батыс»
    assert watch.blocked == []
    page.context.close()


def test_nothing_found_is_said_in_the_language(server, browser):
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?lang=ru&command=astana")
    wait_for_map_ready(page)
    box = page.locator(SEARCH_BOX.format(label="Поиск места"))
    box.fill("Нарния")
    box.press("Enter")
    page.get_by_text("По запросу «Нарния» ничего не найдено").wait_for(timeout=15_000)
    assert query_of(page) == {"command": "astana", "lang": "ru"}
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_a_long_paste_is_said_to_be_too_long_and_the_last_result_goes(server, browser, lang):
    """Issue 22, point 10: the box dropped a paste over 100 characters without a word and the
    last result stayed."""
    from components.i18n import tr

    page, watch = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?lang={lang}")
    wait_for_map_ready(page)
    box = page.locator(SEARCH_BOX.format(label=tr(lang, "search")))
    box.fill("Atyrau")
    box.press("Enter")
    page.wait_for_function("() => location.search.includes('oblast=atyrau')", timeout=15_000)
    settle(page)
    results = page.locator('.st-key-search [data-testid="stButton"] button')
    assert results.count() == 2
    pasted = "Атырау облысы, Батыс өңірлік қолбасшылығы. " * 4  # a paragraph, 172 characters
    box.fill(pasted)
    box.press("Enter")
    notice = tr(lang, "search_too_long", count=len(pasted.strip()), limit=100)
    page.locator(".st-key-search").get_by_text(notice).wait_for(timeout=15_000)
    settle(page)
    assert results.count() == 0 and box.input_value() == ""
    assert query_of(page)["oblast"] == "atyrau"  # the selection stays
    assert watch.blocked == []
    page.context.close()


def test_in_a_briefing_a_search_notice_leaves_the_map_where_it_is(server, browser):
    """Issue 22, point 10: a notice above the map pushed it below a projector's fold."""
    page, _ = open_page(browser, 1920, 1080)
    page.goto(f"{server.url}/?mode=briefing&division=2018")
    wait_for_map_ready(page)
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]')
    before = frame.bounding_box()
    box = page.locator(SEARCH_BOX.format(label="Find a place"))
    box.fill("Abai")
    box.press("Enter")
    page.wait_for_function("() => location.search.includes('oblast=east-kazakhstan')",
                           timeout=15_000)
    page.get_by_text("is not drawn in this division").first.wait_for(timeout=15_000)
    settle(page, 800)
    after = frame.bounding_box()
    assert abs(after["y"] - before["y"]) <= 1 and abs(after["height"] - before["height"]) <= 1
    assert after["y"] + after["height"] <= 1080  # the whole map above the fold
    page.context.close()


def test_the_map_has_a_text_alternative_for_screen_readers_and_on_request(server, browser):
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?commands=astana,batys")
    wait_for_map_ready(page)
    hidden = page.locator('section[aria-label="Describe the map"]')
    text = hidden.inner_text()
    assert "Regional Command «West», HQ in Atyrau:" in text
    assert "Hidden by the filter and drawn grey: Regional Command «East», Regional Command " \
           "«South»." in text
    box = hidden.bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1)  # read, not seen
    # Shown on request, by keyboard too.
    summary = page.locator(".st-key-map_description summary")
    summary.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Nothing is selected.").last.wait_for(state="visible", timeout=10_000)
    page.context.close()


def test_hostile_names_in_the_results_and_the_description_stay_text(tmp_path_factory, browser):
    data = make_hostile_data(DATA_DIR, tmp_path_factory.mktemp("hostile") / "data")
    load_atlas(data)
    with app_server(tmp_path_factory.mktemp("logs"), data_dir=data) as server:
        page, watch = open_page(browser, 1280, 800)
        page.goto(server.url)
        wait_for_map_ready(page)
        title = page.title()
        box = page.locator(SEARCH_BOX.format(label="Find a place"))
        box.fill("Atyrau")
        box.press("Enter")
        page.wait_for_function("() => location.search.includes('oblast=atyrau')",
                               timeout=15_000)
        settle(page)
        results = page.locator('.st-key-search [data-testid="stButton"] button')
        assert results.count() == 2 and "<" in results.first.inner_text()  # as text
        described = page.locator('section[aria-label="Describe the map"]').inner_text()
        assert "<img src=x" in described or "<script>" in described
        # The selection's name box on the map (labels are off) shows the name as text too.
        named = map_js(page, "document.querySelector('.kz-selected-name span').textContent")
        assert "<" in named and "Atyrau" in named
        assert_nothing_ran(page, watch, title)
        page.context.close()
        assert "Traceback" not in server.log()
