"""Downloads: briefing-pack PDF, slide PNG, standalone HTML map, GeoJSON and CSV.

Each function takes plain data and returns bytes; nothing here reads a file but Leaflet's own
code (for the standalone HTML), and nothing imports streamlit.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from datetime import date
from html import escape
from pathlib import Path

import matplotlib
import xstatic.pkg.leaflet as xstatic_leaflet
from branca.element import MacroElement
from jinja2 import Template
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.patches import Rectangle
from shapely.geometry import mapping

from components.i18n import format_km2, format_share, tr
from components.map_view import MapAssets, build_base_map, build_overlays, command_label
from components.static_map import draw_map, legend_handles, new_figure, plain
from components.style import UNASSIGNED_COLOUR
from components.text import guillemets
from components.view import Focus
from geo.atlas import Atlas

A4_LANDSCAPE_IN = (11.69, 8.27)
SLIDE_PX = (1920, 1080)
SLIDE_DPI = 100
WRAP_CHARS = 92


def export_filename(kind: str, lang: str, day: date, extension: str) -> str:
    """`kz-regional-commands_briefing_en_2026-11-25.pdf`."""
    return f"kz-regional-commands_{kind}_{lang}_{day.isoformat()}.{extension}"


def wrap(text: str, width: int = WRAP_CHARS) -> str:
    """Text broken into lines for a matplotlib page (drawn as typed: no mathtext, no escapes)."""
    return "\n".join(textwrap.wrap(plain(text), width)) if text else ""


def stated(atlas: Atlas, fact, lang: str) -> str:
    """A sourced statement in `lang` with its Kazakh original, or 'not stated'."""
    if fact is None:
        return tr(lang, "not_stated")
    text = fact.get(lang)
    if lang != "kk" and atlas.sources[fact.source].kind == "source_text":
        text += f"\n{tr(lang, 'original_kk')}: {guillemets(fact.kk)}"
    return text


def sources_line(atlas: Atlas, keys, lang: str) -> str:
    """The sources of a page, one per line."""
    lines = []
    for key in dict.fromkeys(keys):
        source = atlas.sources[key]
        detail = " — ".join(p for p in (source.url, source.date) if p)
        lines.append(f"{tr(lang, source.kind)}: {source.title.get(lang)}"
                     + (f" ({detail})" if detail else ""))
    return "\n".join(lines)


def overview_page(atlas: Atlas, lang: str, day: date):
    """Page 1: the whole map and the table of commands."""
    fig = new_figure(*A4_LANDSCAPE_IN)
    fig.text(0.04, 0.95, plain(tr(lang, "title")), fontsize=20, weight="bold", va="top")
    fig.text(0.04, 0.905, plain(f"{tr(lang, 'subtitle')} · {day.isoformat()}"), fontsize=10,
             color="#555555", va="top")
    ax = fig.add_axes((0.03, 0.30, 0.62, 0.57))
    ids = tuple(c.id for c in atlas.commands)
    draw_map(ax, atlas, lang, ids, show_labels=True)
    fig.legend(handles=legend_handles(atlas, lang, ids), loc="upper left",
               bbox_to_anchor=(0.67, 0.87), frameon=False, fontsize=8.5)

    rows = [(tr(lang, "command"), tr(lang, "hq"), tr(lang, "oblasts"), tr(lang, "area"),
             tr(lang, "share"))]
    for command in atlas.commands:
        stats = atlas.command_stats.loc[command.id]
        rows.append((command_label(atlas, command.id, lang), command.hq.name.get(lang),
                     str(int(stats["oblast_count"])), format_km2(lang, stats["area_km2"]),
                     format_share(lang, stats["share"])))
    columns = (0.04, 0.36, 0.52, 0.64, 0.80)
    for row_index, row in enumerate(rows):
        y = 0.255 - row_index * 0.035
        for x, cell in zip(columns, row, strict=True):
            fig.text(x, y, plain(cell), fontsize=9.5, va="top",
                     weight="bold" if row_index == 0 else "normal")
    fig.text(0.04, 0.04, wrap(sources_line(atlas, ["seed", "natural-earth", "derived-area"],
                                           lang), 160), fontsize=7, color="#555555")
    return fig


def command_page(atlas: Atlas, command_id: str, lang: str, day: date):
    """A page per command: its map, HQ, oblasts and areas, mission, composition, sources."""
    command = atlas.command(command_id)
    stats = atlas.command_stats.loc[command_id]
    fig = new_figure(*A4_LANDSCAPE_IN)
    fig.text(0.04, 0.95, plain(command_label(atlas, command_id, lang)), fontsize=18,
             weight="bold", va="top", color="#111111")
    fig.add_artist(_colour_bar(fig, command.colour))
    ax = fig.add_axes((0.03, 0.12, 0.45, 0.74))
    draw_map(ax, atlas, lang, tuple(c.id for c in atlas.commands), highlight=command_id)

    own = atlas.territories[atlas.territories["command"] == command_id]
    lines = [f"{tr(lang, 'hq')}: {command.hq.name.get(lang)}",
             tr(lang, "formed") + ": " + tr(lang, "formed_value", year=atlas.formed.year), "",
             tr(lang, "territories") + ":"]
    for row in own.itertuples():
        mark = " *" if row.derived else ""
        lines.append(f"  {getattr(row, f'name_{lang}')}{mark} — {format_km2(lang, row.area_km2)}"
                     f" · {format_share(lang, row.share)}")
    lines.append(f"{tr(lang, 'total')}: {format_km2(lang, stats['area_km2'])} · "
                 f"{format_share(lang, stats['share'])}")
    blocks = ["\n".join(plain(line) for line in lines)]
    for row in own[own["derived"]].itertuples():
        method = atlas.sources[row.assignment_source].method
        blocks.append(wrap("* " + tr(lang, "derived_note",
                                     method=method.get(lang) if method else ""), 80))
    blocks.append(plain(tr(lang, "mission")).upper())
    blocks.append("\n".join(wrap(part, 80) for part in stated(atlas, command.mission,
                                                                lang).split("\n")))
    blocks.append(plain(tr(lang, "composition")).upper())
    blocks.append("\n".join(wrap(part, 80) for part in stated(atlas, command.composition,
                                                                lang).split("\n")))
    fig.text(0.51, 0.87, "\n\n".join(blocks), fontsize=8.6, va="top", linespacing=1.35)
    cited = [command.oblasts_source, command.hq.source, command.hq.coordinates_source,
             atlas.formed.source, "derived-area"]
    fig.text(0.04, 0.04, wrap(sources_line(atlas, cited, lang), 170), fontsize=6.5,
             color="#555555")
    fig.text(0.96, 0.04, day.isoformat(), fontsize=7, color="#555555", ha="right")
    return fig


def _colour_bar(fig, colour: str) -> Rectangle:
    """A thin bar in the command's colour under the page title."""
    return Rectangle((0.04, 0.885), 0.92, 0.008, transform=fig.transFigure, color=colour)


