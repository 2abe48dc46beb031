"""The two apps the benchmark compares: the naive baseline's script and where it runs (a
working directory with Streamlit's defaults), and when either's map is ready."""

from __future__ import annotations

from pathlib import Path

from tests.browser_harness import ROOT

BASELINE = ROOT / "tests" / "bench" / "baseline_app.py"
# The map is drawn: Leaflet loaded in streamlit-folium's frame, with every territory's path.
READY = """() => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const w = f && f.contentWindow;
    return !!(w && w.map && w.map._loaded &&
              w.document.querySelectorAll('path.leaflet-interactive').length >= 17); }"""

# The naive build runs with Streamlit's defaults, not with the app's tuned
# .streamlit/config.toml (message cache, compression, no GC after each run): only what keeps
# it headless, offline and as quiet as ours when idle.
BASELINE_CONFIG = """[server]
headless = true
fileWatcherType = "none"
[browser]
gatherUsageStats = false
serverAddress = "localhost"
"""


def baseline_directory(logs: Path) -> Path:
    """A working directory whose .streamlit/config.toml is BASELINE_CONFIG."""
    directory = logs / "baseline"
    (directory / ".streamlit").mkdir(parents=True, exist_ok=True)
    (directory / ".streamlit" / "config.toml").write_text(BASELINE_CONFIG, encoding="utf-8")
    return directory
