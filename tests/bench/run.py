"""Benchmark: our app against the naive baseline, in one run, the way a user feels it.

    python -m tests.bench.run [--loads 5] [--clicks 42] [--sessions 10] [--json out.json]

Starts both apps on loopback, drives each in headless Chromium with the same scripted session
(every non-local request blocked), and prints median, p95 and the ratio ours/baseline. It
asserts nothing: timings on a shared 2-core machine are noisy, so compare the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from shapely.geometry import mapping

from components.map.builder import sea_collection, territory_collection
from geo.atlas import DATA_DIR, load_atlas
from tests.browser_harness import (
    MAP_FRAME,
    ROOT,
    app_server,
    clickable_point,
    container_point,
    launch_browser,
    map_js,
    open_page,
)

BASELINE = ROOT / "tests" / "bench" / "baseline_app.py"
ATLAS = load_atlas(DATA_DIR)
OBLASTS = list(ATLAS.territories.index[ATLAS.territories["kind"] == "oblast"])
READY = """() => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const w = f && f.contentWindow;
    return !!(w && w.map && w.map._loaded &&
              w.document.querySelectorAll('path.leaflet-interactive').length >= 17); }"""


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Traffic:
    """Bytes a page receives (HTTP bodies and websocket frames) and frames it sends."""

    def __init__(self, page):
        self.http = 0
        self.ws_in = 0
        self.ws_out = 0
        page.on("requestfinished", self._finished)
        page.on("websocket", lambda ws: (
            ws.on("framereceived", lambda p: setattr(self, "ws_in", self.ws_in + len(p))),
            ws.on("framesent", lambda p: setattr(self, "ws_out", self.ws_out + 1))))

    def _finished(self, request):
        try:
            self.http += request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 - a request without sizes (cancelled) adds nothing
            pass

    @property
    def received(self) -> int:
        return self.http + self.ws_in


def wait_ready(page, timeout_ms=60_000):
    page.wait_for_function(READY, timeout=timeout_ms, polling=20)


def cold_loads(browser, url, count):
    times, sizes, app_sizes = [], [], []
    for _ in range(count):
        page, watch = open_page(browser, 1280, 800)
        traffic = Traffic(page)
        start = time.perf_counter()
        page.goto(url)
        wait_ready(page)
        times.append(time.perf_counter() - start)
        # Everything the first view loads, lazy chunks and fonts included.
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        sizes.append(traffic.received)
        app_sizes.append(traffic.ws_in)
        assert not watch.blocked, watch.blocked
        page.context.close()
    return times, sizes, app_sizes


def quiet(page, ms=600):
    page.wait_for_timeout(ms)


def ready_page(browser, url, settle_ms):
    """A page with the map drawn and in view, its traffic counted from the start."""
    page, _ = open_page(browser, 1280, 800)
    traffic = Traffic(page)
    page.goto(url)
    wait_ready(page)
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    quiet(page, settle_ms)
    return page, traffic


def clicks(browser, url, count, pid):
    page, traffic = ready_page(browser, url, 1000)
    times, sizes = [], []
    frames_before, cpu_before = traffic.ws_out, cpu_seconds(pid)
    for index in range(count):
        code = OBLASTS[index % len(OBLASTS)]
        name = ATLAS.territories.loc[code, "name_en"]
        position = container_point(page, *clickable_point(ATLAS, code))
        received = traffic.received
        heading = page.locator('[data-testid="stHeading"]').filter(has_text=name)
        start = time.perf_counter()
        page.frame_locator(MAP_FRAME).locator(".leaflet-container").click(position=position)
        heading.first.wait_for(timeout=30_000)
        times.append(time.perf_counter() - start)
        wait_ready(page)
        quiet(page, 350)
        sizes.append(traffic.received - received)
    reruns = max(1, traffic.ws_out - frames_before)
    cpu_per_rerun = (cpu_seconds(pid) - cpu_before) / reruns
    page.context.close()
    return times, sizes, cpu_per_rerun, reruns


def pans_and_zooms(browser, url):
    page, traffic = ready_page(browser, url, 1500)
    before = traffic.ws_out
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.6
    for step in range(5):
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 80, y - 30 + 15 * step, steps=6)
        page.mouse.up()
        quiet(page, 700)
        wait_ready(page)
    for _ in range(5):
        map_js(page, "window.map.zoomIn()" if _ % 2 == 0 else "window.map.zoomOut()")
        quiet(page, 700)
        wait_ready(page)
    quiet(page, 1000)
    reruns = traffic.ws_out - before
    page.context.close()
    return reruns


def memory(browser, url, pid, sessions):
    pages = []
    first, _ = open_page(browser, 1280, 800)
    first.goto(url)
    wait_ready(first)
    pages.append(first)
    quiet(first, 2000)
    one = rss_mb(pid)
    for _ in range(sessions - 1):
        page, _w = open_page(browser, 1280, 800)
        page.goto(url)
        wait_ready(page)
        pages.append(page)
    quiet(first, 3000)
    many = rss_mb(pid)
    for page in pages:
        page.context.close()
    return one, many


def measure(browser, url, pid, args):
    loads, load_bytes, app_bytes = cold_loads(browser, url, args.loads)
    click_times, click_bytes, cpu, reruns = clicks(browser, url, args.clicks, pid)
    pan_reruns = pans_and_zooms(browser, url)
    one, many = memory(browser, url, pid, args.sessions)
    return {
        "time_to_interactive_s": loads,
        "first_load_bytes": load_bytes,
        # The app's own messages, without Streamlit's frontend files (the same for any
        # Streamlit app, and cached by the browser after the first visit).
        "first_load_websocket_bytes": app_bytes,
        "click_to_panel_ms": [t * 1000 for t in click_times],
        "bytes_per_click": click_bytes,
        "reruns_for_5_pans_5_zooms": [pan_reruns],
        "server_cpu_ms_per_rerun": [cpu * 1000],
        "rss_mb_1_session": [one],
        f"rss_mb_{args.sessions}_sessions": [many],
        "rss_mb_per_extra_session": [(many - one) / max(1, args.sessions - 1)],
        "click_reruns": reruns,
    }


def geometry_bytes():
    ours = sum(len(json.dumps(part)) for part in (
        territory_collection(ATLAS, "en"), sea_collection(ATLAS),
        mapping(ATLAS.context_borders)))
    raw = (DATA_DIR / "bench" / "territories_raw.geojson").stat().st_size
    return ours, raw


def table(ours, base):
    rows = [("metric", "ours median", "ours p95", "base median", "base p95", "ours/base")]
    for key, values in ours.items():
        if not isinstance(values, list):
            continue
        mine, theirs = statistics.median(values), statistics.median(base[key])
        ratio = mine / theirs if theirs else float("nan")
        rows.append((key, f"{mine:,.1f}", f"{p95(values):,.1f}", f"{theirs:,.1f}",
                     f"{p95(base[key]):,.1f}", f"{ratio:.2f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                               for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
                     for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--clicks", type=int, default=42)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as logs, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        for name, script in (("ours", ROOT / "app.py"), ("baseline", BASELINE)):
            with ExitStack() as stack:
                server = stack.enter_context(app_server(Path(logs), script=script))
                results[name] = measure(browser, server.url, server.process.pid, args)
                print(f"measured {name}", flush=True)
        browser.close()
    ours_geometry, raw_geometry = geometry_bytes()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"\nmachine: {machine}; loads={args.loads} clicks={args.clicks} "
          f"sessions={args.sessions}")
    print(table(results["ours"], results["baseline"]))
    print(f"\ngeometry sent: ours {ours_geometry:,} bytes (territories + context) vs raw "
          f"territories alone {raw_geometry:,} bytes")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "results": results,
                                         "geometry_bytes": {"ours": ours_geometry,
                                                            "raw": raw_geometry}}, indent=2))


if __name__ == "__main__":
    main()
