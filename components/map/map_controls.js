// The map's own controls: a metric scale bar written in the viewer's script ("100 км"), and an
// attribution without Leaflet's default flag ("Leaflet | Natural Earth": the territories'
// layer adds Natural Earth).
function kzMapControls(map, unusedMap, config) {
  var scale = L.control.scale({imperial: false, metric: true, maxWidth: 150});
  // Leaflet 1.9's own _updateMetric, with the units from the strings table.
  scale._updateMetric = function (maxMeters) {
    var meters = this._getRoundNum(maxMeters);
    var label = meters < 1000 ? meters + '\u00a0' + config.m
                              : (meters / 1000) + '\u00a0' + config.km;
    this._updateScale(this._mScale, label, meters / maxMeters);
  };
  scale.addTo(map);
  map.attributionControl.setPrefix(config.prefix);
}
