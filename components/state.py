"""The one module that writes Streamlit's session state.

A session keeps one `View` (components/view.py) under VIEW_KEY. Widgets only show it: each
widget gets a key per language, seeded from the view before it is drawn, and a callback that
copies the chosen id back through a transition of components/view.py. Keying per language
matters: Streamlit's select widgets keep the *formatted label* as their value in the browser,
so after a language switch the old label matches no option and would come back as a label
instead of an id (the KeyError of issue #9). A fresh key per language starts from the view.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from time import sleep
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import view as views
from components.map import clicked_target
from components.view import Focus, View
from geo.atlas import Atlas

VIEW_KEY = "view"
MAP_KEY = "map"
FAILED_KEY = "page_failed"  # set when a run raised; the next run shows the apology page
BOX_KEY = "latest_view"  # a ViewBox: the view as of the last run, for the download buttons
OUTSIDE_KEY = "drawn_outside_for"  # views.outside_the_map of the view the sidebar was drawn for
PROJECTOR_MAP_KEY = "projector_map"  # the map key a projector last sent (whole or not)

log = logging.getLogger(__name__)

Transition = Callable[..., View]


class ViewBox:
    """The session's view as of its last run, readable where Streamlit's session state is not:
    a download button's callable runs on a server thread when it is pressed, and the button
    (in the sidebar, which a click on the map does not redraw) must export what is selected
    then, not when the button was drawn."""

    def __init__(self) -> None:
        self.view: View | None = None


def view_box() -> ViewBox:
    """The session's ViewBox."""
    if not isinstance(st.session_state.get(BOX_KEY), ViewBox):
        st.session_state[BOX_KEY] = ViewBox()
    return st.session_state[BOX_KEY]


def widget_key(name: str, lang: str) -> str:
    """The key of widget `name` when the interface is in `lang`."""
    return f"{name}_{lang}"


def current() -> View:
    """The session's view (begin() has made it)."""
    return st.session_state[VIEW_KEY]


def language(default: str) -> str:
    """The session's language, or `default` before it has a view."""
    view = st.session_state.get(VIEW_KEY)
    return view.lang if isinstance(view, View) else default


def begin(atlas: Atlas) -> View:
    """The view for this run: the session's, or on its first run the URL's; then act on a new
    click on the map, if the map component reports one."""
    view = st.session_state.get(VIEW_KEY)
    if not isinstance(view, View):
        view = views.from_url(st.query_params.to_dict(), atlas)
    elif history_navigation():
        # Back or Forward: the browser shows an earlier address; the page follows it (finish()
        # would otherwise write the session's view back over it).
        view = views.from_history(view, atlas, st.query_params.to_dict())
    view = after_map_value(view, views.atlas_of(view, atlas), st.session_state.get(MAP_KEY))
    st.session_state[VIEW_KEY] = view
    view_box().view = view  # what a download made from now on exports
    return view


