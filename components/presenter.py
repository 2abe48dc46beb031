"""Presenting a deck: the presenter's notes, next step and clocks, the room's position in the
store, and the projector that follows it. Streamlit only; the steps' views are
components/deck_view.py's, the position is components/decks/store.py's.

The projector follows through the store, so it works across replicas: a fragment re-run every
FOLLOW_INTERVAL_S reads the position and reruns the page only when the step changed. The
reads are shared: every session of a server asks one PositionCache, which reads the store at
most once per POSITION_TTL_S whatever the number of viewers.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from html import escape

import streamlit as st

from components import composer, deck_view, state
from components.decks.model import Deck, Step
from components.decks.store import StoreUnavailable
from components.i18n import tr
from components.text import md_escape
from components.view import View
from geo.atlas import Atlas

FOLLOW_INTERVAL_S = 0.2  # the projector's poll; with a rerun, a step shows within a second
POSITION_TTL_S = 0.1  # one store read serves every follower of a server for this long
STARTED_KEY = "deck_started"  # {deck id: when this presenter's briefing started (ISO 8601)}
POSITION_ERROR_KEY = "deck_position_error"
RESUME_WITHIN_S = 3 * 3600  # a reload within this keeps the briefing's clock
SHOWN_KEY = "deck_shown"  # the deck this page last read, for when the store fails

log = logging.getLogger(__name__)

# Static CSS: talking points readable at arm's length on a laptop.
PRESENTER_CSS = """<style>
.st-key-presenter_notes li,.st-key-presenter_notes p{font-size:1.55rem !important;
line-height:1.4 !important}
.st-key-presenter_notes ul{margin:0 0 .6rem 1.4rem;padding:0}
.st-key-presenter_notes p{margin:0 0 .6rem 0}
.st-key-presenter_clock p{font-size:1.25rem !important;font-variant-numeric:tabular-nums}
</style>"""

CLOCK_SCRIPT = """(function () {
  // The time of day and the time since the briefing started, ticking in the presenter's page.
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function hms(s) { return pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s / 60) % 60) +
                           ':' + pad(s % 60); }
  function tick() {
    var now = new Date();
    var clock = document.querySelector('[data-kz-now]');
    if (clock) { clock.textContent = hms(now.getHours() * 3600 + now.getMinutes() * 60 +
                                         now.getSeconds()); }
    var since = document.querySelector('[data-kz-started]');
    if (since) {
      var start = Number(since.getAttribute('data-kz-started'));  // ms since the epoch
      if (!isNaN(start)) { since.textContent = hms(Math.max(0, Math.floor((now - start) / 1000))); }
    }
  }
  tick();
  if (!window.__kzClock) { window.__kzClock = setInterval(tick, 1000); }
})();"""


class PositionCache:
    """The room's positions as a server last read them, shared by every session: a projector
    polls this, and the store is read once per POSITION_TTL_S per deck."""

    def __init__(self, store) -> None:
        self.store = store
        self.lock = threading.Lock()
        self.read: dict[str, tuple[float, int | None]] = {}

    def step(self, deck_id: str) -> int | None:
        """The presenter's step of `deck_id` (0-based), or None (none stored, or the store is
        down: the projector stays where it is)."""
        now = time.monotonic()
        with self.lock:
            cached = self.read.get(deck_id)
            if cached is not None and now - cached[0] < POSITION_TTL_S:
                return cached[1]
            try:
                position = self.store.position(deck_id)
            except StoreUnavailable:
                log.warning("the position of deck %s could not be read", deck_id)
                position = None
            step = position.step_index if position is not None else None
            self.read[deck_id] = (now, step)
            return step


@st.cache_resource(show_spinner=False)
def position_cache(_store, store_key: str) -> PositionCache:
    """The server's one PositionCache for a store (`store_key` names it)."""
    return PositionCache(_store)


