{# FitBounds (coverage.map_elements): fits the map to the shown points on each redraw. A Jinja macro body: coverage.map_elements.script_template. -#}
(function() {
  var parent = {{ this._parent.get_name() }};
  {{ add_to_parent(this) }}
  var map = parent._map;
  if (map) { map.fitBounds({{ this.bounds }}, {maxZoom: {{ this.max_zoom }}, padding: [12, 12]}); }
})();
