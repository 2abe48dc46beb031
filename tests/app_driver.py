"""Driving the app through Streamlit's AppTest: start it, read its text, act as a viewer."""

from __future__ import annotations

import itertools

from streamlit.testing.v1 import AppTest

from components.state import MAP_KEY, VIEW_KEY, widget_key
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
TIMEOUT = 30
_click_positions = itertools.count()


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


def page_text(at: AppTest) -> str:
    """Every text on the page, markdown escapes and bold marks removed."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.title] + [e.value for e in at.subheader]
    parts += [e.value for e in at.header]
    parts += [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [e.value for e in at.info]
    parts += [e.label for e in at.expander]
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


def click_map(at: AppTest, properties: dict) -> AppTest:
    """What streamlit-folium reports for a click on a feature with `properties`."""
    position = next(_click_positions)
    at.session_state[MAP_KEY] = {
        "last_active_drawing": {"type": "Feature", "properties": properties,
                                "geometry": {"type": "Point", "coordinates": [70, 48]}},
        "last_object_clicked": {"lat": 48.0, "lng": 70.0 + position * 1e-4},
    }
    return at.run()
