// The Python side's view for the browser styler: the filter and the dimming every time; the
// selection and a fit to bounds only when the focus token is new (a focus request from the
// sidebar, a briefing step or the URL). A click keeps its own selection and never moves the
// map, and streamlit-folium's re-running of every overlay script changes nothing.
function kzViewUpdate(group, map, config) {
  var kz = window.__kz;
  if (!kz) { return; }
  kz.state.visible = config.visible;
  kz.state.dim = config.dim;
  // The dark theme restyles the map where it is: a class for its CSS (builder.py's header)
  // and the styler's dark colours (kz.apply below).
  kz.state.theme = config.theme;
  L.DomUtil[config.theme === 'dark' ? 'addClass' : 'removeClass'](kz.map.getContainer(),
                                                                  'kz-dark');
  kz.labels = config.labels !== false;  // off: the selection is named in a box of its own
  // Another division is drawn where the map is (its request does not fit the map).
  if (config.division && kz.division !== config.division) { kz.setDivision(config.division); }
  var rivers = kz.map.getPane('kzRivers');
  if (rivers) { rivers.style.display = config.rivers === false ? 'none' : ''; }
  if (kz.token !== config.token) {
    var firstView = kz.token === null;
    kz.token = config.token;
    kz.state.selected = config.selected;
    kz.state.command = config.command;
    kz.lastBounds = config.bounds;
    // A tooltip left open by the last step says nothing now: close it, and open none until
    // the pointer really moves (the map moving under a resting pointer opens the next one).
    if (!firstView) { kzQuietTooltips(kz); }
    // A frame not laid out yet has no size: fitting then leaves Leaflet with a NaN zoom. The
    // frame's resize (map_controls.js) fits lastBounds once it has one.
    var size = kz.map.getSize();
    if (config.fit !== false && size.x > 16 && size.y > 16) { kzFit(kz, config.bounds); }
  }
  if (window.__kzControls) {
    window.__kzControls.update({briefing: config.dim, caption: config.caption});
  }
  kz.apply();
}

// Fit the map to a step's bounds. Leaflet drops a zoom asked for while a zoom animation
// runs (_tryAnimatedZoom answers "done"): two quick steps left the map on the first step's
// frame (issue 23). So a fit that arrives during one waits for its end, unless a newer fit
// has been asked for by then (a click's selection, which does not fit, leaves it be).
function kzFit(kz, bounds, animate) {
  var map = kz.map, ask = kz.fits = (kz.fits || 0) + 1;
  (function fit() {
    if (ask !== kz.fits) { return; }
    if (map._animatingZoom) { map.once('zoomend', fit); return; }
    map.fitBounds(bounds, {padding: [8, 8], animate: animate !== false});
  })();
}

function kzQuietTooltips(kz) {
  var map = kz.map;
  function closeAll() {
    map.eachLayer(function (layer) {
      var tip = layer.getTooltip && layer.getTooltip();
      if (tip && !tip.options.permanent && layer.isTooltipOpen()) { layer.closeTooltip(); }
    });
  }
  if (!kz.quiet) {
    kz.quiet = {on: false, x: null, y: null, pointer: null};
    map.on('tooltipopen', function () { if (kz.quiet.on) { closeAll(); } });
    // Pointer events come before the mouse events that open a tooltip.
    map.getContainer().addEventListener('pointermove', function (e) {
      var q = kz.quiet;
      q.pointer = [e.clientX, e.clientY];
      if (q.on && (q.x === null || Math.abs(e.clientX - q.x) + Math.abs(e.clientY - q.y) > 3)) {
        q.on = false;
      }
    }, true);
  }
  var q = kz.quiet;
  q.on = true;
  q.x = q.pointer ? q.pointer[0] : null;
  q.y = q.pointer ? q.pointer[1] : null;
  closeAll();
}
