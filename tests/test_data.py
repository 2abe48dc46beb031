"""Layer 1: the real data files and their cross-references."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
import shapely
import yaml

from geo.atlas import load_atlas
from geo.measures import OFFICIAL_AREA_KM2, area_km2
from tests.conftest import DATA_DIR

# The assignments as SEED_NOTES.md reads the source text (the specification, typed by hand).
SOURCE_TEXT_ASSIGNMENTS = {
    "astana": {"akmola", "karaganda", "kostanay", "north-kazakhstan"},
    "shygys": {"east-kazakhstan", "pavlodar"},
    "batys": {"west-kazakhstan", "aktobe", "atyrau", "mangystau"},
    "ontustik": {"almaty", "zhambyl", "turkistan", "kyzylorda"},
}
SOURCE_TEXT_HQ = {"astana": "Қарағанды", "shygys": "Семей", "batys": "Атырау", "ontustik": "Тараз"}


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(DATA_DIR)


@pytest.fixture(scope="module")
def source_text() -> str:
    text = re.sub(r"\s+", " ", (DATA_DIR / "source_text_kk.txt").read_text(encoding="utf-8"))
    # The one typographic change the quotes make: a space after a colon the source runs into
    # the next word («18-тармағы бойынша:Қарулы» is quoted «…бойынша: Қарулы»).
    return re.sub(r":(?=\S)", ": ", text)


def test_fourteen_oblasts_assigned_as_the_source_text_says(atlas):
    oblasts = atlas.territories[atlas.territories["kind"] == "oblast"]
    assert len(oblasts) == 14
    found = {c.id: set(oblasts.index[oblasts["command"] == c.id]) for c in atlas.commands}
    assert found == SOURCE_TEXT_ASSIGNMENTS
    assert not oblasts["derived"].any()


def test_hq_cities_are_the_source_texts(atlas):
    assert {c.id: c.hq.name.kk for c in atlas.commands} == SOURCE_TEXT_HQ


def test_each_hq_lies_in_its_own_commands_oblasts(atlas):
    for command in atlas.commands:
        own = atlas.territories[atlas.territories["command"] == command.id]
        hits = own[own.contains(shapely.Point(command.hq.lon, command.hq.lat))]
        assert len(hits) == 1, command.id
        assert hits.iloc[0]["kind"] == "oblast"


def test_cities_take_the_command_of_the_enclosing_oblast_and_are_marked_derived(atlas):
    t = atlas.territories
    assert (t.loc["astana-city", "command"], t.loc["astana-city", "via_oblast"]) == ("astana",
                                                                                     "akmola")
    assert (t.loc["almaty-city", "command"], t.loc["almaty-city", "via_oblast"]) == ("ontustik",
                                                                                     "almaty")
    assert t.loc["astana-city", "derived"] and t.loc["almaty-city", "derived"]
    assert t.loc["baikonur", "command"] is None
    assert t.loc["baikonur", "assignment_source"] == "derived-baikonur"


def test_kazakh_quotes_are_verbatim_from_the_source_text(atlas, source_text):
    quotes = [atlas.formed.quote.kk]
    for command in atlas.commands:
        for fact in (command.mission, command.composition):
            if fact is not None and fact.source == "seed":
                quotes.append(fact.kk)
    quotes += [fact.text.kk for fact in atlas.overview if fact.source == "seed"]
    assert len(quotes) > 10
    for quote in quotes:
        assert quote in source_text, quote[:60]


def test_silent_source_means_no_mission(atlas):
    # The source text states no mission for «Шығыс»; nothing may be invented for it.
    assert atlas.command("shygys").mission is None
    assert all(atlas.command(c).mission is not None for c in ("astana", "batys", "ontustik"))


def test_every_open_source_note_cites_a_public_source_with_publisher_url_and_access_date(atlas):
    for command in atlas.commands:
        for note in command.open_source_notes:
            source = atlas.sources[note.source]
            assert source.kind == "public" and source.url.startswith("https://")
            assert source.publisher is not None and source.accessed, note.source


def test_command_areas_plus_baikonur_make_the_national_area(atlas):
    commands_total = atlas.command_stats["area_km2"].sum()
    baikonur = atlas.territories.loc["baikonur", "area_km2"]
    assert commands_total + baikonur == pytest.approx(atlas.national_area_km2, rel=1e-9)
    assert atlas.command_stats["share"].sum() + atlas.territories.loc["baikonur", "share"] \
        == pytest.approx(1.0)
    assert atlas.national_area_km2 == pytest.approx(OFFICIAL_AREA_KM2, rel=0.02)


def test_oblast_counts(atlas):
    counts = atlas.command_stats["oblast_count"].to_dict()
    assert counts == {"astana": 4, "shygys": 2, "batys": 4, "ontustik": 4}


def test_geometry_is_valid_and_tiles_without_gaps_or_overlaps():
    frame = gpd.read_file(DATA_DIR / "territories.geojson")
    assert frame.is_valid.all()
    assert shapely.coverage_is_valid(frame.geometry.values)
    union = shapely.union_all(frame.geometry.values)
    # A gap between neighbours would be a hole in the union; Kazakhstan has none.
    assert all(len(p.interiors) == 0 for p in getattr(union, "geoms", [union]))
    assert area_km2(gpd.GeoSeries([union], crs=4326)).iloc[0] == pytest.approx(
        area_km2(frame).sum(), rel=1e-6)


def test_simplified_territories_keep_their_raw_area_within_one_percent():
    frame = gpd.read_file(DATA_DIR / "territories.geojson")
    ratio = area_km2(frame) / frame["raw_area_km2"]
    assert (ratio - 1).abs().max() < 0.01, ratio.to_dict()


def test_context_layer_borders_match_kazakhstans_exactly():
    territories = gpd.read_file(DATA_DIR / "territories.geojson")
    context = gpd.read_file(DATA_DIR / "context.geojson")
    assert context.is_valid.all()
    assert {"RU", "CN", "KG", "UZ", "TM", "caspian"} <= set(context["code"])
    assert shapely.coverage_is_valid([*territories.geometry, *context.geometry])
    caspian = context.set_index("code").loc["caspian", "geometry"]
    assert caspian.contains(shapely.Point(50.5, 42.0))  # mid-Caspian
    assert not caspian.contains(shapely.Point(51.9245, 47.1053))  # Atyrau, on the shore


def test_file_sizes_fit_the_budget():
    assert (DATA_DIR / "territories.geojson").stat().st_size <= 120_000
    assert (DATA_DIR / "context.geojson").stat().st_size <= 150_000


def test_every_text_exists_in_all_three_languages():
    def walk(node):
        if isinstance(node, dict):
            if {"kk", "ru", "en"} & set(node):
                yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for name in ("commands.yaml", "territories.yaml", "overview.yaml", "sources.yaml"):
        for texts in walk(yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))):
            assert all(isinstance(texts.get(k), str) and texts[k].strip()
                       for k in ("kk", "ru", "en")), (name, texts)


def test_geojson_names_match_the_yaml_table():
    table = {t["code"]: t for t in yaml.safe_load(
        (DATA_DIR / "territories.yaml").read_text(encoding="utf-8"))["territories"]}
    features = json.loads((DATA_DIR / "territories.geojson").read_text(encoding="utf-8"))
    for feature in features["features"]:
        props = feature["properties"]
        assert props["name_en"] == table[props["code"]]["name"]["en"]
