"""The live map's labels: placed in Python by geo/labels.py, drawn by map_labels.js.

The map's frame takes the window's size, which Python does not know. So the labels are placed
for the map as it is at common screens per mode (LAYOUTS: the frame's size at 1920×1080,
1366×768, 1280×800, 1280×720 and 1024×768) and the browser draws the layout made for the zoom
it shows (the largest layout zoom not above the map's, so labels only spread apart; of those,
the one made for the frame nearest its own), then hides, lowest priority first, any label that
still collides with a label, a star, a city dot or a control at the real size, zoom and font
(map_labels.js). A region's name set apart from its region carries its leader line.

Labels depend on the language, the focus (what the map was fitted to), the filter and the
layers, never on a click's selection: they ride in an overlay, which a click does not re-send.
Every text is HTML-escaped here (the script sets it as a line's innerHTML) and travels as JSON
that cannot close its <script> (scripts.script_json).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from html import escape

from components.memo import per_atlas
from components.style import LABEL_BASE_PX
from geo import labels as L
from geo.atlas import Atlas

Bounds = tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class Layout:
    """A map size the labels are placed for: the frame at a common screen, in one mode."""

    screen: str  # "large" (1920×1080), "small" (1366×768 to 1280×720) or "compact" (1024×768)
    width: int
    height: int


# The map frame's size (measured in Chromium, app.py and panels.py's CSS) at the screens the
# map supports: 1920×1080, 1366×768, 1280×800, 1280×720 and 1024×768. Briefing fills the
# window under the step controls beside its panel; explore sits beside the sidebar. Each
# frame has its own layout: a frame of another size shows another part of the map around
# the same centre (and a step's fitted zoom differs from one to the next), so the names
# placed for one are not those that fit the next (map_labels.js draws the layout of the
# largest zoom not above the map's, of those the one nearest the frame's size).
# The "compact" layout (1024×768, a tablet or an old projector) keeps the HQ names beside
# their stars there too; explore's compact one is a phone's (337 px: fewer region names,
# which the map gives on a tap, README).
LAYOUTS = {
    "briefing": (Layout("large", 1040, 900), Layout("small", 708, 588),
                 Layout("small", 656, 620), Layout("small", 656, 540),
                 Layout("compact", 502, 528)),
    "explore": (Layout("large", 897, 760), Layout("small", 550, 538),
                Layout("small", 497, 570), Layout("small", 497, 490),
                Layout("compact", 337, 538)),
    # The HTML export's map (components/exports/html.py): the window less its header and the
    # legend's column. Each is the shortest frame of its zoom, so its labels fit the taller
    # ones too: 1920×960 (a browser window; 1920×1080 full screen), 1280×720 (and 1280×800),
    # 1024×768, and a phone (390×844: the legend under the map).
    "export": (Layout("large", 1600, 890), Layout("small", 960, 652),
               Layout("compact", 704, 700), Layout("compact", 390, 320)),
}
# Every region is named on a map frame at least this wide (the smallest the supported screens
# give: explore at 1280×720/800); a phone's frame names fewer, and the region tapped in its
# tooltip (README).
MIN_NAMED_WIDTH = 497
LEAFLET_PADDING_PX = 8.0  # kzViewUpdate fits bounds with this padding
# Under Leaflet's zoom buttons, the map's own buttons
# (map_controls.js): ⌂ the whole country, the fit button and full screen (85 to 207 px).
RESET_BUTTON_BOX = L.Box(0, 80, 50, 212)
MAX_LABEL_CHARS = L.MAX_LABEL_CHARS

# The generic word of an oblast's name, which the map leaves out (every area labelled is an
# oblast, as the legend says); Russian keeps the usual abbreviation.
_GENERIC = {"en": (re.compile(r"\s+Oblast$"), ""), "kk": (re.compile(r"\s+облысы$"), ""),
            "ru": (re.compile(r"\s+область$"), " обл.")}


def map_name(name: str, lang: str) -> str:
    """An oblast's name as the map writes it: "Atyrau", "Атырау", "Атырауская обл."."""
    pattern, replacement = _GENERIC[lang]
    short = pattern.sub(replacement, name).strip()
    return short or name


