"""views/_head_start.py: the map's head start is given once a session, and only with a browser."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from views import _head_start as head_start


@pytest.fixture
def pauses(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(head_start.time, "sleep", slept.append)
    return slept


def with_session(monkeypatch, url: str):
    session: dict = {}
    monkeypatch.setattr(head_start, "st", SimpleNamespace(session_state=session, context=SimpleNamespace(url=url)))
    return session


def test_the_first_map_of_a_browser_session_waits_once(monkeypatch, pauses):
    session = with_session(monkeypatch, "http://127.0.0.1:8501/")
    assert head_start.due()
    head_start.give()
    assert pauses == [head_start.HEAD_START_S]
    assert not head_start.due() and session[head_start.DONE_KEY] is True
    head_start.give()  # a date change, a colouring, a click: no wait
    assert pauses == [head_start.HEAD_START_S]


def test_no_browser_no_wait(monkeypatch, pauses):
    """AppTest and the warm-up run have no page address: nothing would wait for the map."""
    session = with_session(monkeypatch, "")
    head_start.give()
    assert pauses == [] and head_start.DONE_KEY not in session
