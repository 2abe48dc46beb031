"""Load, validate and join every data file into one Atlas."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo import validate
from geo.errors import DataError
from geo.frontiers import MAX_UNMATCHED_KM, PUBLISHED_SOURCE, Frontiers, compute_frontiers
from geo.join import assign_territories
from geo.loaders import read_geojson, read_yaml
from geo.measures import area_km2, inner_borders, lonlat_bounds
from geo.names import FormerCity, SuccessorUnit, successor_units
from geo.schema import (
    LANGUAGES,
    Command,
    CommandsFile,
    Division,
    DivisionsFile,
    Formed,
    Localized,
    OverviewFact,
    OverviewFile,
    Place,
    PlacesFile,
    Source,
    SourcesFile,
    Successor,
    SuccessorsFile,
    TerritoriesFile,
    Territory,
    WaterFile,
    parse,
)

BACKGROUND_TOLERANCE_DEG = 0.03  # neighbours' borders: about 3 km, invisible at these zooms
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FILES = {
    "commands": "commands.yaml",
    "territories": "territories.yaml",
    "divisions": "divisions.yaml",
    "sources": "sources.yaml",
    "overview": "overview.yaml",
    "successors": "successors.yaml",
    "places": "places.yaml",
    "water_names": "water.yaml",
    "context": "context.geojson",
    "water": "water.geojson",
}
BOUNDARIES_FILE = "territories_{division}.geojson"  # one per division in divisions.yaml
WATER_KINDS = {"lake": ("Polygon", "MultiPolygon"), "river": ("LineString", "MultiLineString")}


@dataclass(frozen=True)
class Lease:
    """The Baikonur complex: an outline over the region it lies in, not a territory."""

    code: str
    name: Localized
    centre: Localized
    lat: float
    lon: float
    within: str  # the territory it lies in (in every division)
    geometry: object = field(repr=False)


@dataclass(frozen=True)
class Atlas:
    """Everything the app shows in one division, validated and joined; `in_division` gives the
    same atlas in another division (every surface draws the division of the atlas it gets)."""

    commands: tuple[Command, ...]
    formed: Formed
    territories: gpd.GeoDataFrame  # one row per territory, see join_table()
    command_stats: pd.DataFrame  # one row per command id, see command_table()
    context: gpd.GeoDataFrame  # neighbours and the Caspian
    context_borders: object  # shapely (Multi)LineString: borders and coasts, see inner_borders()
    overview: tuple[OverviewFact, ...]
    sources: dict[str, Source]
    national_area_km2: float
    frontiers: Frontiers  # borders, Caspian shore and reach per command and territory
    command_index: dict[str, Command] = field(repr=False, default_factory=dict)
    # Regions formed after the source's division that this division does not draw (in 2018:
    # Abai, Zhetisu, Ulytau), each with the territory that holds them and its command.
    successors: tuple[SuccessorUnit, ...] = ()
    # Cities of republican significance as points (Astana, Almaty, Shymkent): data/places.yaml.
    places: tuple[Place, ...] = ()
    # Former names of cities (Semipalatinsk -> Semey), for the search: data/places.yaml.
    former_names: tuple[FormerCity, ...] = ()
    division: Division | None = None
    divisions: tuple[Division, ...] = ()
    source_division: str = ""
    default_division: str = ""
    # Every region formed after the source's division, whether drawn here or not.
    later_regions: tuple[SuccessorUnit, ...] = ()
    lease: Lease | None = None
    water: gpd.GeoDataFrame | None = field(default=None, repr=False)  # lakes and rivers
    _family: dict = field(default_factory=dict, repr=False, compare=False)

    def command(self, command_id: str) -> Command:
        """The command with this id."""
        return self.command_index[command_id]

    def in_division(self, division_id: str) -> Atlas:
        """This atlas in another division (itself for its own, or for an unknown id)."""
        return self._family.get(division_id, self)

    def root(self) -> Atlas:
        """The atlas of the default division (the one a link without `division=` draws)."""
        return self._family.get(self.default_division, self)

    def origin(self, code: str) -> SuccessorUnit | None:
        """The record of a region formed after the source's division, if `code` is one."""
        return next((u for u in self.later_regions if u.code == code), None)


