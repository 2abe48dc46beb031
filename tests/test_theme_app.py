"""The dark theme through AppTest: `theme=dark` in the link, the sidebar's switch and the
briefing's own, the page's dark CSS and the map's overlay asking for the dark map; a bad
value is a notice."""

from __future__ import annotations

import json
import re

import pytest

from components import theme
from components.state import widget_key
from tests.app_driver import lang, run_app, url, widget


def dark_css_blocks(at) -> int:
    return sum(block.proto.body == theme.PAGE_CSS for block in at.get("html"))


def map_theme(at) -> str:
    """The theme the map's view overlay asks for (kzViewUpdate's config)."""
    [component] = [e for e in at.get("component_instance")
                   if "feature_group" in e.proto.json_args]
    overlays = json.loads(component.proto.json_args)["feature_group"]
    return re.search(r'"theme": "(\w+)"', overlays).group(1)


def test_a_dark_link_opens_dark_and_keeps_it():
    at = run_app(theme="dark", command="batys")
    assert not at.warning and not at.exception
    assert at.session_state["view"].theme == "dark"
    assert dark_css_blocks(at) == 1
    assert map_theme(at) == "dark"
    assert widget(at, "toggle", "theme").value is True
    assert url(at) == {"command": "batys", "theme": "dark"}


def test_the_default_page_is_light():
    at = run_app()
    assert dark_css_blocks(at) == 0 and map_theme(at) == "light"
    assert widget(at, "toggle", "theme").value is False


def test_the_sidebar_switch_turns_the_room_dark_and_back():
    at = run_app(lang="kk")
    widget(at, "toggle", "theme").set_value(True).run()
    assert url(at) == {"lang": "kk", "theme": "dark"}
    assert dark_css_blocks(at) == 1 and map_theme(at) == "dark"
    widget(at, "toggle", "theme").set_value(False).run()
    assert url(at) == {"lang": "kk"}
    assert dark_css_blocks(at) == 0 and map_theme(at) == "light"


def test_a_briefing_has_its_own_switch_and_the_step_stays():
    at = run_app(mode="briefing", command="shygys", lang="ru")
    toggle = at.toggle(key=widget_key("briefing_theme", lang(at)))
    assert toggle.label == "Тёмная тема" and toggle.value is False
    toggle.set_value(True).run()
    assert url(at) == {"command": "shygys", "lang": "ru", "mode": "briefing", "theme": "dark"}
    assert dark_css_blocks(at) == 1 and map_theme(at) == "dark"
    # Still the step it was: the panel names the command.
    assert at.session_state["view"].command == "shygys"


def test_a_new_language_keeps_the_dark_theme():
    at = run_app(theme="dark", mode="briefing")
    at.radio(key=widget_key("briefing_lang", lang(at))).set_value("kk").run()
    assert url(at) == {"lang": "kk", "mode": "briefing", "theme": "dark"}
    assert dark_css_blocks(at) == 1


@pytest.mark.parametrize("value", ["black", "<b>dark</b>"])
def test_a_bad_theme_is_a_notice_and_the_page_stays_light(value):
    at = run_app(theme=value)
    assert at.warning and "theme" in at.warning[0].value
    assert at.session_state["view"].theme == "light" and dark_css_blocks(at) == 0


def test_the_presenter_and_the_projector_keep_a_dark_room(tmp_path, monkeypatch):
    """A deck presented in the dark: the presenter's view and the projector that follows it
    are dark, step after step, and their links say so."""
    monkeypatch.setenv("KZ_DATA_DIR", str(tmp_path))  # the real store, in a file of its own
    speaker = run_app(deck="default", mode="presenter", lang="kk", theme="dark")
    assert dark_css_blocks(speaker) == 1 and map_theme(speaker) == "dark"
    speaker.button(key="briefing_next").click().run()
    assert speaker.session_state["view"].command == "astana"
    assert url(speaker)["theme"] == "dark" and url(speaker)["step"] == "2"
    assert dark_css_blocks(speaker) == 1 and map_theme(speaker) == "dark"
    own = url(speaker)["deck"]  # the tour, in this presenter's room (issue 23)
    room = run_app(deck=own, mode="briefing", follow="1", lang="ru", theme="dark")
    assert room.session_state["view"].deck_step == 1
    assert dark_css_blocks(room) == 1 and map_theme(room) == "dark"
    # The room can be darkened from the projector itself (its sidebar is not drawn).
    light_room = run_app(deck=own, mode="briefing", follow="1", lang="ru")
    light_room.toggle(key=widget_key("briefing_theme", "ru")).set_value(True).run()
    assert url(light_room)["theme"] == "dark" and map_theme(light_room) == "dark"
