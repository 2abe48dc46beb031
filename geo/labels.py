"""Map labels placed as a cartographer would: measured, beside their stars, never overlapping.

Pure functions, no Streamlit, no folium: the live map, the PNG, the PDF and the HTML export all
place their labels with `place_labels` and draw the records it returns.

Coordinates: a `View` is a Leaflet-style Web Mercator view (map size in px, zoom, centre).
Screen pixels have their origin at the map's top-left corner, x to the right, y downwards.
Text is measured with DejaVu Sans as shipped with matplotlib (`FONT_FILES`), read with
fontTools to the values matplotlib's FreeType gives (matplotlib itself is not imported: the
live map never needs it); a browser that draws the labels must use the same font and
`LINE_HEIGHT`, so the boxes computed here are the boxes it draws. Checked once against
Debian's Chromium with those files: every oblast and HQ name in kk/ru/en at 13 and 18 px came
out within 0.01 px of `text_width`.

The live map does not serve the font: the three styles it uses weigh 2.1 MB as shipped (a
subset to the labels' 89 letters, as WOFF, about 38 KB; inline as base64 about 51 KB, sent
again with every language). It asks for "DejaVu Sans" (Debian's fonts-dejavu, as in CI: the
browser test finds every drawn box within 1 px of these) with Verdana-like fallbacks, and its
label script hides whatever then collides (components/map/label_layer.py, map_labels.js).
"""

from __future__ import annotations

import importlib.util
import math
import re
import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import shapely
from shapely.geometry import box as shapely_box
from shapely.ops import polylabel

if TYPE_CHECKING:  # only for type hints: this module does not need an Atlas to work
    from geo.atlas import Atlas

Kind = Literal["oblast", "hq_city", "city", "country", "sea", "lake", "river", "lease"]
KINDS: tuple[str, ...] = ("oblast", "hq_city", "city", "country", "sea", "lake", "river",
                          "lease")

TILE_SIZE = 256  # Leaflet's pixels per world at zoom 0
MAX_LATITUDE = 85.0511287798  # Leaflet's SphericalMercator clamps here
LINE_HEIGHT = 1.2  # CSS line-height of every label, in em
MARGIN_PX = 3.0  # around each text box: the white halo (text-shadow 2-3 px) and a little air
EDGE_PX = 4.0  # labels keep this far from the map's edge
STAR_PX = 30  # HQ stars are 30×30 px, centred on the HQ (components/map_view.py)
CITY_DOT_PX = 10  # a city of republican significance: a dot this wide
POINT_GAP_PX = 4.0  # between a point's symbol and its label
# A name longer than this is no map label (the longest real one, Baikonur's in Russian, has
# 32): it is left to the tooltip and the panels, and wrapping it would cost seconds.
MAX_LABEL_CHARS = 60

# Found without importing matplotlib (its import alone costs a server 10-14 MB and time).
_FONT_DIR = (Path(importlib.util.find_spec("matplotlib").submodule_search_locations[0])
             / "mpl-data" / "fonts" / "ttf")
# (bold, italic) -> the DejaVu Sans file matplotlib ships.
FONT_FILES: dict[tuple[bool, bool], Path] = {
    (False, False): _FONT_DIR / "DejaVuSans.ttf",
    (True, False): _FONT_DIR / "DejaVuSans-Bold.ttf",
    (False, True): _FONT_DIR / "DejaVuSans-Oblique.ttf",
    (True, True): _FONT_DIR / "DejaVuSans-BoldOblique.ttf",
}

# Labels set beside a symbol rather than over an area. Baikonur's lease is a small disc: its
# long name ("… leased area") goes beside it, as a city's does.
POINT_KINDS = ("hq_city", "city", "lease")

# Who wins a collision: higher first. Point labels first (they name the map's symbols and
# have few places to go: beside their symbol), then oblasts (the subject; an area label can
# move within its oblast), then orientation.
# Baikonur's name comes after the oblasts': beside its disc it has eight places to go, and
# its long name once took Zhambyl's only room.
DEFAULT_PRIORITY = {"hq_city": 100.0, "city": 90.0, "lease": 75.0, "oblast": 80.0,
                    "sea": 50.0, "lake": 60.0, "river": 40.0, "country": 30.0}


# --- Geometry on screen -------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in screen pixels."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        """Width in px."""
        return self.right - self.left

    @property
    def height(self) -> float:
        """Height in px."""
        return self.bottom - self.top

    @property
    def centre(self) -> tuple[float, float]:
        """The centre (x, y)."""
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2

    def intersects(self, other: Box) -> bool:
        """True if the two boxes share any area (touching edges do not count)."""
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)

    def inside(self, other: Box) -> bool:
        """True if this box lies wholly within `other`."""
        return (self.left >= other.left and self.right <= other.right
                and self.top >= other.top and self.bottom <= other.bottom)

    def grown(self, px: float) -> Box:
        """This box with `px` added on every side."""
        return Box(self.left - px, self.top - px, self.right + px, self.bottom + px)


def world_px(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point at `zoom`, as Leaflet's map.project()."""
    scale = TILE_SIZE * 2.0 ** zoom
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    x = (lon + 180.0) / 360.0 * scale
    y = (0.5 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)) * scale
    return x, y


def world_lonlat(x: float, y: float, zoom: float) -> tuple[float, float]:
    """The inverse of `world_px`, as Leaflet's map.unproject()."""
    scale = TILE_SIZE * 2.0 ** zoom
    lon = x / scale * 360.0 - 180.0
    lat = math.degrees(2 * math.atan(math.exp((0.5 - y / scale) * 2 * math.pi)) - math.pi / 2)
    return lon, lat


