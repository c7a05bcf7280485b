"""The Draw tab in the browser: a stroke on p6m paints the whole canvas (no blank third as
for hexagonal lattices before), overlays toggle, undo and clear remove strokes, colour
and width apply to the next stroke, and the drawing downloads as PNG and SVG."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import assert_clean_log

EXPLORER = "/voila/render/explorer.ipynb"
CANVAS = ".sg-symmetry-canvas"

# Pixels of the canvas near an RGB colour, counted in an n x n grid of tiles.
TILE_COUNTS = """([rgb, n, tolerance]) => {
  const canvas = document.querySelector('.sg-symmetry-canvas canvas');
  const {width, height} = canvas;
  const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  const counts = Array.from({length: n * n}, () => 0);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = 4 * (y * width + x);
    if (Math.abs(data[i] - rgb[0]) <= tolerance && Math.abs(data[i + 1] - rgb[1]) <= tolerance
        && Math.abs(data[i + 2] - rgb[2]) <= tolerance) {
      counts[Math.min(n - 1, Math.floor(y * n / height)) * n + Math.min(n - 1, Math.floor(x * n / width))]++;
    }
  }
  return counts;
}"""
NOT_WHITE = """() => {
  const canvas = document.querySelector('.sg-symmetry-canvas canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) n++;
  return n;
}"""
PURPLE = [0x6A, 0x1B, 0x9A]  # SymmetryCanvas.colour's default
RED = [0xFF, 0x00, 0x00]


def _stroke(page, start=(0.30, 0.40), steps=16) -> None:
    box = page.locator(f"{CANVAS} canvas").bounding_box()
    x0, y0 = start
    page.mouse.move(box["x"] + x0 * box["width"], box["y"] + y0 * box["height"])
    page.mouse.down()
    for step in range(1, steps + 1):
        page.mouse.move(box["x"] + (x0 + 0.008 * step) * box["width"],
                        box["y"] + (y0 + 0.004 * step + 0.02 * (step % 2)) * box["height"])
    page.mouse.up()


def test_draw_tab_on_p6m_paints_the_whole_canvas_and_exports(page, voila_server):
    base_url, log_path = voila_server
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base_url + EXPLORER + "?group=p6m&tab=4")
    root = page.locator(CANVAS)
    expect(root).to_have_attribute("data-operations", "12")
    expect(page.locator(".sg-canvas-tab .sg-group-select select")).to_have_value("p6m (*632)")
    expect(page.locator(".sg-canvas-tab .sg-instruction")).to_contain_text("every stroke is repeated")

    _stroke(page)
    expect(root).to_have_attribute("data-strokes", "1")
    expect(page.locator(".sg-stroke-count")).to_have_text("1 stroke")  # back in Python
    tiles = page.evaluate(TILE_COUNTS, [PURPLE, 6, 40])
    blank = [k for k, count in enumerate(tiles) if count == 0]
    assert not blank, f"tiles (row * 6 + column) with no stroke: {blank} of {tiles}"

    # Overlays: each adds ink under the strokes, and goes again when switched off.
    plain = page.evaluate(NOT_WHITE)
    for name in ("elements", "domain"):
        page.locator(f"{CANVAS} .sg-overlay-{name}").check()
        expect(root).to_have_attribute("data-overlays", re.compile(rf"\b{name}\b"))
        assert page.evaluate(NOT_WHITE) > plain
        page.locator(f"{CANVAS} .sg-overlay-{name}").uncheck()
        expect(root).not_to_have_attribute("data-overlays", re.compile(rf"\b{name}\b"))
        assert page.evaluate(NOT_WHITE) == plain
    page.locator(f"{CANVAS} .sg-overlay-cell").uncheck()
    expect(root).to_have_attribute("data-overlays", "")
    assert page.evaluate(NOT_WHITE) < plain

    # Exports: downloads built in the page.
    with page.expect_download() as png:
        page.locator(f"{CANVAS} .sg-canvas-png").click()
    assert png.value.suggested_filename == "p6m-drawing.png"
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.locator(f"{CANVAS} .sg-canvas-svg").click()
    assert svg.value.suggested_filename == "p6m-drawing.svg"
    text = open(svg.value.path(), encoding="utf-8").read()
    assert text.startswith("<svg") and text.rstrip().endswith("</svg>")
    # Every operation's image of the stroke, in every cell in view (3 x 3 and more).
    assert text.count('class="stroke"') >= 12 * 9

    # A second stroke in red and wider; undo removes it, clear removes all.
    page.locator(f"{CANVAS} .sg-canvas-colour").fill("#ff0000")
    page.locator(f"{CANVAS} .sg-canvas-width").fill("8")
    _stroke(page, start=(0.55, 0.60))
    expect(root).to_have_attribute("data-strokes", "2")
    assert sum(page.evaluate(TILE_COUNTS, [RED, 1, 40])) > 0
    page.locator(f"{CANVAS} .sg-canvas-undo").click()
    expect(root).to_have_attribute("data-strokes", "1")
    expect(page.locator(".sg-stroke-count")).to_have_text("1 stroke")
    assert sum(page.evaluate(TILE_COUNTS, [RED, 1, 40])) == 0
    assert sum(page.evaluate(TILE_COUNTS, [PURPLE, 1, 40])) > 0
    page.locator(f"{CANVAS} .sg-canvas-clear").click()
    expect(root).to_have_attribute("data-strokes", "0")
    expect(page.locator(".sg-stroke-count")).to_have_text("0 strokes")
    assert page.evaluate(NOT_WHITE) == 0  # no overlay, no stroke: a white canvas
    assert_clean_log(log_path)
