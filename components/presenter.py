"""Presenting a deck: the presenter's notes, next step and clocks, the room's position in the
store, and the projectors that follow it. Streamlit only; the steps' views are
components/deck_view.py's, the position is components/decks/store.py's.

A projector follows through the store, so it works across replicas. Each server has one
RoomWatcher: a thread that reads the followed decks' positions every WATCH_INTERVAL_S and
reruns the projectors of a deck that moved; between steps a projector costs nothing. Where
Streamlit's runtime does not offer that, a projector polls the position on a fragment
(FOLLOW_INTERVAL_S), through one PositionCache per server.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from html import escape

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import composer, deck_view, state
from components.decks.model import Deck, Step
from components.decks.store import Position, StoreError, StoreUnavailable
from components.i18n import tr
from components.text import md_escape
from components.view import View
from geo.atlas import Atlas

WATCH_INTERVAL_S = 0.1  # the room watcher's read of the followed positions
ASK_AGAIN_S = 2.0  # a projector asked to rerun that has not run by then is asked again
# A projector's focus token at the room's move `seq` is seq × this: the same on every
# projector (so their maps' arguments are equal, and made once), new at each move, and far
# from the +1 that a projector's own switch (language, theme) adds to it.
ROOM_TOKEN_STRIDE = 1000
FOLLOW_INTERVAL_S = 0.2  # a projector's own poll, where the room watcher cannot be used
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


@dataclass
class Follower:
    """A projector the room watcher knows: the deck it follows, the fragment of its page that
    shows a step (rerun alone; None: the whole page), the room's move (`seq`) its last run
    showed, and when it was last asked to run again (time.monotonic())."""

    deck_id: str
    fragment_id: str | None = None
    shown_seq: int | None = None
    asked_at: float | None = None
    asks: int = 0  # asks since its last run: the third reruns the whole page


class RoomWatcher:
    """The projectors a server holds, and the positions they follow.

    One thread per server reads the position of each deck being followed every
    WATCH_INTERVAL_S (one store read per deck, however many follow it: the store may be
    another replica's too) and, when a deck's position moved past what a projector last
    showed, asks that session to rerun the fragment that shows a step (app.py's
    map_and_panels), as the browser asks when a fragment's widget changes. A projector then
    costs the server nothing between steps and one fragment run per step; its run reads the
    position and the deck from here (read once for all projectors). A rerun Streamlit drops
    (a fragment's id is unknown while the page's full run is under way) is asked again after
    ASK_AGAIN_S, and at the third time for the whole page. Streamlit has no public call for
    "rerun that session", so this uses its runtime's (`Runtime.get_app_session`, the session's
    last client state); where those are missing `available` is False and the projector polls
    on a fragment instead.
    """

    def __init__(self, store, session_alive: Callable[[str], bool] | None = None,
                 start: bool = True) -> None:
        self.store = store
        # Whether a session is still connected (the runtime's; a test passes its own).
        self.session_alive = session_alive or self.runtime_has_session
        self.lock = threading.Lock()
        self.followers: dict[str, Follower] = {}  # session id → its projector
        self.positions: dict[str, Position | None] = {}  # deck id → as last read
        # (deck id, language, seq) → the deck as read at that move, shared by its projectors.
        self.decks: dict[tuple[str, str, int], Deck | None] = {}
        self.deck_lock = threading.Lock()  # one read of a deck per move, however many wait
        self.thread = threading.Thread(target=self.watch, name="kz-room-watcher", daemon=True)
        if start:
            self.thread.start()

    @staticmethod
    def runtime_has_session(session_id: str) -> bool:
        from streamlit.runtime import Runtime

        if not Runtime.exists():  # a script run without a server (AppTest): cannot tell
            return True
        return Runtime.instance().get_app_session(session_id) is not None

    def forget_the_departed(self) -> None:
        """Drop projectors whose tab has closed and the positions no one follows any more:
        without this, every deck ever followed was read ten times a second for the server's
        life (a link per deck, opened and closed, was enough)."""
        with self.lock:
            sessions = list(self.followers)
        gone = [s for s in sessions if not self.session_alive(s)]
        with self.lock:
            for session_id in gone:
                self.followers.pop(session_id, None)
            followed = {f.deck_id for f in self.followers.values()}
            for deck_id in [d for d in self.positions if d not in followed]:
                del self.positions[deck_id]

    @staticmethod
    def available() -> bool:
        """Whether this Streamlit's runtime offers what `rerun` uses."""
        try:
            from streamlit.runtime import Runtime
            from streamlit.runtime.app_session import AppSession
        except ImportError:
            return False
        return (hasattr(Runtime, "get_app_session") and hasattr(Runtime, "instance")
                and hasattr(AppSession, "request_rerun")
                and hasattr(AppSession, "_call_soon_on_event_loop"))

    def follow(self, session_id: str, deck_id: str,
               fragment_id: str | None = None) -> Position | None:
        """Count `session_id` as a projector of `deck_id`, whose run now shows the room's
        position (returned: None when no presenter has stored one, or the store is down).
        `fragment_id`: the fragment of its page that shows a step."""
        with self.lock:
            known = deck_id in self.positions
            position = self.positions.get(deck_id)
        if not known:
            position = self.read(deck_id)
        with self.lock:
            if not known:
                self.positions[deck_id] = position
            follower = self.followers.get(session_id)
            if follower is None or follower.deck_id != deck_id:
                follower = self.followers[session_id] = Follower(deck_id)
            follower.fragment_id = fragment_id
            follower.shown_seq = position.seq if position is not None else None
            follower.asked_at, follower.asks = None, 0
        return position

    def deck(self, deck_id: str, lang: str, seq: int,
             load: Callable[[], Deck | None]) -> Deck | None:
        """The deck its projectors show at the room's move `seq`: `load()` once, whoever asks
        first; the others (and later moves' readers) share it. Raises what `load` raises
        (StoreUnavailable), keeping nothing."""
        key = (deck_id, lang, seq)
        with self.deck_lock:
            if key not in self.decks:
                deck = load()
                for old in [k for k in self.decks if k[0] == deck_id and k[1] == lang]:
                    del self.decks[old]  # an earlier move's copy: nobody asks for it again
                self.decks[key] = deck
            return self.decks[key]

    def read(self, deck_id: str) -> Position | None:
        try:
            return self.store.position(deck_id)
        except StoreUnavailable:
            log.warning("the position of deck %s could not be read", deck_id)
            return None

    def watch(self) -> None:
        failing = None
        while True:
            time.sleep(WATCH_INTERVAL_S)
            failing = self.check_and_log(failing)

    def check_and_log(self, failing: tuple | None) -> tuple | None:
        """One check; its fault, if any, is logged (with its traceback) only when it is not
        the `failing` one of the check before: a lasting fault once, not ten times a second
        for the server's life (in a test process, that stream of tracebacks, each parsed by
        Python 3.11's traceback module, once broke a script's compile in another thread)."""
        try:
            self.check()
        except Exception as error:  # the thread must outlive any one fault
            fault = (type(error), str(error))
            if fault != failing:
                log.exception("the room watcher's check failed")
            return fault
        return None

    def check(self) -> None:
        """Read each followed deck's position once; ask each projector that has not shown
        it yet to run its step's fragment (again, if asked over ASK_AGAIN_S ago)."""
        self.forget_the_departed()
        with self.lock:
            decks = {f.deck_id for f in self.followers.values()}
        for deck_id in decks:
            position = self.read(deck_id)
            if position is not None:  # None: none yet, or the store is down: stay put
                with self.lock:
                    self.positions[deck_id] = position
        now = time.monotonic()
        asks: list[tuple[str, str | None]] = []
        with self.lock:
            for session_id, follower in self.followers.items():
                position = self.positions.get(follower.deck_id)
                if position is None or position.seq == follower.shown_seq:
                    continue
                if follower.asked_at is not None and now - follower.asked_at < ASK_AGAIN_S:
                    continue
                # The fragment, twice (a busy machine may not have run it in ASK_AGAIN_S);
                # then the whole page (its fragment may not be drawn: the apology page).
                asks.append((session_id, follower.fragment_id if follower.asks < 2 else None))
                follower.asked_at, follower.asks = now, follower.asks + 1
        for session_id, fragment_id in asks:
            if not self.rerun(session_id, fragment_id):
                with self.lock:
                    self.followers.pop(session_id, None)  # gone: the tab was closed

    @staticmethod
    def rerun(session_id: str, fragment_id: str | None = None) -> bool:
        """Ask a session to run its page again with what its browser last sent: only the
        fragment `fragment_id` when given, else the whole page. False if there is no such
        session any more."""
        from streamlit.proto.ClientState_pb2 import ClientState
        from streamlit.runtime import Runtime

        if not Runtime.exists():  # a script run without a server (AppTest) reruns by hand
            return True
        session = Runtime.instance().get_app_session(session_id)
        if session is None:
            return False
        if not isinstance(getattr(session, "_client_state", None), ClientState):
            return True  # not a browser's session (AppTest's stand-in): nothing to ask
        state = ClientState()
        state.CopyFrom(session._client_state)
        state.fragment_id = fragment_id or ""
        state.is_auto_rerun = False
        # The hashes of the messages the browser said it held, at its last own request: by
        # now it may have dropped some (after maxCachedMessageAge runs), and a reference to
        # one it dropped breaks its page ("Cached ForwardMsg MISS"). Send everything whole.
        del state.cached_message_hashes[:]
        session._call_soon_on_event_loop(lambda: session.request_rerun(state))
        return True


