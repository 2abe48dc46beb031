"""A deck as a small JSON file, and the strict reader of such files. Pure: no streamlit.

The format (version 1), UTF-8 JSON::

    {"format": "kz-briefing-deck", "version": 1, "title": "…",
     "steps": [{"title": "…", "notes": "…",
                "view": {"division": "2022", "command": "batys", "oblast": null,
                         "visible": ["astana", "batys"], "show_labels": true, "show_hq": true,
                         "show_rivers": true, "show_frontiers": false,
                         "bounds": [46.5, 40.5, 62.0, 51.5], "lang": null}}]}

`notes` and `view` (and each of the view's fields) may be left out: they take the defaults of
`model.Step` / `model.StepView` (null: as the viewer has it, or as the map decides). The reader
refuses, with a `DeckFileError` naming the step (1-based) and the field: a file over 256 KB
(by its length, before parsing), text that is not UTF-8 JSON, nesting deeper than a deck's,
a field given twice, an unknown field, a wrong type, a title over 200 or notes over 4,000
characters, a control character, more than 100 steps, and ids the data does not know (a
division, a command, a region of that step's division, a language), bounds outside
[-180, 180] × [-90, 90] or with west ≥ east or south ≥ north. Text is kept exactly as typed:
whatever shows it escapes it there.
"""

from __future__ import annotations

import json
import math
import re

from components.decks.model import (
    MAX_NOTES_CHARS,
    MAX_STEPS,
    MAX_TITLE_CHARS,
    Deck,
    Step,
    StepView,
)
from components.i18n import LANGUAGES, tr
from geo.atlas import Atlas

FORMAT = "kz-briefing-deck"
VERSION = 1
MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 5  # {deck [steps {step {view [bounds]}}]}: one more is no deck
MAX_ID_CHARS = 64  # longer than any id in the data, short enough to quote in an error
MAX_VISIBLE = 50

DECK_KEYS = ("format", "version", "title", "steps")
STEP_KEYS = ("title", "notes", "view")
VIEW_FLAGS = ("show_labels", "show_hq", "show_rivers", "show_frontiers")
VIEW_IDS = ("division", "command", "oblast", "lang")
VIEW_KEYS = (*VIEW_IDS[:3], "visible", *VIEW_FLAGS, "bounds", "lang")

# C0 and C1 controls, lone surrogates (JSON's "\ud800" decodes to one, and no UTF-8 file
# or database could hold it) and the noncharacters U+FFFE and U+FFFF (XML cannot hold them:
# the PowerPoint of such a deck failed); notes keep tab and line breaks.
TITLE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
NOTES_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A string (skipped: brackets in text are no nesting) or a bracket, in one linear pass: a string
# left open runs to the end instead of failing, so no input makes the scan backtrack (a
# pattern that required the closing quote took 20 s over 40 KB of `\"`).
DEPTH_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)|[\[\]{}]', re.DOTALL)


class DeckFileError(Exception):
    """A refused deck file: an i18n key and its values, with the step (1-based) and the field
    it concerns when it concerns one. `message(lang)` says it in a language; str() in English
    (for logs)."""

    def __init__(self, key: str, /, *, step: int | None = None, field: str | None = None,
                 **values: object) -> None:
        self.key, self.step, self.field, self.values = key, step, field, values
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The refusal in `lang` (plain text: escape it where it is shown)."""
        values = dict(self.values)
        if "expected" in values:  # a type's name is itself a string of the table
            values["expected"] = tr(lang, str(values["expected"]))
        problem = tr(lang, self.key, **values)
        if self.step is not None:
            return tr(lang, "deck_error_at_step", step=self.step, field=self.field,
                      problem=problem)
        if self.field is not None:
            return tr(lang, "deck_error_at_field", field=self.field, problem=problem)
        return problem


# -- writing -----------------------------------------------------------------------------

def view_to_dict(view: StepView) -> dict:
    """A step's view as the file writes it (every field, null where unset)."""
    return {"division": view.division, "command": view.command, "oblast": view.oblast,
            "visible": list(view.visible) if view.visible is not None else None,
            "show_labels": view.show_labels, "show_hq": view.show_hq,
            "show_rivers": view.show_rivers, "show_frontiers": view.show_frontiers,
            "bounds": list(view.bounds) if view.bounds is not None else None,
            "lang": view.lang}


def deck_to_json(deck: Deck) -> bytes:
    """The deck as the file format above (UTF-8, readable: one field a line). The store's
    own ids and versions are not in it: a file opened elsewhere becomes a new deck."""
    document = {"format": FORMAT, "version": VERSION, "title": deck.title,
                "steps": [{"title": step.title, "notes": step.notes,
                           "view": view_to_dict(step.view)} for step in deck.steps]}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# -- reading -----------------------------------------------------------------------------