@dataclass(frozen=True)
class View:
    """What a map of `width`×`height` px shows at `zoom`, centred on (lon, lat)."""

    width: int
    height: int
    zoom: float
    centre_lon: float
    centre_lat: float

    def _origin(self) -> tuple[float, float]:
        cx, cy = world_px(self.centre_lon, self.centre_lat, self.zoom)
        return cx - self.width / 2, cy - self.height / 2

    def to_screen(self, lon: float, lat: float) -> tuple[float, float]:
        """Screen pixel (x, y) of a lon/lat point."""
        ox, oy = self._origin()
        x, y = world_px(lon, lat, self.zoom)
        return x - ox, y - oy

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        """Lon/lat of a screen pixel."""
        ox, oy = self._origin()
        return world_lonlat(x + ox, y + oy, self.zoom)

    def project(self, geometry):
        """A shapely geometry in lon/lat, in screen pixels."""
        ox, oy = self._origin()
        scale = TILE_SIZE * 2.0 ** self.zoom

        def transform(coords: np.ndarray) -> np.ndarray:
            lon = coords[:, 0]
            lat = np.clip(coords[:, 1], -MAX_LATITUDE, MAX_LATITUDE)
            x = (lon + 180.0) / 360.0 * scale - ox
            y = (0.5 - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / (2 * np.pi)) * scale - oy
            return np.column_stack([x, y])

        return shapely.transform(geometry, transform)

    @property
    def frame(self) -> Box:
        """The whole map, in screen pixels."""
        return Box(0.0, 0.0, float(self.width), float(self.height))

    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of what the map shows."""
        west, north = self.to_lonlat(0, 0)
        east, south = self.to_lonlat(self.width, self.height)
        return west, south, east, north


def fit_bounds(bounds: Sequence[float], width: int, height: int, *,
               padding: tuple[float, float] = (8.0, 8.0), zoom_snap: float = 0.25,
               min_zoom: float = 3.0, max_zoom: float = 9.0) -> View:
    """The view Leaflet 1.9's map.fitBounds(bounds, {padding}) gives a map of this size.

    `bounds` is (west, south, east, north). Same steps as Leaflet's getBoundsZoom and
    _getBoundsCenterZoom: the largest zoom at which the bounds fit inside the map less twice
    the padding, rounded to 1% of a snap step and then down to a multiple of `zoom_snap`."""
    west, south, east, north = (float(v) for v in bounds)
    if width <= 0 or height <= 0:
        raise ValueError(f"map size must be positive, got {width}×{height}")
    x0, y0 = world_px(west, north, 0.0)
    x1, y1 = world_px(east, south, 0.0)
    size_x, size_y = width - 2 * padding[0], height - 2 * padding[1]
    scale = min(size_x / max(x1 - x0, 1e-12), size_y / max(y1 - y0, 1e-12))
    zoom = math.log2(scale)  # Leaflet's getScaleZoom(scale, 0)
    if zoom_snap:
        zoom = round(zoom / (zoom_snap / 100)) * (zoom_snap / 100)
        zoom = math.floor(zoom / zoom_snap) * zoom_snap
    zoom = max(min_zoom, min(max_zoom, zoom))
    sx, sy = world_px(west, south, zoom)
    nx, ny = world_px(east, north, zoom)
    centre_lon, centre_lat = world_lonlat((sx + nx) / 2, (sy + ny) / 2, zoom)
    return View(width, height, zoom, centre_lon, centre_lat)


# --- Text ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class LabelFont:
    """How one kind of label is set: size in CSS px, weight and slant of DejaVu Sans."""

    size_px: float
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class _Metrics:
    """What measuring needs of one font file, in font units, in compact arrays (a few tens of
    KB per style rather than dicts of thousands of entries)."""

    units_per_em: int
    codes: array  # sorted code points the font maps ...
    code_glyphs: array  # ... and their glyph indices
    advances: array  # glyph index -> advance width (hmtx)
    kern_pairs: array  # sorted (left glyph << 16 | right glyph) of the kerning pairs ...
    kern_values: array  # ... and their kerning

    def glyph(self, char: str) -> int:
        """The glyph index of `char`; 0 (".notdef") if the font lacks it, as FreeType."""
        code = ord(char)
        at = bisect_left(self.codes, code)
        return self.code_glyphs[at] if at < len(self.codes) and self.codes[at] == code else 0

    def advance(self, glyph: int) -> int:
        """A glyph's advance; past hmtx's long metrics, the last one's (the OpenType rule)."""
        return self.advances[min(glyph, len(self.advances) - 1)]

    def kerning(self, left: int, right: int) -> int:
        """The kerning between two glyphs, 0 if the pair has none."""
        key = left << 16 | right
        at = bisect_left(self.kern_pairs, key)
        if at < len(self.kern_pairs) and self.kern_pairs[at] == key:
            return self.kern_values[at]
        return 0


def _big_endian(typecode: str, data: bytes) -> array:
    values = array(typecode, data[:len(data) - len(data) % array(typecode).itemsize])
    if sys.byteorder == "little":
        values.byteswap()
    return values


def _unicode_cmap(font, direct: bool = True) -> dict[int, int]:
    """Code point -> glyph index from the Unicode cmap FreeType selects: the UCS-4 one (3,10)
    when the font has it (a format-12 subtable, read here directly, without fontTools' glyph
    names), else (or not `direct`) fontTools' best."""
    data = font.reader["cmap"]
    count = int.from_bytes(data[2:4], "big") if direct else 0
    for record in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, 4 + 8 * record)
        if (platform, encoding) == (3, 10) and struct.unpack_from(">H", data, offset)[0] == 12:
            groups = struct.unpack_from(">L", data, offset + 12)[0]
            glyphs = {}
            for start, end, glyph in struct.iter_unpack(
                    ">LLL", data[offset + 16:offset + 16 + 12 * groups]):
                glyphs.update(zip(range(start, end + 1), range(glyph, glyph + end - start + 1),
                                  strict=True))
            return glyphs
    order = {name: index for index, name in enumerate(font.getGlyphOrder())}
    return {code: order[name] for code, name in font.getBestCmap().items()}


