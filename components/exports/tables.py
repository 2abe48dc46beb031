"""The data downloads: territories (GeoJSON) and the commands table (CSV)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import shapely
from shapely.geometry import mapping

from components import content
from components.i18n import LANGUAGES
from geo.atlas import Atlas


def territories_geojson(atlas: Atlas, lang: str = "en", visible: tuple[str, ...] = (),
                        day: date | None = None) -> bytes:
    """The joined territories of the atlas's division (names, kind, command, whether the
    source states the assignment or the app derived it, area, share) and the frontier
    segments (`layer` tells them apart), rings wound as RFC 7946 asks."""
    features = []
    for row in atlas.territories.itertuples():
        unit = atlas.origin(row.code)
        properties = {"layer": "territory", "division": atlas.division.id, "code": row.code,
                      "kind": row.kind, "command": row.command,
                      "assignment": "derived" if row.derived else "stated",
                      "derived": bool(row.derived), "assignment_source": row.assignment_source,
                      # A region formed later: the oblast of the source's division it came from.
                      "formed_from": unit.territory if unit is not None else None,
                      "area_km2": round(float(row.area_km2), 1),
                      "share": round(float(row.share), 6)}
        for language in LANGUAGES:
            properties[f"name_{language}"] = getattr(row, f"name_{language}")
            properties[f"centre_{language}"] = getattr(row, f"centre_{language}")
        features.append({"type": "Feature", "properties": properties,
                         # RFC 7946's right-hand rule: exteriors counter-clockwise, holes
                         # clockwise (strict readers and d3 fill the rest of the globe else).
                         "geometry": mapping(shapely.orient_polygons(row.geometry))})
    # The frontier segments: which command holds which stretch of border or Caspian shore.
    frontiers = getattr(atlas, "frontiers", None)
    if frontiers is not None:
        for row in frontiers.segments.itertuples():
            features.append({"type": "Feature", "geometry": mapping(row.geometry),
                             "properties": {"layer": "frontier", "command": row.command,
                                            "territory": row.territory,
                                            "neighbour": row.neighbour, "iso3": row.iso3,
                                            "kind": row.kind, "km": round(float(row.km), 1)}})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel in ru/kk locales splits a CSV line on `;` and does not see our quotes there (they open
# comma-separated fields), so what follows any `;` (or `,`) may start a cell of its own.
SEPARATOR = re.compile(r"([;,])")


def csv_cell(value):
    """A spreadsheet must not run a cell as a formula (OWASP's CSV injection advice): the cell,
    and every part after a `;` or `,`, that could start one (after spaces or quotes) gets an
    apostrophe in front, e.g. `Astana;'=HYPERLINK(…)`. Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    parts = SEPARATOR.split(value)  # text, separator, text, …
    for index in range(0, len(parts), 2):
        part = parts[index]
        if part.startswith(FORMULA_STARTS) or part.lstrip(" \t\r\n\"'").startswith(
                FORMULA_STARTS[:4]):
            parts[index] = "'" + part
    return "".join(parts)


CSV_COLUMNS = ("id", "name", "division", "hq", "hq_lat", "hq_lon", "oblasts",
               "oblasts_derived", "area_km2", "share", "mission_kind", "mission", "composition")


def commands_csv(atlas: Atlas, lang: str, visible: tuple[str, ...] = (),
                 day: date | None = None) -> bytes:
    """One row per command (UTF-8 with BOM, so Excel reads Kazakh). The header is the same
    machine names in every language; the values are in `lang`. Every cell is quoted, so a list
    (the oblasts) or a `;` in a text stays in one cell in any locale."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    frontiers = getattr(atlas, "frontiers", None)
    neighbours = frontiers.neighbours if frontiers is not None else ()
    frontier_columns = ([f"border_km_{iso3}" for iso3 in frontier_iso3(atlas, neighbours)]
                        + ["caspian_coast_km", "hq_reach_km"]) if frontiers is not None else []
    writer.writerow([*CSV_COLUMNS, *frontier_columns])
    for command in atlas.commands:
        card = content.command_card(atlas, command.id, lang)
        stats = atlas.command_stats.loc[command.id]
        derived = [r.name for r in card.territories if atlas.origin(r.code) is not None]
        row = [command.id, card.title, atlas.division.id, card.hq, command.hq.lat,
               command.hq.lon, "; ".join(card.oblast_names), "; ".join(derived),
               round(float(stats["area_km2"]), 1),
               round(float(stats["share"]), 6), command.mission_kind or "",
               card.mission.text, card.composition.text]
        if frontiers is not None:
            frontier = frontiers.commands[command.id]
            row += [round(frontier.border_km(n), 1) for n in neighbours]
            row += [round(frontier.caspian_km, 1), round(frontier.hq_reach_km, 1)]
        writer.writerow([csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def frontier_iso3(atlas: Atlas, neighbours: tuple[str, ...]) -> list[str]:
    """The neighbours' ISO 3166-1 alpha-3 codes in lower case (`rus`), for column names."""
    segments = atlas.frontiers.segments
    codes = dict(zip(segments["neighbour"], segments["iso3"], strict=False))
    return [str(codes.get(n, n)).lower() for n in neighbours]
