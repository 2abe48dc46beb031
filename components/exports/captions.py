"""What an export says about itself, in words: its heading and its sources line (shared by the
slide, the briefing steps and the HTML map; no matplotlib here)."""

from __future__ import annotations

from components import content
from components.content import command_label
from components.i18n import in_sentence, tr
from geo.atlas import Atlas


def selection_title(atlas: Atlas, lang: str, command: str | None, oblast: str | None) -> str:
    """The slide's heading: the selected oblast (with its command, which the dash puts inside
    the heading's sentence), the selected command, or the map's title."""
    if oblast is not None and oblast in atlas.territories.index:
        name = atlas.territories.loc[oblast, f"name_{lang}"]
        owner = atlas.territories.loc[oblast, "command"]
        return f"{name} — {in_sentence(lang, command_label(atlas, owner, lang))}" if owner \
            else name
    if command is not None and any(c.id == command for c in atlas.commands):
        return command_label(atlas, command, lang)
    return tr(lang, "title")


def sources_line(atlas: Atlas, lang: str, command: str | None) -> str:
    """`Sources: kind: title; …`: the command's sources, or the overview's."""
    if command is not None and any(c.id == command for c in atlas.commands):
        lines = content.command_card(atlas, command, lang).sources
    else:
        lines = content.overview_sources(atlas, lang)
    return f"{tr(lang, 'sources')}: " + "; ".join(f"{line.kind}: {line.title}"
                                                   for line in lines)
