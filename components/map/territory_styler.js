// Styles the territories in the browser, so a click outlines its territory at once and the
// map's arguments stay the same (streamlit-folium re-sends the whole map whenever an argument
// changes). It also reports a click to Streamlit straight away instead of after
// streamlit-folium's 250 ms debounce, in exactly the form streamlit-folium would send, so its
// own debounced report finds nothing new and sends nothing (tests/test_dependencies.py checks
// that streamlit-folium still speaks this protocol).
//
// State lives in window.__kz; kzViewUpdate (an overlay) sets the filter, the dimming, the
// division, whether oblast labels are on and, once per focus request, the selection. A selected
// territory is drawn full strength with a halo (in a pane over the water and the frontiers) and,
// when the labels are off, named in a box inside it; the rest fades. All of it changes in place. `config.style` comes from
// components/style.py; `config.features` are the territories of every division the page
// carries, their outlines encoded (components/map/encoding.py, decoded by kzDecode).
function kzDecode(text) {
  var coords = [], index = 0, x = 0, y = 0;
  function next() {
    var result = 0, shift = 0, b;
    // "!" stands for "{" (components/map/encoding.py: folium reads the script as a template).
    do {
      b = text.charCodeAt(index++);
      b = (b === 33 ? 123 : b) - 63;
      result |= (b & 31) << shift; shift += 5;
    }
    while (b >= 32);
    return (result & 1) ? ~(result >> 1) : (result >> 1);
  }
  while (index < text.length) { x += next(); y += next(); coords.push([x / 1000, y / 1000]); }
  return coords;
}

