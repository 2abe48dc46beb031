"""Read the data files; every way a file can be broken becomes a DataError."""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

import geopandas as gpd
import yaml
from shapely.geometry import shape
from shapely.validation import explain_validity
from yaml.composer import ComposerError
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

from geo.errors import DataError

WGS84 = "EPSG:4326"
# What real data needs, with headroom: the YAML files are 5-15 KB and the GeoJSON files 60-110
# KB. A bigger file is a mistake, and parsing it would stall every viewer's page.
MAX_YAML_BYTES = 256 * 1024
MAX_GEOJSON_BYTES = 1024 * 1024


class NoAliasLoader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases (`*name`, `<<: *name`): the data never needs them,
    and a few hundred kilobytes of them expand into gigabytes (a "billion laughs")."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, f"aliases are not allowed (*{event.anchor})",
                                event.start_mark)
        return super().compose_node(parent, index)


# libyaml's loader, when PyYAML was built with it: about ten times faster than NoAliasLoader.
# It cannot refuse aliases itself (its composer is C), so `load_yaml` checks the events first.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
# Deeper than this, the pure loader decides (it runs out of Python stack at a few hundred
# levels, a "nested too deeply" error; libyaml's composer would crash the process).
_FAST_MAX_DEPTH = 100


def _plain(text: str) -> bool:
    """True if `text` parses (with libyaml) with no alias and no nesting over _FAST_MAX_DEPTH."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, AliasEvent):
                return False
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > _FAST_MAX_DEPTH:
                    return False
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return False
    return True


def load_yaml(text: str) -> Any:
    """The YAML document in `text`, aliases refused (a ComposerError), as
    `yaml.load(text, Loader=NoAliasLoader)` gives it.

    Quickly with libyaml when the text is plain (no alias, not deeply nested, no syntax
    error: one pass over its events says so); otherwise, or if libyaml then fails, with
    NoAliasLoader itself, so a broken file gets the same error, at the same line, as ever."""
    if _FAST_LOADER is not None and _plain(text):
        try:
            return yaml.load(text, Loader=_FAST_LOADER)  # a safe loader: no Python objects
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=NoAliasLoader)  # a SafeLoader subclass: safe


def read_text(path: Path, max_bytes: int = MAX_YAML_BYTES, root: Path | None = None) -> str:
    """The file's text, or a DataError saying why it cannot be read.

    The file must be a regular file directly or indirectly inside `root` (default: its own
    folder), reached without symlinks; at most `max_bytes + 1` bytes are read, so a file that
    reports no size (under /proc) or grows while read is still capped.
    """
    path = Path(path)
    root = Path(root if root is not None else path.parent).resolve()
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise DataError(path, "(whole file)", "-", "file not found") from None
    except OSError as exc:
        raise DataError(path, "(whole file)", "-", f"cannot be read: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise DataError(path, "(whole file)", "-", "is a symbolic link; put the file itself here")
    if not path.resolve().is_relative_to(root):
        raise DataError(path, "(whole file)", "-", f"is outside the data folder {root}")
    if not stat.S_ISREG(info.st_mode):
        raise DataError(path, "(whole file)", "-", "not a regular file")
    try:
        # O_NOFOLLOW: a symlink swapped in after the check above is refused, not followed.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise DataError(path, "(whole file)", "-", "not a regular file")
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        raise DataError(path, "(whole file)", "-", f"cannot be read: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise DataError(path, "(whole file)", "-",
                        f"file is over the {max_bytes:,}-byte limit")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, f"byte {exc.start}", "-", "not UTF-8 text") from None
    if not text.strip():
        raise DataError(path, "(whole file)", "-", "file is empty")
    return text


def read_yaml(path: Path, root: Path | None = None) -> dict[str, Any]:
    """Parse a YAML file whose top level is a mapping (no aliases, at most MAX_YAML_BYTES)."""
    text = read_text(path, MAX_YAML_BYTES, root)
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(whole file)"
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(path, where, "-", f"malformed YAML: {problem}") from None
    except RecursionError:
        raise DataError(path, "(whole file)", "-", "malformed YAML: nested too deeply") from None
    if not isinstance(data, dict):
        raise DataError(path, "(top level)", "-",
                        f"expected a mapping of keys, got {type(data).__name__}")
    return data


POLYGONS = ("Polygon", "MultiPolygon")


def read_geojson(path: Path, id_field: str = "code", root: Path | None = None,
                 geometry_types: tuple[str, ...] = POLYGONS) -> gpd.GeoDataFrame:
    """Read a FeatureCollection of valid geometries of `geometry_types` (polygons unless
    told), each with a unique string `id_field`."""
    text = read_text(path, MAX_GEOJSON_BYTES, root)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(path, f"line {exc.lineno}, column {exc.colno}", "-",
                        f"malformed GeoJSON: {exc.msg}") from None
    except RecursionError:
        raise DataError(path, "(whole file)", "-", "malformed GeoJSON: nested too deeply") from None
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
        geometries.append(read_polygon(path, entry, item.get("geometry"), geometry_types))
        records.append(properties)
    return gpd.GeoDataFrame(records, geometry=geometries, crs=WGS84)


def read_polygon(path: Path, entry: str, geometry: Any,
                 geometry_types: tuple[str, ...] = POLYGONS):
    """A valid geometry of `geometry_types` (a Polygon or MultiPolygon unless told) with
    lon/lat coordinates, or a DataError."""
    if not isinstance(geometry, dict):
        raise DataError(path, entry, "geometry", "missing or not an object")
    if geometry.get("type") not in geometry_types:
        raise DataError(path, entry, "geometry.type",
                        f"expected {' or '.join(geometry_types)}, "
                        f"got {repr(geometry.get('type'))[:80]}")
    if "coordinates" not in geometry:
        raise DataError(path, entry, "geometry.coordinates", "missing")
    try:
        polygon = shape(geometry)
        # Touch what is checked below, so an odd value fails here, with the field named.
        bounds, empty = polygon.bounds, polygon.is_empty
    except RecursionError:
        raise DataError(path, entry, "geometry.coordinates", "nested too deeply") from None
    except Exception as exc:  # shapely and numpy raise many types
        shown = str(exc) or type(exc).__name__
        raise DataError(path, entry, "geometry.coordinates",
                        f"unreadable: {shown[:200]}") from None
    if empty:
        raise DataError(path, entry, "geometry.coordinates", "empty geometry")
    minx, miny, maxx, maxy = bounds
    if not all(math.isfinite(v) for v in bounds) or minx < -180 or maxx > 180 \
            or miny < -90 or maxy > 90:
        raise DataError(path, entry, "geometry.coordinates",
                        f"coordinates out of lon/lat range: bounds {bounds}")
    if not polygon.is_valid:
        raise DataError(path, entry, "geometry", f"invalid geometry: {explain_validity(polygon)}")
    return polygon
