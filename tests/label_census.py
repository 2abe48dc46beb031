"""How many region names the live map places, per division, mode, frame and language.

`python -m tests.label_census` prints the table (issue 22, point 8); tests/test_labels.py
requires it full for every frame at least `label_layer.MIN_NAMED_WIDTH` px wide.
A region is named by its own label (an oblast) or, for the cities of republican
significance, by the name beside its dot (places.yaml: `territory`)."""

from __future__ import annotations

from dataclasses import dataclass

from components.map import label_layer as LL
from geo import labels as L
from geo.atlas import Atlas
from geo.schema import LANGUAGES

MODES = ("briefing", "explore")


@dataclass(frozen=True)
class Row:
    division: str
    mode: str
    layout: LL.Layout
    lang: str
    regions: int
    unnamed: tuple[str, ...]  # territory codes
    smallest_px: float  # the smallest region name's type
    leaders: int  # names set apart with a leader line

    @property
    def named(self) -> int:
        return self.regions - len(self.unnamed)


def region_keys(atlas: Atlas) -> dict[str, str]:
    """Territory code -> the label key that names it on the map."""
    keys = {row.code: f"oblast:{row.code}" for row in atlas.territories.itertuples()
            if row.kind == "oblast"}
    keys.update({place.territory: f"city:{place.code}" for place in atlas.places})
    return keys


def census(atlas: Atlas, division: str, mode: str, layout: LL.Layout, lang: str) -> Row:
    """The whole country at the frame's fitted view, every layer on (as in a briefing)."""
    atlas = atlas.in_division(division)
    view = L.fit_bounds(atlas.territories.total_bounds, layout.width, layout.height,
                        padding=(LL.LEAFLET_PADDING_PX, LL.LEAFLET_PADDING_PX))
    ids = tuple(c.id for c in atlas.commands)
    placed = LL.placement(atlas, lang, view, mode, layout.screen, visible=ids, oblasts=True,
                          hq=True).by_key()
    keys = region_keys(atlas)
    unnamed = tuple(code for code, key in keys.items() if key not in placed)
    names = [placed[key] for key in keys.values() if key in placed]
    return Row(division, mode, layout, lang, len(keys), unnamed,
               min((label.font.size_px for label in names), default=0.0),
               sum(label.leader is not None for label in names))


def table(atlas: Atlas):
    """Every row: divisions × modes × frames × languages."""
    for division in (d.id for d in atlas.divisions):
        for mode in MODES:
            for layout in LL.LAYOUTS[mode]:
                for lang in LANGUAGES:
                    yield census(atlas, division, mode, layout, lang)


def main() -> None:
    from geo.atlas import load_atlas
    from tests.conftest import DATA_DIR

    print(f"{'division':8} {'mode':8} {'frame':9} lang named  smallest leaders  unnamed")
    for row in table(load_atlas(DATA_DIR)):
        frame = f"{row.layout.width}×{row.layout.height}"
        note = "" if row.layout.width >= LL.MIN_NAMED_WIDTH else "  (phone: names on tap)"
        print(f"{row.division:8} {row.mode:8} {frame:9} {row.lang:4} {row.named:2}/{row.regions:<2}"
              f"  {row.smallest_px:5.1f} px {row.leaders:4}    {', '.join(row.unnamed)}{note}")


if __name__ == "__main__":
    main()
