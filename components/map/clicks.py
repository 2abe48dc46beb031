"""What streamlit-folium reports for a click on the map, parsed into what was clicked."""

from __future__ import annotations


def clicked_target(value: object) -> tuple[str, str] | None:
    """("territory", code) or ("hq", command id) from a streamlit-folium value, or None.

    A territory carries its `code` and an HQ marker its `hq` in the clicked feature's
    properties (components/map/builder.py puts them there); anything else is not a click the
    app acts on."""
    if not isinstance(value, dict):
        return None
    drawing = value.get("last_active_drawing")
    properties = drawing.get("properties") if isinstance(drawing, dict) else None
    if not isinstance(properties, dict):
        return None
    if isinstance(properties.get("hq"), str):
        return "hq", properties["hq"]
    if isinstance(properties.get("code"), str):
        return "territory", properties["code"]
    return None
