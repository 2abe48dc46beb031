"""What every surface says, resolved into one language: the content model.

Pure (no streamlit, no matplotlib): the atlas and a language go in, typed records with their
texts already formatted come out. The panels, the briefing view, the sidebar legend, the PDF,
the slide PNG, the standalone HTML and the CSV only lay these records out, so they cannot
disagree about a fact or its source (tests/test_surfaces.py checks that they do not).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from shapely.geometry import Point

from components.i18n import (
    SOURCE_LANGUAGE,
    format_km2,
    format_number,
    format_share,
    in_sentence,
    tr,
)
from components.memo import per_atlas
from components.style import DERIVED_SWATCH, HIDDEN_COLOUR, LAKE_COLOUR, UNASSIGNED_COLOUR
from components.text import guillemets
from geo.atlas import Atlas
from geo.names import Place, search_places

# Every command page and panel cites these besides its own facts' sources.
AREA_SOURCE = "derived-area"
BOUNDARIES_SOURCE = "geokz-boundaries"
FRONTIER_SOURCE = "derived-frontiers"


@dataclass(frozen=True)
class SourceLine:
    """A source as a reader sees it: its kind, title, publisher, address and dates."""

    key: str
    kind: str
    title: str
    publisher: str | None
    url: str | None
    dates: str | None  # "published 2024-09-12 · accessed 2026-11"

    @property
    def text(self) -> str:
        """The whole line: `Public source: Title — Publisher — https://… (published …)`."""
        # Percent-escaped Cyrillic (obvk.kz's addresses) read as the browser shows them.
        parts = [f"{self.kind}: {self.title}", self.publisher,
                 unquote(self.url) if self.url else None]
        line = " — ".join(part for part in parts if part)
        return f"{line} ({self.dates})" if self.dates else line


@dataclass(frozen=True)
class Statement:
    """A fact as stated: its label, its text in the language, the Kazakh original beside a
    translation of the source text, a translator's note, and its source."""

    label: str
    text: str
    stated: bool  # False: the source states nothing here, and `text` says so
    original: str | None = None  # «…», the source's own words, when `text` translates them
    translator_note: str | None = None
    note: str | None = None  # an editor's remark, e.g. that the source's list stops here
    source: str | None = None  # key into the atlas' sources


@dataclass(frozen=True)
class TerritoryRow:
    """One territory of a command, or the one a viewer selected."""

    code: str
    name: str
    kind: str
    centre: str
    area: str
    share: str
    command: str | None
    command_title: str
    derived_note: str | None  # how its command was derived, if the source does not state it
    later_units: tuple[str, ...]  # "Since 2022, part of this oblast … has been Abai Oblast."
    later_unit_sources: tuple[SourceLine, ...] = ()  # the decrees' reports, the derivation
    # A region formed after the source's division: where it came from, when, by which decree,
    # and that its command is derived (None for any other territory).
    origin: str | None = None


@dataclass(frozen=True)
class BorderRow:
    """A stretch of a command's frontier: a neighbour state or the Caspian shore."""

    neighbour: str
    km: str
    share: str


@dataclass(frozen=True)
class FrontierTable:
    """Which borders a command holds, how long, and how far its HQ reaches."""

    rows: tuple[BorderRow, ...]
    total: str
    hq_reach: str
    caption: str  # "Derived from the boundaries: geodesic lengths …" (the method, short)


@dataclass(frozen=True)
class CommandCard:
    """Everything said about one command, in one language."""

    id: str
    colour: str
    name: str  # «Батыс»
    title: str  # Regional Command «West»
    hq: str
    formed: Statement
    mission: Statement
    composition: Statement
    territories: tuple[TerritoryRow, ...]
    oblast_names: tuple[str, ...]
    oblast_count: int
    area: str
    share: str
    open_source_notes: tuple[tuple[str, SourceLine], ...]
    frontier: FrontierTable | None
    sources: tuple[SourceLine, ...]
    # Its territories in every division, and that its area does not change between them.
    divisions_note: tuple[str, ...] = ()
    # Where its HQ lies, in every division where that differs (Semey: Abai / East Kazakhstan).
    hq_note: str | None = None

    @property
    def area_share(self) -> str:
        """`875,822 km² · 32.2%`."""
        return f"{self.area} · {self.share}"

    @property
    def derived_notes(self) -> tuple[str, ...]:
        """`Almaty City: derived fact: …` for each territory whose command is derived."""
        return tuple(f"{row.name}: {row.derived_note}" for row in self.territories
                     if row.derived_note)


