// A click on an HQ star outlines its command at once, as a click on a territory does. The
// star is a button for the keyboard (Tab, then Enter) and is named for screen readers.
function kzSelectOnClick(marker, map, config) {
  marker.on('click', function () {
    var kz = window.__kz;
    if (kz) { kz.state.command = config.command; kz.state.selected = null; kz.apply(); }
  });
  // Leaflet makes the star a focusable button but leaves its keys alone: Enter or Space
  // clicks it, with everything a click does (streamlit-folium reports it).
  marker.on('keypress', function (e) {
    var key = e.originalEvent && e.originalEvent.key;
    var star = e.propagatedFrom || e.layer;
    if ((key !== 'Enter' && key !== ' ') || !star || !star.getLatLng) { return; }
    e.originalEvent.preventDefault();
    star.fire('click', {latlng: star.getLatLng(), originalEvent: e.originalEvent}, true);
  });
  function name(layer) {
    var element = layer.getElement && layer.getElement();
    if (element) { element.setAttribute('aria-label', config.label); }
  }
  marker.eachLayer(function (layer) {
    name(layer);
    layer.on('add', function () { name(layer); });
  });
}
