"""The downloads as files: PDF pages and text, PNG size and filter, GeoJSON and CSV."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
import shutil
import stat
import zipfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pytest
import shapely
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from components import content, exports
from components.content import command_label
from components.i18n import tr
from components.style import HIDDEN_COLOUR
from components.text import guillemets
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR
from tests.pdf_chars import page_chars

DAY = date(2026, 11, 25)
ATLAS = load_atlas(DATA_DIR)


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def colour_pixels(png: bytes, hex_colour: str) -> int:
    rgb = np.array(Image.open(io.BytesIO(png)).convert("RGB"))
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(rgb.astype(int) - target).sum(axis=2) <= 6).sum())


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pdf_has_an_overview_and_a_page_per_command_with_names_and_missions(lang):
    reader = PdfReader(io.BytesIO(pack(lang)))
    assert len(reader.pages) == 1 + len(ATLAS.commands)
    overview = normalised(reader.pages[0].extract_text())
    assert tr(lang, "title") in overview
    for page, command in zip(reader.pages[1:], ATLAS.commands, strict=True):
        text = normalised(page.extract_text())
        assert command_label(ATLAS, command.id, lang) in text
        assert command_label(ATLAS, command.id, lang) in overview
        mission = command.mission.get(lang) if command.mission else tr(lang, "not_stated")
        assert normalised(mission) in text, (lang, command.id)
        if command.mission and lang != "kk":
            assert normalised(guillemets(command.mission.kk)) in text  # the Kazakh original


def test_pdf_text_keeps_every_kazakh_letter():
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        pack("kk"))).pages)
    written = "".join(c.mission.kk + c.composition.kk for c in ATLAS.commands if c.mission)
    letters = set("ӘҒҚҢӨҰҮҺІәғқңөұүһі") & set(written)
    assert len(letters) >= 10
    for letter in letters:
        assert letter in text, letter


def test_png_is_slide_sized_and_shows_the_filter():
    filtered = exports.slide_png(ATLAS, "en", ("astana",), DAY)
    assert Image.open(io.BytesIO(filtered)).size == (1920, 1080)
    batys, astana = ATLAS.command("batys").colour, ATLAS.command("astana").colour
    assert colour_pixels(filtered, astana) > 20_000
    assert colour_pixels(filtered, batys) == 0  # hidden: grey on the map, absent from the legend
    assert colour_pixels(filtered, HIDDEN_COLOUR) > 20_000
    everything = exports.slide_png(ATLAS, "en", tuple(c.id for c in ATLAS.commands), DAY)
    assert colour_pixels(everything, batys) > 20_000
    assert colour_pixels(everything, HIDDEN_COLOUR) < 2_000  # anti-aliased edges only


def geojson_layers(atlas) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    frame = gpd.read_file(io.BytesIO(exports.territories_geojson(atlas)))
    return frame[frame["layer"] == "territory"], frame[frame["layer"] == "frontier"]


def test_geojson_round_trips_with_the_same_assignments():
    frame, _ = geojson_layers(ATLAS)
    assert len(frame) == len(ATLAS.territories)
    got = {code: None if pd.isna(command) else command
           for code, command in zip(frame["code"], frame["command"], strict=True)}
    expected = dict(ATLAS.territories["command"].items())
    assert got == expected
    assert frame.set_index("code").loc["almaty-city", "derived"]


def test_geojson_carries_each_frontier_segment_with_its_command_and_neighbour():
    _, frontier = geojson_layers(ATLAS)
    held = frontier.groupby(["command", "neighbour"])["km"].sum()
    assert held[("batys", "caspian")] > 1500 and held[("ontustik", "KG")] > 900
    assert set(frontier["command"]) == {c.id for c in ATLAS.commands}
    for command in ATLAS.commands:
        expected = ATLAS.frontiers.commands[command.id].frontier_km
        assert abs(frontier[frontier["command"] == command.id]["km"].sum() - expected) < 1


def signed_area(ring) -> float:
    """The shoelace formula: positive for a counter-clockwise ring (lon east, lat north)."""
    xs, ys = np.asarray(ring, dtype=float).T[:2]
    return float(np.dot(xs[:-1], ys[1:]) - np.dot(xs[1:], ys[:-1])) / 2


def polygons_of(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else []


def wound_clockwise(data: Path) -> None:
    """Every ring of every boundary file written the other way round (valid GeoJSON readers
    accept either winding): the export must still wind them as RFC 7946 asks."""
    def reverse(geometry):
        polygons = polygons_of(geometry)
        for polygon in polygons:
            for ring in polygon:
                ring.reverse()
    for path in data.glob("territories_*.geojson"):
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            reverse(feature["geometry"])
        path.write_text(json.dumps(collection), encoding="utf-8")


@pytest.mark.parametrize("winding", ["as shipped", "reversed"])
def test_geojson_rings_follow_the_right_hand_rule(data_copy, winding):
    """RFC 7946, 3.1.6: exterior rings counter-clockwise, holes clockwise, whichever way the
    boundary files wind them."""
    if winding == "reversed":
        wound_clockwise(data_copy)
    features = json.loads(exports.territories_geojson(load_atlas(data_copy)))["features"]
    exteriors, holes, wrong = 0, 0, []
    for feature in features:
        for polygon in polygons_of(feature["geometry"]):
            exterior, *inner = polygon
            exteriors += 1
            if signed_area(exterior) <= 0:
                wrong.append((feature["properties"].get("code"), "exterior"))
            for hole in inner:
                holes += 1
                if signed_area(hole) >= 0:
                    wrong.append((feature["properties"].get("code"), "hole"))
    assert exteriors >= len(ATLAS.territories) and holes >= 1  # e.g. Almaty city
    assert not wrong, wrong


def test_geojson_says_what_it_holds_in_its_name_and_label():
    fmt = next(f for f in exports.FORMATS if f.extension == "geojson")
    name = exports.export_filename(fmt.kind, "en", DAY, fmt.extension)
    assert name == "kz-regional-commands_territories-and-frontiers_en_2026-11-25.geojson"
    layers = {f["properties"]["layer"]
              for f in json.loads(exports.territories_geojson(ATLAS))["features"]}
    assert layers == {"territory", "frontier"}
    for lang, word in (("en", "frontier"), ("ru", "границ"), ("kk", "шекара")):
        assert word in tr(lang, fmt.label).lower(), lang


@pytest.mark.parametrize("winding", ["as shipped", "reversed"])
def test_geojsonhint_finds_nothing_in_the_geojson(data_copy, tmp_path, winding):
    from tests.validators import geojsonhint

    if winding == "reversed":
        wound_clockwise(data_copy)
    path = tmp_path / "territories.geojson"
    path.write_bytes(exports.territories_geojson(load_atlas(data_copy)))
    assert geojsonhint(path) == []


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_csv_has_one_row_per_command_and_the_same_machine_header_in_every_language(lang):
    text = exports.commands_csv(ATLAS, lang).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:13] == ["id", "name", "division", "hq", "hq_lat", "hq_lon", "oblasts",
                            "oblasts_derived", "area_km2", "share", "mission_kind", "mission",
                            "composition"]
    assert rows[0][13:] == ["border_km_rus", "border_km_uzb", "border_km_chn", "border_km_kgz",
                            "border_km_tkm", "caspian_coast_km", "hq_reach_km"]
    assert [r[0] for r in rows[1:]] == [c.id for c in ATLAS.commands]
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_id["shygys"]["mission"] == tr(lang, "not_stated")  # no mission in the source
    assert by_id["astana"]["mission_kind"] == "role"
    assert by_id["astana"]["hq"] == ATLAS.command("astana").hq.name.get(lang)
    assert float(by_id["batys"]["caspian_coast_km"]) > 1500
    assert float(by_id["ontustik"]["caspian_coast_km"]) == 0
    assert float(by_id["shygys"]["border_km_chn"]) > 500
    # Stated or derived: the regions formed in 2022 are listed as derived, in 2022 only.
    assert by_id["shygys"]["oblasts_derived"] == ATLAS.territories.loc["abai", f"name_{lang}"]
    old = {r[0]: r for r in csv.reader(io.StringIO(exports.commands_csv(
        ATLAS.in_division("2018"), lang).decode("utf-8-sig")))}
    assert old["shygys"][2] == "2018" and old["shygys"][7] == ""


def test_file_names_carry_language_and_date():
    assert exports.export_filename("briefing", "kk", DAY, "pdf") == \
        "kz-regional-commands_briefing_kk_2026-11-25.pdf"


def test_standalone_html_needs_no_server():
    html = exports.standalone_html(ATLAS, "en", ("astana", "batys")).decode("utf-8")
    assert "<script src=" not in html and "<link rel=\"stylesheet\" href=" not in html
    assert "L.map(" in html and "Regional Command «Astana»" in html


def test_hostile_text_stays_text_in_every_download(tmp_path):
    from tests.hostile_data import make_hostile_data

    atlas = load_atlas(make_hostile_data(DATA_DIR, tmp_path / "data"))
    ids = tuple(c.id for c in atlas.commands)
    pdf = PdfReader(io.BytesIO(exports.briefing_pdf(atlas, "en", (), DAY)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "<img src=x" in text and "$z$" in normalised(text)  # shown, not interpreted
    png = exports.slide_png(atlas, "en", ids, DAY)
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    rows = list(csv.reader(io.StringIO(exports.commands_csv(atlas, "en").decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    frame, _ = geojson_layers(atlas)
    assert list(frame["name_en"]) == list(atlas.territories["name_en"])  # exact, unescaped


@pytest.mark.parametrize(("text", "guarded"), [
    ("=HYPERLINK(A1)", "'=HYPERLINK(A1)"),
    ("Astana;=HYPERLINK(A1)", "Astana;'=HYPERLINK(A1)"),
    ("Astana; =1+1", "Astana;' =1+1"),
    ("Astana,@SUM(A1)", "Astana,'@SUM(A1)"),
    ('a;"=1"', 'a;\'"=1"'),
    ("a;+1,-1", "a;'+1,'-1"),
    ("a;\t1", "a;'\t1"),
    ("a;\r1", "a;'\r1"),
    (" =1", "' =1"),
])
def test_a_formula_after_any_separator_is_neutralised(text, guarded):
    assert exports.csv_cell(text) == guarded


@pytest.mark.parametrize("value", ["Astana; Karaganda", "Batys (West)", 49.8, -1.5, 3])
def test_plain_text_and_numbers_are_left_alone(value):
    assert exports.csv_cell(value) == value


def test_every_csv_cell_is_quoted_and_no_cell_split_on_semicolons_starts_a_formula(tmp_path):
    from tests.conftest import edit_yaml

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    edit_yaml(data / "commands.yaml", lambda d: d["commands"][0]["hq"]["name"].update(
        en="Astana;=HYPERLINK(A1)"))
    raw = exports.commands_csv(load_atlas(data), "en").decode("utf-8-sig")
    lines = raw.splitlines()
    assert all(line.startswith('"') and line.endswith('"') for line in lines)  # QUOTE_ALL
    # A spreadsheet that splits on `;` (ru/kk Excel) starts a cell after every `;`, inside
    # our comma-separated quotes too: none of those cells may start a formula.
    cells = [cell for row in csv.reader(io.StringIO(raw), delimiter=";") for cell in row]
    assert any(cell.startswith("'=HYPERLINK(A1)") for cell in cells)
    assert not any(cell.lstrip(' "').startswith(("=", "+", "-", "@")) for cell in cells)
    row = next(csv.reader(io.StringIO(lines[1])))
    assert row[3] == "Astana;'=HYPERLINK(A1)"
    names = [ATLAS.territories.loc[c, "name_en"] for c in ATLAS.commands[0].oblasts]
    assert row[6] == "; ".join([*names, "Ulytau Oblast"])  # the oblasts: one cell
    assert row[7] == "Ulytau Oblast" and row[2] == "2022"  # derived, and the division


def test_wrapped_text_keeps_dollars_and_has_no_stray_backslash():
    text = "Budget $5 per item, costs $x$ total " + "word " * 40 + "$" + "y" * 20 + "$"
    wrapped = exports.wrap(text, 30)
    assert "\\" not in wrapped and wrapped.count("$") == text.count("$")


# --- Exports that stand on their own (issue #11) -----------------------------------------

LANGS = ("kk", "ru", "en")
EVERY = tuple(c.id for c in ATLAS.commands)


@functools.cache
def pack(lang: str) -> bytes:
    return exports.briefing_pdf(ATLAS, lang, (), DAY)


@pytest.mark.parametrize("lang", LANGS)
def test_every_character_of_the_pdf_lies_inside_the_page_margins(lang):
    from components.exports.pdf import MARGIN

    reader = PdfReader(io.BytesIO(pack(lang)))
    checked = 0
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        left, bottom = MARGIN * width, MARGIN * height
        right, top = width - left, height - bottom
        chars = page_chars(page)
        # The reader sees the page's text: every command's name is among the characters read.
        assert tr(lang, "title")[:12] in "".join(c.text for c in chars) or number > 1
        outside = [(c.text, round(c.x0, 1), round(c.y0, 1), round(c.x1, 1), round(c.y1, 1))
                   for c in chars if c.x0 < left - 0.01 or c.x1 > right + 0.01
                   or c.y0 < bottom - 0.01 or c.y1 > top + 0.01]
        assert not outside, (lang, number, outside[:10])
        checked += len(chars)
    assert checked > 5000  # the whole pack: maps' labels, tables, missions, sources


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_declares_its_language_title_and_xmp_metadata(lang):
    """A screen reader reads the pack in its language, a viewer's window shows its title (not
    the file name), and the metadata travels as XMP too (issue #22, point 15)."""
    reader = PdfReader(io.BytesIO(pack(lang)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata.title == tr(lang, "title")
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": tr(lang, "title"), lang: tr(lang, "title")}
    assert xmp.dc_language == [lang]
    assert xmp.dc_format == "application/pdf"
    subject = f"{content.subtitle(ATLAS, lang)} · {DAY.isoformat()}"
    assert "{" not in subject and reader.metadata.subject == subject
    assert xmp.dc_description == {"x-default": subject, lang: subject}
    assert xmp.xmp_create_date is not None
    assert len(reader.pages) == 1 + len(ATLAS.commands)  # the pages are still all there


def test_pdf_checkers_read_the_metadata_and_find_no_fault(tmp_path):
    from tests.validators import pdfinfo, qpdf_check

    path = tmp_path / "pack.pdf"
    path.write_bytes(pack("kk"))
    info = pdfinfo(path)
    assert info["Title"] == tr("kk", "title")
    assert info["Metadata Stream"] == "yes" and info["Pages"] == str(1 + len(ATLAS.commands))
    assert "Lang" not in info or info["Lang"] == "kk"
    assert qpdf_check(path) == []


def test_the_pdf_character_reader_sees_text_past_the_margin():
    """The check above could fail: a line set past the page's right margin is caught."""
    from matplotlib.backends.backend_pdf import PdfPages

    from components.exports.static_map import new_figure

    fig = new_figure(8.27, 11.69)
    fig.text(0.9, 0.5, "Главнокомандующего", fontsize=10)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buffer) as pdf:
        pdf.savefig(fig)
    chars = page_chars(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])
    assert "".join(c.text for c in chars) == "Главнокомандующего"
    assert chars[0].x0 == pytest.approx(0.9 * 8.27 * 72, abs=0.01)
    assert chars[-1].x1 > 8.27 * 72  # runs off the page


def map_axes_boxes(fig):
    """The map axes' box on the page as fractions, and the view drawn in it."""
    ax = fig.axes[0]
    box = ax.get_position()
    return box, ax


@pytest.mark.parametrize("command", EVERY)
def test_each_command_page_map_fills_half_the_page_and_its_frame(command):
    from components.exports.pdf import command_page
    from components.exports.static_map import focus_bounds, map_view

    fig = command_page(ATLAS, command, "ru", DAY)
    box, ax = map_axes_boxes(fig)
    assert box.width * box.height > 0.35  # not a quarter page
    view = map_view(ax, focus_bounds(ATLAS, EVERY, command=command))
    assert ax.get_xlim() == (0, view.width) and ax.get_ylim() == (view.height, 0)
    left, top, right, bottom = territory_box(view, ATLAS.territories["command"] == command)
    # The command is inside the frame and spans it in one direction (less the padding).
    assert 0 <= left and right <= view.width and 0 <= top and bottom <= view.height
    assert max((right - left) / view.width, (bottom - top) / view.height) > 0.95


def territory_box(view, mask):
    """The screen box (left, top, right, bottom) of the territories under `mask`."""
    geometry = shapely.union_all(ATLAS.territories[mask.to_numpy()].geometry.values)
    return view.project(geometry).bounds


@pytest.mark.parametrize(("visible", "command", "oblast", "mask"), [
    (("batys",), None, None, lambda t: t["command"] == "batys"),
    (("astana", "shygys"), None, None, lambda t: t["command"].isin(["astana", "shygys"])),
    (EVERY, "ontustik", None, lambda t: t["command"] == "ontustik"),
    (EVERY, None, "mangystau", lambda t: t.index == "mangystau"),
    (EVERY, None, None, lambda t: t["command"].notna() | t["command"].isna()),
])
def test_slide_zooms_to_what_is_filtered_or_selected(visible, command, oblast, mask):
    slide = exports.slide_figure(ATLAS, "en", visible, DAY, command=command, oblast=oblast)
    view = slide.map.view
    selected = mask(ATLAS.territories)
    left, top, right, bottom = territory_box(view, pd.Series(selected,
                                                             index=ATLAS.territories.index))
    assert 0 <= left and right <= view.width and 0 <= top and bottom <= view.height
    # Covers what is shown and not much more: it spans the frame in one direction.
    assert max((right - left) / view.width, (bottom - top) / view.height) > 0.95
    west, south, east, north = view.bounds()
    ox, oy = view.to_screen(*view.to_lonlat(0, 0))
    assert abs(ox) < 1e-6 and abs(oy) < 1e-6 and west < east and south < north


@pytest.mark.parametrize("lang", LANGS)
def test_slide_carries_title_date_and_sources_inside_the_picture(lang):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    slide = exports.slide_figure(ATLAS, lang, EVERY, DAY, command="batys")
    texts = {normalised(t.get_text()) for t in slide.figure.texts}
    assert command_label(ATLAS, "batys", lang) in texts
    assert any(DAY.isoformat() in t for t in texts)
    sources = next(t for t in texts if t.startswith(tr(lang, "sources")))
    for line in content.command_card(ATLAS, "batys", lang).sources:
        assert normalised(line.title) in sources
    renderer = FigureCanvasAgg(slide.figure).get_renderer()
    width, height = slide.figure.bbox.width, slide.figure.bbox.height
    for artist in [*slide.figure.texts, *slide.figure.legends]:
        extent = artist.get_window_extent(renderer)
        assert extent.x0 >= 0 and extent.x1 <= width and extent.y0 >= 0 and extent.y1 <= height


@functools.cache
def steps_zip(lang: str) -> bytes:
    return exports.make("zip", ATLAS, lang, EVERY, DAY)


def test_briefing_steps_zip_holds_one_slide_per_step():
    from components.view import briefing_steps

    data = steps_zip("ru")
    archive = zipfile.ZipFile(io.BytesIO(data))
    steps = briefing_steps(ATLAS)
    assert archive.namelist() == [exports.step_name(i, s) for i, s in enumerate(steps)]
    assert archive.namelist()[0] == "01_overview.png" and len(steps) == 1 + len(EVERY)
    pictures = [archive.read(name) for name in archive.namelist()]
    for picture in pictures:
        assert Image.open(io.BytesIO(picture)).size == (1920, 1080)
    assert len({hashlib.sha256(p).hexdigest() for p in pictures}) == len(pictures)
    fmt = next(f for f in exports.FORMATS if f.extension == "zip")
    assert (fmt.kind, fmt.mime) == ("briefing-steps", "application/zip")
    assert all(tr(lang, fmt.label) for lang in LANGS)


def test_briefing_steps_zip_members_unpack_readable_by_everyone():
    """Unzipped on a shared drive, colleagues can open the slides: rw-r--r--, regular files,
    as Unix unzip reads the mode (the upper 16 bits of the external attributes)."""
    archive = zipfile.ZipFile(io.BytesIO(steps_zip("ru")))
    for member in archive.infolist():
        mode = member.external_attr >> 16
        assert stat.S_ISREG(mode), member.filename
        assert stat.S_IMODE(mode) == 0o644, (member.filename, oct(stat.S_IMODE(mode)))
        assert member.create_system == 3  # Unix: the mode bits are read, not ignored


def test_the_pack_and_the_steps_present_what_the_filter_shows():
    """A filtered briefing's downloads hold its own steps: the PDF an overview and a page per
    shown command, the ZIP a slide per step of the filtered briefing (issue #22)."""
    from components.view import briefing_steps

    shown = ("astana", "batys")
    reader = PdfReader(io.BytesIO(exports.make("pdf", ATLAS, "en", shown, DAY)))
    assert len(reader.pages) == 1 + len(shown)
    overview = normalised(reader.pages[0].extract_text())
    for command in ATLAS.commands:
        label = command_label(ATLAS, command.id, "en")
        assert (label in overview) == (command.id in shown), command.id
    for page, command in zip(reader.pages[1:], shown, strict=True):
        assert command_label(ATLAS, command, "en") in normalised(page.extract_text())
    archive = zipfile.ZipFile(io.BytesIO(exports.make("zip", ATLAS, "en", shown, DAY)))
    assert archive.namelist() == ["01_overview.png", "02_astana.png", "03_batys.png"]
    assert briefing_steps(ATLAS, shown) == (None, *shown)
    # The overview slide hatches what is hidden, as the live map does.
    first = archive.read("01_overview.png")
    assert first == exports.slide_png(ATLAS, "en", shown, DAY)


def test_make_keeps_the_old_call_and_takes_a_selection():
    old = exports.make("png", ATLAS, "en", ("batys",), DAY)
    assert old == exports.slide_png(ATLAS, "en", ("batys",), DAY)
    selected = exports.make("html", ATLAS, "en", EVERY, DAY, command="shygys").decode()
    assert '"command": "shygys"' in selected and "Regional Command «East» ·" in selected


def label_artists_and_boxes(drawn):
    """Each drawn text line with its placed label."""
    lines = [label for label in drawn.placement.labels for _ in label.lines]
    assert len(lines) == len(drawn.texts)
    return list(zip(lines, drawn.texts, strict=True))


def assert_labels_clear(drawn, ax, renderer):
    boxes = drawn.label_boxes()
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.intersects(b), (a, b)
        for marker in drawn.markers:
            assert not a.intersects(marker), (a, marker)
        assert a.inside(drawn.view.frame)
    # What is drawn stays within the box the placer reserved (a view px is a point).
    to_data = ax.transData.inverted()
    for label, text in label_artists_and_boxes(drawn):
        extent = text.get_window_extent(renderer)
        (x0, y0), (x1, y1) = to_data.transform([(extent.x0, extent.y0), (extent.x1, extent.y1)])
        box = label.box.grown(0.5)
        assert box.left <= min(x0, x1) and max(x0, x1) <= box.right, label.key
        assert box.top <= min(y0, y1) and max(y0, y1) <= box.bottom, label.key


@pytest.mark.parametrize("division", ["2022", "2018"])
@pytest.mark.parametrize("lang", LANGS)
def test_static_map_labels_overlap_nothing_and_name_the_map(lang, division):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    atlas = ATLAS.in_division(division)
    slide = exports.slide_figure(atlas, lang, EVERY, DAY)
    renderer = FigureCanvasAgg(slide.figure).get_renderer()
    assert_labels_clear(slide.map, slide.figure.axes[0], renderer)
    placed = slide.map.placement.by_key()
    assert {f"hq:{c}" for c in EVERY} <= set(placed)  # every HQ city beside its star
    oblasts = {k for k in placed if k.startswith("oblast:")}
    expected = {f"oblast:{c}" for c in atlas.territories.index[atlas.territories["kind"]
                                                                == "oblast"]}
    assert oblasts == expected
    assert "sea:caspian" in placed and "lease:baikonur" in placed
    # Lakes are named where there is room: the Aral and Zaysan always; Balkhash, long and thin
    # under Almaty's and Karaganda's names, not on every slide (the English 2022 one lacks it).
    assert {"lake:north-aral", "lake:zaysan"} <= set(placed)
    assert {"country:RU", "country:CN", "country:UZ"} <= set(placed)
    assert {"city:shymkent", "city:almaty"} <= set(placed)
    assert placed["oblast:aktobe"].text == atlas.territories.loc["aktobe", f"name_{lang}"]
    assert placed["lease:baikonur"].text == atlas.lease.centre.get(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_page_maps_labels_overlap_nothing(lang):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from components.exports import pdf as pdf_module
    from components.exports.static_map import draw_map, new_figure

    for command in (None, *EVERY):
        fig = new_figure(*pdf_module.A4_LANDSCAPE_IN)
        ax = fig.add_axes((pdf_module.MARGIN, 0.2, pdf_module.MAP_WIDTH, 0.6))
        drawn = draw_map(ax, ATLAS, lang, EVERY, highlight=command,
                         label_size=pdf_module.COMMAND_LABEL_PT)
        assert_labels_clear(drawn, ax, FigureCanvasAgg(fig).get_renderer())
        assert len(drawn.placement.labels) >= 8
        # Every star and city dot drawn is whole (one cut by the frame is left out) and named.
        for key, box in zip(drawn.symbols, drawn.markers, strict=True):
            if not key.startswith("lease:"):
                assert box.inside(drawn.view.frame), (command, key)
                assert key in drawn.placement.by_key(), (command, key)
        if command is not None:
            assert f"hq:{command}" in drawn.symbols


def test_standalone_html_has_title_date_and_no_outside_address():
    html = exports.standalone_html(ATLAS, "kk", EVERY, DAY).decode("utf-8")
    assert f"<title>{tr('kk', 'title')} · {DAY.isoformat()}</title>" in html
    assert f"<h1>{tr('kk', 'title')}</h1>" in html and DAY.isoformat() in html
    assert tr("kk", "sources") in html
    # Nothing is loaded from anywhere: no script, image or style from a network address, no
    # CDN (a link a reader may follow, as Leaflet's own in its code, loads nothing).
    assert not re.search(r"""src\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"""<link[^>]*href\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"""(@import|url\()\s*["']?(https?:)?//""", html)
    for cdn in ("cdn.", "unpkg", "jsdelivr", "googleapis", "bootstrap", "font-awesome"):
        assert cdn not in html.lower(), cdn


@pytest.mark.parametrize("lang", LANGS)
def test_standalone_html_says_its_language_in_the_markup(lang):
    """A screen reader and the HTML checker see the language without running the script."""
    html = exports.standalone_html(ATLAS, lang, EVERY, DAY).decode("utf-8")
    assert re.match(rf'<!DOCTYPE html>\s*<html lang="{lang}">', html)
    # Every script inside the body (after </body> it is a parse error), none in the CSS for IE.
    tail = html[html.rindex("</body>"):]
    assert "<script" not in tail and re.fullmatch(r"</body>\s*</html>\s*", tail)
    assert "behavior:" not in html


def test_nu_html_checker_finds_no_error_in_the_html_map(tmp_path):
    from tests.validators import vnu

    paths = []
    for lang in LANGS:
        paths.append(tmp_path / f"map_{lang}.html")
        paths[-1].write_bytes(exports.standalone_html(ATLAS, lang, EVERY, DAY))
    assert vnu(*paths) == []


def test_standalone_html_legend_sits_beside_the_map_not_on_it():
    from components.exports.html import HEADER_ID, LEGEND_ID, NARROW_PX, PAGE_CSS

    html = exports.standalone_html(ATLAS, "en", EVERY, DAY).decode("utf-8")
    # The header and the legend are the page's grid cells, outside the map's div (whose
    # `fitBounds` therefore fits the country in the rest of the page at any size).
    body = html[html.index("<body>"):]
    map_div = re.search(r'<div class="folium-map" id="(map_\w+)" ></div>', body)
    assert map_div is not None
    assert body.index(f'id="{LEGEND_ID}"') > map_div.end()
    assert body.index(f'id="{HEADER_ID}"') > map_div.end()
    assert '"head head" "map side"' in PAGE_CSS and f"max-width: {NARROW_PX}px" in PAGE_CSS
    assert "position:absolute" not in re.sub(r"\s", "", html[html.index(f'id="{LEGEND_ID}"'):
                                                              html.index("</aside>")])


def test_hostile_names_in_the_html_header_and_legend_stay_text(tmp_path):
    from tests.hostile_data import make_hostile_data

    atlas = load_atlas(make_hostile_data(DATA_DIR, tmp_path / "data"))
    ids = tuple(c.id for c in atlas.commands)
    html = exports.make("html", atlas, "en", ids, DAY, oblast="karaganda").decode("utf-8")
    page = html[html.index("<body>"):html.index("<script>", html.index("<body>"))]
    assert "&lt;img src=x" in page and "<img" not in page and "<script" not in page
    assert "<svg onload" not in html and "<iframe" not in html


@pytest.mark.parametrize(("command", "oblast"), [("nowhere", None), (None, "nowhere"),
                                                 ("<b>", "</b>")])
def test_an_unknown_selection_gives_the_whole_country(command, oblast):
    whole = exports.slide_figure(ATLAS, "en", EVERY, DAY).map.view
    view = exports.slide_figure(ATLAS, "en", EVERY, DAY, command=command, oblast=oblast).map.view
    assert view == whole
    html = exports.make("html", ATLAS, "en", EVERY, DAY, command=command, oblast=oblast)
    assert b"<h1>" in html and b'"command": null' in html


def test_a_static_map_draws_a_selection_as_the_live_map_does():
    """Issue 22, point 9: the selected territory at full strength, the rest of its command faded
    to SELECTION_SIBLING_OPACITY, the other commands dimmed, a white halo under the outline."""
    from components import style as S
    from components.exports.static_map import draw_map, new_figure
    from components.map.builder import name_anchor

    atlas = ATLAS
    fig = new_figure(12, 8)
    ax = fig.add_axes((0, 0, 1, 1))
    everyone = tuple(c.id for c in atlas.commands)
    drawn = draw_map(ax, atlas, "en", everyone, show_labels=False, selected_oblast="aktobe",
                     bounds=(46.0, 40.0, 88.0, 56.0))
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3]

    def colour_at(code: str) -> np.ndarray:
        lat, lon = name_anchor(atlas.territories.loc[code, "geometry"])
        x, y = ax.transData.transform(drawn.view.to_screen(lon, lat))
        row, col = int(round(pixels.shape[0] - y)), int(round(x))
        return np.median(pixels[row - 2:row + 3, col - 2:col + 3].reshape(-1, 3), axis=0)

    def expected(code: str, opacity: float) -> np.ndarray:
        colour = atlas.command(atlas.territories.loc[code, "command"]).colour
        return np.array(S.hex_rgb(S.blend(colour, S.LAND_COLOUR, opacity))) * 255

    for code, opacity in (("aktobe", S.SELECTED_FILL_OPACITY),
                          ("mangystau", S.SELECTION_SIBLING_OPACITY),
                          ("karaganda", S.DIM_OPACITY), ("pavlodar", S.DIM_OPACITY)):
        assert np.abs(colour_at(code) - expected(code, opacity)).max() <= 3, code
    # The halo: white pixels along the selected outline's edge.
    outline = atlas.territories.loc["aktobe", "geometry"].boundary
    edge = outline.interpolate(0.3, normalized=True)
    x, y = ax.transData.transform(drawn.view.to_screen(edge.x, edge.y))
    row, col = int(round(pixels.shape[0] - y)), int(round(x))
    patch = pixels[row - 6:row + 7, col - 6:col + 7].reshape(-1, 3)
    assert (patch.min(axis=1) >= 250).any() and (patch.max(axis=1) <= 40).any()
