"""Journeys in real Chromium: language switches mixed with map clicks, filter changes, layer
toggles, briefing steps and reloads, in Kazakh, Russian and English (issue #9).

Each journey is a list of actions; after every action the page must show no error (neither
Streamlit's card nor the app's apology), and the URL must say what the viewer did. At the end,
the server's log must hold no traceback.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from components.content import command_label
from components.i18n import LANGUAGE_NAMES, tr
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
_WEST, _SOUTH, _EAST, _NORTH = ATLAS.territories.total_bounds
COUNTRY_BOUNDS = f"[[{_SOUTH}, {_WEST}], [{_NORTH}, {_EAST}]]"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("logs")) as running:
        yield running
        assert "Traceback" not in running.log(), running.log()


class Viewer:
    """A person at the keyboard: each method is one action, followed by the check that it
    took effect and that no error is on the page."""

    def __init__(self, page, base_url: str) -> None:
        self.page, self.base_url, self.lang = page, base_url, "en"
        self.actions = 0
        # The addresses the app wrote, as the browser's history holds them, and the viewer's
        # place in it (Back and Forward move it; a new address drops what was ahead).
        self.history: list[dict[str, str]] = []
        self.position = -1

    # --- what the viewer does ---

    def open(self, **query: str) -> None:
        self.lang = query.get("lang", "en")
        self.page.goto(f"{self.base_url}/?{urlencode(query)}")
        wait_for_map_ready(self.page)
        self.done()

    def reload(self) -> None:
        self.page.reload()
        wait_for_map_ready(self.page)
        self.history, self.position = [], -1  # a new session: its history starts here
        self.done()

    def switch_language(self, lang: str) -> None:
        self.sidebar().get_by_text(LANGUAGE_NAMES[lang], exact=True).click()
        self.lang = lang
        self.wait_for(lambda q: q.get("lang", "en") == lang)
        wait_for_map_ready(self.page)
        self.done()

    def toggle(self, string_key: str) -> None:
        before = query_of(self.page).get("mode")
        self.sidebar().get_by_text(tr(self.lang, string_key), exact=True).click()
        if string_key == "briefing_mode":
            # Wait for the address to say so: the status widget shows a run only after a
            # moment, so a quiet page just after the click is no proof that the run is over (a
            # PageDown pressed then went to the sidebar's switch, before the briefing's keys).
            self.wait_for(lambda q: q.get("mode") != before)
        else:
            settle(self.page)  # the map's layers: not in the address
        self.done()

    def hide_command(self, command_id: str) -> None:
        name = ATLAS.command(command_id).name.get(self.lang)
        # From the keyboard: its box focused, Space unticks it.
        self.sidebar().get_by_role("checkbox", name=name, exact=True).focus()
        self.page.keyboard.press("Space")
        self.wait_for(lambda q: command_id not in q.get("commands", command_id))
        self.done()

    def zoom_to(self, command_id: str) -> None:
        label = ATLAS.command(command_id).name.get(self.lang)  # the radio shows short names
        self.sidebar().locator(f".st-key-command_{self.lang}").get_by_text(
            label, exact=True).click()
        self.wait_for(lambda q: q.get("command") == command_id and "oblast" not in q)
        self.done()

    def click_oblast(self, code: str) -> None:
        wait_for_map_ready(self.page)
        lat, lon = clickable_point(ATLAS, code)
        if not map_js(self.page, f"window.map.getBounds().pad(-0.05).contains([{lat}, {lon}])"):
            # Off screen (the map is fitted to another command): zoom out first, as a viewer
            # would with the mouse wheel.
            map_js(self.page, f"window.map.fitBounds({COUNTRY_BOUNDS})")
            self.page.wait_for_timeout(600)
        click_latlng(self.page, lat, lon)
        command = ATLAS.territories.loc[code, "command"]
        self.wait_for(lambda q: q.get("oblast") == code and q.get("command") == command)
        self.done()

    def back(self) -> None:
        self.traverse(-1)

    def forward(self) -> None:
        self.traverse(1)

    def traverse(self, delta: int) -> None:
        """Back or Forward: the address and the page both show the entry, and stay there."""
        self.position += delta
        entry = self.history[self.position]
        (self.page.go_back if delta < 0 else self.page.go_forward)()
        self.lang = entry.get("lang", "en")
        self.wait_for(lambda q: q == entry)
        self.page.wait_for_timeout(800)  # the old page wrote its own address back by now
        settle(self.page)
        assert self.url() == entry, (self.url(), entry)
        self.page_shows(entry)
        self.done()

    def step(self, key: str) -> None:
        """A briefing step by the button's name ('next'/'previous') or by a key ('ArrowRight')."""
        before = query_of(self.page).get("command")
        if key in ("next", "previous"):
            self.page.get_by_role("button", name=tr(self.lang, key)).click()
        else:
            self.page.keyboard.press(key)
        self.wait_for(lambda q: q.get("command") != before)
        self.done()

    # --- checks ---

    def sidebar(self):
        sidebar = self.page.locator('[data-testid="stSidebar"]')
        expand = self.page.locator('[data-testid="stExpandSidebarButton"]')
        if expand.count() and expand.first.is_visible():
            expand.first.click()
            self.page.wait_for_timeout(400)
        return sidebar

    def wait_for(self, condition, timeout_s: float = 15) -> None:
        deadline = self.page.evaluate("Date.now()") + timeout_s * 1000
        while not condition(query_of(self.page)):
            assert self.page.evaluate("Date.now()") < deadline, (
                f"action {self.actions + 1}: URL is {query_of(self.page)}")
            self.page.wait_for_timeout(100)
        settle(self.page)

    def page_shows(self, query: dict[str, str]) -> None:
        """The panel and the map show the address's selection."""
        command = query.get("command")
        headings = " | ".join(self.page.locator(
            '[data-testid="stMain"] h2, [data-testid="stMain"] h3').all_inner_texts())
        if command:
            assert command_label(ATLAS, command, self.lang) in headings, headings
        if query.get("oblast"):
            name = ATLAS.territories.loc[query["oblast"], f"name_{self.lang}"]
            assert name in headings, headings
        assert map_js(self.page, "window.__kz.state.command") == command

    def record_history(self) -> None:
        query = self.url()
        if not self.history or query != self.history[self.position]:
            del self.history[self.position + 1:]
            self.history.append(query)
            self.position = len(self.history) - 1

    def done(self) -> None:
        self.actions += 1
        self.record_history()
        page = self.page
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_text(tr(self.lang, "unexpected_title")).count() == 0
        heading = page.locator('[data-testid="stHeading"]').first.inner_text()
        assert heading.strip() == tr(self.lang, "title"), heading

    def url(self) -> dict[str, str]:
        return query_of(self.page)


