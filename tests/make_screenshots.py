"""Screenshots of the running app in each language and size: `python -m tests.make_screenshots`.

Writes artifacts/screenshots/*.png (not committed) and refreshes tests/screenshots/app.png,
the README's picture. Uses the same offline, request-blocking browser as the tests.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from tests.browser_harness import (
    ROOT,
    app_server,
    launch_browser,
    open_page,
    settle,
    wait_for_map_ready,
)

SIZES = [(1280, 800), (1920, 1080)]
VIEWS = {"overview": "", "batys": "command=batys", "atyrau": "oblast=atyrau&commands=astana,batys",
         "briefing": "mode=briefing&command=ontustik",
         # Today's names (issue #12): a later unit leads to the territory that holds it.
         "abai": "oblast=abai", "shymkent": "oblast=shymkent", "ulytau": "oblast=ulytau",
         "briefing-batys": "mode=briefing&command=batys",
         # The search box (issue #10): what is typed, then Enter; a link cannot say it.
         "search": "", "search-briefing": "mode=briefing",
         # A dark room (theme=dark): the briefing and the page with its sidebar.
         "briefing-dark": "mode=briefing&theme=dark",
         "briefing-batys-dark": "mode=briefing&command=batys&theme=dark",
         "overview-dark": "theme=dark&oblast=abai"}
TYPED = {"search": "Семей", "search-briefing": "Atyrau"}
README_SHOT = ROOT / "tests" / "screenshots" / "app.png"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    parser.add_argument("--views", nargs="*", default=list(VIEWS), choices=list(VIEWS))
    parser.add_argument("--langs", nargs="*", default=["en", "kk", "ru"])
    parser.add_argument("--sizes", nargs="*", default=[f"{w}x{h}" for w, h in SIZES],
                        help="e.g. 1366x768 1920x960")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the window")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes]
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as logs, app_server(Path(logs)) as server, \
            sync_playwright() as playwright:
        browser = launch_browser(playwright)
        for lang in args.langs:
            for width, height in sizes:
                for view in args.views:
                    query = VIEWS[view]
                    page, watch = open_page(browser, width, height)
                    page.goto(f"{server.url}/?lang={lang}&{query}")
                    wait_for_map_ready(page)
                    if view in TYPED:
                        box = page.locator(".st-key-search input")
                        box.fill(TYPED[view])
                        box.press("Enter")
                        page.wait_for_function("() => location.search.includes('command=')")
                        settle(page)
                    # wait_for_map_ready scrolls the map into view; a shot shows the page as
                    # it opens, from its top.
                    page.evaluate("document.querySelector('[data-testid=\"stMain\"]')"
                                  ".scrollTo({top: 0, behavior: 'instant'})")
                    path = args.out / f"{view}-{lang}-{width}x{height}.png"
                    page.wait_for_timeout(800)  # the map's fit animation
                    page.screenshot(path=str(path), full_page=args.full_page)
                    assert not watch.blocked, watch.blocked
                    page.context.close()
                    print(path)
        browser.close()
    source = args.out / "batys-en-1280x800.png"
    if source.exists() and args.views == list(VIEWS):  # a full run refreshes the README's
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, README_SHOT)
        print(README_SHOT)


if __name__ == "__main__":
    main()
