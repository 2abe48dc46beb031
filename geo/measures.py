"""Areas, shares and bounds, measured in an equal-area projection."""

from __future__ import annotations

import geopandas as gpd
import shapely

# Albers equal-area with standard parallels across Kazakhstan (45° N and 51° N).
EQUAL_AREA_CRS = "+proj=aea +lat_1=45 +lat_2=51 +lat_0=48 +lon_0=68 +ellps=WGS84 +units=m"
OFFICIAL_AREA_KM2 = 2_724_900  # Kazakhstan's official area, for the sanity check in the tests
# Polygons that share a border may still overlap by rounding noise; anything above this is real.
OVERLAP_TOLERANCE_KM2 = 0.01


def area_km2(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.pd.Series:
    """Area of each geometry in km², whatever the input CRS."""
    series = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    return series.to_crs(EQUAL_AREA_CRS).area / 1e6


def overlapping_pairs(frame: gpd.GeoDataFrame, id_field: str) -> list[tuple[str, str, float]]:
    """Pairs of geometries whose overlap exceeds OVERLAP_TOLERANCE_KM2, with the overlap in km²."""
    projected = frame.geometry.to_crs(EQUAL_AREA_CRS).reset_index(drop=True)
    ids = list(frame[id_field])
    left, right = shapely.STRtree(projected.values).query(projected.values, predicate="intersects")
    pairs = []
    for i, j in zip(left, right, strict=False):
        if i < j:
            overlap = projected.iloc[i].intersection(projected.iloc[j]).area / 1e6
            if overlap > OVERLAP_TOLERANCE_KM2:
                pairs.append((ids[i], ids[j], overlap))
    return pairs


def lonlat_bounds(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> tuple[float, float, float, float]:
    """(west, south, east, north) of all geometries, in degrees."""
    west, south, east, north = frame.to_crs("EPSG:4326").total_bounds
    return float(west), float(south), float(east), float(north)


def inner_borders(frame: gpd.GeoDataFrame, margin_deg: float = 0.01, exclude=None,
                  tolerance_deg: float = 0.0):
    """The outlines of `frame`'s polygons without the straight cut along their outer box.

    The context layer is clipped to a box; drawing its outlines whole would draw that box.
    Lines inside `exclude` (a geometry) are dropped, and the rest simplified by
    `tolerance_deg`: the neighbours' borders are background and need less detail.
    """
    west, south, east, north = frame.total_bounds
    inside = shapely.box(west + margin_deg, south + margin_deg, east - margin_deg,
                         north - margin_deg)
    outlines = shapely.union_all(frame.geometry.boundary.values).intersection(inside)
    if exclude is not None:
        outlines = outlines.difference(exclude)
    if tolerance_deg:
        # The union leaves thousands of two-point segments; join them before simplifying.
        outlines = shapely.simplify(shapely.line_merge(outlines), tolerance_deg,
                                    preserve_topology=False)
        # Cut points carry 15 digits; two decimals (about 1 km) are plenty for background.
        outlines = shapely.transform(outlines, lambda coords: coords.round(2))
    return outlines
