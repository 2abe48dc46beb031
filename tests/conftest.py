"""Shared fixtures: a writable copy of the data directory to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


@pytest.fixture(scope="session")
def atlas():
    """The real data, loaded once for the whole test run (an Atlas is never changed)."""
    from geo.atlas import load_atlas

    return load_atlas(DATA_DIR)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_yaml(path: Path, change) -> None:
    """Load a YAML file, let `change` mutate it, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for every browser test; missing, it is an error."""
    from playwright.sync_api import sync_playwright

    from tests.browser_harness import launch_browser

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        yield chromium
        chromium.close()
