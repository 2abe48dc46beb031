"""Lighthouse's own first-load numbers for ours and the naive baseline, runs alternating.

`python -m tests.bench.lighthouse [--runs 9] [--paths /,/?command=batys&lang=kk]
[--against DIR] [--out DIR]` starts this checkout's app, the baseline
(tests/bench/baseline_app.py) and, with `--against`, another checkout's app (main before a
change, say), warms each once, then runs Lighthouse (mobile preset, performance only) on each
page, one app after the other in turn, so that the machine's noise falls on all of them alike.
It prints each run (with the load average when it started) and, per page and app, the median
and the quartiles of Total Blocking Time and Cumulative Layout Shift, and the ratio of the
medians to the baseline's. Issue 22 point 11 asks for TBT no worse than the baseline's in the
same run; on this 2-core shared machine single runs range over a factor of ten, so it takes
many runs and a quiet machine (see the load column). Never a test.

Lighthouse is not one of the app's dependencies: `npm install --prefix .ci lighthouse@12.8.2`
puts it where this script looks first (`--lighthouse` names another); it drives
/usr/bin/chromium (CHROME_PATH).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

from tests.bench.apps import BASELINE, READY, baseline_directory
from tests.bench.layout_shift import PAGES
from tests.browser_harness import CHROMIUM, ROOT, app_server, launch_browser, open_page

DEFAULT_LIGHTHOUSE = ROOT / ".ci" / "node_modules" / ".bin" / "lighthouse"


def lighthouse(program: str, url: str, out: Path) -> dict:
    """One Lighthouse run of `url` (mobile preset, the default): its TBT, CLS and version."""
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    subprocess.run([program, url, "--chrome-flags=--headless=new --no-sandbox",
                    "--only-categories=performance", "--output=json", f"--output-path={out}",
                    "--quiet"], env=env, check=True, timeout=600)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {"tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "version": report["lighthouseVersion"]}


def quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return values[0], values[0], values[0]
    low, middle, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, middle, high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per page and app")
    parser.add_argument("--paths", default=",".join(PAGES), help="pages, comma-separated")
    parser.add_argument("--against", type=Path, help="another checkout's app, measured too")
    parser.add_argument("--out", type=Path, help="keep each run's report here")
    parser.add_argument("--lighthouse", default=str(DEFAULT_LIGHTHOUSE)
                        if DEFAULT_LIGHTHOUSE.exists() else shutil.which("lighthouse"))
    args = parser.parse_args()
    if not args.lighthouse:
        parser.error("no Lighthouse: npm install --prefix .ci lighthouse@12.8.2")
    pages = args.paths.split(",")
    found: dict[tuple[str, str], list[dict]] = {}
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as stack:
        logs = Path(scratch)
        out = args.out or logs
        out.mkdir(parents=True, exist_ok=True)
        apps = [("ours", stack.enter_context(app_server(logs)))]
        if args.against:
            apps.append(("against", stack.enter_context(app_server(
                logs, script=args.against / "app.py", cwd=args.against))))
        apps.append(("baseline", stack.enter_context(app_server(
            logs, script=BASELINE, cwd=baseline_directory(logs)))))
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:  # the first session pays the imports
            browser = launch_browser(playwright)
            for _, server in apps:
                page, _ = open_page(browser, 1280, 800)
                page.goto(server.url)
                page.wait_for_function(READY, timeout=120_000)
                page.context.close()
            browser.close()
        for run in range(args.runs):
            for number, path in enumerate(pages):
                for name, server in apps:
                    load = os.getloadavg()[0]
                    result = lighthouse(args.lighthouse, server.url + path,
                                        out / f"{name}-{number}-{run}.json")
                    result["load"] = load
                    found.setdefault((path, name), []).append(result)
                    print(f"run {run + 1} {path} {name}: TBT {result['tbt']:.0f} ms, CLS "
                          f"{result['cls']:.3f} (load {load:.1f}, Lighthouse "
                          f"{result['version']})", flush=True)
    print(f"\n{args.runs} runs per page and app; TBT ms median [quartiles] (ratio to the "
          "baseline's median); CLS median")
    for path in pages:
        base = statistics.median(r["tbt"] for r in found[(path, "baseline")])
        print(path)
        for name, _ in apps:
            runs = found[(path, name)]
            low, middle, high = quartiles([r["tbt"] for r in runs])
            print(f"  {name:9} TBT {middle:5.0f} [{low:.0f}-{high:.0f}] "
                  f"({middle / base if base else float('nan'):.2f}); CLS "
                  f"{statistics.median(r['cls'] for r in runs):.3f}; load "
                  f"{min(r['load'] for r in runs):.1f}-{max(r['load'] for r in runs):.1f}")


if __name__ == "__main__":
    main()