@dataclass(frozen=True)
class LegendEntry:
    """A row of the legend: a swatch colour, a label and a line of detail."""

    colour: str
    label: str
    detail: str = ""
    hidden: bool = False
    # How the swatch is drawn: a plain fill, the derived hatch, the lease's dashed outline,
    # water, or the filter's grey hatch.
    swatch: str = "fill"


@dataclass(frozen=True)
class OverviewFact:
    """A fact about the Armed Forces as a whole."""

    title: str
    statement: Statement
    source: SourceLine


def command_label(atlas: Atlas, command_id: str | None, lang: str) -> str:
    """`Regional Command «Astana»`, or the text for a territory with no command, as a heading,
    legend entry or sentence's start writes it (inside a sentence: `i18n.in_sentence`)."""
    if command_id is None:
        return tr(lang, "no_command")
    return tr(lang, "regional_command", name=atlas.command(command_id).name.get(lang))


def fill_colour(atlas: Atlas, command_id: str | None) -> str:
    """The fill of a territory: its command's colour, or the colour of no command."""
    return atlas.command(command_id).colour if command_id else UNASSIGNED_COLOUR


def source_line(atlas: Atlas, key: str, lang: str) -> SourceLine:
    """Source `key` as a reader sees it in `lang`."""
    source = atlas.sources[key]
    dates = []
    if source.published:
        dates.append(tr(lang, "published_approx" if source.published_approx else "published",
                        date=source.published))
    if source.accessed:
        dates.append(tr(lang, "accessed", date=source.accessed))
    return SourceLine(key=key, kind=tr(lang, source.kind), title=source.title.get(lang),
                      publisher=source.publisher.get(lang) if source.publisher else None,
                      url=source.url, dates=" · ".join(dates) or None)


def sources(atlas: Atlas, keys, lang: str) -> tuple[SourceLine, ...]:
    """Each source once, in the order first cited."""
    return tuple(source_line(atlas, key, lang) for key in dict.fromkeys(keys) if key)


def statement(atlas: Atlas, fact, lang: str, label: str) -> Statement:
    """A sourced text (or None: not stated) as a Statement in `lang`."""
    if fact is None:
        return Statement(label=label, text=tr(lang, "not_stated"), stated=False)
    from_source = atlas.sources[fact.source].kind == "source_text"
    original = guillemets(fact.get(SOURCE_LANGUAGE)) if from_source and lang != SOURCE_LANGUAGE \
        else None
    note = getattr(fact, "translator_note", None)
    return Statement(label=label, text=fact.get(lang), stated=True, original=original,
                     translator_note=note.get(lang) if note and lang != SOURCE_LANGUAGE else None,
                     source=fact.source)


def derived_note(atlas: Atlas, source_key: str, lang: str) -> str:
    """`Derived fact: <method>` for a fact the app derived."""
    method = atlas.sources[source_key].method
    return tr(lang, "derived_note", method=method.get(lang) if method else "")


def later_unit_sentences(atlas: Atlas, code: str, lang: str) -> tuple[str, ...]:
    """What became of a territory since the source's division: in that division, the regions
    later separated from it (Abai from East Kazakhstan); in a later one, what it held until
    then."""
    if atlas.division.id == atlas.source_division:
        return tuple(
            tr(lang, f"successor_panel_{unit.kind}", year=unit.formed.year,
               name=unit.name.get(lang), centre=unit.centre.get(lang))
            for unit in atlas.successors if unit.territory == code)
    return tuple(
        tr(lang, "successor_panel_parent", date=format_date(lang, unit.formed),
           name=unit.name.get(lang))
        for unit in atlas.later_regions if unit.territory == code)


