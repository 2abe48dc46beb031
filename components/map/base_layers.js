// Lakes, rivers and the Baikonur lease's dashed outline, drawn over the territories in panes
// that let a click or a tap through to the region beneath (components/map/builder.py).
// Outlines arrive encoded (components/map/encoding.py); kzDecode is territory_styler.js's.
// Drawn in a task of their own after the map's first one, which then ends sooner (issue 22:
// total blocking time); their panes keep them over the territories whatever the order.
function kzBaseLayers(map, _map, config) {
  setTimeout(function () { kzDrawBaseLayers(map, config); }, 0);
}

function kzDrawBaseLayers(map, config) {
  function polygons(parts) {
    return parts.map(function (polygon) { return polygon.map(kzDecode); });
  }
  function latLngs(coords) { return coords.map(function (c) { return [c[1], c[0]]; }); }
  config.lakes.forEach(function (lake) {
    L.polygon(polygons(lake).map(function (p) { return p.map(latLngs); }),
              config.lakeStyle).addTo(map);
  });
  config.rivers.forEach(function (river) {
    L.polyline(river.map(function (line) { return latLngs(kzDecode(line)); }),
               config.riverStyle).addTo(map);
  });
  L.polygon(polygons(config.lease).map(function (p) { return p.map(latLngs); }),
            config.leaseStyle).addTo(map);
}