def history_navigation() -> bool:
    """Whether this run is the browser's Back or Forward: Streamlit pushes a history entry for
    each new URL the app writes, and on popstate reruns the script with that entry's URL."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and getattr(ctx, "is_history_navigation", False))


def after_map_value(view: View, atlas: Atlas, value: Any) -> View:
    """Act once on the map component's value: a click on a territory or an HQ star.

    The value stays in session state after it was acted on; its fingerprint keeps a later
    rerun (a filter change, say) from selecting the clicked territory again.
    """
    if value is None:
        return view
    try:
        fingerprint = json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return view
    if fingerprint == view.last_click:
        return view
    view = replace(view, last_click=fingerprint)
    target = clicked_target(value)
    if target is None:
        return view
    kind, value = target
    if kind == "territory":
        return views.click_territory(view, atlas, value)
    return views.click_headquarters(view, atlas, value)


def remember_map_value(component_key: str) -> None:
    """The map component's callback: keep the value it reports under MAP_KEY, where `begin`
    reads it (its own key changes with the map's language)."""
    st.session_state[MAP_KEY] = st.session_state.get(component_key, {})


def update(transition: Transition, atlas: Atlas, *args: Any) -> None:
    """Apply a transition to the session's view (a widget's or a button's callback).

    A transition that raises leaves the view as it was: the viewer's page goes on, and the
    traceback goes to the server's log only.
    """
    view = current()
    try:
        # The atlas of the division the view draws now, whichever one the widget was drawn in.
        st.session_state[VIEW_KEY] = transition(view, views.atlas_of(view, atlas), *args)
    except Exception:
        log.exception("transition %s failed; the view is unchanged",
                      getattr(transition, "__name__", transition))


def _widget_changed(key: str, transition: Transition, atlas: Atlas) -> None:
    update(transition, atlas, st.session_state.get(key))


def bind(name: str, view: View, shown: Any, transition: Transition, atlas: Atlas) -> dict:
    """Keyword arguments that make a widget show `shown` and send changes to `transition`.

    Pass them to the widget and give it no default of its own (Streamlit warns when a widget
    has both a default and a value set through session state).
    """
    key = widget_key(name, view.lang)
    if key not in st.session_state or st.session_state[key] != shown:
        st.session_state[key] = shown
    return {"key": key, "on_change": _widget_changed, "args": (key, transition, atlas)}


def outside_drawn(view: View) -> None:
    """Remember what the sidebar and the page around the map were drawn for (a full run)."""
    st.session_state[OUTSIDE_KEY] = views.outside_the_map(view)


def outside_is_stale(view: View) -> bool:
    """Whether the page around the map shows another view than `view` (after an action
    inside the map's fragment that changed, say, the focus shown in the sidebar)."""
    return st.session_state.get(OUTSIDE_KEY) != views.outside_the_map(view)


def finish(view: View, atlas: Atlas) -> None:
    """Mirror the view into the URL, so the address bar is always a shareable link."""
    query = views.to_url(view, atlas)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def projector_map_drawn(key: str) -> bool:
    """Whether this projector's map frame (component key `key`) has drawn its base map: an
    earlier run of this page sent it whole, and a full run of the page has not come since
    (a full run may be a reconnected browser, whose frame is new). Then remembers that this
    run sends it: the next of its runs (a step) may leave it out."""
    ctx = get_script_run_ctx()
    fragment_run = bool(ctx is not None and getattr(ctx, "fragment_ids_this_run", None))
    drawn = fragment_run and st.session_state.get(PROJECTOR_MAP_KEY) == key
    st.session_state[PROJECTOR_MAP_KEY] = key
    return drawn


def mark_failed() -> None:
    """Remember that this run raised, so the next run shows the apology page."""
    st.session_state[FAILED_KEY] = True


def take_failure() -> bool:
    """Whether the last run raised; asking clears it, so the next action tries the page again."""
    return bool(st.session_state.pop(FAILED_KEY, False))


def reset(atlas: Atlas, lang: str) -> None:
    """Start over from the overview in `lang`, keeping the URL's valid filter and mode."""
    view = st.session_state.get(VIEW_KEY)
    params = {"lang": lang}
    if isinstance(view, View) and view.division:
        params["division"] = view.division
    fresh = views.from_url(params, atlas)
    if isinstance(view, View):
        fresh = replace(fresh, visible=view.visible, briefing=view.briefing,
                        show_labels=view.show_labels, theme=view.theme,
                        focus=Focus(fresh.focus.bounds, view.focus.token + 1))
    st.session_state[VIEW_KEY] = fresh


# A session's first run: Streamlit's server sends a run's elements as they are made, every
# 5 ms, and the browser draws all that has arrived in one task. The first run makes ~40
# elements in a few milliseconds, so a phone drew them in one task of 100-140 ms (issue 22:
# total blocking time; Lighthouse's mobile preset, 4x slower CPU), where the naive baseline's
# two elements leave only the map's own task. Pausing briefly after the sidebar and after the
# map lets the browser draw the page in shorter tasks. Later runs (a click, a step) redraw
# little and never pause.
FIRST_RUN_PAUSE_S = 0.06
FIRST_RUN_KEY = "_kz_first_run"


def note_first_run() -> None:
    """Called by the page before begin(): whether this run is the session's first."""
    st.session_state[FIRST_RUN_KEY] = not isinstance(st.session_state.get(VIEW_KEY), View)


def end_first_run() -> None:
    """Called by the page when its run is drawn: a map click's rerun of the map's fragment,
    which follows the first run, is not the first run."""
    st.session_state[FIRST_RUN_KEY] = False


def pause_in_first_run() -> None:
    """On the session's first run only, let the browser draw what was sent so far."""
    if st.session_state.get(FIRST_RUN_KEY):
        sleep(FIRST_RUN_PAUSE_S)
