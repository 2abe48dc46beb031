"""Layout shift and blocking time of a first load, measured inside the page.

`OBSERVER` is an init script (Playwright's add_init_script, run in every frame before the
page's own scripts): in the top page it records `layout-shift` entries (with the elements that
moved) and `longtask` entries from navigation on, as Lighthouse reads them from a trace;
`read(page)` returns them, and `cls` and `tbt` reduce them the way the web-vitals define them:

- CLS: the largest session window of shifts (gaps under 1 s, windows at most 5 s long),
  shifts right after an input left out. The top page's shifts only, as Chrome's CLS does:
  what moves inside the map's frame moves inside a box that keeps its size.
- TBT: every long task's time over 50 ms, from the first contentful paint on (Lighthouse stops
  at "time to interactive"; this counts until `read` is called, so it can only be larger).

Used by the benchmark (tests/bench/run.py) and by tests/test_browser_first_load.py.
"""

from __future__ import annotations

OBSERVER = """(() => {
  if (window.top !== window || window.__firstLoad) { return; }
  const record = window.__firstLoad = {shifts: [], longtasks: [], fcp: null};
  const describe = (node) => {
    if (!node || node.nodeType !== 1) { return String(node && node.nodeName); }
    const test = node.closest('[data-testid]');
    const text = (node.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return (test ? test.getAttribute('data-testid') + ' ' : '') + node.tagName.toLowerCase()
      + (text ? ' "' + text + '"' : '');
  };
  const observe = (type, take) => {
    try { new PerformanceObserver((list) => list.getEntries().forEach(take))
            .observe({type, buffered: true}); } catch (error) { /* not supported */ }
  };
  observe('layout-shift', (entry) => record.shifts.push({
    value: entry.value, at: entry.startTime, input: entry.hadRecentInput,
    sources: (entry.sources || []).map((s) => ({
      node: describe(s.node),
      before: [s.previousRect.x, s.previousRect.y, s.previousRect.width,
               s.previousRect.height].map(Math.round),
      after: [s.currentRect.x, s.currentRect.y, s.currentRect.width,
              s.currentRect.height].map(Math.round)}))}));
  // Whose task it was: the page's own ("self"), or a frame's (the map's frame:
  // "same-origin-descendant" with the iframe as its container).
  observe('longtask', (entry) => record.longtasks.push(
    {at: entry.startTime, duration: entry.duration, name: entry.name,
     frame: ((entry.attribution || [])[0] || {}).containerType || ''}));
  observe('paint', (entry) => {
    if (entry.name === 'first-contentful-paint') { record.fcp = entry.startTime; }
  });
})();"""

CLS_LIMIT = 0.1  # "good" in the web-vitals; issue 22 asks for it on the first load


def read(page) -> dict:
    """What the observer has recorded so far in `page`'s top frame."""
    return page.evaluate("() => JSON.parse(JSON.stringify(window.__firstLoad || null))") or {
        "shifts": [], "longtasks": [], "fcp": None}


def cls_windows(shifts: list[dict]) -> list[list[dict]]:
    """The shifts grouped into session windows (a gap of 1 s or more, or 5 s from the window's
    first shift, starts the next), shifts after an input left out."""
    windows: list[list[dict]] = []
    for shift in sorted((s for s in shifts if not s["input"]), key=lambda s: s["at"]):
        current = windows[-1] if windows else None
        if current and shift["at"] - current[-1]["at"] < 1000 \
                and shift["at"] - current[0]["at"] < 5000:
            current.append(shift)
        else:
            windows.append([shift])
    return windows


def cls(record: dict) -> float:
    """Cumulative Layout Shift: the largest session window's sum."""
    return max((sum(s["value"] for s in window) for window in cls_windows(record["shifts"])),
               default=0.0)


def tbt_ms(record: dict, where: str | None = None) -> float:
    """Total Blocking Time: each long task's time over 50 ms, after the first contentful
    paint (the part of a task that straddles it counts from it). `where="frame"` counts only
    the tasks Chrome attributes to a frame in the page (the map's), `"page"` the others."""
    start = record["fcp"] or 0.0
    total = 0.0
    for task in record["longtasks"]:
        end = task["at"] + task["duration"]
        if end <= start or (where is not None and in_frame(task) != (where == "frame")):
            continue
        total += max(0.0, end - max(task["at"], start) - 50)
    return total


