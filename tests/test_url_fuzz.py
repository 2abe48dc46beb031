"""Arbitrary query strings thrown at the app through AppTest: it never raises, and the valid
part of the URL still takes effect."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

TITLES = {"kk": "Құрлық күштерінің өңірлік қолбасшылықтары",
          "ru": "Региональные командования Сухопутных войск",
          "en": "Land Forces regional commands"}
names = st.one_of(st.sampled_from(["command", "oblast", "commands", "mode", "zoom", "x"]),
                  st.text(max_size=12))
values = st.one_of(st.text(max_size=120), st.sampled_from(
    ["batys", "astana,zzz", ",,", "briefing", "pavlodar", "%00", "<script>", "ＫＺ", "🙂" * 30]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=st.dictionaries(names, values, max_size=5),
       lang=st.sampled_from(sorted(TITLES)),
       command=st.sampled_from([None, "astana", "shygys", "batys", "ontustik"]))
def test_any_query_keeps_the_app_up_and_the_valid_part_applies(params, lang, command):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    params = {k: v for k, v in params.items() if k not in ("lang", "command", "oblast")}
    for key, value in params.items():
        at.query_params[key] = value
    at.query_params["lang"] = lang
    if command:
        at.query_params["command"] = command
    at.run()
    assert not at.exception
    heading = at.title if at.session_state["briefing"] else at.header  # briefing: larger
    assert heading[0].value == TITLES[lang]
    assert at.selectbox(key="command").value == command