@lru_cache(maxsize=4)
def _font(bold: bool, italic: bool) -> _Metrics:
    """The font's Unicode cmap, advances (hmtx) and kerning pairs, read once per style.

    Kerning is the legacy `kern` table only, its horizontal format-0 subtables summed, as
    FreeType's FT_Get_Kerning reads it (not GPOS)."""
    from fontTools.ttLib import TTFont  # only when text is first measured

    with TTFont(FONT_FILES[(bold, italic)], lazy=True) as font:
        glyphs = _unicode_cmap(font)
        codes = array("L", sorted(glyphs))
        code_glyphs = array("H", (glyphs[code] for code in codes))
        # hmtx: numberOfHMetrics (advance, left side bearing) pairs; keep the advances.
        advances = _big_endian("H", font.reader["hmtx"])[:2 * font["hhea"].numberOfHMetrics:2]
        kerning: dict[int, int] = {}
        if "kern" in font:
            data = font.reader["kern"]
            offset = 4
            for _ in range(int.from_bytes(data[2:4], "big")):  # Microsoft's kern, version 0
                length, coverage = struct.unpack_from(">HH", data, offset + 2)
                if coverage >> 8 == 0 and coverage & 3 == 1:  # format 0, horizontal
                    pairs = struct.unpack_from(">H", data, offset + 6)[0]
                    for left, right, value in struct.iter_unpack(
                            ">HHh", data[offset + 14:offset + 14 + 6 * pairs]):
                        key = left << 16 | right
                        kerning[key] = kerning.get(key, 0) + value
                offset += length
        pairs = array("L", sorted(kerning))
        return _Metrics(font["head"].unitsPerEm, codes, code_glyphs, advances, pairs,
                        array("l", (kerning[key] for key in pairs)))


def _freetype_scale(size_px: float, units_per_em: int) -> int:
    """FreeType's x_scale (16.16) for FT_Set_Char_Size(size_px * 64, 0, 72, 72), as
    matplotlib's FT2Font.set_size(size_px, 72) calls it: the size truncated to 1/64 px (at
    least 1 px), divided by units per em with FT_DivFix's rounding. Unhinted glyphs and
    unfitted kerning use this unrounded scale, not the integer-ppem one of hinting."""
    char_width = max(int(size_px * 64), 64)
    return (char_width * 65536 + units_per_em // 2) // units_per_em


@lru_cache(maxsize=4096)
def text_width(text: str, font: LabelFont) -> float:
    """Width in px of one line of `text` as a browser sets it: the sum of the glyphs'
    unhinted advances plus kerning, in DejaVu Sans at `font.size_px`.

    The arithmetic is FreeType's, as matplotlib's FT2Font gives it (the test compares the
    two): each advance is FT_MulDiv(advance, x_scale, 64) in 16.16 px (linearHoriAdvance),
    each kerning FT_MulFix(kerning, x_scale) in 26.6 px (FT_KERNING_UNFITTED)."""
    face = _font(font.bold, font.italic)
    scale = _freetype_scale(font.size_px, face.units_per_em)
    width, previous = 0.0, None
    for char in text:
        index = face.glyph(char)
        width += (face.advance(index) * scale + 32) // 64 / 65536
        if previous is not None:
            kerning = face.kerning(previous, index)
            if kerning:
                scaled = (abs(kerning) * scale + 0x8000) >> 16
                width += (scaled if kerning > 0 else -scaled) / 64
        previous = index
    return width


def text_size(lines: Sequence[str], font: LabelFont) -> tuple[float, float]:
    """(width, height) in px of these lines, centred under each other, with LINE_HEIGHT."""
    return (max(text_width(line, font) for line in lines),
            len(lines) * font.size_px * LINE_HEIGHT)


@lru_cache(maxsize=4096)
def wrappings(text: str, max_lines: int = 3) -> tuple[tuple[str, ...], ...]:
    """`text` on one line, then split into 2..max_lines lines, most even first: at spaces,
    and after the hyphen of a compound word ("Восточно-/Казахстанская обл.") where spaces
    alone give too few lines."""
    words = text.split()
    # Pieces, each with whether a space follows it on the same line (after a hyphen: none).
    pieces: list[tuple[str, bool]] = []
    for word in words:
        parts = re.split(r"(?<=\w-)(?=\w)", word)
        pieces += [(part, False) for part in parts[:-1]] + [(parts[-1], True)]
    result = [(" ".join(words),)]
    for count in range(2, min(max_lines, len(pieces)) + 1):
        best = None
        for cuts in _cut_points(len(pieces), count):
            lines = tuple("".join(p + (" " if space else "") for p, space in pieces[a:b]).strip()
                          for a, b in zip((0, *cuts), (*cuts, len(pieces)), strict=True))
            longest = max(len(line) for line in lines)
            if best is None or longest < best[0]:
                best = (longest, lines)
        if best and best[1] not in result:
            result.append(best[1])
    return tuple(result)


def _cut_points(n: int, parts: int):
    if parts == 1:
        yield ()
        return
    for first in range(1, n - parts + 2):
        for rest in _cut_points(n - first, parts - 1):
            yield (first, *(first + r for r in rest))


# --- Candidates and records ---------------------------------------------------------------

@dataclass(frozen=True)
class LabelCandidate:
    """A label to place: its text, what it names, where, and how much it matters.

    `area` (lon/lat shapely geometry, optional) is the region the label names: an area
    label's box centre must stay inside it, so a label shifted away from a star still sits
    in its own oblast. `marker_px` is the size of the point symbol a point label stands
    beside (HQ star, city dot); 0 for an area label."""

    key: str
    text: str
    kind: Kind
    lon: float
    lat: float
    priority: float
    area: object | None = field(default=None, compare=False, repr=False)
    marker_px: float = 0.0
    # Shorter forms to try, in order, when `text` fits nowhere ("Атырауская", "ВКО").
    alternates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Marker:
    """A point symbol on the map that no label may cover (an HQ star, a city dot)."""

    key: str
    lon: float
    lat: float
    width: float = STAR_PX
    height: float = STAR_PX

    def box(self, view: View) -> Box:
        """The symbol's box in screen pixels (centred on its point)."""
        x, y = view.to_screen(self.lon, self.lat)
        return Box(x - self.width / 2, y - self.height / 2, x + self.width / 2,
                   y + self.height / 2)


@dataclass(frozen=True)
class PlacedLabel:
    """A placed label: what to write, where, and the box it covers.

    `anchor_x/anchor_y` are the screen pixel of (lon, lat). The text block (its lines
    centred, left- or right-aligned as `align` says) fills `text_box`; `box` adds the halo
    margin and is what the overlap checks use. For a Leaflet DivIcon at (lat, lon):
    iconSize = (text_box.width, text_box.height) and iconAnchor = `icon_anchor`.
    For matplotlib: draw at `text_point` with ha=`align`, va="center" (multi-line: one
    annotate with "\\n".join(lines) and linespacing=LINE_HEIGHT)."""

    key: str
    text: str
    kind: Kind
    lon: float
    lat: float
    lines: tuple[str, ...]
    position: str  # "centre", "centre+up1", "right", "left", "above", "below", …
    align: Literal["center", "left", "right"]
    font: LabelFont
    anchor_x: float
    anchor_y: float
    text_box: Box
    box: Box
    # A name set apart from its small or crowded area, tied to it by a thin line: from
    # (anchor_x, anchor_y), a point inside the area, to this point on the text box's edge.
    leader: tuple[float, float] | None = None

    @property
    def icon_anchor(self) -> tuple[float, float]:
        """Leaflet iconAnchor: the anchor point's offset from the text box's top-left."""
        return self.anchor_x - self.text_box.left, self.anchor_y - self.text_box.top

    @property
    def text_point(self) -> tuple[float, float]:
        """Screen pixel where the text's alignment edge meets its vertical middle."""
        x = {"center": self.text_box.centre[0], "left": self.text_box.left,
             "right": self.text_box.right}[self.align]
        return x, self.text_box.centre[1]


@dataclass(frozen=True)
class Placement:
    """The result of `place_labels`.

    `labels`: the placed labels, highest priority first. Labels are placed greedily in
    order of priority (ties keep the input order); a label whose every candidate position
    would overlap an already placed label, a marker, a reserved box or the map's edge is
    dropped, so when two labels collide it is always the lower-priority one that goes.
    `dropped`: the keys of the labels that could not be placed, in the same order."""

    labels: tuple[PlacedLabel, ...]
    dropped: tuple[str, ...]

    def by_key(self) -> dict[str, PlacedLabel]:
        """The placed labels by key."""
        return {label.key: label for label in self.labels}


# --- Placement ----------------------------------------------------------------------------

def _point_positions(x: float, y: float, w: float, h: float, marker: float):
    """Boxes (left, top) beside a point symbol: right, left, above, below, then diagonals."""
    gap = marker / 2 + POINT_GAP_PX
    yield "right", "left", x + gap, y - h / 2
    yield "left", "right", x - gap - w, y - h / 2
    yield "above", "center", x - w / 2, y - gap - h
    yield "below", "center", x - w / 2, y + gap
    diagonal = marker / 2 * 0.7
    yield "upper-right", "left", x + diagonal, y - diagonal - h
    yield "lower-right", "left", x + diagonal, y + diagonal
    yield "upper-left", "right", x - diagonal - w, y - diagonal - h
    yield "lower-left", "right", x - diagonal - w, y + diagonal


def _area_positions(x: float, y: float, w: float, h: float, line: float):
    """Boxes (left, top) around an area's anchor: centred, then nudged up/down/left/right."""
    yield "centre", "center", x - w / 2, y - h / 2
    for step in (0.75, 1.5, 2.25, 3.0, 4.0):
        dy = step * line
        yield f"centre+down{step:g}", "center", x - w / 2, y - h / 2 + dy
        yield f"centre+up{step:g}", "center", x - w / 2, y - h / 2 - dy
    for step in (0.25, 0.5):
        dx = step * w
        yield f"centre+right{step:g}", "center", x - w / 2 + dx, y - h / 2
        yield f"centre+left{step:g}", "center", x - w / 2 - dx, y - h / 2
    # Then farther out, all round (a star or a city's name may sit on the anchor): the
    # placer keeps only boxes whose centre is still inside the area.
    for radius in (2.0, 3.0, 4.5, 6.0):
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (0.7, 0.7), (-0.7, 0.7),
                       (0.7, -0.7), (-0.7, -0.7)):
            yield (f"ring{radius:g}:{dx:g},{dy:g}", "center",
                   x - w / 2 + dx * radius * line * 1.5, y - h / 2 + dy * radius * line)


