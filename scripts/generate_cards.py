"""Draw the landing page's card pictures (sgexplore/serving/static/<dashboard>.png).

Each picture is a screenshot of the dashboard's first drawn figure, opened at its first
example link by `sgexplore serve` in headless Debian Chromium, scaled to 480x300. Run from a
clone with the test extra installed:

    .venv/bin/python scripts/generate_cards.py
"""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from sgexplore.serving import DASHBOARDS
from sgexplore.serving._app import STATIC

SIZE = (480, 300)
PLOT = ".js-plotly-plot:has(.main-svg)"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).with_name("sgexplore")), "serve",
                               f"--port={port}", "--pool=0", "--no-browser"])
    base = f"http://127.0.0.1:{port}/"
    try:
        while True:
            try:
                urllib.request.urlopen(base, timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            for dashboard in DASHBOARDS:
                page.goto(f"{base}{dashboard.path}?{dashboard.examples[0][1]}", timeout=300_000)
                plot = page.locator(PLOT).filter(visible=True).first
                plot.wait_for(timeout=300_000)
                page.wait_for_timeout(1500)  # let the first animation frames settle
                picture = Image.open(io.BytesIO(plot.screenshot()))
                picture.thumbnail(SIZE)
                card = Image.new("RGB", SIZE, "white")
                card.paste(picture, ((SIZE[0] - picture.width) // 2, (SIZE[1] - picture.height) // 2))
                # 128 colours without dithering: a fifth of the bytes, no visible change
                card.quantize(colors=128, method=Image.Quantize.MEDIANCUT,
                              dither=Image.Dither.NONE).save(STATIC / dashboard.picture, optimize=True)
                print(dashboard.name, picture.size)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