# The usual abbreviations of the three oblasts named for a side of the country (ВКО, ЗКО, СКО
# in Russian; ШҚО, БҚО, СҚО in Kazakh), and the English ones on maps.
_SIDE_WORDS = {"ru": (re.compile(r"^(Восточно|Западно|Северо|Южно)-Казахстанская"),
                      {"Восточно": "ВКО", "Западно": "ЗКО", "Северо": "СКО", "Южно": "ЮКО"}),
               "kk": (re.compile(r"^(Шығыс|Батыс|Солтүстік|Оңтүстік) Қазақстан"),
                      {"Шығыс": "ШҚО", "Батыс": "БҚО", "Солтүстік": "СҚО", "Оңтүстік": "ОҚО"}),
               "en": (re.compile(r"^(East|West|North|South) Kazakhstan"),
                      {"East": "E. Kazakhstan", "West": "W. Kazakhstan",
                       "North": "N. Kazakhstan", "South": "S. Kazakhstan"})}


def short_names(name: str, lang: str) -> tuple[str, ...]:
    """Shorter forms of an oblast's map name, to try where the name fits nowhere: without the
    generic word ("Атырауская", "Абай" for «область Абай»), and the usual abbreviation of
    East, West and North Kazakhstan ("ВКО")."""
    forms = []
    bare = re.sub(r"\s+обл\.$|^область\s+", "", name).strip()
    if bare and bare != name:
        forms.append(bare)
    pattern, abbreviation = _SIDE_WORDS[lang]
    found = pattern.match(name)
    if found:
        forms.append(abbreviation[found.group(1)])
    return tuple(dict.fromkeys(f for f in forms if f != name))


def fonts(mode: str, screen: str) -> dict[str, L.LabelFont]:
    """Label fonts for a layout: geo/labels.py's kinds and proportions, at LABEL_BASE_PX."""
    reference = L.label_fonts(1920, briefing=True)  # oblast names at 18 px
    shift = LABEL_BASE_PX[(mode, screen)] - reference["oblast"].size_px
    out = {kind: replace(font, size_px=font.size_px + shift) for kind, font in reference.items()}
    # Baikonur's name says what it is and must be read: as large as a city's, not smaller.
    out["lease"] = replace(out["lease"], size_px=out["city"].size_px)
    return out


def placement(atlas: Atlas, lang: str, view: L.View, mode: str, screen: str, *,
              visible: tuple[str, ...], oblasts: bool, hq: bool,
              rivers: bool = True) -> L.Placement:
    """Every label of the live map at `view`: oblast names (with `oblasts`), HQ city names
    beside the stars of the `visible` commands (with `hq`), the cities of republican
    significance, Baikonur, the neighbours, the Caspian, the lakes and the rivers."""
    kinds = ["city", "country", "sea", "lease", "lake"] + (["river"] if rivers else [])
    if oblasts:
        kinds.append("oblast")
    if hq:
        kinds.append("hq_city")
    shown = visible if hq else ()
    candidates = [replace(c, text=map_name(c.text, lang),
                          alternates=short_names(map_name(c.text, lang), lang))
                  if c.kind == "oblast" else c
                  for c in L.atlas_candidates(atlas, lang, view, kinds=kinds,
                                              visible_commands=shown)]
    candidates = [c for c in candidates if len(c.text) <= MAX_LABEL_CHARS]
    markers = L.atlas_markers(atlas, shown, cities=True, view=view)
    reserved = [*L.leaflet_control_boxes(view.width, view.height), RESET_BUTTON_BOX]
    return L.place_labels(candidates, view, fonts(mode, screen), markers=markers,
                          reserved=reserved, name_every_region=view.width >= MIN_NAMED_WIDTH)


def _record(label: L.PlacedLabel) -> dict:
    """A placed label for map_labels.js: the text block's alignment edge and top, relative to
    the label's anchor point, in px at the layout's zoom."""
    edge_x, _ = label.text_point
    return {"key": label.key, "kind": label.kind, "size": round(label.font.size_px, 3),
            "at": [round(label.lat, 5), round(label.lon, 5)],
            "lines": [escape(line) for line in label.lines],
            "x": round(edge_x - label.anchor_x, 1),
            "y": round(label.text_box.top - label.anchor_y, 1),
            "align": label.align,
            # A name set apart from its region: the line from the anchor to its box's edge.
            **({"leader": [round(label.leader[0] - label.anchor_x, 1),
                           round(label.leader[1] - label.anchor_y, 1)]}
               if label.leader is not None else {})}


@per_atlas(maxsize=128)
def _layers(atlas: Atlas, lang: str, bounds: Bounds, mode: str, visible: tuple[str, ...],
            oblasts: bool, hq: bool, rivers: bool) -> tuple[dict, ...]:
    layouts = []
    for layout in LAYOUTS[mode]:
        view = L.fit_bounds(bounds, layout.width, layout.height,
                            padding=(LEAFLET_PADDING_PX, LEAFLET_PADDING_PX))
        placed = placement(atlas, lang, view, mode, layout.screen, visible=visible,
                           oblasts=oblasts, hq=hq, rivers=rivers)
        layouts.append({
            "zoom": view.zoom, "size": [layout.width, layout.height],
            "fonts": {kind: [f.size_px, f.bold, f.italic]
                      for kind, f in fonts(mode, layout.screen).items()},
            "labels": [_record(label) for label in placed.labels]})
    return tuple(sorted(layouts, key=lambda item: item["zoom"]))