def place_labels(candidates: Iterable[LabelCandidate], view: View,
                 fonts: dict[str, LabelFont], *, markers: Iterable[Marker] = (),
                 reserved: Iterable[Box] = (), max_lines: int = 3,
                 name_every_region: bool = True) -> Placement:
    """Place labels so that none overlaps another, a marker, a reserved box (map controls, a
    legend) or the map's edge; see `Placement` for the order and for what is dropped.

    Each label tries its positions in order: a point label (HQ city, city, the lease) right
    of its symbol, then left, above, below and the diagonals; an area label (oblast,
    country, sea, lake) centred on its anchor, then nudged, first on one line and then
    wrapped onto up to `max_lines` lines. An area label's box centre must stay inside its
    `area`, and of the free positions it takes the one whose box lies most inside it. With
    `name_every_region`, a region's name that finds no room is given some (`_make_room`,
    then a leader line); without it (a phone's small map, where that search is long and
    mostly vain) it is dropped."""
    frame = view.frame.grown(-EDGE_PX)
    obstacles = [m.box(view) for m in markers] + list(reserved)
    ordered = sorted(enumerate(candidates), key=lambda item: (-item[1].priority, item[0]))
    placed: list[PlacedLabel] = []
    dropped: list[str] = []
    leaders: list = []  # the leader lines drawn so far: no later name may cross one
    origin: dict[str, tuple[LabelCandidate, LabelFont]] = {}
    # Regions whose names found no room inside: once every region of that priority has had
    # its try, they are set apart with leader lines (so none takes another's own room).
    pending: list[tuple[LabelCandidate, tuple[float, ...]]] = []
    regions = [c.area for c in candidates
               if c.kind in NAMED_ALWAYS_KINDS and c.area is not None]

    def set_apart() -> None:
        nonlocal placed
        for cand, scales in pending:
            # Set apart, a name may take one step smaller still (measured: 0.78 of the
            # map's region type is 11 px in a briefing at 1280, 9.4 px exploring).
            scales = (*scales, LEADER_SHRINK)
            label = _leader_label(cand, fonts[cand.kind], scales, view, frame, obstacles,
                                  placed, leaders, regions)
            kept = placed
            if label is None:
                # Crowded (Zhambyl, with Taraz's star and name on it): the nearby cities'
                # names step to another side of their symbols, then the nearby regions' names
                # to another place in their regions, to let the name and its line through.
                x, y = view.to_screen(cand.lon, cand.lat)
                label = None
                for kinds in (POINT_KINDS, MOVABLE_KINDS):
                    near = [p for p in placed if p.kind in kinds and p.leader is None
                            and math.hypot(p.anchor_x - x, p.anchor_y - y) < NEAR_PX]
                    kept = [p for p in placed if p not in near]
                    label = _leader_label(cand, fonts[cand.kind], scales, view, frame,
                                          obstacles, kept, leaders, regions)
                    if label is not None:
                        break
                if label is not None:
                    kept = [*kept, label]
                    for other in near:
                        was, was_font = origin[other.key]
                        moved = _place_one(was, was_font, view, frame, obstacles, kept,
                                           max_lines, leaders=[*leaders, leader_line(label)])
                        if moved is None:
                            label = None
                            break
                        kept.append(moved)
                    kept = [p for p in kept if p is not label]
            if label is None:
                dropped.append(cand.key)
                continue
            placed = [*kept, label]
            leaders.append(leader_line(label))
            origin[cand.key] = (cand, fonts[cand.kind])
        pending.clear()

    for _, cand in ordered:
        if pending and cand.priority < pending[-1][0].priority:
            set_apart()
        label = None
        # An area's name that fits nowhere at its size is tried in its shorter forms, then a
        # little smaller (SHRINK_STEPS, still read from the back of a room).
        scales = (1.0, *SHRINK_STEPS) if cand.kind in SHRINKABLE_KINDS else (1.0,)
        font = fonts[cand.kind]
        # A shorter form at full size reads better than smaller type.
        for form, sized in _forms(cand, font, scales):
            label = _place_one(form, sized, view, frame, obstacles, placed, max_lines,
                               leaders=leaders)
            if label is not None:
                break
        if label is None and cand.kind in BESIDE_KINDS and len(cand.text) <= MAX_BESIDE_CHARS:
            # A long thin lake (Balkhash) may have no room inside for its name: beside it.
            label = _place_one(cand, font, view, frame, obstacles, placed,
                               max_lines, beside=True, leaders=leaders)
        if (label is None and name_every_region and cand.kind in NAMED_ALWAYS_KINDS
                and cand.area is not None):
            # Every region is named: first by moving other names out of its way, then, as
            # on printed maps of small or crowded regions, beside it with a leader line.
            rearranged = _make_room(cand, font, scales, view, frame, obstacles, placed,
                                    origin, max_lines, leaders)
            if rearranged is not None:
                placed = rearranged
                origin[cand.key] = (cand, font)
            else:
                pending.append((cand, scales))
            continue
        if label is None:
            dropped.append(cand.key)
        else:
            placed.append(label)
            origin[cand.key] = (cand, font)
    set_apart()
    # In priority order, as placed (a name moved to make room keeps its rank).
    rank = {c.key: index for index, (_, c) in enumerate(ordered)}
    placed.sort(key=lambda label: rank[label.key])
    return Placement(tuple(placed), tuple(dropped))


