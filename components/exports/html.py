"""The map that opens without a server (HTML): Leaflet inside, a header with the title and the
date, the legend and the sources in a column of their own beside the map (below it on a
narrow screen), so they never cover the country; every text is escaped before it reaches the
page."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xstatic_leaflet
from branca.element import MacroElement
from jinja2 import Template

from components import content
from components.exports.captions import selection_title, sources_line
from components.i18n import tr
from components.map import MapAssets, build_base_map, build_overlays
from components.style import HIDDEN_COLOUR, HIDDEN_HATCH_COLOUR, SECONDARY_TEXT_COLOUR
from components.view import Focus
from geo.atlas import Atlas

HEADER_ID = "kz-export-header"
LEGEND_ID = "kz-export-legend"
SIDE_WIDTH_PX = 320  # the legend's column on a wide screen
NARROW_PX = 760  # below this width the legend goes under the map

# Static CSS (no data in it): the page is a grid of the header, the map and the legend's
# column, so the map (and the country fitted into it) is never under the legend or the title.
# folium gives the map's div an id rule (100% of the body): the class rule below overrides it.
PAGE_CSS = f"""<style>
  html, body {{ height: 100%; }}
  body {{ display: grid; grid-template-columns: minmax(0, 1fr) {SIDE_WIDTH_PX}px;
          grid-template-rows: auto minmax(0, 1fr); grid-template-areas: "head head" "map side";
          height: 100vh; font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; }}
  .folium-map {{ grid-area: map; position: relative !important; width: auto !important;
                 height: auto !important; left: 0 !important; top: 0 !important; }}
  #{HEADER_ID} {{ grid-area: head; padding: 10px 16px 8px; border-bottom: 1px solid #ddd; }}
  #{HEADER_ID} h1 {{ font-size: 22px; line-height: 1.25; margin: 0; }}
  #{HEADER_ID} p {{ font-size: 14px; line-height: 1.35; margin: 2px 0 0;
                    color: {SECONDARY_TEXT_COLOUR}; }}
  #{LEGEND_ID} {{ grid-area: side; overflow: auto; padding: 10px 14px; font-size: 14px;
                  line-height: 1.4; border-left: 1px solid #ddd; }}
  #{LEGEND_ID} summary {{ font-weight: 600; cursor: pointer; margin-bottom: 6px; }}
  #{LEGEND_ID} .row {{ display: flex; gap: 8px; align-items: flex-start; margin: 0 0 6px; }}
  #{LEGEND_ID} .swatch {{ flex: none; width: 16px; height: 16px; margin-top: 2px;
                          border-radius: 2px; }}
  #{LEGEND_ID} .star {{ flex: none; width: 16px; text-align: center; font-size: 16px; }}
  #{LEGEND_ID} .hidden {{ background: repeating-linear-gradient(45deg, {HIDDEN_HATCH_COLOUR} 0
                          1.5px, {HIDDEN_COLOUR} 1.5px 6px); }}
  #{LEGEND_ID} .sources {{ font-size: 12px; color: {SECONDARY_TEXT_COLOUR}; margin-top: 12px; }}
  @media (max-width: {NARROW_PX}px) {{
    body {{ grid-template-columns: minmax(0, 1fr); grid-template-rows: auto minmax(0, 1fr) auto;
            grid-template-areas: "head" "map" "side"; }}
    #{LEGEND_ID} {{ max-height: 38vh; border-left: none; border-top: 1px solid #ddd; }}
  }}
</style>"""


# The page itself: folium's own, with the language on <html> (screen readers and checkers
# read it there; the map's script sets it only when it runs) and the map's script inside the
# body (after </body> it is a parse error).
PAGE_TEMPLATE = Template("""<!DOCTYPE html>
<html lang="{{ this.lang }}">
<head>
{% if this.title %}<title>{{ this.title }}</title>{% endif %}
    {{ this.header.render(**kwargs) }}
</head>
<body>
    {{ this.html.render(**kwargs) }}
<script>
    {{ this.script.render(**kwargs) }}