def load_atlas(data_dir: Path | str = DATA_DIR) -> Atlas:
    """Read every file in `data_dir`, validate it and join it; raises DataError. Returns the
    default division's atlas; `in_division` reaches the others."""
    data_dir = Path(data_dir)
    paths = {key: data_dir / name for key, name in FILES.items()}

    def yaml_file(key: str, model):
        return parse(model, read_yaml(paths[key], root=data_dir), str(paths[key]))

    sources = yaml_file("sources", SourcesFile).sources
    table = yaml_file("territories", TerritoriesFile)
    divisions = yaml_file("divisions", DivisionsFile)
    commands = yaml_file("commands", CommandsFile)
    overview = yaml_file("overview", OverviewFile)
    successors = yaml_file("successors", SuccessorsFile)
    places = yaml_file("places", PlacesFile)
    water_names = yaml_file("water_names", WaterFile)
    context = read_geojson(paths["context"], root=data_dir)
    water = read_geojson(paths["water"], root=data_dir,
                         geometry_types=tuple(t for ts in WATER_KINDS.values() for t in ts))

    validate.check_sources(paths["sources"], sources)
    validate.check_divisions(paths["divisions"], divisions, sources)
    validate.check_territory_divisions(paths["territories"], table, divisions, sources)
    validate.check_unique_ids(paths["commands"], commands.commands, "id", "commands")
    validate.check_unique_ids(paths["overview"], overview.facts, "id", "facts")
    validate.check_source_keys(paths["commands"], validate.source_keys_of_commands(commands),
                               sources)
    validate.check_source_keys(paths["overview"], validate.source_keys_of_overview(overview),
                               sources)
    validate.check_source_keys(paths["territories"], {
        ("(top level)", "centre_coordinates_source"): table.centre_coordinates_source}, sources)
    validate.check_mission_kinds(paths["commands"], commands)
    validate.check_successors(paths["successors"], successors, table.territories, sources,
                              divisions.source_division)
    today = territories_in(table, divisions.default)
    validate.check_former_names(paths["places"], places, today, sources)
    former_names = former_cities(places, today)
    for key in ("derived-containment", "derived-baikonur", "derived-area", "derived-frontiers",
                "derived-successor", PUBLISHED_SOURCE):
        if key not in sources:
            raise DataError(paths["sources"], "sources", key, "missing: the app cites it")
    source_territories = territories_in(table, divisions.source_division)
    oblast_to_command = validate.check_assignments(paths["commands"], commands,
                                                   source_territories)
    lease_row, context = split_lease(paths["context"], context, table.lease.code)
    water = water_table(paths["water"], water, paths["water_names"], water_names, sources)

    shared = {
        "commands": tuple(commands.commands), "formed": commands.formed, "context": context,
        "overview": tuple(overview.facts), "sources": sources,
        "command_index": {c.id: c for c in commands.commands},
        "places": tuple(places.places), "former_names": former_names,
        "divisions": tuple(divisions.divisions),
        "source_division": divisions.source_division, "water": water,
        "default_division": divisions.default,
    }
    family: dict[str, Atlas] = {}
    context_borders = None
    for division in divisions.divisions:
        atlas = division_atlas(data_dir, paths, division, table, successors, places,
                               oblast_to_command, commands, sources, shared, context_borders,
                               lease_row, family)
        context_borders = atlas.context_borders
        family[division.id] = atlas
    check_later_regions_within_parents(paths["successors"], successors, family,
                                       divisions.source_division)
    return family[divisions.default]


