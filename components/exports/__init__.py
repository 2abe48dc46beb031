"""Downloads: the briefing-pack PDF, the deck as PowerPoint, the slide PNG, the steps' ZIP, the
standalone HTML map, GeoJSON and CSV (also from the command line: `python -m
components.exports`, __main__.py).

Every format lays out the records of components/content.py. A format's module (and
matplotlib, for the PDF and PNG) is imported only when that file is asked for, so a viewer who
never downloads never pays for it: the names below resolve lazily (PEP 562).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import import_module

from components.exports.cache import FileCache
from components.memo import SameAtlas


@dataclass(frozen=True)
class ExportFormat:
    """A download: its label (a strings key), file name part, extension and MIME type."""

    label: str
    kind: str
    extension: str
    mime: str


FORMATS = (
    ExportFormat("export_pdf", "briefing", "pdf", "application/pdf"),
    ExportFormat("export_pptx", "briefing-deck", "pptx",
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ExportFormat("export_png", "map", "png", "image/png"),
    ExportFormat("export_steps_zip", "briefing-steps", "zip", "application/zip"),
    ExportFormat("export_html", "map", "html", "text/html"),
    ExportFormat("export_geojson", "territories-and-frontiers", "geojson", "application/geo+json"),
    ExportFormat("export_csv", "commands", "csv", "text/csv"),
)

# Where each maker lives; all take (atlas, lang, visible, day) through `make`, and the makers
# of a view (the slide, the steps, the HTML map) also the selection (command, oblast).
_MODULES = {
    "briefing_pdf": "pdf", "overview_page": "pdf", "command_page": "pdf",
    "slide_png": "slide", "slide_figure": "slide", "briefing_zip": "slide",
    "step_name": "slide", "standalone_html": "html",
    "territories_geojson": "tables", "commands_csv": "tables", "csv_cell": "tables",
    "wrap": "static_map", "wrap_to_width": "static_map", "deck_pptx": "pptx",
}
_MAKERS = {"pdf": "briefing_pdf", "pptx": "deck_pptx", "png": "slide_png", "zip": "briefing_zip",
           "html": "standalone_html", "geojson": "territories_geojson", "csv": "commands_csv"}
_SELECTION_AWARE = {"png", "zip", "html"}
DECK_FORMATS = ("pptx", "pdf", "zip")  # the files a deck shapes: a slide or page per step


def export_time() -> datetime:
    """When an export says it was made (PDF and PowerPoint metadata, the ZIP's file times):
    now, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention), so that the same
    export made twice, by the Downloads or the command line, is the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def export_filename(kind: str, lang: str, day: date, extension: str,
                    division: str | None = None) -> str:
    """`kz-regional-commands_briefing-2022_en_2026-11-25.pdf` (the division drawn, if given)."""
    kind = f"{kind}-{division}" if division else kind
    return f"kz-regional-commands_{kind}_{lang}_{day.isoformat()}.{extension}"


def make(extension: str, atlas, lang: str, visible: tuple[str, ...], day: date,
         command: str | None = None, oblast: str | None = None, deck=None) -> bytes:
    """The file of format `extension` for this view: filtered to `visible`; the slide and the
    HTML map also zoomed to the selected `command` or `oblast` (ids; None: no selection).
    The pack (PDF), the steps (ZIP) and the tables are the whole picture whatever is selected.
    A `deck` (components/decks/model.py) makes the PowerPoint, the PDF and the ZIP a slide or
    page per step; the PowerPoint without one is the built-in tour's."""
    maker = __getattr__(_MAKERS[extension])
    if extension == "pptx":
        if deck is None:
            deck = import_module(f"{__name__}.deck_plan").tour(atlas, lang)
        return maker(deck, atlas, lang, day)
    if deck is not None and extension in DECK_FORMATS:
        return maker(atlas, lang, visible, day, deck=deck)
    if extension in _SELECTION_AWARE and (command is not None or oblast is not None):
        return maker(atlas, lang, visible, day, command=command, oblast=oblast)
    return maker(atlas, lang, visible, day)


# The files viewers download, shared by every session of the server (components/exports/cache.py).
MADE_FILES = FileCache()


def make_once(extension: str, atlas, lang: str, visible: tuple[str, ...], day: date,
              command: str | None = None, oblast: str | None = None, deck=None) -> bytes:
    """`make`'s file, made once per server for the same arguments and kept (a deck is a
    frozen record: its version and every word of it are in the key). The time a file says it
    was made is that of its first making, on the same `day`."""
    key = (extension, SameAtlas(atlas), lang, tuple(visible), day, command, oblast, deck,
           os.environ.get("SOURCE_DATE_EPOCH", ""))
    return MADE_FILES.get(key, lambda: make(extension, atlas, lang, visible, day,
                                            command=command, oblast=oblast, deck=deck))


def __getattr__(name: str):
    if name in _MODULES:
        return getattr(import_module(f"{__name__}.{_MODULES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