function kzTerritoryStyler(layer, map, config) {
  // The colours in use: the light style, or with the dark theme its `dark` colours over it
  // (components/theme.py), chosen again by every kz.apply.
  var LIGHT = config.style, S = LIGHT;
  var kz = window.__kz = {layer: layer, map: map, token: null, division: null, labels: true,
    selectionKey: null, state: {selected: null, command: null, visible: null, dim: false}};
  [['kzSelection', 430], ['kzSelectionName', 560]].forEach(function (pane) {
    var element = map.getPane(pane[0]) || map.createPane(pane[0]);
    element.style.zIndex = pane[1];  // over water, rivers, frontiers; the box over the labels
    element.style.pointerEvents = 'none';
  });
  kz.selection = L.layerGroup().addTo(map);
  if (!document.getElementById('kz-selected-name-css')) {
    var B = S.nameBox, css = document.createElement('style');
    css.id = 'kz-selected-name-css';
    css.textContent = '.kz-selected-name{pointer-events:none}.kz-selected-name span{' +
      'position:absolute;left:0;top:0;transform:translate(-50%,-50%);white-space:nowrap;' +
      'background:' + B.background + ';color:' + B.colour + ';font:bold ' + B.px + 'px ' +
      B.font + ';line-height:1.25;padding:3px 8px;border-radius:4px;' +
      'box-shadow:0 0 0 2px ' + S.halo + '}';
    document.head.appendChild(css);
  }
  // Outlines are decoded when their division is first drawn: the first paint decodes only
  // the division on show (the start-up is one long task; issue 22, total blocking time).
  var features = config.features.map(function (f) {
    return {divisions: f.d, encoded: f.g, properties: f.p, feature: null};
  });
  function featureOf(f) {
    if (!f.feature) {
      f.feature = {type: 'Feature', properties: f.properties, geometry: {
        type: 'MultiPolygon',
        coordinates: f.encoded.map(function (polygon) { return polygon.map(kzDecode); })}};
    }
    return f.feature;
  }
  // The tooltip as folium's GeoJsonTooltip draws it; every text was escaped in Python.
  layer.bindTooltip(function (l) {
    var p = l.feature.properties, rows = [p.name, p.command, p.centre];
    return '<table>' + rows.map(function (value, i) {
      return '<tr><th>' + config.tooltip[i] + '</th><td>' + value + '</td></tr>';
    }).join('') + '</table>';
  }, {sticky: true, className: 'foliumtooltip'});

  // Draw one division's territories (the page carries each division the map can switch to).
  kz.setDivision = function (division) {
    if (kz.division === division) { return; }
    kz.division = division;
    layer.clearLayers();
    // Each territory's polygon copies the layer's options, the credit line too, and Leaflet
    // rewrote the map's attribution (its innerHTML) for every one added: 20 times in the
    // first paint's task (issue 22: total blocking time). The layer's own credit is shown.
    var credit = layer.options.attribution;
    layer.options.attribution = null;
    features.forEach(function (f) {
      if (f.divisions.indexOf(division) >= 0) { layer.addData(featureOf(f)); }
    });
    layer.options.attribution = credit;
    if (layer.closeTooltip) { layer.closeTooltip(); }
  };

  // A command hidden by the filter is hatched (an SVG pattern in the territories' own <svg>),
  // so it reads as "switched off", never as water or as "no command"; flat grey without SVG.
  // The <svg> exists only once the layer is on the map, after this runs: install it lazily.
  function hiddenFill() {
    var first = layer.getLayers()[0];
    var svg = first && first._renderer && first._renderer._container;
    if (!svg || !S.hiddenPattern || svg.namespaceURI !== 'http://www.w3.org/2000/svg') {
      return S.hidden;
    }
    if (!svg.querySelector('#' + S.hiddenPattern.id)) {
      var defs = svg.querySelector('defs') ||
                 svg.insertBefore(L.SVG.create('defs'), svg.firstChild);
      defs.innerHTML += S.hiddenPattern.svg;
    }
    return 'url(#' + S.hiddenPattern.id + ')';
  }

  // A region whose command is derived from the oblast it came from: its colour, hatched white.
  function derivedFill(colour) {
    var first = layer.getLayers()[0];
    var svg = first && first._renderer && first._renderer._container;
    if (!svg || svg.namespaceURI !== 'http://www.w3.org/2000/svg') { return colour; }
    var id = S.derivedPrefix + colour.replace('#', '');
    if (!svg.querySelector('#' + id)) {
      var H = S.derivedHatch;
      var defs = svg.querySelector('defs') ||
                 svg.insertBefore(L.SVG.create('defs'), svg.firstChild);
      defs.innerHTML += '<pattern id="' + id + '" patternUnits="userSpaceOnUse" width="' +
        H.spacing_px + '" height="' + H.spacing_px + '" patternTransform="rotate(' +
        H.angle_deg + ')"><rect width="' + H.spacing_px + '" height="' + H.spacing_px +
        '" fill="' + colour + '"/><rect width="' + H.line_px + '" height="' + H.spacing_px +
        '" fill="' + H.colour + '" fill-opacity="' + H.opacity + '"/></pattern>';
    }
    return 'url(#' + id + ')';
  }

  // The selected territory's feature, if this division draws it.
  kz.selectedFeature = function () {
    var found = null;
    layer.eachLayer(function (l) {
      if (l.feature.properties.code === kz.state.selected) { found = l.feature; }
    });
    return found;
  };

  kz.styleOf = function (p) {
    var st = kz.state;
    var shown = st.visible === null || p.command_id === null ||
                st.visible.indexOf(p.command_id) >= 0;
    var fill = shown ? (p.later && /^#[0-9a-fA-F]{6}$/.test(p.fill) ? derivedFill(p.fill)
                                                                     : p.fill)
                     : hiddenFill();
    // The lease's no-command fill has a colour of its own in the dark theme.
    if (p.command_id === null && S.unassigned) { fill = S.unassigned; }
    var style = Object.assign({}, S.base, {fillColor: fill,
                                           fillOpacity: shown ? S.base.fillOpacity : 1});
    // Dimming fades the other shown commands around a briefing step; a hidden one stays
    // hatched (faded, it would turn a light grey), and the lease, no command's, stays dark.
    if (st.dim && st.command && p.command_id !== st.command && shown && p.command_id !== null) {
      style.fillOpacity = S.dimOpacity;
    }
    if (st.command && p.command_id === st.command) {
      style.color = S.selection; style.weight = S.commandWeight;
    }
    // A selection, seen across a room: the territory full strength, the rest of its command
    // faded a little, the others as a briefing dims them (a hidden command stays hatched).
    var chosen = kz.chosen;
    if (chosen && shown && p.command_id !== null) {
      style.fillOpacity = p.code === chosen.code ? S.selectedOpacity
        : Math.min(style.fillOpacity, p.command_id === chosen.command_id ? S.siblingOpacity
                                                                          : S.dimOpacity);
    }
    if (st.selected === p.code) { style.color = S.selection; style.weight = S.selectedWeight; }
    return style;
  };

  // The halo and the name box of the selection, redrawn only when it changes.
  function drawSelection(feature) {
    var key = feature ? [kz.division, feature.properties.code, kz.labels,
                         kz.state.dim, kz.state.theme].join('|') : null;
    if (key === kz.selectionKey) { return; }
    kz.selectionKey = key;
    kz.selection.clearLayers();
    kz.nameBox = null;
    if (!feature) { return; }
    [[S.halo, S.haloWeight], [S.selection, S.selectedWeight]].forEach(function (line) {
      kz.selection.addLayer(L.geoJSON(feature, {pane: 'kzSelection', interactive: false,
        style: {color: line[0], weight: line[1], opacity: 1, fill: false,
                lineJoin: 'round'}}));
    });
    var p = feature.properties;
    if (!kz.labels && p.anchor) {  // with labels on, the oblast's own label names it
      // p.name was HTML-escaped in Python (components/map/builder.py).
      kz.nameBox = L.marker(p.anchor, {pane: 'kzSelectionName', interactive: false,
        keyboard: false, icon: L.divIcon({className: 'kz-selected-name', iconSize: [0, 0],
          // A briefing's projector type is larger (style.NAME_BOX_BRIEFING_PX).
          html: '<span style="font-size:' + (kz.state.dim ? S.nameBox.briefingPx
                                                          : S.nameBox.px) + 'px">' +
                p.name + '</span>'})});
      kz.nameBox.feature = feature;
      kz.selection.addLayer(kz.nameBox);
      schedulePlacement();
    }
  }

  // Whether [lng, lat] lies in a (Multi)Polygon: even-odd over every ring, holes included.
  function contains(geometry, lng, lat) {
    var inside = false;
    geometry.coordinates.forEach(function (polygon) {
      polygon.forEach(function (ring) {
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          var a = ring[i], b = ring[j];
          if ((a[1] > lat) !== (b[1] > lat) &&
              lng < (b[0] - a[0]) * (lat - a[1]) / (b[1] - a[1]) + a[0]) { inside = !inside; }
        }
      });
    });
    return inside;
  }

  // The box sits on the point deepest inside the territory unless it would cover a name, an
  // HQ star, a city's dot or a map control there: then the nearest free place above, below or
  // beside it, inside the territory if one is (a city a few pixels wide has none: beside its
  // dot). Run after the labels have hidden their own collisions.
  function placeNameBox() {
    var element = kz.nameBox && kz.nameBox.getElement();
    var span = element && element.firstChild;
    if (!span) { return; }
    var container = map.getContainer(), frame = container.getBoundingClientRect();
    var blocked = [];
    container.querySelectorAll('.kz-label:not(.kz-label-hidden), .hq-icon, .kz-city-dot, ' +
                               '.leaflet-control').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) { blocked.push(r); }
    });
    span.style.left = '0px'; span.style.top = '0px';
    var base = span.getBoundingClientRect(), w = base.width, h = base.height, gap = 6;
    var offsets = [[0, 0], [0, -(h + gap)], [0, h + gap], [w / 2 + 3 * gap, 0],
                   [-(w / 2 + 3 * gap), 0], [0, -2 * (h + gap)], [0, 2 * (h + gap)]];
    var geometry = kz.nameBox.feature.geometry;
    // Each place slid into the frame (a long name near its edge stays whole).
    var free = offsets.map(function (o) {
      var l = Math.min(Math.max(base.left + o[0], frame.left + 2), frame.right - 2 - w);
      var t = Math.min(Math.max(base.top + o[1], frame.top + 2), frame.bottom - 2 - h);
      return [l - base.left, t - base.top];
    }).filter(function (o) {
      var l = base.left + o[0], t = base.top + o[1], r = l + w, b = t + h;
      return !blocked.some(function (x) {
        return l < x.right && x.left < r && t < x.bottom && x.top < b;
      });
    });
    var chosen = free.find(function (o) {
      var at = map.containerPointToLatLng([base.left + o[0] + w / 2 - frame.left,
                                           base.top + o[1] + h / 2 - frame.top]);
      return contains(geometry, at.lng, at.lat);
    }) || free[0] || offsets[0];
    span.style.left = chosen[0] + 'px'; span.style.top = chosen[1] + 'px';
  }
  function schedulePlacement() {
    clearTimeout(kz.placeTimer);
    kz.placeTimer = setTimeout(placeNameBox, 80);  // after map_labels.js's own (30 ms)
  }
  map.on('zoomend moveend resize', schedulePlacement);
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(schedulePlacement); }

  kz.apply = function () {
    S = kz.state.theme === 'dark' ? Object.assign({}, LIGHT, LIGHT.dark) : LIGHT;
    var feature = kz.selectedFeature();
    kz.chosen = feature ? feature.properties : null;
    drawSelection(feature);
    layer.eachLayer(function (l) {
      l.setStyle(kz.styleOf(l.feature.properties));
      if (l.feature.properties.command_id === kz.state.command) { l.bringToFront(); }
    });
    layer.eachLayer(function (l) {
      if (l.feature.properties.code === kz.state.selected) { l.bringToFront(); }
    });
  };

  layer.on('mouseover', function (e) {
    e.layer.setStyle({weight: S.hoverWeight, color: S.hover});
  });
  layer.on('mouseout', function (e) { e.layer.setStyle(kz.styleOf(e.layer.feature.properties)); });

  // streamlit-folium's frontend protocol: window.__GLOBAL_DATA__ holds the returned_objects
  // list and the previous_data it last sent; Streamlit.setComponentValue reports a value.
  layer.on('click', function (e) {
    var p = e.layer.feature.properties;
    kz.state.selected = p.code;
    kz.state.command = p.command_id;
    kz.apply();
    var g = window.__GLOBAL_DATA__;
    if (!g || !window.Streamlit || !g.returned_objects) { return; }
    var full = {last_object_clicked: e.latlng, last_active_drawing: e.layer.toGeoJSON()};
    var data = {};
    Object.keys(full).forEach(function (k) {
      if (g.returned_objects.indexOf(k) >= 0) { data[k] = full[k]; }
    });
    if (JSON.stringify(g.previous_data) === JSON.stringify(data)) { return; }
    g.previous_data = data;
    window.Streamlit.setComponentValue(data);
  });

  kz.setDivision(config.division);
  kz.apply();
}
