"""Briefing mode: overview → each command → overview, with large type for a projector."""

from __future__ import annotations

import streamlit as st

from components import state
from components import view as views
from components.i18n import format_km2, format_share, tr
from components.map_view import command_label
from components.panels import colour_bar, stated_text
from components.text import md_escape
from components.view import View
from geo.atlas import Atlas

# Static CSS (no data in it): type readable from the back of a room on a 1920×1080 projector.
BRIEFING_CSS = """<style>
.block-container{padding-top:3.6rem;max-width:100%}
[data-testid="stMain"] .stMarkdown p{font-size:1.45rem;line-height:1.45}
[data-testid="stMain"] h1{font-size:2.6rem} [data-testid="stMain"] h2{font-size:2.2rem}
[data-testid="stMain"] [data-testid="stCaptionContainer"] p{font-size:1.05rem}
</style>"""


def render_controls(atlas: Atlas, view: View) -> None:
    """Title, step counter and Previous / Next (also on the keyboard's arrow keys)."""
    lang = view.lang
    st.html(BRIEFING_CSS)
    title, counter, previous, following = st.columns([6, 2, 1.4, 1.4],
                                                     vertical_alignment="center")
    title.title(tr(lang, "title"))
    counter.markdown(md_escape(tr(lang, "step", step=views.briefing_step(view, atlas) + 1,
                                  total=len(views.briefing_steps(atlas)))))
    previous.button(tr(lang, "previous"), key="briefing_previous", on_click=state.update,
                    args=(views.step, atlas, -1), shortcut="Left", width="stretch")
    following.button(tr(lang, "next"), key="briefing_next", on_click=state.update,
                     args=(views.step, atlas, 1),
                     shortcut="Right", type="primary", width="stretch")


def render_panel(atlas: Atlas, view: View) -> None:
    """The large panel: the step's command (mission, composition) or the four commands."""
    lang, command_id = view.lang, view.command
    if command_id is None:
        st.header(md_escape(tr(lang, "commands_overview")))
        for command in atlas.commands:
            stats = atlas.command_stats.loc[command.id]
            colour_bar(command.colour)
            st.markdown(f"**{md_escape(command_label(atlas, command.id, lang))}**  \n"
                        + md_escape(f"{tr(lang, 'hq')}: {command.hq.name.get(lang)} · "
                                    f"{format_km2(lang, stats['area_km2'])} · "
                                    f"{format_share(lang, stats['share'])}"))
        return
    command = atlas.command(command_id)
    stats = atlas.command_stats.loc[command_id]
    colour_bar(command.colour)
    st.header(md_escape(command_label(atlas, command_id, lang)))
    st.markdown(f"**{md_escape(tr(lang, 'hq'))}:** {md_escape(command.hq.name.get(lang))}  \n"
                + md_escape(f"{format_km2(lang, stats['area_km2'])} · "
                            f"{format_share(lang, stats['share'])}"))
    st.markdown(f"**{md_escape(tr(lang, 'mission'))}**")
    stated_text(atlas, command.mission, lang)
    st.markdown(f"**{md_escape(tr(lang, 'composition'))}**")
    stated_text(atlas, command.composition, lang)
