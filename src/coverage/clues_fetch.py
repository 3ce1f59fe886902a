"""Download the newest official CLUES catalogue (DGIS monthly xlsx), resumable, verified, cached.

Only runs when the user asks (``imss-coverage clues fetch``): the app itself never goes online.
The DGIS publishes ``ESTABLECIMIENTO_SALUD_YYYYMM.xlsx``; the newest is found by trying this month
and the months before it.  A partial download is kept as ``<name>.part`` and resumed with an HTTP
Range request; the finished file is checked (size, zip signature, optional sha256) and recorded
next to it in ``<name>.json`` so a second ``fetch`` of the same release does not download again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

from coverage.clues import cache_dir
from coverage.errors import DownloadError

DEFAULT_BASE_URL = "http://gobi.salud.gob.mx/gobi/catalogos/catalogosmaestros/"
CHUNK = 256 * 1024
USER_AGENT = "imss-coverage (+https://github.com/; CLUES catalogue fetch)"


class FetchError(DownloadError):
    """Why the catalogue could not be fetched, in one sentence that says what to do."""


@dataclass
class FetchResult:
    path: Path
    url: str
    release: str  # YYYY-MM
    size: int
    sha256: str
    from_cache: bool


def base_url() -> str:
    return os.environ.get("COVERAGE_CLUES_URL") or DEFAULT_BASE_URL


def file_name(month: str) -> str:
    return f"ESTABLECIMIENTO_SALUD_{month}.xlsx"


def recent_months(today: dt.date, count: int = 6) -> list[str]:
    """This month and the ``count - 1`` before it, newest first, as YYYYMM."""
    year, month, out = today.year, today.month, []
    for _ in range(count):
        out.append(f"{year}{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _open(url: str, start: int, timeout: float):
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if start:
        request.add_header("Range", f"bytes={start}-")
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 (http(s) only, checked by caller)


def _offline_message(url: str, exc: BaseException) -> str:
    host = urlparse(url).hostname or url
    return (f"Cannot reach {host} ({getattr(exc, 'reason', exc)}): there seems to be no internet connection; "
            f"load a catalogue you already have with `imss-coverage clues summary PATH` or COVERAGE_CLUES=PATH.")


def _download(url: str, target: Path, timeout: float, progress) -> int:
    """Fetch ``url`` into ``target`` (resuming ``target.part``); return the final size. 404 → FileNotFoundError."""
    part = target.with_name(target.name + ".part")
    start = part.stat().st_size if part.exists() else 0
    try:
        response = _open(url, start, timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and start:  # the part is already complete (or the file shrank): restart cleanly
            part.unlink()
            return _download(url, target, timeout, progress)
        if exc.code == 404:
            raise FileNotFoundError(url) from None
        raise FetchError(f"The server answered {exc.code} {exc.reason} for {url}; try again later.") from None
    with response:
        if response.status == 200 and start:  # the server ignored the Range header: start over
            start = 0
        length = response.headers.get("Content-Length")
        total = start + int(length) if length is not None else None
        kind = response.headers.get("Content-Type", "")
        if "text/html" in kind:
            raise FileNotFoundError(url)  # DGIS answers missing months with an HTML page
        mode = "ab" if start else "wb"
        with part.open(mode) as handle, progress(total, start) as bar:
            while True:
                try:
                    block = response.read(CHUNK)
                except (TimeoutError, socket.timeout, ConnectionError, OSError) as exc:
                    raise FetchError(f"The download of {url} stopped at {handle.tell():,} bytes ({exc}); run the "
                                     f"same command again to resume it.") from None
                if not block:
                    break
                handle.write(block)
                bar.update(len(block))
    size = part.stat().st_size
    if total is not None and size != total:
        raise FetchError(f"The download of {url} stopped at {size:,} of {total:,} bytes; run the same command "
                         f"again to resume it.")
    part.replace(target)
    return size


class _NoProgress:
    def __init__(self, total, start):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


def fetch(month: str | None = None, base: str | None = None, cache: Path | None = None,
          expected_sha256: str | None = None, timeout: float = 30, force: bool = False,
          today: dt.date | None = None, progress=_NoProgress) -> FetchResult:
    """Download (or reuse) the newest monthly catalogue, or the one for ``month`` (YYYYMM)."""
    base = base or base_url()
    if urlparse(base).scheme not in ("http", "https"):
        raise FetchError(f"The catalogue address {base!r} is not an http(s) address; fix --base-url or COVERAGE_CLUES_URL.")
    folder = (cache or cache_dir()) / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    months = [month] if month else recent_months(today or dt.date.today())
    for candidate in months:
        name = file_name(candidate)
        url = urljoin(base if base.endswith("/") else base + "/", name)
        target, record = folder / name, folder / f"{name}.json"
        release = f"{candidate[:4]}-{candidate[4:]}"
        if target.exists() and record.exists() and not force:
            meta = json.loads(record.read_text(encoding="utf-8"))
            if meta.get("size") == target.stat().st_size and (not expected_sha256 or meta["sha256"] == expected_sha256):
                return FetchResult(target, meta["url"], release, meta["size"], meta["sha256"], True)
        try:
            size = _download(url, target, timeout, progress)
        except FileNotFoundError:
            continue
        except urllib.error.URLError as exc:
            raise FetchError(_offline_message(url, exc)) from None
        except (TimeoutError, socket.timeout, ConnectionError) as exc:
            raise FetchError(_offline_message(url, exc)) from None
        digest = _sha256(target)
        with target.open("rb") as handle:
            signature = handle.read(4)
        if signature != b"PK\x03\x04":
            target.unlink()
            raise FetchError(f"{url} did not return an xlsx workbook; the address may have changed, see "
                             f"{DEFAULT_BASE_URL} or pass --base-url.")
        if expected_sha256 and digest != expected_sha256.lower():
            target.unlink()
            raise FetchError(f"The file from {url} does not match the expected sha256 ({digest[:12]}… ≠ "
                             f"{expected_sha256[:12]}…); it was deleted, download it again or check the checksum.")
        result = FetchResult(target, url, release, size, digest, False)
        record.write_text(json.dumps({**asdict(result), "path": str(target), "fetched": dt.datetime.now(
            dt.timezone.utc).isoformat(timespec="seconds")}, indent=1), encoding="utf-8")
        return result
    tried = ", ".join(months)
    raise FetchError(f"No catalogue was found at {base} for {tried}; check the address (--base-url) or name a month "
                     f"with --month YYYYMM.")
