// The HQ stars of the commands shown, one per command, each a GeoJSON point (its `hq` property
// is what a click reports to the app: components/map/clicks.py) drawn as the star icon, with
// a tooltip, clickable and reachable by the keyboard (kzSelectOnClick). Built here from a short
// config rather than by folium's templates, which made each star 2 KB of script sent with
// every step's overlays.
function kzHqMarkers(group, map, config) {
  config.stars.forEach(function (star) {
    var feature = {type: 'Feature', geometry: {type: 'Point', coordinates: [star.lon, star.lat]},
                   properties: {hq: star.command}};
    var layer = L.geoJson(feature, {
      pointToLayer: function (unused, latlng) {
        return L.marker(latlng, {icon: L.divIcon({html: star.svg, iconSize: [30, 30],
                                                   iconAnchor: [15, 15], className: 'hq-icon'})});
      }
    });
    // As folium's GeoJsonTooltip draws it (a one-cell table), the text set as text.
    layer.bindTooltip(function () {
      var div = document.createElement('div');
      var table = div.appendChild(document.createElement('table'));
      table.appendChild(document.createElement('tr'))
        .appendChild(document.createElement('td')).textContent = star.label;
      return div;
    }, {sticky: true, className: 'foliumtooltip'});
    layer.addTo(group);
    kzSelectOnClick(layer, map, {command: star.command, label: star.label});
  });
}