def journey_kazakh_after_a_selection(viewer: Viewer) -> None:
    viewer.open(command="batys")
    viewer.switch_language("kk")
    viewer.toggle("labels")
    viewer.click_oblast("pavlodar")
    viewer.hide_command("astana")
    viewer.switch_language("ru")
    viewer.click_oblast("atyrau")
    assert viewer.url() == {"oblast": "atyrau", "command": "batys",
                            "commands": "shygys,batys,ontustik", "lang": "ru"}


def journey_russian_briefing_with_keys(viewer: Viewer) -> None:
    viewer.open(lang="ru", mode="briefing")
    viewer.step("ArrowRight")
    viewer.click_oblast("kyzylorda")
    viewer.step("next")
    viewer.switch_language("en")
    viewer.step("previous")
    viewer.step("ArrowLeft")
    assert viewer.url() == {"command": "batys", "mode": "briefing"}


def journey_filter_then_language_then_zoom(viewer: Viewer) -> None:
    viewer.open()
    viewer.hide_command("shygys")
    viewer.switch_language("kk")
    viewer.hide_command("ontustik")
    viewer.zoom_to("batys")
    viewer.switch_language("en")
    viewer.toggle("hq_markers")
    viewer.click_oblast("mangystau")
    assert viewer.url() == {"oblast": "mangystau", "command": "batys",
                            "commands": "astana,batys"}


