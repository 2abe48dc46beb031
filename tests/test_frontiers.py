"""Frontiers by command: exact shared edges, geodesic lengths, reach, and the real data's totals."""

from __future__ import annotations

import json
from types import SimpleNamespace

import geopandas as gpd
import pytest
import shapely
import shapely.affinity
import shapely.geometry

from geo.atlas import load_atlas
from geo.errors import DataError
from geo.frontiers import (
    GEOD,
    LAND_TOTAL,
    PUBLISHED_KM,
    PUBLISHED_SOURCE,
    SEA_CODE,
    compute_frontiers,
    export_fields,
    farthest_point,
    frontier_segments,
    geodesic_km,
)
from tests.conftest import DATA_DIR, edit_yaml

ATLAS = load_atlas(DATA_DIR)  # the default division (2022)
FRONTIERS = ATLAS.frontiers
DIVISIONS = ["2018", "2022"]
# Both divisions share Kazakhstan's outline: every check of the real data runs on each.
ATLASES = {d: ATLAS.in_division(d) for d in DIVISIONS}
# WGS84 meridian arc from the equator to 1° N (a textbook value), km.
MERIDIAN_ARC_0_1_KM = 110.574
# The derived national totals must stay this close to the published figures. A 1:10m line is
# known to run short of the demarcated border (-7% to -17% per neighbour today); a drift past
# these bounds means the boundaries or the method changed and the method note must be redone.
LAND_TOLERANCE_PCT = 20.0
CASPIAN_TOLERANCE_PCT = 10.0


def territories_frame(rows) -> gpd.GeoDataFrame:
    """A small Atlas.territories look-alike: (code, kind, command, centre_lat, centre_lon, geom)."""
    return gpd.GeoDataFrame(
        [{"code": c, "kind": k, "command": m, "centre_lat": la, "centre_lon": lo}
         for c, k, m, la, lo, _ in rows],
        geometry=[g for *_, g in rows], crs="EPSG:4326")


def context_frame(rows) -> gpd.GeoDataFrame:
    """A small context look-alike: (code, kind, geometry)."""
    return gpd.GeoDataFrame([{"code": c, "kind": k} for c, k, _ in rows],
                            geometry=[g for *_, g in rows], crs="EPSG:4326")


def command(command_id: str, lat: float, lon: float) -> SimpleNamespace:
    return SimpleNamespace(id=command_id, hq=SimpleNamespace(lat=lat, lon=lon))


# --- small inline geometries -------------------------------------------------------------------

def test_two_squares_sharing_a_meridian_edge_give_its_geodesic_length():
    west = shapely.box(0, 0, 1, 1)
    # The neighbour carries an extra vertex mid-edge: the shared line must still be whole.
    east = shapely.Polygon([(1, 0), (2, 0), (2, 1), (1, 1), (1, 0.5), (1, 0)])
    segments = frontier_segments(territories_frame([("w", "oblast", "c", 0.5, 0.5, west)]),
                                 context_frame([("XX", "country", east)]))
    assert len(segments) == 1
    row = segments.iloc[0]
    assert (row["territory"], row["neighbour"], row["command"]) == ("w", "XX", "c")
    assert row["km"] == pytest.approx(MERIDIAN_ARC_0_1_KM, abs=0.01)
    assert row.geometry.length == pytest.approx(1.0)  # the whole edge, nothing more


def test_a_neighbour_touching_at_one_corner_has_no_frontier():
    segments = frontier_segments(
        territories_frame([("w", "oblast", "c", 0.5, 0.5, shapely.box(0, 0, 1, 1))]),
        context_frame([("XX", "country", shapely.box(1, 1, 2, 2))]))
    assert segments.empty


