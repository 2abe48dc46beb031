"""Where a first load's long tasks go: a Chromium trace at Lighthouse's CPU slowdown, its
long tasks (over 50 ms) each split by what ran in them.

`python -m tests.bench.trace_first_load [--paths /,/?command=batys&lang=kk] [--runs 2]`
loads each page in ours and in the naive baseline (tests/bench/baseline_app.py) at 412×823
with the CPU slowed 4× (Emulation.setCPUThrottlingRate, as Lighthouse's mobile preset),
records a trace (devtools.timeline and the sampling profiler), and prints, per page and app:
the blocking time (each task's time over 50 ms after the first contentful paint), the long
tasks, and the blocking time's split by source: the script (by file: Streamlit's bundle,
streamlit-folium's frame, Leaflet, the map frame's inline scripts), style and layout,
parsing, garbage collection. A task's blocking part is shared among its samples' sources in
proportion to their time. A reading aid for issue 22 point 11, never a test.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline",
              "disabled-by-default-devtools.timeline.stack", "v8.execute",
              "disabled-by-default-v8.cpu_profiler", "blink.user_timing", "loading"]
LONG_MS = 50.0


def source_of(url: str, function: str) -> str:
    """A script's source, as a reader knows it."""
    if not url:
        return f"(native/no url) {function}" if function in ("(garbage collector)",
                                                            "(program)") else "(no url)"
    if "leaflet" in url.lower():
        return "Leaflet"
    if "streamlit_folium" in url or "/component/" in url:
        return "streamlit-folium frame bundle"
    if "/static/js/" in url:
        name = url.rsplit("/", 1)[-1]
        return "Streamlit " + re.sub(r"\.[0-9a-f]{6,}\.", ".", name)
    if url.startswith("about:srcdoc") or "srcdoc" in url:
        return "map frame inline script"
    return url.rsplit("/", 1)[-1][:60] or url[:60]


def self_times(spans: list[tuple[float, float, str]]) -> Counter:
    """Each event's time less its children's (spans sorted by start, properly nested), in
    ms, summed by name."""
    selves: Counter = Counter()
    stack: list[list] = []  # [end, name, children's time]
    def close(until: float) -> None:
        while stack and stack[-1][0] <= until:
            end, name, inner, begin = stack.pop()
            selves[name] += (end - begin - inner) / 1000
            if stack:
                stack[-1][2] += end - begin
    for begin, end, name in spans:
        close(begin)
        stack.append([end, name, 0.0, begin])
    close(float("inf"))
    return selves


def analyse(events: list[dict]) -> dict:
    """Long tasks on the renderer's main thread, and what their samples ran."""
    main_threads = {(e["pid"], e["tid"]) for e in events
                    if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    fcp = min((e["ts"] for e in events if e.get("name") == "firstContentfulPaint"
               and (e["pid"], e["tid"]) in main_threads), default=None)
    tasks = sorted((e["ts"], e["ts"] + e.get("dur", 0), e["pid"], e["tid"]) for e in events
                    if e.get("name") == "RunTask" and e.get("ph") == "X"
                    and (e["pid"], e["tid"]) in main_threads
                    and e.get("dur", 0) > LONG_MS * 1000)
    # The sampling profile: nodes and samples per profile id (ProfileChunk events).
    nodes: dict[tuple, dict] = {}
    samples: list[tuple[float, tuple, tuple]] = []  # (ts, (pid, id), (pid, tid))
    starts: dict[tuple, float] = {}
    for e in events:
        if e.get("name") == "Profile":
            starts[(e["pid"], e["id"])] = e["args"]["data"]["startTime"]
    clock: dict[tuple, float] = {}
    for e in sorted((e for e in events if e.get("name") == "ProfileChunk"), key=lambda e: e["ts"]):
        key = (e["pid"], e["id"])
        data = e["args"]["data"]
        profile = data.get("cpuProfile", {})
        for node in profile.get("nodes", []):
            frame = node["callFrame"]
            nodes[(key, node["id"])] = {"url": frame.get("url", ""),
                                        "fn": frame.get("functionName", ""),
                                        "parent": node.get("parent")}
        ts = clock.get(key, starts.get(key, e["ts"]))
        for node_id, delta in zip(profile.get("samples", []), data.get("timeDeltas", []),
                                  strict=False):
            ts += delta
            samples.append((ts, (key, node_id), (e["pid"], e["tid"])))
        clock[key] = ts
    samples.sort()
    # Non-script work inside tasks, by event name (style, layout, parse, GC).
    work = sorted((e["ts"], e["ts"] + e.get("dur", 0), e["name"]) for e in events
                  if e.get("ph") == "X" and (e["pid"], e["tid"]) in main_threads
                  and e["name"] != "RunTask" and e.get("dur", 0) > 0)
    native_by: Counter = Counter()
    blocking_by: Counter = Counter()
    listed = []
    import bisect
    times = [s[0] for s in samples]
    for start, end, _pid, _tid in tasks:
        begin = max(start, fcp or start)
        blocking = (end - begin) / 1000 - LONG_MS
        if blocking <= 0:
            continue
        where: Counter = Counter()
        lo, hi = bisect.bisect_left(times, start), bisect.bisect_right(times, end)
        for _ts, node_key, _thread in samples[lo:hi]:
            node = nodes.get(node_key, {"url": "", "fn": ""})
            # The first frame with a URL up the stack names the source (a builtin's caller).
            cursor, url, fn = node, node.get("url", ""), node.get("fn", "")
            while cursor and not url and cursor.get("parent") is not None:
                cursor = nodes.get((node_key[0], cursor["parent"]))
                if cursor:
                    url, fn = cursor["url"], cursor["fn"]
            if node.get("fn") in ("(idle)", "(program)"):
                # Native work (style, layout, parsing) and CPU throttling's pauses alike:
                # left out of the shares, the trace events below tell the native part.
                continue
            if node.get("fn") == "(garbage collector)":
                where[node["fn"]] += 1
            else:
                where[source_of(url, fn)] += 1
        # Trace events' self time inside the task, by name: what "(program)" samples were.
        native_by.update(self_times([w for w in work if w[0] >= start and w[1] <= end]))
        total = sum(where.values()) or 1
        for source, count in where.items():
            blocking_by[source] += blocking * count / total
        top = ", ".join(f"{s} {c * (end - start) / 1000 / total:.0f}"
                        for s, c in where.most_common(4))
        listed.append(f"{(start - (fcp or start)) / 1000:7.0f} ms  {(end - start) / 1000:5.0f} ms"
                      f"  [{top}]")
    return {"tbt": sum(blocking_by.values()), "by": blocking_by, "tasks": listed,
            "long": len(listed), "native": native_by}


def trace_load(browser, url: str, slowdown: float = 4.0, width: int = 412,
               height: int = 823) -> dict:
    from tests.bench.apps import READY
    from tests.bench.layout_shift import SETTLE_MS
    from tests.browser_harness import open_page

    page, _watch = open_page(browser, width, height)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    browser.start_tracing(page=page, categories=CATEGORIES)
    page.goto(url)
    page.wait_for_function(READY, timeout=120_000, polling=50)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)
    counts = page.evaluate("""() => ({
        elements: document.querySelectorAll('[data-testid="stElementContainer"]').length,
        nodes: document.getElementsByTagName('*').length})""")
    raw = browser.stop_tracing()
    page.context.close()
    result = analyse(json.loads(raw)["traceEvents"])
    result.update(counts)
    return result