def origin_sentence(atlas: Atlas, code: str, lang: str) -> str | None:
    """For a region formed after the source's division, drawn in this one: which oblast it
    came from, when and by which decree, and that its command is derived from that oblast's."""
    unit = atlas.origin(code)
    if unit is None or code not in atlas.territories.index:
        return None
    parent = atlas.in_division(atlas.source_division).territories.loc[unit.territory]
    sentence = tr(lang, "origin_panel", name=unit.name.get(lang),
                  parent=parent[f"name_{lang}"], date=format_date(lang, unit.formed),
                  decree=unit.decree.get(lang).split(";")[0].rstrip("."),
                  command=in_sentence(lang, command_label(atlas, unit.command, lang)))
    return sentence[:1].upper() + sentence[1:]  # «область Абай …» opens a sentence


def subtitle(atlas: Atlas, lang: str) -> str:
    """The map's subtitle: the country, and which division it draws."""
    return tr(lang, "subtitle", division=atlas.division.title.get(lang))


def format_date(lang: str, value) -> str:
    """A date as the language writes it: 8 June 2022, 8 июня 2022 г., 2022 жылғы 8 маусым."""
    month = tr(lang, f"month_{value.month}")
    return tr(lang, "date_format", day=value.day, month=month, year=value.year)


@per_atlas()
def territory_row(atlas: Atlas, code: str, lang: str) -> TerritoryRow:
    """One territory in `lang`."""
    row = atlas.territories.loc[code]
    command = row["command"]
    unit = atlas.origin(code)
    related = [u for u in (atlas.successors if atlas.division.id == atlas.source_division
                           else atlas.later_regions) if u.territory == code]
    if unit is not None:
        related.append(unit)
    return TerritoryRow(
        code=code, name=row[f"name_{lang}"], kind=tr(lang, f"kind_{row['kind']}"),
        centre=row[f"centre_{lang}"], area=format_km2(lang, row["area_km2"]),
        share=format_share(lang, row["share"]), command=command,
        command_title=command_label(atlas, command, lang),
        derived_note=derived_note(atlas, row["assignment_source"], lang) if row["derived"]
        else None,
        later_units=later_unit_sentences(atlas, code, lang),
        later_unit_sources=sources(atlas, [key for u in related
                                           for key in (u.formed_source, u.command_source,
                                                       *u.evidence)], lang),
        origin=origin_sentence(atlas, code, lang))


def frontier_table(atlas: Atlas, command_id: str, lang: str) -> FrontierTable | None:
    """The command's borders by neighbour and its Caspian shore, longest first."""
    frontiers = getattr(atlas, "frontiers", None)
    if frontiers is None or command_id not in frontiers.commands:
        return None
    frontier = frontiers.commands[command_id]
    names = {row.code: getattr(row, f"name_{lang}") for row in atlas.context.itertuples()}
    stretches = [(b.km, names[b.neighbour], b.share_of_frontier) for b in frontier.borders]
    if frontier.caspian_km:
        stretches.append((frontier.caspian_km, tr(lang, "caspian_shore"),
                          frontier.caspian_share))
    rows = tuple(BorderRow(name, km(lang, length), format_share(lang, share))
                 for length, name, share in sorted(stretches, reverse=True))
    return FrontierTable(rows=rows, total=km(lang, frontier.frontier_km),
                         hq_reach=km(lang, frontier.hq_reach_km),
                         caption=frontier_caveat(atlas, lang))


@dataclass(frozen=True)
class FrontierOverview:
    """The four commands' frontiers side by side: a row per neighbour and the Caspian shore."""

    header: tuple[str, ...]  # "Neighbour", then each command's name
    rows: tuple[tuple[str, ...], ...]
    caption: str


