"""Label placement (geo/labels.py): Leaflet's fitBounds, measured text, and no overlaps."""

from __future__ import annotations

import itertools
import math

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from shapely.geometry import Point
from shapely.geometry import box as shapely_box

from geo import labels as L
from geo.schema import LANGUAGES

# The map at the sizes a briefing is shown at: a 1280×800 (WXGA) and a 1920×1080 projector.
MAP_SIZES = [(1280, 800), (1920, 1080)]


def whole_country(atlas, width: int, height: int, lang: str, briefing: bool = True):
    """The placement at the default view: the whole country, fitted as Leaflet would."""
    view = L.fit_bounds(atlas.territories.total_bounds, width, height)
    markers = L.atlas_markers(atlas, cities=True, view=view)
    placement = L.place_atlas_labels(atlas, lang, view, briefing=briefing)
    return view, markers, placement


# --- fitBounds ----------------------------------------------------------------------------

@pytest.mark.parametrize("size", MAP_SIZES + [(497, 640), (880, 560)])
def test_fit_bounds_is_leaflets_zoom_and_centre(atlas, size):
    width, height = size
    bounds = atlas.territories.total_bounds
    view = L.fit_bounds(bounds, width, height)
    assert view.zoom % 0.25 == 0
    west, south, east, north = bounds

    def fits(zoom):
        x0, y0 = L.world_px(west, north, zoom)
        x1, y1 = L.world_px(east, south, zoom)
        return x1 - x0 <= width - 16 and y1 - y0 <= height - 16

    # The largest quarter-step zoom at which the bounds fit inside the 8 px padding.
    assert fits(view.zoom) and not fits(view.zoom + 0.25)
    # Centred: the bounds' corners are equally far from the opposite edges.
    left, top = view.to_screen(west, north)
    right, bottom = view.to_screen(east, south)
    assert left == pytest.approx(width - right, abs=1e-6)
    assert top == pytest.approx(height - bottom, abs=1e-6)


def test_fit_bounds_known_values():
    # Worked by hand: 90° of longitude is 64 px at zoom 0, and up to 66.51326° N (Mercator
    # y = π/2) as tall, so it fills 512 px at zoom 3 and 1024 px at zoom 4.
    square = (0, 0, 90, 66.51326)
    assert L.fit_bounds(square, 528, 528, min_zoom=0).zoom == 3.0
    assert L.fit_bounds(square, 527, 528, min_zoom=0).zoom == 2.75  # 1 px short: a step less
    view = L.fit_bounds(square, 1040, 1040, min_zoom=0)
    assert view.zoom == 4.0
    assert view.to_screen(0, 0) == pytest.approx((8, 1032), abs=0.01)
    # Leaflet does not step down for a shortfall under 1% of a snap step.
    assert L.fit_bounds(square, 527.9, 528, min_zoom=0).zoom == 3.0
    # Clamped to the map's zoom limits.
    assert L.fit_bounds((70, 45, 70.0001, 45.0001), 800, 600).zoom == 9
    assert L.fit_bounds((-180, -80, 180, 80), 200, 200).zoom == 3


def test_screen_and_lonlat_round_trip():
    view = L.View(1000, 700, 5.5, 67.0, 48.0)
    for lon, lat in [(67.0, 48.0), (50.1, 41.2), (87.3, 55.4)]:
        x, y = view.to_screen(lon, lat)
        assert view.to_lonlat(x, y) == pytest.approx((lon, lat), abs=1e-9)
    assert view.to_screen(67.0, 48.0) == pytest.approx((500, 350))


# --- Text ---------------------------------------------------------------------------------

@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("text", ["Шығыс Қазақстан облысы", "Восточно-Казахстанская область",
                                  "AVAWAY «Batys»"])
def test_text_width_matches_matplotlibs_layout(text, bold):
    """Advances plus kerning, as matplotlib lays the same font out (within 0.1 px)."""
    prop = FontProperties(fname=str(L.FONT_FILES[(bold, False)]), size=16)
    width, _, _ = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    assert L.text_width(text, L.LabelFont(16, bold=bold)) == pytest.approx(width, abs=0.1)


