"""Geometry for the map's browser code, as short strings: the polyline algorithm (Google's
encoded polyline: each coordinate a rounded delta from the one before, five bits a character),
decoded by kzDecode in territory_styler.js. About a third of the size of the same coordinates
as GeoJSON numbers, which is what lets the page carry both divisions for the price of one."""

from __future__ import annotations

PRECISION = 1000  # three decimals, as the data is rounded (about 100 m)
# folium renders the map's script as a Jinja template, where "{{", "{%" and "{#" open a tag:
# the one character that could start one, "{", is written as "!" instead (not otherwise used).
_SWAP_IN, _SWAP_OUT = "{", "!"


def _value(delta: int) -> str:
    value = ~(delta << 1) if delta < 0 else delta << 1
    chars = []
    while value >= 0x20:
        chars.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    chars.append(chr(value + 63))
    return "".join(chars)


def encode_line(coords) -> str:
    """A sequence of (lon, lat) as one string (characters '?' to '~' but '{', and '!':
    JSON- and HTML-safe apart from the backslash, which JSON escapes)."""
    out, last_x, last_y = [], 0, 0
    for lon, lat in coords:
        x, y = round(lon * PRECISION), round(lat * PRECISION)
        out.append(_value(x - last_x) + _value(y - last_y))
        last_x, last_y = x, y
    return "".join(out).replace(_SWAP_IN, _SWAP_OUT)


def decode_line(text: str) -> list[tuple[float, float]]:
    """`encode_line` undone (for tests; the browser has its own)."""
    values, index = [], 0
    text = text.replace(_SWAP_OUT, _SWAP_IN)
    while index < len(text):
        result = shift = 0
        while True:
            byte = ord(text[index]) - 63
            index += 1
            result |= (byte & 0x1F) << shift
            shift += 5
            if byte < 0x20:
                break
        values.append(~(result >> 1) if result & 1 else result >> 1)
    coords, x, y = [], 0, 0
    for dx, dy in zip(values[::2], values[1::2], strict=True):
        x, y = x + dx, y + dy
        coords.append((x / PRECISION, y / PRECISION))
    return coords


def encode_geometry(geometry) -> list:
    """Polygons as [[outer ring, hole, ...], ...]; lines as [line, ...] (each part encoded)."""
    parts = getattr(geometry, "geoms", [geometry])
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return [[encode_line(p.exterior.coords), *(encode_line(r.coords) for r in p.interiors)]
                for p in parts]
    return [encode_line(line.coords) for line in parts]
