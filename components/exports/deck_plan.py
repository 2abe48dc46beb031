"""A deck's steps as the exports draw them: each step's view resolved against the data (its
division's atlas, its language, the commands shown, the selection, the bounds), with the key
facts and the sources it states, from components/content.py. Pure: no matplotlib, no
streamlit; the PDF, the ZIP of slides and the PowerPoint all read their steps from here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import unquote

from components import content
from components.content import SourceLine
from components.decks.default import default_deck
from components.decks.model import Bounds, Deck
from components.i18n import LANGUAGES, tr
from geo.atlas import Atlas


@dataclass(frozen=True)
class PlannedStep:
    """One step of a deck, resolved: what its slide or page shows."""

    number: int  # 1, 2, …
    title: str
    notes: str
    atlas: Atlas  # the step's division
    lang: str
    visible: tuple[str, ...]
    command: str | None  # the selected command (an oblast's own, if only an oblast is named)
    oblast: str | None
    bounds: Bounds | None
    show_labels: bool

    @property
    def picture(self) -> tuple:
        """What its map depends on: two steps with the same draw the same picture."""
        return (self.atlas.division.id, self.lang, self.visible, self.command, self.oblast,
                self.bounds, self.show_labels)

    @property
    def focus(self) -> str | None:
        """What the step is about, for a file name: the oblast, else the command."""
        return self.oblast or self.command


def tour(atlas: Atlas, lang: str) -> Deck:
    """The built-in deck (components/decks/default.py) in `atlas`'s division: the export of
    a view in the 2018 division without a deck of its own is the tour of that division."""
    deck = default_deck(atlas, lang)
    here = atlas.division.id
    return replace(deck, steps=tuple(
        replace(step, view=replace(step.view, division=here)) for step in deck.steps))


def plan_deck(deck: Deck, atlas: Atlas, lang: str) -> tuple[PlannedStep, ...]:
    """The deck's steps against the data (`atlas`: any division's; a step without a
    division draws the data's default one, as components/decks/model.py says) and `lang`
    (the language of a step without one). Ids the data does not know are dropped, as a link's
    are: a deck file is validated before it gets here (components/decks/files.py), so this
    only guards a stored deck against data edited since."""
    planned = []
    for number, step in enumerate(deck.steps, start=1):
        view = step.view
        here = atlas.in_division(view.division) if view.division else atlas.root()
        ids = tuple(c.id for c in here.commands)
        oblast = view.oblast if view.oblast in here.territories.index else None
        command = view.command if view.command in ids else None
        if oblast is not None and command is None:
            command = here.territories.loc[oblast, "command"] or None
        visible = ids if view.visible is None else tuple(c for c in ids if c in view.visible)
        planned.append(PlannedStep(
            number=number, title=step.title, notes=step.notes, atlas=here,
            lang=view.lang if view.lang in LANGUAGES else lang, visible=visible,
            command=command, oblast=oblast, bounds=view.bounds, show_labels=view.show_labels))
    return tuple(planned)


def key_facts(step: PlannedStep) -> tuple[tuple[str, bool], ...]:
    """The step's key facts as (line, whether it heads a group): a region's name, kind,
    command, centre, area and share; a command's title, HQ, oblasts, area and share; on the
    overview, each command shown with its HQ, area and share."""
    atlas, lang = step.atlas, step.lang
    if step.oblast is not None:
        row = content.territory_row(atlas, step.oblast, lang)
        lines = (row.name, row.kind[:1].upper() + row.kind[1:],
                 f"{tr(lang, 'command')}: {row.command_title}",
                 f"{tr(lang, 'centre')}: {row.centre}", f"{tr(lang, 'area')}: {row.area}",
                 f"{tr(lang, 'share')}: {row.share}", *row.later_units)
        return tuple((line, index == 0) for index, line in enumerate(lines))
    if step.command is not None:
        card = content.command_card(atlas, step.command, lang)
        lines = (card.title, f"{tr(lang, 'hq')}: {card.hq}",
                 f"{tr(lang, 'oblasts')}: {', '.join(card.oblast_names)}",
                 f"{tr(lang, 'area')}: {card.area}", f"{tr(lang, 'share')}: {card.share}")
        return tuple((line, index == 0) for index, line in enumerate(lines))
    facts = []
    for card in content.command_cards(atlas, lang):
        if card.id in step.visible:
            facts += [(card.title, True), (f"{tr(lang, 'hq')}: {card.hq}", False),
                      (card.area_share, False)]
    return tuple(facts)


def step_sources(step: PlannedStep) -> tuple[SourceLine, ...]:
    """The sources of what the step shows: its command's (a region's command's), or the
    overview's; a region formed later adds the reports of its decree."""
    if step.command is None:
        lines = content.overview_sources(step.atlas, step.lang)
    else:
        lines = content.command_card(step.atlas, step.command, step.lang).sources
    if step.oblast is not None:
        lines = (*lines, *content.territory_row(step.atlas, step.oblast,
                                                step.lang).later_unit_sources)
    return tuple(lines)


def deck_sources(steps: tuple[PlannedStep, ...], lang: str) -> tuple[SourceLine, ...]:
    """Every step's sources in `lang` (the deck's: one list, whatever language a step is
    shown in), each once, in the order the steps cite them."""
    seen, lines = set(), []
    for step in steps:
        for line in step_sources(replace(step, lang=lang)):
            if line.key not in seen:
                seen.add(line.key)
                lines.append(line)
    return tuple(lines)


def source_text(line: SourceLine) -> str:
    """A source as one line: `kind: title — publisher (dates), url`."""
    text = f"{line.kind}: {line.title}"
    if line.publisher:
        text += f" — {line.publisher}"
    if line.dates:
        text += f" ({line.dates})"
    if line.url:  # readable: obvk.kz/2024/09/12/день-создания…, not %d0%b4%d0%b5…
        text += f", {unquote(line.url)}"
    return text
