"""Decks meet the view (components/deck_view.py) and the URL (deck, step, mode=presenter,
follow): pure functions, no Streamlit."""

from __future__ import annotations

import pytest

from components import deck_view
from components import view as views
from components.decks.model import Deck, Step, StepView
from components.url_state import Notice, ViewState, parse_view, to_query

IDS = ["astana", "shygys", "batys", "ontustik"]


@pytest.fixture(scope="module")
def start(atlas):
    return views.from_url({}, atlas)


@pytest.fixture(scope="module")
def deck():
    return Deck(id="west", title="The west", steps=(
        Step("Overview", view=StepView(division="2022")),
        Step("Atyrau in 2018", "- the Caspian\n- the Ural",
             StepView(division="2018", oblast="atyrau", visible=("batys", "ontustik"),
                      show_frontiers=True, bounds=(46.0, 41.0, 56.0, 48.0))),
        Step("South", view=StepView(command="ontustik", show_rivers=False, lang="kk")),
    ))


def test_a_step_shows_its_division_selection_filter_layers_and_bounds(atlas, start, deck):
    shown = deck_view.apply_step(start, atlas, deck, 1)
    assert (shown.deck, shown.deck_step, shown.division) == ("west", 1, "2018")
    assert (shown.oblast, shown.command) == ("atyrau", "batys")
    assert shown.visible == ("batys", "ontustik") and shown.show_frontiers
    assert shown.focus.bounds == (46.0, 41.0, 56.0, 48.0)
    assert shown.focus.token > start.focus.token  # the map is asked to fit it
    assert shown.lang == start.lang  # the step leaves the language to the viewer


def test_a_step_without_bounds_fits_its_selection_and_may_fix_the_language(atlas, start, deck):
    shown = deck_view.apply_step(start, atlas, deck, 2)
    assert shown.focus.bounds == views.bounds_of(atlas, "ontustik")
    assert shown.lang == "kk" and not shown.show_rivers
    assert shown.visible == tuple(IDS)  # no filter: every command


def test_steps_loop_like_the_tour(atlas, start, deck):
    last = deck_view.apply_step(start, atlas, deck, 2)
    assert deck_view.move(last, atlas, deck, 1).deck_step == 0
    assert deck_view.move(deck_view.apply_step(start, atlas, deck, 0), atlas, deck, -1
                          ).deck_step == 2


def test_a_step_naming_what_the_data_lacks_falls_back_to_the_overview(atlas, start):
    odd = Deck(id="odd", title="Odd", steps=(Step("?", view=StepView(
        division="1990", command="atlantis", oblast="nowhere", visible=("batys", "zzz"))),))
    shown = deck_view.apply_step(start, atlas, odd, 0)
    assert (shown.division, shown.command, shown.oblast) == (
        atlas.root().division.id, None, None)
    assert shown.visible == ("batys",)


def test_the_map_captured_as_a_step_shows_the_same_again(atlas, start, deck):
    view = views.set_division(start, atlas, "2018")
    view = views.choose_territory(view, views.atlas_of(view, atlas), "aktobe")
    view = views.set_visible(view, atlas, ["batys"])
    captured = deck_view.capture(view, atlas)
    assert captured.division == "2018" and captured.oblast == "aktobe"
    assert captured.visible == ("batys",) and captured.lang is None
    again = deck_view.apply_step(start, atlas, Deck("x", "x", (Step("a", view=captured),)), 0)
    assert (again.division, again.oblast, again.command, again.visible) == (
        view.division, view.oblast, view.command, view.visible)


def test_edits(deck):
    moved = deck_view.move_step(deck, 2, -1)
    assert [s.title for s in moved.steps] == ["Overview", "South", "Atyrau in 2018"]
    assert deck_view.move_step(deck, 0, -1) == deck  # the first stays first
    copied = deck_view.duplicate_step(deck, 0)
    assert [s.title for s in copied.steps] == ["Overview", "Overview", "Atyrau in 2018", "South"]
    assert [s.title for s in deck_view.delete_step(deck, 1).steps] == ["Overview", "South"]
    # Put back where it was; at the end when the deck has since become shorter.
    assert deck_view.insert_step(deck_view.delete_step(deck, 1), 1, deck.steps[1]) == deck
    shorter = deck_view.delete_step(deck_view.delete_step(deck, 2), 1)
    assert [s.title for s in deck_view.insert_step(shorter, 2, deck.steps[2]).steps] == [
        "Overview", "South"]
    assert deck_view.edit_step(deck, 1, notes="x").steps[1].notes == "x"
    full = Deck("f", "f", tuple(Step(str(i)) for i in range(100)))
    with pytest.raises(ValueError):
        deck_view.add_step(full, Step("one more"))
    with pytest.raises(ValueError):
        deck_view.insert_step(full, 0, Step("one more"))


def test_a_link_opens_its_step_or_says_there_is_none(atlas, deck):
    linked = views.from_url({"deck": "west", "step": "2", "mode": "briefing"}, atlas)
    assert linked.deck_pending and linked.deck_step == 1
    shown = deck_view.open_linked(linked, atlas, deck, None)
    assert (shown.oblast, shown.deck_pending) == ("atyrau", False)
    beyond = views.from_url({"deck": "west", "step": "9", "mode": "briefing"}, atlas)
    shown = deck_view.open_linked(beyond, atlas, deck, None)
    assert shown.deck_step == 0
    assert Notice("notice_step_unknown", {"step": "9", "total": "3"}) in shown.notices
    shown = deck_view.open_linked(linked, atlas, None, None)
    assert shown.deck is None and shown.briefing  # the map in briefing mode goes on
    assert Notice("notice_deck_unknown", {"deck": "west"}) in shown.notices


