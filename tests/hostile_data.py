"""A copy of the data whose every free-text field carries HTML and script payloads."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

# Each one, if it ran, would set window.__xss, change the title or open a dialog.
PAYLOADS = [
    '<img src=x onerror="window.__xss=1;document.title=\'pwned\'">',
    '"><script>window.__xss=2</script>',
    "'><svg onload=\"window.__xss=3\"><b>bold</b>",
    '<a href="javascript:window.__xss=4">link</a> [md](javascript:alert(1)) **x** :red[y] $z$',
    '<iframe src="javascript:alert(5)"></iframe>\u202eRTL\u200bZW',
    '=HYPERLINK("http://example.invalid/x","click") ',  # a spreadsheet formula
    "<b>" + "long " * 700 + "</b>",  # 3,500 characters
]
TEXT_KEYS = ("kk", "ru", "en")


def poison(node, counter: list[int]):
    """Prefix every kk/ru/en text with a payload, cycling through PAYLOADS."""
    if isinstance(node, dict):
        if set(TEXT_KEYS) <= set(node):
            for key in TEXT_KEYS:
                if isinstance(node[key], str):
                    node[key] = PAYLOADS[counter[0] % len(PAYLOADS)] + node[key]
                    counter[0] += 1
        for value in node.values():
            poison(value, counter)
    elif isinstance(node, list):
        for value in node:
            poison(value, counter)


def make_hostile_data(source: Path, target: Path) -> Path:
    """Copy `source` to `target` and poison every text of every YAML file."""
    shutil.copytree(source, target)
    counter = [0]
    for name in ("commands.yaml", "territories.yaml", "overview.yaml", "sources.yaml",
                 "divisions.yaml", "successors.yaml", "places.yaml", "water.yaml"):
        path = target / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        poison(data, counter)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    assert counter[0] > 100  # every text, not a sample
    return target
