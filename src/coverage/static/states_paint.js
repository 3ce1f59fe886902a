{# StatesPaint (coverage.maps): one rerun's fills and tooltip texts for the states drawn by NationalStates
(in the base map, never re-sent).  A Jinja macro body: coverage.map_elements.script_template. -#}
if (window.imssStates) { window.imssStates.apply({{ this.payload }}); }