@per_atlas()
def frontier_overview(atlas: Atlas, lang: str) -> FrontierOverview | None:
    """Which neighbour each command faces, over how many km, and each command's HQ reach."""
    frontiers = getattr(atlas, "frontiers", None)
    if frontiers is None:
        return None
    names = {row.code: getattr(row, f"name_{lang}") for row in atlas.context.itertuples()}
    commands = [frontiers.commands[c.id] for c in atlas.commands]
    rows = [(names[n], *(km(lang, f.border_km(n)) if f.border_km(n) else "—" for f in commands))
            for n in frontiers.neighbours]
    rows.append((tr(lang, "caspian_shore"),
                 *(km(lang, f.caspian_km) if f.caspian_km else "—" for f in commands)))
    rows.append((tr(lang, "frontier_total"), *(km(lang, f.frontier_km) for f in commands)))
    rows.append((tr(lang, "hq_reach_short"), *(km(lang, f.hq_reach_km) for f in commands)))
    return FrontierOverview(
        header=(tr(lang, "frontier_neighbour"), *(c.name.get(lang) for c in atlas.commands)),
        rows=tuple(rows), caption=frontier_caveat(atlas, lang))


def frontier_caveat(atlas: Atlas, lang: str) -> str:
    """How far the derived land borders fall short of the published ones, in words."""
    land = next((c for c in atlas.frontiers.comparison if c.neighbour == "land"), None)
    if land is None:
        return atlas.sources[FRONTIER_SOURCE].title.get(lang)
    return tr(lang, "frontier_caveat", pct=format_number(lang, abs(land.difference_pct)),
              published=km(lang, land.published_km))


def km(lang: str, value: float) -> str:
    """A length in km, in the language's script and number format."""
    return f"{format_number(lang, value)}\u00a0{tr(lang, 'unit_km')}"  # never split


@per_atlas()
def command_card(atlas: Atlas, command_id: str, lang: str) -> CommandCard:
    """Everything said about command `command_id`, in `lang`."""
    command = atlas.command(command_id)
    stats = atlas.command_stats.loc[command_id]
    own = atlas.territories[atlas.territories["command"] == command_id]
    rows = tuple(territory_row(atlas, code, lang) for code in own.index)
    formed = atlas.formed
    formed_statement = Statement(
        label=tr(lang, "formed"), text=tr(lang, "formed_value", year=formed.year), stated=True,
        original=guillemets(formed.quote.get(SOURCE_LANGUAGE)), source=formed.source)
    notes = tuple((note.text.get(lang) + (f" ({note.place.get(lang)})" if note.place else ""),
                   source_line(atlas, note.source, lang)) for note in command.open_source_notes)
    mission = statement(atlas, command.mission, lang,
                        tr(lang, command.mission_kind or "mission"))
    composition = statement(atlas, command.composition, lang, tr(lang, "composition"))
    frontier = frontier_table(atlas, command_id, lang)
    cited = [command.oblasts_source, command.hq.source, command.hq.coordinates_source,
             formed.source, mission.source, composition.source, AREA_SOURCE]
    cited += [row["assignment_source"] for _, row in own.iterrows() if row["derived"]]
    if frontier is not None:
        cited.append(FRONTIER_SOURCE)
    cited += [key for code in own.index if (unit := atlas.origin(code)) is not None
              for key in unit.evidence]
    return CommandCard(
        id=command_id, colour=command.colour, name=command.name.get(lang),
        title=command_label(atlas, command_id, lang), hq=command.hq.name.get(lang),
        formed=formed_statement, mission=mission, composition=composition, territories=rows,
        oblast_names=tuple(row.name for row in rows if row.kind == tr(lang, "kind_oblast")),
        oblast_count=int(stats["oblast_count"]), area=format_km2(lang, stats["area_km2"]),
        share=format_share(lang, stats["share"]), open_source_notes=notes, frontier=frontier,
        sources=sources(atlas, cited, lang),
        divisions_note=divisions_note(atlas, command_id, lang),
        hq_note=hq_note(atlas, command_id, lang))


