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
  // The names and codes (for tooltips only), split once for every group of the catalogue: in the points when
  // the page sent them, else in their own file (data.tx), which this frame loads once the layer is drawn.
  function texts(data) {
    var found = data.n !== undefined ? data : (window.imssNetText || {})[key];
    if (found && !data.text.names) { data.text.codes = found.c.split('|'); data.text.names = found.n.split('|'); }
    return !!data.text.names;
  }
  function needTexts(data, then) {
    if (texts(data)) { then(); return; }
    var waiting = data.waiting || (data.waiting = []);
    if (waiting.push(then) > 1) { return; }  // already asked for
    var script = document.createElement('script');
    script.src = data.tx;
    script.onload = script.onerror = function() {
      // a file that did not come (or came without the texts): the tooltips say "—" for name and code
      if (!texts(data)) { data.text.names = []; data.text.codes = []; }
      data.waiting = null;
      waiting.forEach(function(f) { f(); });
    };
    document.head.appendChild(script);
  }
  function build(data) {
    var d = data.d, g = data.g, members = [];
    data.text = data.text || {names: null, codes: null};
    for (var i = 0; i < g.length; i++) { if (g.charAt(i) === code) { members.push(i); } }
    var layer = imssClusterLayer({
      group: group, colour: colour, maxZoom: {{ this.disable_at }} - 1, text: data.text,
      needTexts: function(then) { needTexts(data, then); }, inst: data.inst, muni: data.muni
    });
    return {layer: layer, d: d, members: members, bits: null};
  }
  function draw(data) {
    if (gen !== window.imssGen) { return; }  // a newer filter arrived while the points were on their way
    for (var other in store) { if (other.split('|')[0] !== key) { delete store[other]; } }
    var entry = store[id] || (store[id] = build(data));
    if (entry.bits !== bits) {  // else the same units as before: the index is kept as it is
      var raw = atob(bits), shown = [], members = entry.members;
      for (var n = 0; n < members.length; n++) {
        if (raw.charCodeAt(n >> 3) & (128 >> (n & 7))) { shown.push(members[n]); }
      }
      entry.layer.setPoints(entry.d, k, shown);
      entry.bits = bits;
    }
    if (entry.parent && entry.parent !== parent) { entry.parent.removeLayer(entry.layer); }  // last run's group
    entry.parent = parent;
    parent.addLayer(entry.layer);
    if (!texts(data)) { setTimeout(function() { needTexts(data, function() {}); }, 0); }  // after this task
  }
  var data = points();
  if (data) { draw(data); return; }
  var timer = setInterval(function() {
    var ready = points();
    if (ready) { clearInterval(timer); draw(ready); } else if (gen !== window.imssGen) { clearInterval(timer); }
  }, 40);
})();
