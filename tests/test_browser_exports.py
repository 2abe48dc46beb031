"""The standalone HTML map, opened from disk in Chromium with every network request blocked."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components import exports
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR
from tests.hostile_data import make_hostile_data

pytestmark = pytest.mark.browser
DAY = date(2026, 11, 25)


def open_offline(browser, path, size=(1280, 800)):
    """Open a file with every non-file request blocked and counted."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
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


COUNTRY_BOX_JS = """(() => {
  const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
  const frame = map.getContainer().getBoundingClientRect();
  let box = null;
  map.eachLayer(layer => {
    const props = layer.feature && layer.feature.properties;
    if (!props || !props.fill || !layer.getBounds) { return; }
    const b = layer.getBounds();
    const nw = map.latLngToContainerPoint(b.getNorthWest());
    const se = map.latLngToContainerPoint(b.getSouthEast());
    const r = [nw.x + frame.left, nw.y + frame.top, se.x + frame.left, se.y + frame.top];
    box = box ? [Math.min(box[0], r[0]), Math.min(box[1], r[1]), Math.max(box[2], r[2]),
                 Math.max(box[3], r[3])] : r;
  });
  const rect = id => { const r = document.getElementById(id).getBoundingClientRect();
                       return [r.left, r.top, r.right, r.bottom]; };
  return {country: box, frame: [frame.left, frame.top, frame.right, frame.bottom],
          header: rect('kz-export-header'), legend: rect('kz-export-legend')};
})()"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (390, 844)])
def test_html_export_title_date_and_legend_never_cover_the_country(browser, tmp_path, size):
    atlas = load_atlas(DATA_DIR)
    path = tmp_path / "map.html"
    path.write_bytes(exports.standalone_html(atlas, "ru", tuple(c.id for c in atlas.commands),
                                             DAY))
    page, blocked, _ = open_offline(browser, path, size)
    page.wait_for_timeout(300)  # the fit to the country runs once the layers are in
    boxes = page.evaluate(COUNTRY_BOX_JS)
    country, frame = boxes["country"], boxes["frame"]
    # The whole country is in the map's frame, and neither the legend nor the header is on it.
    assert frame[0] <= country[0] and country[2] <= frame[2], boxes
    assert frame[1] <= country[1] and country[3] <= frame[3], boxes
    assert not overlaps(country, boxes["legend"]) and not overlaps(country, boxes["header"])
    assert (country[2] - country[0]) > 0.8 * (frame[2] - frame[0]) \
        or (country[3] - country[1]) > 0.8 * (frame[3] - frame[1])  # and fills the frame
    header = page.locator("#kz-export-header").inner_text()
    assert "Сухопутных войск" in header and DAY.isoformat() in header
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.locator(".leaflet-control-attribution img, .leaflet-control-attribution svg"
                        ).count() == 0  # no flag
    page.screenshot(path=str(tmp_path / f"export_{size[0]}x{size[1]}.png"))
    assert blocked == []
    page.context.close()


LABELS_JS = """() => Object.fromEntries([...document.querySelectorAll('.kz-label')].map(
    e => [e.dataset.key, !e.classList.contains('kz-label-hidden')]))"""


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_html_export_names_baikonur_the_caspian_and_the_neighbours_at_1920(browser, tmp_path,
                                                                           lang):
    """The labels are placed for the export's own map (the window less its header and the
    legend's column), not the app's smaller frame: at 1920×1080 none has to be hidden.
    (Mongolia reaches into this view by a sliver about 5 px wide at the right edge: too
    little to carry a name, so it has none.)"""
    atlas = load_atlas(DATA_DIR)
    path = tmp_path / "map.html"
    path.write_bytes(exports.standalone_html(atlas, lang, tuple(c.id for c in atlas.commands),
                                             DAY))
    page, blocked, _ = open_offline(browser, path, (1920, 1080))
    # Labels are checked for collisions after the fit and again once the font is in: on a
    # busy machine that can take a while, so give it up to 5 s before reading them.
    try:
        page.wait_for_function(f"() => {{ const s = ({LABELS_JS})(); const v = Object.values(s);"
                               " return v.length > 20 && v.every(x => x); }", timeout=5_000)
    except PlaywrightTimeout:
        pass  # the assertions below say which are hidden
    shown = page.evaluate(LABELS_JS)
    assert [key for key, visible in shown.items() if not visible] == [], lang
    for key in ("lease:baikonur", "sea:caspian", "country:CN", "country:RU", "country:KG",
                "country:UZ", *(f"oblast:{code}" for code in atlas.territories.index
                                if atlas.territories.loc[code, "kind"] == "oblast")):
        assert shown.get(key), (lang, key, sorted(k for k, v in shown.items() if not v))
    page.screenshot(path=str(tmp_path / f"export_1920_{lang}.png"))
    assert blocked == []
    page.context.close()


TOOLTIP_AND_CONTROLS_JS = """() => {
  const rect = el => { const r = el.getBoundingClientRect();
                       return [r.left, r.top, r.right, r.bottom]; };
  const tip = document.querySelector('.leaflet-tooltip');
  return {tooltip: tip && rect(tip),
          controls: [...document.querySelectorAll('.leaflet-top .leaflet-control')].map(rect)};
}"""


@pytest.mark.parametrize("at", [(4, 40), (4, 120), (30, 4)])
def test_html_export_tooltip_near_the_top_left_stays_clear_of_the_controls(browser, tmp_path,
                                                                           at):
    """A territory panned under the zoom buttons, the pointer beside them: its tooltip is
    drawn clear of the buttons, not under them."""
    atlas = load_atlas(DATA_DIR)
    path = tmp_path / "map.html"
    path.write_bytes(exports.standalone_html(atlas, "ru", tuple(c.id for c in atlas.commands),
                                             DAY))
    page, blocked, _ = open_offline(browser, path, (1920, 1080))
    page.wait_for_timeout(600)  # after the page's own fit to the country
    point = atlas.territories.loc["karaganda", "geometry"].representative_point()
    frame = page.evaluate(f"""(() => {{
        const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
        map.setView([{point.y}, {point.x}], 6, {{animate: false}});
        const c = map.latLngToContainerPoint([{point.y}, {point.x}]);
        map.panBy([c.x - {at[0]}, c.y - {at[1]}], {{animate: false}});
        const r = map.getContainer().getBoundingClientRect();
        return [r.left, r.top];
    }})()""")
    page.wait_for_timeout(300)
    page.mouse.move(frame[0] + at[0] + 3, frame[1] + at[1] + 3)
    page.mouse.move(frame[0] + at[0], frame[1] + at[1])
    page.locator(".leaflet-tooltip").wait_for(timeout=10_000)
    boxes = page.evaluate(TOOLTIP_AND_CONTROLS_JS)
    assert "Карагандинская" in page.locator(".leaflet-tooltip").inner_text()
    assert boxes["controls"], boxes
    assert not [c for c in boxes["controls"] if overlaps(boxes["tooltip"], c)], boxes
    page.screenshot(path=str(tmp_path / f"tooltip_{at[0]}_{at[1]}.png"))
    assert blocked == []
    page.context.close()


@pytest.mark.parametrize(("lang", "division", "size"), [("kk", "2018", (1366, 768)),
                                                        ("ru", "2022", (1920, 1080))])
def test_the_powerpoint_download_sits_beside_the_pdf_and_gives_the_tour(
        browser, tmp_path, lang, division, size):
    """The Downloads offer the deck as PowerPoint right after the PDF; pressed, it gives the
    built-in tour in the page's language and division."""
    import io

    from pptx import Presentation

    from components.decks.default import default_deck
    from components.i18n import tr
    from tests.browser_harness import app_server, open_page, wait_for_map_ready

    with app_server(tmp_path) as server:
        page, watch = open_page(browser, *size)
        page.goto(f"{server.url}/?lang={lang}&division={division}")
        wait_for_map_ready(page)
        page.get_by_text(tr(lang, "exports"), exact=True).click()
        buttons = page.locator("[data-testid='stDownloadButton'] button")
        # The buttons are drawn when the box is opened (a rerun): wait for all of them.
        buttons.nth(len(exports.FORMATS) - 1).wait_for(timeout=30_000)
        labels = [text.strip() for text in buttons.all_inner_texts()]
        assert labels[:2] == [tr(lang, "export_pdf"), tr(lang, "export_pptx")]
        page.get_by_role("button", name=tr(lang, "export_pptx")).scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / f"downloads-{lang}-{size[0]}.png"))
        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("button", name=tr(lang, "export_pptx")).click()
        assert download.value.suggested_filename == exports.export_filename(
            "briefing-deck", lang, date.today(), "pptx", division)
        prs = Presentation(io.BytesIO(download.value.path().read_bytes()))
        deck = default_deck(load_atlas(DATA_DIR), lang)
        assert [s.shapes.title.text for s in list(prs.slides)[1:-1]] == [
            s.title for s in deck.steps]
        assert atlas_division_title(division, lang) in prs.slides[0].placeholders[1].text
        assert watch.blocked == []
        page.context.close()
        assert "Traceback" not in server.log()


def atlas_division_title(division: str, lang: str) -> str:
    return load_atlas(DATA_DIR).in_division(division).division.title.get(lang)
