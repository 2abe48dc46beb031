"""The downloads as files: PDF pages and text, PNG size and filter, GeoJSON and CSV."""

from __future__ import annotations

import csv
import io
import re
import shutil
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from components import exports
from components.content import command_label
from components.i18n import tr
from components.style import HIDDEN_COLOUR
from components.text import guillemets
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR

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
    reader = PdfReader(io.BytesIO(exports.briefing_pdf(ATLAS, lang, (), DAY)))
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
        exports.briefing_pdf(ATLAS, "kk", (), DAY))).pages)
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


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_csv_has_one_row_per_command_and_the_same_machine_header_in_every_language(lang):
    text = exports.commands_csv(ATLAS, lang).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:11] == ["id", "name", "hq", "hq_lat", "hq_lon", "oblasts", "area_km2",
                            "share", "mission_kind", "mission", "composition"]
    assert rows[0][11:] == ["border_km_rus", "border_km_uzb", "border_km_chn", "border_km_kgz",
                            "border_km_tkm", "caspian_coast_km", "hq_reach_km"]
    assert [r[0] for r in rows[1:]] == [c.id for c in ATLAS.commands]
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_id["shygys"]["mission"] == tr(lang, "not_stated")  # no mission in the source
    assert by_id["astana"]["mission_kind"] == "role"
    assert by_id["astana"]["hq"] == ATLAS.command("astana").hq.name.get(lang)
    assert float(by_id["batys"]["caspian_coast_km"]) > 1500
    assert float(by_id["ontustik"]["caspian_coast_km"]) == 0
    assert float(by_id["shygys"]["border_km_chn"]) > 500


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
    assert row[2] == "Astana;'=HYPERLINK(A1)"
    names = [ATLAS.territories.loc[c, "name_en"] for c in ATLAS.commands[0].oblasts]
    assert row[5] == "; ".join(names)  # the oblasts: one cell


def test_wrapped_text_keeps_dollars_and_has_no_stray_backslash():
    text = "Budget $5 per item, costs $x$ total " + "word " * 40 + "$" + "y" * 20 + "$"
    wrapped = exports.wrap(text, 30)
    assert "\\" not in wrapped and wrapped.count("$") == text.count("$")
