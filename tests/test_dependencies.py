"""The locked dependencies: pins match what is installed, and streamlit-folium still carries the
click protocol that components/map/territory_styler.js reproduces."""

from __future__ import annotations

import json
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import streamlit_folium
from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import ROOT

BUILD = Path(streamlit_folium.__file__).parent / "frontend" / "build"
# What the click handler in components/map/territory_styler.js touches: the component's global state
# (`__GLOBAL_DATA__` with `returned_objects` and `previous_data`), the payload's key, and the
# component library that sends it (`window.Streamlit.setComponentValue`).
CLICK_PROTOCOL = ["window.__GLOBAL_DATA__", "previous_data", "returned_objects",
                  "last_active_drawing", "last_object_clicked", "setComponentValue",
                  "window.Streamlit="]


def pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return {m[0].lower(): m[1] for m in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.M)}


def test_streamlit_folium_bundle_still_has_the_click_protocol():
    manifest = json.loads((BUILD / "asset-manifest.json").read_text(encoding="utf-8"))
    bundle = (BUILD / manifest["files"]["main.js"]).read_text(encoding="utf-8")
    missing = [name for name in CLICK_PROTOCOL if name not in bundle]
    assert not missing, f"streamlit-folium {version('streamlit-folium')} changed: {missing}"
    # The click payload is compared and stored the way the map's handler does it.
    assert re.search(r"JSON\.stringify\(\w+\)!==JSON\.stringify\(\w+\)&&\(\w+\.previous_data=",
                     bundle)


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_pin_is_exact_hashed_and_installed(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    pinned = pins(name)
    assert len(pinned) > 40
    assert text.count("--hash=sha256:") >= len(pinned)  # pip then checks every download
    wrong = {package: (wanted, version(package)) for package, wanted in pinned.items()
             if Version(version(package)) != Version(wanted)}
    assert not wrong, f"installed versions differ from {name}: {wrong}"


def test_pins_meet_the_ranges_and_the_security_floors():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    for line in project["dependencies"] + project["optional-dependencies"]["dev"]:
        requirement = Requirement(line)
        assert requirement.specifier.contains(dev[requirement.name.lower()]), line
    assert all(dev[package] == pinned for package, pinned in runtime.items())
    assert Version(runtime["starlette"]) >= Version("0.49.1")  # CVE-2025-62727, CVE-2025-54121
    assert Version(runtime["python-multipart"]) >= Version("0.0.31")  # CVE-2024-53981 and later


# pip options that name where packages come from: a lock that carries the machine's own mirror
# makes pip warn about every package on a computer without it (issue #22, point 17).
SOURCE_OPTIONS = re.compile(r"^\s*(-i\b|--index-url|--extra-index-url|-f\b|--find-links|"
                            r"--trusted-host|--no-index)", re.M)


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_the_locks_name_no_package_index_or_local_folder(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert not SOURCE_OPTIONS.findall(text), f"{name} names a package source"
    assert "file://" not in text and "/opt/" not in text


def test_the_readme_compiles_the_locks_without_index_or_find_links():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines() if "pip-compile" in line]
    assert commands
    compiles = [part for line in commands for part in line.split("&&") if "pip-compile " in part]
    assert len(compiles) == 2
    for part in compiles:
        assert "--no-emit-index-url" in part and "--no-emit-find-links" in part, part
