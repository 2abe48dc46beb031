"""The standalone HTML map, opened from disk in Chromium with every network request blocked."""

from __future__ import annotations

import pytest

from components import exports
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR
from tests.hostile_data import make_hostile_data

pytestmark = pytest.mark.browser


def open_offline(browser, path):
    """Open a file with every non-file request blocked and counted."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked, dialogs = [], []

    def route(request_route):
        if request_route.request.url.startswith(("file:", "data:", "about:")):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.locator("path.leaflet-interactive").first.wait_for(timeout=20_000)
    return page, blocked, dialogs


def hover_territory(page, atlas, code):
    point = atlas.territories.loc[code, "geometry"].representative_point()
    map_name = page.evaluate("Object.keys(window).find(k => k.startsWith('map_'))")
    x, y = page.evaluate(f"(() => {{ const p = window['{map_name}']"
                         f".latLngToContainerPoint([{point.y}, {point.x}]);"
                         " return [p.x, p.y]; })()")
    page.locator(".leaflet-container").hover(position={"x": x, "y": y})
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    return tooltip.inner_text()


def test_html_export_draws_every_territory_offline_with_tooltips_and_legend(browser, tmp_path):
    atlas = load_atlas(DATA_DIR)
    path = tmp_path / "map.html"
    path.write_bytes(exports.standalone_html(atlas, "kk", ("astana", "batys", "shygys")))
    page, blocked, _ = open_offline(browser, path)
    fills = page.evaluate("[...document.querySelectorAll('path.leaflet-interactive')]"
                          ".map(p => p.getAttribute('fill').toLowerCase())")
    assert len(fills) == len(atlas.territories)
    assert atlas.command("batys").colour.lower() in fills
    assert page.locator(".hq-icon svg").count() == 3  # «Оңтүстік» is filtered out
    assert "«Батыс» өңірлік қолбасшылығы" in page.locator("body").inner_text()  # the legend
    assert "Ақтөбе облысы" in hover_territory(page, atlas, "aktobe")
    page.screenshot(path=str(tmp_path / "export.png"))
    assert blocked == []
    page.context.close()


def test_html_export_shows_hostile_text_as_text(browser, tmp_path):
    data = make_hostile_data(DATA_DIR, tmp_path / "data")
    atlas = load_atlas(data)
    path = tmp_path / "hostile.html"
    path.write_bytes(exports.standalone_html(atlas, "en", tuple(c.id for c in atlas.commands)))
    page, blocked, dialogs = open_offline(browser, path)
    title = page.title()
    assert "<" in hover_territory(page, atlas, "karaganda")
    assert "<img src=x" in page.locator("body").inner_text()  # legend text, shown as text
    assert page.evaluate("window.__xss === undefined")
    assert page.evaluate("[...document.querySelectorAll('img')].filter(i => /\\/x$/.test(i.src))"
                         ".length") == 0
    assert page.title() == title and dialogs == [] and blocked == []
    page.context.close()