</script>
</body>
</html>
""")

# Leaflet's CSS for Internet Explorer's VML, which no browser that runs Leaflet 1.9 reads and
# the HTML checker reports as an error.
IE_BEHAVIOR = re.compile(r"\s*behavior:\s*url\(#default#VML\);")

# Static code, no data: Leaflet draws tooltips in the map's pane, which lies under its controls,
# so a tooltip at the top left went under the zoom buttons. After Leaflet (and the map's own
# keep-inside-the-frame step) places one, move it off any corner's controls by the shortest
# step that keeps it inside the frame.
TOOLTIP_CLEAR_JS = """
(function () {
  var place = L.Tooltip.prototype._setPosition;
  L.Tooltip.prototype._setPosition = function (pos) {
    place.call(this, pos);
    var el = this._container, map = this._map;
    if (!el || !map) { return; }
    var gap = 4, frame = map.getContainer().getBoundingClientRect();
    map.getContainer().querySelectorAll('.leaflet-control-container > div').forEach(
      function (corner) {
        var c = null;
        corner.querySelectorAll('.leaflet-control').forEach(function (control) {
          var r = control.getBoundingClientRect();
          if (!r.width || !r.height) { return; }
          c = c ? {left: Math.min(c.left, r.left), top: Math.min(c.top, r.top),
                   right: Math.max(c.right, r.right), bottom: Math.max(c.bottom, r.bottom)}
                : {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
        });
        var b = el.getBoundingClientRect();
        if (!c || !(b.left < c.right && c.left < b.right && b.top < c.bottom &&
                    c.top < b.bottom)) { return; }
        var moves = [[c.right + gap - b.left, 0], [c.left - gap - b.right, 0],
                     [0, c.bottom + gap - b.top], [0, c.top - gap - b.bottom]];
        var best = null;
        moves.forEach(function (m) {
          var inside = b.left + m[0] >= frame.left && b.right + m[0] <= frame.right &&
                       b.top + m[1] >= frame.top && b.bottom + m[1] <= frame.bottom;
          var size = Math.abs(m[0]) + Math.abs(m[1]);
          if (inside && (!best || size < best[2])) { best = [m[0], m[1], size]; }
        });
        if (best) { L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add(best.slice(0, 2))); }
      });
  };
})();
"""


class PageText(MacroElement):
    """The header (title, what is shown, the date) and the legend's column; every text is
    escaped before it gets here."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <header id="{{ this.header_id }}">
          <h1>{{ this.title }}</h1>
          <p>{{ this.subtitle }}</p>
        </header>
        <aside id="{{ this.legend_id }}" aria-label="{{ this.legend_title }}">
          <details open>
            <summary>{{ this.legend_title }}</summary>
            {% for colour, label, hidden in this.rows %}
            <div class="row"><span class="swatch{{ ' hidden' if hidden else '' }}"
                                   style="background-color:{{ colour }}"></span>
                             <span>{{ label }}</span></div>
            {% endfor %}
            <div class="row"><span class="star" aria-hidden="true">★</span>
                             <span>{{ this.hq_label }}</span></div>
          </details>
          <div class="sources">{{ this.sources }}</div>
        </aside>
        {% endmacro %}
    """)

    def __init__(self, title: str, subtitle: str, legend_title: str,
                 rows: list[tuple[str, str, bool]], hq_label: str, sources: str) -> None:
        super().__init__()
        self.header_id, self.legend_id = HEADER_ID, LEGEND_ID
        self.title, self.subtitle = escape(title), escape(subtitle)
        self.legend_title, self.hq_label = escape(legend_title), escape(hq_label)
        # Colours come from the palette and commands.yaml (validated as #rrggbb at load).
        self.rows = [(escape(colour), escape(label), hidden) for colour, label, hidden in rows]
        self.sources = escape(sources)


def focus_of(atlas: Atlas, command: str | None, oblast: str | None) -> Focus:
    """The view the page opens on: the oblast, else the command, else the whole country."""
    territories = atlas.territories
    if oblast is not None and oblast in territories.index:
        part = territories.loc[[oblast]]
        command = territories.loc[oblast, "command"] or None
    elif command is not None and (territories["command"] == command).any():
        part, oblast = territories[territories["command"] == command], None
    else:
        part, command, oblast = territories, None, None
    return Focus(tuple(float(v) for v in part.total_bounds), token=1, command=command,
                 oblast=oblast)


def standalone_html(atlas: Atlas, lang: str, visible: tuple[str, ...],
                    day: date | None = None, command: str | None = None,
                    oblast: str | None = None) -> bytes:
    """A map that opens from a file with no server and no network: Leaflet is inside."""
    day = day or date.today()
    leaflet = Path(xstatic_leaflet.BASE_DIR)
    assets = MapAssets((leaflet / "leaflet.js").read_text(encoding="utf-8"),
                       IE_BEHAVIOR.sub("", (leaflet / "leaflet.css").read_text(encoding="utf-8")),
                       inline=True)
    fmap = build_base_map(atlas, lang, assets, all_divisions=False)
    focus = focus_of(atlas, command, oblast)
    for group in build_overlays(atlas, lang, visible=visible, focus=focus, show_labels=True,
                                dim_others=focus.command is not None,
                                label_frames="export"):
        group.add_to(fmap)
    rows = [(entry.colour, f"{entry.label} — {entry.detail}" if entry.detail else entry.label,
             entry.colour == HIDDEN_COLOUR)
            for entry in content.legend(atlas, lang, visible) if not entry.hidden]
    heading = selection_title(atlas, lang, focus.command, focus.oblast)
    title = tr(lang, "title")
    subtitle = f"{content.subtitle(atlas, lang)} · {day.isoformat()}"
    if heading != title:
        subtitle = f"{heading} · {subtitle}"
    root = fmap.get_root()
    root.header.add_child(folium.Element(PAGE_CSS), name="export_page_css")
    fmap.add_child(PageText(title, subtitle, tr(lang, "legend"), rows, tr(lang, "legend_hq"),
                            sources_line(atlas, lang, focus.command)))
    root.title = escape(f"{title} · {day.isoformat()}")
    root.script.add_child(folium.Element(TOOLTIP_CLEAR_JS), name="export_tooltip_clear")
    root._template, root.lang = PAGE_TEMPLATE, escape(lang)
    return root.render().encode("utf-8")