INSIDE_ENOUGH = 0.97  # an area label this much inside its area is taken at once
# Smaller type for an area name that does not fit at its own size (measured: 0.85 still
# reads as 15 px on a 1920×1080 projector, 12 px at 1366×768).
SHRINK_STEPS = (0.92, 0.85)
SHRINKABLE_KINDS = ("oblast", "lake", "sea", "country")
BESIDE_KINDS = ("lake",)  # named beside their anchor when there is no room inside
MAX_BESIDE_CHARS = 10  # a longer name beside a lake reads as the land's
# Every region's name is placed (by moving others, or with a leader line); the rest may drop.
NAMED_ALWAYS_KINDS = ("oblast",)
# Names that may move to another of their positions to make room for a region's name: the
# point labels beside their symbols and the other regions' names (never a symbol itself).
MOVABLE_KINDS = ("hq_city", "city", "oblast")
MAX_MOVED = 2  # names moved for one region's name
ROOM_INSIDE = 0.6  # a region's name put in by moving others lies at least this much inside
# Leader lines: how far from its anchor a region's name may stand (px to the box's nearest
# edge), in how many directions tried; the shortest free line wins.
LEADER_RADII_PX = (6.0, 12.0, 20.0, 30.0, 42.0, 56.0, 72.0, 90.0, 110.0)
LEADER_DIRECTIONS = 16
LEADER_SHRINK = 0.78  # the last, smallest step of a region's name set apart
NEAR_PX = 150.0  # the cities' names that may move for a leader line: this close to it
LEADER_OVER_REGION_PX = 60.0  # a box wholly over another region counts as this much longer
LEADER_STARTS = 6  # points inside the area a line may start from, nearest the anchor first
LEADER_START_INSET_PX = 3.0  # a line starts this far inside its area and from any name
LEADER_GRID_PX = 6.0  # where a line may start: a grid this fine over the area