def test_text_width_scales_and_bold_is_wider():
    regular = L.text_width("Қарағанды облысы", L.LabelFont(10))
    assert L.text_width("Қарағанды облысы", L.LabelFont(20)) == pytest.approx(2 * regular)
    assert L.text_width("Қарағанды облысы", L.LabelFont(10, bold=True)) > regular * 1.05
    assert L.text_width("iiii", L.LabelFont(16)) < L.text_width("WWWW", L.LabelFont(16)) / 2


def test_wrappings_split_at_spaces_most_even_first():
    assert list(L.wrappings("Солтүстік Қазақстан облысы")) == [
        ("Солтүстік Қазақстан облысы",), ("Солтүстік", "Қазақстан облысы"),
        ("Солтүстік", "Қазақстан", "облысы")]
    assert list(L.wrappings("Ресей")) == [("Ресей",)]


# --- The whole country at the default view ------------------------------------------------

def pairs_overlapping(boxes):
    return [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.intersects(bb)]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("size", MAP_SIZES)
@pytest.mark.parametrize("briefing", [True, False])
def test_default_view_labels_do_not_overlap(atlas, size, lang, briefing):
    width, height = size
    view, markers, placement = whole_country(atlas, width, height, lang, briefing)
    boxes = [(label.key, label.box) for label in placement.labels]
    assert pairs_overlapping(boxes) == []
    stars = [(m.key, m.box(view)) for m in markers if m.key.startswith("hq:")]
    assert len(stars) == len(atlas.commands)
    assert [(k, s) for k, b in boxes for s, sb in stars if b.intersects(sb)] == []
    # Nor any other symbol, nor the map's controls, nor the edge.
    others = [m.box(view) for m in markers] + L.leaflet_control_boxes(width, height)
    assert [k for k, b in boxes if any(b.intersects(o) for o in others)] == []
    assert all(b.inside(view.frame) for _, b in boxes)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("size", MAP_SIZES)
@pytest.mark.parametrize("briefing", [True, False])
def test_default_view_places_every_oblast_and_hq_name(atlas, size, lang, briefing):
    width, height = size
    view, _, placement = whole_country(atlas, width, height, lang, briefing)
    placed = placement.by_key()
    oblasts = atlas.territories[atlas.territories["kind"] == "oblast"]
    for row in oblasts.itertuples():
        label = placed.get(f"oblast:{row.code}")
        assert label is not None, f"{row.code} not placed ({lang}, {size})"
        assert label.text == getattr(row, f"name_{lang}")
        # Its text sits on its own oblast.
        assert view.project(row.geometry).contains(Point(label.text_box.centre))
    for command in atlas.commands:
        label = placed[f"hq:{command.id}"]
        assert label.text == command.hq.name.get(lang)
        assert label.position in ("right", "left", "above", "below")  # beside its star
    assert "sea:caspian" in placed
    assert "lease:baikonur" in placed
    # The cities of republican significance, Shymkent included, beside their dots.
    assert {f"city:{p.code}" for p in atlas.places} <= set(placed)
    # Neighbours are named: the big ones at least.
    assert {"country:RU", "country:CN", "country:UZ"} <= set(placed)


def test_projector_sizes(atlas):
    assert L.label_fonts(1920, briefing=True)["oblast"].size_px >= 16
    assert L.label_fonts(1920, briefing=True)["hq_city"].size_px >= 16
    fonts = L.label_fonts(1280, briefing=True)
    assert min(f.size_px for f in fonts.values()) >= 12
    _, _, placement = whole_country(atlas, 1920, 1080, "ru")
    assert all(label.font.size_px >= 16 for label in placement.labels if label.kind == "oblast")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("command_id", ["astana", "shygys", "batys", "ontustik"])
def test_a_commands_view_names_its_oblasts_without_overlap(atlas, command_id, lang):
    """Zoomed to one command (a briefing step, the filtered slide), only its HQ is shown."""
    stats = atlas.command_stats.loc[command_id]
    view = L.fit_bounds((stats["west"], stats["south"], stats["east"], stats["north"]),
                        1920, 1080)
    placement = L.place_atlas_labels(atlas, lang, view, briefing=True,
                                     visible_commands=[command_id])
    placed = placement.by_key()
    own = atlas.territories[(atlas.territories["command"] == command_id)
                            & (atlas.territories["kind"] == "oblast")]
    assert {f"oblast:{code}" for code in own["code"]} <= set(placed)
    assert [k for k in placed if k.startswith("hq:")] == [f"hq:{command_id}"]
    assert pairs_overlapping([(k, label.box) for k, label in placed.items()]) == []
    stars = [m.box(view) for m in L.atlas_markers(atlas, [command_id], cities=True, view=view)]
    assert not any(label.box.intersects(b) for label in placement.labels for b in stars)


