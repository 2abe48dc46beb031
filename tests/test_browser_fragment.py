"""A click on the map reruns only the map and its panel (issue #15), and nothing the viewer
sees goes stale: the sidebar keeps up with actions that change it, and a download exports
the selection made by a click the sidebar never saw."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.i18n import tr
from geo.atlas import load_atlas
from tests.browser_harness import (
    app_server,
    click_latlng,
    clickable_point,
    open_page,
    query_of,
    settle,
    wait_for_map_ready,
)
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser
ATLAS = load_atlas(DATA_DIR)
SIDEBAR = 1  # the root container of st.sidebar in a delta's path (0 is the main area)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("logs")) as running:
        yield running
        assert "Traceback" not in running.log(), running.log()


def received_deltas(page) -> list[list[int]]:
    """Collects the delta paths of every message the page receives from now on."""
    paths: list[list[int]] = []

    def on_frame(payload):
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        if message.WhichOneof("type") in ("delta", "ref_hash"):
            paths.append(list(message.metadata.delta_path))

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    return paths


def test_a_click_sends_only_the_map_and_the_panel(server, browser):
    page, _ = open_page(browser, 1280, 800)
    paths = received_deltas(page)
    page.goto(f"{server.url}/?lang=en")
    wait_for_map_ready(page)
    assert any(path[0] == SIDEBAR for path in paths)  # the first run draws the sidebar
    paths.clear()
    click_latlng(page, *clickable_point(ATLAS, "atyrau"))
    page.get_by_role("heading", name="Atyrau Oblast").wait_for(timeout=15_000)
    settle(page)
    assert paths, "the click sent nothing"
    assert all(path[0] != SIDEBAR for path in paths), paths
    assert query_of(page) == {"oblast": "atyrau", "command": "batys"}  # the URL follows
    page.context.close()


def test_a_click_makes_no_http_request(server, browser):
    """Everything a click needs comes over the websocket. (A "★" page icon, not an emoji to
    Streamlit, made the browser fetch "/★", the app's HTML page, after every click.)"""
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?lang=en")
    wait_for_map_ready(page)
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for code, name in (("atyrau", "Atyrau Oblast"), ("kostanay", "Kostanay Oblast")):
        click_latlng(page, *clickable_point(ATLAS, code))
        page.get_by_role("heading", name=name).wait_for(timeout=15_000)
        settle(page)
    assert requests == [], requests
    favicon = page.locator("link[rel='shortcut icon'], link[rel='icon']").first
    assert favicon.get_attribute("href").startswith("data:image/svg+xml")
    page.context.close()


def test_an_action_in_the_panel_that_moves_the_focus_redraws_the_sidebar(server, browser):
    """Briefing's Next moves the map's focus, which the sidebar's "Zoom to command" shows."""
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?lang=en")  # the sidebar open; briefing mode switched on there
    wait_for_map_ready(page)
    page.get_by_text(tr("en", "briefing_mode")).click()
    page.get_by_role("button", name=tr("en", "next")).wait_for(timeout=15_000)
    settle(page)
    zoom_box = page.locator(".st-key-command_en")
    page.get_by_role("button", name=tr("en", "next")).click()
    first = ATLAS.commands[0]
    page.wait_for_url(f"**command={first.id}**", timeout=15_000)
    # The sidebar is closed (hidden) in a briefing: its radio is read from the page itself.
    expect(zoom_box.locator("label:has(input:checked)")).to_have_text(first.name.get("en"),
                                                                      timeout=15_000)
    page.context.close()


def test_a_download_exports_the_selection_a_click_made(server, browser):
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"{server.url}/?lang=en")
    wait_for_map_ready(page)
    click_latlng(page, *clickable_point(ATLAS, "pavlodar"))
    page.get_by_role("heading", name="Pavlodar Oblast").wait_for(timeout=15_000)
    settle(page)
    page.get_by_text(tr("en", "exports"), exact=True).click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=tr("en", "export_html")).click()
    html = download.value.path().read_text(encoding="utf-8")
    assert "<p>Pavlodar Oblast — " in html  # the header names the selection
    page.context.close()
