{# FacilityStates (coverage.facility_maps): the 32 states of the facility maps, filled by class, with a tooltip table; their shapes come from the page (sent once, window.imssShapes), only the fills and texts are in the map. A Jinja macro body: coverage.map_elements.script_template. -#}
(function() {
  var map = {{ this._parent.get_name() }}, key = {{ this.key|tojson }}, props = {{ this.props }};
  var fields = {{ this.fields }}, aliases = {{ this.aliases }};
  function shapes() {
    try { var s = window.parent && window.parent.imssShapes; return (s && s[key]) || null; } catch (e) { return null; }
  }
  function draw(geometries) {
    var features = geometries.map(function(g, i) { return {type: 'Feature', geometry: g, properties: props[i]}; });
    var layer = L.geoJson({type: 'FeatureCollection', features: features}, {style: function(f) {
      return {fillColor: f.properties.fill, color: '#555555', weight: 0.7, fillOpacity: 0.9}; }})
      .bindTooltip(function(l) { var p = l.feature.properties; return '<table>' + fields.map(function(k, i) {
        return '<tr><th>' + aliases[i] + '</th><td>' + p[k] + '</td></tr>'; }).join('') + '</table>'; },
        {sticky: true, className: 'foliumtooltip'});
    layer.addTo(map);
    layer.bringToBack();  // beneath the facility dots, which share the canvas and may have been drawn first
    window.imssStates = layer;
  }
  var ready = shapes();
  if (ready) { draw(ready); return; }
  var timer = setInterval(function() { var s = shapes(); if (s) { clearInterval(timer); draw(s); } }, 40);
})();
