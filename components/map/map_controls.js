// The map's own controls: a metric scale bar written in the viewer's script ("100 км"), an
// attribution without Leaflet's default flag ("Leaflet | Natural Earth": the territories'
// layer adds Natural Earth), a "whole country" button, a "fit this step" button, a
// full-screen button with a step caption in full screen, keys that reach
// the page's briefing steps whatever has focus (a presenter's clicker sends PageDown/PageUp),
// touch that leaves one-finger swipes to the page, tooltips kept inside the frame, and names
// for screen readers (the frame's, the page's language).
function kzMapControls(map, unusedMap, config) {
  // Static CSS, no data: the controls' icons, tooltips that wrap rather than leave a narrow
  // frame, and HQ stars that let a finger's tap through to the oblast under them.
  var css = document.createElement('style');
  css.textContent =
    '.kz-fullscreen a{display:flex;align-items:center;justify-content:center}' +
    '.kz-fullscreen svg{width:16px;height:16px}' +
    '.leaflet-tooltip{width:max-content;max-width:calc(100vw - 24px);white-space:normal}' +
    '.kz-touch .hq-icon{pointer-events:none}' +
    '.kz-fit a{display:flex;align-items:center;justify-content:center}' +
    '.kz-fit svg{width:16px;height:16px}' +
    '.kz-step-caption{display:none;background:rgba(255,255,255,.94);color:#1f1f1f;' +
    'font:600 20px/1.3 "Source Sans Pro",sans-serif;padding:6px 12px;border-radius:6px;' +
    'box-shadow:0 1px 4px rgba(0,0,0,.35);max-width:60vw}' +
    '.kz-full.kz-has-caption .kz-step-caption{display:block}';
  document.head.appendChild(css);

  // Screen readers: the frame is named in the page's language, and the page and the map
  // speak it (Streamlit's page says lang="en" whatever the language).
  document.documentElement.lang = config.lang;
  try {
    if (window.frameElement) {
      window.frameElement.setAttribute('aria-label', config.mapLabel);
      // Later, not in this task: a new lang restyles the whole page, and the map's first
      // size read below would then wait for that (issue 22: total blocking time).
      var page = window.parent.document.documentElement;
      if (page.lang !== config.lang) {
        setTimeout(function () { page.lang = config.lang; }, 0);
      }
    }
  } catch (err) { /* a page of another origin */ }

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
        // Through the steps' own fit where the map has one (view_update.js): Leaflet drops a
        // zoom asked for while a zoom animation runs, and ⌂ is pressed during one.
        if (window.__kz && window.kzFit) { kzFit(window.__kz, config.countryBounds); }
        else { map.fitBounds(config.countryBounds, {padding: [8, 8]}); }
      });
      return bar;
    }
  });
  new Reset().addTo(map);

  // Back to the step's own view (in a briefing; outside one, to the view last chosen: a
  // command zoomed to, a search), after the viewer zoomed or panned away: under the ⌂ button.
  var fitLink = null;
  function fitChosen() {
    var kz = window.__kz;
    map.invalidateSize({pan: false});
    var bounds = kz && kz.lastBounds ? kz.lastBounds : config.countryBounds;
    if (kz && window.kzFit) { kzFit(kz, bounds, false); }  // waits out a zoom animation
    else { map.fitBounds(bounds, {padding: [8, 8], animate: false}); }
  }
  var FIT_ICON = '<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" ' +
    'stroke="currentColor" stroke-width="1.8"><rect x="2" y="3" width="12" height="10" ' +
    'rx="1.5"/><circle cx="8" cy="8" r="2" fill="currentColor" stroke="none"/></svg>';
  var Fit = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      var bar = L.DomUtil.create('div', 'leaflet-bar kz-fit');
      var link = fitLink = L.DomUtil.create('a', '', bar);
      link.href = '#'; link.innerHTML = FIT_ICON; link.setAttribute('role', 'button');
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(link, 'click', function (e) { L.DomEvent.preventDefault(e); fitChosen(); });
      return bar;
    }
  });
  new Fit().addTo(map);
  function nameFit(briefing) {
    var label = briefing ? config.fitStepLabel : config.fitViewLabel;
    fitLink.title = label; fitLink.setAttribute('aria-label', label);
  }
  nameFit(false);

  // In full screen the page's step controls are out of sight: a small caption says the step
  // and its command (text only, set by kzViewUpdate from the page's view).
  var Caption = L.Control.extend({
    options: {position: 'topright'},
    onAdd: function () {
      var box = L.DomUtil.create('div', 'kz-step-caption');
      box.setAttribute('aria-live', 'polite');
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });
  var caption = new Caption().addTo(map);
  window.__kzControls = {
    update: function (view) {
      nameFit(!!view.briefing);
      caption.getContainer().textContent = view.caption || '';
      L.DomUtil[view.caption ? 'addClass' : 'removeClass'](map.getContainer(), 'kz-has-caption');
    }
  };

  // Full screen: the map's frame in the page (the page's briefing buttons still answer the
  // keys), or the map itself when it is a page of its own (the HTML export). Esc leaves it,
  // as the browser makes it do everywhere.
  var host = map.getContainer();
  try { if (window.frameElement) { host = window.frameElement; } } catch (err) { /* alone */ }
  var hostDoc = host.ownerDocument;
  function fullscreenElement() {
    return hostDoc.fullscreenElement || hostDoc.webkitFullscreenElement || null;
  }
  function leaveFullscreen() {
    if (fullscreenElement() !== host) { return; }
    var request = (hostDoc.exitFullscreen || hostDoc.webkitExitFullscreen).call(hostDoc);
    if (request && request.catch) { request.catch(function () { /* already left */ }); }
  }
  var FULL_ICON = '<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" ' +
    'stroke="currentColor" stroke-width="2"><path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4"/></svg>';
  var EXIT_ICON = '<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" ' +
    'stroke="currentColor" stroke-width="2"><path d="M5 1v4H1M15 5h-4V1M11 15v-4h4M1 11h4v4"/></svg>';
  var Fullscreen = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      var bar = L.DomUtil.create('div', 'leaflet-bar kz-fullscreen');
      var link = this._link = L.DomUtil.create('a', '', bar);
      link.href = '#'; link.setAttribute('role', 'button');
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(link, 'click', function (e) {
        L.DomEvent.preventDefault(e);
        if (fullscreenElement()) { leaveFullscreen(); return; }
        var request = (host.requestFullscreen || host.webkitRequestFullscreen).call(host);
        if (request && request.catch) { request.catch(function () { /* refused */ }); }
      });
      this.update();
      return bar;
    },
    update: function () {
      var on = fullscreenElement() === host;
      var label = on ? config.exitFullscreenLabel : config.fullscreenLabel;
      this._link.innerHTML = on ? EXIT_ICON : FULL_ICON;
      this._link.title = label;
      this._link.setAttribute('aria-label', label);
    }
  });
  if ((hostDoc.fullscreenEnabled || hostDoc.webkitFullscreenEnabled) &&
      (host.requestFullscreen || host.webkitRequestFullscreen)) {
    var fullscreen = new Fullscreen().addTo(map);
    var changed = function () {
      fullscreen.update();
      L.DomUtil[fullscreenElement() === host ? 'addClass' : 'removeClass'](
        map.getContainer(), 'kz-full');
      // The keys then go to the map, not to the button just pressed (Space on a button is
      // the button's own).
      if (fullscreenElement() === host) { map.getContainer().focus({preventScroll: true}); }
    };
    hostDoc.addEventListener('fullscreenchange', changed);
    hostDoc.addEventListener('webkitfullscreenchange', changed);
  }

  // Touch-first devices (a tablet, a phone): a one-finger swipe scrolls the page, as
  // everywhere else on it; two fingers or the buttons move the map. A tap still selects.
  var touchFirst = !!(window.matchMedia &&
                      window.matchMedia('(hover: none) and (pointer: coarse)').matches);
  if (touchFirst) {
    L.DomUtil.addClass(map.getContainer(), 'kz-touch');
    map.dragging.disable();
  }

  // A tooltip never leaves the frame: after Leaflet places it, move it back inside.
  var place = L.Tooltip.prototype._setPosition;
  if (!place.kzInside) { L.Tooltip.prototype._setPosition = keepInside; }
  keepInside.kzInside = true;
  function keepInside(pos) {
    place.call(this, pos);
    var el = this._container, owner = this._map;
    if (!el || !owner) { return; }
    var box = el.getBoundingClientRect();
    var frame = owner.getContainer().getBoundingClientRect();
    var gap = 4, dx = 0, dy = 0;
    if (box.right > frame.right - gap) { dx = frame.right - gap - box.right; }
    if (box.left + dx < frame.left + gap) { dx = frame.left + gap - box.left; }
    if (box.bottom > frame.bottom - gap) { dy = frame.bottom - gap - box.bottom; }
    if (box.top + dy < frame.top + gap) { dy = frame.top + gap - box.top; }
    if (dx || dy) { L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add([dx, dy])); }
  }

  // A frame of a new size (a new window size, the sidebar opened or closed, F11, full
  // screen) fits the step's view again once its size has settled: fitting at every event of a
  // resize in several steps left the last fit computed for a size the frame no longer had.
  var settle = null, lastSize = null;
  function resized() {
    var box = map.getContainer().getBoundingClientRect();
    var size = Math.round(box.width) + 'x' + Math.round(box.height);
    if (size === lastSize) { return; }
    lastSize = size;
    clearTimeout(settle);
    settle = setTimeout(function () {
      var kz = window.__kz;
      if (box.width > 16 && box.height > 16 && kz && kz.lastBounds) { fitChosen(); }
      else { map.invalidateSize({pan: false}); }
    }, 200);
  }
  window.addEventListener('resize', resized);
  if (window.ResizeObserver) { new ResizeObserver(resized).observe(map.getContainer()); }

  // Briefing steps from any key a presenter uses while the map has focus (the page's own keys
  // are components/briefing_keys.js's, which counts every press and steps one at a time).
  // Without the page's step buttons (not in a briefing) the keys keep their usual meaning.
  var sign = {PageDown: 1, ArrowRight: 1, ' ': 1, PageUp: -1, ArrowLeft: -1};
  document.addEventListener('keydown', function (e) {
    // Esc leaves full screen (browsers do it themselves; a kiosk or embedded one may not).
    if (e.key === 'Escape') { leaveFullscreen(); return; }
    var step = sign[e.key];
    var page = null;
    try { page = window.parent !== window ? window.parent : null; } catch (err) { /* alone */ }
    if (!step || !page || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var doc;
    try { doc = page.document; } catch (err) { return; } // a page of another origin
    var button = doc.querySelector('.st-key-briefing_' + (step > 0 ? 'next' : 'previous') +
                                   ' button');
    if (!button) { return; }
    var target = e.target;
    var typing = target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
                            target.isContentEditable);
    var onControl = target && e.key === ' ' && (/^(BUTTON|A)$/.test(target.tagName) ||
                                                (target.getAttribute &&
                                                 target.getAttribute('role') === 'button'));
    if (typing || onControl) { return; }
    e.preventDefault(); e.stopPropagation();
    if (e.repeat) { return; }
    if (page.__kzSteps) { page.__kzSteps.press(step); } else { button.click(); }
  }, true);
}
