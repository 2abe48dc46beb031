"""Screenshots of the running app in each language and size: `python -m tests.make_screenshots`.

Writes artifacts/screenshots/*.png (not committed) and refreshes tests/screenshots/app.png,
the README's picture. Uses the same offline, request-blocking browser as the tests.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from tests.browser_harness import ROOT, app_server, launch_browser, open_page, wait_for_map_ready

SIZES = [(1280, 800), (1920, 1080)]
VIEWS = {"overview": "", "batys": "command=batys", "atyrau": "oblast=atyrau&commands=astana,batys",
         "briefing": "mode=briefing&command=ontustik"}
README_SHOT = ROOT / "tests" / "screenshots" / "app.png"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as logs, app_server(Path(logs)) as server, \
            sync_playwright() as playwright:
        browser = launch_browser(playwright)
        for lang in ("en", "kk", "ru"):
            for width, height in SIZES:
                for view, query in VIEWS.items():
                    page, watch = open_page(browser, width, height)
                    page.goto(f"{server.url}/?lang={lang}&{query}")
                    wait_for_map_ready(page)
                    path = args.out / f"{view}-{lang}-{width}x{height}.png"
                    page.screenshot(path=str(path))
                    assert not watch.blocked, watch.blocked
                    page.context.close()
                    print(path)
        browser.close()
    README_SHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(args.out / "batys-en-1280x800.png", README_SHOT)
    print(README_SHOT)


if __name__ == "__main__":
    main()
