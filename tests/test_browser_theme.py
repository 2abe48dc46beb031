"""The dark theme in a real browser: a dark briefing draws the dark palette on the map (land,
sea, names, territories) and on the page, axe-core finds no serious violation in it, and the
briefing's switch restyles the map where it is, without reloading its frame."""

from __future__ import annotations

import pytest

from components import style as S
from components import theme as T
from components.i18n import tr
from tests.browser_harness import (
    MAP_FRAME,
    app_server,
    axe_violations,
    map_js,
    open_page,
    query_of,
    serious,
    settle,
    wait_for_map_ready,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # The presenter's deck store in a directory of its own (KZ_DATA_DIR, read by the server).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KZ_DATA_DIR", str(tmp_path_factory.mktemp("decks")))
        with app_server(tmp_path_factory.mktemp("logs")) as running:
            yield running
            assert "Traceback" not in running.log(), running.log()


def rgb(colour: str) -> str:
    """'#rrggbb' as the browser's computed style writes it."""
    r, g, b = (round(c * 255) for c in S.hex_rgb(colour))
    return f"rgb({r}, {g}, {b})"


# What the map draws, as computed styles: the land (the container), the sea, an oblast's
# name and its halo, and the territories' fill opacity and border.
MAP_COLOURS = """() => {
  const style = e => getComputedStyle(e);
  const label = document.querySelector('.kz-label-oblast');
  const territory = document.querySelector('path.leaflet-interactive[fill-opacity]');
  return {
    dark: map.getContainer().classList.contains('kz-dark'),
    land: style(map.getContainer()).backgroundColor,
    sea: style(document.querySelector('path.kz-sea')).fill,
    lake: style(document.querySelector('path.kz-lake')).fill,
    label: label && style(label).color,
    halo: label && style(label).textShadow,
    country: style(document.querySelector('.kz-label-country')).color,
    opacities: [...document.querySelectorAll('path.leaflet-interactive[fill-opacity]')]
      .map(p => p.getAttribute('fill-opacity')),
  };
}"""


def dark_map_ok(colours: dict) -> None:
    assert colours["dark"]
    assert colours["land"] == rgb(T.DARK_LAND_COLOUR)
    assert colours["sea"] == colours["lake"] == rgb(T.DARK_SEA_COLOUR)
    assert colours["label"] == rgb(T.DARK_LABEL_TEXT_COLOUR)
    assert rgb(T.DARK_LABEL_HALO_COLOUR) in colours["halo"]
    assert colours["country"] == rgb(T.DARK_CONTEXT_LABEL_COLOUR)
    # The step's command at the dark fill opacity (the others dimmed).
    assert str(T.DARK_FILL_OPACITY) in colours["opacities"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_dark_briefing_is_dark_and_has_no_serious_axe_violation(server, browser, lang):
    page, watch = open_page(browser, 1366, 768)
    page.goto(f"{server.url}/?mode=briefing&theme=dark&lang={lang}&command=batys")
    wait_for_map_ready(page)
    page.wait_for_timeout(600)  # the map's fit animation
    dark_map_ok(map_js(page, MAP_COLOURS))
    assert page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]'))"
                         ".backgroundColor") == rgb(T.DARK_PAGE_BACKGROUND)
    assert page.evaluate("getComputedStyle(document.querySelector('[data-testid=stMain] h2'))"
                         ".color") == rgb(T.DARK_PAGE_TEXT_COLOUR)
    assert serious(axe_violations(page)) == []
    document = page.locator(MAP_FRAME).element_handle().content_frame()
    assert serious(axe_violations(page, document)) == []
    assert watch.blocked == []
    page.context.close()


@pytest.mark.parametrize("query", ["lang=en&theme=dark&oblast=abai&commands=astana,batys",
                                   "lang=ru&theme=dark&deck=default&mode=presenter"],
                         ids=["explore-with-sidebar", "presenter"])
def test_the_dark_page_with_its_sidebar_and_the_presenter_have_no_serious_violation(
        server, browser, query):
    page, _ = open_page(browser, 1366, 768)
    page.goto(f"{server.url}/?{query}")
    wait_for_map_ready(page)
    page.wait_for_timeout(600)
    assert map_js(page, MAP_COLOURS)["dark"]
    # Streamlit's header lies over the page's top 60 px: painted dark, it hid the explore
    # page's title.
    assert page.evaluate("getComputedStyle(document.querySelector('[data-testid=stHeader]'))"
                         ".backgroundColor") == "rgba(0, 0, 0, 0)"
    if "presenter" not in query:
        # Unchecked boxes and switched-off toggles in the sidebar are dark, not Streamlit's
        # white box and near-black track.
        off = page.evaluate("""[...document.querySelectorAll(
            '[data-testid=stCheckbox]:not([data-selected]) label>div:not([data-testid])')]
            .map(e => getComputedStyle(e).backgroundColor)""")
        assert off and set(off) == {rgb(T.DARK_WIDGET_BACKGROUND)}, off
    assert serious(axe_violations(page)) == []
    page.context.close()


def test_the_briefing_switch_restyles_the_map_in_place(server, browser):
    page, _ = open_page(browser, 1366, 768)
    page.goto(f"{server.url}/?mode=briefing&lang=ru&command=shygys")
    wait_for_map_ready(page)
    light = map_js(page, MAP_COLOURS)
    assert not light["dark"] and light["land"] == rgb(S.LAND_COLOUR)
    assert light["sea"] == rgb(S.SEA_COLOUR)
    # A mark in the frame's window: a reloaded frame would lose it.
    map_js(page, "window.__kzSameFrame = true")
    view = map_js(page, "[map.getCenter().lat, map.getCenter().lng, map.getZoom()]")
    switch = page.locator(".st-key-briefing_theme_ru")
    switch.get_by_text(tr("ru", "dark_theme")).click()
    handle = page.locator(MAP_FRAME).element_handle().content_frame()
    handle.wait_for_function("map.getContainer().classList.contains('kz-dark')",
                             timeout=30_000)
    settle(page)
    assert map_js(page, "window.__kzSameFrame === true")
    dark_map_ok(map_js(page, MAP_COLOURS))
    assert map_js(page, "[map.getCenter().lat, map.getCenter().lng, map.getZoom()]") == view
    assert query_of(page)["theme"] == "dark"
    # And back: light again, still the same frame.
    switch.get_by_text(tr("ru", "dark_theme")).click()
    handle.wait_for_function("!map.getContainer().classList.contains('kz-dark')",
                             timeout=30_000)
    settle(page)
    assert map_js(page, "window.__kzSameFrame === true")
    assert map_js(page, MAP_COLOURS)["land"] == rgb(S.LAND_COLOUR)
    assert "theme" not in query_of(page)
    page.context.close()
