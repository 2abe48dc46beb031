"""Many viewers at once on loopback: 20 sessions click through every oblast, then a soak
to 500 clicks. Every panel must show the right command, no session may see another's
selection, the server log must stay clean, and the server's memory must settle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.atlas import load_atlas
from tests.bench.run import rss_mb
from tests.browser_harness import (
    MAP_FRAME,
    ROOT,
    app_server,
    clickable_point,
    container_point,
    open_page,
    query_of,
    wait_for_map_ready,
)
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser
SESSIONS = 20
SOAK_CLICKS = 500
ATLAS = load_atlas(DATA_DIR)
OBLASTS = list(ATLAS.territories.index[ATLAS.territories["kind"] == "oblast"])


@pytest.mark.slow
def test_twenty_sessions_click_through_every_oblast_and_a_500_click_soak(tmp_path, browser):
    with app_server(tmp_path) as server:
        pages = []
        for _ in range(SESSIONS):
            page, watch = open_page(browser, 1280, 800)
            page.goto(server.url)
            pages.append((page, watch))
        for page, _ in pages:
            wait_for_map_ready(page)
        positions = {code: container_point(pages[0][0], *clickable_point(ATLAS, code))
                     for code in OBLASTS}
        memory = [("after load", rss_mb(server.process.pid))]
        clicks, step = 0, 0
        while clicks < SOAK_CLICKS:
            # Each session clicks a different oblast at the same moment.
            chosen = [OBLASTS[(step + index) % len(OBLASTS)] for index in range(len(pages))]
            for (page, _), code in zip(pages, chosen, strict=True):
                page.frame_locator(MAP_FRAME).locator(".leaflet-container").click(
                    position=positions[code], no_wait_after=True)
            for (page, _), code in zip(pages, chosen, strict=True):
                page.wait_for_function(f"() => location.search.includes('oblast={code}&')"
                                       f" || location.search.endsWith('oblast={code}')",
                                       timeout=60_000)
                command = ATLAS.territories.loc[code, "command"]
                assert query_of(page) == {"oblast": code, "command": command}
                name = ATLAS.territories.loc[code, "name_en"]
                page.locator('[data-testid="stHeading"]').filter(has_text=name).first.wait_for(
                    timeout=60_000)
            clicks += len(pages)
            step += 1
            if step % 5 == 0:
                memory.append((f"after {clicks} clicks", rss_mb(server.process.pid)))
        memory.append((f"after {clicks} clicks", rss_mb(server.process.pid)))
        assert step >= len(OBLASTS)  # every session clicked every oblast at least once
        for page, watch in pages:
            assert watch.blocked == [] and watch.dialogs == []
            page.context.close()
        log = server.log()
    assert "Traceback" not in log and "Error" not in log, log[-3000:]
    figures = {"sessions": SESSIONS, "clicks": clicks, "rss_mb": memory}
    out = ROOT / "artifacts"
    out.mkdir(exist_ok=True)
    Path(out / "load-test.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures))
    # Settled: the second half of the soak adds little (sessions' state is per viewer and small).
    middle = memory[len(memory) // 2][1]
    assert memory[-1][1] - middle < 40, memory
