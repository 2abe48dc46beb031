"""Journeys: every control a viewer has, strung together by hypothesis, through AppTest.

A model of what the viewer has chosen runs beside the app; after every step the app must
agree with it: no exception and no apology page, the URL parses back to the same view, every
widget shows a valid id, the panel describes the selection in the current language, and the
filter holds what the viewer last chose (only the viewer empties it).

The everyday run uses a bounded profile; `test_long_journeys` (marked slow, run by .ci/run)
strings together many more and longer sequences.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from components.composer import COMPOSER_KEY
from components.content import command_label
from components.i18n import LANGUAGES, tr
from components.url_state import parse_view, requested_division
from components.view import territory_commands
from geo.atlas import load_atlas
from tests.app_driver import (
    click_map,
    navigate,
    open_expander,
    page_text,
    show_commands,
    shown_commands,
    start,
    url,
    widget,
    zoom_to,
    zoomed_command,
)

ATLAS = load_atlas()
IDS = tuple(c.id for c in ATLAS.commands)
DIVISIONS = tuple(d.id for d in ATLAS.divisions)
DEFAULT_DIVISION = ATLAS.division.id
# Territory code -> command, per division (2022 draws Abai, Zhetisu and Ulytau; 2018 does not).
TERRITORIES = {d: territory_commands(ATLAS.in_division(d)) for d in DIVISIONS}
# A region the other division does not draw: the territory that holds it there.
HELD_BY = {u.code: u.territory for u in ATLAS.later_regions}
STEPS = (None, *IDS)
# What typing into the search box and pressing Enter selects: (text, command, oblast per
# division); None for text that finds nothing (the selection stays).
SEARCHES = (("Атырау", "batys", {"2022": "atyrau", "2018": "atyrau"}),
            ("Atyrau", "batys", {"2022": "atyrau", "2018": "atyrau"}),
            ("атыр", "batys", {"2022": "atyrau", "2018": "atyrau"}),
            ("Батыс", "batys", {}), ("West", "batys", {}),
            ("Shymkent", "ontustik", {"2022": "shymkent", "2018": "shymkent"}),
            ("Павлодар", "shygys", {"2022": "pavlodar", "2018": "pavlodar"}),
            ("Алматы", "ontustik", {"2022": "almaty-city", "2018": "almaty-city"}),
            ("Семей", "shygys", {"2022": "abai", "2018": "east-kazakhstan"}),
            ("Narnia", None, {}))

PROFILES = {
    "ci": settings(max_examples=12, stateful_step_count=10, deadline=None,
                   suppress_health_check=list(HealthCheck)),
    "long": settings(max_examples=60, stateful_step_count=25, deadline=None,
                     suppress_health_check=list(HealthCheck)),
}


@dataclass(frozen=True)
class Expected:
    """What the viewer has chosen, as the test understands the product."""

    lang: str = "en"
    command: str | None = None
    oblast: str | None = None
    visible: tuple[str, ...] = IDS
    briefing: bool = False
    labels: bool = False
    hq: bool = True
    frontiers: bool = False
    zoomed: str | None = None  # what the map was last fitted to ("Zoom to command" shows it)
    search: str = ""  # the search box's text
    division: str = DEFAULT_DIVISION
    deck: str | None = None  # the deck open in the page (its id, from the address)
    deck_step: int = 0  # its step a briefing shows (0-based)


@dataclass(frozen=True)
class StepSnapshot:
    """What "Add this view as a step" stored: the map as the viewer had it."""

    division: str
    command: str | None
    oblast: str | None
    visible: tuple[str, ...]
    labels: bool
    hq: bool
    frontiers: bool


def snapshot(expected: Expected) -> StepSnapshot:
    return StepSnapshot(expected.division, expected.command, expected.oblast, expected.visible,
                        expected.labels, expected.hq, expected.frontiers)


def showing(expected: Expected, step: StepSnapshot, index: int) -> Expected:
    """`expected` once the map shows a stored step: its view and layers, fitted to it."""
    return replace(expected, division=step.division, command=step.command, oblast=step.oblast,
                   visible=step.visible, labels=step.labels, hq=step.hq,
                   frontiers=step.frontiers, zoomed=step.command, deck_step=index)


class Journey(RuleBasedStateMachine):
    """A viewer using every control, in any order."""

    def __init__(self) -> None:
        super().__init__()
        self.expected = Expected()
        self.at = None
        # The browser's history: an entry for each new address the app wrote (Streamlit
        # pushes one), and where Back and Forward have left the viewer in it.
        self.history: list[dict[str, str]] = []
        self.position = -1
        # The decks this viewer composed, by id, as stored (the store outlives sessions), in
        # a store of this journey's own (the app's store is one per data directory).
        self.decks: dict[str, tuple[StepSnapshot, ...]] = {}
        self.store_dir = tempfile.TemporaryDirectory(prefix="journey-decks-")
        self.saved_data_dir = os.environ.get("KZ_DATA_DIR")
        os.environ["KZ_DATA_DIR"] = self.store_dir.name

    def teardown(self) -> None:
        if self.saved_data_dir is None:
            os.environ.pop("KZ_DATA_DIR", None)
        else:
            os.environ["KZ_DATA_DIR"] = self.saved_data_dir
        self.store_dir.cleanup()

    @initialize(lang=st.sampled_from(LANGUAGES), command=st.sampled_from(STEPS),
                briefing=st.booleans())
    def open_a_link(self, lang, command, briefing):
        query = {"lang": lang}
        if command:
            query["command"] = command
        if briefing:
            query["mode"] = "briefing"
        self.at = start(**query)
        self.expected = Expected(lang=lang, command=command, briefing=briefing, zoomed=command,
                                 labels=briefing)
        self.history, self.position = [url(self.at)], 0

    # --- the sidebar ---

    @rule(lang=st.sampled_from(LANGUAGES))
    def switch_language(self, lang):
        widget(self.at, "radio", "lang").set_value(lang).run()
        if lang != self.expected.lang:  # the rebuilt map fits the selection again
            self.expected = replace(self.expected, lang=lang, zoomed=self.expected.command)

    @rule(division=st.sampled_from(DIVISIONS))
    def switch_division(self, division):
        widget(self.at, "radio", "division").set_value(division).run()
        expected = self.expected
        if division == expected.division:
            return
        oblast = expected.oblast
        if oblast is not None and oblast not in TERRITORIES[division]:
            oblast = HELD_BY[oblast]  # Abai in 2018: East Kazakhstan, with a notice
        # The map stays where it is: nothing is fitted again.
        self.expected = replace(expected, division=division, oblast=oblast)

    @rule(command=st.sampled_from(STEPS))
    def zoom_to_command(self, command):
        zoom_to(self.at, command)
        if command != self.expected.zoomed:  # choosing what is shown already changes nothing
            self.expected = replace(self.expected, command=command, oblast=None, zoomed=command)

    @rule(chosen=st.lists(st.sampled_from(IDS), unique=True, max_size=len(IDS)))
    def filter_commands(self, chosen):
        show_commands(self.at, chosen)
        self.expected = replace(self.expected, visible=tuple(c for c in IDS if c in chosen))

    @rule()
    def back_to_overview(self):
        self.at.button(key="clear").click().run()
        self.expected = replace(self.expected, command=None, oblast=None, zoomed=None)

    @rule()
    def toggle_labels(self):
        widget(self.at, "toggle", "labels").set_value(not self.expected.labels).run()
        self.expected = replace(self.expected, labels=not self.expected.labels)

    @rule()
    def toggle_headquarters(self):
        widget(self.at, "toggle", "hq").set_value(not self.expected.hq).run()
        self.expected = replace(self.expected, hq=not self.expected.hq)

    @rule()
    def toggle_frontiers(self):
        widget(self.at, "toggle", "frontiers").set_value(not self.expected.frontiers).run()
        self.expected = replace(self.expected, frontiers=not self.expected.frontiers)

    @rule()
    def toggle_briefing(self):
        widget(self.at, "toggle", "briefing").set_value(not self.expected.briefing).run()
        # Entering briefing mode turns the oblast names on; leaving keeps them.
        briefing = not self.expected.briefing
        self.expected = replace(self.expected, briefing=briefing,
                                labels=self.expected.labels or briefing)

    @rule(search=st.sampled_from(SEARCHES))
    def search_and_press_enter(self, search):
        text, command, oblasts = search
        oblast = oblasts.get(self.expected.division)
        self.at.text_input(key=f"search_{self.expected.lang}").input(text).run()
        if text == self.expected.search:  # the same text again: the box has not changed
            return
        self.expected = replace(self.expected, search=text)
        if command is not None:  # a command hidden by the filter is shown again
            self.expected = replace(
                self.expected, command=command, oblast=oblast, zoomed=command,
                visible=tuple(c for c in IDS if c in self.expected.visible or c == command))

    # --- the map ---

    @rule(code=st.sampled_from(sorted(TERRITORIES[DEFAULT_DIVISION])))
    def click_territory(self, code):
        # A region the division does not draw cannot be clicked: its parent is clicked.
        commands = TERRITORIES[self.expected.division]
        code = code if code in commands else HELD_BY[code]
        click_map(self.at, {"code": code})
        self.expected = replace(self.expected, oblast=code, command=commands[code])

    @rule(command=st.sampled_from(IDS))
    def click_headquarters(self, command):
        click_map(self.at, {"hq": command})
        self.expected = replace(self.expected, oblast=None, command=command)

    # --- briefing mode ---

    @precondition(lambda self: self.expected.briefing)
    @rule(offset=st.sampled_from([1, -1]))
    def next_or_previous(self, offset):
        button = self.at.button(key="briefing_next" if offset == 1 else "briefing_previous")
        if button.disabled:  # a one-step briefing: nowhere to go, and nothing moves
            total = (len(self.decks[self.expected.deck]) if self.expected.deck is not None
                     else 1 + len(self.expected.visible))
            assert total == 1, total
            return
        button.click().run()
        if self.expected.deck is not None:  # the open deck's steps, looped
            steps = self.decks[self.expected.deck]
            index = (self.expected.deck_step + offset) % len(steps)
            self.expected = showing(self.expected, steps[index], index)
            return
        # The steps are the overview and the commands the filter shows; the filter stays.
        steps = (None, *self.expected.visible)
        here = steps.index(self.expected.command) if self.expected.command in steps else 0
        command = steps[(here + offset) % len(steps)]
        self.expected = replace(self.expected, command=command, oblast=None, zoomed=command)

    # --- decks: composed from the map, opened, presented ---

    @precondition(lambda self: not self.expected.briefing)  # the composer is in the sidebar
    @rule()
    def add_this_view_as_a_step(self):
        step = snapshot(self.expected)
        deck = self.expected.deck
        if deck is None:  # a new deck, its first step the map as it is
            open_expander(self.at, COMPOSER_KEY)  # the composer, drawn when opened
            self.at.button(key="deck_new").click().run()
            deck = url(self.at)["deck"]
            self.decks[deck] = (step,)
            self.expected = replace(self.expected, deck=deck, deck_step=0)
        elif len(self.decks[deck]) < 6:
            self.at.button(key="deck_add_step").click().run()
            self.decks[deck] = (*self.decks[deck], step)

    @precondition(lambda self: self.expected.deck is not None and not self.expected.briefing)
    @rule(data=st.data())
    def open_a_step(self, data):
        steps = self.decks[self.expected.deck]
        index = data.draw(st.integers(0, len(steps) - 1), label="step")
        self.at.button(key=f"deck_step_open_{index}").click().run()
        self.expected = showing(self.expected, steps[index], index)

    # --- the address bar ---

    @precondition(lambda self: self.position > 0)
    @rule()
    def back(self):
        self.position -= 1
        self.go_to_history_entry()

    @precondition(lambda self: 0 <= self.position < len(self.history) - 1)
    @rule()
    def forward(self):
        self.position += 1
        self.go_to_history_entry()

    def go_to_history_entry(self):
        entry = self.history[self.position]
        navigate(self.at, entry)
        division = requested_division(entry, DIVISIONS) or DEFAULT_DIVISION
        parsed, _ = parse_view(entry, IDS, TERRITORIES[division], division_ids=DIVISIONS)
        briefing = parsed.mode == "briefing"
        # The address's selection, filter, language and mode; the session's layers and
        # search text stay (entering a briefing this way turns the oblast names on).
        self.expected = replace(
            self.expected, lang=parsed.lang, command=parsed.command, oblast=parsed.oblast,
            division=division,
            visible=IDS if parsed.visible is None else parsed.visible, briefing=briefing,
            labels=self.expected.labels or (briefing and not self.expected.briefing),
            zoomed=parsed.command, deck=parsed.deck,
            deck_step=(parsed.step or 1) - 1 if parsed.deck else 0)

    def record_history(self):
        """After an action: a new address is a new entry, and drops the entries after the
        viewer's place (as a browser's pushState does); Back and Forward add none."""
        if self.at is None or not self.history:
            return
        if url(self.at) != self.history[self.position]:
            del self.history[self.position + 1:]
            self.history.append(url(self.at))
            self.position += 1

    @rule()
    def reload_from_the_url(self):
        self.at = start(**url(self.at))
        self.history, self.position = [url(self.at)], 0  # a new session; Back leaves the app
        # Layers are not part of a link: a new session starts with the defaults (oblast names
        # on in briefing mode only).
        self.expected = replace(self.expected, labels=self.expected.briefing, hq=True,
                                frontiers=False, zoomed=self.expected.command, search="")
        if self.expected.deck is not None and self.expected.briefing:  # the link's step
            index = self.expected.deck_step
            self.expected = showing(self.expected, self.decks[self.expected.deck][index], index)

    # --- what must always hold ---

    @invariant()
    def the_history_holds_each_new_address(self):
        self.record_history()
        if self.at is not None and self.history:
            assert url(self.at) == self.history[self.position]

    @invariant()
    def nothing_raised(self):
        if self.at is None:
            return
        assert not self.at.exception, self.at.exception
        assert not self.at.error, [e.value for e in self.at.error]

    @invariant()
    def the_view_is_what_the_viewer_chose(self):
        if self.at is None:
            return
        view = self.at.session_state["view"]
        expected = self.expected
        assert (view.lang, view.command, view.oblast, view.visible, view.briefing) == (
            expected.lang, expected.command, expected.oblast, expected.visible,
            expected.briefing)
        assert (view.division or DEFAULT_DIVISION) == expected.division
        assert view.deck == expected.deck
        if expected.deck is not None and expected.briefing:
            assert view.deck_step == expected.deck_step
        assert (view.show_labels, view.show_hq, view.show_frontiers) == (
            expected.labels, expected.hq, expected.frontiers)
        assert view.focus.command == expected.zoomed

    @invariant()
    def the_url_parses_back_to_the_same_view(self):
        if self.at is None:
            return
        expected = self.expected
        parsed, notices = parse_view(url(self.at), IDS, TERRITORIES[expected.division],
                                     division_ids=DIVISIONS)
        assert not notices
        assert (parsed.division or DEFAULT_DIVISION) == expected.division
        assert parsed.lang == expected.lang
        assert (parsed.command, parsed.oblast) == (expected.command, expected.oblast)
        assert (IDS if parsed.visible is None else parsed.visible) == expected.visible
        assert (parsed.mode == "briefing") == expected.briefing
        assert parsed.deck == expected.deck
        # Only a briefing names a step (the composer's map is the viewer's own).
        assert parsed.step == (expected.deck_step + 1 if expected.deck and expected.briefing
                               else None)

    @invariant()
    def every_widget_shows_a_valid_id(self):
        if self.at is None:
            return
        expected = self.expected
        assert widget(self.at, "radio", "lang").value == expected.lang
        assert widget(self.at, "radio", "division").value == expected.division
        assert zoomed_command(self.at) == expected.zoomed
        assert shown_commands(self.at) == list(expected.visible)
        assert widget(self.at, "toggle", "briefing").value == expected.briefing
        assert self.at.text_input(key=f"search_{expected.lang}").value == expected.search

    @invariant()
    def the_panel_describes_the_selection_in_the_language(self):
        if self.at is None:
            return
        expected = self.expected
        text = page_text(self.at)
        assert tr(expected.lang, "title") in text
        if expected.command:
            assert command_label(ATLAS, expected.command, expected.lang) in text
        elif expected.briefing and expected.visible != IDS:  # a filtered briefing's overview
            assert tr(expected.lang, "filter") in text
        else:
            assert tr(expected.lang, "commands_overview") in text


def test_journeys():
    run_state_machine_as_test(Journey, settings=PROFILES["ci"])


@pytest.mark.slow
def test_long_journeys():
    run_state_machine_as_test(Journey, settings=PROFILES["long"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switch_then_every_other_control(lang):
    """The sequence the review found breaking (issue #9), in each language, written out."""
    at = start(command="batys")
    other = next(candidate for candidate in LANGUAGES if candidate != "en")
    widget(at, "radio", "lang").set_value(lang if lang != "en" else other).run()
    widget(at, "toggle", "labels").set_value(True).run()
    assert not at.exception and url(at)["command"] == "batys"
    click_map(at, {"code": "pavlodar"})
    assert url(at)["command"] == "shygys"
    widget(at, "radio", "lang").set_value(lang).run()
    show_commands(at, ["astana", "shygys"])
    assert url(at)["commands"] == "astana,shygys"
    widget(at, "toggle", "briefing").set_value(True).run()
    at.button(key="briefing_next").click().run()
    # The steps are the overview and what the filter shows: from «Шығыс», the overview.
    assert not at.exception and "command" not in url(at)
    assert url(at)["commands"] == "astana,shygys"  # a briefing keeps the filter
