"""Today's names and the place search: pure functions over the atlas, no streamlit.

The map keeps the division the source text describes; a viewer may type a name formed later
(Abai, Zhetisu, Ulytau, Shymkent) or any territory, centre, HQ or command in Kazakh, Russian or
Latin letters. Names are compared after `fold`: transliterated to Latin by `anyascii` (which
knows the Kazakh letters), lower-cased, with the spelling pairs that differ between the
transliterations of the same name (q/k, gh/g, kh/h, y/i, j/zh) made equal and the generic words
(oblast, область, облысы, city, қаласы, …) dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from anyascii import anyascii
from shapely.geometry import Point

from geo.schema import LANGUAGES, Localized, Successor

MAX_QUERY_CHARS = 100  # longer input is cut: no place name comes close
MIN_SUBSTRING_CHARS = 3  # shorter text matches only at the start of a word
MatchKind = Literal["territory", "successor", "hq", "centre", "former", "command"]
KIND_ORDER: tuple[MatchKind, ...] = ("territory", "successor", "hq", "centre", "former",
                                     "command")

# Pairs that one name takes in different romanisations (Qaraghandy/Karaganda, Zhetysu/Zhetisu,
# Abay/Abai, Jetisu/Zhetisu): folded to one form on both sides of the comparison.
_SPELLING_PAIRS = (("kh", "h"), ("gh", "g"), ("q", "k"), ("y", "i"), ("j", "zh"))
# Words that say what kind of unit a name is, not which one; "Atyrau region" finds Atyrau.
_GENERIC_WORDS = ("oblast", "oblasti", "oblys", "oblysy", "region", "city", "qalasy", "gorod",
                  "goroda", "regional", "command", "the", "of")


def _fold_word(word: str) -> str:
    for spelling, common in _SPELLING_PAIRS:
        word = word.replace(spelling, common)
    return word


_GENERIC = frozenset(_fold_word(w) for w in _GENERIC_WORDS)


def fold(text: str, keep_generic: bool = False) -> str:
    """`text` as a comparison key: Latin, lower case, one space between words, generic words
    dropped (unless `keep_generic`). `fold("Атырау облысы") == fold("Atyrau Region") ==
    "atirau"`."""
    # anyascii writes the soft and hard signs as ' and ": dropped, not word breaks, so
    # "Уральск" (Ural'sk) is "Uralsk" and "Гурьев" (Gur'ev) is "Gurev".
    latin = re.sub(r"['\"]", "", anyascii(str(text)[:MAX_QUERY_CHARS]).lower())
    words = (_fold_word(w) for w in re.split(r"[^a-z0-9]+", latin) if w)
    return " ".join(w for w in words if keep_generic or w not in _GENERIC)


@dataclass(frozen=True)
class SuccessorUnit:
    """A unit formed after the source's division, with the territory of this map that holds it
    and the command derived from that territory (None if the territory has none)."""

    code: str
    kind: Literal["oblast", "city"]
    name: Localized
    centre: Localized
    aliases: tuple[str, ...]
    territory: str
    command: str | None
    formed: date
    decree: Localized
    formed_source: str
    command_source: str
    evidence: tuple[str, ...] = ()  # public sources that support the derived command

    def spellings(self) -> tuple[str, ...]:
        """Every name it may be searched by: names, centre, aliases and, last, its code (a hit
        reports the first spelling that matched best, and a name reads better than a code)."""
        return (*(self.name.get(lang) for lang in LANGUAGES),
                *(self.centre.get(lang) for lang in LANGUAGES), *self.aliases, self.code)


def successor_units(successors: Iterable[Successor],
                    territory_command: Mapping[str, str | None]) -> tuple[SuccessorUnit, ...]:
    """Typed records for the Atlas; `territory_command` maps territory code -> command id."""
    return tuple(SuccessorUnit(
        code=s.code, kind=s.kind, name=s.name, centre=s.centre, aliases=tuple(s.aliases),
        territory=s.territory, command=territory_command[s.territory], formed=s.formed,
        decree=s.decree, formed_source=s.formed_source, command_source=s.command_source,
        evidence=tuple(s.evidence),
    ) for s in successors)


def _units(source: Any) -> tuple[SuccessorUnit, ...]:
    """The successor records of an Atlas, or the records themselves."""
    return tuple(getattr(source, "successors", source))


def find_successor(source: Any, code_or_name: str) -> SuccessorUnit | None:
    """The later unit named by its code or any of its names, in any case or script
    (`abai`, `Абай облысы`, `область Абай`, `Zhetysu`, `Шымкент`); None if none is."""
    key = fold(code_or_name)
    if not key:
        return None
    for unit in _units(source):
        if code_or_name.strip().lower() == unit.code or key in {fold(s) for s in unit.spellings()}:
            return unit
    return None


@dataclass(frozen=True)
class FormerCity:
    """A city's former name (data/places.yaml) with its name now, the centre of `territory` in
    today's division."""

    code: str
    former: Localized
    aliases: tuple[str, ...]
    now: Localized
    territory: str
    until: str | None
    source: str


@dataclass(frozen=True)
class Place:
    """One searchable thing and what choosing it selects on the map."""

    kind: MatchKind
    # territory code (territory, centre), successor or former name's code, or command id (hq,
    # command)
    code: str
    name: Localized  # what to show for it
    territory: str | None  # the territory it selects, if any
    command: str | None  # the command it selects, if any
    spellings: tuple[str, ...]  # the names it is found by, as written in the data


@dataclass(frozen=True)
class PlaceMatch:
    """A search hit: the place and the spelling that matched."""

    place: Place
    matched: str

    @property
    def kind(self) -> MatchKind:
        return self.place.kind

    @property
    def territory(self) -> str | None:
        return self.place.territory

    @property
    def command(self) -> str | None:
        return self.place.command


