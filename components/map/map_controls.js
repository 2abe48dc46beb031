// The map's own controls: a metric scale bar written in the viewer's script ("100 км"), an
// attribution without Leaflet's default flag ("Leaflet | Natural Earth": the territories'
// layer adds Natural Earth), a "whole country" button, and keys that reach the page's
// briefing steps whatever has focus (a presenter's clicker sends PageDown/PageUp).
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

  // Back to the whole country: a button under the zoom buttons, reachable by Tab.
  var Reset = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      var bar = L.DomUtil.create('div', 'leaflet-bar kz-reset');
      var link = L.DomUtil.create('a', '', bar);
      link.href = '#'; link.innerHTML = '\u2302'; link.title = config.resetLabel;
      link.setAttribute('role', 'button'); link.setAttribute('aria-label', config.resetLabel);
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(link, 'click', function (e) {
        L.DomEvent.preventDefault(e);
        map.fitBounds(config.countryBounds, {padding: [8, 8]});
      });
      return bar;
    }
  });
  new Reset().addTo(map);

  // A resized frame (a new window size, F11) fits again what it showed.
  window.addEventListener('resize', function () {
    var kz = window.__kz;
    map.invalidateSize();
    if (kz && kz.lastBounds) { map.fitBounds(kz.lastBounds, {padding: [8, 8]}); }
  });

  // Briefing steps from any key a presenter uses, whatever has focus, the map included. The
  // page's own buttons do the stepping (Streamlit reruns as for a click); without them (not
  // in a briefing) the keys keep their usual meaning.
  var forward = {PageDown: 'next', ArrowRight: 'next', ' ': 'next',
                 PageUp: 'previous', ArrowLeft: 'previous'};
  function stepKey(e) {
    var which = forward[e.key];
    var doc = window.parent && window.parent.document;
    if (!which || !doc || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var button = doc.querySelector('.st-key-briefing_' + which + ' button');
    if (!button) { return; }
    var target = e.target;
    var typing = target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
                            target.isContentEditable);
    var onControl = target && /^(BUTTON|A)$/.test(target.tagName) && e.key === ' ';
    // The parent's own arrow keys are Streamlit's shortcuts already.
    var parentArrow = this === doc && (e.key === 'ArrowRight' || e.key === 'ArrowLeft');
    if (typing || onControl || parentArrow) { return; }
    e.preventDefault(); e.stopPropagation();
    button.click();
  }
  try {
    var parent = window.parent;
    if (parent.__kzStepKey) { parent.document.removeEventListener('keydown', parent.__kzStepKey, true); }
    parent.__kzStepKey = function (e) { stepKey.call(parent.document, e); };
    parent.document.addEventListener('keydown', parent.__kzStepKey, true);
  } catch (err) { /* a page of another origin (the standalone HTML opened alone) */ }
  document.addEventListener('keydown', function (e) { stepKey.call(document, e); }, true);
}