# A later region may stick out of the oblast it came from by the editions' own line work (the
# 2022 splits rebuild their 2018 parents to within 8 km² of Almaty's 223,000 km²).
MAX_OUTSIDE_PARENT = 0.001  # of the region's area


def check_later_regions_within_parents(file: Path, successors: SuccessorsFile, family: dict,
                                       source_division: str) -> None:
    """Each region formed later lies within the oblast of the source's division it names:
    that is what its derived command rests on."""
    parents = family[source_division].territories
    for index, unit in enumerate(successors.successors):
        for atlas in family.values():
            if unit.code not in atlas.territories.index:
                continue
            region = atlas.territories.loc[unit.code, "geometry"]
            outside = region.difference(parents.loc[unit.territory, "geometry"])
            share = area_km2(gpd.GeoSeries([outside], crs="EPSG:4326")).iloc[0] / \
                area_km2(gpd.GeoSeries([region], crs="EPSG:4326")).iloc[0]
            if share > MAX_OUTSIDE_PARENT:
                raise DataError(file, f"successors[{index}] ({unit.code})", "territory",
                                f"{share:.1%} of {unit.code!r} lies outside "
                                f"{unit.territory!r}, the oblast it names")


def former_cities(places: PlacesFile, today: list[Territory]) -> tuple[FormerCity, ...]:
    """The former names of places.yaml, each with the city's name now: the centre, in today's
    division, of the territory it names."""
    centre = {t.code: t.centre for t in today}
    return tuple(FormerCity(code=e.code, former=e.former, aliases=tuple(e.aliases),
                            now=centre[e.territory], territory=e.territory, until=e.until,
                            source=e.source) for e in places.former_names)


def territories_in(table: TerritoriesFile, division: str) -> list[Territory]:
    """The territories of one division, each with the centre it has there."""
    resolved = []
    for territory in table.territories:
        if division not in territory.divisions:
            continue
        moved = territory.centre_in.get(division)
        if moved is not None:
            territory = territory.model_copy(update={
                "centre": moved.name, "centre_lat": moved.lat, "centre_lon": moved.lon})
        resolved.append(territory)
    return resolved


def split_lease(file: Path, context: gpd.GeoDataFrame, code: str):
    """(the lease's row, the context without it): the lease is drawn as an outline over a
    region, never as background land."""
    if "kind" not in context.columns:
        raise DataError(file, "features", "properties.kind",
                        "missing: each feature is a country, the sea or the lease")
    is_lease = context["kind"] == "lease"
    rows = context[is_lease & (context["code"] == code)]
    if len(rows) != 1 or is_lease.sum() != 1:
        raise DataError(file, "features", "properties.kind",
                        f"expected exactly one feature of kind 'lease' with code {code!r}")
    return rows.iloc[0], context[~is_lease].reset_index(drop=True)


def water_table(file: Path, water: gpd.GeoDataFrame, names_file: Path, names: WaterFile,
                sources: dict[str, Source]) -> gpd.GeoDataFrame:
    """Lakes and rivers with their names: every feature named in water.yaml and every entry
    there drawn, lakes as polygons and rivers as lines."""
    entries = {}
    for kind in WATER_KINDS:
        for index, entry in enumerate(getattr(names, f"{kind}s")):
            where = f"{kind}s[{index}] ({entry.code})"
            if entry.code in entries:
                raise DataError(names_file, where, "code", f"duplicate code {entry.code!r}")
            if entry.name_source not in sources:
                raise DataError(names_file, where, "name_source",
                                f"unknown source {entry.name_source!r} (not in sources.yaml)")
            entries[entry.code] = (kind, entry, where)
    for index, row in enumerate(water.itertuples()):
        where = f"features[{index}] ({row.code})"
        if row.code not in entries:
            raise DataError(file, where, "properties.code", f"no entry in {names_file.name}")
        kind = entries[row.code][0]
        if getattr(row, "kind", None) != kind:
            raise DataError(file, where, "properties.kind", f"expected {kind!r}")
        if row.geometry.geom_type not in WATER_KINDS[kind]:
            raise DataError(file, where, "geometry.type",
                            f"a {kind} must be one of {WATER_KINDS[kind]}")
    missing = set(entries) - set(water["code"])
    if missing:
        code = sorted(missing)[0]
        raise DataError(names_file, entries[code][2], "code", f"no feature in {file.name}")
    frame = water[["code", "kind", "geometry"]].copy()
    for lang in LANGUAGES:
        frame[f"name_{lang}"] = [entries[c][1].name.get(lang) for c in frame["code"]]
        frame[f"short_{lang}"] = [(entries[c][1].short or entries[c][1].name).get(lang)
                                  for c in frame["code"]]
    frame["name_source"] = [entries[c][1].name_source for c in frame["code"]]
    return frame


