"""Benchmark: our app against the naive baseline, in one run, the way a user feels it.

    python -m tests.bench.run [--quick] [--loads 5] [--clicks 42] [--sessions 10]
                              [--viewers 50] [--viewer-clicks 5] [--wire-viewers 50]
                              [--json out.json]

Starts both apps on loopback, drives each in headless Chromium with the same scripted session
(every non-local request blocked), then a room of concurrent viewers (one browser context
each), then the same room on the wire (tests/bench/wire_room.py: viewers that speak
Streamlit's websocket protocol from Python, no browser, so that the server alone is measured),
and prints median, p95 and the ratio ours/baseline (with the first load's layout shift and
blocking time on three pages, tests/bench/layout_shift.py); then where the first load's
server time goes (tests/bench/first_load.py). It asserts nothing: timings on a shared 2-core
machine are noisy, so compare the ratio. `--quick` is a small version for before/after checks.

The baseline runs with Streamlit's default configuration (BASELINE_CONFIG), ours with the
app's .streamlit/config.toml. Click→panel is timed inside the page (pointerdown in the map's
frame to the panel's heading in the page); `click_to_panel_driver_ms` adds Playwright's own
work before the pointerdown. Bytes are counted twice: as the browser decodes them, and on
the wire through a counting proxy (tests/bench/counting_proxy.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlparse

from shapely.geometry import mapping
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.map.builder import sea_collection, territory_features, water_config
from geo.atlas import DATA_DIR, load_atlas
from tests.bench import first_load, layout_shift
from tests.bench.apps import BASELINE, READY, baseline_directory
from tests.bench.build_raw import RAW_BOUNDARIES
from tests.bench.counting_proxy import CountingProxy
from tests.bench.crowd import PROBE, Target, crowd
from tests.bench.proc import cpu_seconds, mem_available_mb, rss_mb
from tests.bench.wire_room import rows as wire_rows
from tests.bench.wire_room import summary as wire_summary
from tests.bench.wire_room import wire_room
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

ATLAS = load_atlas(DATA_DIR)
OBLASTS = list(ATLAS.territories.index[ATLAS.territories["kind"] == "oblast"])


def p95(values):
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


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


class Timeline:
    """When a first load's steps happen, in seconds after navigation starts (taken as the
    driver receives the browser's events, which it does while it waits for the map)."""

    STEPS = ("websocket_open", "rerun_sent", "map_message", "script_finished", "map_frame",
             "leaflet_loaded")

    def __init__(self, page):
        self.start = time.perf_counter()
        self.at: dict[str, float] = {}
        page.on("websocket", self._websocket)
        page.on("framenavigated", lambda frame: "streamlit_folium" in frame.url
                and self._mark("map_frame"))
        page.on("requestfinished", lambda request: request.url.endswith("/leaflet.js")
                and self._mark("leaflet_loaded"))

    def _mark(self, step: str) -> None:
        self.at.setdefault(step, time.perf_counter() - self.start)

    def _websocket(self, ws) -> None:
        self._mark("websocket_open")
        ws.on("framesent", lambda _payload: self._mark("rerun_sent"))
        ws.on("framereceived", self._received)

    def _received(self, payload) -> None:
        if isinstance(payload, str):
            return
        if b"streamlit_folium" in payload:
            self._mark("map_message")
        try:
            message = ForwardMsg.FromString(payload)
        except Exception:  # noqa: BLE001 - not a ForwardMsg: nothing to mark
            return
        if message.WhichOneof("type") == "script_finished":
            self._mark("script_finished")


def wait_ready(page, timeout_ms=60_000):
    page.wait_for_function(READY, timeout=timeout_ms, polling=20)


