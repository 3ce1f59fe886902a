{# StatesLayer (coverage.map_elements): adds the prebuilt states layer to its parent. A Jinja macro body: coverage.map_elements.script_template. -#}
var {{ this.get_name() }} = {{ this.body }};
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
