"""Screenshots of a presented deck: the presenter's view and the projector that follows it,
in each language and size: `python -m tests.make_deck_screenshots`.

Writes artifacts/screenshots/deck-*.png (not committed). The built-in tour is presented (it
works on a fresh install), with its store in a temporary data directory.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from tests.browser_harness import (
    ROOT,
    app_server,
    launch_browser,
    open_page,
    query_of,
    settle,
    wait_for_map_ready,
)

SIZES = [(1366, 768), (1920, 1080)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    parser.add_argument("--langs", nargs="*", default=["kk", "ru"])
    parser.add_argument("--step", type=int, default=3, help="the step shown (1-based)")
    parser.add_argument("--theme", choices=["light", "dark"], default="light",
                        help="dark: a dim room's (theme=dark), files named deck-dark-*")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    theme = "&theme=dark" if args.theme == "dark" else ""
    prefix = "deck-dark" if args.theme == "dark" else "deck"
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KZ_DATA_DIR"] = tmp
        with app_server(Path(tmp)) as server, sync_playwright() as playwright:
            browser = launch_browser(playwright)
            for lang in args.langs:
                for width, height in SIZES:
                    speaker, _ = open_page(browser, width, height)
                    speaker.goto(f"{server.url}/?deck=default&mode=presenter&lang={lang}{theme}")
                    wait_for_map_ready(speaker)
                    # The presenter picks up at the room's step: press on to the one asked for.
                    while int(query_of(speaker).get("step", "1")) != args.step:
                        speaker.keyboard.press("PageDown")
                        settle(speaker, 300)
                    settle(speaker, 1500)
                    name = f"{lang}-{width}x{height}.png"
                    speaker.screenshot(path=args.out / f"{prefix}-presenter-{name}")
                    room, _ = open_page(browser, width, height)
                    own = query_of(speaker)["deck"]  # the tour in this presenter's room
                    room.goto(f"{server.url}/?deck={own}&mode=briefing&follow=1&lang={lang}{theme}")
                    wait_for_map_ready(room)
                    settle(room, 1500)
                    room.screenshot(path=args.out / f"{prefix}-projector-{name}")
                    speaker.context.close()
                    room.context.close()
            browser.close()


if __name__ == "__main__":
    main()
