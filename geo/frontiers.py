"""Frontiers by command: the state border and Caspian shore each command holds, and its reach.

Method (written for the `derived-frontiers` source in data/sources.yaml):

* **Shared edges are exact.** data/territories_<division>.geojson and data/context.geojson were
  simplified together (`shapely.coverage_simplify`, geo/build_boundaries.py), so a border shared
  by an oblast and a neighbour country, or the Caspian, has identical vertices on both sides. The
  frontier of a
  territory with a neighbour is therefore the plain intersection of their outlines: no buffer and
  no snapping tolerance. `Frontiers.unmatched_km` measures the part of Kazakhstan's outline that
  no neighbour or sea accounts for (0.000 km on the committed data); a rebuild that broke the
  shared vertices would show here and fails the load (`MAX_UNMATCHED_KM`).
* **Lengths are geodesic** on the WGS84 ellipsoid (`pyproj.Geod.geometry_length`), never degrees.
* **Reach** is the geodesic distance from a point (an HQ, an administrative centre) to the farthest
  point of a territory. Distance from a point grows along every geodesic leaving it, so the
  farthest point of a polygon lies on its outline; the outline's edges are straight in lon/lat
  rather than geodesics, so they are densified to `DENSIFY_DEG` before taking the maximum.

Pure: no streamlit. `compute_frontiers` runs once per process, from `geo.atlas.load_atlas`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

from geo.build_boundaries import COUNTRY_NAMES

GEOD = Geod(ellps="WGS84")
SEA_CODE = "caspian"  # the Caspian Sea's `code` in data/context.geojson
# Context code -> ISO 3166-1 alpha-3 (the CSV columns are named border_km_<iso3 lower-case>).
ISO3 = {code: a3 for a3, (code, *_names) in COUNTRY_NAMES.items()}
# Degrees, about 1 km. By the triangle inequality the farthest sample is within half a spacing
# (< 0.6 km) of the exact maximum; on the committed data it is a vertex, so densifying changes
# no reach at all (tests/test_frontiers.py measures it).
DENSIFY_DEG = 0.01
# Kazakhstan's outline left unexplained by any neighbour or sea above this means the shared
# vertices of the two GeoJSON files no longer coincide, and every length below would be short.
MAX_UNMATCHED_KM = 1.0
# Published national figures the derived totals are compared with: The World Factbook (CIA),
# source `cia-factbook` in data/sources.yaml. Land borders per neighbour, and the Caspian shore.
PUBLISHED_SOURCE = "cia-factbook"
PUBLISHED_KM = {"RU": 7644.0, "UZ": 2330.0, "CN": 1765.0, "KG": 1212.0, "TM": 413.0,
                SEA_CODE: 1894.0}
PUBLISHED_LAND_KM = 13364.0
LAND_TOTAL = "land"  # the row of Comparison that sums all land borders
SEGMENT_COLUMNS = ["command", "territory", "neighbour", "iso3", "kind", "km", "geometry"]


@dataclass(frozen=True)
class NeighbourBorder:
    """The land border with one neighbour state: its length and its share of the frontier."""

    neighbour: str  # code in data/context.geojson, e.g. "RU"
    iso3: str  # e.g. "RUS"
    km: float
    share_of_frontier: float  # of frontier_km (land borders + Caspian shore), 0..1


@dataclass(frozen=True)
class CentreDistance:
    """Geodesic distance from an HQ to one territory's administrative centre."""

    territory: str
    kind: str  # oblast, city or lease (the UI may list oblasts only)
    km: float


@dataclass(frozen=True)
class Reach:
    """The farthest point of a territory from a given point, and how far it is."""

    km: float
    lat: float
    lon: float


@dataclass(frozen=True, kw_only=True)
class Frontier:
    """Land borders per neighbour (longest first) and Caspian shore; shared by both records."""

    borders: tuple[NeighbourBorder, ...]
    caspian_km: float
    frontier_km: float  # sum of the borders plus the Caspian shore

    @property
    def land_km(self) -> float:
        """Total land border with neighbour states."""
        return sum(b.km for b in self.borders)

    @property
    def caspian_share(self) -> float:
        """The Caspian shore's share of the frontier, 0..1."""
        return self.caspian_km / self.frontier_km if self.frontier_km else 0.0

    def border_km(self, neighbour: str) -> float:
        """Length of the land border with `neighbour` (a context code), 0 if none."""
        return next((b.km for b in self.borders if b.neighbour == neighbour), 0.0)


@dataclass(frozen=True, kw_only=True)
class CommandFrontier(Frontier):
    """One command's frontier, its HQ's reach and the HQ's distance to each territory centre."""

    command: str
    hq_reach: Reach
    hq_to_centres: tuple[CentreDistance, ...]  # its territories, in territories.yaml order

    @property
    def hq_reach_km(self) -> float:
        """HQ to the farthest point of the command's territory, km."""
        return self.hq_reach.km


