{# NationalStates (coverage.maps): the national map's fixed layers, drawn once per mount: the neighbouring
countries, the 32 states (code only) and their abbreviations.  The geometry comes from window.imssGeo
(the app's static file, loaded before this script, or inlined by ``this.inline``).  Each rerun's
StatesPaint calls window.imssStates.apply with the fills and tooltip texts.  A Jinja macro body:
coverage.map_elements.script_template. -#}
(function() {
  var map = {{ this._parent.get_name() }};
  {{ this.inline }}
  var G = window.imssGeo;
  L.geoJson(G.neighbours, {interactive: false, style: function() { return {{ this.neighbour_style }}; }}).addTo(map);
  var S = window.imssStates = {fill: {}, tips: {}, heads: null, weight: 0.8, tipKey: null};
  var layer = L.geoJson({type: 'FeatureCollection', features: G.states.map(function(s) {
      return {type: 'Feature', properties: {cve_ent: s[0]}, geometry: s[1]}; })}, {
    style: function(f) {
      return {fillColor: S.fill[f.properties.cve_ent] || '{{ this.no_fill }}', color: '#444444', weight: S.weight,
              fillOpacity: 0.85};
    },
    onEachFeature: function(f, l) {
      l.on({mouseover: function(e) { e.target.setStyle({weight: 2.5, color: '#000000'}); },
            mouseout: function(e) { layer.resetStyle(e.target); }});
    }
  }).addTo(map);
  var labels = L.layerGroup(G.labels.map(function(a) {
    var icon = L.divIcon({html: '<div class="imss-abbr">' + a[3] + '</div>', iconSize: [40, 12], iconAnchor: [20, 6],
                          className: 'empty'});
    return L.marker([a[1], a[2]], {icon: icon, interactive: false, keyboard: false});
  })).addTo(map);
  function tip(l) {
    var texts = S.tips[l.feature.properties.cve_ent] || [], heads = S.heads, div = L.DomUtil.create('div');
    div.innerHTML = '<table>' + texts.map(function(v, i) {
      return '<tr>' + (heads ? '<th>' + heads[i] + '</th>' : '') + '<td>' + v + '</td></tr>'; }).join('') + '</table>';
    return div;
  }
  S.layer = layer;
  // d: {show, fill: {code: colour}, tips: {code: [escaped texts]}, heads: [escaped labels] or null,
  //     weight, tip: Leaflet tooltip options}
  S.apply = function(d) {
    if (!d.show) { map.removeLayer(layer); map.removeLayer(labels); S.tipKey = null; layer.unbindTooltip(); return; }
    S.fill = d.fill; S.tips = d.tips; S.heads = d.heads || null; S.weight = d.weight;
    var key = JSON.stringify(d.tip);
    if (S.tipKey !== key) { layer.unbindTooltip(); layer.bindTooltip(tip, d.tip); S.tipKey = key; }
    else if (layer.isTooltipOpen()) { layer.closeTooltip(); }
    if (!map.hasLayer(layer)) { layer.addTo(map); labels.addTo(map); }
    layer.resetStyle();
  };
})();
