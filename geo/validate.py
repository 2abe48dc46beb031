"""Cross-file checks: each failure is a DataError naming the file, the entry and the field."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from pyproj import Geod
from shapely.geometry import Point
from shapely.ops import nearest_points

from geo.errors import DataError
from geo.measures import overlapping_pairs
from geo.schema import (
    LANGUAGES,
    CommandsFile,
    DivisionsFile,
    OverviewFile,
    PlacesFile,
    Source,
    SuccessorsFile,
    TerritoriesFile,
    Territory,
)

# A centre may sit just outside its generalised outline (a city on a simplified coast or a coarse
# city polygon): the furthest on the committed data is Almaty's, 2.0 km outside Almaty City.
CENTRE_TOLERANCE_KM = 5.0


def check_unique_ids(file: Path, items: list, attribute: str, list_name: str) -> None:
    """No two entries share an id."""
    seen = set()
    for index, item in enumerate(items):
        value = getattr(item, attribute)
        if value in seen:
            raise DataError(file, f"{list_name}[{index}] ({value})", attribute,
                            f"duplicate {attribute} {value!r}")
        seen.add(value)


def check_source_keys(file: Path, keys_by_place: dict[str, tuple[str, str]],
                      sources: dict) -> None:
    """Every `source` key names an entry of data/sources.yaml."""
    for (entry, field), key in keys_by_place.items():
        if key not in sources:
            raise DataError(file, entry, field, f"unknown source {key!r} (not in sources.yaml)")


def source_keys_of_commands(commands: CommandsFile) -> dict[tuple[str, str], str]:
    """(entry, field) -> source key, for every sourced fact in commands.yaml."""
    keys = {("formed", "source"): commands.formed.source}
    for index, command in enumerate(commands.commands):
        entry = f"commands[{index}] ({command.id})"
        keys[(entry, "hq.source")] = command.hq.source
        keys[(entry, "hq.coordinates_source")] = command.hq.coordinates_source
        keys[(entry, "oblasts_source")] = command.oblasts_source
        for name in ("mission", "composition"):
            fact = getattr(command, name)
            if fact is not None:
                keys[(entry, f"{name}.source")] = fact.source
        for note_index, note in enumerate(command.open_source_notes):
            keys[(entry, f"open_source_notes[{note_index}].source")] = note.source
    return keys


def source_keys_of_overview(overview: OverviewFile) -> dict[tuple[str, str], str]:
    """(entry, field) -> source key, for overview.yaml."""
    return {(f"facts[{i}] ({fact.id})", "source"): fact.source
            for i, fact in enumerate(overview.facts)}


def check_assignments(file: Path, commands: CommandsFile,
                      territories: list[Territory]) -> dict[str, tuple[str, str]]:
    """Every oblast of the source's division (`territories`) is assigned to exactly one
    command; returns oblast -> (command, source)."""
    kinds = {t.code: t.kind for t in territories}
    assigned: dict[str, tuple[str, str]] = {}
    for index, command in enumerate(commands.commands):
        entry = f"commands[{index}] ({command.id})"
        for oblast_index, code in enumerate(command.oblasts):
            field = f"oblasts[{oblast_index}]"
            if code not in kinds:
                raise DataError(file, entry, field,
                                f"unknown oblast {code!r} (not in territories.yaml)")
            if kinds[code] != "oblast":
                raise DataError(file, entry, field,
                                f"{code!r} is a {kinds[code]}, not an oblast; "
                                "its command is derived from the geometry")
            if code in assigned:
                raise DataError(file, entry, field,
                                f"oblast {code!r} is already assigned to {assigned[code][0]!r}")
            assigned[code] = (command.id, command.oblasts_source)
    for code, kind in kinds.items():
        if kind == "oblast" and code not in assigned:
            raise DataError(file, "commands", "oblasts",
                            f"oblast {code!r} is not assigned to any command")
    return assigned


def check_geometry_matches_table(geojson_file: Path, frame: gpd.GeoDataFrame,
                                 table_file: Path, territories: list[Territory],
                                 index_of: dict[str, int] | None = None) -> None:
    """The GeoJSON holds exactly the territories of the YAML table (for its division)."""
    listed = {t.code: t for t in territories}
    for index, row in enumerate(frame.itertuples()):
        if row.code not in listed:
            raise DataError(geojson_file, f"features[{index}] ({row.code})", "properties.code",
                            f"no territory {row.code!r} in {table_file.name}")
    drawn = set(frame["code"])
    for index, territory in enumerate(territories):
        index = (index_of or {}).get(territory.code, index)  # its place in the file
        if territory.code not in drawn:
            raise DataError(table_file, f"territories[{index}] ({territory.code})", "code",
                            f"no boundary for it in {geojson_file.name}")


def check_no_overlaps(file: Path, frame: gpd.GeoDataFrame) -> None:
    """Territories may share borders but not area."""
    for first, second, km2 in overlapping_pairs(frame, "code"):
        raise DataError(file, f"features ({first}, {second})", "geometry",
                        f"{first!r} and {second!r} overlap by {km2:,.1f} km²")


def check_headquarters(file: Path, commands: CommandsFile, territory_of: dict) -> None:
    """Each HQ lies inside its own command's territory; `territory_of` maps id -> geometry."""
    for index, command in enumerate(commands.commands):
        point = Point(command.hq.lon, command.hq.lat)
        if not territory_of[command.id].intersects(point):
            raise DataError(file, f"commands[{index}] ({command.id})", "hq",
                            f"HQ at lat {command.hq.lat}, lon {command.hq.lon} lies outside "
                            f"the command's own territory")


