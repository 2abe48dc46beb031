"""The live map: the folium builder, its browser code (*.js) and click parsing."""

from components.map.builder import MapAssets, build_base_map, build_overlays
from components.map.clicks import clicked_target

__all__ = ["MapAssets", "build_base_map", "build_overlays", "clicked_target"]