def cold_loads(browser, url, count):
    """`count` first visits, each in a fresh browser context; the first is also the server's
    first session (it pays the app's imports and the data load)."""
    times, sizes, app_sizes, timelines = [], [], [], []
    for _ in range(count):
        page, watch = open_page(browser, 1280, 800)
        traffic = Traffic(page)
        timeline = Timeline(page)
        timeline.start = start = time.perf_counter()
        page.goto(url)
        wait_ready(page)
        times.append(time.perf_counter() - start)
        # Everything the first view loads, lazy chunks and fonts included.
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        sizes.append(traffic.received)
        app_sizes.append(traffic.ws_in)
        timelines.append(timeline.at)
        assert not watch.blocked, watch.blocked
        page.context.close()
    return times, sizes, app_sizes, timelines


def steady_loads(browser, url, count):
    """Layout shift and blocking time of cold loads of the three pages issue 22 measured, on
    a phone (Lighthouse's mobile preset, 412×823) and a laptop (1280×800), `count` each,
    taken inside the page (tests/bench/layout_shift.py), with the time to a drawn map."""
    results = {}
    for _ in range(count):
        for (width, height), size in (((412, 823), "phone"), ((1280, 800), "1280")):
            for path, name in zip(layout_shift.PAGES, ("home", "batys_kk", "briefing_ru"),
                                  strict=True):
                found = layout_shift.first_load(browser, url + path, width, height)
                for key in ("cls", "tbt_ms", "tbt_map_ms", "map_s"):
                    results.setdefault(f"{key}_{size}_{name}", []).append(found[key])
    return results


def quiet(page, ms=600):
    page.wait_for_timeout(ms)


def ready_page(browser, url, settle_ms, init_script=None):
    """A page with the map drawn and in view, its traffic counted from the start;
    `init_script` runs in every frame before the page's own scripts."""
    page, _ = open_page(browser, 1280, 800)
    if init_script:
        page.context.add_init_script(init_script)
    traffic = Traffic(page)
    page.goto(url)
    wait_ready(page)
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    quiet(page, settle_ms)
    return page, traffic


def clicks(browser, url, count, pid):
    """One viewer clicks `count` oblasts in turn: click→panel as the page saw it (the map
    frame's pointerdown to the heading in the page, crowd.PROBE) and as the driver saw it
    (Playwright's click call to the heading found: adds its actionability checks, about
    40 ms), bytes, server CPU per rerun and per click (all the CPU the server spent from the
    first click to the last panel)."""
    page, traffic = ready_page(browser, url, 1000, init_script=PROBE)
    in_page, driver, sizes = [], [], []
    frames_before, cpu_before = traffic.ws_out, cpu_seconds(pid)
    for index in range(count):
        code = OBLASTS[index % len(OBLASTS)]
        name = ATLAS.territories.loc[code, "name_en"]
        position = container_point(page, *clickable_point(ATLAS, code))
        received = traffic.received
        page.evaluate("([n, t]) => window.__benchArm(n, {}, t)", [name, 30_000])
        start = time.perf_counter()
        page.frame_locator(MAP_FRAME).locator(".leaflet-container").click(position=position)
        outcome = page.evaluate("window.__benchPending")
        driver.append(time.perf_counter() - start)
        if outcome["timedOut"] or outcome["clickAt"] is None:
            raise RuntimeError(f"no panel for {code} after a click: {outcome}")
        in_page.append((outcome["headingAt"] - outcome["clickAt"]) / 1000)
        wait_ready(page)
        quiet(page, 350)
        sizes.append(traffic.received - received)
    cpu = cpu_seconds(pid) - cpu_before
    reruns = max(1, traffic.ws_out - frames_before)
    page.context.close()
    return in_page, driver, sizes, cpu / reruns, cpu / max(1, count), reruns