def km_outside(polygon, lon: float, lat: float) -> float:
    """How far (km, on the WGS84 ellipsoid) the point lies outside `polygon`; 0 if inside."""
    point = Point(lon, lat)
    if polygon.intersects(point):
        return 0.0
    nearest = nearest_points(polygon, point)[0]
    return Geod(ellps="WGS84").inv(point.x, point.y, nearest.x, nearest.y)[2] / 1000


def check_centres(file: Path, territories: list[Territory], frame: gpd.GeoDataFrame,
                  index_of: dict[str, int] | None = None,
                  field_of: dict[str, str] | None = None) -> None:
    """Each administrative centre lies in, or within CENTRE_TOLERANCE_KM of, its own territory.

    `frame` is the boundaries GeoDataFrame with a `code` column (lon/lat); `index_of` gives
    each territory's place in the file and `field_of` the field its centre came from (a
    centre moved in a later division: `centre_in.2022.lat`).
    """
    geometry_of = dict(zip(frame["code"], frame.geometry, strict=True))
    for index, territory in enumerate(territories):
        index = (index_of or {}).get(territory.code, index)
        km = km_outside(geometry_of[territory.code], territory.centre_lon, territory.centre_lat)
        if km > CENTRE_TOLERANCE_KM:
            field = (field_of or {}).get(territory.code, "centre_lat")
            raise DataError(file, f"territories[{index}] ({territory.code})", field,
                            f"centre at lat {territory.centre_lat}, lon {territory.centre_lon} "
                            f"lies {km:,.1f} km outside its own territory "
                            f"(allowed: {CENTRE_TOLERANCE_KM:g} km)")


def check_sources(file: Path, sources: dict[str, Source]) -> None:
    """A public source names its publisher, URL and access month; a derived one its method."""
    required = {"public": ("publisher", "url", "accessed"), "derived": ("method",)}
    for key, source in sources.items():
        for field in required.get(source.kind, ()):
            if getattr(source, field) is None:
                raise DataError(file, f"sources.{key}", field,
                                f"missing: a {source.kind} source must give its {field}")


def check_mission_kinds(file: Path, commands: CommandsFile) -> None:
    """`mission_kind` is given exactly when the source states a mission (or role)."""
    for index, command in enumerate(commands.commands):
        entry = f"commands[{index}] ({command.id})"
        if command.mission is not None and command.mission_kind is None:
            raise DataError(file, entry, "mission_kind",
                            "missing: say whether the source's sentence is a 'role' or a 'mission'")
        if command.mission is None and command.mission_kind is not None:
            raise DataError(file, entry, "mission_kind",
                            "given, but the mission is null (not stated in the source)")


def check_successors(file: Path, successors: SuccessorsFile, territories: list[Territory],
                     sources: dict[str, Source], source_division: str) -> None:
    """Each later region was separated from an oblast of the source's division, exists as a
    territory of its own only in later divisions (same code), and cites known sources of the
    right kind."""
    by_code = {t.code: t for t in territories}
    check_unique_ids(file, successors.successors, "code", "successors")
    for index, unit in enumerate(successors.successors):
        entry = f"successors[{index}] ({unit.code})"
        own = by_code.get(unit.code)
        if own is not None and source_division in own.divisions:
            raise DataError(file, entry, "code",
                            f"{unit.code!r} is a territory of the source's division "
                            f"{source_division}: it was not formed later")
        parent = by_code.get(unit.territory)
        if parent is None or source_division not in parent.divisions:
            raise DataError(file, entry, "territory",
                            f"unknown territory {unit.territory!r} (not in territories.yaml "
                            f"for division {source_division})")
        if parent.kind != "oblast":
            raise DataError(file, entry, "territory",
                            f"{unit.territory!r} is a {parent.kind}: a region is separated "
                            "from an oblast, whose command the source states")
        for field, kind in (("formed_source", "public"), ("command_source", "derived")):
            key = getattr(unit, field)
            if key not in sources:
                raise DataError(file, entry, field, f"unknown source {key!r} (not in sources.yaml)")
            if sources[key].kind != kind:
                raise DataError(file, entry, field,
                                f"source {key!r} is {sources[key].kind}, expected {kind}")
        for position, key in enumerate(unit.evidence):
            if key not in sources or sources[key].kind != "public":
                raise DataError(file, entry, f"evidence[{position}]",
                                f"{key!r} is not a public source in sources.yaml")