def journey_into_briefing_and_back_out(viewer: Viewer) -> None:
    viewer.open(lang="kk", oblast="almaty")
    viewer.toggle("briefing_mode")
    # The sidebar's switch leaves the sidebar closed and the keys working at once.
    sidebar = viewer.page.locator('[data-testid="stSidebar"]').bounding_box()
    assert sidebar is None or sidebar["x"] + sidebar["width"] <= 0, sidebar
    viewer.step("PageDown")
    viewer.step("ArrowRight")
    viewer.step("next")
    viewer.switch_language("ru")
    viewer.step("previous")
    viewer.toggle("briefing_mode")
    viewer.click_oblast("akmola")
    assert viewer.url() == {"oblast": "akmola", "command": "astana", "lang": "ru"}
    viewer.back()
    assert viewer.url() == {"command": "astana", "lang": "ru"}
    viewer.back()  # back into the briefing's step
    assert viewer.url() == {"command": "astana", "mode": "briefing", "lang": "ru"}


def journey_reloads_between_languages(viewer: Viewer) -> None:
    viewer.open(lang="en", commands="astana,batys")
    viewer.click_oblast("kostanay")
    viewer.switch_language("ru")
    viewer.reload()
    viewer.switch_language("kk")
    viewer.zoom_to("ontustik")
    viewer.reload()
    viewer.click_oblast("zhambyl")
    assert viewer.url() == {"oblast": "zhambyl", "command": "ontustik",
                            "commands": "astana,batys", "lang": "kk"}


def journey_back_and_forward_through_clicks_and_steps(viewer: Viewer) -> None:
    viewer.open(lang="ru")
    for code in ("pavlodar", "atyrau", "kostanay"):
        viewer.click_oblast(code)
    viewer.back()
    viewer.back()
    viewer.forward()
    assert viewer.url() == {"oblast": "atyrau", "command": "batys", "lang": "ru"}
    viewer.toggle("briefing_mode")
    viewer.step("PageDown")
    viewer.step("PageDown")
    viewer.back()
    assert viewer.url() == {"command": "ontustik", "mode": "briefing", "lang": "ru"}
    viewer.step("PageUp")  # steps on from the step Back showed
    assert viewer.url() == {"command": "batys", "mode": "briefing", "lang": "ru"}


def journey_filtered_briefing(viewer: Viewer) -> None:
    viewer.open(commands="astana,batys", mode="briefing", lang="kk")
    for expected in ("astana", "batys", None):
        viewer.step("PageDown")
        assert viewer.url().get("command") == expected
        assert viewer.url()["commands"] == "astana,batys"  # the filter stays in the address
    # Back at step 1: only the filtered commands are in colour, the others hatched.
    assert map_js(viewer.page, "window.__kz.state.visible") == ["astana", "batys"]
    headings = viewer.page.locator('[data-testid="stMain"] h2').all_inner_texts()
    assert tr("kk", "filter") in headings
    viewer.back()
    assert viewer.url() == {"command": "batys", "commands": "astana,batys", "mode": "briefing",
                            "lang": "kk"}
    viewer.forward()
    viewer.step("previous")
    assert viewer.url().get("command") == "batys"


JOURNEYS = [journey_kazakh_after_a_selection, journey_russian_briefing_with_keys,
            journey_filter_then_language_then_zoom, journey_into_briefing_and_back_out,
            journey_reloads_between_languages, journey_back_and_forward_through_clicks_and_steps,
            journey_filtered_briefing]


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: j.__name__)
def test_journey(server, browser, journey):
    page, watch = open_page(browser, 1280, 800)
    viewer = Viewer(page, server.url)
    try:
        journey(viewer)
        assert viewer.actions >= 7
        assert watch.blocked == []
    finally:
        page.context.close()
