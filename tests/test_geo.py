"""Layer 2: geo/ functions on small inline geometries."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon, box

from geo.join import assign_territories, enclosing_oblast, filled
from geo.measures import area_km2, inner_borders, lonlat_bounds, overlapping_pairs
from geo.schema import describe_location

# Two oblasts side by side, a city enclave punched into the left one; later, a region
# separated from the right one (the part of it east of x=3), with a city enclave of its own.
LEFT = box(0, 0, 2, 2).difference(box(0.5, 0.5, 1.0, 1.0))
RIGHT = box(2, 0, 4, 2)
CITY = box(0.5, 0.5, 1.0, 1.0)
RIGHT_AFTER = box(2, 0, 3, 2)
LATER_CITY = box(3.25, 0.5, 3.75, 1.0)
LATER = box(3, 0, 4, 2).difference(LATER_CITY)


def frame(rows):
    codes, kinds, geometries = zip(*rows, strict=False)
    return gpd.GeoDataFrame({"code": codes, "kind": kinds}, geometry=list(geometries), crs=4326)


def test_filled_closes_enclaves():
    assert filled(LEFT).contains(CITY.centroid)
    assert not LEFT.contains(CITY.centroid)


def test_enclosing_oblast_finds_the_one_around_a_city():
    oblasts = frame([("left", "oblast", LEFT), ("right", "oblast", RIGHT)])
    assert enclosing_oblast(CITY, oblasts) == "left"
    assert enclosing_oblast(box(10, 10, 11, 11), oblasts) is None


def test_assignments_oblast_and_city():
    territories = frame([("left", "oblast", LEFT), ("right", "oblast", RIGHT),
                         ("city", "city", CITY)])
    result = assign_territories(territories, {"left": ("north", "seed"),
                                              "right": ("south", "seed")})
    assert (result["left"].command, result["left"].derived) == ("north", False)
    assert (result["left"].source, result["left"].via_oblast) == ("seed", None)
    assert (result["city"].command, result["city"].derived, result["city"].via_oblast) == (
        "north", True, "left")
    assert result["city"].source == "derived-containment"
    assert set(result) == {"left", "right", "city"}


def test_assignments_of_a_later_region_and_a_city_inside_it():
    # The later division: "right" lost its eastern half to "later", which holds a city.
    territories = frame([("left", "oblast", LEFT), ("right", "oblast", RIGHT_AFTER),
                         ("later", "oblast", LATER), ("town", "city", LATER_CITY),
                         ("orphan", "oblast", box(10, 10, 11, 11))])
    result = assign_territories(territories,
                                {"left": ("north", "seed"), "right": ("south", "seed")},
                                {"later": "right"}, {"later": "derived-successor"})
    assert (result["right"].command, result["right"].derived) == ("south", False)
    later = result["later"]
    assert (later.command, later.derived, later.source, later.via_oblast) == (
        "south", True, "derived-successor", "right")
    # A city takes the command of the region around it, even one formed later.
    town = result["town"]
    assert (town.command, town.derived, town.via_oblast) == ("south", True, "later")
    # An oblast neither stated nor formed from a stated one has no command, and says so.
    assert result["orphan"].command is None and result["orphan"].derived


def test_area_of_one_degree_square_at_the_equator():
    # 111.32 km × 110.57 km ≈ 12,308 km² on WGS84
    area = area_km2(gpd.GeoSeries([box(68, 0, 69, 1)], crs=4326)).iloc[0]
    assert area == pytest.approx(12_308, rel=0.005)


def test_overlapping_pairs_ignores_shared_borders_and_reports_real_overlap():
    touching = frame([("a", "oblast", box(0, 0, 1, 1)), ("b", "oblast", box(1, 0, 2, 1))])
    assert overlapping_pairs(touching, "code") == []
    overlapping = frame([("a", "oblast", box(0, 0, 1, 1)), ("b", "oblast", box(0.5, 0, 2, 1))])
    [(first, second, km2)] = overlapping_pairs(overlapping, "code")
    assert (first, second) == ("a", "b") and km2 > 1000


def test_lonlat_bounds():
    assert lonlat_bounds(gpd.GeoSeries([box(46, 40, 88, 56)], crs=4326)) == (46, 40, 88, 56)


def test_inner_borders_drop_the_clipping_box():
    frame = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 2), box(1, 0, 2, 2)], crs=4326)
    borders = inner_borders(frame)
    # Only the shared edge x=1 survives; the outer box is gone.
    assert borders.length == pytest.approx(2 - 2 * 0.01)
    assert borders.bounds[0] == borders.bounds[2] == 1


@pytest.mark.parametrize(("loc", "entry", "field"), [
    (("commands", 1, "hq", "lat"), "commands[1] (b)", "hq.lat"),
    (("formed", "year"), "formed", "year"),
    (("commands",), "(top level)", "commands"),
])
def test_describe_location(loc, entry, field):
    raw = {"commands": [{"id": "a"}, {"id": "b", "hq": {}}], "formed": {}}
    assert describe_location(raw, loc) == (entry, field)


def test_point_helpers_are_lon_lat():
    assert Polygon([(0, 0), (1, 0), (1, 1)]).contains(Point(0.9, 0.1))
