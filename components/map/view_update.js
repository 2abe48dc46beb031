// The Python side's view for the browser styler: the filter and the dimming every time; the
// selection and a fit to bounds only when the focus token is new (a focus request from the
// sidebar, a briefing step or the URL). A click keeps its own selection and never moves the
// map, and streamlit-folium's re-running of every overlay script changes nothing.
function kzViewUpdate(group, map, config) {
  var kz = window.__kz;
  if (!kz) { return; }
  kz.state.visible = config.visible;
  kz.state.dim = config.dim;
  // Another division is drawn where the map is (its request does not fit the map).
  if (config.division && kz.division !== config.division) { kz.setDivision(config.division); }
  var rivers = kz.map.getPane('kzRivers');
  if (rivers) { rivers.style.display = config.rivers === false ? 'none' : ''; }
  if (kz.token !== config.token) {
    kz.token = config.token;
    kz.state.selected = config.selected;
    kz.state.command = config.command;
    kz.lastBounds = config.bounds;
    // A frame not laid out yet has no size: fitting then leaves Leaflet with a NaN zoom. The
    // frame's resize (map_controls.js) fits lastBounds once it has one.
    var size = kz.map.getSize();
    if (config.fit !== false && size.x > 16 && size.y > 16) {
      kz.map.fitBounds(config.bounds, {padding: [8, 8]});
    }
  }
  kz.apply();
}