def divisions_note(atlas: Atlas, command_id: str, lang: str) -> tuple[str, ...]:
    """The command's oblasts in each division, and whether its area is the same in all."""
    lines, areas = [], []
    for division in atlas.divisions:
        other = atlas.in_division(division.id)
        own = other.territories[other.territories["command"] == command_id]
        names = [row[f"name_{lang}"] for _, row in own.iterrows() if row["kind"] == "oblast"]
        lines.append(tr(lang, "divisions_line", division=division.name.get(lang),
                        count=len(names), names=", ".join(names)))
        areas.append(float(own["area_km2"].sum()))
    if len(areas) > 1:
        # The divisions redraw oblasts inside the same country: the command's land is the
        # same, up to the two editions' own line work (Astana City took 91 km² of Akmola).
        same = max(areas) - min(areas) <= 0.001 * max(areas)
        lines.append(tr(lang, "divisions_area_same" if same else "divisions_area_differs"))
    return tuple(lines)


def hq_note(atlas: Atlas, command_id: str, lang: str) -> str | None:
    """Where the HQ lies in each division, if that differs between them."""
    command = atlas.command(command_id)
    point = Point(command.hq.lon, command.hq.lat)
    places = []
    for division in atlas.divisions:
        frame = atlas.in_division(division.id).territories
        holding = frame.index[frame.intersects(point)]
        if len(holding):
            places.append((division, frame.loc[holding[0], f"name_{lang}"]))
    if len({name for _, name in places}) < 2:
        return None
    return tr(lang, "hq_in_divisions", hq=command.hq.name.get(lang), places="; ".join(
        tr(lang, "hq_in_division", division=d.short.get(lang), territory=name)
        for d, name in places))


@per_atlas()
def command_cards(atlas: Atlas, lang: str) -> tuple[CommandCard, ...]:
    """Every command's card, in the data's order."""
    return tuple(command_card(atlas, c.id, lang) for c in atlas.commands)


@per_atlas()
def legend(atlas: Atlas, lang: str, visible: tuple[str, ...]) -> tuple[LegendEntry, ...]:
    """The legend for a map filtered to `visible`: each command (hidden ones marked), the
    regions whose command is derived (if this division draws any), the Baikonur lease, the
    lakes and rivers, and "hidden by the filter" when something is hidden."""
    entries = []
    for command in atlas.commands:
        stats = atlas.command_stats.loc[command.id]
        entries.append(LegendEntry(
            colour=command.colour, label=command_label(atlas, command.id, lang),
            detail=tr(lang, "legend_row", hq=command.hq.name.get(lang),
                      count=int(stats["oblast_count"])),
            hidden=command.id not in visible))
    later = [row[f"name_{lang}"] for code, row in atlas.territories.iterrows()
             if atlas.origin(code) is not None]
    if later:
        entries.append(LegendEntry(DERIVED_SWATCH, tr(lang, "legend_derived"),
                                   ", ".join(later), swatch="derived"))
    entries.append(LegendEntry(UNASSIGNED_COLOUR, atlas.lease.centre.get(lang),
                               tr(lang, "legend_lease"), swatch="lease"))
    entries.append(LegendEntry(LAKE_COLOUR, tr(lang, "legend_water"), swatch="water"))
    if len(visible) < len(atlas.commands):
        entries.append(LegendEntry(HIDDEN_COLOUR, tr(lang, "legend_hidden"), swatch="hidden"))
    return tuple(entries)


@per_atlas()
def overview_facts(atlas: Atlas, lang: str) -> tuple[OverviewFact, ...]:
    """The Armed Forces overview from the source text."""
    facts = []
    for fact in atlas.overview:
        text = fact.text
        original = guillemets(text.get(SOURCE_LANGUAGE)) if lang != SOURCE_LANGUAGE else None
        note = fact.translator_note
        facts.append(OverviewFact(
            title=fact.title.get(lang),
            statement=Statement(
                label=fact.title.get(lang), text=text.get(lang), stated=True, original=original,
                translator_note=note.get(lang) if note and lang != SOURCE_LANGUAGE else None,
                note=fact.note.get(lang) if fact.note else None, source=fact.source),
            source=source_line(atlas, fact.source, lang)))
    return tuple(facts)