def test_a_shared_parallel_is_measured_as_a_geodesic_not_in_degrees():
    north = shapely.box(10, 60, 12, 61)
    segments = frontier_segments(territories_frame([("n", "oblast", "c", 60.5, 11, north)]),
                                 context_frame([("XX", "country", shapely.box(10, 59, 12, 60))]))
    expected = GEOD.inv(10, 60, 12, 60)[2] / 1000  # about 111 km: 2° of longitude at 60° N
    assert segments.iloc[0]["km"] == pytest.approx(expected, rel=1e-9)
    assert 110 < segments.iloc[0]["km"] < 112


def test_farthest_point_of_a_square_from_a_point_inside_is_the_opposite_corner():
    reach = farthest_point(0.1, 0.1, shapely.box(0, 0, 1, 1))
    assert (reach.lat, reach.lon) == (1.0, 1.0)
    assert reach.km == pytest.approx(GEOD.inv(0.1, 0.1, 1, 1)[2] / 1000)


def test_densifying_finds_a_farthest_point_in_the_middle_of_an_edge():
    # Seen from near the pole on the far side, the middle of the southern edge (lon 30, lat 50)
    # is farther than either corner: vertices alone would miss it.
    band = shapely.box(0, 50, 60, 60)
    dense = farthest_point(89, -150, band)
    corners = farthest_point(89, -150, band, densify_deg=0)
    assert dense.lat == pytest.approx(50) and dense.lon == pytest.approx(30, abs=0.01)
    assert dense.km > corners.km + 10


def test_per_territory_frontiers_add_up_to_the_command_with_shares_of_its_frontier():
    left, right = shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)
    territories = territories_frame([("a", "oblast", "c", 0.5, 0.5, left),
                                     ("b", "oblast", "c", 0.5, 1.5, right)])
    context = context_frame([("XX", "country", shapely.box(0, -1, 2, 0)),  # south of both
                             (SEA_CODE, "sea", shapely.box(2, 0, 3, 1))])  # east of b
    result = compute_frontiers(territories, context, [command("c", 0.2, 0.2)])
    whole = result.commands["c"]
    assert [b.neighbour for b in whole.borders] == ["XX"]
    assert whole.border_km("XX") == pytest.approx(sum(
        result.territories[t].border_km("XX") for t in ("a", "b")))
    assert whole.border_km("XX") == pytest.approx(GEOD.inv(0, 0, 2, 0)[2] / 1000, rel=1e-6)
    assert whole.caspian_km == pytest.approx(MERIDIAN_ARC_0_1_KM, abs=0.01)
    assert whole.frontier_km == pytest.approx(whole.land_km + whole.caspian_km)
    assert whole.borders[0].share_of_frontier + whole.caspian_share == pytest.approx(1)
    assert whole.hq_reach.lat == pytest.approx(1.0) and whole.hq_reach.lon == pytest.approx(2.0)
    assert [(d.territory, round(d.km, 1)) for d in whole.hq_to_centres] == [
        ("a", round(GEOD.inv(0.2, 0.2, 0.5, 0.5)[2] / 1000, 1)),
        ("b", round(GEOD.inv(0.2, 0.2, 1.5, 0.5)[2] / 1000, 1))]
    # Nothing lies north or west of the pair: that outline is unmatched.
    assert result.unmatched_km == pytest.approx(
        GEOD.inv(0, 1, 2, 1)[2] / 1000 + MERIDIAN_ARC_0_1_KM, abs=0.01)
    assert result.territories["a"].caspian_km == 0 and result.territories["a"].frontier_km > 0


def test_an_outline_no_neighbour_meets_is_reported_as_unmatched():
    territories = territories_frame([("a", "oblast", "c", 0.5, 0.5, shapely.box(0, 0, 1, 1))])
    context = context_frame([("XX", "country", shapely.box(1, 0, 2, 1))])  # east side only
    result = compute_frontiers(territories, context, [command("c", 0.5, 0.5)])
    assert result.unmatched_km == pytest.approx(3 * MERIDIAN_ARC_0_1_KM, rel=0.01)


# --- the real data -----------------------------------------------------------------------------

@pytest.mark.parametrize("division", DIVISIONS)
def test_kazakhstans_outline_is_fully_explained_by_neighbours_and_the_caspian(division):
    assert ATLASES[division].frontiers.unmatched_km < 0.001  # shared vertices coincide exactly


