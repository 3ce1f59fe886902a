{# LocalitiesLayer (coverage.map_elements): underserved localities as circle markers from compact columns
(coordinates in 1e-5 degrees, a radius per point, tooltip texts already HTML-escaped), drawn in the
order given (small classes first, the largest on top).  A Jinja macro body:
coverage.map_elements.script_template. -#}
(function() {
  var parent = {{ this._parent.get_name() }};
  {{ add_to_parent(this) }}
  var d = {{ this.data }}, layer = L.featureGroup();
  for (var i = 0; i < d.r.length; i++) {
    var m = L.circleMarker([d.xy[2 * i] / 1e5, d.xy[2 * i + 1] / 1e5],
                           {radius: d.r[i], color: '#ffffff', weight: 1, fillColor: d.fill, fillOpacity: 0.85});
    m._imssTip = i;
    layer.addLayer(m);
  }
  layer.bindTooltip(function(l) {
    var texts = d.t[l._imssTip], div = L.DomUtil.create('div');
    div.innerHTML = '<table>' + texts.map(function(v, k) {
      return '<tr><th>' + d.heads[k] + '</th><td>' + v + '</td></tr>'; }).join('') + '</table>';
    return div;
  }, {sticky: true, className: 'foliumtooltip'});
  layer._imssLocalities = d.r.length;
  parent.addLayer(layer);
})();