def briefing_pdf(atlas: Atlas, lang: str, day: date) -> bytes:
    """The briefing pack: an overview page, then one page per command."""
    buffer = io.BytesIO()
    # Type 42 embeds TrueType with a Unicode map, so the PDF's text can be searched and copied
    # (the default Type 3 draws Kazakh letters as shapes with no text behind them).
    with matplotlib.rc_context({"pdf.fonttype": 42}), \
            PdfPages(buffer, metadata={"Title": tr(lang, "title")}) as pdf:
        pdf.savefig(overview_page(atlas, lang, day))
        for command in atlas.commands:
            pdf.savefig(command_page(atlas, command.id, lang, day))
    return buffer.getvalue()


def slide_png(atlas: Atlas, lang: str, visible: tuple[str, ...], day: date) -> bytes:
    """The map as filtered, 1920×1080 for a slide."""
    width, height = SLIDE_PX
    fig = new_figure(width / SLIDE_DPI, height / SLIDE_DPI)
    ax = fig.add_axes((0.01, 0.02, 0.72, 0.86))
    draw_map(ax, atlas, lang, visible, show_labels=True, label_size=10)
    fig.text(0.015, 0.965, plain(tr(lang, "title")), fontsize=26, weight="bold", va="top")
    fig.text(0.015, 0.915, plain(f"{tr(lang, 'subtitle')} · {day.isoformat()}"), fontsize=13,
             color="#555555", va="top")
    fig.legend(handles=legend_handles(atlas, lang, visible), loc="upper left",
               bbox_to_anchor=(0.745, 0.86), frameon=False, fontsize=13, labelspacing=1.1)
    fig.text(0.745, 0.03, plain(tr(lang, "credits_text")), fontsize=9, color="#555555",
             wrap=True)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=SLIDE_DPI)
    return buffer.getvalue()


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