def wire_bytes(browser, url, count):
    """What the network carries: a first load and `count` clicks through a counting proxy
    (tests/bench/counting_proxy.py), server to browser, in bytes."""
    proxy = CountingProxy(int(urlparse(url).port))
    page, _ = open_page(browser, 1280, 800)
    page.goto(f"http://127.0.0.1:{proxy.port}")
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    quiet(page, 1000)
    first_load = proxy.down
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    quiet(page, 1000)
    sizes = []
    for index in range(count):
        code = OBLASTS[index % len(OBLASTS)]
        name = ATLAS.territories.loc[code, "name_en"]
        position = container_point(page, *clickable_point(ATLAS, code))
        before = proxy.down
        page.frame_locator(MAP_FRAME).locator(".leaflet-container").click(position=position)
        page.locator('[data-testid="stHeading"]').filter(has_text=name).first.wait_for(
            timeout=30_000)
        wait_ready(page)
        quiet(page, 350)
        sizes.append(proxy.down - before)
    page.context.close()
    return first_load, sizes


def pans_and_zooms(browser, url):
    """Reruns caused by 5 drags and 5 zooms (none is the aim)."""
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
    """The server's resident memory with one session open, then with `sessions`."""
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
    """Everything one viewer at a time sees, in a fresh server process."""
    loads, load_bytes, app_bytes, timelines = cold_loads(browser, url, args.loads)
    steady = steady_loads(browser, url, args.loads)
    click_times, driver_times, click_bytes, cpu_rerun, cpu_click, reruns = clicks(
        browser, url, args.clicks, pid)
    first_load_wire, click_wire = wire_bytes(browser, url, args.clicks)
    pan_reruns = pans_and_zooms(browser, url)
    one, many = memory(browser, url, pid, args.sessions)
    results = {
        "time_to_interactive_s": loads,
        # The first visit to a fresh server: it pays the app's imports and the data load.
        "tti_fresh_server_s": loads[:1],
    }
    # Where a first load's time goes (seconds after navigation starts; median over loads).
    for step in Timeline.STEPS:
        results[f"load_{step}_s"] = [t[step] for t in timelines if step in t]
    # The script's first run for a session, as the browser sees it (request to finish).
    results["load_server_first_run_s"] = [t["script_finished"] - t["rerun_sent"]
                                          for t in timelines
                                          if {"script_finished", "rerun_sent"} <= t.keys()]
    results.update({
        "first_load_bytes": load_bytes,
        # The app's own messages, without Streamlit's frontend files (the same for any
        # Streamlit app, and cached by the browser after the first visit).
        "first_load_websocket_bytes": app_bytes,
        "click_to_panel_ms": [t * 1000 for t in click_times],
        "click_to_panel_driver_ms": [t * 1000 for t in driver_times],
        "bytes_per_click": click_bytes,
        "wire_bytes_per_click": click_wire,
        "first_load_wire_bytes": [first_load_wire],
        "reruns_for_5_pans_5_zooms": [pan_reruns],
        "server_cpu_ms_per_rerun": [cpu_rerun * 1000],
        "server_cpu_ms_per_click": [cpu_click * 1000],
        "rss_mb_1_session": [one],
        f"rss_mb_{args.sessions}_sessions": [many],
        "rss_mb_per_extra_session": [(many - one) / max(1, args.sessions - 1)],
        **steady,
        "click_reruns": reruns,
        "timelines": timelines,
    })
    return results


def targets(ours: bool) -> list[Target]:
    """What a click on each oblast must show; the baseline keeps no URL."""
    result = []
    for code in OBLASTS:
        row = ATLAS.territories.loc[code]
        query = {"oblast": code, "command": row["command"]} if ours else {}
        result.append(Target(code, row["name_en"], query, clickable_point(ATLAS, code)))
    return result


def room(url, pid, ours, args):
    """The concurrent viewers: click→panel under load, server CPU per click, wrong panels."""
    found = crowd(url, pid, targets(ours), args.viewers, args.viewer_clicks, wave=args.wave,
                  deadline_s=args.room_deadline)
    label = f"{args.viewers}_viewers"
    return {
        f"room_{label}_held": [found.held],
        f"room_{label}_click_to_panel_ms": found.click_ms or [float("nan")],
        f"room_{label}_server_cpu_ms_per_click": [1000 * found.cpu_s / max(1, found.clicks)],
        f"room_{label}_clicks_per_s": [found.clicks / found.wall_s if found.wall_s else 0.0],
        f"room_{label}_wrong_panels": [len(found.wrong)],
        f"rss_mb_{label}_open": [found.rss_mb],
        "rss_mb_peak": [found.peak_rss_mb],
        "room": asdict(found),
    }


