"""Layer 1: the real data files and their cross-references."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
import shapely
import yaml

from geo.atlas import load_atlas
from geo.measures import EQUAL_AREA_CRS, OFFICIAL_AREA_KM2, area_km2, overlapping_pairs
from tests.conftest import DATA_DIR

# The assignments as SEED_NOTES.md reads the source text (the specification, typed by hand).
SOURCE_TEXT_ASSIGNMENTS = {
    "astana": {"akmola", "karaganda", "kostanay", "north-kazakhstan"},
    "shygys": {"east-kazakhstan", "pavlodar"},
    "batys": {"west-kazakhstan", "aktobe", "atyrau", "mangystau"},
    "ontustik": {"almaty", "zhambyl", "turkistan", "kyzylorda"},
}
SOURCE_TEXT_HQ = {"astana": "Қарағанды", "shygys": "Семей", "batys": "Атырау", "ontustik": "Тараз"}
# The regions formed in 2022, each with the 2018 oblast it was separated from (successors.yaml).
LATER_REGIONS = {"abai": "east-kazakhstan", "zhetisu": "almaty", "ulytau": "karaganda"}
DIVISIONS = ["2018", "2022"]
# Boundaries are simplified with this tolerance (geo/build_boundaries.py): about 2 km. Where the
# context layer and Kazakhstan's outline disagree, the difference may be no wider than this.
SLIVER_KM = 2.0  # 0.02°


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(DATA_DIR)


@pytest.fixture(scope="module", params=DIVISIONS)
def each(atlas, request):
    """The atlas in each division in turn."""
    return atlas.in_division(request.param)


def boundaries(division: str) -> gpd.GeoDataFrame:
    return gpd.read_file(DATA_DIR / f"territories_{division}.geojson")


def test_both_divisions_are_loaded(atlas):
    assert atlas.division.id == "2022" and atlas.root() is atlas
    assert atlas.source_division == "2018"
    assert [d.id for d in atlas.divisions] == ["2022", "2018"]
    old = atlas.in_division("2018")
    assert old.division.id == "2018" and old.root() is atlas
    assert len(old.territories) == 17 and len(atlas.territories) == 20
    assert set(atlas.territories.index) - set(old.territories.index) == set(LATER_REGIONS)


@pytest.fixture(scope="module")
def source_text() -> str:
    text = re.sub(r"\s+", " ", (DATA_DIR / "source_text_kk.txt").read_text(encoding="utf-8"))
    # The one typographic change the quotes make: a space after a colon the source runs into
    # the next word («18-тармағы бойынша:Қарулы» is quoted «…бойынша: Қарулы»).
    return re.sub(r":(?=\S)", ": ", text)


def test_fourteen_oblasts_assigned_as_the_source_text_says(atlas):
    old = atlas.in_division("2018")
    oblasts = old.territories[old.territories["kind"] == "oblast"]
    assert len(oblasts) == 14
    found = {c.id: set(oblasts.index[oblasts["command"] == c.id]) for c in old.commands}
    assert found == SOURCE_TEXT_ASSIGNMENTS
    assert not oblasts["derived"].any()
    # The later regions, not drawn in 2018, each held by the oblast it came from.
    assert {u.code: u.territory for u in old.successors} == LATER_REGIONS


def test_the_2022_regions_take_their_2018_oblasts_command_derived(atlas):
    t = atlas.territories
    oblasts = t[t["kind"] == "oblast"]
    assert len(oblasts) == 17
    stated = oblasts[~oblasts["derived"]]
    assert {c.id: set(stated.index[stated["command"] == c.id]) for c in atlas.commands} \
        == SOURCE_TEXT_ASSIGNMENTS
    for code, parent in LATER_REGIONS.items():
        row = t.loc[code]
        assert row["derived"] and row["via_oblast"] == parent, code
        assert row["assignment_source"] == "derived-successor"
        command = next(c for c, oblasts in SOURCE_TEXT_ASSIGNMENTS.items() if parent in oblasts)
        assert row["command"] == command, code
        assert atlas.origin(code).territory == parent
    assert atlas.successors == ()  # 2022 draws every later region itself
    assert {u.code for u in atlas.later_regions} == set(LATER_REGIONS)


def test_each_later_region_lies_in_the_2018_oblast_it_came_from(atlas):
    old = atlas.in_division("2018").territories
    for code, parent in LATER_REGIONS.items():
        region = atlas.territories.loc[code, "geometry"]
        outside = region.difference(old.loc[parent, "geometry"])
        share = area_km2(gpd.GeoSeries([outside], crs=4326)).iloc[0] \
            / atlas.territories.loc[code, "area_km2"]
        assert share < 0.001, (code, share)


def test_hq_cities_are_the_source_texts(atlas):
    assert {c.id: c.hq.name.kk for c in atlas.commands} == SOURCE_TEXT_HQ


def test_each_hq_lies_in_its_own_commands_oblasts(each):
    for command in each.commands:
        own = each.territories[each.territories["command"] == command.id]
        hits = own[own.contains(shapely.Point(command.hq.lon, command.hq.lat))]
        assert len(hits) == 1, command.id
        assert hits.iloc[0]["kind"] == "oblast"


def test_cities_take_the_command_of_the_enclosing_oblast_and_are_marked_derived(each):
    t = each.territories
    assert (t.loc["astana-city", "command"], t.loc["astana-city", "via_oblast"]) == ("astana",
                                                                                     "akmola")
    assert (t.loc["almaty-city", "command"], t.loc["almaty-city", "via_oblast"]) == ("ontustik",
                                                                                     "almaty")
    assert (t.loc["shymkent", "command"], t.loc["shymkent", "via_oblast"]) == ("ontustik",
                                                                               "turkistan")
    for code in ("astana-city", "almaty-city", "shymkent"):
        assert t.loc[code, "derived"] and t.loc[code, "kind"] == "city"
        assert t.loc[code, "assignment_source"] == "derived-containment"
    # Every territory has a command: the lease is no territory, so none is left without one.
    assert t["command"].notna().all()


def test_baikonur_is_a_lease_inside_kyzylorda_not_a_territory(each):
    from components.map.builder import water_config

    lease = each.lease
    assert (lease.code, lease.within) == ("baikonur", "kyzylorda")
    assert "baikonur" not in each.territories.index
    assert "lease" not in set(each.context["kind"]) and "baikonur" not in set(each.context["code"])
    assert lease.geometry.is_valid and not lease.geometry.is_empty
    kyzylorda = each.territories.loc["kyzylorda", "geometry"]
    outside = lease.geometry.difference(kyzylorda)
    assert area_km2(gpd.GeoSeries([outside], crs=4326)).iloc[0] \
        < 0.01 * area_km2(gpd.GeoSeries([lease.geometry], crs=4326)).iloc[0]
    assert kyzylorda.contains(shapely.Point(lease.lon, lease.lat))
    assert each.sources["derived-baikonur"].kind == "derived"
    # Drawn: its outline goes to the map with the lakes and rivers.
    assert water_config(each)["lease"]


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


def test_command_areas_make_the_national_area(each):
    assert each.command_stats["area_km2"].sum() == pytest.approx(each.national_area_km2,
                                                                 rel=1e-9)
    assert each.command_stats["share"].sum() == pytest.approx(1.0)
    assert each.national_area_km2 == pytest.approx(OFFICIAL_AREA_KM2, rel=0.02)


def test_command_areas_are_the_same_in_both_divisions(atlas):
    # A later region lies in the oblast it came from and takes its command: no command gains or
    # loses land between the divisions.
    old = atlas.in_division("2018").command_stats["area_km2"]
    new = atlas.command_stats["area_km2"]
    for command in SOURCE_TEXT_ASSIGNMENTS:
        assert new[command] == pytest.approx(old[command], rel=0.001), command


@pytest.mark.parametrize(("division", "counts"), [
    ("2018", {"astana": 4, "shygys": 2, "batys": 4, "ontustik": 4}),
    ("2022", {"astana": 5, "shygys": 3, "batys": 4, "ontustik": 5}),
])
def test_oblast_counts(atlas, division, counts):
    assert atlas.in_division(division).command_stats["oblast_count"].to_dict() == counts


@pytest.mark.parametrize("division", DIVISIONS)
def test_geometry_is_valid_and_tiles_without_gaps_or_overlaps(division):
    frame = boundaries(division)
    assert frame.is_valid.all()
    assert shapely.coverage_is_valid(frame.geometry.values)
    assert overlapping_pairs(frame, "code") == []
    union = shapely.union_all(frame.geometry.values)
    # A gap between neighbours would be a hole in the union; Kazakhstan has none.
    assert all(len(p.interiors) == 0 for p in getattr(union, "geoms", [union]))
    assert area_km2(gpd.GeoSeries([union], crs=4326)).iloc[0] == pytest.approx(
        area_km2(frame).sum(), rel=1e-6)


@pytest.mark.parametrize("division", DIVISIONS)
def test_simplified_territories_keep_their_raw_area_within_one_percent(division):
    frame = boundaries(division)
    assert frame["raw_area_km2"].notna().all() and (frame["raw_area_km2"] > 0).all()
    ratio = area_km2(frame) / frame["raw_area_km2"]
    assert (ratio - 1).abs().max() < 0.01, dict(zip(frame["code"], ratio, strict=True))


def test_the_two_divisions_cover_the_same_country():
    unions = {d: shapely.union_all(boundaries(d).geometry.values) for d in DIVISIONS}
    areas = area_km2(gpd.GeoSeries([unions["2018"], unions["2022"],
                                    unions["2018"].symmetric_difference(unions["2022"])],
                                   crs=4326))
    assert areas.iloc[0] == pytest.approx(areas.iloc[1], rel=0.005)
    assert areas.iloc[2] < 0.005 * areas.iloc[0]


def test_unchanged_territories_keep_their_outline_between_divisions():
    # Territories the 2022 reform did not touch are the same lines in both files.
    old, new = (boundaries(d).set_index("code") for d in DIVISIONS)
    changed = set(LATER_REGIONS.values()) | {"astana-city", "akmola"}
    for code in set(old.index) - changed:
        difference = old.loc[code, "geometry"].symmetric_difference(new.loc[code, "geometry"])
        assert area_km2(gpd.GeoSeries([difference], crs=4326)).iloc[0] \
            < 0.005 * old.loc[code, "raw_area_km2"], code


def misfit(kazakhstan, context: gpd.GeoDataFrame) -> dict[str, list]:
    """Where the context and Kazakhstan's outline disagree, in the equal-area projection:
    'overlap' (context over Kazakhstan) and 'gap' (land next to Kazakhstan nobody covers), as
    lists of polygons."""
    projected = gpd.GeoSeries([kazakhstan, *context.geometry], crs=4326).to_crs(EQUAL_AREA_CRS)
    inside, others = projected.iloc[0], list(projected.iloc[1:])
    overlap = shapely.union_all([g.intersection(inside) for g in others])
    # A band 20 km wide around the outline: whatever in it is neither Kazakhstan nor context.
    band = inside.buffer(20_000).difference(inside)
    gap = band.difference(shapely.union_all(others))

    def parts(g):
        return [p for p in getattr(g, "geoms", [g]) if p.area > 0]
    return {"overlap": parts(overlap), "gap": parts(gap)}


def sliver_faults(pieces: list) -> list[str]:
    """What makes `pieces` (projected polygons) more than slivers: any piece wider than
    SLIVER_KM, or a total area over that of a SLIVER_KM-wide strip 50 km long."""
    faults = []
    wide = [p for p in pieces if not p.buffer(-SLIVER_KM * 1000 / 2).is_empty]
    if wide:
        faults.append(f"{len(wide)} pieces wider than {SLIVER_KM} km, "
                      f"largest {max(p.area for p in wide) / 1e6:,.1f} km²")
    total = sum(p.area for p in pieces) / 1e6
    if total > SLIVER_KM * 50:
        faults.append(f"{total:,.1f} km² in all")
    return faults


@pytest.mark.parametrize("division", DIVISIONS)
def test_context_layer_fits_kazakhstans_outline(division):
    territories = boundaries(division)
    context = gpd.read_file(DATA_DIR / "context.geojson")
    assert context.is_valid.all()
    assert {"RU", "CN", "KG", "UZ", "TM", "caspian"} <= set(context["code"])
    background = context[context["kind"] != "lease"]
    kazakhstan = shapely.union_all(territories.geometry.values)
    found = misfit(kazakhstan, background)
    assert sliver_faults(found["overlap"]) == [], "the neighbours overlap Kazakhstan"
    assert sliver_faults(found["gap"]) == [], "a gap between Kazakhstan and its neighbours"
    caspian = context.set_index("code").loc["caspian", "geometry"]
    assert caspian.contains(shapely.Point(50.5, 42.0))  # mid-Caspian
    assert not caspian.contains(shapely.Point(51.9245, 47.1053))  # Atyrau, on the shore


@pytest.mark.parametrize(("shift", "kind"), [(0.05, "overlap"), (0.005, "overlap"),
                                             (-0.05, "gap")])
def test_the_fit_check_catches_a_moved_neighbour(shift, kind):
    # Russia moved south overlaps Kazakhstan along the whole northern border; moved north, it
    # leaves a gap. A shift of 0.05° (5 km) makes wide pieces; 0.005° (500 m), a long thin one
    # whose area gives it away.
    context = gpd.read_file(DATA_DIR / "context.geojson")
    context = context[context["kind"] != "lease"].copy()
    russia = context["code"] == "RU"
    context.loc[russia, "geometry"] = context.loc[russia, "geometry"].translate(yoff=-shift)
    kazakhstan = shapely.union_all(boundaries("2022").geometry.values)
    assert sliver_faults(misfit(kazakhstan, context)[kind]) != []


def test_file_sizes_fit_the_budget():
    for division in DIVISIONS:
        assert (DATA_DIR / f"territories_{division}.geojson").stat().st_size <= 120_000
    assert (DATA_DIR / "context.geojson").stat().st_size <= 150_000
    assert (DATA_DIR / "water.geojson").stat().st_size <= 60_000


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

    for name in ("commands.yaml", "territories.yaml", "overview.yaml", "sources.yaml",
                 "divisions.yaml", "successors.yaml", "places.yaml", "water.yaml"):
        for texts in walk(yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))):
            assert all(isinstance(texts.get(k), str) and texts[k].strip()
                       for k in ("kk", "ru", "en")), (name, texts)


@pytest.mark.parametrize("division", DIVISIONS)
def test_geojson_codes_match_the_yaml_table(division):
    listed = yaml.safe_load((DATA_DIR / "territories.yaml").read_text(encoding="utf-8"))
    table = {t["code"]: t for t in listed["territories"] if division in t["divisions"]}
    features = json.loads((DATA_DIR / f"territories_{division}.geojson").read_text(
        encoding="utf-8"))["features"]
    assert [f["properties"]["code"] for f in features] == list(table)
    for feature in features:
        props = feature["properties"]
        assert set(props) == {"code", "pcode", "raw_area_km2"}, props
        assert props["pcode"] == table[props["code"]]["pcode"]
    assert len({f["properties"]["pcode"] for f in features}) == len(features)
    assert len(features) == {"2018": 17, "2022": 20}[division]
    assert "baikonur" not in table and listed["lease"]["code"] == "baikonur"
