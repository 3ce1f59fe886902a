{# FacilityLayer (coverage.map_elements): one institution group's points, clustered, reused by content key. A Jinja macro body: coverage.map_elements.script_template. -#}
(function() {
  var parent = {{ this._parent.get_name() }}, cache = window.imssClusters = window.imssClusters || {};
  {{ add_to_parent(this) }}
  var hit = cache[{{ this.key|tojson }}];
  if (hit) { hit.gen = window.imssGen; parent.addLayer(hit.layer); return; }
  var data = (function() { return [{{ this.nums }}, {{ this.names }}, {{ this.codes }}]; })();
  var d = data[0], names = data[1].split('|'), codes = data[2].split('|');
  var colour = {{ this.colour|tojson }}, n = names.length, k = {{ this.width }}, all = new Array(n);
  for (var i = 0; i < n; i++) { all[i] = i; }
  var layer = imssClusterLayer({
    group: {{ this.group|tojson }}, colour: colour, maxZoom: {{ this.disable_at }} - 1,
    text: {names: names, codes: codes}
  }).setPoints(d, k, all);
  cache[{{ this.key|tojson }}] = {layer: layer, gen: window.imssGen};
  parent.addLayer(layer);
})();
