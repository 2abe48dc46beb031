"""Where the first load's server time goes, without touching app.py.

    python -m tests.bench.first_load [--json out.json]

Runs the page headless (Streamlit's AppTest) in fresh Python processes, each with Streamlit
and its web server already imported, as in a running server before the first viewer comes:

1. `python -X importtime`: everything the first run imports, self time summed per package;
2. for each heavy package, its marginal import time: imported last, after every other
   third-party module the first run needs (what deferring it alone would save);
3. cProfile of the first run, a second run (nothing changed) and a map click, timed by the script
   thread's CPU clock (so neither waits nor other processes count): the project's functions
   by cumulative time. Profiled times are inflated (often 1.5–2× for pure Python); the
   unprofiled run times are printed beside them.

Marginal import times are CPU times (time.process_time), so other work on the machine does not
inflate them; -X importtime's self times are wall-clock.

Also used by tests/bench/run.py, which prints this report after the table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
MARK = "@@first-run-starts"
RUNS = ("first run", "second run, nothing changed", "a map click")
# Always measured when the first run imports them (the issue names them).
NAMED = ("matplotlib", "geopandas", "folium", "pydantic", "pandas", "shapely", "pyproj",
         "branca", "streamlit_folium", "yaml", "fontTools", "PIL")
PROJECT = ("app", "components", "geo")
# What a running server has imported before its first session.
SERVER_PRELUDE = """
import streamlit, streamlit.web.server, streamlit.web.bootstrap
from streamlit.testing.v1 import AppTest
"""

IMPORTTIME = SERVER_PRELUDE + f"""
import json, sys, time
at = AppTest.from_file({str(APP)!r}, default_timeout=300)
sys.stderr.write({MARK!r} + "\\n"); sys.stderr.flush()
start, cpu = time.perf_counter(), time.process_time()
at.run()
first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
sys.stderr.write("@@first-run-ends\\n"); sys.stderr.flush()
start, cpu = time.perf_counter(), time.process_time()
at.run()
second, second_cpu = time.perf_counter() - start, time.process_time() - cpu
other = AppTest.from_file({str(APP)!r}, default_timeout=300)
start, cpu = time.perf_counter(), time.process_time()
other.run()  # another viewer's first run: imports and data already loaded
new, new_cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({{"first_run_s": first, "second_run_s": second,
                   "first_run_cpu_s": first_cpu, "second_run_cpu_s": second_cpu,
                   "new_session_s": new, "new_session_cpu_s": new_cpu,
                   "exceptions": [str(e.value) for e in at.exception]}}))
"""

PROFILE = SERVER_PRELUDE + f"""
import cProfile, json, pstats, time
from streamlit.runtime.scriptrunner import script_runner
profiles = []
original = script_runner.ScriptRunner._run_script
def profiled(self, rerun_data):
    profile = cProfile.Profile(time.thread_time)
    profile.enable()
    try:
        return original(self, rerun_data)
    finally:
        profile.disable()
        profiles.append(profile)
script_runner.ScriptRunner._run_script = profiled
from tests.app_driver import click_map
at = AppTest.from_file({str(APP)!r}, default_timeout=300)
at.run(); at.run()
click_map(at, {{"code": "pavlodar"}})  # what a map click sends (tests/app_driver.py)
runs = []
for profile in profiles:
    stats = pstats.Stats(profile).stats
    rows = []
    for (filename, line, function), (_cc, _nc, tottime, cumtime, _callers) in stats.items():
        rows.append([filename, line, function, tottime, cumtime])
    runs.append(rows)
print(json.dumps(runs))
"""

MARGINAL = SERVER_PRELUDE + """
import importlib, json, sys, time
others, mine = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for name in others:
    try:
        importlib.import_module(name)
    except Exception:
        pass
start = time.process_time()
for name in mine:
    try:
        importlib.import_module(name)
    except Exception:
        pass
