"""The app headless with Streamlit's AppTest: open a page with URL parameters, read its folium payload."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from helpers import ROOT

APP = str(ROOT / "app.py")
FOLIUM = "streamlit_folium.st_folium"


def open_app(page: str | None = None, timeout: float = 60, **params) -> AppTest:
    """Run ``app.py`` with these query parameters; then, if ``page`` (e.g. ``views/state.py``) is given,
    switch to it and run again."""
    app = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    return app


def folium_components(app: AppTest) -> list:
    """Every ``st_folium`` map on the page, in order."""
    return [e for e in app.get("component_instance") if e.proto.component_name == FOLIUM]


def folium_args(app: AppTest, index: int | None = None) -> dict:
    """The JSON arguments of the page's only map (asserted to be one), or of map ``index``."""
    components = folium_components(app)
    if index is None:
        assert len(components) == 1
        index = 0
    return json.loads(components[index].proto.json_args)


def metrics(app: AppTest) -> dict:
    """Every ``st.metric`` on the page, label → value."""
    return {m.label: m.value for m in app.metric}


def html_tables(app: AppTest) -> list[list[list[str]]]:
    """Every HTML ``<table>`` the page draws with ``st.html`` (``coverage.html_table``), as rows of cell texts
    (the header row first; a link cell reads as its text)."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tables, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.tables.append([])
            elif tag == "tr":
                self.tables[-1].append([])
            elif tag in ("td", "th"):
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th"):
                self.tables[-1][-1].append(self.cell)
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    parser = Cells()
    for element in app.get("html"):
        if "<table" in element.proto.body:
            parser.feed(element.proto.body)
    return parser.tables
