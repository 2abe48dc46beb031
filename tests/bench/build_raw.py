"""The benchmark's raw boundaries: `python -m tests.bench.build_raw GEOKZ_DIR`.

Writes tests/bench/territories_raw.geojson: the territories of the default division (2022) as
geokz draws them (`kaz_admbnda_adm1_2024.shp`), not simplified — what a map built without
simplification would send (coordinates to 4 decimals). Only the naive baseline
(tests/bench/baseline_app.py) reads it; the app never does.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import shapely
import yaml

from geo.build_boundaries import (
    EXPECTED_SHA256,
    GEOKZ_FILES,
    feature,
    read_geokz,
    sha256,
    write_collection,
)

HERE = Path(__file__).resolve().parent
RAW_BOUNDARIES = HERE / "territories_raw.geojson"
DIVISION = "2022"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geokz", type=Path, help="folder with geokz's kaz_admbnda_adm1_2024.*")
    parser.add_argument("--territories", type=Path, default=Path("data/territories.yaml"))
    args = parser.parse_args(argv)
    shapefile = args.geokz / GEOKZ_FILES[DIVISION]
    if sha256(shapefile) != EXPECTED_SHA256["geokz_2024"]:
        raise SystemExit(f"{shapefile}: not the expected geokz 2024 edition")
    territories = [t for t in yaml.safe_load(args.territories.read_text(encoding="utf-8"))
                   ["territories"] if DIVISION in t["divisions"]]
    # Four decimals (about 10 m): no simplification, only the digits no screen shows.
    regions = {code: shapely.transform(geometry, lambda c: np.round(c, 4))
               for code, geometry in read_geokz(shapefile).items()}
    write_collection(RAW_BOUNDARIES, [
        feature(regions[t["pcode"]], {"code": t["code"], "kind": t["kind"]})
        for t in territories],
        "geokz 1.0.2 (CC BY 4.0), the 2024 edition, unsimplified, by "
        "tests/bench/build_raw.py, for the benchmark baseline only")
    print(f"wrote {RAW_BOUNDARIES} ({RAW_BOUNDARIES.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
