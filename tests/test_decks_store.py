"""The decks' store on SQLite and on a real PostgreSQL server: decks, versions, the position,
the v1 migration, and the faults of issue 23 (the file removed or made read-only mid-use,
the server stopped and started again).

PostgreSQL runs when KZ_TEST_DATABASE_URL names a database (`.ci/postgres start DIR` prints
one; its tables are dropped by these tests); with KZ_REQUIRE_POSTGRES=1 (CI) a missing server
fails instead of skipping. The restart test also needs KZ_TEST_POSTGRES_DIR, the DIR given to
`.ci/postgres`, to stop and start that cluster.
"""

from __future__ import annotations

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
    StoreUnavailable,
    VersionConflict,
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


def test_the_default_deck_is_stored_only_once_edited(store, atlas):
    assert store.load("default") is None
    generated = default_deck(atlas, "ru")
    edited = store.save(replace(generated, title="Наш брифинг"), 0)
    assert (edited.id, edited.version) == ("default", 1)
    assert store.load("default") == edited
    with pytest.raises(VersionConflict):  # a second tab that also began from the generated one
        store.save(generated, 0)
    store.delete("default", 1)  # back to the generated deck
    assert store.load("default") is None


# -- the presenter's position ------------------------------------------------------------------

def test_the_position_is_written_and_read_with_a_growing_sequence(url, store):
    assert store.position("default") is None
    first = store.set_position("default", 0, 1_790_000_000.5)
    assert (first.step_index, first.started_at, first.seq) == (0, 1_790_000_000.5, 1)
    second = store.set_position("default", 3, 1_790_000_000.5)
    assert (second.step_index, second.seq) == (3, 2) and second.updated_at >= first.updated_at
    # A projector served by another replica reads the same row.
    follower = open_store(url)
    try:
        assert follower.position("default") == second
        assert follower.set_position("default", 3, None).seq == 3  # the same step again
        assert store.position("default").started_at is None
    finally:
        follower.close()
    deck = store.create("Own", STEPS)
    store.set_position(deck.id, 1, None)
    assert store.position(deck.id).step_index == 1
    store.delete(deck.id, 1)
    assert store.position(deck.id) is None  # gone with its deck
    with pytest.raises(ValueError):
        store.set_position("default", -1, None)
    with pytest.raises(ValueError):
        store.set_position("Not An Id", 0, None)


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
