/* imssClusterLayer (coverage.map_elements.PointClusters): one institution group's points, clustered per zoom.
 *
 * supercluster indexes the shown points once (~0.1 s for the 42,000 units of the national network) and
 * each view draws only what it shows: a few hundred cluster badges and single dots, rebuilt on every
 * move.  Leaflet.markercluster, used before, made a marker object for every point and clustered all of
 * them at every zoom before the map's first paint (~0.3 s warm, ~1 s in a fresh frame; issue 14).
 * Defined on first use, from the map's script (after Leaflet and supercluster are in).
 */
window.imssClusterLayer = function(options) {
  if (!window.ImssClusters) {
    var HIT = 6;  // a dot answers the pointer up to HIT px beyond its edge: a 4-px dot is not a 4-px target
    var reach = function() { return this.options.weight / 2 + HIT; };
    window.ImssClusters = L.Layer.extend({
      // options: group, colour, maxZoom (the last clustered zoom); text: {names, codes} per point
      // (HTML-escaped; null until loaded: needTexts(then) asks for them); inst, muni: the institutions and
      // municipalities the points number (else window.imssLk's)
      initialize: function(opts) {
        var colour = opts.colour;
        this.options = opts;
        this._styles = [  // by point type: hospital (larger, dark ring), first level, other
          {radius: 7, color: "#000000", weight: 2, fillColor: colour, fillOpacity: 0.95},
          {radius: 4, color: "#ffffff", weight: 1, fillColor: colour, fillOpacity: 0.9},
          {radius: 3, color: colour, weight: 1, fillColor: "#ffffff", fillOpacity: 0.9}
        ];
        this._imssGroup = opts.group;
        this._count = 0;
        this._index = null;
        this._dots = {};
        // a plain group: its badges and dots do not pass their events on to it.  streamlit-folium's click
        // handler (on every layer of the map after each rerun, the group too) takes a propagated click for
        // a drawn shape and reruns the page; fired on a badge or dot itself it has no shape and does nothing.
        this._drawn = L.layerGroup();
      },
      // d: flat numbers, k per point (lat·1e4, lon·1e4, type, …); shown: the indices of the points drawn
      setPoints: function(d, k, shown) {
        var features = new Array(shown.length), south = 90, west = 180, north = -90, east = -180;
        for (var n = 0; n < shown.length; n++) {
          var i = shown[n], lat = d[i * k] / 1e4, lon = d[i * k + 1] / 1e4;
          features[n] = {type: 'Feature', id: i, properties: null, geometry: {type: 'Point', coordinates: [lon, lat]}};
          if (lat < south) { south = lat; } if (lat > north) { north = lat; }
          if (lon < west) { west = lon; } if (lon > east) { east = lon; }
        }
        this._d = d; this._k = k; this._count = shown.length; this._dots = {};
        this._bounds = shown.length ? L.latLngBounds([south, west], [north, east]) : null;
        // radius in screen pixels: supercluster's extent set to Leaflet's 256-px tiles
        this._index = shown.length ? new Supercluster({radius: 45, extent: 256, maxZoom: this.options.maxZoom})
          .load(features) : null;
        if (this._map) { this._redraw(); }
        return this;
      },
      // the number of points in the layer (drawn as clusters or dots), for the page's tests and benches
      imssShown: function() { return this._count; },
      getBounds: function() { return this._bounds || L.latLngBounds([]); },
      onAdd: function(map) {
        map.addLayer(this._drawn);
        map.on('moveend', this._redraw, this);
        this._redraw();
      },
      onRemove: function(map) {
        map.off('moveend', this._redraw, this);
        map.removeLayer(this._drawn);
      },
      // the dots and clusters drawn now (tests read them)
      drawn: function() { return this._drawn.getLayers(); },
      _redraw: function() {
        var map = this._map, drawn = this._drawn, focused = null, active = document.activeElement;
        drawn.eachLayer(function(l) { if (l._cluster !== undefined && l.getElement() === active) { focused = l._cluster; } });
        drawn.clearLayers();
        if (!map || !this._index || !this._count) { return; }
        // the clusters of the zoom level below a fractional zoom: at 4.6 those of 5 would be drawn 24 %
        // closer together than their 45-px radius and the badges would overlap
        var view = map.getBounds(), b = view.pad(0.5), zoom = Math.floor(map.getZoom() + 1e-6);
        var clamp = function(x, limit) { return Math.min(Math.max(x, -limit), limit); };
        var box = [clamp(b.getWest(), 180), clamp(b.getSouth(), 85), clamp(b.getEast(), 180), clamp(b.getNorth(), 85)];
        var found = this._index.getClusters(box, zoom), colour = this.options.colour, keep = null;
        for (var n = 0; n < found.length; n++) {
          var f = found[n], at = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
          if (f.properties && f.properties.cluster) {
            var count = f.properties.point_count, size = count < 100 ? 30 : (count < 1000 ? 36 : 44);
            // a tab stop (Leaflet makes it a button) only when on screen; focusing one never pans the map
            var badge = L.marker(at, {keyboard: view.contains(at), autoPanOnFocus: false, icon: L.divIcon({
              html: '<div style="background:' + colour + '"><span>' + count + '</span></div>',
              className: 'imss-cluster', iconSize: L.point(size, size)})});
            badge._cluster = f.properties.cluster_id;
            badge.on('click keypress', this._open, this);
            drawn.addLayer(badge);
            if (window.imssLk && window.imssLk.cluster) {  // its name for a screen reader
              badge.getElement().setAttribute('aria-label', window.imssLk.cluster.replace('{n}', count));
            }
            if (badge._cluster === focused) { keep = badge; }
          } else {
            drawn.addLayer(this._dot(f.id));
          }
        }
        // the focus stays where it was: on the same badge, else (it split or left the view) on the map
        if (keep) { keep.getElement().focus({preventScroll: true}); }
        else if (focused !== null) { map.getContainer().focus({preventScroll: true}); }
      },
      _dot: function(i) {
        var dot = this._dots[i];
        if (!dot) {
          var j = i * this._k, d = this._d;
          dot = this._dots[i] = L.circleMarker([d[j] / 1e4, d[j + 1] / 1e4], this._styles[d[j + 2]]);
          dot._i = i;
          dot._clickTolerance = reach;
          dot.on('mouseover', this._hover, this);
          dot.on('mouseout', function() { dot._over = null; });
        }
        return dot;
      },
      _hover: function(e) {
        var dot = e.target, self = this, lk = window.imssLk;
        dot._over = e.latlng;
        if (!lk || (dot.getTooltip() && dot._lk === lk)) { return; }
        if (dot.getTooltip()) { dot.unbindTooltip(); }  // written before a language change
        var o = this.options, text = o.text, i = dot._i, j = i * this._k, d = this._d;
        if (!text.names) {  // the names are on their way: the tooltip opens when they come, if still pointed at
          if (o.needTexts) { o.needTexts(function() { if (dot._map && dot._over) { self._hover({target: dot, latlng: dot._over}); } }); }
          return;
        }
        var moved = lk.dates[d[j + 5]];
        dot._lk = lk;
        dot.bindTooltip('<b>' + (text.names[i] || '—') + '</b><br>' + lk.labels[0] + ': ' + (text.codes[i] || '—')
          + '<br>' + lk.labels[1]
          + ': ' + (o.inst || lk.inst)[d[j + 3]] + '<br>' + lk.labels[2] + ': ' + lk.types[d[j + 2]] + '<br>'
          + lk.labels[3] + ': ' + (o.muni || lk.muni)[d[j + 4]] + (moved ? '<br>' + lk.labels[4] + ': ' + moved : ''),
          {sticky: true}).openTooltip(e.latlng);
      },
      // a cluster opens at the zoom where it splits (by click, or Enter or Space on the focused badge)
      _open: function(e) {
        var id = e.target._cluster, key = e.type === 'keypress' && e.originalEvent ? e.originalEvent.keyCode : null;
        if (!this._map || (key !== null && key !== 13 && key !== 32)) { return; }
        if (key === 32) { L.DomEvent.preventDefault(e.originalEvent); }  // Space would scroll the page
        var zoom = Math.min(this._index.getClusterExpansionZoom(id), this.options.maxZoom + 1);
        this._map.setView(e.target.getLatLng(), Math.max(zoom, this._map.getZoom() + 1));
      }
    });
  }
  return new window.ImssClusters(options);
};