def read_deck_file(data: bytes, atlas: Atlas) -> Deck:
    """The deck in an uploaded file, checked against the data (`atlas`: any division's); its
    id is "" and its version 0 until the store creates it. Raises DeckFileError."""
    deck = parse_deck(data)
    check_ids(deck, atlas)
    return deck


def parse_deck(data: bytes) -> Deck:
    """The deck in `data`, its structure checked (types, fields, limits, characters) but not
    its ids: the store reads its own rows with this (the data may have changed since), the
    upload with `read_deck_file`. Raises DeckFileError."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("a deck file is bytes")
    # By length first: a 200 MB payload is refused without being decoded or parsed.
    if len(data) > MAX_FILE_BYTES:
        raise DeckFileError("deck_error_too_large", limit=MAX_FILE_BYTES // 1024)
    try:
        text = bytes(data).decode("utf-8-sig")  # a byte-order mark (Notepad) is no fault
    except UnicodeDecodeError:
        raise DeckFileError("deck_error_encoding") from None
    check_depth(text)
    try:
        document = json.loads(text, object_pairs_hook=unique_keys,
                              parse_constant=no_constant)
    except json.JSONDecodeError as error:
        raise DeckFileError("deck_error_not_json", line=error.lineno,
                            column=error.colno) from None
    except (ValueError, RecursionError):  # e.g. an integer of 5,000 digits
        raise DeckFileError("deck_error_not_json", line="?", column="?") from None
    return deck_of(document)


def check_depth(text: str) -> None:
    """Refuse nesting deeper than a deck's before the parser recurses into it."""
    depth = 0
    for token in DEPTH_TOKEN.finditer(text):
        first = token.group()[0]
        if first == '"':
            continue
        depth += 1 if first in "[{" else -1
        if depth > MAX_DEPTH:
            raise DeckFileError("deck_error_nesting", limit=MAX_DEPTH)


def unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object whose keys are each given once."""
    document: dict = {}
    for key, value in pairs:
        if key in document:
            raise DeckFileError("deck_error_duplicate_key", name=key[:MAX_ID_CHARS])
        document[key] = value
    return document


def no_constant(name: str) -> None:
    """NaN and Infinity are no JSON."""
    raise ValueError(name)


def deck_of(document: object) -> Deck:
    """The deck record of a parsed document."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DeckFileError("deck_error_format", name=FORMAT)
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        raise DeckFileError("deck_error_version", version=short_repr(version),
                            supported=VERSION)
    known_keys(document, DECK_KEYS, None, "")
    title = text(document, "title", MAX_TITLE_CHARS, None, "", blank=False)
    steps = document.get("steps")
    if not isinstance(steps, list):
        raise problem("deck_error_type" if "steps" in document else "deck_error_missing",
                      None, "steps", expected="deck_type_list")
    if not steps:
        raise DeckFileError("deck_error_no_steps", field="steps")
    if len(steps) > MAX_STEPS:
        raise DeckFileError("deck_error_too_many_steps", field="steps", limit=MAX_STEPS,
                            count=len(steps))
    return Deck(id="", title=title,
                steps=tuple(step_of(item, number) for number, item in enumerate(steps, 1)))


def step_of(item: object, number: int) -> Step:
    """Step `number` (1-based) of the file."""
    if not isinstance(item, dict):
        raise DeckFileError("deck_error_type", step=number, field="steps",
                            expected="deck_type_object")
    known_keys(item, STEP_KEYS, number, "")
    title = text(item, "title", MAX_TITLE_CHARS, number, "", blank=True)
    notes = text(item, "notes", MAX_NOTES_CHARS, number, "", multiline=True, default="")
    view = item.get("view", {})
    if not isinstance(view, dict):
        raise problem("deck_error_type", number, "view", expected="deck_type_object")
    return Step(title=title, notes=notes, view=view_of(view, number))


def view_of(view: dict, number: int) -> StepView:
    """A step's view: ids as text (checked against the data by `check_ids`), the layers'
    switches, the bounds."""
    known_keys(view, VIEW_KEYS, number, "view.")
    ids = {key: identifier(view.get(key), number, f"view.{key}") for key in VIEW_IDS}
    flags = {}
    for key in VIEW_FLAGS:
        value = view.get(key, getattr(StepView, key))
        if not isinstance(value, bool):
            raise problem("deck_error_type", number, f"view.{key}", expected="deck_type_bool")
        flags[key] = value
    return StepView(**ids, **flags, visible=visible_of(view.get("visible"), number),
                    bounds=bounds_of(view.get("bounds"), number))