def division_atlas(data_dir: Path, paths: dict, division: Division, table: TerritoriesFile,
                   successors: SuccessorsFile, places: PlacesFile, oblast_to_command: dict,
                   commands: CommandsFile, sources: dict, shared: dict, context_borders,
                   lease_row, family: dict) -> Atlas:
    """The atlas of one division: its outlines checked against its territories, joined to the
    commands (a later region through the oblast it came from), measured."""
    boundaries_file = data_dir / BOUNDARIES_FILE.format(division=division.id)
    boundaries = read_geojson(boundaries_file, root=data_dir)
    own = territories_in(table, division.id)
    index_of = {t.code: i for i, t in enumerate(table.territories)}
    validate.check_geometry_matches_table(boundaries_file, boundaries, paths["territories"], own,
                                          index_of)
    validate.check_no_overlaps(boundaries_file, boundaries)
    validate.check_places(paths["places"], places, own, boundaries, sources)
    moved = {t.code: f"centre_in.{division.id}.lat" for t in table.territories
             if division.id in t.centre_in}
    validate.check_centres(paths["territories"], own, boundaries, index_of, moved)
    codes = {t.code for t in own}
    drawn_later = {u.code: u for u in successors.successors if u.code in codes}
    territories = join_table(boundaries, own, oblast_to_command, drawn_later)
    territory_of = {c.id: shapely.union_all(territories.loc[territories["command"] == c.id,
                                                             "geometry"].values)
                    for c in commands.commands}
    validate.check_headquarters(paths["commands"], commands, territory_of)
    within = territories.loc[territories["code"] == table.lease.within, "geometry"]
    if within.empty or not within.iloc[0].buffer(0.05).contains(lease_row.geometry):
        raise DataError(paths["territories"], "lease", "within",
                        f"the lease's outline does not lie in {table.lease.within!r} "
                        f"(division {division.id})")
    frontiers = compute_frontiers(territories, shared["context"], commands.commands)
    if frontiers.unmatched_km > MAX_UNMATCHED_KM:
        raise DataError(paths["context"], "features", "geometry",
                        f"{frontiers.unmatched_km:,.1f} km of Kazakhstan's outline meets no "
                        "neighbour or sea: the GeoJSON files no longer share their border "
                        "vertices (rebuild them with geo/build_boundaries.py)")
    if context_borders is None:
        # Kazakhstan's own outline is drawn by its territories; the rest is background.
        context_borders = inner_borders(
            shared["context"], exclude=shapely.union_all(territories.geometry.values).buffer(0.02),
            tolerance_deg=BACKGROUND_TOLERANCE_DEG)
    command_of = territories["command"].to_dict()
    units = successor_units(successors.successors, command_of)
    lease = Lease(code=table.lease.code, name=table.lease.name, centre=table.lease.centre,
                  lat=table.lease.centre_lat, lon=table.lease.centre_lon,
                  within=table.lease.within, geometry=lease_row.geometry)
    return Atlas(
        **shared,
        territories=territories,
        command_stats=command_table(territories, commands.commands),
        context_borders=context_borders,
        national_area_km2=float(territories["area_km2"].sum()),
        frontiers=frontiers,
        successors=tuple(u for u in units if u.code not in codes),
        later_regions=units,
        division=division,
        lease=lease,
        _family=family,
    )


