// Loads the script named by this one's ?src= without waiting for it. streamlit-folium loads a map frame's
// scripts one after another; listed first, this starts a big one (the national map's facility points,
// issue 14) while Leaflet loads and the map is drawn, and the layer that needs it waits for it.
(function(me) {
  var src = me && new URL(me.src, location.href).searchParams.get('src');
  if (!src || src.charAt(0) !== '/' || src.charAt(1) === '/') { return; }  // only this server's own files
  var script = document.createElement('script');
  script.src = src;
  script.async = true;
  document.head.appendChild(script);
})(document.currentScript);
