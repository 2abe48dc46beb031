"""Third-party checkers run on the downloads: the Nu HTML Checker (vnu.jar, on Java),
Mapbox's geojsonhint (on Node), poppler's pdfinfo and qpdf. `.ci/run` installs them (the npm
ones pinned, into `.ci/node_modules`) and sets KZ_REQUIRE_VALIDATORS=1, so in CI a missing
checker fails; elsewhere the tests that need one are skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

NODE_MODULES = ROOT / ".ci" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
GEOJSONHINT = NODE_MODULES / "@mapbox" / "geojsonhint" / "bin" / "geojsonhint"


def _missing(what: str):
    if os.environ.get("KZ_REQUIRE_VALIDATORS") == "1":
        pytest.fail(f"{what} is missing: .ci/run installs it")
    pytest.skip(f"{what} is not installed (.ci/run installs it)")


def vnu(*paths: Path) -> list[str]:
    """The Nu HTML Checker's error lines for these files (empty: valid)."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        _missing("java or vnu.jar")
    done = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--exit-zero-always",
                           *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]


def geojsonhint(path: Path) -> list[str]:
    """geojsonhint's findings (errors and warnings) for a file (empty: none)."""
    node = shutil.which("node")
    if node is None or not GEOJSONHINT.exists():
        _missing("node or @mapbox/geojsonhint")
    done = subprocess.run([node, str(GEOJSONHINT), str(path)], capture_output=True, text=True,
                          timeout=120)
    return [line for line in (done.stdout + done.stderr).splitlines()
            if "warning" in line or "error" in line]


def pdfinfo(path: Path) -> dict[str, str]:
    """poppler's pdfinfo as a dict ("Title", "Tagged", "Metadata Stream", …)."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        _missing("pdfinfo (poppler-utils)")
    done = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=60,
                          check=True)
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in done.stdout.splitlines()) if value}


def qpdf_check(path: Path) -> list[str]:
    """qpdf --check's errors and warnings for a PDF (empty: none)."""
    tool = shutil.which("qpdf")
    if tool is None:
        _missing("qpdf")
    done = subprocess.run([tool, "--check", str(path)], capture_output=True, text=True,
                          timeout=60)
    # qpdf exits 2 on errors, 3 on warnings, and names each on a line of its own.
    problems = [line for line in (done.stdout + done.stderr).splitlines()
                if line.startswith(("WARNING", "ERROR", "qpdf:"))]
    return problems + ([f"exit status {done.returncode}"] if done.returncode else [])
