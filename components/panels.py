"""Side panels: overview, command, territory, Armed Forces facts, sources, the error page.

Every string from data passes through md_escape before it reaches markdown; the only HTML
(colour bars) carries a colour validated as #rrggbb at load and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from components.i18n import format_km2, format_share, tr
from components.map_view import command_label
from components.text import guillemets, md_escape
from geo.atlas import Atlas
from geo.errors import DataError


def colour_bar(colour: str) -> None:
    """A thin bar in a command's colour (colour validated as #rrggbb by geo/schema.py)."""
    st.html(f'<div style="height:8px;border-radius:4px;background:{colour}"></div>')


def stated_text(atlas: Atlas, fact, lang: str) -> None:
    """A sourced statement in `lang`, the Kazakh original beside it, or 'not stated'."""
    if fact is None:
        st.markdown(f"*{md_escape(tr(lang, 'not_stated'))}*")
        return
    st.markdown(md_escape(fact.get(lang)))
    if lang != "kk" and atlas.sources[fact.source].kind == "source_text":
        st.caption(f"{md_escape(tr(lang, 'original_kk'))}: {md_escape(guillemets(fact.kk))}")


def page_style() -> None:
    """Tighter top padding, so the map sits above the fold on a laptop. Static CSS, no data."""
    st.html("<style>.block-container{padding-top:2.2rem;padding-bottom:1rem}</style>")


def render_overview(atlas: Atlas, lang: str) -> None:
    """Nothing selected: the four commands side by side."""
    st.subheader(md_escape(tr(lang, "commands_overview")))
    st.caption(md_escape(tr(lang, "click_hint")))
    for column, command in zip(st.columns(len(atlas.commands)), atlas.commands, strict=True):
        with column, st.container(border=True):
            stats = atlas.command_stats.loc[command.id]
            colour_bar(command.colour)
            st.markdown(f"**{md_escape(command_label(atlas, command.id, lang))}**")
            st.markdown(f"{md_escape(tr(lang, 'hq'))}: {md_escape(command.hq.name.get(lang))}")
            names = [atlas.territories.loc[code, f"name_{lang}"] for code in command.oblasts]
            st.markdown(md_escape(", ".join(names)))
            st.markdown(md_escape(f"{format_km2(lang, stats['area_km2'])} · "
                                  f"{format_share(lang, stats['share'])}"))


def render_armed_forces(atlas: Atlas, lang: str) -> None:
    """The Armed Forces overview from the source text."""
    st.subheader(md_escape(tr(lang, "armed_forces")))
    for fact in atlas.overview:
        with st.expander(md_escape(fact.title.get(lang))):
            st.markdown(md_escape(fact.text.get(lang)))
            if lang != "kk":
                st.caption(f"{md_escape(tr(lang, 'original_kk'))}: "
                           f"{md_escape(guillemets(fact.text.kk))}")
            render_sources(atlas, [fact.source], lang)


