"""The decks' store on SQLite and on a real PostgreSQL server: decks, versions, the position,
the v1 migration, and the faults of issue 23 (the file removed or made read-only mid-use,
the server stopped and started again).

PostgreSQL runs when KZ_TEST_DATABASE_URL names a database (`.ci/postgres start DIR` prints
one; its tables are dropped by these tests); with KZ_REQUIRE_POSTGRES=1 (CI) a missing server
fails instead of skipping. The restart test also needs KZ_TEST_POSTGRES_DIR, the DIR given to
`.ci/postgres`, to stop and start that cluster.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import sqlite3
import subprocess
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from components.decks.default import default_deck
from components.decks.files import DeckFileError, deck_to_json
from components.decks.model import MAX_TITLE_CHARS, Deck, Step, StepView
from components.decks.store import (
    SCHEMA_VERSION,
    NotYourDeck,
    QuotaExceeded,
    StoreUnavailable,
    VersionConflict,
    built_in_room,
    is_built_in,
    new_key,
    open_store,
    valid_id,
)

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("KZ_TEST_DATABASE_URL")
PG_DIR = os.environ.get("KZ_TEST_POSTGRES_DIR")
REQUIRE_PG = os.environ.get("KZ_REQUIRE_POSTGRES") == "1"
SCRIPT = '<script>alert("x")</script>'

STEPS = (
    Step(title="Overview", notes="- the four commands\n- 2003"),
    Step(title=f"West {SCRIPT}", notes=f"Caspian {SCRIPT}\n\tindented",
         view=StepView(division="2018", command="batys", oblast="atyrau",
                       visible=("batys", "astana"), show_frontiers=True,
                       bounds=(46.5, 40.25, 62.0, 51.5), lang="kk")),
)


def reset_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS decks, positions, schema_version")


def reset_postgres_url() -> str:
    """The test database emptied, for a test of its own (not the `url` fixture's)."""
    need_postgres()
    reset_postgres()
    return PG_URL


def need_postgres() -> None:
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("KZ_TEST_DATABASE_URL is not set: CI needs PostgreSQL (.ci/run)")
        pytest.skip("no PostgreSQL: set KZ_TEST_DATABASE_URL (.ci/postgres start DIR)")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'decks.sqlite3'}"
    need_postgres()
    reset_postgres()
    return PG_URL


@pytest.fixture
def store(url):
    opened = open_store(url)
    yield opened
    opened.close()


def raw(url: str):
    """A plain connection to the store's database, as another program would open it."""
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        return conn, "?"
    import psycopg

    return psycopg.connect(url, autocommit=True), "%s"


# -- decks -----------------------------------------------------------------------------------

def test_create_load_list_save_delete(store):
    assert store.list_decks() == []
    deck = store.create("Western frontier", STEPS)
    assert valid_id(deck.id) and len(deck.id) >= 12 and deck.version == 1 and deck.updated
    assert store.load(deck.id) == deck  # every field, the text exactly as typed
    other = store.create("Second", STEPS[:1])
    assert other.id != deck.id
    summaries = {s.id: s for s in store.list_decks()}
    assert (summaries[deck.id].title, summaries[deck.id].steps, summaries[deck.id].version) == \
        ("Western frontier", 2, 1)
    saved = store.save(replace(deck, title="West, edited", steps=STEPS[::-1]), 1)
    assert saved.version == 2
    assert store.load(deck.id) == saved
    assert store.list_decks()[0].id == deck.id  # the last saved first
    store.delete(deck.id, 2)
    assert store.load(deck.id) is None
    assert [s.id for s in store.list_decks()] == [other.id]
    store.delete(deck.id, 2)  # already gone: nothing to lose, no error


def test_ids_from_a_link_are_never_trusted(store):
    for forged in ("", "../../etc/passwd", "x' OR '1'='1", "DEFAULT", "a" * 41, 7, None):
        assert store.load(forged) is None
        assert store.position(forged) is None
    assert store.load("nosuchdeck") is None


def test_what_the_deck_file_refuses_is_not_stored(store):
    with pytest.raises(DeckFileError):
        store.create("x" * (MAX_TITLE_CHARS + 1), STEPS)
    with pytest.raises(DeckFileError):
        store.create("ok", [Step(title="bell\x07")])
    with pytest.raises(DeckFileError):
        store.create("ok", [])
    assert store.list_decks() == []