def _free_positions(cand: LabelCandidate, font: LabelFont, view: View, frame: Box,
                    obstacles: list[Box], placed: Sequence[PlacedLabel], max_lines: int,
                    beside: bool = False, leaders: Sequence = ()):
    """Every position of `cand` at `font` clear of the frame's edge, the obstacles, the
    `placed` labels and the `leaders` lines, in order of preference, each with how much of
    its box lies inside its area (1.0 for a point label)."""
    x, y = view.to_screen(cand.lon, cand.lat)
    area_px = view.project(cand.area) if cand.area is not None else None
    if area_px is not None:
        shapely.prepare(area_px)
    is_point = cand.kind in POINT_KINDS or beside
    line_px = font.size_px * LINE_HEIGHT
    for lines in wrappings(cand.text, max_lines if not is_point else 2):
        w, h = text_size(lines, font)
        positions = (_point_positions(x, y, w, h, cand.marker_px) if is_point
                     else _area_positions(x, y, w, h, line_px))
        for name, align, left, top in positions:
            text_box = Box(left, top, left + w, top + h)
            halo = text_box.grown(MARGIN_PX)
            if not _room_for(halo, frame, obstacles, placed, leaders):
                continue
            if area_px is not None and not is_point and not shapely.contains_xy(
                    area_px, *text_box.centre):
                continue
            label = PlacedLabel(cand.key, cand.text, cand.kind, cand.lon, cand.lat, lines,
                                name, align, font, x, y, text_box, halo)
            if area_px is None or is_point:
                yield label, 1.0
                continue
            rect = shapely_box(text_box.left, text_box.top, text_box.right, text_box.bottom)
            yield label, area_px.intersection(rect).area / rect.area


def _place_one(cand: LabelCandidate, font: LabelFont, view: View, frame: Box,
               obstacles: list[Box], placed: list[PlacedLabel],
               max_lines: int, beside: bool = False, leaders: Sequence = ()
               ) -> PlacedLabel | None:
    """The first free position of a point label (or of any label placed `beside` its anchor);
    for an area label, the free position whose box lies most inside its area (the first one
    at least INSIDE_ENOUGH inside)."""
    best, best_inside = None, -1.0
    is_point = cand.kind in POINT_KINDS or beside
    for label, inside in _free_positions(cand, font, view, frame, obstacles, placed,
                                         max_lines, beside, leaders):
        if is_point or cand.area is None or inside >= INSIDE_ENOUGH:
            return label
        if inside > best_inside + 1e-9:
            best, best_inside = label, inside
    return best


def _room_for(halo: Box, frame: Box, obstacles, placed, leaders) -> bool:
    """Whether a name's halo lies in the frame, clear of the symbols, the names placed and
    their leader lines (the one test for a name in its own place or beside its region)."""
    return (halo.inside(frame) and not any(halo.intersects(o) for o in obstacles)
            and not any(halo.intersects(p.box) for p in placed)
            and not (leaders and _crosses(halo, leaders)))


def _crosses(box: Box, leaders: Sequence) -> bool:
    """True if any leader line (a shapely LineString in screen px) passes through `box`."""
    rect = shapely_box(box.left, box.top, box.right, box.bottom)
    return any(line.intersects(rect) for line in leaders)


def _forms(cand: LabelCandidate, font: LabelFont, scales: Sequence[float]):
    """(candidate, font) for each text form at each scale, in order of preference: the whole
    name, then its shorter forms, at full size, then each smaller step."""
    for scale in scales:
        sized = replace(font, size_px=font.size_px * scale)
        for text in (cand.text, *cand.alternates):
            yield replace(cand, text=text), sized


def _make_room(cand: LabelCandidate, font: LabelFont, scales: Sequence[float], view: View,
               frame: Box, obstacles: list[Box], placed: list[PlacedLabel],
               origin: dict[str, tuple[LabelCandidate, LabelFont]], max_lines: int,
               leaders: Sequence) -> list[PlacedLabel] | None:
    """Room for an area name that found none, as a cartographer makes it: a position mostly
    inside its area that only other names (never a symbol) take, each of which can move to
    another of its own positions. Returns the new list of placed labels, or None."""
    movable = [p for p in placed if p.kind in MOVABLE_KINDS and p.leader is None]
    fixed = [p for p in placed if p not in movable]
    for form, sized in _forms(cand, font, scales):
        for label, inside in _free_positions(form, sized, view, frame, obstacles, fixed,
                                             max_lines, leaders=leaders):
            if inside < ROOM_INSIDE:
                continue
            blockers = [p for p in movable if label.box.intersects(p.box)]
            if not blockers or len(blockers) > MAX_MOVED:
                continue
            kept = [p for p in placed if p not in blockers] + [label]
            for blocker in blockers:
                was, was_font = origin[blocker.key]
                moved = _place_one(was, was_font, view, frame, obstacles, kept, max_lines,
                                   leaders=leaders)
                if moved is None:
                    break
                kept.append(moved)
            else:
                return kept
    return None


def _leader_starts(cand: LabelCandidate, view: View, blocked_tree, spacing: float):
    """Points inside `cand`'s area where a leader line may start, nearest its anchor first:
    the anchor, then a grid over the area, each clear of every name and symbol."""
    x, y = view.to_screen(cand.lon, cand.lat)
    area = view.project(cand.area)
    left, top, right, bottom = area.bounds
    grid = [(gx, gy) for gx in np.arange(left + spacing / 2, right, spacing)
            for gy in np.arange(top + spacing / 2, bottom, spacing)]
    points = sorted(grid, key=lambda p: math.hypot(p[0] - x, p[1] - y))
    inner = area.buffer(-LEADER_START_INSET_PX)
    shapely.prepare(inner)
    out = []
    for px, py in [(x, y), *points]:
        spot = shapely.Point(px, py)
        if not inner.contains(spot):
            continue
        if blocked_tree is not None and len(blocked_tree.query(
                spot.buffer(LEADER_START_INSET_PX), predicate="intersects")):
            continue
        out.append((px, py))
        if len(out) >= LEADER_STARTS:
            break
    return out


