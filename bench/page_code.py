"""What a first visit fetches over HTTP, file by file: the floor beside ours (issue 14).

    .venv/bin/python bench/page_code.py                 # floor and ours, the national map
    .venv/bin/python bench/page_code.py --path "/avance?lang=es" --only ours

Each app starts fresh, one fresh Chromium context (every non-localhost request blocked) opens the page
and waits for the 32 states (the national map) or for Streamlit to be idle, then every response body is
counted (decompressed, as Chromium hands it over).  Prints the total, the files only one side fetched
and the largest ones; Streamlit loads an element's code only when a page has that element (Vega-Embed
for a chart, the dataframe grid for ``st.dataframe``/``st.table``), so this list says which element costs
what.  Bytes do not depend on the machine's load; one round is enough.  JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import re
import sys

from _common import ROOT, write_results

from helpers.browser import AppServer, block_external, launch, wait_for_states, wait_until_idle  # noqa: E402

FLOOR_APP = ROOT / "bench" / "floor_app.py"
HASH = re.compile(r"\.[A-Za-z0-9_-]{8}\.(js|css)$")  # Vite's content hash: embed.CX5AQgxi.js → embed.js


def short(url: str) -> str:
    path = url.split("?", 1)[0].split("/", 3)[-1]
    return HASH.sub(r".\1", path.rsplit("/", 1)[-1]) if "/static/js/" in url or "/static/css/" in url else path


def visit(playwright, which: str, path: str) -> dict:
    server = AppServer(script=FLOOR_APP if which == "floor" else None)
    server.start(timeout=120)
    browser = launch(playwright)
    files: dict[str, int] = {}
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-MX")
        attempts = block_external(context)
        page = context.new_page()

        def count(response):
            try:
                body = response.body()
            except Exception:  # redirects and aborted requests have none
                return
            files[short(response.url)] = files.get(short(response.url), 0) + len(body)

        page.on("response", count)
        page.goto(server.url + path)
        if path.split("?")[0] in ("", "/"):
            wait_for_states(page, timeout=120_000)
        wait_until_idle(page, timeout=120_000)
        page.wait_for_timeout(1500)  # code loaded after the first paint (lazy chunks) is still counted
        context.close()
    finally:
        browser.close()
        server.stop()
    return {"app": which, "path": path, "total_bytes": sum(files.values()), "files": files,
            "external_attempts": len(attempts)}


def report_lines(rows: dict[str, dict], top: int) -> list[str]:
    lines = [f"{w}: {r['total_bytes'] / 1e3:,.0f} kB in {len(r['files'])} responses" for w, r in rows.items()]
    if set(rows) == {"floor", "ours"}:
        floor, ours = rows["floor"]["files"], rows["ours"]["files"]
        extra = sorted(set(ours) - set(floor), key=lambda f: -ours[f])
        lines += ["", f"only ours ({sum(ours[f] for f in extra) / 1e3:,.0f} kB):"]
        lines += [f"  {ours[f] / 1e3:8,.1f} kB  {f}" for f in extra[:top]]
        lines += [f"only the floor: {', '.join(sorted(set(floor) - set(ours))) or 'none'}"]
    for which, row in rows.items():
        biggest = sorted(row["files"].items(), key=lambda kv: -kv[1])[:top]
        lines += ["", f"largest, {which}:"] + [f"  {size / 1e3:8,.1f} kB  {name}" for name, size in biggest]
    return lines


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/?fecha=2022-03-31&lang=es")
    parser.add_argument("--only", choices=("floor", "ours"))
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    rows = {}
    with sync_playwright() as playwright:
        for which in [args.only] if args.only else ["floor", "ours"]:
            rows[which] = visit(playwright, which, "/" if which == "floor" else args.path)
    lines = report_lines(rows, args.top)
    print("\n".join(lines))
    write_results("page-code", {"rows": rows, "table": lines})
    sys.exit(1 if any(r["external_attempts"] for r in rows.values()) else 0)


if __name__ == "__main__":
    main()
