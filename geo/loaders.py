"""Read the data files; every way a file can be broken becomes a DataError."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
import yaml
from shapely.geometry import shape
from shapely.validation import explain_validity

from geo.errors import DataError

WGS84 = "EPSG:4326"
# Far above the committed files (tens of KB): a file this big is a mistake, and parsing it
# would stall every viewer's page.
MAX_FILE_BYTES = 5_000_000


def read_text(path: Path) -> str:
    """The file's text, or a DataError saying why it cannot be read."""
    if not path.is_file():
        raise DataError(path, "(whole file)", "-", "file not found")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError(path, "(whole file)", "-",
                        f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, f"byte {exc.start}", "-", "not UTF-8 text") from None
    if not text.strip():
        raise DataError(path, "(whole file)", "-", "file is empty")
    return text


def read_yaml(path: Path) -> dict[str, Any]:
    """Parse a YAML file whose top level is a mapping."""
    text = read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(whole file)"
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(path, where, "-", f"malformed YAML: {problem}") from None
    if not isinstance(data, dict):
        raise DataError(path, "(top level)", "-",
                        f"expected a mapping of keys, got {type(data).__name__}")
    return data


def read_geojson(path: Path, id_field: str = "code") -> gpd.GeoDataFrame:
    """Read a FeatureCollection of valid polygons, each with a unique string `id_field`."""
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(path, f"line {exc.lineno}, column {exc.colno}", "-",
                        f"malformed GeoJSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError(path, "(top level)", "type", "expected a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise DataError(path, "(top level)", "features", "expected a non-empty list of features")

    records, geometries, seen = [], [], set()
    for index, item in enumerate(features):
        entry = f"features[{index}]"
        properties = item.get("properties") if isinstance(item, dict) else None
        if not isinstance(properties, dict):
            raise DataError(path, entry, "properties", "missing or not an object")
        code = properties.get(id_field)
        if not isinstance(code, str) or not code:
            raise DataError(path, entry, f"properties.{id_field}", "missing or not a string")
        entry = f"{entry} ({code})"
        if code in seen:
            raise DataError(path, entry, f"properties.{id_field}", f"duplicate {id_field}")
        seen.add(code)
        geometries.append(read_polygon(path, entry, item.get("geometry")))
        records.append(properties)
    return gpd.GeoDataFrame(records, geometry=geometries, crs=WGS84)


def read_polygon(path: Path, entry: str, geometry: Any):
    """A valid Polygon or MultiPolygon with lon/lat coordinates, or a DataError."""
    if not isinstance(geometry, dict):
        raise DataError(path, entry, "geometry", "missing or not an object")
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise DataError(path, entry, "geometry.type",
                        f"expected Polygon or MultiPolygon, got {geometry.get('type')!r}")
    try:
        polygon = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as exc:
        raise DataError(path, entry, "geometry.coordinates", f"unreadable: {exc}") from None
    if polygon.is_empty:
        raise DataError(path, entry, "geometry.coordinates", "empty geometry")
    minx, miny, maxx, maxy = polygon.bounds
    if not all(math.isfinite(v) for v in polygon.bounds) or minx < -180 or maxx > 180 \
            or miny < -90 or maxy > 90:
        raise DataError(path, entry, "geometry.coordinates",
                        f"coordinates out of lon/lat range: bounds {polygon.bounds}")
    if not polygon.is_valid:
        raise DataError(path, entry, "geometry", f"invalid geometry: {explain_validity(polygon)}")
    return polygon