def wire(url, pid, ours, args):
    """The same room without browsers: the server's click→panel, CPU per click, wrong panels."""
    found = wire_room(url, pid, ATLAS, OBLASTS, ours, args.wire_viewers, args.viewer_clicks,
                      deadline_s=args.room_deadline)
    return wire_rows(found) | {"wire_room": asdict(found)}


def geometry_bytes():
    """The geometry our map sends (both divisions' territories, encoded; the sea, the borders,
    lakes, rivers and the lease), and the raw boundaries the baseline sends."""
    divisions = tuple(d.id for d in ATLAS.divisions)
    ours = sum(len(json.dumps(part)) for part in (
        territory_features(ATLAS, "en", divisions), sea_collection(ATLAS),
        mapping(ATLAS.context_borders), water_config(ATLAS)))
    raw = RAW_BOUNDARIES.stat().st_size
    return ours, raw


def table(ours, base):
    """Median, p95 and ratio of every list-valued metric, as aligned text."""
    rows = [("metric", "ours median", "ours p95", "base median", "base p95", "ours/base")]
    for key, values in ours.items():
        if not isinstance(values, list) or not all(isinstance(v, int | float) for v in values) \
                or not base.get(key):
            continue
        mine, theirs = statistics.median(values), statistics.median(base[key])
        ratio = mine / theirs if theirs else float("nan")
        digits = 3 if max(values + base[key]) < 2 else 1  # CLS is a fraction
        rows.append((key, f"{mine:,.{digits}f}", f"{p95(values):,.{digits}f}",
                     f"{theirs:,.{digits}f}", f"{p95(base[key]):,.{digits}f}", f"{ratio:.2f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                               for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
                     for row in rows)


def room_lines(name: str, found: dict) -> list[str]:
    """How the room went for one app, in words."""
    lines = [f"room {name}: {found['held']} of {found['asked']} viewers held (opened in "
             f"{found['open_s']:.0f} s), {found['clicks']} clicks in {found['wall_s']:.0f} s, "
             f"{len(found['wrong'])} wrong or missing panels"
             + (", stopped by the deadline" if found["stopped_by_deadline"] else "")
             + (f", {found['unstamped']} clicks timed by the driver" if found["unstamped"]
                else "")]
    lines += [f"  could not open: {failure}" for failure in found["load_failures"][:5]]
    lines += [f"  wrong: {wrong}" for wrong in found["wrong"][:5]]
    return lines


def wait_until_quiet(pid: int, limit_s: float = 180) -> None:
    """Wait (at most `limit_s`) until the server has used under 5% of a core for 3 s running:
    a room starts on a server that has finished the work the previous one left."""
    quiet_for, began = 0, time.monotonic()
    while quiet_for < 3 and time.monotonic() - began < limit_s:
        before = cpu_seconds(pid)
        time.sleep(1)
        quiet_for = quiet_for + 1 if cpu_seconds(pid) - before < 0.05 else 0


def load_average() -> str:
    """The machine's 1-minute load average (other engineers' work makes the numbers noisy)."""
    return Path("/proc/loadavg").read_text().split()[0]


def main() -> None:
    """Measure both apps, print the table and where the first load goes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a small run (about 3 minutes) to compare before and after")
    parser.add_argument("--loads", type=int)
    parser.add_argument("--clicks", type=int)
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--viewers", type=int, help="concurrent viewers in the room")
    parser.add_argument("--viewer-clicks", type=int, help="clicks per viewer in the room")
    parser.add_argument("--wire-viewers", type=int,
                        help="concurrent viewers in the wire room (default: --viewers)")
    parser.add_argument("--wave", type=int, default=10, help="viewers opened at once")
    parser.add_argument("--room-deadline", type=float, default=600,
                        help="seconds after which the room's viewers stop clicking")
    parser.add_argument("--no-profile", action="store_true",
                        help="skip the first-load profile (imports and first run)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    small = {"loads": 2, "clicks": 14, "sessions": 3, "viewers": 10, "viewer_clicks": 3}
    full = {"loads": 5, "clicks": 42, "sessions": 10, "viewers": 50, "viewer_clicks": 5}
    for key, value in (small if args.quick else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.wire_viewers is None:
        args.wire_viewers = args.viewers
    from playwright.sync_api import sync_playwright

    loads_seen, began = [load_average()], time.monotonic()
    results = {}
    with tempfile.TemporaryDirectory() as logs:
        for name, script, cwd in (("ours", ROOT / "app.py", ROOT),
                                  ("baseline", BASELINE, baseline_directory(Path(logs)))):
            with app_server(Path(logs), script=script, cwd=cwd) as server:
                pid = server.process.pid
                with sync_playwright() as playwright:
                    browser = launch_browser(playwright)
                    results[name] = measure(browser, server.url, pid, args)
                    browser.close()
                print(f"measured {name}, one viewer at a time", flush=True)
                # The wire room first: after the browser room a slow server is still working
                # off its viewers' reruns (the baseline's took minutes) and would not answer.
                for phase, step in (("wire room", wire), ("browser room", room)):
                    wait_until_quiet(pid)
                    try:
                        results[name].update(step(server.url, pid, name == "ours", args))
                    except Exception as error:  # noqa: BLE001 - one failed phase loses nothing else
                        results[name].setdefault("errors", []).append(
                            f"{phase}: {type(error).__name__}: {str(error)[:300]}")
                    print(f"measured {name}, {phase}", flush=True)
                loads_seen.append(load_average())
                if args.json:  # as it goes, so a later failure cannot lose what was measured
                    args.json.write_text(json.dumps({"partial": results}, indent=2, default=str))
    # The quick run skips the marginal import times (a fresh Python process per package).
    profile = None if args.no_profile else first_load.profile(marginal=not args.quick)
    ours_geometry, raw_geometry = geometry_bytes()
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, "
               f"{mem_available_mb() / 1024:.0f} GiB free, Python {platform.python_version()}")
    if args.json:  # first, so that nothing printed below can lose a run
        args.json.write_text(json.dumps({"machine": machine, "load_average": loads_seen,
                                         "args": vars(args) | {"json": str(args.json)},
                                         "results": results, "first_load": profile,
                                         "geometry_bytes": {"ours": ours_geometry,
                                                            "raw": raw_geometry}},
                                        indent=2, default=str))
    print(f"\nmachine: {machine}; load average at start/ours/baseline: {', '.join(loads_seen)};"
          f" run took {(time.monotonic() - began) / 60:.1f} min")
    print(f"loads={args.loads} clicks={args.clicks} sessions={args.sessions} "
          f"viewers={args.viewers}x{args.viewer_clicks} clicks "
          f"wire viewers={args.wire_viewers}x{args.viewer_clicks} clicks")
    print(table(results["ours"], results["baseline"]))
    for name in ("ours", "baseline"):
        for error in results[name].get("errors", []):
            print(f"{name}: not measured: {error}")
        if "room" in results[name]:
            print("\n".join(room_lines(name, results[name]["room"])))
    for name in ("ours", "baseline"):
        if "wire_room" in results[name]:
            print("\n".join(wire_summary(name, results[name]["wire_room"])))
    print(f"\ngeometry sent: ours {ours_geometry:,} bytes (territories + context) vs raw "
          f"territories alone {raw_geometry:,} bytes")
    if profile is not None:
        print("\n" + first_load.report(profile))


if __name__ == "__main__":
    main()
