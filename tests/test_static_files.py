"""coverage.resources.publish_static: a script generated at run time, written once, served by address."""

from __future__ import annotations

from coverage.resources import publish_static, static_address


def test_a_missing_or_stale_file_is_written_and_its_address_names_the_content(tmp_path):
    address = publish_static(tmp_path, "net/a.js", "one")
    assert (tmp_path / "net" / "a.js").read_text(encoding="utf-8") == "one"
    assert address == static_address(str(tmp_path), "net/a.js", "one") and address.startswith("/app/static/net/a.js?v=")
    changed = publish_static(tmp_path, "net/a.js", "two")  # stale: rewritten, another address
    assert (tmp_path / "net" / "a.js").read_text(encoding="utf-8") == "two" and changed != address


def test_a_folder_that_cannot_take_the_file_gives_no_address(tmp_path):
    blocker = tmp_path / "net"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert publish_static(tmp_path, "net/a.js", "one") is None