def test_country_label_sits_inside_the_visible_part_of_its_country(atlas):
    view, _, placement = whole_country(atlas, 1920, 1080, "en")
    russia = atlas.context.set_index("code").loc["RU", "geometry"]
    label = placement.by_key()["country:RU"]
    assert view.project(russia).contains(Point(label.text_box.centre))
    assert label.box.inside(view.frame)


# --- Small cases --------------------------------------------------------------------------

VIEW = L.View(400, 300, 6.0, 70.0, 48.0)
FONTS = {kind: L.LabelFont(16, bold=True) for kind in L.KINDS}


def point(key, priority, lon=70.0, lat=48.0, kind="city", text="Label"):
    return L.LabelCandidate(key, text, kind, lon, lat, priority, marker_px=10)


def test_a_point_label_goes_right_of_its_symbol():
    placement = L.place_labels([point("a", 1)], VIEW, FONTS,
                               markers=[L.Marker("a", 70.0, 48.0, 10, 10)])
    label = placement.labels[0]
    assert label.position == "right" and label.align == "left"
    assert label.text_box.left == pytest.approx(200 + 5 + L.POINT_GAP_PX)
    assert label.text_box.centre[1] == pytest.approx(150)
    assert label.icon_anchor == pytest.approx((-(5 + L.POINT_GAP_PX), label.text_box.height / 2))


def test_two_colliding_labels_are_separated():
    placement = L.place_labels([point("low", 1), point("high", 2)], VIEW, FONTS)
    by_key = placement.by_key()
    assert by_key["high"].position == "right"  # the higher priority keeps its first choice
    assert by_key["low"].position == "left"  # the other moves to its next one
    assert not by_key["high"].box.intersects(by_key["low"].box)
    assert placement.dropped == ()


def test_when_there_is_no_room_the_lower_priority_is_dropped():
    tiny = L.View(140, 40, 6.0, 70.0, 48.0)
    # Two area labels over the same spot of a map with room for one.
    area = shapely_box(60, 40, 80, 56)
    labels = [L.LabelCandidate("low", "Alpha", "oblast", 70.0, 48.0, 1, area=area),
              L.LabelCandidate("high", "Bravo", "oblast", 70.0, 48.0, 5, area=area)]
    placement = L.place_labels(labels, tiny, FONTS)
    assert [label.key for label in placement.labels] == ["high"]
    assert placement.dropped == ("low",)
    # Equal priority: the first in the input wins.
    labels = [L.LabelCandidate(k, "Alpha", "oblast", 70.0, 48.0, 1, area=area) for k in "xy"]
    assert L.place_labels(labels, tiny, FONTS).dropped == ("y",)


def test_an_area_label_moves_off_a_star_but_stays_in_its_area():
    area = shapely_box(68, 46, 72, 50)
    label = L.LabelCandidate("o", "Oblast", "oblast", 70.0, 48.0, 1, area=area)
    placement = L.place_labels([label], VIEW, FONTS, markers=[L.Marker("hq", 70.0, 48.0)])
    placed = placement.labels[0]
    assert placed.position != "centre"
    star = L.Marker("hq", 70.0, 48.0).box(VIEW)
    assert not placed.box.intersects(star)
    assert VIEW.project(area).contains(Point(placed.text_box.centre))


def test_a_long_name_wraps_rather_than_leave_its_area():
    narrow = shapely_box(69.6, 46, 70.4, 50)  # about 70 px wide at this zoom
    text = "Солтүстік Қазақстан облысы"
    placement = L.place_labels([L.LabelCandidate("o", text, "oblast", 70.0, 48.0, 1,
                                                 area=narrow)], VIEW, FONTS)
    assert len(placement.labels[0].lines) == 3