def in_frame(task: dict) -> bool:
    """Whether a long task ran a frame's code (the map's), not the page's own (Streamlit's)."""
    return task.get("name") == "same-origin-descendant" or task.get("frame") == "iframe"


def worst_shifts(record: dict, count: int = 5) -> list[str]:
    """The largest shifts, each with when it happened and what moved (for a reader)."""
    lines = []
    for shift in sorted(record["shifts"], key=lambda s: -s["value"])[:count]:
        moved = "; ".join(f"{s['node']} {s['before']}→{s['after']}" for s in shift["sources"])
        lines.append(f"{shift['value']:.3f} at {shift['at']:.0f} ms: {moved}")
    return lines


PAGES = ("/", "/?command=batys&lang=kk", "/?mode=briefing&lang=ru")
SETTLE_MS = 2500  # after the map is drawn: panels, fonts and late frames still arrive


def first_load(browser, url: str, width: int = 1280, height: int = 800,
               cpu_slowdown: float = 1.0) -> dict:
    """One cold load of `url` in a fresh context: CLS, TBT (the whole page's, and the part in
    the map's frame), seconds to a drawn map, and the largest shifts. `cpu_slowdown` slows
    the page's CPU as Lighthouse's mobile preset does (4)."""
    import time

    from tests.bench.apps import READY
    from tests.browser_harness import open_page

    page, watch = open_page(browser, width, height)
    page.context.add_init_script(OBSERVER)
    if cpu_slowdown != 1.0:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate",
                                                {"rate": cpu_slowdown})
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(READY, timeout=60_000, polling=20)
    to_map = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)
    record = read(page)
    assert not watch.blocked, watch.blocked
    page.context.close()
    return {"cls": cls(record), "tbt_ms": tbt_ms(record),
            "tbt_map_ms": tbt_ms(record, "frame"), "map_s": to_map,
            "worst": worst_shifts(record)}


def main() -> None:
    """Ours and the baseline on the three pages, runs alternating; medians and ratios."""
    import argparse
    import statistics
    import tempfile
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from tests.bench.apps import BASELINE, baseline_directory
    from tests.browser_harness import app_server, launch_browser

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="1280x800", help="the window, WIDTHxHEIGHT")
    parser.add_argument("--cpu-slowdown", type=float, default=1.0,
                        help="CPU slowdown as in Lighthouse's mobile preset (4); 1: none")
    parser.add_argument("--paths", default=",".join(PAGES), help="pages, comma-separated")
    parser.add_argument("--verbose", action="store_true", help="print each run's worst shifts")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    pages = tuple(args.paths.split(","))
    found: dict[tuple[str, str], list[dict]] = {}
    with tempfile.TemporaryDirectory() as logs, sync_playwright() as playwright, \
            app_server(Path(logs)) as ours, \
            app_server(Path(logs), script=BASELINE,
                       cwd=baseline_directory(Path(logs))) as base:
        browser = launch_browser(playwright)
        for server in (ours, base):  # the first session pays the imports: not measured
            first_load(browser, server.url, width, height)
        for run in range(args.runs):
            for path in pages:
                for name, server in (("ours", ours), ("baseline", base)):
                    result = first_load(browser, server.url + path, width, height,
                                        args.cpu_slowdown)
                    found.setdefault((name, path), []).append(result)
                    if args.verbose:
                        print(f"run {run + 1} {name} {path}: CLS {result['cls']:.3f}, TBT "
                              f"{result['tbt_ms']:.0f} ms (map's frame "
                              f"{result['tbt_map_ms']:.0f}), map {result['map_s']:.2f} s")
                        print("\n".join(f"    {line}" for line in result["worst"]))
        browser.close()
    print(f"{args.runs} runs per page, alternating, {width}x{height}, CPU slowdown "
          f"{args.cpu_slowdown:g}; medians (ours / baseline)")
    for path in pages:
        line = [path.ljust(26)]
        for key, unit in (("cls", ""), ("tbt_ms", " ms"), ("tbt_map_ms", " ms"),
                          ("map_s", " s")):
            mine = statistics.median(r[key] for r in found[("ours", path)])
            theirs = statistics.median(r[key] for r in found[("baseline", path)])
            ratio = f"{mine / theirs:.2f}" if theirs else "-"
            line.append(f"{key} {mine:.3f}{unit} / {theirs:.3f}{unit} ({ratio})")
        print("  ".join(line))


if __name__ == "__main__":
    main()