def overview_sources(atlas: Atlas, lang: str) -> tuple[SourceLine, ...]:
    """What the overview page states rests on: the source text, the boundaries, the
    derivations of areas, of the cities' commands and Baikonur's, and the centres."""
    keys = ["seed", BOUNDARIES_SOURCE, "natural-earth", "natural-earth-water", AREA_SOURCE,
            "derived-containment", "derived-baikonur", "geokz"]
    if any(atlas.origin(code) is not None for code in atlas.territories.index):
        keys.insert(5, "derived-successor")
    return sources(atlas, [k for k in keys if k in atlas.sources], lang)


def notice_text(atlas: Atlas, lang: str, notice) -> str:
    """A notice about the link in `lang`; ids in it are shown by their names, never raw."""
    values = dict(notice.values)
    if notice.key == "notice_mismatch":
        values["oblast"] = atlas.territories.loc[values["oblast"], f"name_{lang}"]
        values["command"] = atlas.command(values["command"]).name.get(lang)
    if notice.key == "notice_later_unit":
        unit = atlas.origin(values["unit"])
        held_by = atlas.in_division(atlas.source_division).territories
        return tr(lang, "successor_notice_oblast", name=unit.name.get(lang),
                  year=unit.formed.year,
                  territory=held_by.loc[unit.territory, f"name_{lang}"],
                  command=in_sentence(lang, command_label(atlas, unit.command, lang)))
    return tr(lang, notice.key, **values)


# --- the search box and the map's text alternative (issue #10) ---

SEARCH_HITS_SHOWN = 6  # results listed under the search box; the best is already selected


@dataclass(frozen=True)
class SearchHit:
    """A search result as a button shows it, and the (kind, code) that choosing it sends."""

    label: str
    kind: str
    code: str
    territory: str | None  # what choosing it selects
    command: str | None


def place_label(atlas: Atlas, place: Place, lang: str) -> str:
    """What a search result says: the place, and what it is on this map, in `lang`."""
    def territory_name(code: str | None) -> str:
        return atlas.territories.loc[code, f"name_{lang}"] if code else ""

    def short_name(command: str | None) -> str:
        return atlas.command(command).name.get(lang) if command else tr(lang, "no_command")

    name = place.name.get(lang)
    if place.kind == "command":
        return command_label(atlas, place.command, lang)
    if place.kind == "hq":
        return tr(lang, "search_hit_hq", city=name, command=short_name(place.command))
    if place.kind == "centre":
        return tr(lang, "search_hit_centre", city=name,
                  territory=territory_name(place.territory))
    if place.kind == "former":
        entry = next(e for e in atlas.former_names if e.code == place.code)
        texts = {"former": entry.former.get(lang), "now": name,
                 "territory": territory_name(place.territory)}
        if entry.until is None:
            return tr(lang, "search_hit_former_undated", **texts)
        return tr(lang, "search_hit_former", year=entry.until[:4], **texts)
    if place.kind == "successor":
        unit = next(u for u in atlas.successors if u.code == place.code)
        return tr(lang, "search_hit_successor", name=name, year=unit.formed.year,
                  territory=territory_name(place.territory))
    return tr(lang, "search_hit_territory", name=name, command=short_name(place.command))


def search_hits(atlas: Atlas, lang: str, text: str) -> tuple[SearchHit, ...]:
    """The places `text` finds, best first, labelled in `lang`; a city that is the centre of a
    territory already listed is not listed again."""
    hits: list[SearchHit] = []
    listed: set[str] = set()
    matches = search_places(atlas, text, limit=SEARCH_HITS_SHOWN * 2)
    found = {m.territory: m.place for m in matches if m.kind == "territory"}
    for match in matches:
        place = match.place
        if place.kind == "centre" and place.territory in found:  # Baikonur, the town
            place = found[place.territory]
        if place.kind in ("territory", "centre"):
            if place.territory in listed:
                continue
            listed.add(place.territory)
        hits.append(SearchHit(place_label(atlas, place, lang), place.kind, place.code,
                              place.territory, place.command))
    return tuple(hits[:SEARCH_HITS_SHOWN])