def standalone_html(atlas: Atlas, lang: str, visible: tuple[str, ...]) -> bytes:
    """A map that opens from a file with no server and no network: Leaflet is inside."""
    leaflet = Path(xstatic_leaflet.BASE_DIR)
    assets = MapAssets((leaflet / "leaflet.js").read_text(encoding="utf-8"),
                       (leaflet / "leaflet.css").read_text(encoding="utf-8"), inline=True)
    fmap = build_base_map(atlas, lang, assets)
    focus = Focus(tuple(atlas.territories.total_bounds), token=1)
    for group in build_overlays(atlas, lang, visible=visible, focus=focus, show_labels=False):
        group.add_to(fmap)
    rows = [(c.colour, command_label(atlas, c.id, lang) + " — "
             + tr(lang, "legend_row", hq=c.hq.name.get(lang),
                  count=int(atlas.command_stats.loc[c.id, "oblast_count"])))
            for c in atlas.commands if c.id in visible]
    rows.append((UNASSIGNED_COLOUR, tr(lang, "legend_unassigned")))
    fmap.add_child(HtmlLegend(tr(lang, "legend"), rows))
    fmap.get_root().title = escape(tr(lang, "title"))
    return fmap.get_root().render().encode("utf-8")


def territories_geojson(atlas: Atlas) -> bytes:
    """The joined territories: names, kind, command, how it was assigned, area, share."""
    features = []
    for row in atlas.territories.itertuples():
        properties = {"code": row.code, "kind": row.kind, "command": row.command,
                      "derived": bool(row.derived), "assignment_source": row.assignment_source,
                      "area_km2": round(float(row.area_km2), 1),
                      "share": round(float(row.share), 6)}
        for lang in ("kk", "ru", "en"):
            properties[f"name_{lang}"] = getattr(row, f"name_{lang}")
            properties[f"centre_{lang}"] = getattr(row, f"centre_{lang}")
        features.append({"type": "Feature", "properties": properties,
                         "geometry": mapping(row.geometry)})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel in ru/kk locales splits a CSV line on `;` and does not see our quotes there (they open
# comma-separated fields), so what follows any `;` (or `,`) may start a cell of its own.
SEPARATOR = re.compile(r"([;,])")


def csv_cell(value):
    """A spreadsheet must not run a cell as a formula (OWASP's CSV injection advice): the cell,
    and every part after a `;` or `,`, that could start one (after spaces or quotes) gets an
    apostrophe in front, e.g. `Astana;'=HYPERLINK(…)`. Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    parts = SEPARATOR.split(value)  # text, separator, text, …
    for index in range(0, len(parts), 2):
        part = parts[index]
        if part.startswith(FORMULA_STARTS) or part.lstrip(" \t\r\n\"'").startswith(
                FORMULA_STARTS[:4]):
            parts[index] = "'" + part
    return "".join(parts)


def commands_csv(atlas: Atlas, lang: str) -> bytes:
    """One row per command, in the chosen language (UTF-8 with BOM, so Excel reads Kazakh).
    Every cell is quoted, so a list (the oblasts) or a `;` in a text stays in one cell in any
    locale."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(cell) for cell in [
        "id", tr(lang, "command"), tr(lang, "hq"), "hq_lat", "hq_lon", tr(lang, "oblasts"),
        "area_km2", "share", tr(lang, "mission"), tr(lang, "composition")]])
    for command in atlas.commands:
        stats = atlas.command_stats.loc[command.id]
        names = [atlas.territories.loc[code, f"name_{lang}"] for code in command.oblasts]
        writer.writerow([csv_cell(cell) for cell in [
            command.id, command_label(atlas, command.id, lang), command.hq.name.get(lang),
            command.hq.lat, command.hq.lon, "; ".join(names), round(float(stats["area_km2"]), 1),
            round(float(stats["share"]), 6),
            command.mission.get(lang) if command.mission else tr(lang, "not_stated"),
            command.composition.get(lang) if command.composition else tr(lang, "not_stated"),
        ]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
