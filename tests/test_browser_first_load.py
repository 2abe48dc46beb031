"""A steady first load (issue 22, point 11): nothing already drawn moves while the page, its
style, the widgets' code and the map arrive. Cumulative Layout Shift as Chrome computes it
(tests/bench/layout_shift.py), for a cold load in a fresh browser context, must stay within
the web-vitals' "good" 0.1 on the three pages the issue measured, on a phone the size of
Lighthouse's mobile preset (412×823, the panel under the map), as the issue measured them.

Wider windows are left out, for two shifts Streamlit makes itself after its first paint, which
no app code can prevent: it opens the sidebar and moves the page by its width (0.23 at
1280×800 in any Streamlit app with a sidebar, a three-line one included), and it sometimes
widens the page to the wide layout in the same frame as the first elements (0.14 for a
briefing at 1280×800 when it does, 0.004 when it does it a frame earlier).

Both were traced frame by frame (December 2026, Streamlit 1.67): Streamlit draws its main
section (header band and an empty block) about 20 ms before its websocket opens, full width
and in the narrow layout; the sidebar is drawn only once its first element has arrived (the
app draws it first), so the main section, already painted, moves 300 px right. Chrome counts
that: any box with a child moves, painted or not (an empty transparent one with an empty
60 px child measured the same 0.234). Nothing the app sends can arrive before that paint,
and a page config's layout and sidebar state arrive with the first elements; only a sidebar
closed on every screen, or no sidebar, would keep that shift off wide screens.
"""

from __future__ import annotations

import pytest

from tests.bench.apps import READY
from tests.bench.layout_shift import (
    CLS_LIMIT,
    OBSERVER,
    PAGES,
    SETTLE_MS,
    cls,
    read,
    worst_shifts,
)
from tests.browser_harness import app_server, open_page

pytestmark = pytest.mark.browser
PHONE = (412, 823)  # Lighthouse's mobile preset
CASES = [(path, PHONE) for path in PAGES]


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    with app_server(tmp_path_factory.mktemp("logs")) as running:
        # The server's first session imports the app and loads the data: not a viewer's load.
        page, _ = open_page(browser, 1280, 800)
        page.goto(running.url)
        page.wait_for_function(READY, timeout=90_000)
        page.context.close()
        yield running
        assert "Traceback" not in running.log(), running.log()


@pytest.mark.parametrize(("path", "size"), CASES, ids=lambda c: str(c))
def test_the_first_load_does_not_move_what_is_drawn(server, browser, path, size):
    page, watch = open_page(browser, *size)
    page.context.add_init_script(OBSERVER)
    page.goto(server.url + path)
    page.wait_for_function(READY, timeout=60_000, polling=50)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)
    record = read(page)
    assert record["shifts"] is not None and record["fcp"] is not None, record  # it observed
    assert cls(record) <= CLS_LIMIT, "\n".join([f"CLS {cls(record):.3f} on {path} at {size}",
                                                *worst_shifts(record)])
    assert watch.blocked == []
    page.context.close()


def test_the_open_source_notes_open_from_the_keyboard(server, browser):
    """Drawn only once opened (a rerun of the map's part of the page): Enter on the closed
    box draws the notes, and the focus stays on the box's summary for the next key."""
    from components.i18n import tr

    page, watch = open_page(browser, 1280, 800)
    page.goto(server.url + "/?command=shygys&lang=ru")
    page.wait_for_function(READY, timeout=60_000, polling=50)
    summary = page.locator("details summary", has_text=tr("ru", "open_source_notes"))
    caveat = tr("ru", "open_source_caveat")[:40]
    assert page.get_by_text(caveat).count() == 0  # closed: not drawn
    summary.focus()
    page.keyboard.press("Enter")
    page.get_by_text(caveat).wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # the rerun's last messages
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    # The summary's text is its icon's name, then the label.
    assert page.evaluate("() => document.activeElement.innerText").strip().endswith(
        tr("ru", "open_source_notes"))
    assert watch.blocked == []
    page.context.close()


def test_the_territories_credit_the_map_once(server, browser):
    """Leaflet rewrote the credit line's HTML for every territory's polygon that carried it
    (17–20 times in the first paint's task); the credit line still names the data."""
    from tests.browser_harness import map_js

    page, watch = open_page(browser, 1280, 800)
    page.goto(server.url + "/?division=2018")
    page.wait_for_function(READY, timeout=60_000, polling=50)
    counts = map_js(page, "Object.values(map.attributionControl._attributions)")
    assert counts == [1]
    assert "geokz" in map_js(page, "map.attributionControl.getContainer().innerText")
    page.locator('[data-testid="stSidebar"] label', has_text="2022").first.click()
    page.wait_for_function("""() => { const f = document.querySelector(
        'iframe[title="streamlit_folium.st_folium"]');
        return f.contentWindow.__kz.division === '2022'; }""", timeout=30_000)
    assert map_js(page, "Object.values(map.attributionControl._attributions)") == [1]
    assert watch.blocked == []
    page.context.close()
