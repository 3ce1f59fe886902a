{# FacilityLayer (coverage.map_elements): one institution group's points, clustered, reused by content key. A Jinja macro body: coverage.map_elements.script_template. -#}
(function() {
  var parent = {{ this._parent.get_name() }}, cache = window.imssClusters = window.imssClusters || {};
  {{ add_to_parent(this) }}
  var hit = cache[{{ this.key|tojson }}];
  if (hit) { hit.gen = window.imssGen; parent.addLayer(hit.cluster); return; }
  var data = (function() { return [{{ this.nums }}, {{ this.names }}, {{ this.codes }}]; })();
  var d = data[0], names = data[1].split('|'), codes = data[2].split('|');
  var colour = {{ this.colour|tojson }}, n = names.length, k = {{ this.width }};
  var styles = [
    {radius: 7, color: "#000000", weight: 2, fillColor: colour, fillOpacity: 0.95},
    {radius: 4, color: "#ffffff", weight: 1, fillColor: colour, fillOpacity: 0.9},
    {radius: 3, color: colour, weight: 1, fillColor: "#ffffff", fillOpacity: 0.9}
  ];
  // A dot answers the pointer up to HIT px beyond its edge (Leaflet's canvas hit test adds the marker's
  // click tolerance to its radius), so a 4-px dot is not a 4-px target; it is drawn as before.
  var HIT = 6, reach = function() { return this.options.weight / 2 + HIT; };
  var cluster = L.markerClusterGroup({
    chunkedLoading: false, showCoverageOnHover: false, maxClusterRadius: 45,
    disableClusteringAtZoom: {{ this.disable_at }}, spiderfyOnMaxZoom: false,
    iconCreateFunction: function(c) {
      var m = c.getChildCount(), size = m < 100 ? 30 : (m < 1000 ? 36 : 44);
      return L.divIcon({html: '<div style="background:' + colour + '"><span>' + m + '</span></div>',
                        className: 'imss-cluster', iconSize: L.point(size, size)});
    }
  });
  cluster._imssGroup = {{ this.group|tojson }};
  cluster.on('mouseover', function(e) {
    var i = e.layer._i, lk = window.imssLk, j = i * k;
    if (i === undefined || !lk || e.layer.getTooltip()) { return; }
    var tr = lk.dates[d[j + 5]];
    e.layer.bindTooltip('<b>' + names[i] + '</b><br>' + lk.labels[0] + ': ' + codes[i] + '<br>' + lk.labels[1]
      + ': ' + lk.inst[d[j + 3]] + '<br>' + lk.labels[2] + ': ' + lk.types[d[j + 2]] + '<br>' + lk.labels[3]
      + ': ' + lk.muni[d[j + 4]] + (tr ? '<br>' + lk.labels[4] + ': ' + tr : ''), {sticky: true})
      .openTooltip(e.latlng);
  });
  var markers = new Array(n);
  for (var i = 0, j = 0; i < n; i++, j += k) {
    var m = L.circleMarker([d[j] / 1e4, d[j + 1] / 1e4], styles[d[j + 2]]);
    m._i = i;
    m._clickTolerance = reach;
    markers[i] = m;
  }
  cache[{{ this.key|tojson }}] = {cluster: cluster, gen: window.imssGen};
  // On the map before the markers go in: markercluster then clusters them directly, instead of
  // queueing them with a linear duplicate check per marker (quadratic) and clustering on add.
  parent.addLayer(cluster);
  cluster.addLayers(markers);
})();
