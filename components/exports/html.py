"""The map that opens without a server (HTML): Leaflet inside, the legend from
components/content.py; every text is escaped before it reaches the page."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet
from branca.element import MacroElement
from jinja2 import Template

from components import content
from components.i18n import tr
from components.map import MapAssets, build_base_map, build_overlays
from components.view import Focus
from geo.atlas import Atlas


class HtmlLegend(MacroElement):
    """The legend inside the standalone map; every text is escaped before it gets here."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <div style="position:absolute;z-index:1000;left:12px;bottom:44px;background:#ffffffee;
                    padding:8px 12px;border-radius:6px;font:13px/1.5 sans-serif;
                    box-shadow:0 1px 4px #0003;max-width:340px">
          <div style="font-weight:600;margin-bottom:4px">{{ this.title }}</div>
          {% for colour, label in this.rows %}
          <div><span style="display:inline-block;width:12px;height:12px;margin-right:6px;
                            background:{{ colour }}"></span>{{ label }}</div>
          {% endfor %}
        </div>
        {% endmacro %}
    """)

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title = escape(title)
        self.rows = [(colour, escape(label)) for colour, label in rows]


def standalone_html(atlas: Atlas, lang: str, visible: tuple[str, ...],
                    day: date | None = None) -> bytes:
    """A map that opens from a file with no server and no network: Leaflet is inside."""
    leaflet = Path(xstatic_leaflet.BASE_DIR)
    assets = MapAssets((leaflet / "leaflet.js").read_text(encoding="utf-8"),
                       (leaflet / "leaflet.css").read_text(encoding="utf-8"), inline=True)
    fmap = build_base_map(atlas, lang, assets)
    focus = Focus(tuple(atlas.territories.total_bounds), token=1)
    for group in build_overlays(atlas, lang, visible=visible, focus=focus, show_labels=False):
        group.add_to(fmap)
    rows = [(entry.colour, f"{entry.label} — {entry.detail}" if entry.detail else entry.label)
            for entry in content.legend(atlas, lang, visible) if not entry.hidden]
    fmap.add_child(HtmlLegend(tr(lang, "legend"), rows))
    fmap.get_root().title = escape(tr(lang, "title"))
    return fmap.get_root().render().encode("utf-8")
