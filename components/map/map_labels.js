// The map's names (components/map/label_layer.py placed them with geo/labels.py): each label
// is a zero-size marker at its anchor holding its text block, offset as placed. Of the
// layouts (placed for the frame at common screens) it draws the one made for the largest
// zoom not above the map's, so that labels only move apart; then, after every zoom, pan or
// resize, it hides any label that collides, lowest priority first: with a label kept before
// it, an HQ star, a city dot, Baikonur's disc, a map control or the map's edge. So whatever
// the window, font or zoom, no visible label sits under a star or another label.
function kzMapLabels(group, map, config) {
  var MARGIN = 1;  // px of air around every label when checking collisions
  var EDGE = 2;    // px a label keeps from the map's edge
  var pane = map.getPane('kzLabels') || map.createPane('kzLabels');
  pane.style.zIndex = 550;  // over the territories and frontiers, under the stars (600)
  pane.style.pointerEvents = 'none';

  // The cities of republican significance: dots over the territories and frontiers.
  var points = map.getPane('kzPoints') || map.createPane('kzPoints');
  points.style.zIndex = 450;
  points.style.pointerEvents = 'none';
  (config.cities || []).forEach(function (at) {
    group.addLayer(L.circleMarker(at, Object.assign({pane: 'kzPoints', className: 'kz-city-dot',
      interactive: false, opacity: 1, fillOpacity: 1}, config.dot)));
  });

  var previous = window.__kzLabels;
  if (previous) {
    map.off('zoomend moveend resize', previous.schedule);
    clearTimeout(previous.timer);
  }
  var state = window.__kzLabels = {layout: null, markers: [], timer: null};
  var layouts = kzUnpackLayouts(config);

  // The layout made for the largest zoom not above the map's (so that names only move apart);
  // of those made for that zoom, the one whose frame is nearest the map's size (a frame of
  // another size shows another part of the map, and its names were placed for that part).
  function chooseLayout() {
    var zoom = map.getZoom(), size = map.getSize(), chosen = layouts[0], best = null;
    layouts.forEach(function (layout) {
      if (layout.zoom > zoom + 1e-6) { return; }
      var off = Math.abs(layout.size[0] - size.x) + Math.abs(layout.size[1] - size.y);
      if (best === null || layout.zoom > best.zoom + 1e-6 ||
          (Math.abs(layout.zoom - best.zoom) < 1e-6 && off < best.off)) {
        best = {zoom: layout.zoom, off: off};
        chosen = layout;
      }
    });
    return chosen;
  }

  // A leader line from the label's anchor (a point inside its region) to the edge of its name
  // (geo/labels.py sets a name apart this way where its region has no room for it). No dot
  // at its end: on this map a dot is a city.
  var SVG = 'http://www.w3.org/2000/svg';
  function leader(dx, dy) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'kz-leader');
    svg.setAttribute('aria-hidden', 'true');
    var pad = 4;
    var left = Math.min(0, dx) - pad, top = Math.min(0, dy) - pad;
    svg.setAttribute('width', String(Math.abs(dx) + 2 * pad));
    svg.setAttribute('height', String(Math.abs(dy) + 2 * pad));
    svg.style.left = left + 'px';
    svg.style.top = top + 'px';
    [['kz-leader-casing', 3.2], ['kz-leader-line', 1.2]].forEach(function (item) {
      var line = document.createElementNS(SVG, 'line');
      line.setAttribute('class', item[0]);
      line.setAttribute('x1', String(-left));
      line.setAttribute('y1', String(-top));
      line.setAttribute('x2', String(dx - left));
      line.setAttribute('y2', String(dy - top));
      line.setAttribute('stroke-width', String(item[1]));
      svg.appendChild(line);
    });
    return svg;
  }

  function draw(layout) {
    state.markers.forEach(function (marker) { group.removeLayer(marker); });
    state.markers = [];
    state.layout = layout;
    layout.labels.forEach(function (label, rank) {
      var font = layout.fonts[label.kind];
      var text = document.createElement('div');
      text.className = 'kz-label kz-label-' + label.kind;
      text.setAttribute('data-key', label.key);
      text.setAttribute('data-rank', String(rank));
      // A name set smaller to fit (geo/labels.py SHRINK_STEPS) carries its own size.
      text.style.fontSize = (label.size || font[0]) + 'px';
      text.style.fontWeight = font[1] ? 'bold' : 'normal';
      text.style.fontStyle = font[2] ? 'italic' : 'normal';
      text.style.left = label.x + 'px';
      text.style.top = label.y + 'px';
      text.style.textAlign = label.align;
      // The alignment edge stays where it was placed even if the font runs wider or narrower.
      text.style.transform = {center: 'translateX(-50%)', right: 'translateX(-100%)',
                              left: 'none'}[label.align];
      label.lines.forEach(function (line) {
        var row = document.createElement('div');
        row.innerHTML = line;  // escaped in Python: text only
        text.appendChild(row);
      });
      var wrap = document.createElement('div');
      wrap.appendChild(text);
      if (label.leader) { wrap.appendChild(leader(label.leader[0], label.leader[1])); }
      var marker = L.marker(label.at, {
        icon: L.divIcon({className: 'kz-label-anchor', html: wrap, iconSize: [0, 0],
                         iconAnchor: [0, 0]}),
        interactive: false, keyboard: false, pane: 'kzLabels'});
      group.addLayer(marker);
      state.markers.push(marker);
    });
  }

  function box(rect, grow) {
    return {l: rect.left - grow, t: rect.top - grow, r: rect.right + grow, b: rect.bottom + grow};
  }
  function hit(a, b) { return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b; }

  function obstacles() {
    var container = map.getContainer();
    var out = [];
    var selector = '.hq-icon, .kz-city-dot, .leaflet-control';
    container.querySelectorAll(selector).forEach(function (el) {
      var rect = el.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0) { out.push(box(rect, 0)); }
    });
    var origin = container.getBoundingClientRect();
    (config.discs || []).forEach(function (bounds) {
      var nw = map.latLngToContainerPoint(bounds[0]), se = map.latLngToContainerPoint(bounds[1]);
      out.push({l: origin.left + nw.x, t: origin.top + nw.y,
                r: origin.left + se.x, b: origin.top + se.y});
    });
    return out;
  }

  // Every box is read before any class is written: a write between two reads made the
  // browser lay the page out again for each label (hiding is visibility only, so the boxes
  // read first are the boxes after the writes too).
  function collide() {
    var frame = box(map.getContainer().getBoundingClientRect(), -EDGE);
    var blocked = obstacles(), kept = [], found = [];
    state.markers.forEach(function (marker) {
      var icon = marker.getElement();
      var text = icon && icon.querySelector('.kz-label');
      if (text) { found.push({text: text, r: box(text.getBoundingClientRect(), MARGIN)}); }
    });
    found.forEach(function (item) {
      var r = item.r;
      var inside = r.l >= frame.l && r.r <= frame.r && r.t >= frame.t && r.b <= frame.b;
      item.free = inside && !blocked.some(function (o) { return hit(r, o); }) &&
                  !kept.some(function (o) { return hit(r, o); });
      if (item.free) { kept.push(r); }
    });
    found.forEach(function (item) {
      item.text.classList.toggle('kz-label-hidden', !item.free);
      var line = item.text.nextSibling;
      if (line) { line.classList.toggle('kz-label-hidden', !item.free); }
    });
  }

  function update() {
    var layout = chooseLayout();
    if (layout !== state.layout) { draw(layout); }
    collide();
  }
  state.schedule = function () {
    clearTimeout(state.timer);
    state.timer = setTimeout(update, 30);
  };
  state.update = update;
  map.on('zoomend moveend resize', state.schedule);
  // The names are drawn in a task of their own, after the one that draws the map (issue 22:
  // total blocking time), and checked for collisions in the next: the stars are added after
  // this overlay, and the font may still be loading.
  state.timer = setTimeout(function () {
    draw(chooseLayout());
    state.schedule();
  }, 0);
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(state.schedule); }
}

// The layouts as label_layer.pack_layouts sends them: each label's key, kind, anchor and lines
// once in `texts`, each layout's labels as rows [text, size, x, y, align letter, leader dx,
// leader dy]. Back to one record per label, as draw() reads them.
function kzUnpackLayouts(config) {
  var align = {l: 'left', c: 'center', r: 'right'};
  return config.layouts.map(function (layout) {
    return {zoom: layout.zoom, size: layout.size, fonts: layout.fonts,
      labels: layout.labels.map(function (row) {
        var text = config.texts[row[0]];
        var label = {key: text[0], kind: text[1], at: text[2], lines: text[3], size: row[1],
                     x: row[2], y: row[3], align: align[row[4]]};
        if (row.length > 5) { label.leader = [row[5], row[6]]; }
        return label;
      })};
  });
}
