"""Join territories to commands: oblasts as the source states, later regions and cities
derived."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely

# Keys in data/sources.yaml that explain the derived assignments.
DERIVED_CITY_SOURCE = "derived-containment"
DERIVED_LATER_SOURCE = "derived-successor"


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
                       oblast_to_command: dict[str, tuple[str, str]],
                       later_parent: dict[str, str] | None = None,
                       later_source: dict[str, str] | None = None) -> dict[str, Assignment]:
    """Assignment of every territory.

    `oblast_to_command` maps an oblast code of the source's division to (command id, source
    key) as the data states it. An oblast formed later (`later_parent`: code -> the oblast it
    was separated from) takes that oblast's command, derived (`later_source`: code -> the
    source key saying how). A city takes the command of the oblast that encloses it (derived).
    """
    later_parent = later_parent or {}
    later_source = later_source or {}
    assignments: dict[str, Assignment] = {}
    oblasts = territories[territories["kind"] == "oblast"]
    for row in territories.itertuples():
        if row.kind == "oblast" and row.code in oblast_to_command:
            command, source = oblast_to_command[row.code]
            assignments[row.code] = Assignment(command, derived=False, source=source)
        elif row.kind == "oblast":
            parent = later_parent.get(row.code)
            command = assignments_command(row.code, oblast_to_command, later_parent)
            assignments[row.code] = Assignment(command, True,
                                               later_source.get(row.code, DERIVED_LATER_SOURCE),
                                               parent)
        else:
            oblast = enclosing_oblast(row.geometry, oblasts)
            command = assignments_command(oblast, oblast_to_command, later_parent)
            assignments[row.code] = Assignment(command, True, DERIVED_CITY_SOURCE, oblast)
    return assignments


def assignments_command(oblast: str | None, oblast_to_command: dict[str, tuple[str, str]],
                        later_parent: dict[str, str]) -> str | None:
    """The command of an oblast, stated or (for one formed later) through its parent."""
    if oblast in oblast_to_command:
        return oblast_to_command[oblast][0]
    parent = later_parent.get(oblast)
    return oblast_to_command[parent][0] if parent in oblast_to_command else None
