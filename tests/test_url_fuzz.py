"""Arbitrary query strings thrown at the app through AppTest: it never raises, and the valid
part of the URL still takes effect."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.app_driver import start, zoomed_command

TITLES = {"kk": "Құрлық күштерінің өңірлік қолбасшылықтары",
          "ru": "Региональные командования Сухопутных войск",
          "en": "Land Forces regional commands"}
names = st.one_of(st.sampled_from(["command", "oblast", "commands", "mode", "zoom", "x", "deck",
                                   "step", "follow", "theme"]),
                  st.text(max_size=12))
values = st.one_of(st.text(max_size=120), st.sampled_from(
    ["batys", "astana,zzz", ",,", "briefing", "pavlodar", "%00", "<script>", "ＫＺ", "🙂" * 30,
     "presenter", "default", "nosuchdeck", "3", "0", "1", "dark"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=st.dictionaries(names, values, max_size=5),
       lang=st.sampled_from(sorted(TITLES)),
       command=st.sampled_from([None, "astana", "shygys", "batys", "ontustik"]))
def test_any_query_keeps_the_app_up_and_the_valid_part_applies(params, lang, command):
    params = {k: v for k, v in params.items() if k not in ("lang", "command", "oblast")}
    params["lang"] = lang
    if command:
        params["command"] = command
    at = start(**params)
    assert not at.exception
    heading = at.title if at.session_state["view"].briefing else at.header  # briefing: larger
    assert heading[0].value == TITLES[lang]
    view = at.session_state["view"]
    if view.deck is None or not view.briefing:  # a presented deck's step chooses the command
        assert zoomed_command(at) == command
    dark = str(params.get("theme", "")).strip().lower() == "dark"
    assert view.theme == ("dark" if dark else "light")