def load_atlas_or_error(data_dir: Path | str = DATA_DIR) -> Atlas | DataError:
    """`load_atlas`, with a broken file returned rather than raised, so a cache can keep the
    error too (Streamlit's caches do not keep an exception) and viewers do not each retry."""
    try:
        return load_atlas(data_dir)
    except DataError as error:
        return error


def data_stamp(data_dir: Path | str = DATA_DIR) -> tuple:
    """Name, size and modification time of each data file: a cache key that changes when a
    file is fixed, so "fix the file and reload the page" works without a restart."""
    stamp = []
    names = list(FILES.values()) + sorted(p.name for p in Path(data_dir).glob(
        BOUNDARIES_FILE.format(division="*")))
    for name in names:
        try:
            info = (Path(data_dir) / name).lstat()
            stamp.append((name, info.st_size, info.st_mtime_ns))
        except OSError:
            stamp.append((name, None, None))
    return tuple(stamp)


def join_table(boundaries: gpd.GeoDataFrame, territories: list[Territory],
               oblast_to_command: dict[str, tuple[str, str]],
               later: dict[str, Successor]) -> gpd.GeoDataFrame:
    """One row per territory: names, centre, command, how it was assigned, area and share.
    `later` maps the regions formed after the source's division to their records."""
    by_code = {t.code: t for t in territories}
    frame = boundaries[["code", "geometry"]].copy()
    frame["kind"] = [by_code[c].kind for c in frame["code"]]
    for lang in LANGUAGES:
        frame[f"name_{lang}"] = [by_code[c].name.get(lang) for c in frame["code"]]
        frame[f"centre_{lang}"] = [by_code[c].centre.get(lang) for c in frame["code"]]
    frame["centre_lat"] = [by_code[c].centre_lat for c in frame["code"]]
    frame["centre_lon"] = [by_code[c].centre_lon for c in frame["code"]]
    assignments = assign_territories(frame, oblast_to_command,
                                     {code: unit.territory for code, unit in later.items()},
                                     {code: unit.command_source for code, unit in later.items()})
    # object dtype keeps None as None (pandas would turn it into NaN in a string column)
    frame["command"] = pd.Series([assignments[c].command for c in frame["code"]],
                                 index=frame.index, dtype=object)
    frame["derived"] = [assignments[c].derived for c in frame["code"]]
    frame["assignment_source"] = [assignments[c].source for c in frame["code"]]
    frame["via_oblast"] = pd.Series([assignments[c].via_oblast for c in frame["code"]],
                                    index=frame.index, dtype=object)
    frame["area_km2"] = area_km2(frame).values
    frame["share"] = frame["area_km2"] / frame["area_km2"].sum()
    # Keep the order of territories.yaml so every view lists them the same way.
    order = {t.code: i for i, t in enumerate(territories)}
    frame = frame.sort_values("code", key=lambda s: s.map(order)).set_index("code", drop=False)
    frame.index.name = None
    return frame


def command_table(territories: gpd.GeoDataFrame, commands: list[Command]) -> pd.DataFrame:
    """Per command: area, share of the country, number of oblasts and territories, bounds."""
    rows = []
    for command in commands:
        own = territories[territories["command"] == command.id]
        west, south, east, north = lonlat_bounds(own)
        rows.append({
            "id": command.id,
            "area_km2": float(own["area_km2"].sum()),
            "share": float(own["share"].sum()),
            "oblast_count": int((own["kind"] == "oblast").sum()),
            "territory_count": len(own),
            "west": west, "south": south, "east": east, "north": north,
        })
    return pd.DataFrame(rows).set_index("id", drop=False).rename_axis(None)
