"""Session state: read once from the URL, changed by widgets and clicks, written back to the URL.

One source of truth per choice: `command` is the sidebar select box's own key, so a click on
the map and the select box always agree. A focus request (the select box, the overview
button, a briefing step, a language change, the URL on first load) moves the map and sets
its selection; a click selects in the browser at once and never moves the map.
"""

from __future__ import annotations

import streamlit as st

from components.map_view import Focus, clicked_target
from components.url_state import Notice, ViewState, parse_view, to_query
from geo.atlas import Atlas
from geo.measures import lonlat_bounds

MAP_KEY = "map"


def territory_commands(atlas: Atlas) -> dict[str, str | None]:
    """Territory code -> command id (None for the lease)."""
    return dict(zip(atlas.territories.index, atlas.territories["command"], strict=True))


def bounds_of(atlas: Atlas, command_id: str | None) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a command's territory, or of the whole country."""
    if command_id is None:
        return lonlat_bounds(atlas.territories)
    stats = atlas.command_stats.loc[command_id]
    return stats["west"], stats["south"], stats["east"], stats["north"]


def request_focus(atlas: Atlas, command_id: str | None, oblast: str | None = None) -> None:
    """Ask the map to fit and select a command (or the whole country) once: a new token."""
    previous = st.session_state.get("focus")
    token = previous.token + 1 if previous else 1
    st.session_state["focus"] = Focus(bounds_of(atlas, command_id), token, command_id, oblast)


def initialise(atlas: Atlas) -> None:
    """On a session's first run, take the view from the URL and remember what was ignored."""
    if "initialised" in st.session_state:
        return
    ids = [c.id for c in atlas.commands]
    view, notices = parse_view(st.query_params.to_dict(), ids, territory_commands(atlas))
    st.session_state.update({
        "initialised": True,
        "lang": view.lang,
        "command": view.command,
        "oblast": view.oblast,
        "visible": list(view.visible) if view.visible is not None else ids,
        "briefing": view.mode == "briefing",
        "focus": Focus(bounds_of(atlas, view.command), 1, view.command, view.oblast),
        "notices": notices,
        "show_labels": False,
        "show_hq": True,
    })


def current_view(atlas: Atlas) -> ViewState:
    """The view as the URL contract describes it."""
    ids = [c.id for c in atlas.commands]
    visible = tuple(c for c in ids if c in st.session_state["visible"])
    return ViewState(st.session_state["lang"], st.session_state["command"],
                     st.session_state["oblast"], visible,
                     "briefing" if st.session_state["briefing"] else None)


def write_url(atlas: Atlas) -> None:
    """Mirror the view into the URL, so the address bar is always a shareable link."""
    query = to_query(current_view(atlas), [c.id for c in atlas.commands])
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def on_command_chosen(atlas: Atlas) -> None:
    """Sidebar select box: select the command and move the map to it."""
    st.session_state["oblast"] = None
    request_focus(atlas, st.session_state["command"])


def on_language_changed(atlas: Atlas) -> None:
    """A new language rebuilds the map's frame; focus it on the current selection again."""
    request_focus(atlas, st.session_state["command"], st.session_state["oblast"])


def on_map_clicked(atlas: Atlas) -> None:
    """A click on a territory or an HQ marker selects it; the map stays where it is."""
    target = clicked_target(st.session_state.get(MAP_KEY))
    if target is None:
        return
    kind, value = target
    commands = territory_commands(atlas)
    if kind == "territory" and value in commands:
        st.session_state["oblast"] = value
        st.session_state["command"] = commands[value]
    elif kind == "hq" and value in {c.id for c in atlas.commands}:
        st.session_state["oblast"] = None
        st.session_state["command"] = value


def clear_selection(atlas: Atlas) -> None:
    """Back to the overview of the whole country."""
    st.session_state.update({"command": None, "oblast": None})
    request_focus(atlas, None)


def dismiss_notices() -> None:
    """Hide the URL notices."""
    st.session_state["notices"] = []


def notices() -> list[Notice]:
    """What the URL asked for that was ignored."""
    return st.session_state.get("notices", [])