@dataclass(frozen=True, kw_only=True)
class TerritoryFrontier(Frontier):
    """One territory's frontier, its centre's reach, and its distance from its command's HQ."""

    territory: str
    command: str | None
    centre_reach: Reach  # from its own administrative centre
    hq_to_centre_km: float | None  # None for a territory of no command (Baikonur)


@dataclass(frozen=True)
class Comparison:
    """A derived national total next to the published figure, for the method note."""

    neighbour: str  # a context code, "caspian", or "land" for all land borders together
    derived_km: float
    published_km: float

    @property
    def difference_pct(self) -> float:
        """(derived − published) / published, in percent."""
        return (self.derived_km / self.published_km - 1) * 100


@dataclass(frozen=True)
class Frontiers:
    """Everything derived here, per command (in commands.yaml order) and per territory."""

    commands: dict[str, CommandFrontier]
    territories: dict[str, TerritoryFrontier]
    segments: gpd.GeoDataFrame = field(repr=False)  # see frontier_segments()
    national_km: dict[str, float] = field(default_factory=dict)  # neighbour, then "caspian"
    unmatched_km: float = 0.0
    comparison: tuple[Comparison, ...] = ()  # see compare_with_published()

    @property
    def neighbours(self) -> tuple[str, ...]:
        """Land neighbours of the whole country, longest border first (the CSV column order)."""
        return tuple(code for code in self.national_km if code != SEA_CODE)


def export_fields(frontier: CommandFrontier, neighbours: tuple[str, ...]) -> dict[str, float]:
    """The Commands CSV's frontier columns, km to 0.1: border_km_<iso3>, caspian_coast_km,
    hq_reach_km. Pass `Frontiers.neighbours` so every command has the same columns."""
    row = {f"border_km_{ISO3[code].lower()}": round(frontier.border_km(code), 1)
           for code in neighbours}
    row["caspian_coast_km"] = round(frontier.caspian_km, 1)
    row["hq_reach_km"] = round(frontier.hq_reach_km, 1)
    return row


def geodesic_km(geometry) -> float:
    """Geodesic length of a (multi)line on the WGS84 ellipsoid, in km."""
    return GEOD.geometry_length(geometry) / 1000 if not geometry.is_empty else 0.0


def shared_line(first, second):
    """The linear part of the intersection of two polygons' outlines, merged into few lines."""
    common = shapely.intersection(first.boundary, second.boundary)
    lines = [part for part in shapely.get_parts(common)
             if part.geom_type in ("LineString", "LinearRing") and part.length > 0]
    if not lines:
        return shapely.MultiLineString()
    merged = shapely.line_merge(shapely.MultiLineString(lines))
    return merged if merged.geom_type == "MultiLineString" else shapely.MultiLineString([merged])