def check_former_names(file: Path, places: PlacesFile, today: list[Territory],
                       sources: dict[str, Source]) -> None:
    """Each former name has a unique code, names a territory of today's division (`today`,
    with today's centres), differs from the name of that territory's centre, which is the
    city's name now, and cites a public source."""
    from geo.names import fold  # geo.names imports the schemas, not this module

    check_unique_ids(file, places.former_names, "code", "former_names")
    by_code = {t.code: t for t in today}
    for index, entry in enumerate(places.former_names):
        where = f"former_names[{index}] ({entry.code})"
        territory = by_code.get(entry.territory)
        if territory is None:
            raise DataError(file, where, "territory",
                            f"unknown territory {entry.territory!r} (not in territories.yaml "
                            "for today's division: its centre is the city's name now)")
        for lang in LANGUAGES:
            if fold(entry.former.get(lang)) == fold(territory.centre.get(lang)):
                raise DataError(file, where, f"former.{lang}",
                                f"the same as the city's name now ({territory.centre.get(lang)!r})"
                                ": not a former name")
        if entry.source not in sources or sources[entry.source].kind != "public":
            raise DataError(file, where, "source",
                            f"{entry.source!r} is not a public source in sources.yaml")


def check_places(file: Path, places: PlacesFile, territories: list[Territory],
                 frame: gpd.GeoDataFrame, sources: dict[str, Source]) -> None:
    """Each city point has a unique code, a known coordinates source, and lies in (or within
    CENTRE_TOLERANCE_KM of) the territory it names, in the division `frame` draws."""
    check_unique_ids(file, places.places, "code", "places")
    geometry_of = dict(zip(frame["code"], frame.geometry, strict=True))
    known = {t.code for t in territories}
    for index, place in enumerate(places.places):
        entry = f"places[{index}] ({place.code})"
        if place.coordinates_source not in sources:
            raise DataError(file, entry, "coordinates_source",
                            f"unknown source {place.coordinates_source!r} (not in sources.yaml)")
        if place.territory not in known or place.territory not in geometry_of:
            raise DataError(file, entry, "territory",
                            f"unknown territory {place.territory!r} (not in territories.yaml)")
        km = km_outside(geometry_of[place.territory], place.lon, place.lat)
        if km > CENTRE_TOLERANCE_KM:
            raise DataError(file, entry, "lat",
                            f"point at lat {place.lat}, lon {place.lon} lies {km:,.1f} km "
                            f"outside {place.territory!r} (allowed: {CENTRE_TOLERANCE_KM:g} km)")


def check_divisions(file: Path, divisions: DivisionsFile, sources: dict[str, Source]) -> None:
    """Unique division ids, the default and the source's division among them, known sources."""
    check_unique_ids(file, divisions.divisions, "id", "divisions")
    ids = {d.id for d in divisions.divisions}
    for field in ("default", "source_division"):
        if getattr(divisions, field) not in ids:
            raise DataError(file, "(top level)", field,
                            f"{getattr(divisions, field)!r} is not a division listed here")
    for index, division in enumerate(divisions.divisions):
        if division.source not in sources:
            raise DataError(file, f"divisions[{index}] ({division.id})", "source",
                            f"unknown source {division.source!r} (not in sources.yaml)")


def check_territory_divisions(file: Path, table: TerritoriesFile, divisions: DivisionsFile,
                              sources: dict[str, Source]) -> None:
    """Unique codes; each territory in known divisions, with known coordinate sources."""
    check_unique_ids(file, table.territories, "code", "territories")
    ids = {d.id for d in divisions.divisions}
    for index, territory in enumerate(table.territories):
        entry = f"territories[{index}] ({territory.code})"
        for position, division in enumerate(territory.divisions):
            if division not in ids:
                raise DataError(file, entry, f"divisions[{position}]",
                                f"unknown division {division!r} (not in divisions.yaml)")
        for division, centre in territory.centre_in.items():
            if division not in territory.divisions:
                raise DataError(file, entry, f"centre_in.{division}",
                                f"the territory is not in division {division!r}")
            if centre.coordinates_source not in sources:
                raise DataError(file, entry, f"centre_in.{division}.coordinates_source",
                                f"unknown source {centre.coordinates_source!r}")
        if territory.coordinates_source is not None \
                and territory.coordinates_source not in sources:
            raise DataError(file, entry, "coordinates_source",
                            f"unknown source {territory.coordinates_source!r}")