# -- versions ----------------------------------------------------------------------------------

def test_a_save_over_an_older_version_is_refused_with_the_stored_deck(store):
    deck = store.create("Deck", STEPS)
    first_tab = store.save(replace(deck, title="From the first tab"), 1)
    with pytest.raises(VersionConflict) as caught:
        store.save(replace(deck, title="From the second tab"), 1)
    assert caught.value.stored == first_tab  # what the second tab must look at
    assert store.load(deck.id).title == "From the first tab"  # nothing lost
    with pytest.raises(VersionConflict):
        store.delete(deck.id, 1)
    assert store.load(deck.id) == first_tab


def test_a_save_of_a_deck_deleted_meanwhile_says_so(store):
    deck = store.create("Deck", STEPS)
    store.delete(deck.id, 1)
    with pytest.raises(VersionConflict) as caught:
        store.save(deck, 1)
    assert caught.value.stored is None


def test_two_connections_saving_one_version_exactly_one_wins(url):
    # Two replicas: each its own store and connection, released together at each round.
    stores = [open_store(url), open_store(url)]
    deck = stores[0].create("Race", STEPS)
    try:
        for version in range(1, 21):
            barrier = threading.Barrier(2)
            outcome: list = []

            def save(store, name, version=version, barrier=barrier, outcome=outcome):
                barrier.wait()
                try:
                    outcome.append(store.save(replace(deck, title=name), version))
                except VersionConflict as conflict:
                    outcome.append(conflict)

            threads = [threading.Thread(target=save, args=(s, f"tab {i}"))
                       for i, s in enumerate(stores)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            won = [o for o in outcome if isinstance(o, Deck)]
            lost = [o for o in outcome if isinstance(o, VersionConflict)]
            assert len(won) == 1 and len(lost) == 1, outcome
            assert stores[1].load(deck.id) == won[0]
            assert lost[0].stored.version == version + 1
    finally:
        for opened in stores:
            opened.close()


def test_the_built_in_tour_is_never_stored_over_only_copied(store, atlas):
    assert store.load("default") is None
    generated = default_deck(atlas, "ru")
    for key in (None, new_key()):  # with no key, or anyone's: the tour is everyone's
        with pytest.raises(NotYourDeck):
            store.save(replace(generated, title="Наш брифинг"), 0, key=key)
    assert store.load("default") is None
    key = new_key()
    copy = store.create("Наш брифинг", generated.steps, key=key)
    assert copy.id != "default" and store.can_edit(copy.id, key)
    assert not store.can_edit("default", key)


# -- the presenter's room ----------------------------------------------------------------------

def test_the_position_is_written_and_read_with_a_growing_sequence(url, store):
    key = new_key()
    deck = store.create("Own", STEPS, key=key)
    assert store.position(deck.id) is None
    first = store.set_position(deck.id, 0, 1_790_000_000.5, key=key)
    assert (first.step_index, first.started_at, first.seq) == (0, 1_790_000_000.5, 1)
    second = store.set_position(deck.id, 3, 1_790_000_000.5, key=key)
    assert (second.step_index, second.seq) == (3, 2) and second.updated_at >= first.updated_at
    # A projector served by another replica reads the same row.
    follower = open_store(url)
    try:
        assert follower.position(deck.id) == second
        assert follower.set_position(deck.id, 3, None, key=key).seq == 3  # the same step again
        assert store.position(deck.id).started_at is None
    finally:
        follower.close()
    store.delete(deck.id, 1, key=key)
    assert store.position(deck.id) is None  # gone with its deck
    with pytest.raises(ValueError):
        store.set_position(deck.id, -1, None, key=key)
    with pytest.raises(ValueError):
        store.set_position("Not An Id", 0, None, key=key)


# -- where and what ------------------------------------------------------------------------------

def test_sqlite_is_created_on_first_use_in_the_data_directory(tmp_path, monkeypatch):
    target = tmp_path / "operator" / "chosen" / "dir"
    monkeypatch.setenv("KZ_DATA_DIR", str(target))
    monkeypatch.delenv("KZ_DATABASE_URL", raising=False)
    store = open_store(None)
    assert not target.exists()  # nothing happens until it is used
    deck = store.create("First", STEPS)
    store.close()
    assert (target / "decks.sqlite3").is_file()
    conn = sqlite3.connect(target / "decks.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    conn.close()
    assert open_store(None).load(deck.id) == deck


def test_the_default_data_directory_is_var_beside_app_py_and_ignored_by_git(monkeypatch):
    from components.decks.store import data_dir

    monkeypatch.delenv("KZ_DATA_DIR", raising=False)
    assert data_dir() == ROOT / "var"
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/decks.sqlite3"], cwd=ROOT)
    assert ignored.returncode == 0


def test_an_unknown_url_is_refused_without_echoing_a_password():
    with pytest.raises(ValueError) as caught:
        open_store("mysql://user:secret@host/db")
    assert "secret" not in str(caught.value) and "mysql" in str(caught.value)


def test_the_database_url_comes_from_the_environment(monkeypatch):
    need_postgres()
    reset_postgres()
    monkeypatch.setenv("KZ_DATABASE_URL", PG_URL)
    store = open_store(None)
    try:
        deck = store.create("On PostgreSQL", STEPS)
        assert open_store(PG_URL).load(deck.id) == deck
    finally:
        store.close()


# -- the schema and its migration ----------------------------------------------------------------

V1_SCHEMA = (  # the first layout: no versions, no step counts, no positions
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    "INSERT INTO schema_version (version) VALUES (1)",
    "CREATE TABLE decks (id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,"
    " updated TEXT NOT NULL)",
)


def test_a_version_1_database_is_migrated_with_its_decks_intact(url, atlas):
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True)
    old = {"abc123": Deck(id="abc123", title="Old deck", steps=STEPS),
           "default": replace(default_deck(atlas, "kk"), title="Өңделген")}
    conn, param = raw(url)
    for statement in V1_SCHEMA:
        conn.execute(statement)
    for deck in old.values():
        conn.execute(f"INSERT INTO decks (id, title, body, updated) VALUES "
                     f"({param}, {param}, {param}, {param})",
                     (deck.id, deck.title, deck_to_json(deck).decode(), "2026-11-30T10:00:00Z"))
    conn.close()

    store = open_store(url)
    try:
        summaries = {s.id: s for s in store.list_decks()}
        assert {i: (s.title, s.steps, s.version) for i, s in summaries.items()} == {
            "abc123": ("Old deck", 2, 1), "default": ("Өңделген", len(old["default"].steps), 1)}
        for deck_id, deck in old.items():
            assert store.load(deck_id) == replace(deck, version=1,
                                                  updated="2026-11-30T10:00:00Z")
        assert store.save(replace(old["abc123"], title="Saved after"), 1).version == 2
        assert store.set_position("abc123", 1, None).seq == 1  # the table v2 added
    finally:
        store.close()
    conn, _ = raw(url)
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    conn.close()
    reopened = open_store(url)  # a second start migrates nothing
    assert reopened.load("abc123").title == "Saved after"
    reopened.close()


def test_a_database_from_a_newer_app_is_refused_not_changed(url):
    store = open_store(url)
    deck = store.create("Deck", STEPS)
    store.close()
    conn, _ = raw(url)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.close()
    newer = open_store(url)
    with pytest.raises(StoreUnavailable, match="newer"):
        newer.load(deck.id)
    newer.close()
    conn, _ = raw(url)
    assert conn.execute("SELECT title FROM decks").fetchall() == [("Deck",)]
    conn.close()


# -- faults ----------------------------------------------------------------------------------------

def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def test_the_file_removed_mid_use_fails_saves_and_a_restored_backup_is_reopened(tmp_path):
    url = f"sqlite:///{tmp_path / 'decks.sqlite3'}"
    store = open_store(url)
    deck = store.create("Briefing", STEPS)
    store.set_position(deck.id, 1, None)
    backup = tmp_path / "backup.sqlite3"
    source = sqlite3.connect(sqlite_path(url))
    target = sqlite3.connect(backup)
    source.backup(target)  # what `sqlite3 decks.sqlite3 ".backup …"` does
    source.close()
    target.close()

    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_path(url)}{suffix}").unlink(missing_ok=True)
    with pytest.raises(StoreUnavailable, match="missing"):
        store.save(replace(deck, title="Lost?"), 1)
    with pytest.raises(StoreUnavailable):
        store.position(deck.id)  # the projector keeps its last step
    assert not sqlite_path(url).exists()  # no empty database made in its place mid-use

    shutil.copy(backup, sqlite_path(url))  # the operator restores the backup
    assert store.load(deck.id) == deck
    assert store.position(deck.id).step_index == 1
    assert store.save(replace(deck, title="After the restore"), 1).version == 2
    store.close()