def test_labels_keep_off_reserved_boxes_and_the_edge():
    legend = L.Box(205, 0, 400, 300)  # from just right of the point to the edge
    placement = L.place_labels([point("a", 1)], VIEW, FONTS, reserved=[legend])
    assert placement.labels[0].position == "left"
    edge = L.place_labels([point("a", 1, lon=VIEW.to_lonlat(2, 150)[0])], VIEW, FONTS)
    assert edge.labels[0].position == "right"
    assert edge.labels[0].box.left >= L.EDGE_PX


def test_box_geometry():
    a = L.Box(0, 0, 10, 10)
    assert a.intersects(L.Box(9, 9, 20, 20))
    assert not a.intersects(L.Box(10, 0, 20, 10))  # touching is not overlapping
    assert a.grown(2) == L.Box(-2, -2, 12, 12)
    assert math.isclose(a.grown(2).width, 14)


# --- The live map's labels (components/map/label_layer.py) ---------------------------------

from components.map import label_layer as LL  # noqa: E402

LIVE = [(mode, layout) for mode, layouts in LL.LAYOUTS.items() for layout in layouts]


def live_ids(item):
    mode, layout = item
    return f"{mode}-{layout.screen}-{layout.width}x{layout.height}"


def live_view(atlas, layout, bounds=None):
    bounds = atlas.territories.total_bounds if bounds is None else bounds
    return L.fit_bounds(bounds, layout.width, layout.height,
                        padding=(LL.LEAFLET_PADDING_PX, LL.LEAFLET_PADDING_PX))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("live", LIVE, ids=live_ids)
def test_live_labels_never_overlap_a_label_a_star_or_a_control(atlas, live, lang):
    """At the default view (the whole country) of each mode, for the map frame at 1920×1080
    and at 1280×800, every layer on: no two label boxes, nor a label and a star, a city dot,
    Baikonur's disc, a map control or the edge, intersect."""
    mode, layout = live
    ids = tuple(c.id for c in atlas.commands)
    view = live_view(atlas, layout)
    placement = LL.placement(atlas, lang, view, mode, layout.screen, visible=ids,
                             oblasts=True, hq=True)
    boxes = [(label.key, label.box) for label in placement.labels]
    assert pairs_overlapping(boxes) == []
    markers = L.atlas_markers(atlas, ids, cities=True, view=view)
    stars = [m for m in markers if m.key.startswith("hq:")]
    assert len(stars) == len(atlas.commands)
    blocked = [m.box(view) for m in markers] + L.leaflet_control_boxes(
        layout.width, layout.height) + [LL.RESET_BUTTON_BOX]
    assert [k for k, b in boxes if any(b.intersects(o) for o in blocked)] == []
    assert all(b.inside(view.frame) for _, b in boxes)
    # The names the map must carry are there: every HQ city beside its star; and but on the
    # smallest maps (a 337 px frame; the HTML export on a 390 px phone), the cities of
    # republican significance, Baikonur, the Caspian and the big neighbours.
    placed = placement.by_key()
    assert {f"hq:{c.id}" for c in atlas.commands} <= set(placed)
    if layout.width < 400:
        return
    assert {f"city:{p.code}" for p in atlas.places} - {"city:astana"} <= set(placed)
    assert {"sea:caspian", "country:RU", "country:CN"} <= set(placed)
    # Baikonur's name yields to the oblasts' on the smaller maps (it comes after them: its
    # long name once took Zhambyl's only room); its dashed outline and the legend remain.
    if layout.screen == "large":
        assert "lease:baikonur" in placed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_projector_shows_every_oblast_name_at_16_px_or_more(atlas, lang):
    """Briefing on a 1920×1080 projector: all 14 oblasts named, none smaller than 16 px."""
    layout = LL.LAYOUTS["briefing"][0]
    assert layout.screen == "large"
    view = live_view(atlas, layout)
    ids = tuple(c.id for c in atlas.commands)
    placement = LL.placement(atlas, lang, view, "briefing", "large", visible=ids,
                             oblasts=True, hq=True)
    oblasts = [label for label in placement.labels if label.kind == "oblast"]
    assert len(oblasts) == int((atlas.territories["kind"] == "oblast").sum())
    assert min(label.font.size_px for label in oblasts) >= 16
    assert min(label.font.size_px for label in placement.labels
               if label.kind == "hq_city") >= 16


