"""Driving the app through Streamlit's AppTest: start it, read its text, act as a viewer."""

from __future__ import annotations

import html
import itertools
import re
from functools import partial
from unittest.mock import patch

from streamlit.runtime.scriptrunner import RerunData
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import ElementTree, InitialValue, Radio

from components.sidebar import WHOLE_COUNTRY
from components.state import MAP_KEY, VIEW_KEY, widget_key
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
TIMEOUT = 30
_click_positions = itertools.count()


# --- AppTest made to send what a browser sends for radio buttons ---
#
# A browser's radio group (as its select boxes did: the app has none now) holds the *label*
# it last showed, and sends that label back on every rerun until the server sets a new value.
# AppTest instead re-formats the server's value with the labels of the latest run, so it could
# not see the crash of issue #9 (a label from the previous language sent after a language
# switch). The two hooks below keep, per widget id, the label a browser would hold, and send
# it for every radio the test has not just set.

def _labels_of(node: Radio) -> list[str]:
    return [node.options[node.index]] if node.index is not None and node.options else []


def _remember_shown_labels(at: AppTest) -> None:
    """After a run: a widget the browser had not seen, or whose value the server set, shows
    the new run's label; every other widget keeps the label it held."""
    held = at.__dict__.setdefault("_browser_labels", {})
    for node in at._tree:
        if isinstance(node, Radio):
            if node.id not in held or node.proto.set_value:
                held[node.id] = _labels_of(node)


def _browser_widget_states(tree: ElementTree):
    states = _original_get_widget_states(tree)
    held = getattr(tree._runner, "_browser_labels", None)
    if held is None:
        return states
    nodes = {node.id: node for node in tree if isinstance(node, Radio)}
    for state in states.widgets:
        node = nodes.get(state.id)
        if node is None:
            continue
        if not isinstance(node._value, InitialValue):  # the test chose a value just now
            held[node.id] = _labels_of(node)
        labels = held.get(node.id, [])
        if labels:
            state.string_value = labels[0]
    return states


def _run_and_remember(self: AppTest, *args, **kwargs):
    result = _original_run(self, *args, **kwargs)
    _remember_shown_labels(self)
    return result


_original_get_widget_states = ElementTree.get_widget_states
_original_run = AppTest._run
ElementTree.get_widget_states = _browser_widget_states
AppTest._run = _run_and_remember


def start(**query: str) -> AppTest:
    """A fresh session on a link with `query`, after its first run."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at


def run_app(**query: str) -> AppTest:
    """`start`, and the first run raised nothing."""
    at = start(**query)
    assert not at.exception, at.exception
    return at


def open_expander(at: AppTest, *keys: str) -> AppTest:
    """Open the expanders with `keys` as a viewer's clicks do (the app draws what is in some
    expanders only when they are open), and run."""
    for key in keys:
        at.session_state[key] = True
    at.run()
    assert not at.exception, at.exception
    return at


def page_text(at: AppTest) -> str:
    """Every text on the page, markdown escapes and bold marks removed."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.title] + [e.value for e in at.subheader]
    parts += [e.value for e in at.header]
    parts += [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [e.value for e in at.info]
    parts += [e.label for e in at.expander]
    # st.html blocks (the legend, the map's text alternative) as the reader gets them: text
    # only, entities decoded; style and script blocks are not text.
    for block in at.get("html"):
        body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", block.proto.body, flags=re.S)
        parts.append(html.unescape(re.sub(r"<[^>]+>", " ", body)))
    for table in at.dataframe:  # the panels' tables: every cell, row by row
        parts += [" ".join(map(str, row)) for row in table.value.itertuples(index=False)]
    return "\n".join(parts).replace("\\", "").replace("**", "")


def url(at: AppTest) -> dict[str, str]:
    """The query parameters the app wrote."""
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def lang(at: AppTest) -> str:
    """The session's interface language."""
    return at.session_state[VIEW_KEY].lang


def widget(at: AppTest, kind: str, name: str):
    """The sidebar widget `name` (lang, briefing, visible, command, labels, hq) of this run."""
    return getattr(at, kind)(key=widget_key(name, lang(at)))


def zoomed_command(at: AppTest) -> str | None:
    """The command "Zoom to command" shows (None: the whole country)."""
    choice = widget(at, "radio", "command").value
    return None if choice == WHOLE_COUNTRY else choice


def zoom_to(at: AppTest, command: str | None) -> AppTest:
    """Choose `command` (None: the whole country) in "Zoom to command", and run."""
    return widget(at, "radio", "command").set_value(
        WHOLE_COUNTRY if command is None else command).run()


def _filter_boxes(at: AppTest) -> list[tuple[str, object]]:
    """The sidebar filter's checkboxes of this run, as (command id, box), in the data's order."""
    suffix = f"_{lang(at)}"
    return [(box.key.removeprefix("visible_").removesuffix(suffix), box)
            for box in at.sidebar.checkbox
            if box.key.startswith("visible_") and box.key.endswith(suffix)]


def shown_commands(at: AppTest) -> list[str]:
    """The commands the sidebar's filter shows (its ticked boxes), in the data's order."""
    return [command for command, box in _filter_boxes(at) if box.value]


def show_commands(at: AppTest, chosen: list[str]) -> AppTest:
    """Tick the filter's boxes of `chosen` and untick the others, one click (one run) at a
    time, as a viewer does."""
    for command, box in _filter_boxes(at):
        if box.value != (command in chosen):
            at.checkbox(key=box.key).set_value(command in chosen).run()
    return at


def click_map(at: AppTest, properties: dict) -> AppTest:
    """What streamlit-folium reports for a click on a feature with `properties`."""
    position = next(_click_positions)
    at.session_state[MAP_KEY] = {
        "last_active_drawing": {"type": "Feature", "properties": properties,
                                "geometry": {"type": "Point", "coordinates": [70, 48]}},
        "last_object_clicked": {"lat": 48.0, "lng": 70.0 + position * 1e-4},
    }
    return at.run()


def navigate(at: AppTest, query: dict[str, str]) -> AppTest:
    """What the browser's Back or Forward does: the address becomes an earlier entry's
    `query`, and Streamlit's frontend reruns the script marked as a history navigation
    (its popstate handler; AppTest has no such run of its own)."""
    at.query_params.clear()
    at.query_params.update(query)
    with patch("streamlit.testing.v1.local_script_runner.RerunData",
               partial(RerunData, is_history_navigation=True)):
        return at.run()
