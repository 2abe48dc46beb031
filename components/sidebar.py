"""The sidebar: language, command filter, zoom-to-command, layers, legend, sources.

Widgets only show the view; their changes go through components/state.py.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import exports, state
from components import view as views
from components.i18n import LANGUAGE_NAMES, LANGUAGES, tr
from components.map_view import UNASSIGNED_COLOUR, command_label
from components.text import md_escape
from components.view import View
from geo.atlas import Atlas


def swatch(colour: str) -> str:
    """A coloured square; `colour` is validated as #rrggbb at load, so this HTML is safe."""
    return (f'<span style="display:inline-block;width:14px;height:14px;border-radius:3px;'
            f'background:{colour};vertical-align:middle;margin-right:6px"></span>')


def render(atlas: Atlas, view: View) -> None:
    """Draw the sidebar for `view`."""
    lang = view.lang
    ids = views.command_ids(atlas)
    with st.sidebar:
        st.radio(tr(lang, "language"), LANGUAGES, horizontal=True,
                 format_func=LANGUAGE_NAMES.get,
                 **state.bind("lang", view, view.lang, views.set_language, atlas))
        st.toggle(tr(lang, "briefing_mode"),
                  **state.bind("briefing", view, view.briefing, views.set_briefing, atlas))
        st.multiselect(tr(lang, "filter"), ids,
                       format_func=lambda c: atlas.command(c).name.get(lang),
                       **state.bind("visible", view, list(view.visible), views.set_visible,
                                    atlas))
        st.selectbox(tr(lang, "focus"), [None, *ids],
                     format_func=lambda c: tr(lang, "focus_all") if c is None
                     else command_label(atlas, c, lang),
                     **state.bind("command", view, view.command, views.choose_command, atlas))
        st.button(tr(lang, "clear"), on_click=state.update,
                  args=(views.back_to_overview, atlas), key="clear", width="stretch")

        st.markdown(f"**{md_escape(tr(lang, 'layers'))}**")
        st.toggle(tr(lang, "labels"),
                  **state.bind("labels", view, view.show_labels, views.set_labels, atlas))
        st.toggle(tr(lang, "hq_markers"),
                  **state.bind("hq", view, view.show_hq, views.set_headquarters, atlas))

        render_legend(atlas, view)
        render_downloads(atlas, lang, view.visible)

        with st.expander(tr(lang, "sources_credits")):
            st.caption(md_escape(tr(lang, "credits_text")))
            for source in atlas.sources.values():
                detail = " — ".join(part for part in (source.url, source.date) if part)
                st.caption(md_escape(source.title.get(lang) + (f" ({detail})" if detail else "")))


def render_legend(atlas: Atlas, view: View) -> None:
    """Colour, command, HQ and number of oblasts for each command, drawn by the app."""
    lang = view.lang
    st.markdown(f"**{md_escape(tr(lang, 'legend'))}**")
    for command in atlas.commands:
        stats = atlas.command_stats.loc[command.id]
        row = md_escape(command_label(atlas, command.id, lang))
        detail = md_escape(tr(lang, "legend_row", hq=command.hq.name.get(lang),
                              count=int(stats["oblast_count"])))
        if command.id not in view.visible:
            row = f"~~{row}~~"
            detail += " · " + md_escape(tr(lang, "legend_hidden"))
        legend_row(command.colour, f"{row}  \n{detail}")
    legend_row(UNASSIGNED_COLOUR, md_escape(tr(lang, "legend_unassigned")))
    st.caption(md_escape("★ — " + tr(lang, "legend_hq")))


def legend_row(colour: str, markdown_text: str) -> None:
    """A swatch beside already-escaped markdown text."""
    swatch_column, text_column = st.columns([1, 8], vertical_alignment="center", gap="small")
    swatch_column.html(swatch(colour))
    text_column.markdown(markdown_text)


def render_downloads(atlas: Atlas, lang: str, visible: tuple[str, ...]) -> None:
    """Download buttons; each file is made only when its button is pressed."""
    today = date.today()
    files = [
        ("export_pdf", "briefing", "pdf", "application/pdf",
         lambda: exports.briefing_pdf(atlas, lang, today)),
        ("export_png", "map", "png", "image/png",
         lambda: exports.slide_png(atlas, lang, visible, today)),
        ("export_html", "map", "html", "text/html",
         lambda: exports.standalone_html(atlas, lang, visible)),
        ("export_geojson", "territories", "geojson", "application/geo+json",
         lambda: exports.territories_geojson(atlas)),
        ("export_csv", "commands", "csv", "text/csv",
         lambda: exports.commands_csv(atlas, lang)),
    ]
    with st.expander(tr(lang, "exports")):
        for label, kind, extension, mime, make in files:
            st.download_button(tr(lang, label), data=make, mime=mime, on_click="ignore",
                               file_name=exports.export_filename(kind, lang, today, extension),
                               key=f"download_{extension}", width="stretch")