def main() -> None:
    import argparse
    import tempfile
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from tests.bench.apps import BASELINE, baseline_directory
    from tests.bench.layout_shift import PAGES
    from tests.browser_harness import app_server, launch_browser

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--paths", default=",".join(PAGES))
    parser.add_argument("--slowdown", type=float, default=4.0)
    parser.add_argument("--ours-only", action="store_true")
    parser.add_argument("--tasks", action="store_true", help="list every long task")
    parser.add_argument("--against", default=None,
                        help="another checkout whose app.py takes the baseline's place")
    parser.add_argument("--app", default=None,
                        help="another checkout whose app.py is 'ours' (e.g. main's)")
    args = parser.parse_args()
    found: dict = defaultdict(list)
    with tempfile.TemporaryDirectory() as logs, sync_playwright() as playwright, \
            app_server(Path(logs), **({} if args.app is None else {
                "script": Path(args.app) / "app.py", "cwd": Path(args.app)})) as ours, \
            app_server(Path(logs), **({"script": BASELINE, "cwd": baseline_directory(Path(logs))}
                                      if args.against is None else {
                "script": Path(args.against) / "app.py", "cwd": Path(args.against)})) as base:
        browser = launch_browser(playwright)
        apps = [("ours", ours)] + ([] if args.ours_only else [("baseline", base)])
        for _name, server in apps:  # the first session pays the imports: not measured
            trace_load(browser, server.url, 1.0)
        for _run in range(args.runs):
            for path in args.paths.split(","):
                for name, server in apps:
                    found[(name, path)].append(trace_load(browser, server.url + path,
                                                          args.slowdown))
        browser.close()
    for path in args.paths.split(","):
        for name, _server in apps:
            results = found[(name, path)]
            print(f"\n{name} {path}: TBT " + " / ".join(f"{r['tbt']:.0f}" for r in results)
                  + " ms; long tasks " + " / ".join(str(r["long"]) for r in results)
                  + f"; elements {results[0]['elements']}, DOM nodes {results[0]['nodes']}")
            sources: Counter = Counter()
            for r in results:
                sources.update(r["by"])
            for source, ms in sources.most_common(12):
                print(f"    {ms / len(results):7.0f} ms  {source}")
            native: Counter = Counter()
            for r in results:
                native.update(r["native"])
            print("    trace events' self time in long tasks (ms):")
            for name, ms in native.most_common(14):
                print(f"        {ms / len(results):7.0f}  {name}")
            if args.tasks:
                for r in results:
                    print("  run:")
                    print("\n".join("    " + line for line in r["tasks"]))


if __name__ == "__main__":
    main()
