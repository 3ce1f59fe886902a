// Loads the script named by this one's ?src= without waiting for it. streamlit-folium loads a map frame's
// scripts one after another; listed first, this starts a big one (the national map's facility points,
// issue 14) while Leaflet loads and the map is drawn, and the layer that needs it waits for it.
(function(me) {
  var src = me && new URL(me.src, location.href).searchParams.get('src');
  var url = src && new URL(src, location.href);
  if (!url || url.origin !== location.origin || url.pathname.indexOf('/app/static/') !== 0) { return; }  // ours only
  var script = document.createElement('script');
  script.src = url.href;
  script.async = true;
  document.head.appendChild(script);
})(document.currentScript);
