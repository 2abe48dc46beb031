"""Schemas of the hand-edited YAML files; a bad file becomes a DataError naming the field."""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    create_model,
)

from geo.errors import DataError

# The one list of languages: data texts must carry each, and components/locales has a strings
# table for each. The source text is Kazakh: stated facts quote it verbatim in SOURCE_LANGUAGE.
LANGUAGES = ("kk", "ru", "en")
SOURCE_LANGUAGE = "kk"
# List lengths are capped at a few times what the data holds (4 commands, 17 territories, 8
# facts, 16 sources), so a runaway file fails fast instead of validating thousands of entries.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,39}$")]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
# Only web links: a `javascript:` or `data:` URL in a data file is refused at load.
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=500)]
# A calendar date as precise as the page gives it: 2024, 2024-09 or 2024-09-12.
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
# A search alias: any script, one line, short (the search box matches them by prefix).
Alias = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60,
                                         pattern=r"^[^\n<>]+$")]


class Strict(BaseModel):
    """Unknown keys are an error: a typo in a key must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _LocalizedBase(Strict):
    def get(self, lang: str) -> str:
        """The text in `lang`."""
        return getattr(self, lang)


# A text in every language of LANGUAGES, each required: its fields follow the one list, so a
# new language needs no change here, only its text in every data file.
Localized = create_model(
    "Localized", __base__=_LocalizedBase, __module__=__name__,
    __doc__="A text in every interface language.",
    **{lang: (Text, ...) for lang in LANGUAGES})


class Source(Strict):
    """Where a fact comes from. A public source names its publisher, URL and access month
    (geo/validate.py checks); `published` is the page's own date where it shows one."""

    kind: Literal["source_text", "derived", "public"]
    title: Localized
    publisher: Localized | None = None
    url: Url | None = None
    published: PartialDate | None = None
    published_approx: bool = False  # the page gives only "about" this date
    accessed: PartialDate | None = None  # when we read it: not a publication date
    method: Localized | None = None

    @property
    def date(self) -> str | None:
        """The publication date, "~"-marked if approximate (kept for readers of the old
        `date` field; new code labels `published` and `accessed` separately)."""
        if self.published is None:
            return None
        return f"~{self.published}" if self.published_approx else self.published


class SourcesFile(Strict):
    sources: dict[Code, Source] = Field(max_length=200)


DivisionId = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]


class Division(Strict):
    """One edition of Kazakhstan's first-level division (data/divisions.yaml); its outlines are
    data/territories_<id>.geojson."""

    id: DivisionId
    name: Localized  # as the switch names it: "Division since 2022"
    short: Localized  # in brackets after a place: "since 2022", "2018–2022"
    title: Localized  # as a sentence names it
    since: Date
    until: Date | None = None
    source: Code


class DivisionsFile(Strict):
    default: DivisionId  # what a link without `division=` shows: today's division
    source_division: DivisionId  # the one the source text states the commands over
    divisions: list[Division] = Field(min_length=1, max_length=10)


class CentreIn(Strict):
    """A territory's administrative centre from a later division on (it moved)."""

    name: Localized
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    coordinates_source: Code


class Territory(Strict):
    """An oblast or a city of republican significance, in one or more divisions."""

    code: Code
    kind: Literal["oblast", "city"]
    pcode: Annotated[str, StringConstraints(pattern=r"^KZ\d{2}$")]  # geokz's ADM1_PCODE
    divisions: list[DivisionId] = Field(min_length=1, max_length=10)
    name: Localized
    centre: Localized
    centre_lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    centre_lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    coordinates_source: Code | None = None  # None: the file's centre_coordinates_source
    centre_in: dict[DivisionId, CentreIn] = Field(default={}, max_length=10)


class Lease(Strict):
    """The Baikonur complex: leased, drawn as an outline over the region it lies in."""

    code: Code
    name: Localized
    centre: Localized
    centre_lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    centre_lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    within: Code


class TerritoriesFile(Strict):
    centre_coordinates_source: Code
    territories: list[Territory] = Field(min_length=1, max_length=50)
    lease: Lease


class SourcedText(Localized):
    """A statement in three languages and the key of its source."""

    source: Code
    # How the translation read an ambiguous Kazakh phrase (shown beside ru/en).
    translator_note: Localized | None = None


class Headquarters(Strict):
    name: Localized
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    source: Code
    coordinates_source: Code


class OpenSourceNote(Strict):
    """A public report about a command, shown apart from the source text."""

    text: Localized
    place: Localized | None = None
    source: Code