def test_the_file_made_read_only_mid_use_fails_saves_and_keeps_what_was_saved(tmp_path):
    path = tmp_path / "decks.sqlite3"
    store = open_store(f"sqlite:///{path}")
    deck = store.save(replace(store.create("Briefing", STEPS), title="Saved once"), 1)
    path.chmod(0o444)
    try:
        with pytest.raises(StoreUnavailable, match="read-only"):
            store.save(replace(deck, title="Saved twice"), 2)
        with pytest.raises(StoreUnavailable):
            store.create("New", STEPS)
        with pytest.raises(StoreUnavailable):
            store.set_position(deck.id, 1, None)
        assert store.load(deck.id) == deck  # reads go on
        assert [s.title for s in store.list_decks()] == ["Saved once"]
    finally:
        path.chmod(0o644)
    assert store.save(replace(deck, title="Saved twice"), 2).version == 3
    store.close()


def test_an_unreachable_server_is_unavailable_not_a_crash():
    store = open_store("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreUnavailable):
        store.list_decks()
    with pytest.raises(StoreUnavailable):
        store.position("default")


def postgres_ctl(action: str) -> None:
    subprocess.run([str(ROOT / ".ci" / "postgres"), action, PG_DIR], check=True,
                   capture_output=True, timeout=120)


def test_postgres_stopped_and_started_again_is_reconnected():
    need_postgres()
    if not PG_DIR:
        if REQUIRE_PG:
            pytest.fail("KZ_TEST_POSTGRES_DIR is not set: CI restarts its cluster (.ci/run)")
        pytest.skip("KZ_TEST_POSTGRES_DIR names no cluster to restart")
    reset_postgres()
    store = open_store(PG_URL)
    deck = store.create("Briefing", STEPS)
    store.set_position(deck.id, 2, None)
    postgres_ctl("stop")
    try:
        with pytest.raises(StoreUnavailable):
            store.save(replace(deck, title="While it is down"), 1)
        with pytest.raises(StoreUnavailable):
            store.position(deck.id)
    finally:
        postgres_ctl("start")
    # The next call reconnects: nothing saved lost, nothing half-saved.
    assert store.load(deck.id) == deck
    assert store.position(deck.id).step_index == 2
    assert store.save(replace(deck, title="After the restart"), 1).version == 2
    # A connection broken under a live store (the server restarted between two calls).
    postgres_ctl("stop")
    postgres_ctl("start")
    assert store.position(deck.id).seq == 1
    store.close()


# -- edit keys, rooms, claims, quotas (issue 23: decks that belong to someone) --------------

def test_a_deck_is_changed_only_with_its_key(url, store):
    key, other = new_key(), new_key()
    deck = store.create("Mine", STEPS, key=key)
    for wrong in (None, other, "", key[:-1], key + "x", key.upper(), "x' OR '1'='1"):
        assert not store.can_edit(deck.id, wrong)
        with pytest.raises(NotYourDeck):
            store.save(replace(deck, title="Overwritten"), 1, key=wrong)
        with pytest.raises(NotYourDeck):
            store.delete(deck.id, 1, key=wrong)
        with pytest.raises(NotYourDeck):
            store.set_position(deck.id, 1, None, key=wrong)
        assert not store.claim(deck.id, other)  # a keyed deck cannot be claimed again
    assert store.load(deck.id) == deck and store.position(deck.id) is None  # nothing changed
    assert [s.id for s in store.list_decks(ids=[])] == []  # not listed to others
    assert store.can_edit(deck.id, key)
    saved = store.save(replace(deck, title="Mine, edited"), 1, key=key)
    assert store.set_position(deck.id, 1, None, key=key).step_index == 1
    # Another replica, another connection: the same key, the same answer.
    replica = open_store(url)
    try:
        with pytest.raises(NotYourDeck):
            replica.save(replace(saved, title="From elsewhere"), 2)
        assert replica.save(replace(saved, title="From elsewhere"), 2, key=key).version == 3
    finally:
        replica.close()
    store.delete(deck.id, 3, key=key)
    assert store.load(deck.id) is None


def test_only_a_hash_of_the_key_is_stored(url, store):
    key = new_key()
    deck = store.create("Mine", STEPS, key=key)
    store.set_position(deck.id, 0, None, key=key)
    conn, _ = raw(url)
    try:
        rows = [repr(row) for table in ("decks", "positions")
                for row in conn.execute(f"SELECT * FROM {table}").fetchall()]
    finally:
        conn.close()
    assert rows and not any(key in row for row in rows)
    assert any(hashlib.sha256(key.encode()).hexdigest() in row for row in rows)


def test_keys_are_compared_in_constant_time(store, monkeypatch):
    import components.decks.store as module

    compared: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def compare_digest(a, b):
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(module.hmac, "compare_digest", compare_digest)
    key = new_key()
    deck = store.create("Mine", STEPS, key=key)
    for attempt in (key, new_key(), "short", None):
        compared.clear()
        assert store.can_edit(deck.id, attempt) is (attempt == key)
        # Even a malformed key costs one comparison of two whole digests, not an early "no".
        assert len(compared) == 1 and all(len(a) == len(b) == 64 for a, b in compared)
    room_key = new_key()
    compared.clear()
    assert store.may_drive(built_in_room(room_key), room_key)
    assert not store.may_drive(built_in_room(room_key), new_key())
    assert len(compared) == 2
    source = Path(module.__file__).read_text()
    assert "key_hash(key) ==" not in source and "== key_hash" not in source


def test_two_presenters_of_the_built_in_tour_have_rooms_of_their_own(store):
    first, second = new_key(), new_key()
    room_a, room_b = built_in_room(first), built_in_room(second)
    assert room_a != room_b and is_built_in(room_a) and valid_id(room_a)
    assert first not in room_a and room_a == built_in_room(first)  # a reload: the same room
    store.set_position(room_a, 3, None, key=first)
    store.set_position(room_b, 1, None, key=second)
    assert store.position(room_a).step_index == 3 and store.position(room_b).step_index == 1
    for room, key in ((room_a, second), (room_b, first), (room_a, None), ("default", first),
                      ("default", None)):
        assert not store.may_drive(room, key)
        with pytest.raises(NotYourDeck):
            store.set_position(room, 5, None, key=key)
    assert store.position(room_a).step_index == 3 and store.position(room_b).step_index == 1
    assert store.position("default") is None  # the shared room of before: no one drives it


def test_an_open_deck_is_anyones_until_claimed(store):
    deck = store.create("Stored before keys", STEPS)  # no key: as migrated decks are
    assert store.is_open(deck.id) and store.can_edit(deck.id, None)
    assert [(s.id, s.open) for s in store.list_decks(ids=[], open_ones=True)] == [(deck.id, True)]
    saved = store.save(replace(deck, title="Edited by anyone"), 1)
    store.set_position(deck.id, 1, None)
    claimer, late = new_key(), new_key()
    assert store.claim(deck.id, claimer)
    assert not store.claim(deck.id, late)  # the first claim wins
    assert not store.is_open(deck.id) and store.list_decks(ids=[], open_ones=True) == []
    assert [s.id for s in store.list_decks(ids=[deck.id])] == [deck.id]
    with pytest.raises(NotYourDeck):
        store.save(replace(saved, title="After the claim"), 2)
    with pytest.raises(NotYourDeck):
        store.set_position(deck.id, 0, None, key=late)
    assert store.save(replace(saved, title="After the claim"), 2, key=claimer).version == 3
    assert not store.claim("default", new_key()) and not store.claim("nosuch", new_key())


def test_the_store_refuses_decks_past_its_limits(url, monkeypatch):
    store = open_store(url)
    store.max_decks, store.max_per_hour = 3, 100
    try:
        keys = [new_key() for _ in range(3)]
        made = [store.create(f"deck {n}", STEPS, key=key) for n, key in enumerate(keys)]
        with pytest.raises(QuotaExceeded) as caught:
            store.create("one more", STEPS, key=new_key())
        assert (caught.value.key, caught.value.limit) == ("deck_quota_store", 3)
        assert len(store.list_decks()) == 3  # nothing half-stored
        store.delete(made[0].id, 1, key=keys[0])  # a deck deleted makes room
        store.create("one more", STEPS, key=new_key())
    finally:
        store.close()
    monkeypatch.setenv("KZ_MAX_DECKS", "100")
    monkeypatch.setenv("KZ_MAX_DECKS_PER_HOUR", "4")
    hourly = open_store(url)
    try:
        assert (hourly.max_decks, hourly.max_per_hour) == (100, 4)
        hourly.create("the fourth this hour", STEPS)
        with pytest.raises(QuotaExceeded) as caught:
            hourly.create("the fifth this hour", STEPS)
        assert (caught.value.key, caught.value.limit) == ("deck_quota_hour", 4)
    finally:
        hourly.close()
    monkeypatch.setenv("KZ_MAX_DECKS", "many")
    with pytest.raises(ValueError, match="KZ_MAX_DECKS"):
        open_store(url)


V2_SCHEMA = (  # the second layout: versions and positions, no keys
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    "INSERT INTO schema_version (version) VALUES (2)",
    "CREATE TABLE decks (id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,"
    " steps INTEGER NOT NULL, version BIGINT NOT NULL, updated TEXT NOT NULL)",
    "CREATE TABLE positions (deck_id TEXT PRIMARY KEY, step_index INTEGER NOT NULL,"
    " started_at DOUBLE PRECISION, updated_at DOUBLE PRECISION NOT NULL, seq BIGINT NOT NULL)",
)


LONG_AGO = "2026-12-01T09:00:00.000+00:00"


def test_a_version_2_database_is_migrated_and_its_decks_stay_editable_until_claimed(url):
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True)
    deck = Deck(id="abc123", title="Before keys", steps=STEPS)
    conn, param = raw(url)
    for statement in V2_SCHEMA:
        conn.execute(statement)
    conn.execute(f"INSERT INTO decks (id, title, body, steps, version, updated) VALUES "
                 f"({param}, {param}, {param}, 2, 4, {param})",
                 (deck.id, deck.title, deck_to_json(deck).decode(), LONG_AGO))
    conn.execute(f"INSERT INTO positions VALUES ({param}, 1, NULL, 1.5, 7)", (deck.id,))
    conn.close()

    store = open_store(url)
    try:
        assert store.load(deck.id) == replace(deck, version=4,
                                              updated=LONG_AGO)
        assert store.position(deck.id).seq == 7  # the room kept its place
        # Nobody is locked out: the deck is open, listed to everyone, editable by anyone.
        assert store.is_open(deck.id)
        assert [s.id for s in store.list_decks(ids=[], open_ones=True)] == [deck.id]
        saved = store.save(replace(store.load(deck.id), title="Edited after"), 4)
        assert store.set_position(deck.id, 0, None).seq == 8
        key = new_key()
        assert store.claim(deck.id, key)
        with pytest.raises(NotYourDeck):
            store.save(replace(saved, title="Not any more"), 5)
        # New decks count against the hourly quota from their creation, old ones by their
        # last save (long ago: not this hour).
        store.max_per_hour = 1
        store.create("New", STEPS, key=new_key())
    finally:
        store.close()
    conn, _ = raw(url)
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    assert SCHEMA_VERSION == 3
    assert conn.execute(f"SELECT created FROM decks WHERE id = {param}",
                        (deck.id,)).fetchall() == [(LONG_AGO,)]
    conn.close()
    reopened = open_store(url)  # a second start migrates nothing
    assert reopened.load(deck.id).title == "Edited after" and not reopened.is_open(deck.id)
    reopened.close()


def test_the_operator_claims_an_open_deck_from_the_command_line(url, monkeypatch, capsys):
    from components.decks.store import main

    monkeypatch.setenv("KZ_DATABASE_URL", url)
    store = open_store(url)
    deck = store.create("Before keys", STEPS)
    assert main(["list"]) == 0
    assert f"{deck.id}\topen" in capsys.readouterr().out
    assert main(["claim", deck.id]) == 0
    printed = capsys.readouterr().out
    key = printed.split("key=")[1].split()[0]
    assert store.can_edit(deck.id, key) and not store.is_open(deck.id)
    assert main(["claim", deck.id]) == 1  # once
    assert "not an open deck" in capsys.readouterr().err
    store.close()
