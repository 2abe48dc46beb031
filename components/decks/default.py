"""The built-in deck `default`: today's briefing tour (the overview, each command the data
has, the overview again), generated from the data in one language. Pure: no streamlit.

Its talking points say only what the source states, through the same statements the panels
show (`components.content`), and name their source; where the source is silent they say so
("Not stated in the source."). Nothing here is stored: the store keeps `default` only once
someone edits it.
"""

from __future__ import annotations

from components import content
from components.decks.model import DEFAULT_DECK_ID, Deck, Step, StepView
from components.i18n import tr
from components.view import briefing_steps
from geo.atlas import Atlas


def default_deck(atlas: Atlas, lang: str) -> Deck:
    """The built-in tour in `lang`, in the data's default division, every command shown."""
    root = atlas.root()
    steps = [command_step(root, command_id, lang) if command_id else overview_step(root, lang)
             for command_id in briefing_steps(root)]
    steps.append(overview_step(root, lang))  # the tour ends where it began
    return Deck(id=DEFAULT_DECK_ID, title=tr(lang, "deck_default_title"), steps=tuple(steps))


def overview_view(atlas: Atlas) -> StepView:
    """The whole country, every command shown, nothing selected."""
    # Oblast names on, as briefing mode draws them; the language is the viewer's.
    return StepView(division=atlas.division.id, show_labels=True)


def overview_step(atlas: Atlas, lang: str) -> Step:
    """When the commands were formed and each one's HQ, as the source text states them."""
    formed = atlas.formed
    lines = [f"- {tr(lang, 'formed')}: {formed.quote.get(lang)}"]
    cited = [formed.source]
    for command in atlas.commands:
        lines.append(f"- {content.command_label(atlas, command.id, lang)} — "
                     f"{tr(lang, 'hq')}: {command.hq.name.get(lang)}")
        cited.append(command.hq.source)
    return Step(title=tr(lang, "commands_overview"),
                notes=with_sources(atlas, lines, cited, lang), view=overview_view(atlas))


def command_step(atlas: Atlas, command_id: str, lang: str) -> Step:
    """A command's HQ, its oblasts as the source names them, its mission (or role) and its
    composition as the source states them, or that it states none."""
    card = content.command_card(atlas, command_id, lang)
    command = atlas.command(command_id)
    source_atlas = atlas.in_division(atlas.source_division)
    named = source_atlas.territories
    oblasts = ", ".join(named.loc[code, f"name_{lang}"] for code in command.oblasts
                        if code in named.index)
    lines = [f"- {tr(lang, 'hq')}: {card.hq}",
             f"- {tr(lang, 'oblasts')} ({source_atlas.division.short.get(lang)}): {oblasts}"]
    cited = [command.hq.source, command.oblasts_source]
    for statement in (card.mission, card.composition):
        # An unstated fact reads "Mission: Not stated in the source." and cites nothing.
        lines.append(f"- {statement.label}: {statement.text}")
        cited.append(statement.source)
    view = StepView(division=atlas.division.id, command=command_id, show_labels=True)
    return Step(title=card.title, notes=with_sources(atlas, lines, cited, lang), view=view)


def with_sources(atlas: Atlas, lines: list[str], cited: list[str | None], lang: str) -> str:
    """The talking points, then one line naming each source they rest on."""
    cited_lines = [tr(lang, "deck_source", source=line.text)
                   for line in content.sources(atlas, cited, lang)]
    return "\n".join([*lines, "", *cited_lines])
