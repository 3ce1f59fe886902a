// Streamlit's own words in the page's language (coverage/chrome_language.py).  Loaded once into the app's
// page (not into a component's frame, which the page may remove); imssChromeLanguage(to) switches the
// words to one side of each pair (0 English, 1 Spanish) and keeps them there as Streamlit redraws.
window.imssChromeLanguage = (function () {
  var words = {"exact": [["Add files", "Agregar archivos"], ["App pages", "P\u00e1ginas de la aplicaci\u00f3n"], ["Choose date", "Elegir fecha"], ["Clear all", "Quitar todo"], ["Clear date", "Borrar la fecha"], ["Clear value", "Quitar la selecci\u00f3n"], ["Close", "Cerrar"], ["Close fullscreen", "Salir de pantalla completa"], ["Close Search", "Cerrar la b\u00fasqueda"], ["Collapse sidebar", "Contraer la barra lateral"], ["Dataframe column menu", "Men\u00fa de la columna"], ["Copy Vega-Lite spec", "Copiar la especificaci\u00f3n Vega-Lite"], ["Download as CSV", "Descargar como CSV"], ["Download as PNG", "Descargar como PNG"], ["Drag and drop a file here", "Arrastre un archivo aqu\u00ed"], ["Drag and drop files here", "Arrastre archivos aqu\u00ed"], ["Expand sidebar", "Expandir la barra lateral"], ["Fullscreen", "Pantalla completa"], ["Help", "Ayuda"], ["Link to heading", "Enlace a este encabezado"], ["Main menu", "Men\u00fa principal"], ["Next month", "Mes siguiente"], ["Open", "Abrir"], ["Page not found", "P\u00e1gina no encontrada"], ["Previous month", "Mes anterior"], ["Running...", "Procesando\u2026"], ["Search", "Buscar"], ["Selected values", "Valores elegidos"], ["Show data", "Ver los datos"], ["Show/hide columns", "Mostrar u ocultar columnas"], ["Sidebar", "Barra lateral"], ["Stop script", "Detener"], ["Upload", "Subir archivo"], ["Vega visualization", "Gr\u00e1fica"]], "prefix": [["Help for ", "Ayuda: "], ["Remove ", "Quitar "]], "infix": [[" Running the app's main page.", " Se muestra la p\u00e1gina principal."], ["The page that you have requested does not seem to exist", "La p\u00e1gina pedida no existe"], [" per file", " por archivo"]], "segment": [["day", "d\u00eda"], ["month", "mes"], ["year", "a\u00f1o"]]};
  var ATTRIBUTES = ["aria-label", "title", "placeholder"];
  // text (not only attributes) is rewritten only inside Streamlit's own parts, never in the app's content
  var OWN_TEXT = "[data-testid^=stFileUploader],[data-testid=stStatusWidget],[data-testid=stTooltipContent],"
    + "[data-testid=stDialog]";  // (the app has no dialog of its own: Streamlit's "Page not found")

  return function (to) {
    var from = 1 - to, exact = new Map();
    words.exact.forEach(function (pair) { exact.set(pair[0], pair[to]); exact.set(pair[1], pair[to]); });

    function said(value) {
      if (!value) return null;
      var trimmed = value.trim();
      if (exact.has(trimmed)) return value.replace(trimmed, exact.get(trimmed));
      for (var i = 0; i < words.prefix.length; i++) {
        var start = words.prefix[i][from];
        if (value.indexOf(start) === 0) return words.prefix[i][to] + value.slice(start.length);
      }
      for (var k = 0; k < words.segment.length; k++) {
        var segment = words.segment[k][from] + ", ";
        if (value.indexOf(segment) === 0) return words.segment[k][to] + ", " + value.slice(segment.length);
      }
      var changed = value;  // a text may hold several parts ("… does not seem to exist. Running the app's …")
      for (var j = 0; j < words.infix.length; j++) {
        var part = words.infix[j][from];
        if (changed.indexOf(part) >= 0) changed = changed.replace(part, words.infix[j][to]);
      }
      return changed === value ? null : changed;
    }
    function element(node) {
      for (var i = 0; i < ATTRIBUTES.length; i++) {
        var value = node.getAttribute(ATTRIBUTES[i]), now = said(value);
        if (now !== null && now !== value) node.setAttribute(ATTRIBUTES[i], now);
      }
    }
    function text(node) {
      var parent = node.parentElement;
      if (!parent || !parent.closest(OWN_TEXT)) return;
      var now = said(node.data);
      if (now !== null && now !== node.data) node.data = now;
    }
    function tree(node) {
      if (node.nodeType === 3) { text(node); return; }
      if (node.nodeType !== 1) return;
      element(node);
      node.querySelectorAll("[aria-label],[title],[placeholder]").forEach(element);
      var boxes = node.closest(OWN_TEXT) ? [node] : Array.prototype.slice.call(node.querySelectorAll(OWN_TEXT));
      boxes.forEach(function (box) {
        var walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT), next;
        while ((next = walker.nextNode())) text(next);
      });
    }
    // one observer per page, whichever copy of this script made the last one: two observers with
    // different languages would undo each other's work forever
    if (window.__chromeLanguage) window.__chromeLanguage.disconnect();
    // The words are put right when the page has a moment (idle, or 300 ms at the latest), not inside
    // Streamlit's drawing: while a page is being built that is hundreds of mutations, and the map waits.
    var pending = [], waiting = false;
    var idle = window.requestIdleCallback || function (run) { return setTimeout(run, 50); };
    function flush() {
      var records = pending;
      pending = [];
      waiting = false;
      records.forEach(function (record) {
        if (record.type === "attributes") element(record.target);
        else if (record.type === "characterData") text(record.target);
        else record.addedNodes.forEach(tree);
      });
    }
    var observer = new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) pending.push(records[i]);
      if (!waiting) { waiting = true; idle(flush, {timeout: 300}); }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                     attributeFilter: ATTRIBUTES});
    window.__chromeLanguage = observer;
    tree(document.body);
  };
})();
