{# FacilitySubset (coverage.facility_points): which of one institution group's units are shown, as a bitset over the points the page sent once (FacilityData, in the app window). A Jinja macro body: coverage.map_elements.script_template. -#}
(function() {
  var parent = {{ this._parent.get_name() }};
  {{ add_to_parent(this) }}
  var key = {{ this.key|tojson }}, group = {{ this.group|tojson }}, code = {{ this.code|tojson }};
  var bits = {{ this.bits|tojson }}, colour = {{ this.colour|tojson }}, gen = window.imssGen, k = {{ this.width }};
  var store = window.imssNetGroups = window.imssNetGroups || {}, id = key + '|' + group;
  // The points of the catalogue on screen, sent once per catalogue: loaded by this frame itself (the
  // national map's static file) or into the app window around it; a filter change only sends which are shown.
  function points() {
    if (window.imssNet && window.imssNet[key]) { return window.imssNet[key]; }
    try { var s = window.parent && window.parent.imssNet; return (s && s[key]) || null; } catch (e) { return null; }
  }
  function build(data) {
    var d = data.d, names = data.n.split('|'), codes = data.c.split('|'), g = data.g, markers = [];
    var styles = [
      {radius: 7, color: "#000000", weight: 2, fillColor: colour, fillOpacity: 0.95},
      {radius: 4, color: "#ffffff", weight: 1, fillColor: colour, fillOpacity: 0.9},
      {radius: 3, color: colour, weight: 1, fillColor: "#ffffff", fillOpacity: 0.9}
    ];
    // A dot answers the pointer up to HIT px beyond its edge (Leaflet's canvas hit test adds the marker's
    // click tolerance to its radius), so a 4-px dot is not a 4-px target; it is drawn as before.
    var HIT = 6, reach = function() { return this.options.weight / 2 + HIT; };
    for (var i = 0, j = 0; i < g.length; i++, j += k) {
      if (g.charAt(i) !== code) { continue; }
      var m = L.circleMarker([d[j] / 1e4, d[j + 1] / 1e4], styles[d[j + 2]]);
      m._i = i;
      m._clickTolerance = reach;
      markers.push(m);
    }
    var cluster = L.markerClusterGroup({
      chunkedLoading: false, showCoverageOnHover: false, maxClusterRadius: 45,
      disableClusteringAtZoom: {{ this.disable_at }}, spiderfyOnMaxZoom: false,
      iconCreateFunction: function(c) {
        var n = c.getChildCount(), size = n < 100 ? 30 : (n < 1000 ? 36 : 44);
        return L.divIcon({html: '<div style="background:' + colour + '"><span>' + n + '</span></div>',
                          className: 'imss-cluster', iconSize: L.point(size, size)});
      }
    });
    cluster._imssGroup = group;
    cluster.on('mouseover', function(e) {
      var i = e.layer._i, lk = window.imssLk, j = i * k;
      if (i === undefined || !lk || e.layer.getTooltip()) { return; }
      var tr = lk.dates[d[j + 5]];
      e.layer.bindTooltip('<b>' + names[i] + '</b><br>' + lk.labels[0] + ': ' + codes[i] + '<br>' + lk.labels[1]
        + ': ' + data.inst[d[j + 3]] + '<br>' + lk.labels[2] + ': ' + lk.types[d[j + 2]] + '<br>' + lk.labels[3]
        + ': ' + data.muni[d[j + 4]] + (tr ? '<br>' + lk.labels[4] + ': ' + tr : ''), {sticky: true})
        .openTooltip(e.latlng);
    });
    return {cluster: cluster, markers: markers, bits: null};
  }
  function draw(data) {
    if (gen !== window.imssGen) { return; }  // a newer filter arrived while the points were on their way
    for (var other in store) { if (other.split('|')[0] !== key) { delete store[other]; } }
    var entry = store[id] || (store[id] = build(data));
    // On the map before the markers go in: markercluster then clusters them directly, instead of
    // queueing them with a linear duplicate check per marker (quadratic) and clustering on add.
    parent.addLayer(entry.cluster);
    if (entry.bits === bits) { return; }  // the same units as before: the clusters are kept as they are
    var raw = atob(bits), shown = [], markers = entry.markers;
    for (var i = 0; i < markers.length; i++) {
      if (raw.charCodeAt(i >> 3) & (128 >> (i & 7))) { shown.push(markers[i]); }
    }
    entry.cluster.clearLayers();
    entry.cluster.addLayers(shown);
    entry.bits = bits;
  }
  var data = points();
  if (data) { draw(data); return; }
  var timer = setInterval(function() {
    var ready = points();
    if (ready) { clearInterval(timer); draw(ready); } else if (gen !== window.imssGen) { clearInterval(timer); }
  }, 40);
})();
