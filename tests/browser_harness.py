"""Start the app on loopback and drive it in Debian's headless Chromium.

Used by the browser tests and by `python -m tests.make_screenshots`. Every page blocks and
counts requests to any host but the app's own, so each test also proves the app is offline.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A running `streamlit run app.py` on loopback."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def app_server(log_dir: Path, data_dir: Path | None = None, script: Path = ROOT / "app.py",
               cwd: Path = ROOT):
    """Run the app until the block ends; `data_dir` swaps in another data directory,
    `script` another page (the benchmark's baseline), `cwd` another working directory (whose
    `.streamlit/config.toml` Streamlit reads instead of the app's)."""
    port = free_port()
    env = dict(os.environ)
    if data_dir is not None:
        env["KZ_COMMANDS_DATA_DIR"] = str(data_dir)
    # A store of decks of its own: not the checkout's var/, where another test's (or a
    # developer's) decks and presenter positions made later journeys go astray.
    env.setdefault("KZ_DATA_DIR", str(log_dir / f"decks-{port}"))
    log_path = log_dir / f"streamlit-{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start:\n{log_path.read_text()}")
            time.sleep(0.3)
        yield AppServer(url, process, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Watch:
    """What a page did: requests it tried outside loopback, dialogs, frames it sent."""

    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    frames_sent: list[float] = field(default_factory=list)


def launch_browser(playwright):
    """Debian's Chromium; a missing browser is an error, never a skip."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def open_page(browser, width: int, height: int, **context_options):
    """A page of the given size that blocks and counts every non-local request
    (`context_options` go to Playwright's new_context, e.g. has_touch)."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  **context_options)
    page = context.new_page()
    watch = Watch()

    def route(route_request):
        host = urlparse(route_request.request.url).hostname or ""
        if route_request.request.url.startswith(("data:", "blob:", "about:")) \
                or host in LOCAL_HOSTS:
            route_request.continue_()
        else:
            watch.blocked.append(route_request.request.url)
            route_request.abort()

    context.route("**/*", route)
    page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("websocket", lambda ws: ws.on(
        "framesent", lambda _payload: watch.frames_sent.append(time.monotonic())))
    return page, watch


def map_frame(page):
    """The Leaflet map's frame, once its territories are drawn."""
    page.wait_for_selector(MAP_FRAME, timeout=30_000)
    frame = page.frame_locator(MAP_FRAME)
    # The first visible one: a territory outside a zoomed view is drawn as an empty path.
    frame.locator("path.leaflet-interactive >> visible=true").first.wait_for(timeout=30_000)
    return frame


def map_js(page, expression: str):
    """Evaluate JavaScript in the map's frame (where `window.map` is the Leaflet map)."""
    handle = page.locator(MAP_FRAME).element_handle()
    return handle.content_frame().evaluate(expression)


def wait_for_map_ready(page) -> None:
    """The map is drawn and streamlit-folium has finished its first render."""
    map_frame(page)
    page.wait_for_function(
        """() => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
                   return f && f.contentWindow.map && f.contentWindow.map._loaded; }""",
        timeout=30_000)
    # The page scrolls smoothly: bring the whole map into view first, and let the scroll end,
    # or a click computed before the scroll lands where the map used to be.
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    settle(page, 700)


def settle(page, quiet_ms: int = 400) -> None:
    """Wait until Streamlit is not running the script."""
    page.wait_for_function(
        """() => !document.querySelector(
               '[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')""",
        timeout=30_000)
    page.wait_for_timeout(quiet_ms)


def container_point(page, lat: float, lon: float) -> dict[str, float]:
    """Where a geographic point is inside the map's container, in CSS pixels."""
    # While the frame is still being laid out Leaflet can answer NaN: ask until it settles.
    for _ in range(50):
        x, y = map_js(page, f"(() => {{ const p = window.map.latLngToContainerPoint("
                            f"[{lat}, {lon}]); return [isFinite(p.x) ? p.x : null,"
                            " isFinite(p.y) ? p.y : null]; })()")
        if x is not None and y is not None:
            return {"x": x, "y": y}
        page.wait_for_timeout(200)
    raise AssertionError(f"the map has no position for {lat}, {lon} after 10 s")


def click_latlng(page, lat: float, lon: float) -> None:
    """Click the map at a geographic point (Playwright finds the frame's real offset)."""
    map_frame(page).locator(".leaflet-container").click(position=container_point(page, lat, lon))


def hover_latlng(page, lat: float, lon: float) -> None:
    """Move the mouse over a geographic point on the map."""
    map_frame(page).locator(".leaflet-container").hover(position=container_point(page, lat, lon))


def map_view(page) -> tuple[float, float, int]:
    """The live map's centre and zoom."""
    lat, lng, zoom = map_js(page, "[window.map.getCenter().lat, window.map.getCenter().lng,"
                                  " window.map.getZoom()]")
    return round(lat, 6), round(lng, 6), zoom


def query_of(page) -> dict[str, str]:
    """The page URL's query parameters."""
    from urllib.parse import parse_qsl
    return dict(parse_qsl(urlparse(page.url).query))


def clickable_point(atlas, code: str) -> tuple[float, float]:
    """A point well inside a territory (lat, lon), clear of every HQ star."""
    import shapely

    geometry = atlas.territories.loc[code, "geometry"]
    inner = geometry.buffer(-0.3)
    point = (inner if not inner.is_empty else geometry).representative_point()
    for command in atlas.commands:
        hq = shapely.Point(command.hq.lon, command.hq.lat)
        if hq.distance(point) < 1.0:
            point = geometry.difference(hq.buffer(1.2)).representative_point()
    return point.y, point.x


def axe_violations(page, frame=None) -> list[dict]:
    """axe-core's violations (WCAG 2 A/AA and best practices) on the page, its frames
    included, or on one `frame`'s document alone. axe-core comes with axe-playwright-python;
    it is put into every frame, as axe needs to look inside them."""
    from axe_playwright_python.base import AXE_SCRIPT

    for each in page.frames:
        each.evaluate(AXE_SCRIPT)
    target = frame if frame is not None else page.main_frame
    return target.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")


def serious(violations: list[dict], allowed: dict[str, set[str]] | None = None) -> list[str]:
    """The serious and critical violations as readable lines ("rule (impact): target"),
    without the (rule, CSS target) pairs `allowed` lists."""
    allowed = allowed or {}
    lines = []
    for violation in violations:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            target = " >> ".join(str(part) for part in node["target"])
            if target not in allowed.get(violation["id"], set()):
                lines.append(f"{violation['id']} ({violation['impact']}): {target}: "
                             f"{node.get('failureSummary', '')[:200]}")
    return lines


def fullscreen_element(page) -> str | None:
    """What is full screen in the page: the map's frame ("map frame"), another element's
    tag, or None."""
    return page.evaluate(f"""() => {{
        const el = document.fullscreenElement;
        if (!el) {{ return null; }}
        return el.matches('{MAP_FRAME}') ? 'map frame' : el.tagName; }}""")


def touch_page(browser, width: int, height: int):
    """A page as a tablet or phone shows it: touch, no hover, a coarse pointer; blocks and
    counts every non-local request as `open_page` does."""
    return open_page(browser, width, height, has_touch=True, is_mobile=True)
