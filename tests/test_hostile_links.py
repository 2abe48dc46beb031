"""A hostile shared link costs the server no more than a normal one (through AppTest)."""

from __future__ import annotations

import statistics
import time

from streamlit.testing.v1 import AppTest

from components.url_state import MAX_NOTICES
from tests.app_driver import shown_commands
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
HOSTILE = {"commands": ",".join(["x"] * 8000)}  # a 16 KB link: 8,000 unknown parts
RUNS = 3


def timed_run(query: dict[str, str]) -> tuple[float, AppTest]:
    """A viewer opening the link: a fresh session's full run, in seconds."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    assert not at.exception, at.exception
    return elapsed, at


def test_a_16_kb_link_gives_few_notices_and_costs_no_more_than_a_normal_run():
    assert len(HOSTILE["commands"]) > 15_000
    timed_run({})  # warm caches (the atlas, imports) before measuring either
    normal, hostile = [], []
    for _ in range(RUNS):  # interleaved, so a busy machine slows both alike
        normal.append(timed_run({})[0])
        seconds, at = timed_run(HOSTILE)
        hostile.append(seconds)
        assert 1 <= len(at.warning) <= MAX_NOTICES
        assert at.header  # the page rendered
        assert shown_commands(at) == [  # the link changed nothing
            "astana", "shygys", "batys", "ontustik"]
    assert statistics.median(hostile) <= 2 * statistics.median(normal), (normal, hostile)
