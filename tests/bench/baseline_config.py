"""Where the benchmark's baseline runs: a working directory with Streamlit's defaults."""

from __future__ import annotations

from pathlib import Path

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
