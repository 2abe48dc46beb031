// The map's own controls: a metric scale bar only, and an attribution without Leaflet's
// default flag ("Leaflet | Natural Earth", the territories' layer adds Natural Earth).
function kzMapControls(map, unusedMap, config) {
  L.control.scale({imperial: false, metric: true}).addTo(map);
  map.attributionControl.setPrefix(config.prefix);
}
