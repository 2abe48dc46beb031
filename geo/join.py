"""Join territories to commands: oblasts as the source states, cities and the lease derived."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely

# Keys in data/sources.yaml that explain the derived assignments.
DERIVED_CITY_SOURCE = "derived-containment"
DERIVED_LEASE_SOURCE = "derived-baikonur"


@dataclass(frozen=True)
class Assignment:
    """Which command a territory falls to, whether the source says so, and on what grounds."""

    command: str | None
    derived: bool
    source: str
    via_oblast: str | None = None  # for a city: the oblast that encloses it


def filled(geometry):
    """The geometry with its holes filled: an oblast's outline including its enclaves."""
    parts = getattr(geometry, "geoms", [geometry])
    return shapely.union_all([shapely.Polygon(part.exterior) for part in parts])


def enclosing_oblast(city, oblasts: gpd.GeoDataFrame) -> str | None:
    """Code of the oblast whose outline (holes filled) contains the city, if exactly one does."""
    point = city.representative_point()
    hits = [code for code, geometry in zip(oblasts["code"], oblasts.geometry, strict=False)
            if filled(geometry).contains(point)]
    return hits[0] if len(hits) == 1 else None


def assign_territories(territories: gpd.GeoDataFrame,
                       oblast_to_command: dict[str, tuple[str, str]]) -> dict[str, Assignment]:
    """Assignment of every territory.

    `oblast_to_command` maps an oblast code to (command id, source key) as the data states it.
    A city takes the command of the oblast that encloses it (derived); a lease gets none.
    """
    assignments: dict[str, Assignment] = {}
    oblasts = territories[territories["kind"] == "oblast"]
    for row in territories.itertuples():
        if row.kind == "oblast":
            command, source = oblast_to_command[row.code]
            assignments[row.code] = Assignment(command, derived=False, source=source)
        elif row.kind == "city":
            oblast = enclosing_oblast(row.geometry, oblasts)
            command = oblast_to_command[oblast][0] if oblast in oblast_to_command else None
            assignments[row.code] = Assignment(command, True, DERIVED_CITY_SOURCE, oblast)
        else:
            assignments[row.code] = Assignment(None, True, DERIVED_LEASE_SOURCE)
    return assignments