def test_both_divisions_have_the_same_national_frontier():
    old, new = (ATLASES[d].frontiers for d in DIVISIONS)
    assert set(old.national_km) == set(new.national_km)
    for neighbour, km in new.national_km.items():
        assert old.national_km[neighbour] == pytest.approx(km, rel=1e-6), neighbour
    for command_id, frontier in new.commands.items():
        assert old.commands[command_id].frontier_km == pytest.approx(frontier.frontier_km,
                                                                     rel=1e-6)
        assert old.commands[command_id].hq_reach_km == pytest.approx(frontier.hq_reach_km,
                                                                     rel=1e-6)


@pytest.mark.parametrize("division", DIVISIONS)
@pytest.mark.parametrize("command_id", ["astana", "shygys", "batys", "ontustik"])
def test_every_commands_borders_add_up_to_its_frontier(command_id, division):
    frontiers = ATLASES[division].frontiers
    frontier = frontiers.commands[command_id]
    assert frontier.frontier_km > 0
    assert sum(b.km for b in frontier.borders) + frontier.caspian_km == \
        pytest.approx(frontier.frontier_km)
    assert sum(b.share_of_frontier for b in frontier.borders) + frontier.caspian_share == \
        pytest.approx(1)
    own = frontiers.segments[frontiers.segments["command"] == command_id]
    assert own["km"].sum() == pytest.approx(frontier.frontier_km)
    assert list(frontier.borders) == sorted(frontier.borders, key=lambda b: -b.km)


@pytest.mark.parametrize("division", DIVISIONS)
def test_which_neighbours_each_command_faces(division):
    frontiers = ATLASES[division].frontiers
    faces = {c: {b.neighbour for b in f.borders} for c, f in frontiers.commands.items()}
    assert faces == {"astana": {"RU"}, "shygys": {"RU", "CN"}, "batys": {"RU", "UZ", "TM"},
                     "ontustik": {"UZ", "KG", "CN"}}
    coast = {c: f.caspian_km > 0 for c, f in frontiers.commands.items()}
    assert coast == {"astana": False, "shygys": False, "batys": True, "ontustik": False}
    coasts = {t for t, f in frontiers.territories.items() if f.caspian_km > 0}
    assert coasts == {"atyrau", "mangystau"}


@pytest.mark.parametrize("division", DIVISIONS)
def test_per_territory_lengths_add_up_to_the_per_command_ones(division):
    frontiers = ATLASES[division].frontiers
    for command_id, frontier in frontiers.commands.items():
        own = [f for f in frontiers.territories.values() if f.command == command_id]
        for border in frontier.borders:
            assert sum(f.border_km(border.neighbour) for f in own) == pytest.approx(border.km)
        assert sum(f.caspian_km for f in own) == pytest.approx(frontier.caspian_km)


@pytest.mark.parametrize("division", DIVISIONS)
def test_the_commands_together_hold_the_whole_national_frontier(division):
    frontiers = ATLASES[division].frontiers
    # The three cities lie inside oblasts: no frontier falls outside the commands.
    for code in ("shymkent", "astana-city", "almaty-city", "karaganda", "akmola"):
        assert frontiers.territories[code].frontier_km == 0
    # The Baikonur lease is an outline over Kyzylorda, not a territory with frontiers of its own.
    assert "baikonur" not in frontiers.territories
    assert set(frontiers.territories) == set(ATLASES[division].territories.index)
    assert all(f.command is not None for f in frontiers.territories.values())
    for neighbour, km in frontiers.national_km.items():
        held = sum(f.caspian_km if neighbour == SEA_CODE else f.border_km(neighbour)
                   for f in frontiers.commands.values())
        assert held == pytest.approx(km)
    assert set(frontiers.national_km) == {"RU", "CN", "KG", "UZ", "TM", SEA_CODE}


