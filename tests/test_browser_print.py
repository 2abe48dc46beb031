"""Printing the page (Ctrl+P): A4 landscape, the map, then the panel under it, no sidebar."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from geo.atlas import load_atlas
from tests.browser_harness import MAP_FRAME, app_server, open_page, wait_for_map_ready
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser
ATLAS = load_atlas(DATA_DIR)
A4_LANDSCAPE_PT = (841.89, 595.28)

BOXES_JS = f"""(heading) => {{
  const rect = el => {{ if (!el) {{ return null; }} const r = el.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom]; }};
  const headings = [...document.querySelectorAll('[data-testid="stMain"] h3, '
                                                + '[data-testid="stMain"] h2')];
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  return {{map: rect(document.querySelector('{MAP_FRAME}')),
           heading: rect(headings.find(h => h.textContent.includes(heading))),
           sidebar: sidebar && sidebar.getBoundingClientRect().width > 0
                    && getComputedStyle(sidebar).display !== 'none'}};
}}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("logs")) as running:
        yield running
        assert "Traceback" not in running.log(), running.log()


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(("query", "size"), [
    ("?command=batys", (1280, 800)),
    ("?command=shygys&lang=ru", (1920, 1080)),
    ("?mode=briefing&command=ontustik&lang=kk", (1280, 800)),
])
def test_printed_page_puts_the_panel_under_the_map_without_the_sidebar(server, browser,
                                                                      tmp_path, query, size):
    lang = dict(part.split("=") for part in query[1:].split("&")).get("lang", "en")
    command = dict(part.split("=") for part in query[1:].split("&"))["command"]
    heading = ATLAS.command(command).name.get(lang)
    page, watch = open_page(browser, *size)
    page.goto(server.url + "/" + query)
    wait_for_map_ready(page)
    page.emulate_media(media="print")
    page.wait_for_timeout(500)
    boxes = page.evaluate(BOXES_JS, heading)
    assert boxes["map"] and boxes["heading"], boxes
    assert not overlaps(boxes["map"], boxes["heading"]), boxes
    assert boxes["heading"][1] >= boxes["map"][3], boxes  # the panel below the map
    assert not boxes["sidebar"], boxes
    # What a printer gets: A4 landscape pages, the panel's heading among their text.
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (tmp_path / "printed.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    for number, sheet in enumerate(reader.pages, start=1):
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert (round(width), round(height)) == tuple(map(round, A4_LANDSCAPE_PT)), number
    assert heading in "".join(sheet.extract_text() for sheet in reader.pages)
    assert watch.blocked == []
    page.context.close()
