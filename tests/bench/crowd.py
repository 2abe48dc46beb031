"""A room of concurrent viewers: one Chromium, one browser context per viewer, all clicking.

Used by tests/bench/run.py. Each viewer opens the app, then clicks the oblasts in turn,
starting from its own, so neighbours ask for different panels at the same moment. Times are
taken inside the browser (the map frame's pointerdown to the moment the panel's heading is in
the page), so the Python driver's own latency under load does not count. Loopback only;
bounded by a click count, a per-click timeout and an overall deadline.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from tests.bench.apps import READY
from tests.bench.proc import cpu_seconds, mem_available_mb, peak_rss_mb, rss_mb
from tests.browser_harness import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS, MAP_FRAME

# Runs in every frame. The map's frame stamps the click on the top window; the top window
# gets `__benchArm(name, query, timeout)`, which resolves `__benchPending` once a heading reads
# `name` and the URL holds `query`.
PROBE = """(() => {
  const now = () => performance.timeOrigin + performance.now();
  if (window.top !== window) {
    window.addEventListener('pointerdown', () => {
      try { window.top.__benchClickAt = now(); } catch (e) { /* another origin: no stamp */ }
    }, true);
    return;
  }
  window.__benchArm = (name, query, timeoutMs) => {
    window.__benchClickAt = null;
    let headingAt = null, urlAt = null, done = false;
    const headings = () => [...document.querySelectorAll('[data-testid="stHeading"]')]
      .map(h => h.textContent.trim());
    const urlRight = () => {
      const search = new URLSearchParams(location.search);
      return Object.entries(query).every(([k, v]) => search.get(k) === v);
    };
    window.__benchPending = new Promise(resolve => {
      let observer, timer, limit;
      const finish = (timedOut) => {
        if (done) return;
        done = true;
        observer.disconnect(); clearInterval(timer); clearTimeout(limit);
        resolve({clickAt: window.__benchClickAt, headingAt, urlAt, timedOut,
                 headings: headings(), search: location.search});
      };
      const check = () => {
        if (headingAt === null && headings().includes(name)) headingAt = now();
        if (urlAt === null && window.__benchClickAt !== null && urlRight()) urlAt = now();
        if (headingAt !== null && urlAt !== null) finish(false);
      };
      observer = new MutationObserver(check);
      observer.observe(document.body, {subtree: true, childList: true, characterData: true});
      timer = setInterval(check, 50);
      limit = setTimeout(() => finish(true), timeoutMs);
    });
  };
})();"""



@dataclass
class Target:
    """What a click on one oblast must show: its heading, and (ours only) its URL query."""

    code: str
    name: str
    query: dict[str, str]
    point: tuple[float, float]  # lat, lon well inside the oblast


@dataclass
class CrowdResult:
    """What the room saw."""

    asked: int
    held: int
    load_failures: list[str] = field(default_factory=list)
    click_ms: list[float] = field(default_factory=list)
    clicks: int = 0
    unstamped: int = 0  # clicks timed from the driver, the map frame's stamp missing
    wrong: list[str] = field(default_factory=list)
    cpu_s: float = 0.0
    wall_s: float = 0.0
    open_s: float = 0.0
    stopped_by_deadline: bool = False
    rss_mb: float = float("nan")  # the server, all viewers still open
    peak_rss_mb: float = float("nan")


async def _route(route) -> None:
    host = urlparse(route.request.url).hostname or ""
    if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
        await route.continue_()
    else:
        await route.abort()


async def _open_viewer(browser, url: str, timeout_ms: int):
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        await context.route("**/*", _route)
        await context.add_init_script(PROBE)
        page = await context.new_page()
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_function(READY, timeout=timeout_ms, polling=100)
        await page.locator(MAP_FRAME).scroll_into_view_if_needed()
        return page
    except Exception:
        await context.close()
        raise


async def _click(page, target: Target, timeout_ms: int) -> dict:
    frame = await (await page.locator(MAP_FRAME).element_handle()).content_frame()
    lat, lon = target.point
    x, y = await frame.evaluate(
        f"(() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]);"
        " return [p.x, p.y]; })()")
    await page.evaluate("([n, q, t]) => window.__benchArm(n, q, t)",
                        [target.name, target.query, timeout_ms])
    started = time.time() * 1000
    await page.frame_locator(MAP_FRAME).locator(".leaflet-container").click(
        position={"x": x, "y": y}, timeout=timeout_ms)
    outcome = await page.evaluate("window.__benchPending")
    outcome["pyClickAt"] = started
    return outcome


async def _viewer(index, page, targets, clicks, deadline, timeout_ms, result, all_names):
    for step in range(clicks):
        if time.monotonic() > deadline:
            result.stopped_by_deadline = True
            return
        target = targets[(index + step) % len(targets)]
        try:
            outcome = await _click(page, target, timeout_ms)
        except Exception as error:  # noqa: BLE001 - a click that failed is a wrong panel
            result.clicks += 1
            result.wrong.append(f"viewer {index} {target.code}: {type(error).__name__}")
            continue
        result.clicks += 1
        others = [n for n in outcome["headings"] if n in all_names and n != target.name]
        if outcome["timedOut"] or others:
            result.wrong.append(f"viewer {index} {target.code}: headings {outcome['headings']}"
                                f" url {outcome['search']!r} timed out {outcome['timedOut']}")
            continue
        start = outcome["clickAt"]
        if start is None:
            result.unstamped += 1
            start = outcome["pyClickAt"]
        result.click_ms.append(outcome["headingAt"] - start)
        await page.wait_for_timeout(300)  # a viewer reads the panel before the next click


async def run_crowd(url: str, pid: int, targets: list[Target], viewers: int, clicks: int,
                    wave: int = 10, deadline_s: float = 600, timeout_ms: int = 60_000,
                    reserve_mb: float = 2048) -> CrowdResult:
    """Open `viewers` pages in waves of `wave` (fewer if memory runs short), then let each
    click `clicks` times at once; the server's CPU is taken around the clicking."""
    from playwright.async_api import async_playwright

    result = CrowdResult(asked=viewers, held=0)
    all_names = {t.name for t in targets}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = []
        opened = time.monotonic()
        for start in range(0, viewers, wave):
            count = min(wave, viewers - start)
            if mem_available_mb() < reserve_mb:
                result.load_failures.append(
                    f"stopped opening at {len(pages)} viewers: under {reserve_mb:.0f} MiB free")
                break
            batch = await asyncio.gather(
                *(_open_viewer(browser, url, 120_000) for _ in range(count)),
                return_exceptions=True)
            for page in batch:
                if isinstance(page, BaseException):
                    result.load_failures.append(f"{type(page).__name__}: {str(page)[:120]}")
                else:
                    pages.append(page)
        result.open_s = time.monotonic() - opened
        result.held = len(pages)
        await asyncio.sleep(2)  # let the last wave's runs finish before the CPU is read
        cpu_before, began = cpu_seconds(pid), time.monotonic()
        deadline = began + deadline_s
        await asyncio.gather(*(
            _viewer(i, page, targets, clicks, deadline, timeout_ms, result, all_names)
            for i, page in enumerate(pages)))
        result.wall_s = time.monotonic() - began
        result.cpu_s = cpu_seconds(pid) - cpu_before
        result.rss_mb, result.peak_rss_mb = rss_mb(pid), peak_rss_mb(pid)
        await browser.close()
    return result


def crowd(url: str, pid: int, targets: list[Target], viewers: int, clicks: int,
          **options) -> CrowdResult:
    """Run the room from synchronous code (outside any Playwright sync session)."""
    return asyncio.run(run_crowd(url, pid, targets, viewers, clicks, **options))
