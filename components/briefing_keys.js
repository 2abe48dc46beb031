// The briefing's presenter keys in the page (Streamlit's own document; the map's frame sends
// its keys here too, components/map/map_controls.js). Run by components/briefing.py each time
// the briefing's controls appear: a link in briefing mode, the sidebar's switch, Back.
//
// - Every press counts. A step reruns the script; a press that arrives meanwhile used to be
//   lost (Streamlit merged it into the running step). Presses (PageDown/PageUp, Space, ← →,
//   and clicks or taps on Previous / Next) are queued as a count, and the next step's button
//   is pressed once the page shows the last step (its address changed and the run is over).
// - The keys work at once: focus left on the sidebar's switch (now out of view) moves to the
//   page, so PageDown no longer scrolls the closed sidebar.
//   So does a language chosen in the briefing's own control (the page is drawn anew).
// - The panel beside the map is a scroll region of its own (CSS in components/briefing.py):
//   Tab reaches it, and the arrow keys read the rest of a long panel.
// - A projector's panel (window.__kzFitPanel: nobody at it scrolls) is drawn smaller, down to
//   MIN_PANEL_ZOOM, until it fits its box: a long step's text was cut at 1280x800.
(function () {
  var doc = document;
  var main = doc.querySelector('[data-testid="stMain"]');
  var sidebar = doc.querySelector('[data-testid="stSidebar"]');
  var language = doc.querySelector('.st-key-briefing_lang_kk, .st-key-briefing_lang_ru, ' +
                                   '.st-key-briefing_lang_en');
  var active = doc.activeElement;
  if (main && active && ((sidebar && sidebar.contains(active)) ||
                         (language && language.contains(active)))) {
    if (!main.hasAttribute('tabindex')) { main.setAttribute('tabindex', '-1'); }
    main.focus({preventScroll: true});
  }
  var MIN_PANEL_ZOOM = 0.75; // the body text at 16 px on a 1280-wide projector
  // The panel's blocks zoomed so that the whole panel fits its box: a few rounds, since the
  // gaps between the blocks do not shrink with them. Over 640 px only: a phone stacks the
  // panel under the map and scrolls the page.
  function fitPanel(panel) {
    if (!window.__kzFitPanel) { return; }
    var blocks = panel.children, zoom = 1, i, round;
    for (i = 0; i < blocks.length; i++) { blocks[i].style.zoom = ''; }
    if (window.innerWidth <= 640) { return; }
    for (round = 0; round < 4 && panel.scrollHeight > panel.clientHeight + 1 &&
         zoom > MIN_PANEL_ZOOM; round++) {
      zoom = Math.max(MIN_PANEL_ZOOM, zoom * panel.clientHeight / panel.scrollHeight - 0.01);
      for (i = 0; i < blocks.length; i++) { blocks[i].style.zoom = String(zoom); }
    }
  }
  function namePanel() {
    var panel = doc.querySelector('.st-key-briefing_panel');
    if (!panel) { return; }
    if (panel.getAttribute('tabindex') !== '0') { panel.setAttribute('tabindex', '0'); }
    if (panel.getAttribute('role') !== 'region') { panel.setAttribute('role', 'region'); }
    if (window.__kzPanelLabel && panel.getAttribute('aria-label') !== window.__kzPanelLabel) {
      panel.setAttribute('aria-label', window.__kzPanelLabel);
    }
    fitPanel(panel);
  }
  namePanel();
  if (window.__kzSteps) { window.__kzSteps.namePanel = namePanel; return; }

  var steps = window.__kzSteps = {pending: 0, busy: null, timer: null, synthetic: false,
                                  press: press, namePanel: namePanel};
  // The panel is drawn after this script (and again after a step): name it once it is there.
  var naming = false;
  if (main && window.MutationObserver) {
    new MutationObserver(function () {
      if (naming) { return; }
      naming = true;
      requestAnimationFrame(function () { naming = false; steps.namePanel(); });
    // Text too: a step's panel often reuses the last step's elements with new words in them.
    }).observe(main, {childList: true, characterData: true, subtree: true});
  }
  // Fitted again when the window changes size and when the page's fonts have come (the
  // text reflows then without a change in the page's elements).
  var resizing = false;
  window.addEventListener('resize', function () {
    if (resizing) { return; }
    resizing = true;
    requestAnimationFrame(function () { resizing = false; steps.namePanel(); });
  });
  if (doc.fonts && doc.fonts.ready) { doc.fonts.ready.then(function () { steps.namePanel(); }); }
  var SIGN = {PageDown: 1, ArrowRight: 1, ' ': 1, PageUp: -1, ArrowLeft: -1};
  var MAX_WAIT_MS = 6000; // a step that never shows (a lost connection) frees the queue
  var TEXT_TYPES = /^(text|search|email|number|password|tel|url|)$/;

  function button(sign) {
    return doc.querySelector('.st-key-briefing_' + (sign > 0 ? 'next' : 'previous') + ' button');
  }
  function running() {
    return !!doc.querySelector(
      '[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]');
  }
  function schedule() {
    if (!steps.timer) { steps.timer = setTimeout(tick, 40); }
  }
  function tick() {
    steps.timer = null;
    var busy = steps.busy;
    if (busy) {
      var shown = location.search !== busy.search && !running();
      if (!shown && Date.now() - busy.since < MAX_WAIT_MS) { schedule(); return; }
      steps.busy = null;
    }
    if (!steps.pending) { return; }
    var sign = steps.pending > 0 ? 1 : -1;
    var target = button(sign);
    if (!target) { steps.pending = 0; return; } // the briefing has ended
    steps.pending -= sign;
    steps.busy = {search: location.search, since: Date.now()};
    steps.synthetic = true;
    try { target.click(); } finally { steps.synthetic = false; }
    schedule();
  }
  // One press of Next (+1) or Previous (-1).
  function press(sign) {
    steps.pending += sign;
    tick();
  }

  // Whether the focused element uses this key itself: text boxes every key, a radio group or
  // a slider its arrows and pages, a button or a link its Space.
  function ownsKey(target, key) {
    if (!target || !target.tagName) { return false; }
    var tag = target.tagName, role = target.getAttribute && target.getAttribute('role');
    if (target.isContentEditable || tag === 'TEXTAREA' || tag === 'SELECT') { return true; }
    if (tag === 'INPUT') {
      var type = (target.getAttribute('type') || '').toLowerCase();
      if (TEXT_TYPES.test(type)) { return true; }
      if (type === 'radio' || type === 'range') { return key !== ' '; }
    }
    if (role === 'combobox' || role === 'listbox' || role === 'option' || role === 'slider' ||
        role === 'radio' || role === 'menuitem' || role === 'tab') { return true; }
    return key === ' ' && (tag === 'BUTTON' || tag === 'A' || role === 'button' ||
                           role === 'switch' || role === 'checkbox');
  }

  doc.addEventListener('keydown', function (e) {
    var sign = SIGN[e.key];
    if (!sign || e.altKey || e.ctrlKey || e.metaKey || !button(sign)) { return; }
    if (ownsKey(e.target, e.key)) { return; }
    e.preventDefault();
    e.stopPropagation();
    if (!e.repeat) { press(sign); } // a held key is one press, as a clicker's
  }, true);

  // Clicks and taps on Previous / Next join the same queue (the queue's own clicks pass).
  doc.addEventListener('click', function (e) {
    if (steps.synthetic || !e.isTrusted || !e.target.closest) { return; }
    var next = e.target.closest('.st-key-briefing_next button');
    var previous = e.target.closest('.st-key-briefing_previous button');
    if (!next && !previous) { return; }
    e.preventDefault();
    e.stopPropagation();
    press(next ? 1 : -1);
  }, true);
})();
