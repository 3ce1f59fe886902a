{# MunicipalLayer (coverage.map_elements): delta-coded municipal polygons rebuilt in the browser. A Jinja macro body: coverage.map_elements.script_template. -#}
(function() {
  var parent = {{ this._parent.get_name() }};
  {{ add_to_parent(this) }}
  var g = {{ this.grid }}, rows = {{ this.rows }}, lab = {{ this.labels }};
  function ring(r) {
    var out = new Array(r.length / 2 + 1), x = 0, y = 0;
    for (var i = 0, j = 0; i < r.length; i += 2, j++) { x += r[i]; y += r[i + 1]; out[j] = [x * g, y * g]; }
    out[out.length - 1] = out[0];
    return out;
  }
  var features = new Array(rows.length);
  for (var k = 0; k < rows.length; k++) {
    var f = rows[k];
    features[k] = {type: 'Feature', properties: {n: f[0], s: f[1], b: f[2], p: f[3], c: f[4]},
                   geometry: {type: 'MultiPolygon', coordinates: f[5].map(function(rs) { return rs.map(ring); })}};
  }
  var renderer = L.canvas({padding: 0.2});
  var layer = L.geoJson({type: 'FeatureCollection', features: features}, {
    renderer: renderer,
    style: function(f) { return {fillColor: f.properties.c, color: '#555555', weight: {{ this.weight }},
                                 fillOpacity: {{ this.opacity }}}; }
  });
  layer.bindTooltip(function(l) { var p = l.feature.properties;
    return '<b>' + p.n + '</b><br>' + lab[0] + ': ' + p.s + '<br>' + lab[1] + ': ' + p.b + '<br>' + lab[2] + ': ' + p.p; },
    {sticky: true});
  // Taken off (the next rerun's layers replace it), it takes its canvas too: an empty canvas left over
  // the state shapes would catch their hovers and clicks.
  layer.on('remove', function() { if (renderer._map) { renderer._map.removeLayer(renderer); } });
  layer._imssMunicipal = rows.length;
  parent.addLayer(layer);
})();