def test_oblast_names_drop_the_generic_word_only():
    assert LL.map_name("Atyrau Oblast", "en") == "Atyrau"
    assert LL.map_name("Атырау облысы", "kk") == "Атырау"
    assert LL.map_name("Атырауская область", "ru") == "Атырауская обл."
    assert LL.map_name("Astana City", "en") == "Astana City"
    assert LL.map_name("Oblast", "en") == "Oblast"  # never empty


def test_the_layers_follow_the_toggles_and_the_filter(atlas):
    layout = LL.LAYOUTS["explore"][0]
    view = live_view(atlas, layout)
    kinds = {label.kind for label in LL.placement(
        atlas, "en", view, "explore", "large", visible=("batys",), oblasts=False,
        hq=True).labels}
    assert "oblast" not in kinds and {"hq_city", "city", "country", "sea", "lease"} <= kinds
    hq = [label.key for label in LL.placement(atlas, "en", view, "explore", "large",
                                              visible=("batys",), oblasts=True,
                                              hq=True).labels if label.kind == "hq_city"]
    assert hq == ["hq:batys"]
    none = LL.placement(atlas, "en", view, "explore", "large", visible=("batys",),
                        oblasts=True, hq=False).labels
    assert not [label for label in none if label.kind == "hq_city"]


@pytest.mark.parametrize("briefing", [True, False])
def test_the_records_sent_to_the_browser_rebuild_the_placed_boxes(atlas, briefing):
    """map_labels.js puts a label's alignment edge at anchor + (x, y) and sets it in the
    layout's font: from the record alone, the box is the one that was checked."""
    bounds = tuple(float(v) for v in atlas.territories.total_bounds)
    ids = tuple(c.id for c in atlas.commands)
    layouts = LL.label_layouts(atlas, "kk", bounds, briefing=briefing, visible=ids,
                               oblasts=True, hq=True)
    mode = "briefing" if briefing else "explore"
    assert [item["zoom"] for item in layouts] == sorted(item["zoom"] for item in layouts)
    by_zoom = sorted(LL.LAYOUTS[mode], key=lambda x: live_view(atlas, x).zoom)
    for item, layout in zip(layouts, by_zoom, strict=True):
        view = live_view(atlas, layout)
        assert item["zoom"] == view.zoom and item["size"] == [layout.width, layout.height]
        placed = LL.placement(atlas, "kk", view, mode, layout.screen, visible=ids,
                              oblasts=True, hq=True).by_key()
        assert [r["key"] for r in item["labels"]] == list(placed)  # priority order
        for record in item["labels"]:
            size, bold, italic = item["fonts"][record["kind"]]
            font = L.LabelFont(record.get("size", size), bold, italic)
            width, height = L.text_size(record["lines"], font)
            x, y = view.to_screen(record["at"][1], record["at"][0])
            edge, top = x + record["x"], y + record["y"]
            left = {"left": edge, "center": edge - width / 2, "right": edge - width}[
                record["align"]]
            expected = placed[record["key"]].text_box
            assert (left, top) == pytest.approx((expected.left, expected.top), abs=0.2)
            assert (width, height) == pytest.approx((expected.width, expected.height), abs=0.01)


def test_placement_is_cached_for_a_rerun(atlas):
    bounds = tuple(float(v) for v in atlas.territories.total_bounds)
    args = dict(briefing=True, visible=("astana",), oblasts=True, hq=True)
    first = LL.label_layouts(atlas, "ru", bounds, **args)
    assert LL.label_layouts(atlas, "ru", bounds, **args)[0] is first[0]


# --- Every region named (issue 22, point 8) -----------------------------------------------

from tests import label_census  # noqa: E402

NAMED_FRAMES = [(division, mode, layout) for division in ("2022", "2018")
                for mode in label_census.MODES for layout in LL.LAYOUTS[mode]
                if layout.width >= LL.MIN_NAMED_WIDTH]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("division", "mode", "layout"), NAMED_FRAMES,
                         ids=lambda v: v if isinstance(v, str) else f"{v.width}x{v.height}")
