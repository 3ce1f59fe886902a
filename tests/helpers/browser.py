"""Shared pieces for the browser tests and the benchmark: start the app, launch Debian's Chromium
with every non-localhost request blocked, and find the Leaflet map inside streamlit-folium's iframe."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("COVERAGE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--disable-quic"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """``streamlit run app.py`` on a free loopback port; ``started_in`` is process start → healthy."""

    def __init__(self, env: dict | None = None, script: Path | None = None, warm: bool = False):
        self.script = script or ROOT / "app.py"
        self.warm = warm  # as scripts/serve.py starts it: the app run once through the script health check
        self.warmed_in = None  # healthy → that first run done
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **(env or {})}
        if warm:  # and with its environment ($COVERAGE_WARM: /unidades' data too, unless the caller set it)
            import serve

            self.env = serve.server_environment(self.env)
        self.process: subprocess.Popen | None = None
        self.started_in = None

    def start(self, timeout: float = 60) -> "AppServer":
        begin = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        deadline = begin + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.process.stdout.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.read().strip() == b"ok":
                        self.started_in = time.perf_counter() - begin
                        if self.warm:
                            self.warm_up(timeout)
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise TimeoutError("streamlit did not become healthy")

    def warm_up(self, timeout: float) -> None:
        """The request scripts/serve.py makes once the server is healthy (scripts/ is on the test path)."""
        import serve

        healthy = time.perf_counter()
        status, answer = serve.get(self.url + serve.WARM_UP, timeout)
        if (status, answer) != (200, "ok"):
            raise RuntimeError(f"the app's warm-up run answered {answer!r} (HTTP {status})")
        self.warmed_in = time.perf_counter() - healthy

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def block_external(context) -> list[str]:
    """Abort every request that is not to 127.0.0.1/localhost; return the list of attempts."""
    attempts: list[str] = []

    def handle(route):
        host = urlparse(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            attempts.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    return attempts


def count_websocket_bytes(page) -> dict:
    """Bytes received over Streamlit's websocket (decompressed, as Playwright sees them)."""
    totals = {"received": 0}

    def on_socket(socket):
        socket.on("framereceived", lambda payload: totals.__setitem__(
            "received", totals["received"] + len(payload if isinstance(payload, (bytes, str)) else b"")))

    page.on("websocket", on_socket)
    return totals


def assert_no_dialog(page) -> None:
    """No modal over the page: a deep link as the first visit after a start used to bring Streamlit's
    "Page not found" over the right page (streamlit#9992; the cause was a folder named pages/)."""
    dialog = page.locator('[data-testid="stDialog"]')
    assert dialog.count() == 0, dialog.all_inner_texts()


def wait_until_idle(page, settle: int = 300, timeout: float = 30_000) -> None:
    """Wait until Streamlit's status widget no longer shows its running icon (the rerun has finished)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidgetRunningIcon]')",
                           timeout=timeout)
    page.wait_for_timeout(settle)


def map_frame(page):
    return page.frame_locator(MAP_FRAME).first


def wait_for_states(page, count: int = 32, timeout: float = 30_000):
    frame = map_frame(page)
    frame.locator("path.leaflet-interactive").nth(count - 1).wait_for(state="attached", timeout=timeout)
    return frame


def date_slider_point(page, fraction: float) -> tuple[float, float]:
    """Where on the page the as-of slider's track is at ``fraction`` (0 = first day, 1 = today).

    The range input itself is visually hidden; its ticks bar spans the track horizontally and the
    input sits on the track's vertical centre.
    """
    ticks = page.locator('[data-testid="stSlider"] [data-testid="stSliderTickBar"]').first.bounding_box()
    handle = page.get_by_role("slider").first.bounding_box()
    return ticks["x"] + ticks["width"] * fraction, handle["y"] + handle["height"] / 2


def centre(locator) -> tuple[float, float]:
    """The middle of an element on the page (where a bench clicks it once the clock runs)."""
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def click_date_slider(page, fraction: float) -> None:
    """Click the as-of slider's track at ``fraction`` (0 = first day, 1 = today)."""
    page.mouse.click(*date_slider_point(page, fraction))


def choose_option(page, box, text: str, option: str | None = None, tries: int = 3,
                  timeout: float = 15_000) -> None:
    """Pick an option of a selectbox by typing ``text``: click ``box`` (its ``stSelectbox`` locator),
    type, and click the option named ``option`` (default: ``text``; the state page shows "Nayarit (18)")
    once the list has filtered down to it (Enter at once can hit an unfiltered list on a slow machine).
    If the keys went nowhere (the box not focused yet, or redrawn by a rerun), close the list and click
    and type again, up to ``tries`` times.  Call ``wait_until_idle`` first when a rerun may still be on
    its way."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    choice = page.get_by_role("option", name=option or text, exact=True).first
    for attempt in range(tries):
        box.click()
        page.keyboard.type(text)
        try:
            choice.wait_for(timeout=timeout)
            break
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
    choice.click(timeout=timeout)


# For each multiselect: [chip right edge beyond its box (px), chips whose text is cut] (issue 12: "two of six chips").
CHIPS_JS = """() => [...document.querySelectorAll('[data-testid="stMultiSelect"]')].map(m => {
  const box = m.querySelector('[role=group]').getBoundingClientRect();
  const chips = [...m.querySelectorAll('[data-testid="stMultiSelectTagsContainer"] span[aria-label]:has(> span[title])')];
  const beyond = Math.max(0, ...chips.map(c => c.getBoundingClientRect().right - box.right),
                          ...chips.map(c => c.getBoundingClientRect().bottom - box.bottom));
  const cut = chips.filter(c => { const t = c.querySelector('span[title]'); return t && t.scrollWidth > t.clientWidth + 1; });
  return [beyond, cut.map(c => c.getAttribute('aria-label')), chips.length]; })"""
