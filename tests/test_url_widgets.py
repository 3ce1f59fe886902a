"""The URL-bound widgets of the national map's panel (``?estado=``) and of the access controls
(``?alcance=``, ``?km=``), headless: a link decides, a choice writes its code back, clearing removes it."""

from __future__ import annotations

from helpers.apptest import open_app


def params(app) -> dict:
    return {key: app.query_params[key] for key in app.query_params}


def param(app, key: str):
    value = params(app).get(key)
    return value[0] if isinstance(value, list) else value


def card_titles(app) -> list[str]:
    return [m.value for m in app.markdown if str(m.value).startswith("#### ")]


def test_a_link_opens_the_card_and_the_search_box_writes_and_clears_the_state():
    app = open_app(lang="en", fecha="2024-06-30", estado="13")
    assert not app.exception, app.exception
    assert app.selectbox(key="_map_search").value == "13"
    assert card_titles(app) == ["#### Hidalgo"]
    app.selectbox(key="_map_search").set_value("20").run()
    assert param(app, "estado") == "20"
    assert card_titles(app) == ["#### Oaxaca"]
    app.selectbox(key="_map_search").set_value("").run()
    assert "estado" not in params(app)
    assert card_titles(app) == []
    app.run()  # and it stays cleared on the next run
    assert "estado" not in params(app) and card_titles(app) == []


def test_a_bad_state_in_the_link_warns_and_opens_no_card():
    app = open_app(lang="en", fecha="2024-06-30", estado="99")
    assert not app.exception, app.exception
    assert any("99" in w.value for w in app.warning)
    assert app.selectbox(key="_map_search").value == "" and card_titles(app) == []
    app.selectbox(key="_map_search").set_value("13").run()
    assert param(app, "estado") == "13" and card_titles(app) == ["#### Hidalgo"]


def test_the_access_scope_and_distance_are_written_into_the_link():
    app = open_app(lang="en", color="access")
    assert not app.exception, app.exception
    app.selectbox(key="_access_scope").set_value("hospital").run()
    assert param(app, "alcance") == "hospital" and param(app, "km") == "30"
    app.slider(key="_access_km").set_value(50).run()
    assert param(app, "km") == "50" and param(app, "alcance") == "hospital"
    assert app.slider(key="_access_km").value == 50