def visible_of(value: object, number: int) -> tuple[str, ...] | None:
    """The commands the filter shows: null (all) or a list of ids, each once."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_VISIBLE:
        raise problem("deck_error_type", number, "view.visible", expected="deck_type_commands")
    ids = tuple(identifier(item, number, "view.visible", nullable=False) for item in value)
    for index, item in enumerate(ids):
        if item in ids[:index]:
            raise problem("deck_error_listed_twice", number, "view.visible", value=item)
    return ids


def bounds_of(value: object, number: int) -> tuple[float, float, float, float] | None:
    """[west, south, east, north] in degrees, or null."""
    if value is None:
        return None
    if (not isinstance(value, list) or len(value) != 4
            or not all(type(v) in (int, float) and math.isfinite(v) for v in value)):
        raise problem("deck_error_type", number, "view.bounds", expected="deck_type_bounds")
    west, south, east, north = (float(v) for v in value)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise problem("deck_error_bounds", number, "view.bounds")
    return west, south, east, north


def identifier(value: object, number: int, field: str, nullable: bool = True) -> str | None:
    """An id as text (short, no control character), or null where `nullable`."""
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise problem("deck_error_type", number, field,
                      expected="deck_type_text_or_null" if nullable else "deck_type_text")
    if len(value) > MAX_ID_CHARS:
        raise problem("deck_error_too_long", number, field, limit=MAX_ID_CHARS,
                      length=len(value))
    if (bad := TITLE_CONTROL.search(value)) is not None:
        raise problem("deck_error_control", number, field, code=f"U+{ord(bad.group()):04X}")
    return value


def text(item: dict, key: str, limit: int, number: int | None, prefix: str, *,
         blank: bool = True, multiline: bool = False, default: str | None = None) -> str:
    """A title or the notes: text within `limit` characters, no control character but the
    line breaks and tabs of notes; kept exactly as typed."""
    field = prefix + key
    if key not in item:
        if default is not None:
            return default
        raise problem("deck_error_missing", number, field)
    value = item[key]
    if not isinstance(value, str):
        raise problem("deck_error_type", number, field, expected="deck_type_text")
    if len(value) > limit:
        raise problem("deck_error_too_long", number, field, limit=limit, length=len(value))
    if not blank and not value.strip():
        raise problem("deck_error_blank", number, field)
    bad = (NOTES_CONTROL if multiline else TITLE_CONTROL).search(value)
    if bad is not None:
        raise problem("deck_error_control", number, field, code=f"U+{ord(bad.group()):04X}")
    return value


def known_keys(item: dict, allowed: tuple[str, ...], number: int | None, prefix: str) -> None:
    """Refuse the first field `allowed` does not name."""
    for key in item:
        if key not in allowed:
            raise problem("deck_error_unknown_key", number, (prefix + key)[:MAX_ID_CHARS])


def problem(key: str, number: int | None, field: str, **values: object) -> DeckFileError:
    """A refusal at step `number` (None: the deck itself) and `field`."""
    return DeckFileError(key, step=number, field=field, **values)


def short_repr(value: object) -> str:
    """A value as an error quotes it: short, whatever it is."""
    return json.dumps(value, ensure_ascii=False)[:MAX_ID_CHARS]


# -- the data's ids ----------------------------------------------------------------------

def check_ids(deck: Deck, atlas: Atlas) -> None:
    """Every id in every step's view names something the data has: a division, commands,
    a region of that step's division (and of the step's command, if it names one), a
    language. Raises DeckFileError naming the first that does not."""
    divisions = tuple(d.id for d in atlas.divisions) or (atlas.division.id,)
    commands = tuple(c.id for c in atlas.commands)
    for number, step in enumerate(deck.steps, 1):
        view = step.view
        if view.division is not None and view.division not in divisions:
            raise problem("deck_error_unknown_division", number, "view.division",
                          value=view.division, known=", ".join(divisions))
        drawn = atlas.in_division(view.division) if view.division else atlas.root()
        for field, values in (("view.command", (view.command,)),
                              ("view.visible", view.visible or ())):
            for value in values:
                if value is not None and value not in commands:
                    raise problem("deck_error_unknown_command", number, field, value=value,
                                  known=", ".join(commands))
        if view.oblast is not None:
            territories = drawn.territories
            if view.oblast not in territories.index:
                raise problem("deck_error_unknown_region", number, "view.oblast",
                              value=view.oblast, division=drawn.division.id)
            actual = territories.loc[view.oblast, "command"]
            if view.command is not None and actual != view.command:
                raise problem("deck_error_wrong_command", number, "view.command",
                              value=view.command, oblast=view.oblast, actual=actual)
        if view.lang is not None and view.lang not in LANGUAGES:
            raise problem("deck_error_unknown_language", number, "view.lang", value=view.lang,
                          known=", ".join(LANGUAGES))
