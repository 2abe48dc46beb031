"""The URL contract as pure functions: parse, write, and the round trip between them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from components.url_state import ViewState, parse_view, to_query

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
    assert all(len(v) <= 61 for n in notices for v in n.values.values())