def _leader_label(cand: LabelCandidate, font: LabelFont, scales: Sequence[float], view: View,
                  frame: Box, obstacles: list[Box], placed: list[PlacedLabel],
                  leaders: Sequence, regions: Sequence = ()) -> PlacedLabel | None:
    """An area's name set apart, where there is room, with a leader line from a point inside
    it that no name or symbol covers: the shortest line that crosses no name, no symbol and
    no other line wins, a box over another region counting as a longer line (the name is
    best set over the sea or a neighbour); one line of type before a wrapped one, full size
    before smaller."""
    others = [view.project(area) for area in regions if area is not cand.area]
    others_tree = shapely.STRtree(others) if others else None
    blocked = [shapely_box(b.left, b.top, b.right, b.bottom)
               for b in [*obstacles, *(p.box for p in placed)]]
    tree = shapely.STRtree(blocked) if blocked else None
    starts = _leader_starts(cand, view, tree, spacing=LEADER_GRID_PX)
    for form, sized in _forms(cand, font, scales):
        best = None
        for lines in wrappings(form.text, 2):
            w, h = text_size(lines, sized)
            for x, y in starts:
                for radius in LEADER_RADII_PX:
                    if best is not None and radius >= best[0]:
                        break  # every farther box has a longer line
                    for step in range(LEADER_DIRECTIONS):
                        angle = 2 * math.pi * step / LEADER_DIRECTIONS
                        dx, dy = math.cos(angle), -math.sin(angle)
                        # The box's nearest edge about `radius` px from the start.
                        cx = x + dx * (radius + w / 2)
                        cy = y + dy * (radius + h / 2)
                        text_box = Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                        halo = text_box.grown(MARGIN_PX)
                        if not _room_for(halo, frame, obstacles, placed, leaders):
                            continue
                        end = (min(max(x, text_box.left), text_box.right),
                               min(max(y, text_box.top), text_box.bottom))
                        length = math.hypot(end[0] - x, end[1] - y)
                        if others_tree is not None:
                            rect = shapely_box(halo.left, halo.top, halo.right, halo.bottom)
                            over = sum(others[i].intersection(rect).area
                                       for i in others_tree.query(rect))
                            length += LEADER_OVER_REGION_PX * over / rect.area
                        if best is not None and length >= best[0]:
                            continue
                        line = shapely.LineString([(x, y), end])
                        if tree is not None and len(tree.query(line, predicate="intersects")):
                            continue
                        if any(line.intersects(other) for other in leaders):
                            continue
                        lon, lat = view.to_lonlat(x, y)
                        best = (length, PlacedLabel(
                            form.key, form.text, form.kind, lon, lat, lines, "leader",
                            "center", sized, x, y, text_box, halo, leader=end))
            if best is not None:
                break
        if best is not None:
            return best[1]
    return None


def leader_line(label: PlacedLabel):
    """A placed label's leader line in screen px (a shapely LineString), or None."""
    if label.leader is None:
        return None
    return shapely.LineString([(label.anchor_x, label.anchor_y), label.leader])


# --- Sizes --------------------------------------------------------------------------------

def label_fonts(map_width: int, briefing: bool) -> dict[str, LabelFont]:
    """Label fonts for a map `map_width` px wide: projector sizes in briefing (oblast names
    18 px on a map at least 1600 px wide, as at 1920×1080; 15 px on a smaller one, as a
    1280×800 projector, whose pixels are half as large again on the same screen), screen
    sizes when exploring."""
    if briefing:
        base = 18.0 if map_width >= 1600 else 15.0
    else:
        base = 14.0 if map_width >= 1600 else 13.0
    return {
        "oblast": LabelFont(base, bold=True),
        # Cities in regular type beside their symbols, regions in bold: the region "Atyrau"
        # and its centre "Atyrau" are told apart at a glance (issue 22, point 9).
        "hq_city": LabelFont(base),
        "city": LabelFont(base - 1),
        "country": LabelFont(base - 1),
        "sea": LabelFont(base - 1, italic=True),
        "lake": LabelFont(base - 2, italic=True),
        "river": LabelFont(base - 3, italic=True),
        "lease": LabelFont(base - 3),
    }


def leaflet_control_boxes(width: int, height: int) -> list[Box]:
    """Where Leaflet's default controls sit on a map of this size (zoom buttons top-left,
    metric scale bottom-left, attribution bottom-right), a little generously."""
    return [
        Box(0, 0, 50, 90),  # zoom +/- : 10 px inset, two 30 px buttons
        Box(0, height - 36, 140, height),  # scale bar, metric only
        # "Leaflet | geokz (CC BY 4.0) · Natural Earth": 341 px in Chromium at 1280×720.
        Box(width - 350, height - 24, width, height),
    ]


# --- Candidates from the atlas ------------------------------------------------------------

def area_anchor(geometry, view: View, inset_px: float = EDGE_PX):
    """Where to label an area: the point of `geometry` (lon/lat) farthest from its edges
    within the part the view shows (a pole of inaccessibility, found in screen pixels so it
    is the visual centre). Returns ((lon, lat), visible part in lon/lat), or None if no
    part of it is visible."""
    # A screen rectangle is a lon/lat rectangle in Web Mercator: clip in lon/lat.
    west, north = view.to_lonlat(inset_px, inset_px)
    east, south = view.to_lonlat(view.width - inset_px, view.height - inset_px)
    visible = geometry.intersection(shapely_box(west, south, east, north))
    polygons = [g for g in getattr(visible, "geoms", [visible])
                if g.geom_type == "Polygon" and not g.is_empty]
    if not polygons:
        return None
    projected = [view.project(g) for g in polygons]
    largest = max(range(len(polygons)), key=lambda i: projected[i].area)
    point = polylabel(projected[largest], tolerance=1.0)
    return view.to_lonlat(point.x, point.y), polygons[largest]


def _disc(geometry, view: View) -> tuple[float, float, float]:
    """Centre (lon, lat) of a small area and its larger extent on screen, in px."""
    centre = geometry.centroid
    left, top, right, bottom = view.project(geometry).bounds
    return centre.x, centre.y, max(right - left, bottom - top)


def _area_candidate(key: str, text: str, kind: Kind, geometry, view: View,
                    priority: float) -> LabelCandidate | None:
    found = area_anchor(geometry, view)
    if found is None:
        return None
    (lon, lat), part = found
    return LabelCandidate(key, text, kind, lon, lat, priority, area=part)


def _line_candidate(key: str, text: str, geometry, view: View) -> LabelCandidate | None:
    """A river's name on its longest stretch in view, at that stretch's middle."""
    west, north = view.to_lonlat(EDGE_PX * 10, EDGE_PX * 10)
    east, south = view.to_lonlat(view.width - EDGE_PX * 10, view.height - EDGE_PX * 10)
    visible = geometry.intersection(shapely_box(west, south, east, north))
    lines = [g for g in getattr(visible, "geoms", [visible])
             if g.geom_type == "LineString" and not g.is_empty]
    if not lines:
        return None
    longest = max(lines, key=lambda g: view.project(g).length)
    point = longest.interpolate(0.5, normalized=True)
    return LabelCandidate(key, text, "river", point.x, point.y, DEFAULT_PRIORITY["river"])


