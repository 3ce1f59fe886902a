{# FacilityLookups (coverage.map_elements): the shared texts the points refer to by number. A Jinja macro body: coverage.map_elements.script_template. -#}
window.imssGen = (window.imssGen || 0) + 1;
window.imssLk = {{ this.lookups }};
(function(c) { for (var k in c) { if (c[k].gen < window.imssGen - 1) { delete c[k]; } } })(window.imssClusters || {});
