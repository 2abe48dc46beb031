"""The URL contract as pure functions: parse, write, and the round trip between them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.url_state import (
    MAX_COMMAND_PARTS,
    MAX_NOTICES,
    MAX_VALUE_SHOWN,
    Notice,
    ViewState,
    parse_view,
    to_query,
)

IDS = ["astana", "shygys", "batys", "ontustik"]
TERRITORIES = {"akmola": "astana", "pavlodar": "shygys", "atyrau": "batys",
               "almaty-city": "ontustik", "baikonur": None}


def test_empty_url_is_the_default_view():
    assert parse_view({}, IDS, TERRITORIES) == (ViewState(), [])


def test_oblast_implies_its_command():
    view, notices = parse_view({"oblast": "Pavlodar"}, IDS, TERRITORIES)
    assert (view.oblast, view.command, notices) == ("pavlodar", "shygys", [])


def test_repeated_parameter_takes_the_last_value():
    view, _ = parse_view({"lang": ["kk", "ru"]}, IDS, TERRITORIES)
    assert view.lang == "ru"


def test_empty_commands_means_none_shown():
    view, notices = parse_view({"commands": ""}, IDS, TERRITORIES)
    assert view.visible == () and notices == []
    assert to_query(view, IDS) == {"commands": ""}


views = st.builds(
    ViewState,
    lang=st.sampled_from(["kk", "ru", "en"]),
    oblast=st.sampled_from([None, *TERRITORIES]),
    visible=st.one_of(st.none(), st.lists(st.sampled_from(IDS), unique=True).map(
        lambda chosen: tuple(c for c in IDS if c in chosen))),
    mode=st.sampled_from([None, "briefing"]),
).map(lambda v: ViewState(v.lang, TERRITORIES[v.oblast] if v.oblast else None, v.oblast,
                          v.visible, v.mode))


@given(views, st.sampled_from([None, *IDS]))
def test_round_trip(view, command_without_oblast):
    if view.oblast is None:
        view = ViewState(view.lang, command_without_oblast, None, view.visible, view.mode)
    parsed, notices = parse_view(to_query(view, IDS), IDS, TERRITORIES)
    expected_visible = None if view.visible == tuple(IDS) else view.visible
    assert notices == []
    assert parsed == ViewState(view.lang, view.command, view.oblast, expected_visible, view.mode)


@given(st.dictionaries(st.text(max_size=20), st.text(max_size=200), max_size=6))
def test_any_query_parses_without_raising(params):
    view, notices = parse_view(params, IDS, TERRITORIES)
    assert view.lang in ("kk", "ru", "en")
    assert view.command in (None, *IDS)
    assert len(notices) <= MAX_NOTICES
    for notice in notices:
        for value in notice.values.values():
            assert len(value) <= MAX_VALUE_SHOWN + 1
            assert re.fullmatch(r"[a-z0-9,-]+…?", value), value  # nothing else is quoted


def test_a_16_kb_link_is_ignored_with_one_notice():
    link = ",".join(["x"] * 8000)  # 16 KB
    view, notices = parse_view({"commands": link, "lang": "kk"}, IDS, TERRITORIES)
    assert view == ViewState(lang="kk")  # the language still applies, to the notice too
    assert [n.key for n in notices] == ["notice_url_too_long"]


def test_more_than_ten_parameters_are_ignored_with_one_notice():
    params = {f"p{i}": "1" for i in range(11)} | {"command": "batys"}
    view, notices = parse_view(params, IDS, TERRITORIES)
    assert view.command is None and [n.key for n in notices] == ["notice_url_too_long"]


def test_repeated_bad_parts_give_one_notice():
    view, notices = parse_view({"commands": "batys,x,X, x ,x"}, IDS, TERRITORIES)
    assert view.visible == ("batys",)
    assert notices == [Notice("notice_unknown_value", {"param": "commands", "value": "x"})]


def test_notices_are_capped_with_a_count_of_the_rest():
    parts = ",".join(f"mars{i}" for i in range(10))
    _, notices = parse_view({"commands": parts}, IDS, TERRITORIES)
    assert len(notices) == MAX_NOTICES
    assert notices[-1] == Notice("notice_more", {"count": str(10 - (MAX_NOTICES - 1))})


def test_commands_parts_are_capped():
    parts = ",".join([*(f"m{i}" for i in range(MAX_COMMAND_PARTS)), "batys"])
    view, notices = parse_view({"commands": parts}, IDS, TERRITORIES)
    assert view.visible is None  # "batys" came after the cap: not read
    assert notices[0] == Notice("notice_commands_cut", {"count": str(MAX_COMMAND_PARTS)})


@pytest.mark.parametrize("value", [
    "Briefing moved – use laptop 7",  # prose in the app's own voice
    "abc\u202edef<b>",  # right-to-left override and markup
    "ЖАУ",  # only [a-z0-9,-] is ever quoted
])
def test_bad_values_that_are_not_plain_ids_are_never_quoted(value):
    _, notices = parse_view({"command": value, value: "1"}, IDS, TERRITORIES)
    assert notices == [Notice("notice_unknown_param_unquoted"),
                       Notice("notice_unknown_value_unquoted", {"param": "command"})]


def test_control_and_format_characters_are_dropped_from_a_quoted_value():
    _, notices = parse_view({"oblast": "mars\u202e\u0007-1" + "x" * 100}, IDS, TERRITORIES)
    assert notices == [Notice("notice_unknown_value",
                              {"param": "oblast", "value": ("mars-1" + "x" * 100)[:40] + "…"})]


# --- theme= (the dark room) -------------------------------------------------------------------

def test_theme_dark_is_read_and_written_and_light_stays_out_of_links():
    view, notices = parse_view({"theme": " Dark "}, IDS, TERRITORIES)
    assert (view.theme, notices) == ("dark", [])
    assert to_query(view, IDS) == {"theme": "dark"}
    light, notices = parse_view({"theme": "light"}, IDS, TERRITORIES)
    assert (light.theme, notices, to_query(light, IDS)) == (None, [], {})


@pytest.mark.parametrize("value", ["black", "dark mode", "", "1"])
def test_a_bad_theme_is_a_notice_and_the_page_stays_light(value):
    view, notices = parse_view({"theme": value, "command": "batys"}, IDS, TERRITORIES)
    assert view.theme is None and view.command == "batys"
    assert [n.key for n in notices] in (["notice_unknown_value"],
                                        ["notice_unknown_value_unquoted"])
    assert notices[0].values["param"] == "theme"


@given(views, st.sampled_from([None, "dark"]))
def test_round_trip_with_a_theme(view, theme):
    view = ViewState(view.lang, view.command, view.oblast, view.visible, view.mode, theme=theme)
    parsed, notices = parse_view(to_query(view, IDS), IDS, TERRITORIES)
    assert notices == [] and parsed.theme == theme