def atlas_candidates(atlas: Atlas, lang: str, view: View, *,
                     kinds: Iterable[str] = ("oblast", "hq_city", "country", "sea", "lease"),
                     visible_commands: Iterable[str] | None = None) -> list[LabelCandidate]:
    """Label candidates for `atlas` in `lang` at `view`: oblast names at each oblast's pole
    of inaccessibility, HQ city names beside their stars (only for `visible_commands`, if
    given), country and sea names inside the part of each the view shows, Baikonur as what
    it is (its name says "leased area"), and the cities of republican significance
    (atlas.places) as points."""
    kinds = set(kinds)
    out: list[LabelCandidate] = []
    shown = None if visible_commands is None else set(visible_commands)
    hq_cities = set()
    if "hq_city" in kinds:
        for command in atlas.commands:
            if shown is not None and command.id not in shown:
                continue
            name = command.hq.name.get(lang)
            hq_cities.add(name)
            out.append(LabelCandidate(f"hq:{command.id}", name, "hq_city", command.hq.lon,
                                      command.hq.lat, DEFAULT_PRIORITY["hq_city"],
                                      marker_px=STAR_PX))
    for row in atlas.territories.itertuples():
        if row.kind == "oblast" and "oblast" in kinds:
            candidate = _area_candidate(f"oblast:{row.code}", getattr(row, f"name_{lang}"),
                                        "oblast", row.geometry, view, DEFAULT_PRIORITY["oblast"])
            if candidate is not None:
                out.append(candidate)
    lease = getattr(atlas, "lease", None)
    if lease is not None and "lease" in kinds:
        lon, lat, size = _disc(lease.geometry, view)
        # The map writes "Baikonur" beside its dashed outline; the legend and the tooltip say
        # it is the leased complex ("Baikonur (leased area)" ran across three regions).
        out.append(LabelCandidate(f"lease:{lease.code}", lease.centre.get(lang), "lease", lon,
                                  lat, DEFAULT_PRIORITY["lease"], area=lease.geometry,
                                  marker_px=size))
    water = getattr(atlas, "water", None)
    if water is not None:
        for row in water.itertuples():
            if row.kind not in kinds:
                continue
            text = getattr(row, f"short_{lang}")
            if row.kind == "lake":
                candidate = _area_candidate(f"lake:{row.code}", text, "lake", row.geometry,
                                            view, DEFAULT_PRIORITY["lake"])
            else:
                candidate = _line_candidate(f"river:{row.code}", text, row.geometry, view)
            if candidate is not None:
                out.append(candidate)
    if "city" in kinds:
        for place in getattr(atlas, "places", ()):
            name = place.name.get(lang)
            if name in hq_cities:  # its HQ label already names it
                continue
            out.append(LabelCandidate(f"city:{place.code}", name, "city", place.lon, place.lat,
                                      DEFAULT_PRIORITY["city"], marker_px=CITY_DOT_PX))
    for row in atlas.context.itertuples():
        kind = {"country": "country", "sea": "sea"}.get(row.kind)
        if kind is None or kind not in kinds:
            continue
        candidate = _area_candidate(f"{kind}:{row.code}", getattr(row, f"name_{lang}"), kind,
                                    row.geometry, view, DEFAULT_PRIORITY[kind])
        if candidate is not None:
            out.append(candidate)
    # Of the countries, the one showing most of itself gets its name first.
    countries = sorted((c for c in out if c.kind == "country"),
                       key=lambda c: -view.project(c.area).area)
    for rank, cand in enumerate(countries):
        out[out.index(cand)] = LabelCandidate(cand.key, cand.text, cand.kind, cand.lon,
                                              cand.lat, cand.priority - rank * 0.01,
                                              area=cand.area)
    return out


def place_atlas_labels(atlas: Atlas, lang: str, view: View, *, briefing: bool,
                       visible_commands: Iterable[str] | None = None,
                       kinds: Iterable[str] = ("oblast", "hq_city", "city", "country", "sea",
                                               "lease"),
                       reserved: Iterable[Box] | None = None) -> Placement:
    """Every label of the map at `view`, in one call: the atlas's candidates, placed clear of
    the stars of the shown commands, the city dots, Baikonur's disc and `reserved` boxes
    (default: Leaflet's controls; pass a legend's box for an export)."""
    kinds = tuple(kinds)
    candidates = atlas_candidates(atlas, lang, view, kinds=kinds,
                                  visible_commands=visible_commands)
    markers = atlas_markers(atlas, visible_commands, cities="city" in kinds, view=view)
    if reserved is None:
        reserved = leaflet_control_boxes(view.width, view.height)
    return place_labels(candidates, view, label_fonts(view.width, briefing), markers=markers,
                        reserved=reserved)


def atlas_markers(atlas: Atlas, visible_commands: Iterable[str] | None = None, *,
                  cities: bool = False, view: View | None = None) -> list[Marker]:
    """What no label may cover: the HQ stars of the shown commands (30×30 px), with
    `cities` the dots of the cities of republican significance, and, given the `view`,
    Baikonur's disc (at its size on screen)."""
    shown = None if visible_commands is None else set(visible_commands)
    markers = [Marker(f"hq:{c.id}", c.hq.lon, c.hq.lat) for c in atlas.commands
               if shown is None or c.id in shown]
    if cities:
        markers += [Marker(f"city:{p.code}", p.lon, p.lat, CITY_DOT_PX, CITY_DOT_PX)
                    for p in getattr(atlas, "places", ())]
    lease = getattr(atlas, "lease", None)
    if view is not None and lease is not None:
        lon, lat, size = _disc(lease.geometry, view)
        markers.append(Marker(f"lease:{lease.code}", lon, lat, size, size))
    return markers