print(time.process_time() - start)
"""


def _python(code: str, *args: str, flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *flags, "-c", code, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=True)


def parse_importtime(stderr: str) -> list[tuple[str, int, int]]:
    """(module, self µs, cumulative µs) for each module imported between the marks."""
    rows, inside = [], False
    for line in stderr.splitlines():
        if line.startswith("@@"):
            inside = line.strip() == MARK
            continue
        if not inside or not line.startswith("import time:") or "imported package" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|")
        rows.append((name.strip(), int(own), int(cumulative)))
    return rows


def root(module: str) -> str:
    """The top-level package of a module name."""
    return module.split(".")[0]


def import_costs() -> dict:
    """What the first run imports: self time per package, the modules in order, run times."""
    done = _python(IMPORTTIME, flags=("-X", "importtime"))
    modules = parse_importtime(done.stderr)
    per_package: dict[str, float] = defaultdict(float)
    for name, own, _cumulative in modules:
        per_package[root(name)] += own / 1000
    return {"runs": json.loads(done.stdout.strip().splitlines()[-1]),
            "modules": [name for name, _own, _cumulative in modules],
            "self_ms_by_package": dict(sorted(per_package.items(), key=lambda kv: -kv[1])),
            "total_ms": sum(own for _name, own, _cumulative in modules) / 1000}


def marginal_costs(modules: list[str], packages: list[str]) -> dict[str, float]:
    """CPU milliseconds to import each package after every other third-party module the
    first run imports: what the first run would save without it (0 if the others pull it
    in)."""
    third_party = [m for m in modules if root(m) not in PROJECT and not m.startswith("_")]
    costs = {}
    for package in packages:
        mine = [m for m in third_party if root(m) == package]
        others = [m for m in third_party if root(m) != package]
        done = _python(MARGINAL, json.dumps(others), json.dumps(mine))
        costs[package] = float(done.stdout.strip().splitlines()[-1]) * 1000
    return costs


def script_profile(top: int = 14) -> dict[str, list[tuple[str, float, float]]]:
    """Per run (first, second, a map click): the project's functions and the import machinery
    by cumulative ms, (label, cumulative ms, own ms), biggest first; and for the click, every
    function by own time."""
    done = _python(PROFILE)
    runs = json.loads(done.stdout.strip().splitlines()[-1])
    result = {}
    for name, rows in zip(RUNS, runs, strict=False):
        picked = []
        for filename, line, function, tottime, cumtime in rows:
            path = Path(filename)
            if function == "_find_and_load" and "importlib" in filename:
                picked.append(("(all imports)", cumtime * 1000, tottime * 1000))
            elif function == "st_folium":
                picked.append(("streamlit_folium.st_folium", cumtime * 1000, tottime * 1000))
            elif path.is_absolute() and ROOT in path.parents and "tests" not in path.parts:
                label = f"{path.relative_to(ROOT)}:{line} {function}"
                picked.append((label, cumtime * 1000, tottime * 1000))
        picked.sort(key=lambda row: -row[1])
        result[name] = picked[:top]
    if len(runs) == len(RUNS):
        own = sorted(runs[-1], key=lambda row: -row[3])[:top]
        result["click, by own time"] = [
            (f"{_short(filename)}:{line} {function}", cumtime * 1000, tottime * 1000)
            for filename, line, function, tottime, cumtime in own]
    return result


def _short(filename: str) -> str:
    """A file name without the site-packages or project prefix."""
    for marker in ("site-packages/", f"{ROOT}/", "lib/python3.11/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def profile(marginal: bool = True) -> dict:
    """Everything this module measures, as plain data (`marginal=False` skips the slowest
    part, a fresh process per heavy package)."""
    imports = import_costs()
    heavy = [p for p, ms in imports["self_ms_by_package"].items()
             if p not in PROJECT and (ms >= 20 or p in NAMED)]
    costs = marginal_costs(imports["modules"], heavy) if marginal else {}
    return {"imports": imports, "marginal_ms": costs, "profile": script_profile()}


def report(found: dict) -> str:
    """The findings as text."""
    imports, runs = found["imports"], found["imports"]["runs"]
    lines = [f"first run of app.py in a fresh process (AppTest, unprofiled): "
             f"{runs['first_run_s'] * 1000:.0f} ms wall, {runs['first_run_cpu_s'] * 1000:.0f} ms"
             f" CPU; a second run, nothing changed: {runs['second_run_s'] * 1000:.0f} ms wall, "
             f"{runs['second_run_cpu_s'] * 1000:.0f} ms CPU; another session's first run: "
             f"{runs['new_session_s'] * 1000:.0f} ms wall, {runs['new_session_cpu_s'] * 1000:.0f}"
             " ms CPU"
             + (f"; exceptions: {runs['exceptions']}" if runs["exceptions"] else ""),
             f"imports during the first run (python -X importtime, self time): "
             f"{imports['total_ms']:.0f} ms in {len(imports['modules'])} modules",
             "package               self ms  marginal CPU ms (imported last)"]
    for package, ms in imports["self_ms_by_package"].items():
        marginal = found["marginal_ms"].get(package)
        if ms < 5 and marginal is None:
            continue
        shown = f"{marginal:12.0f}" if marginal is not None else " " * 12
        lines.append(f"{package:20} {ms:8.0f}  {shown}")
    for name, rows in found["profile"].items():
        lines.append(f"cProfile, {name} (thread CPU ms: cumulative, own; inflated by "
                     "profiling):")
        lines += [f"  {cumulative:8.0f} {own:7.0f}  {label}" for label, cumulative, own in rows]
    return "\n".join(lines)


def main() -> None:
    """Print the report; `--json FILE` keeps the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    found = profile()
    print(report(found))
    if args.json:
        args.json.write_text(json.dumps(found, indent=2))


if __name__ == "__main__":
    main()