def render_command(atlas: Atlas, command_id: str, lang: str) -> None:
    """One command: HQ, formation, mission, composition, oblasts, open-source notes, sources."""
    command = atlas.command(command_id)
    stats = atlas.command_stats.loc[command_id]
    colour_bar(command.colour)
    st.subheader(md_escape(command_label(atlas, command_id, lang)))
    st.markdown(f"**{md_escape(tr(lang, 'hq'))}:** {md_escape(command.hq.name.get(lang))}  \n"
                f"**{md_escape(tr(lang, 'formed'))}:** "
                f"{md_escape(tr(lang, 'formed_value', year=atlas.formed.year))}")
    st.markdown(f"**{md_escape(tr(lang, 'mission'))}**")
    stated_text(atlas, command.mission, lang)
    st.markdown(f"**{md_escape(tr(lang, 'composition'))}**")
    stated_text(atlas, command.composition, lang)

    st.markdown(f"**{md_escape(tr(lang, 'territories'))}**")
    own = atlas.territories[atlas.territories["command"] == command_id]
    table = pd.DataFrame({
        tr(lang, "name"): own[f"name_{lang}"],
        tr(lang, "kind"): [tr(lang, f"kind_{k}") for k in own["kind"]],
        tr(lang, "area"): [format_km2(lang, a) for a in own["area_km2"]],
        tr(lang, "share"): [format_share(lang, s) for s in own["share"]],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    st.markdown(md_escape(f"{tr(lang, 'total')}: {format_km2(lang, stats['area_km2'])} · "
                          f"{format_share(lang, stats['share'])}"))
    derived = own[own["derived"]]
    for row in derived.itertuples():
        method = atlas.sources[row.assignment_source].method
        st.caption(md_escape(f"{getattr(row, f'name_{lang}')}: "
                             + tr(lang, "derived_note", method=method.get(lang) if method else "")))

    if command.open_source_notes:
        with st.expander(md_escape(tr(lang, "open_source_notes")), expanded=False):
            st.caption(md_escape(tr(lang, "open_source_caveat")))
            for note in command.open_source_notes:
                source = atlas.sources[note.source]
                place = f" ({note.place.get(lang)})" if note.place else ""
                st.markdown(md_escape(f"• {note.text.get(lang)}{place}"))
                st.caption(md_escape(f"{source.title.get(lang)} — {source.url or ''} "
                                     f"({source.date or ''})"))

    cited = [command.oblasts_source, command.hq.source, command.hq.coordinates_source,
             atlas.formed.source, "derived-area"]
    cited += [f.source for f in (command.mission, command.composition) if f is not None]
    render_sources(atlas, cited, lang)


def render_territory(atlas: Atlas, code: str, lang: str) -> None:
    """One territory: name, kind, centre, area, how its command was assigned."""
    row = atlas.territories.loc[code]
    st.subheader(md_escape(row[f"name_{lang}"]))
    lines = [
        f"**{md_escape(tr(lang, 'kind'))}:** {md_escape(tr(lang, 'kind_' + row['kind']))}",
        f"**{md_escape(tr(lang, 'centre'))}:** {md_escape(row[f'centre_{lang}'])}",
        f"**{md_escape(tr(lang, 'area'))}:** "
        + md_escape(f"{format_km2(lang, row['area_km2'])} · {format_share(lang, row['share'])}"),
        f"**{md_escape(tr(lang, 'command'))}:** "
        + md_escape(command_label(atlas, row["command"], lang)),
    ]
    st.markdown("  \n".join(lines))
    if row["derived"]:
        method = atlas.sources[row["assignment_source"]].method
        st.info(md_escape(tr(lang, "derived_note", method=method.get(lang) if method else "")))
    else:
        st.caption(md_escape(tr(lang, "assigned_by_source")))


def render_sources(atlas: Atlas, keys: list[str], lang: str) -> None:
    """The sources behind what a panel states, each with its kind."""
    lines = []
    for key in dict.fromkeys(keys):  # unique, in order
        source = atlas.sources[key]
        kind = {"source_text": "source_text", "derived": "derived", "public": "public"}[source.kind]
        detail = " — ".join(part for part in (source.url, source.date) if part)
        text = f"{tr(lang, kind)}: {source.title.get(lang)}" + (f" ({detail})" if detail else "")
        lines.append(md_escape(text))
    st.caption(f"**{md_escape(tr(lang, 'sources'))}:**  \n" + "  \n".join(lines))


def shown_path(file: str) -> str:
    """A data file's path as the person fixing it knows it: relative to the project."""
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def render_data_error(error: DataError, lang: str) -> None:
    """The page shown when a data file is broken: what and where, never a traceback."""
    st.error(f"**{md_escape(tr(lang, 'error_title'))}**  \n{md_escape(tr(lang, 'error_body'))}")
    st.markdown("  \n".join([
        f"**{md_escape(tr(lang, 'error_file'))}:** {md_escape(shown_path(error.file))}",
        f"**{md_escape(tr(lang, 'error_entry'))}:** {md_escape(error.entry)}",
        f"**{md_escape(tr(lang, 'error_field'))}:** {md_escape(error.field)}",
        f"**{md_escape(tr(lang, 'error_problem'))}:** {md_escape(error.problem)}",
    ]))


def render_unexpected_error(lang: str, on_back: Callable[..., None], args: tuple) -> None:
    """The page shown when something failed that should not have: short, in the viewer's
    language, with a way back; the details are in the server's log, never here."""
    st.error(f"**{md_escape(tr(lang, 'unexpected_title'))}**  \n"
             f"{md_escape(tr(lang, 'unexpected_body'))}")
    st.button(tr(lang, "clear"), on_click=on_back, args=args, key="unexpected_back",
              type="primary")