def test_national_totals_are_within_the_stated_margin_of_the_published_figures():
    rows = {c.neighbour: c for c in FRONTIERS.comparison}
    assert set(rows) == {*PUBLISHED_KM, LAND_TOTAL}
    for code, row in rows.items():
        limit = CASPIAN_TOLERANCE_PCT if code == SEA_CODE else LAND_TOLERANCE_PCT
        assert abs(row.difference_pct) < limit, (code, row)
        if code != SEA_CODE:  # the generalised line runs short, as the method note says
            assert row.difference_pct < 0, (code, row)
    assert rows[LAND_TOTAL].derived_km == pytest.approx(
        sum(FRONTIERS.national_km[c] for c in PUBLISHED_KM if c != SEA_CODE))


def test_the_method_note_quotes_the_numbers_the_data_gives():
    method = ATLAS.sources["derived-frontiers"].method.get("en")
    rows = {c.neighbour: c for c in FRONTIERS.comparison}
    assert f"{rows[LAND_TOTAL].derived_km:,.0f} km" in method
    assert f"{rows[SEA_CODE].derived_km:,.0f} km" in method
    def percent(code: str) -> str:
        return f"{rows[code].difference_pct:.0f}%".replace("-", "−")

    assert f"({percent(LAND_TOTAL)};" in method
    for name, code in [("Russia", "RU"), ("China", "CN"), ("Kyrgyzstan", "KG"),
                       ("Uzbekistan", "UZ"), ("Turkmenistan", "TM")]:
        assert f"{name} {percent(code)}" in method, (code, percent(code))
    # The mainland's shore, as published; with the islands the whole Caspian shore.
    assert f"({rows[SEA_CODE].difference_pct:.1f}%)".replace("-", "−") in method
    assert f"with the islands, {FRONTIERS.national_km[SEA_CODE]:,.0f} km" in method
    assert ATLAS.sources[PUBLISHED_SOURCE].kind == "public"
    assert ATLAS.sources[PUBLISHED_SOURCE].url


def test_segments_frame_is_ready_for_a_map_layer_and_the_geojson_export():
    segments = FRONTIERS.segments
    assert list(segments.columns) == ["command", "territory", "neighbour", "iso3", "kind", "km",
                                      "geometry"]
    assert segments.crs.to_epsg() == 4326
    assert segments["command"].notna().all()
    assert (segments["iso3"] != "").sum() == (segments["kind"] == "country").sum()
    assert set(segments.geom_type) == {"MultiLineString"}
    for row in segments.itertuples():
        assert row.km == pytest.approx(geodesic_km(row.geometry))
    json.loads(segments.to_json())  # serialisable as GeoJSON as it stands


def test_export_fields_give_every_command_the_same_csv_columns():
    rows = [export_fields(f, FRONTIERS.neighbours) for f in FRONTIERS.commands.values()]
    assert list(rows[0]) == ["border_km_rus", "border_km_uzb", "border_km_chn", "border_km_kgz",
                             "border_km_tkm", "caspian_coast_km", "hq_reach_km"]
    assert all(list(row) == list(rows[0]) for row in rows)
    batys = export_fields(FRONTIERS.commands["batys"], FRONTIERS.neighbours)
    assert batys["border_km_chn"] == 0 and batys["caspian_coast_km"] > 1000
    assert batys["hq_reach_km"] == round(FRONTIERS.commands["batys"].hq_reach_km, 1)


@pytest.mark.parametrize("division", DIVISIONS)
def test_hq_reach_lies_on_the_commands_own_outline_and_beyond_every_centre(division):
    atlas = ATLASES[division]
    frontiers = atlas.frontiers
    for c in atlas.commands:
        frontier = frontiers.commands[c.id]
        own = atlas.territories[atlas.territories["command"] == c.id]
        point = shapely.Point(frontier.hq_reach.lon, frontier.hq_reach.lat)
        assert min(g.boundary.distance(point) for g in own.geometry) < 1e-9
        assert frontier.hq_reach_km > max(d.km for d in frontier.hq_to_centres)
        vertices_only = max(farthest_point(c.hq.lat, c.hq.lon, g, densify_deg=0).km
                            for g in own.geometry)
        # Densifying never loses distance; on this data the farthest point is a vertex.
        assert 0 <= frontier.hq_reach_km - vertices_only < 0.001
        assert [d.territory for d in frontier.hq_to_centres] == list(own["code"])