def test_a_presenter_who_reloads_picks_up_at_the_stored_step(atlas, deck):
    linked = views.from_url({"deck": "west", "step": "1", "mode": "presenter"}, atlas)
    assert linked.presenter and linked.briefing
    assert deck_view.open_linked(linked, atlas, deck, 2).deck_step == 2


def test_the_presenter_of_no_deck_presents_the_built_in_tour(atlas):
    view = views.from_url({"mode": "presenter"}, atlas)
    assert view.deck == "default" and view.presenter
    assert views.to_url(view, atlas) == {"mode": "presenter", "deck": "default", "step": "1"}


def test_deck_links_round_trip(atlas):
    for query in ({"mode": "briefing", "deck": "west", "step": "3", "follow": "1"},
                  {"mode": "presenter", "deck": "west", "step": "2"},
                  {"deck": "west"}):
        assert views.to_url(views.from_url(query, atlas), atlas) == query


@pytest.mark.parametrize(("param", "value"), [
    ("deck", "<script>"), ("deck", "x" * 41), ("step", "0"), ("step", "101"), ("step", "-1"),
    ("step", "1.5"), ("step", "٣"), ("step", "99999999999999999999"), ("follow", "yes"),
    ("mode", "speaker")])
def test_bad_deck_values_give_a_notice(param, value):
    state, notices = parse_view({param: value}, IDS, {})
    assert state == ViewState() and len(notices) == 1
    assert notices[0].values["param"] == param


def test_deck_state_writes_only_with_a_deck():
    assert to_query(ViewState(step=3, follow=True), IDS) == {}
    assert to_query(ViewState(mode="presenter", deck="a-1", step=3), IDS) == {
        "mode": "presenter", "deck": "a-1", "step": "3"}


def test_talking_points_are_escaped_and_keep_lines_and_lists():
    html = deck_view.notes_html("First <b>line</b>\nsecond & more\n- one\n"
                                "- <img src=x onerror=alert(1)>\n\nafter")
    assert html == ("<p>First &lt;b&gt;line&lt;/b&gt;<br>second &amp; more</p>"
                    "<ul><li>one</li><li>&lt;img src=x onerror=alert(1)&gt;</li></ul>"
                    "<p>after</p>")


# -- the edit key in the link, and the built-in tour's rooms ---------------------------------------

KEY = "Ab3_-xYz" * 4  # 32 characters, as store.new_key makes them


def test_the_key_is_read_as_written_and_a_bad_one_is_never_quoted(atlas):
    view = views.from_url({"deck": "west", "key": KEY}, atlas)
    assert view.deck_key == KEY and views.to_url(view, atlas)["key"] == KEY
    for bad in ("short", KEY + "<script>", "a" * 101, "ключ" * 8):
        parsed, notices = parse_view({"deck": "west", "key": bad}, IDS, {})
        assert parsed.key is None
        assert notices == [Notice("notice_key_damaged", {})]
    # Without a deck a key means nothing; a projector never carries one, in or out.
    assert views.from_url({"key": KEY}, atlas).deck_key is None
    follower = views.from_url({"deck": "west", "mode": "briefing", "follow": "1", "key": KEY},
                              atlas)
    assert follower.deck_key is None and "key" not in views.to_url(follower, atlas)
    assert "key" not in to_query(ViewState(deck="west", follow=True, key=KEY), IDS)
    assert to_query(ViewState(deck="west", mode="presenter", key=KEY), IDS)["key"] == KEY


def test_each_presenter_of_the_built_in_tour_gets_a_room_of_their_own(atlas):
    from components.decks.store import built_in_room

    presenter = views.from_url({"mode": "presenter"}, atlas)
    assert presenter.deck == "default"
    mine = deck_view.own_room(presenter, atlas, KEY)
    theirs = deck_view.own_room(presenter, atlas, KEY[::-1])
    assert mine.deck == built_in_room(KEY) != theirs.deck
    assert mine.deck_key == KEY and KEY not in mine.deck
    # A reload: the link's own key, so the same room, whatever new key was offered.
    again = views.from_url(views.to_url(mine, atlas), atlas)
    assert again.deck == mine.deck  # the room is in the link already
    keyed = views.from_url({"deck": "default", "mode": "presenter", "key": KEY}, atlas)
    assert deck_view.own_room(keyed, atlas, "N" * 32).deck == mine.deck
    # Only a presenter of the tour: a stored deck's presenter, a plain briefing stay as they are.
    for other in ({"deck": "west", "mode": "presenter"}, {"deck": "default", "mode": "briefing"}):
        view = views.from_url(other, atlas)
        assert deck_view.own_room(view, atlas, KEY) == view


def test_a_presenter_without_the_key_is_a_plain_briefing_with_a_notice(atlas):
    view = views.from_url({"deck": "west", "mode": "presenter", "key": KEY}, atlas)
    plain = deck_view.without_key(view, atlas, "notice_presenter_no_key")
    assert (plain.presenter, plain.briefing, plain.deck_key, plain.deck) == \
        (False, True, None, "west")
    assert plain.notices[-1] == Notice("notice_presenter_no_key", {})
    assert "key" not in views.to_url(plain, atlas)