def frontier_segments(territories: gpd.GeoDataFrame,
                      context: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per (territory, neighbour) that share an edge: command, codes, km and the line.

    `territories` has columns `code`, `command` (None allowed) and a polygon geometry;
    `context` has `code` and `kind` ("country" or "sea"). Both in lon/lat (EPSG:4326).
    """
    tree = shapely.STRtree(context.geometry.values)
    rows = []
    for code, command, polygon in zip(territories["code"], territories["command"],
                                      territories.geometry, strict=True):
        for index in sorted(tree.query(polygon, predicate="intersects")):
            neighbour = context.iloc[index]
            line = shared_line(polygon, neighbour.geometry)
            if line.is_empty:
                continue  # touches at a point only
            rows.append({
                "command": command, "territory": code, "neighbour": neighbour["code"],
                "iso3": ISO3.get(neighbour["code"], ""), "kind": neighbour["kind"],
                "km": geodesic_km(line), "geometry": line,
            })
    return gpd.GeoDataFrame(rows, columns=SEGMENT_COLUMNS, geometry="geometry",
                            crs=territories.crs)


def unmatched_outline_km(territories: gpd.GeoDataFrame, segments: gpd.GeoDataFrame) -> float:
    """Length of the country's outline that no frontier segment covers (0 when edges coincide)."""
    outline = shapely.union_all(territories.geometry.values).boundary
    covered = shapely.union_all(segments.geometry.values)
    return geodesic_km(outline.difference(covered))


def outline_points(geometry, densify_deg: float = DENSIFY_DEG) -> np.ndarray:
    """(n, 2) lon/lat of every ring of a (multi)polygon, densified to `densify_deg`."""
    rings = shapely.get_rings(shapely.get_parts(geometry))
    if densify_deg:
        rings = shapely.segmentize(rings, densify_deg)
    return shapely.get_coordinates(rings)


def farthest_of_points(lat: float, lon: float, points: np.ndarray) -> Reach:
    """The point of `points` ((n, 2) lon/lat) farthest from (lat, lon), geodesically."""
    _, _, metres = GEOD.inv(np.full(len(points), lon), np.full(len(points), lat),
                            points[:, 0], points[:, 1])
    far = int(np.argmax(metres))
    return Reach(km=float(metres[far]) / 1000, lat=float(points[far, 1]),
                 lon=float(points[far, 0]))


def farthest_point(lat: float, lon: float, geometry,
                   densify_deg: float = DENSIFY_DEG) -> Reach:
    """The point of `geometry` (a polygon) farthest from (lat, lon), geodesically."""
    return farthest_of_points(lat, lon, outline_points(geometry, densify_deg))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance between two points on the WGS84 ellipsoid, km."""
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def frontier_of(segments: list[dict]) -> dict:
    """Sum segment records (rows of frontier_segments()) into the fields of a Frontier."""
    land: dict[str, float] = {}
    caspian_km = 0.0
    for segment in segments:
        if segment["neighbour"] == SEA_CODE:
            caspian_km += segment["km"]
        else:  # a neighbour state (or any other water body, should one appear: never dropped)
            land[segment["neighbour"]] = land.get(segment["neighbour"], 0.0) + segment["km"]
    frontier_km = sum(land.values()) + caspian_km
    borders = tuple(
        NeighbourBorder(neighbour=code, iso3=ISO3.get(code, ""), km=km,
                        share_of_frontier=km / frontier_km)
        for code, km in sorted(land.items(), key=lambda item: -item[1]))
    return {"borders": borders, "caspian_km": caspian_km, "frontier_km": frontier_km}


def compute_frontiers(territories: gpd.GeoDataFrame, context: gpd.GeoDataFrame,
                      commands: list) -> Frontiers:
    """Frontiers, reaches and centre distances for every command and territory.

    `territories` as in Atlas.territories (columns code, kind, command, centre_lat, centre_lon);
    `commands` as geo.schema.Command (id, hq.lat, hq.lon), in the order the app lists them.
    """
    segments = frontier_segments(territories, context)
    records = segments.drop(columns="geometry").to_dict("records")
    hq_of = {c.id: (c.hq.lat, c.hq.lon) for c in commands}
    # Densified once per territory, used for its centre's reach and its command HQ's reach.
    points_of = {code: outline_points(geometry)
                 for code, geometry in zip(territories["code"], territories.geometry,
                                           strict=True)}

    per_territory = {}
    for row in territories.itertuples():
        hq = hq_of.get(row.command)
        per_territory[row.code] = TerritoryFrontier(
            **frontier_of([r for r in records if r["territory"] == row.code]),
            territory=row.code, command=row.command,
            centre_reach=farthest_of_points(row.centre_lat, row.centre_lon, points_of[row.code]),
            hq_to_centre_km=None if hq is None
            else distance_km(hq[0], hq[1], row.centre_lat, row.centre_lon))

    per_command = {}
    for command in commands:
        own = [(code, kind) for code, kind, owner in zip(
            territories["code"], territories["kind"], territories["command"], strict=True)
            if owner == command.id]
        # The farthest point of the union lies on its outline, which is part of the territories'
        # rings; the inner shared rings are nearer, so no union is needed.
        points = np.concatenate([points_of[code] for code, _ in own])
        per_command[command.id] = CommandFrontier(
            **frontier_of([r for r in records if r["command"] == command.id]),
            command=command.id,
            hq_reach=farthest_of_points(command.hq.lat, command.hq.lon, points),
            hq_to_centres=tuple(
                CentreDistance(territory=code, kind=kind,
                               km=per_territory[code].hq_to_centre_km)
                for code, kind in own))

    national = frontier_of(records)
    national_km = {b.neighbour: b.km for b in national["borders"]}
    national_km[SEA_CODE] = national["caspian_km"]
    return Frontiers(
        commands=per_command, territories=per_territory, segments=segments,
        national_km=national_km, unmatched_km=unmatched_outline_km(territories, segments),
        comparison=compare_with_published(national_km, mainland_shore_km(territories, context)))


def mainland_shore_km(territories: gpd.GeoDataFrame, context: gpd.GeoDataFrame) -> float:
    """The Caspian shore of the mainland alone: the published coastline leaves out the
    islands (geokz draws Kazakhstan's Caspian islands, some 480 km of shore around them)."""
    land = shapely.union_all(territories.geometry.values)
    mainland = max(getattr(land, "geoms", [land]), key=lambda part: part.area)
    sea = shapely.union_all(context.loc[context["kind"] == "sea", "geometry"].values)
    return geodesic_km(shared_line(mainland, sea)) if not sea.is_empty else 0.0


def compare_with_published(national_km: dict[str, float],
                           mainland_shore: float | None = None) -> tuple[Comparison, ...]:
    """Each published neighbour's figure, then all land borders, then the Caspian shore (of
    the mainland, as published, when given)."""
    land = [Comparison(code, national_km.get(code, 0.0), km)
            for code, km in PUBLISHED_KM.items() if code != SEA_CODE]
    total = Comparison(LAND_TOTAL, sum(c.derived_km for c in land), PUBLISHED_LAND_KM)
    shore = national_km.get(SEA_CODE, 0.0) if mainland_shore is None else mainland_shore
    sea = Comparison(SEA_CODE, shore, PUBLISHED_KM[SEA_CODE])
    return (*land, total, sea)