def test_every_region_is_named_on_every_supported_frame(atlas, division, mode, layout, lang):
    """Whole country, every layer on: all 20 (2022) or 17 (2018) territories named, each name
    on its own region or tied to it by a leader line from a point inside it, in legible type
    (region names no smaller than LEADER_SHRINK of the layout's size)."""
    row = label_census.census(atlas, division, mode, layout, lang)
    assert row.unnamed == ()
    assert row.regions == {"2022": 20, "2018": 17}[division]
    shown = atlas.in_division(division)
    view = live_view(shown, layout)
    placed = LL.placement(shown, lang, view, mode, layout.screen,
                          visible=tuple(c.id for c in shown.commands), oblasts=True,
                          hq=True).by_key()
    base = LL.fonts(mode, layout.screen)["oblast"].size_px
    for row in shown.territories.itertuples():
        if row.kind != "oblast":
            continue
        label = placed[f"oblast:{row.code}"]
        area = view.project(row.geometry)
        if label.leader is None:
            assert area.contains(Point(label.text_box.centre)), row.code
        else:
            assert area.contains(Point(label.anchor_x, label.anchor_y)), row.code
            # The line ends on its name's box and crosses no other name.
            line = L.leader_line(label)
            assert Point(label.leader).distance(shapely_box(
                label.text_box.left, label.text_box.top, label.text_box.right,
                label.text_box.bottom)) < 0.01
            others = [o for o in placed.values() if o.key != label.key]
            assert not [o.key for o in others if line.intersects(shapely_box(
                o.box.left, o.box.top, o.box.right, o.box.bottom))], row.code
        assert label.font.size_px >= base * L.LEADER_SHRINK - 1e-6
    # Never smaller than a legible floor: 16 px on a 1920×1080 projector, 9 px on a screen.
    assert row_floor(mode, layout) <= min(
        p.font.size_px for p in placed.values() if p.kind in ("oblast", "city"))


def row_floor(mode: str, layout) -> float:
    return 16.0 if (mode, layout.screen) == ("briefing", "large") else 9.0


def test_a_name_set_apart_has_its_leader_line_in_the_record(atlas):
    """The browser draws the line: the record carries its end relative to the anchor."""
    shown = atlas.in_division("2022")
    bounds = tuple(float(v) for v in shown.territories.total_bounds)
    ids = tuple(c.id for c in shown.commands)
    layouts = LL.label_layouts(shown, "ru", bounds, briefing=True, visible=ids, oblasts=True,
                               hq=True)
    records = [r for item in layouts for r in item["labels"] if "leader" in r]
    assert records, "the 1024×768 briefing frame sets Russian names apart"
    for record in records:
        assert record["kind"] == "oblast"
        dx, dy = record["leader"]
        assert 0 < math.hypot(dx, dy) < max(L.LEADER_RADII_PX) + 1


STEP_FRAMES = [(division, layout) for division in ("2022", "2018")
               for layout in LL.LAYOUTS["briefing"]]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("division", "layout"), STEP_FRAMES,
                         ids=lambda v: v if isinstance(v, str) else f"{v.width}x{v.height}")
def test_a_briefing_step_keeps_every_symbols_name_and_names_its_regions(atlas, division,
                                                                       layout, lang):
    """Issue 22, point 9: fitted to a command (a briefing step), every HQ star and city dot
    wholly in the frame keeps its name (the Karaganda star, the Astana dot at «Шығыс»), and
    every region of the command is named."""
    from components.view import bounds_of

    shown = atlas.in_division(division)
    ids = tuple(c.id for c in shown.commands)
    for command in ids:
        view = live_view(shown, layout, bounds_of(shown, command))
        placed = LL.placement(shown, lang, view, "briefing", layout.screen, visible=ids,
                              oblasts=True, hq=True).by_key()
        inside = view.frame.grown(-L.EDGE_PX)
        symbols = [m.key for m in L.atlas_markers(shown, ids, cities=True, view=view)
                   if not m.key.startswith("lease:") and m.box(view).inside(inside)]
        own = [f"oblast:{row.code}" for row in shown.territories.itertuples()
               if row.kind == "oblast" and row.command == command]
        assert [key for key in symbols + own if key not in placed] == [], command
