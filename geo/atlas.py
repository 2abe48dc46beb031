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
from geo.names import SuccessorUnit, successor_units
from geo.schema import (
    LANGUAGES,
    Command,
    CommandsFile,
    Formed,
    OverviewFact,
    OverviewFile,
    Place,
    PlacesFile,
    Source,
    SourcesFile,
    SuccessorsFile,
    TerritoriesFile,
    parse,
)

BACKGROUND_TOLERANCE_DEG = 0.03  # neighbours' borders: about 3 km, invisible at these zooms
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FILES = {
    "commands": "commands.yaml",
    "territories": "territories.yaml",
    "sources": "sources.yaml",
    "overview": "overview.yaml",
    "successors": "successors.yaml",
    "places": "places.yaml",
    "boundaries": "territories.geojson",
    "context": "context.geojson",
}


@dataclass(frozen=True)
class Atlas:
    """Everything the app shows, validated and joined."""

    commands: tuple[Command, ...]
    formed: Formed
    territories: gpd.GeoDataFrame  # one row per territory, see join_table()
    command_stats: pd.DataFrame  # one row per command id, see command_table()
    context: gpd.GeoDataFrame
    context_borders: object  # shapely (Multi)LineString: borders and coasts, see inner_borders()
    overview: tuple[OverviewFact, ...]
    sources: dict[str, Source]
    national_area_km2: float
    frontiers: Frontiers  # borders, Caspian shore and reach per command and territory
    command_index: dict[str, Command] = field(repr=False, default_factory=dict)
    # Units formed after the source's division (Abai, Zhetisu, Ulytau, Shymkent), each with the
    # territory of this map that holds it and the command derived from that territory.
    successors: tuple[SuccessorUnit, ...] = ()
    # Cities of republican significance as points (Astana, Almaty, Shymkent): data/places.yaml.
    places: tuple[Place, ...] = ()

    def command(self, command_id: str) -> Command:
        """The command with this id."""
        return self.command_index[command_id]


def load_atlas(data_dir: Path | str = DATA_DIR) -> Atlas:
    """Read every file in `data_dir`, validate it and join it; raises DataError."""
    data_dir = Path(data_dir)
    paths = {key: data_dir / name for key, name in FILES.items()}

    def yaml_file(key: str, model):
        return parse(model, read_yaml(paths[key], root=data_dir), str(paths[key]))

    sources = yaml_file("sources", SourcesFile).sources
    table = yaml_file("territories", TerritoriesFile)
    commands = yaml_file("commands", CommandsFile)
    overview = yaml_file("overview", OverviewFile)
    successors = yaml_file("successors", SuccessorsFile)
    places = yaml_file("places", PlacesFile)
    boundaries = read_geojson(paths["boundaries"], root=data_dir)
    context = read_geojson(paths["context"], root=data_dir)

    validate.check_sources(paths["sources"], sources)
    validate.check_unique_ids(paths["territories"], table.territories, "code", "territories")
    validate.check_unique_ids(paths["commands"], commands.commands, "id", "commands")
    validate.check_unique_ids(paths["overview"], overview.facts, "id", "facts")
    validate.check_source_keys(paths["commands"], validate.source_keys_of_commands(commands),
                               sources)
    validate.check_source_keys(paths["overview"], validate.source_keys_of_overview(overview),
                               sources)
    validate.check_source_keys(paths["territories"], {
        ("(top level)", "centre_coordinates_source"): table.centre_coordinates_source}, sources)
    validate.check_mission_kinds(paths["commands"], commands)
    validate.check_successors(paths["successors"], successors, table.territories, sources)
    validate.check_geometry_matches_table(paths["boundaries"], boundaries, paths["territories"],
                                          table.territories)
    validate.check_no_overlaps(paths["boundaries"], boundaries)
    validate.check_places(paths["places"], places, table.territories, boundaries, successors,
                          sources)
    oblast_to_command = validate.check_assignments(paths["commands"], commands, table.territories)

    territories = join_table(boundaries, table, oblast_to_command)
    validate.check_centres(paths["territories"], table.territories, boundaries)
    for key in ("derived-containment", "derived-baikonur", "derived-area", "derived-frontiers",
                "derived-successor", PUBLISHED_SOURCE):
        if key not in sources:
            raise DataError(paths["sources"], "sources", key, "missing: the app cites it")
    territory_of = {c.id: shapely.union_all(territories.loc[territories["command"] == c.id,
                                                             "geometry"].values)
                    for c in commands.commands}
    validate.check_headquarters(paths["commands"], commands, territory_of)
    frontiers = compute_frontiers(territories, context, commands.commands)
    if frontiers.unmatched_km > MAX_UNMATCHED_KM:
        raise DataError(paths["context"], "features", "geometry",
                        f"{frontiers.unmatched_km:,.1f} km of Kazakhstan's outline meets no "
                        "neighbour or sea: the two GeoJSON files no longer share their border "
                        "vertices (rebuild both with geo/build_boundaries.py)")

    return Atlas(
        commands=tuple(commands.commands),
        formed=commands.formed,
        territories=territories,
        command_stats=command_table(territories, commands.commands),
        context=context,
        # Kazakhstan's own outline is drawn by its territories; the rest is background.
        context_borders=inner_borders(
            context, exclude=shapely.union_all(territories.geometry.values).buffer(0.02),
            tolerance_deg=BACKGROUND_TOLERANCE_DEG),
        overview=tuple(overview.facts),
        sources=sources,
        national_area_km2=float(territories["area_km2"].sum()),
        frontiers=frontiers,
        command_index={c.id: c for c in commands.commands},
        successors=successor_units(successors.successors, territories["command"].to_dict()),
        places=tuple(places.places),
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
    for name in FILES.values():
        try:
            info = (Path(data_dir) / name).lstat()
            stamp.append((name, info.st_size, info.st_mtime_ns))
        except OSError:
            stamp.append((name, None, None))
    return tuple(stamp)


def join_table(boundaries: gpd.GeoDataFrame, table: TerritoriesFile,
               oblast_to_command: dict[str, tuple[str, str]]) -> gpd.GeoDataFrame:
    """One row per territory: names, centre, command, how it was assigned, area and share."""
    by_code = {t.code: t for t in table.territories}
    frame = boundaries[["code", "geometry"]].copy()
    frame["kind"] = [by_code[c].kind for c in frame["code"]]
    for lang in LANGUAGES:
        frame[f"name_{lang}"] = [by_code[c].name.get(lang) for c in frame["code"]]
        frame[f"centre_{lang}"] = [by_code[c].centre.get(lang) for c in frame["code"]]
    frame["centre_lat"] = [by_code[c].centre_lat for c in frame["code"]]
    frame["centre_lon"] = [by_code[c].centre_lon for c in frame["code"]]
    assignments = assign_territories(frame, oblast_to_command)
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
    order = {t.code: i for i, t in enumerate(table.territories)}
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
