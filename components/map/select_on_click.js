// A click on an HQ star outlines its command at once, as a click on a territory does.
function kzSelectOnClick(marker, map, config) {
  marker.on('click', function () {
    var kz = window.__kz;
    if (kz) { kz.state.command = config.command; kz.state.selected = null; kz.apply(); }
  });
}
