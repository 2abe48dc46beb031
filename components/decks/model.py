"""A deck and its steps, as plain frozen records. Pure: no streamlit, no storage.

A step's view says what the map shows and nothing about how it got there: the division, the
selected command and region, the commands the filter shows, the layers, the map's bounds and
the language. None in a field means "as the viewer has it / as the map decides": no bounds is
the selection's own fit (or the whole country), no language is the viewer's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Bounds = tuple[float, float, float, float]  # west, south, east, north (degrees)

MAX_TITLE_CHARS = 200
MAX_NOTES_CHARS = 4000  # talking points: "a few thousand characters at most"
MAX_STEPS = 100
DEFAULT_DECK_ID = "default"


@dataclass(frozen=True)
class StepView:
    """What the map shows at a step (ids as in the data and the URL contract)."""

    division: str | None = None  # None: the data's default division
    command: str | None = None
    oblast: str | None = None  # a territory code of `division`
    visible: tuple[str, ...] | None = None  # commands the filter shows; None: all
    show_labels: bool = True
    show_hq: bool = True
    show_rivers: bool = True
    show_frontiers: bool = False
    bounds: Bounds | None = None
    lang: str | None = None  # None: the viewer's language


@dataclass(frozen=True)
class Step:
    title: str
    notes: str = ""  # plain text, line breaks and "- " lists; escaped wherever shown
    view: StepView = field(default_factory=StepView)


@dataclass(frozen=True)
class Deck:
    id: str  # [a-z0-9-]{1,40}; "default" is the built-in tour
    title: str
    steps: tuple[Step, ...]
    # The store's row version: a save names the version it edited, and a save over a newer
    # one is refused (two tabs never silently lose a change). 0: never stored.
    version: int = 0
    updated: str = ""  # ISO 8601 UTC of the last save, "" if never stored