def deck_of_view(store, atlas: Atlas, view: View) -> Deck | None:
    """The deck `view` presents, read from the store; while the store fails, the one this page
    last read (the presentation goes on from what the page holds)."""
    if view.deck is None:
        return None
    kept = st.session_state.get(SHOWN_KEY)
    kept = kept if isinstance(kept, Deck) and kept.id == view.deck else None
    if store is None:
        return kept
    try:
        deck = composer.load(store, view.deck, atlas, view.lang)
    except StoreUnavailable:
        log.warning("deck %s could not be read; showing the copy this page holds", view.deck)
        return kept
    if deck is not None:
        st.session_state[SHOWN_KEY] = deck
    return deck


def started_at(store, deck_id: str) -> float:
    """When this briefing started (seconds since the epoch): the store's (a presenter who
    reloads keeps the clock), or now."""
    started = st.session_state.setdefault(STARTED_KEY, {})
    if deck_id not in started:
        try:
            position = store.position(deck_id) if store is not None else None
        except StoreUnavailable:
            position = None
        # A briefing left hours ago is over: a presenter who opens it again starts anew.
        recent = position is not None and time.time() - position.updated_at < RESUME_WITHIN_S
        stored = position.started_at if recent else None
        started[deck_id] = stored if stored is not None else time.time()
    return started[deck_id]


def stored_step(store, deck_id: str) -> int | None:
    """The presenter's stored step of `deck_id`, if any (a reload picks up there)."""
    if store is None:
        return None
    try:
        position = store.position(deck_id)
    except StoreUnavailable:
        return None
    return position.step_index if position is not None else None


def tell_the_room(store, view: View) -> None:
    """Store the presenter's step, for the projectors that follow it. A store that fails
    leaves the presentation going from what the page holds, and the page says so."""
    if not (view.presenter and view.deck):
        return
    try:
        if store is None:
            raise StoreUnavailable("the store cannot be opened")
        store.set_position(view.deck, view.deck_step, started_at(store, view.deck))
        st.session_state.pop(POSITION_ERROR_KEY, None)
    except StoreUnavailable as error:
        log.warning("the position of deck %s could not be stored: %s", view.deck, error)
        st.session_state[POSITION_ERROR_KEY] = str(error).splitlines()[0][:300] if str(error) \
            else type(error).__name__


def step_to(store, atlas: Atlas, deck: Deck, offset: int) -> None:
    """Previous / Next (and the clicker keys, which press them) in a deck's briefing."""
    state.update(deck_view.move, atlas, deck, offset)
    tell_the_room(store, state.current())


def render_presenter(store, deck: Deck, view: View) -> None:
    """What only the presenter sees: the clocks, the talking points, the next step."""
    lang = view.lang
    st.html(PRESENTER_CSS)
    error = st.session_state.get(POSITION_ERROR_KEY)
    if error:
        st.warning(md_escape(tr(lang, "position_failed", error=error)))
    started = started_at(store, deck.id)
    with st.container(key="presenter_clock"):
        elapsed = max(0, int(time.time() - started))
        st.html(f'<p style="margin:0">{escape(tr(lang, "presenter_clock"))}: '
                f'<strong data-kz-now>{datetime.now().strftime("%H:%M:%S")}</strong>'
                f' · {escape(tr(lang, "presenter_elapsed"))}: '
                f'<strong data-kz-started="{started * 1000:.0f}">{hms(elapsed)}</strong></p>'
                f"<script>{CLOCK_SCRIPT}</script>", unsafe_allow_javascript=True)
    step = deck.steps[view.deck_step] if deck.steps else Step(title="")
    st.subheader(md_escape(step.title) or " ")
    with st.container(key="presenter_notes"):
        if step.notes.strip():
            st.html(deck_view.notes_html(step.notes))
        else:
            st.caption(md_escape(tr(lang, "presenter_no_notes")))
    with st.container(key="presenter_next"):
        if view.deck_step + 1 < len(deck.steps):
            text = tr(lang, "presenter_next", title=deck.steps[view.deck_step + 1].title)
        else:
            text = tr(lang, "presenter_last")
        st.markdown(md_escape(text))


def hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