def map_description(atlas: Atlas, view) -> tuple[str, ...]:
    """What the map shows, sentence by sentence, for whoever cannot see it: every command
    shown with its HQ and territories, what the filter hides, what has no command, the HQ
    stars and the selection. Everything named comes from the data; `view` is a
    components.view.View."""
    shown, selection = map_description_parts(atlas, view)
    return shown + selection


def map_description_parts(atlas: Atlas, view) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`map_description` in two parts: what the map shows (the same for every click) and
    the selection (what a click changes), so a click sends only the second again."""
    return (described_map(atlas, view.lang, view.visible, view.show_hq),
            described_selection(atlas, view.lang, view.oblast, view.command, view.briefing))


@per_atlas()
def described_map(atlas: Atlas, lang: str, visible: tuple[str, ...],
                  show_hq: bool) -> tuple[str, ...]:
    """What the map shows, by the view's fields it reads (cached)."""
    commands = atlas.commands
    shown = [c for c in commands if c.id in visible]
    hidden = [c for c in commands if c.id not in visible]
    territories = atlas.territories

    def names(frame) -> str:
        return ", ".join(frame[f"name_{lang}"])

    sentences = [tr(lang, "map_desc_intro", count=len(commands)),
                 tr(lang, "map_desc_division", division=atlas.division.title.get(lang))]
    for item in shown:
        own = territories[territories["command"] == item.id]
        sentences.append(tr(lang, "map_desc_command", command=command_label(atlas, item.id, lang),
                            hq=item.hq.name.get(lang), territories=names(own)))
    if not shown:
        sentences.append(tr(lang, "map_desc_none_shown"))
    elif hidden:
        sentences.append(tr(lang, "map_desc_hidden", commands=", ".join(
            in_sentence(lang, command_label(atlas, c.id, lang)) for c in hidden)))
    else:
        sentences.append(tr(lang, "map_desc_all_shown"))
    unassigned = territories[territories["command"].isna()]
    if len(unassigned):
        sentences.append(tr(lang, "map_desc_unassigned", territories=names(unassigned)))
    later = territories[[atlas.origin(code) is not None for code in territories.index]]
    if len(later):
        sentences.append(tr(lang, "map_desc_derived", territories=names(later)))
    within = territories.loc[atlas.lease.within, f"name_{lang}"]
    sentences.append(tr(lang, "map_desc_lease", lease=atlas.lease.centre.get(lang),
                        territory=within))
    if shown:
        sentences.append(tr(lang, "map_desc_hq_shown" if show_hq else "map_desc_hq_hidden"))
    return tuple(sentences)


@per_atlas()
def described_selection(atlas: Atlas, lang: str, oblast: str | None, command: str | None,
                        briefing: bool) -> tuple[str, ...]:
    """What is selected on the map, and whether the rest is dimmed (cached)."""
    territories = atlas.territories
    sentences = []
    if oblast in territories.index:
        owner = command_label(atlas, territories.loc[oblast, "command"], lang)
        sentences.append(tr(lang, "map_desc_selected_territory",
                            territory=territories.loc[oblast, f"name_{lang}"],
                            command=in_sentence(lang, owner)))
    elif command in atlas.command_index:
        sentences.append(tr(lang, "map_desc_selected_command",
                            command=in_sentence(lang, command_label(atlas, command, lang))))
    else:
        sentences.append(tr(lang, "map_desc_nothing_selected"))
    if briefing and command in atlas.command_index:
        sentences.append(tr(lang, "map_desc_dimmed"))
    return tuple(sentences)