class Command(Strict):
    """One regional command. `mission` is None where the source states none."""

    id: Code
    name: Localized
    colour: Colour
    hq: Headquarters
    oblasts: list[Code] = Field(min_length=1, max_length=50)
    oblasts_source: Code
    # What the source's sentence is: a role («Астана»: the Stavka's reserve) or a main task.
    # Required when `mission` is given, absent when it is None (geo/validate.py checks).
    mission_kind: Literal["role", "mission"] | None = None
    mission: SourcedText | None
    composition: SourcedText | None
    open_source_notes: list[OpenSourceNote] = Field(default=[], max_length=30)


class Formed(Strict):
    year: int = Field(ge=1991, le=2100)
    quote: Localized
    source: Code


class CommandsFile(Strict):
    formed: Formed
    commands: list[Command] = Field(min_length=1, max_length=20)


class OverviewFact(Strict):
    id: Code
    title: Localized
    text: Localized
    source: Code
    note: Localized | None = None  # an editor's remark, e.g. that the source's list stops here
    translator_note: Localized | None = None


class OverviewFile(Strict):
    facts: list[OverviewFact] = Field(min_length=1, max_length=50)


class Successor(Strict):
    """A region formed after the source's division (2022), and the oblast of that division it
    was separated from (`territory`). Its command is derived from that oblast's, which the
    source text states; `evidence` lists public sources that support the derived command."""

    code: Code
    kind: Literal["oblast", "city"]
    name: Localized
    centre: Localized
    aliases: list[Alias] = []
    territory: Code
    formed: Date
    decree: Localized
    formed_source: Code
    command_source: Code
    evidence: list[Code] = Field(default=[], max_length=10)


class SuccessorsFile(Strict):
    successors: list[Successor] = Field(min_length=1)


class Place(Strict):
    """A city of republican significance, drawn as a point with its name over its own outline
    (`territory`), so it is named at a zoom where its outline is a few pixels wide."""

    code: Code
    kind: Literal["city"]
    name: Localized
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    coordinates_source: Code
    territory: Code


class FormerName(Strict):
    """A city's former name (Semipalatinsk) and the territory of today's division whose
    administrative centre the city is (`territory`: Abai, centre Semey, is the name it has
    now); `until` as the cited source gives it."""

    code: Code
    former: Localized
    aliases: list[Alias] = Field(default=[], max_length=20)
    territory: Code
    until: PartialDate | None = None
    source: Code


class PlacesFile(Strict):
    places: list[Place] = Field(min_length=1, max_length=50)
    former_names: list[FormerName] = Field(default=[], max_length=100)


def parse(model: type[BaseModel], raw: Any, file: str) -> Any:
    """Validate `raw` against `model`; the first problem becomes a DataError."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        entry, field = describe_location(raw, first["loc"])
        raise DataError(file, entry, field, friendly_message(first)) from None


def describe_location(raw: Any, loc: tuple) -> tuple[str, str]:
    """Split a pydantic location into the entry and the field.

    The entry is the path down to the first list item, with that item's id or code
    (`commands[2] (batys)`); without a list item it is the top-level key (`formed`).
    """
    node = raw
    for index, key in enumerate(loc):
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            item = node[key]
            entry = ".".join(map(str, loc[:index])) + f"[{key}]"
            label = next((item.get(k) for k in ("id", "code") if isinstance(item, dict)
                          and isinstance(item.get(k), str)), None)
            if label:
                entry += f" ({label})"
            field = ".".join(map(str, loc[index + 1:]))
            return entry, field or "(the entry itself)"
        node = node.get(key) if isinstance(node, dict) else None
    if len(loc) <= 1:
        return "(top level)", ".".join(map(str, loc)) or "(whole file)"
    return str(loc[0]), ".".join(map(str, loc[1:]))


def friendly_message(error: dict) -> str:
    """Pydantic's message plus the offending value, shortened."""
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key (a typo?)"
    value = error.get("input")
    if error["type"] not in ("missing", "extra_forbidden") and not isinstance(value, (dict, list)):
        shown = repr(value)
        message += f" (got {shown[:80]}{'…' if len(shown) > 80 else ''})"
    return message


class WaterBody(Strict):
    """A lake or river drawn on the map (data/water.yaml); its geometry is
    data/water.geojson's feature with the same code."""

    code: Code
    ne_id: int | list[int]  # Natural Earth's feature id(s) the build takes
    name: Localized
    short: Localized | None = None  # the label's form where it is usual (Balkhash)
    name_source: Code  # where the Kazakh name was read


class WaterFile(Strict):
    lakes: list[WaterBody] = Field(min_length=1, max_length=60)
    rivers: list[WaterBody] = Field(min_length=1, max_length=60)
