{# TooltipInside (coverage.map_elements; also the embeddable page, coverage.embed): every tooltip that follows the pointer (sticky) goes to the corner of the pointer where it stays inside the map, off the legend and the other controls, and off the pointer. Leaflet's own placement puts it right of the pointer in the map's left half and left of it in the right half, centred on the pointer's height, so a wide tooltip near the middle, or any near the top or bottom, ran past the map's edge and was cut. Tooltips anchored to their shape (the national map's, above the state) and permanent ones keep Leaflet's placement. Plain JavaScript in a Jinja macro body: coverage.map_elements.script_template. -#}
(function () {
  var proto = L.Tooltip.prototype, place = proto._setPosition;
  if (proto._imssInside) { return; }
  proto._imssInside = true;
  // never wider than the map: a long unit name wraps instead of running past the edge (a locality's
  // tooltip with its nearest hospital was 986 px wide in a 940-px map); the natural width otherwise, so
  // the size measured below does not depend on where the tooltip was before
  var style = document.createElement('style');
  style.textContent = '.imss-inside{width:max-content;max-width:min(480px,calc(100vw - 28px));white-space:normal}'
    + '.imss-inside th{white-space:nowrap}.imss-inside td{overflow-wrap:break-word}';
  document.head.appendChild(style);
  function overlap(x, y, w, h, boxes) {
    return boxes.reduce(function (sum, b) {
      return sum + Math.max(0, Math.min(x + w, b[2]) - Math.max(x, b[0])) * Math.max(0, Math.min(y + h, b[3]) - Math.max(y, b[1]));
    }, 0);
  }
  proto._setPosition = function (pos) {
    var map = this._map, el = this._container;
    if (!this.options.sticky || this.options.permanent || !map || !el) { return place.call(this, pos); }
    L.DomUtil.addClass(el, 'imss-inside');
    var size = map.getSize(), at = map.layerPointToContainerPoint(pos);
    var own = el.getBoundingClientRect(), w = Math.ceil(own.width) + 1, h = Math.ceil(own.height) + 1, gap = 14;
    var frame = map.getContainer().getBoundingClientRect();
    var controls = Array.prototype.map.call(document.querySelectorAll(".leaflet-control, .imss-legend"), function (c) {
      var r = c.getBoundingClientRect();
      return [r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top];
    });
    var pointer = [[at.x - gap / 2, at.y - gap / 2, at.x + gap / 2, at.y + gap / 2]];
    var xs = at.x < size.x / 2 ? [gap, -w - gap] : [-w - gap, gap], best = null;
    [[xs[0], gap], [xs[1], gap], [xs[0], -h - gap], [xs[1], -h - gap]].forEach(function (d) {
      var x = Math.max(0, Math.min(at.x + d[0], size.x - w)), y = Math.max(0, Math.min(at.y + d[1], size.y - h));
      var cost = 1000 * overlap(x, y, w, h, pointer) + overlap(x, y, w, h, controls);
      if (best === null || cost < best.cost) { best = {x: x, y: y, cost: cost}; }
    });
    L.DomUtil.setPosition(el, map.containerPointToLayerPoint([best.x, best.y]));
  };
})();