def label_layouts(atlas: Atlas, lang: str, bounds: Bounds, *, briefing: bool,
                  visible: tuple[str, ...], oblasts: bool, hq: bool,
                  rivers: bool = True, frames: str | None = None) -> list[dict]:
    """The label layouts for map_labels.js, smallest zoom first, for the frames of `frames`
    (a LAYOUTS key; default: the app's, by `briefing`). Cached (a rerun with the same choices,
    a click's, costs nothing): read them, do not change them."""
    mode = frames or ("briefing" if briefing else "explore")
    key = tuple(round(float(v), 6) for v in bounds)
    return list(_layers(atlas, lang, key, mode, tuple(visible), bool(oblasts),
                        bool(hq), bool(rivers)))



# How an alignment travels in a packed layout (pack_layouts): one letter, not the word.
ALIGN_CODES = {"left": "l", "center": "c", "right": "r"}


def pack_layouts(layouts: list[dict]) -> dict:
    """`label_layouts` as map_labels.js receives them: each label's key, kind, anchor and
    lines once in `texts` (the layouts for five frame sizes repeat most of them), and each
    layout's labels as short rows [text index, size, x, y, align letter, leader dx, leader
    dy]. A briefing step's overlays are sent to every projector in the room, and the layouts
    as records were more than half of them (38 of 60 KB at the overview): each kilobyte is
    the server's CPU (JSON, hashing, deflate) once per projector per step."""
    texts: list[list] = []
    index: dict[tuple, int] = {}
    packed = []
    for layout in layouts:
        rows = []
        for label in layout["labels"]:
            text = (label["key"], label["kind"], tuple(label["at"]), tuple(label["lines"]))
            if text not in index:
                index[text] = len(texts)
                texts.append([label["key"], label["kind"], list(label["at"]),
                              list(label["lines"])])
            rows.append([index[text], label["size"], label["x"], label["y"],
                         ALIGN_CODES[label["align"]], *label.get("leader", ())])
        packed.append({"zoom": layout["zoom"], "size": layout["size"],
                       "fonts": layout["fonts"], "labels": rows})
    return {"texts": texts, "layouts": packed}


def unpack_layouts(packed: dict) -> list[dict]:
    """`pack_layouts` undone, as map_labels.js does (kzUnpackLayouts): for tests and tools."""
    align = {code: word for word, code in ALIGN_CODES.items()}
    layouts = []
    for layout in packed["layouts"]:
        labels = []
        for number, size, x, y, code, *leader in layout["labels"]:
            key, kind, at, lines = packed["texts"][number]
            labels.append({"key": key, "kind": kind, "size": size, "at": at, "lines": lines,
                           "x": x, "y": y, "align": align[code],
                           **({"leader": leader} if leader else {})})
        layouts.append({**layout, "labels": labels})
    return layouts

# Views being placed ahead on a background thread, so each is placed once at a time.
_WARMING: set[tuple] = set()
_WARMING_LOCK = threading.Lock()
MAX_WARMING_KEYS = 256


def warm_label_layouts(atlas: Atlas, lang: str, bounds: list[Bounds], *, briefing: bool,
                       visible: tuple[str, ...], oblasts: bool, hq: bool,
                       rivers: bool = True) -> None:
    """Place the names of views the viewer is about to see (a briefing's other steps) on a
    background thread, into label_layouts' cache. A step whose names were placed on its own
    run made that run long enough that a presenter's next press stopped it before it wrote
    its address (four fast Nexts left two history entries)."""
    key = (id(atlas), lang, tuple(tuple(b) for b in bounds), briefing, tuple(visible),
           bool(oblasts), bool(hq), bool(rivers))
    with _WARMING_LOCK:
        if key in _WARMING:
            return
        if len(_WARMING) >= MAX_WARMING_KEYS:
            _WARMING.clear()
        _WARMING.add(key)

    def place() -> None:
        for each in bounds:
            label_layouts(atlas, lang, each, briefing=briefing, visible=visible,
                          oblasts=oblasts, hq=hq, rivers=rivers)

    threading.Thread(target=place, name="kz-label-warm", daemon=True).start()