def current_fragment_id() -> str | None:
    """The id of the fragment this code runs in (Streamlit's, internal: the same for every
    session of one app), or None where it cannot be read (the watcher then reruns the whole
    page)."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

        return ThreadState.get().fragment_id or None
    except (ImportError, AttributeError, RuntimeError):
        ctx = get_script_run_ctx()
        return getattr(ctx, "current_fragment_id", None) or None


def room_step(watcher: RoomWatcher, store, atlas: Atlas, view: View,
              fragment_id: str | None) -> tuple[View, Deck | None]:
    """A projector's view at the room's position, and the deck it shows: its session counted
    as a projector of `view.deck` (whose `fragment_id` the watcher reruns at each move), and
    the presenter's step applied when it is another. The deck is read once per move for all
    projectors, and the step's focus token is the move's, the same on every projector, so all
    draw the same map arguments (made once: components/memo.py)."""
    ctx = get_script_run_ctx()
    position = watcher.follow(ctx.session_id, view.deck, fragment_id) if ctx else None
    if position is None:  # no presenter yet (or the store is down): the deck as the page has it
        return view, deck_of_view(store, atlas, view)
    deck = shared_deck(watcher, store, atlas, view, position.seq)
    if deck is not None and position.step_index != view.deck_step:
        state.update(room_view, atlas, deck, position.step_index, position.seq)
        view = state.current()
    return view, deck


def room_view(view: View, atlas: Atlas, deck: Deck, index: int, seq: int) -> View:
    """`view` at step `index` of `deck`, as every projector shows the room's move `seq`."""
    shown = deck_view.apply_step(view, atlas, deck, index)
    return replace(shown, focus=replace(shown.focus, token=seq * ROOM_TOKEN_STRIDE))