@pytest.mark.parametrize("division", DIVISIONS)
def test_hq_to_centres_where_the_answer_is_known(division):
    frontiers = ATLASES[division].frontiers
    by_command = {c: {d.territory: d.km for d in f.hq_to_centres}
                  for c, f in frontiers.commands.items()}
    # Three HQs sit in their oblast's administrative centre (the same geokz point).
    assert by_command["astana"]["karaganda"] < 0.1
    assert by_command["batys"]["atyrau"] < 0.1
    assert by_command["ontustik"]["zhambyl"] < 0.1
    # Semey is not East Kazakhstan's centre (Oskemen): some 180 km apart.
    assert 150 < by_command["shygys"]["east-kazakhstan"] < 200
    # Every territory of the division has its HQ distance; the lease is none of them.
    assert all(f.hq_to_centre_km is not None for f in frontiers.territories.values())
    assert "baikonur" not in by_command["ontustik"]


def test_hq_to_centres_follow_the_division():
    old, new = ({c: {d.territory: d.km for d in f.hq_to_centres}
                 for c, f in ATLASES[d].frontiers.commands.items()} for d in DIVISIONS)
    # Since 2022 Semey, the «Шығыс» HQ, is Abai region's centre.
    assert "abai" not in old["shygys"] and new["shygys"]["abai"] < 0.1
    # Taldykorgan was Almaty oblast's centre until 2022 and is Zhetisu's since; Almaty oblast's
    # centre moved to Konaev, nearer Taraz.
    assert new["ontustik"]["zhetisu"] == pytest.approx(old["ontustik"]["almaty"], abs=0.01)
    assert new["ontustik"]["almaty"] < old["ontustik"]["almaty"] - 100


@pytest.mark.parametrize("division", DIVISIONS)
def test_centres_lie_in_or_near_their_own_territory(division):
    for row in ATLASES[division].territories.itertuples():
        point = shapely.Point(row.centre_lon, row.centre_lat)
        assert row.geometry.distance(point) < 0.05, row.code  # degrees; the loader says 5 km


# --- the loader's new checks -------------------------------------------------------------------

def test_a_centre_far_outside_its_territory_is_refused(data_copy):
    edit_yaml(data_copy / "territories.yaml",
              lambda d: d["territories"][1].update(centre_lat=43.2, centre_lon=76.9))
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    error = caught.value
    assert error.file.endswith("territories.yaml")
    assert (error.entry, error.field) == ("territories[1] (aktobe)", "centre_lat")
    assert "outside its own territory" in error.problem


def test_a_missing_centre_coordinate_is_refused(data_copy):
    edit_yaml(data_copy / "territories.yaml", lambda d: d["territories"][0].pop("centre_lon"))
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    assert (caught.value.entry, caught.value.field) == ("territories[0] (akmola)", "centre_lon")


def test_an_unknown_centre_source_is_refused(data_copy):
    edit_yaml(data_copy / "territories.yaml",
              lambda d: d.update(centre_coordinates_source="nowhere"))
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    assert caught.value.field == "centre_coordinates_source"
    assert "unknown source" in caught.value.problem


def test_context_that_no_longer_shares_the_border_vertices_is_refused(data_copy):
    path = data_copy / "context.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    russia = next(f for f in data["features"] if f["properties"]["code"] == "RU")
    moved = shapely.affinity.translate(shapely.geometry.shape(russia["geometry"]), yoff=0.003)
    russia["geometry"] = shapely.geometry.mapping(moved)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    assert caught.value.file.endswith("context.geojson")
    assert "meets no neighbour or sea" in caught.value.problem
