"""The view's transitions (components/view.py): pure functions, no Streamlit."""

from __future__ import annotations

import pytest

from components import view as views

FORGED = ["Regional Command «West»", "«Батыс» өңірлік қолбасшылығы", "atlantis", 7, None, ["x"]]


@pytest.fixture(scope="module")
def start(atlas):
    return views.from_url({}, atlas)


@pytest.mark.parametrize("value", FORGED)
@pytest.mark.parametrize("transition", [
    views.set_language, views.choose_territory, views.click_territory,
    views.click_headquarters, views.set_briefing, views.set_labels, views.set_headquarters])
def test_a_value_that_is_not_a_known_id_leaves_the_view_as_it_was(atlas, start, transition,
                                                                  value):
    assert transition(start, atlas, value) == start


@pytest.mark.parametrize("value", [v for v in FORGED if v is not None])
def test_choose_command_ignores_what_is_not_a_command(atlas, start, value):
    assert views.choose_command(start, atlas, value) == start


@pytest.mark.parametrize("value", ["astana", ["astana", "Regional Command «West»"], 3])
def test_the_filter_takes_only_lists_of_known_ids(atlas, start, value):
    assert views.set_visible(start, atlas, value) == start


def test_only_the_viewer_empties_the_filter(atlas, start):
    assert views.set_visible(start, atlas, []).visible == ()
    assert views.set_visible(start, atlas, ["batys", "astana"]).visible == ("astana", "batys")


def test_a_filter_box_shows_or_hides_its_command_and_keeps_the_others(atlas, start):
    two = views.set_visible(start, atlas, ["batys", "astana"])
    assert views.show_command(two, atlas, False, command="astana").visible == ("batys",)
    assert views.show_command(two, atlas, True, command="ontustik").visible == (
        "astana", "batys", "ontustik")  # the data's order
    assert views.show_command(two, atlas, True, command="batys") == two
    assert views.show_command(two, atlas, False, command="shygys") == two
    # Only a box's True or False, and only a command, change anything.
    assert views.show_command(two, atlas, "yes", command="shygys") == two
    assert views.show_command(two, atlas, True, command="sever") == two


def test_a_click_selects_without_moving_the_map_and_a_choice_moves_it(atlas, start):
    clicked = views.click_territory(start, atlas, "pavlodar")
    assert (clicked.command, clicked.oblast, clicked.focus) == ("shygys", "pavlodar", start.focus)
    chosen = views.choose_command(clicked, atlas, "batys")
    assert chosen.oblast is None and chosen.focus.token == start.focus.token + 1
    assert chosen.focus.command == "batys" and chosen.focus.bounds[0] < 50


def test_a_new_language_asks_the_rebuilt_map_to_show_the_selection_again(atlas, start):
    clicked = views.click_territory(start, atlas, "atyrau")
    switched = views.set_language(clicked, atlas, "kk")
    assert switched.lang == "kk" and switched.focus.token == clicked.focus.token + 1
    assert (switched.focus.command, switched.focus.oblast) == ("batys", "atyrau")


def test_briefing_steps_loop_through_the_commands(atlas, start):
    seen = []
    current = start
    for _ in range(5):
        current = views.step(current, atlas, 1)
        seen.append(current.command)
    assert seen == ["astana", "shygys", "batys", "ontustik", None]
    assert views.step(current, atlas, -1).command == "ontustik"


def test_a_filtered_briefing_steps_through_what_the_filter_shows_and_keeps_it(atlas, start):
    filtered = views.set_visible(start, atlas, ["batys", "astana"])
    assert views.briefing_steps(atlas, filtered.visible) == (None, "astana", "batys")
    seen = []
    current = filtered
    for _ in range(3):
        current = views.step(current, atlas, 1)
        seen.append(current.command)
        assert current.visible == ("astana", "batys")  # the filter stays, in every step
    assert seen == ["astana", "batys", None]
    assert views.step(current, atlas, -1).command == "batys"
    # A hidden command selected by a click is no step: the next step is the first shown.
    clicked = views.click_territory(filtered, atlas, "pavlodar")
    assert views.briefing_step(clicked, atlas) == 0
    assert views.step(clicked, atlas, 1).command == "astana"


def test_the_url_round_trips(atlas):
    query = {"lang": "ru", "oblast": "kostanay", "commands": "astana,batys", "mode": "briefing"}
    view = views.from_url(query, atlas)
    assert views.to_url(view, atlas) == {"command": "astana", **query}
    assert views.from_url(views.to_url(view, atlas), atlas).notices == ()


def test_back_to_an_address_takes_its_view_and_keeps_the_sessions_layers(atlas, start):
    layered = views.set_frontiers(views.set_labels(start, atlas, True), atlas, True)
    here = views.click_territory(layered, atlas, "atyrau")
    back = views.from_history(here, atlas, {"command": "astana", "commands": "astana,batys",
                                            "mode": "briefing", "lang": "kk"})
    assert (back.command, back.oblast, back.visible, back.briefing, back.lang) == (
        "astana", None, ("astana", "batys"), True, "kk")
    assert (back.show_labels, back.show_frontiers, back.last_click) == (
        True, True, here.last_click)
    assert back.focus.command == "astana" and back.focus.token == here.focus.token + 1
    # The address the page already shows changes nothing (the run asks twice).
    assert views.from_history(back, atlas, views.to_url(back, atlas)) is back