def shared_deck(watcher: RoomWatcher, store, atlas: Atlas, view: View,
                seq: int) -> Deck | None:
    """The deck a projector shows at the room's move `seq`, read once for all projectors of
    this server; while the store fails, the copy this page holds."""
    try:
        deck = watcher.deck(view.deck, view.lang, seq,
                            lambda: composer.load(store, view.deck, atlas, view.lang))
    except StoreUnavailable:
        log.warning("deck %s could not be read; showing the copy this page holds", view.deck)
        return kept_deck(view)
    if deck is not None:
        st.session_state[SHOWN_KEY] = deck
    return deck


def kept_deck(view: View) -> Deck | None:
    """The deck this page last read, if it is `view`'s."""
    kept = st.session_state.get(SHOWN_KEY)
    return kept if isinstance(kept, Deck) and kept.id == view.deck else None


@st.cache_resource(show_spinner=False)
def room_watcher(_store, store_key: str) -> RoomWatcher | None:
    """The server's one RoomWatcher for a store (`store_key` names it), or None where
    Streamlit's runtime does not offer what it needs."""
    return RoomWatcher(_store) if RoomWatcher.available() else None


class PositionCache:
    """The room's positions as a server last read them, shared by every session: where the
    RoomWatcher cannot be used, a projector polls this on a fragment, and the store is read
    once per POSITION_TTL_S per deck."""

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
        store.set_position(view.deck, view.deck_step, started_at(store, view.deck),
                           key=view.deck_key)
        st.session_state.pop(POSITION_ERROR_KEY, None)
    except StoreError as error:  # unavailable, or the key no longer drives the room
        log.warning("the position of deck %s could not be stored: %s", view.deck, error)
        # The page says only that the store failed: its reason names the database's file or
        # host, which the log keeps.
        st.session_state[POSITION_ERROR_KEY] = True


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
        st.warning(md_escape(tr(lang, "position_failed",
                                error=tr(lang, "deck_store_unreachable"))))
    started = started_at(store, deck.id)
    with st.container(key="presenter_clock"):
        elapsed = max(0, int(time.time() - started))
        st.html(f'<p style="margin:0">{escape(tr(lang, "presenter_clock"))}: '
                f'<strong data-kz-now>{datetime.now().strftime("%H:%M:%S")}</strong>'
                f' · {escape(tr(lang, "presenter_elapsed"))}: '
                f'<strong data-kz-started="{started * 1000:.0f}">{hms(elapsed)}</strong></p>'
                f"<script>{CLOCK_SCRIPT}</script>", unsafe_allow_javascript=True)
    # The next step under the clocks, above the talking points: at 1366×768 a long step's
    # notes ran past the fold and took it out of the presenter's sight.
    with st.container(key="presenter_next"):
        if view.deck_step + 1 < len(deck.steps):
            text = tr(lang, "presenter_next", title=deck.steps[view.deck_step + 1].title)
        else:
            text = tr(lang, "presenter_last")
        st.markdown(md_escape(text))
    step = deck.steps[view.deck_step] if deck.steps else Step(title="")
    st.subheader(md_escape(step.title) or " ")
    with st.container(key="presenter_notes"):
        if step.notes.strip():
            st.html(deck_view.notes_html(step.notes))
        else:
            st.caption(md_escape(tr(lang, "presenter_no_notes")))


def hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