def _localized(row: Any, column: str) -> Localized:
    return Localized(**{lang: str(row[f"{column}_{lang}"]) for lang in LANGUAGES})


def _plain_name(text: str) -> str:
    """A command name without its guillemets: «Шығыс» -> Шығыс."""
    return text.strip("«»“”\"' ")


def place_index(atlas: Any) -> tuple[Place, ...]:
    """Everything the search box can find: territories (cities of places.yaml by their names
    too), their administrative centres, HQ cities, later units and commands. Build it once
    per atlas; it is small (about 40 places)."""
    places: list[Place] = []
    frame = atlas.territories
    # A city of places.yaml (Astana, Almaty, Shymkent) is found by its bare name too, so
    # "Алматы" is the city before the oblast. A region formed after the source's division is
    # found by its aliases too (Abay, Zhetysu) where it is drawn, and as a later unit where not.
    extra_names: dict[str, list[str]] = {}
    for city in getattr(atlas, "places", ()):
        extra_names.setdefault(city.territory, []).extend(
            city.name.get(lang) for lang in LANGUAGES)
    for unit in getattr(atlas, "later_regions", ()):
        if unit.code in frame.index:
            extra_names.setdefault(unit.code, []).extend(unit.aliases)
    for code, row in frame.iterrows():
        names = tuple(dict.fromkeys([*(str(row[f"name_{lang}"]) for lang in LANGUAGES),
                                     *extra_names.get(code, [])]))
        command = row["command"]
        places.append(Place("territory", code, _localized(row, "name"), code, command, names))
        centres = tuple(str(row[f"centre_{lang}"]) for lang in LANGUAGES)
        # A city's centre is the city itself (Astana, Almaty, Baikonur): one hit, not two.
        if {fold(c) for c in centres} - {fold(n) for n in names}:
            places.append(Place("centre", code, _localized(row, "centre"), code, command, centres))
    # A city's former name (Семипалатинск) selects the territory it is the centre of now: in a
    # division that does not draw that territory, the oblast that held it.
    for entry in getattr(atlas, "former_names", ()):
        code = entry.territory
        if code not in frame.index:
            origin = atlas.origin(code)
            code = origin.territory if origin is not None else None
        if code is None or code not in frame.index:
            continue
        places.append(Place("former", entry.code, entry.now, code, frame.loc[code, "command"],
                            tuple(dict.fromkeys([*(entry.former.get(lang) for lang in LANGUAGES),
                                                 *entry.aliases]))))
    for unit in atlas.successors:
        places.append(Place("successor", unit.code, unit.name, unit.territory, unit.command,
                            unit.spellings()))
    for command in atlas.commands:
        point = Point(command.hq.lon, command.hq.lat)
        holding = frame.index[frame.contains(point)]
        places.append(Place("hq", command.id, command.hq.name,
                            str(holding[0]) if len(holding) else None, command.id,
                            tuple(command.hq.name.get(lang) for lang in LANGUAGES)))
        places.append(Place("command", command.id, command.name, None, command.id,
                            (*(_plain_name(command.name.get(lang)) for lang in LANGUAGES),
                             command.id)))
    return tuple(places)


def _rank(key: str, query: str) -> int | None:
    """0: the name is the text ("Batys" is the command before "Batys Kazakhstan"); 1: the
    name starts with the text; 2: a word of it does; 3: it holds the text; None."""
    if key == query:
        return 0
    if key.startswith(query):
        return 1
    if any(word.startswith(query) for word in key.split()):
        return 2
    if len(query) >= MIN_SUBSTRING_CHARS and query in key:
        return 3
    return None


def _match(spelling: str, query: str, whole: str) -> tuple[int, int] | None:
    """How well `spelling` matches: its rank, then 0 if it is the text word for word with the
    generic words too ("Алматы қаласы" is the city, not the oblast), else 1; None if it does
    not. `query` and `whole` are the text folded without and with the generic words, so a
    half-typed generic word ("Алматы қ") still finds the name that starts so; "обл" or "ast"
    (in "oblast") find nothing through a generic word."""
    folded, literal = fold(spelling), fold(spelling, keep_generic=True)
    ranks = [rank for rank in (_rank(folded, query), _rank(literal, whole) if
                               literal.startswith(whole) else None) if rank is not None]
    return (min(ranks), 0 if literal == whole else 1) if ranks else None


def search_places(source: Any, text: str, limit: int = 10) -> list[PlaceMatch]:
    """Places whose Kazakh, Russian or Latin name is, starts with or contains `text`, best
    first: by how well they match, then territories, later units, HQs, centres and commands,
    then the name written exactly so. `source` is an Atlas or the result of `place_index`."""
    query = fold(text)
    if not query:
        return []
    whole = fold(text, keep_generic=True)
    places = place_index(source) if hasattr(source, "territories") else tuple(source)
    hits: list[tuple[int, int, int, int, PlaceMatch]] = []
    for position, place in enumerate(places):
        ranked = [(found, spelling) for spelling in place.spellings
                  if (found := _match(spelling, query, whole)) is not None]
        if ranked:
            (rank, literal), spelling = min(ranked, key=lambda pair: pair[0])
            hits.append((rank, KIND_ORDER.index(place.kind), literal, position,
                         PlaceMatch(place, spelling)))
    hits.sort(key=lambda hit: hit[:4])
    return [hit[4] for hit in hits[:limit]]


def find_place(source: Any, kind: object, code: object) -> Place | None:
    """The place of `kind` with `code` (what a search result's button names), or None."""
    places = place_index(source) if hasattr(source, "territories") else tuple(source)
    return next((p for p in places if p.kind == kind and p.code == code), None)
