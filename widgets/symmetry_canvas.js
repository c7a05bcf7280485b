// SymmetryCanvas: draw with the mouse and see every stroke repeated by the chosen
// wallpaper group, live in the browser. The operations, lattice and overlay geometry come
// from Python once per group; strokes are drawn here with no round trip, and sent back
// (fractional coordinates, with their colour and width) when a stroke ends, so that Python
// can read the drawing. Undo, clear and export (PNG, SVG) happen here too: an export is a
// download built in the page, nothing is sent to the server.

const BACKGROUND = "#ffffff";
const OVERLAY_NAMES = [["elements", "symmetry elements"], ["cell", "unit cells"],
                       ["domain", "fundamental domain"]];

// The view: a square window onto the plane, `cells` cells of area |det| across, centred on
// the middle of the first `cells` x `cells` block; any lattice, oblique and hexagonal too.
function viewFrame(lattice, cells, size) {
  const [[a11, a12], [a21, a22]] = lattice;
  const det = a11 * a22 - a12 * a21;
  const scale = size / (cells * Math.sqrt(Math.abs(det)));
  const cx = (a11 + a12) * cells / 2, cy = (a21 + a22) * cells / 2;
  const toPixel = (u, v) => [size / 2 + (a11 * u + a12 * v - cx) * scale,
                             size / 2 - (a21 * u + a22 * v - cy) * scale];
  const toFractional = (px, py) => {
    const x = (px - size / 2) / scale + cx, y = (size / 2 - py) / scale + cy;
    return [(a22 * x - a12 * y) / det, (-a21 * x + a11 * y) / det];
  };
  // The fractional bounding box of the window: every lattice shift that meets it is drawn.
  const corners = [[0, 0], [size, 0], [0, size], [size, size]].map(([x, y]) => toFractional(x, y));
  const lo = [Math.min(...corners.map((c) => c[0])), Math.min(...corners.map((c) => c[1]))];
  const hi = [Math.max(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[1]))];
  return { toPixel, toFractional, lo, hi, size, scale };
}

// Lattice shifts (i, j) that bring a figure with fractional bounding box [a, b] into view.
function shifts(f, a, b) {
  const out = [];
  for (let i = Math.ceil(f.lo[0] - b[0]); i <= Math.floor(f.hi[0] - a[0]); i++) {
    for (let j = Math.ceil(f.lo[1] - b[1]); j <= Math.floor(f.hi[1] - a[1]); j++) out.push([i, j]);
  }
  return out;
}

function bounds(points) {
  const a = [Infinity, Infinity], b = [-Infinity, -Infinity];
  for (const [u, v] of points) {
    a[0] = Math.min(a[0], u); a[1] = Math.min(a[1], v);
    b[0] = Math.max(b[0], u); b[1] = Math.max(b[1], v);
  }
  return [a, b];
}

// The images of a stroke under one operation, reduced to the cell by its first point (as
// SymmetryCanvas.images computes them in Python).
function imageOf(points, [[r11, r12, t1], [r21, r22, t2]]) {
  const moved = points.map(([u, v]) => [r11 * u + r12 * v + t1, r21 * u + r22 * v + t2]);
  const su = Math.floor(moved[0][0]), sv = Math.floor(moved[0][1]);
  return moved.map(([u, v]) => [u - su, v - sv]);
}

// A polygon of `order` corners for a rotation centre (a lens, an ellipse, for 2-fold).
function centreMarker(x, y, order, radius) {
  const points = [];
  const n = order === 2 ? 16 : order;
  for (let k = 0; k < n; k++) {
    const angle = Math.PI / 2 + 2 * Math.PI * k / n;
    const rx = order === 2 ? 0.55 * radius : radius;
    points.push([x + rx * Math.cos(angle), y - radius * Math.sin(angle)]);
  }
  return points;
}

// Everything drawn, as pixel polylines: the same list paints the canvas and writes the SVG.
// A shape is {points, closed, stroke, width, dash, fill, alpha}.
function scene(model, f, strokes, styles) {
  const shapes = [];
  const shown = new Set(model.get("overlays"));
  const palette = model.get("palette");
  const geometry = model.get("geometry") || {};
  const px = (u, v) => f.toPixel(u, v);
  if (shown.has("domain") && geometry.domain && geometry.domain.length) {
    // One copy, the one nearest the middle of the view.
    const [a, b] = bounds(geometry.domain);
    const centre = f.toFractional(f.size / 2, f.size / 2);
    const si = Math.round(centre[0] - (a[0] + b[0]) / 2), sj = Math.round(centre[1] - (a[1] + b[1]) / 2);
    shapes.push({ points: geometry.domain.map(([u, v]) => px(u + si, v + sj)), closed: true,
                  stroke: "#e69500", width: 1.5, fill: palette.domain, alpha: 1, overlay: "domain" });
  }
  if (shown.has("cell")) {
    const lines = [];
    for (let i = Math.ceil(f.lo[0]); i <= Math.floor(f.hi[0]); i++) lines.push([px(i, f.lo[1]), px(i, f.hi[1])]);
    for (let j = Math.ceil(f.lo[1]); j <= Math.floor(f.hi[1]); j++) lines.push([px(f.lo[0], j), px(f.hi[0], j)]);
    for (const points of lines) shapes.push({ points, stroke: "#9e9e9e", width: 1, alpha: 1, overlay: "cell" });
  }
  if (shown.has("elements")) {
    const lines = [[geometry.mirrors || [], palette.mirror, 2.5, null],
                   [geometry.glides || [], palette.glide, 2, [7, 5]]];
    for (const [segments, colour, width, dash] of lines) {
      for (const segment of segments) {
        const [a, b] = bounds(segment);
        for (const [i, j] of shifts(f, a, b)) {
          shapes.push({ points: segment.map(([u, v]) => px(u + i, v + j)), stroke: colour, width,
                        dash, alpha: 0.6, overlay: "elements" });
        }
      }
    }
    const radius = Math.max(4, Math.min(9, f.size / 70));
    const seen = new Set();
    for (const [u, v, order] of geometry.rotations || []) {
      for (const [i, j] of shifts(f, [u, v], [u, v])) {
        const key = `${Math.round((u + i) * 1e6)},${Math.round((v + j) * 1e6)}`;
        if (seen.has(key)) continue;  // centres on the cell's edges come once per cell
        seen.add(key);
        const [x, y] = px(u + i, v + j);
        shapes.push({ points: centreMarker(x, y, order, radius), closed: true, stroke: "#ffffff",
                      width: 1, fill: "#000000", alpha: 0.6, overlay: "elements" });
      }
    }
  }
  const defaults = [model.get("colour"), model.get("width")];
  strokes.forEach((stroke, k) => {
    const [colour, width] = styles[k] || defaults;
    for (const op of model.get("operations")) {
      const image = imageOf(stroke, op);
      const [a, b] = bounds(image);
      for (const [i, j] of shifts(f, a, b)) {
        shapes.push({ points: image.map(([u, v]) => px(u + i, v + j)), stroke: colour,
                      width: width * f.ratio, alpha: 1 });
      }
    }
  });
  return shapes;
}

function paint(ctx, f, shapes) {
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, f.size, f.size);
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  for (const shape of shapes) {
    ctx.globalAlpha = shape.alpha;
    ctx.beginPath();
    shape.points.forEach(([x, y], k) => (k ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    if (shape.closed) ctx.closePath();
    if (shape.fill) {
      ctx.fillStyle = shape.fill;
      ctx.fill();
    }
    ctx.setLineDash(shape.dash || []);
    ctx.strokeStyle = shape.stroke;
    ctx.lineWidth = shape.width;
    ctx.stroke();
  }
  ctx.restore();
}

function svgText(f, shapes) {
  const n = (x) => x.toFixed(2);
  const attr = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = shapes.map((s) => {
    const points = s.points.map(([x, y]) => `${n(x)},${n(y)}`).join(" ");
    const tag = s.closed ? "polygon" : "polyline";
    const dash = s.dash ? ` stroke-dasharray="${s.dash.join(" ")}"` : "";
    const kind = s.overlay ? `overlay-${s.overlay}` : "stroke";
    return `<${tag} class="${kind}" points="${points}" fill="${s.fill ? attr(s.fill) : "none"}" stroke="${attr(s.stroke)}"`
      + ` stroke-width="${n(s.width)}" opacity="${s.alpha}"${dash}/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${f.size}" height="${f.size}" `
    + `viewBox="0 0 ${f.size} ${f.size}">\n<rect width="100%" height="100%" fill="${BACKGROUND}"/>\n`
    + `<g stroke-linecap="round" stroke-linejoin="round">\n${body.join("\n")}\n</g>\n</svg>\n`;
}

function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function button(text, className, title) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.className = `sg-canvas-button ${className}`;
  b.title = title;
  return b;
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "sg-symmetry-canvas";
  const tools = document.createElement("div");
  tools.className = "sg-canvas-tools";

  const colourLabel = document.createElement("label");
  const colour = document.createElement("input");
  colour.type = "color";
  colour.className = "sg-canvas-colour";
  colourLabel.append("colour ", colour);
  const widthLabel = document.createElement("label");
  const width = document.createElement("input");
  width.type = "range";
  width.min = "1";
  width.max = "16";
  width.step = "0.5";
  width.className = "sg-canvas-width";
  widthLabel.append("width ", width);
  const undo = button("undo", "sg-canvas-undo", "remove the last stroke");
  const clear = button("clear", "sg-canvas-clear", "remove every stroke");
  const png = button("PNG", "sg-canvas-png", "download the drawing as a PNG image");
  const svg = button("SVG", "sg-canvas-svg", "download the drawing as an SVG file");
  const overlays = document.createElement("span");
  overlays.className = "sg-canvas-overlays";
  const boxes = {};
  for (const [name, text] of OVERLAY_NAMES) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.className = `sg-overlay-${name}`;
    box.addEventListener("change", () => {
      const chosen = OVERLAY_NAMES.map(([key]) => key).filter((key) => boxes[key].checked);
      model.set("overlays", chosen);
      model.save_changes();
      redraw();
    });
    boxes[name] = box;
    label.append(box, ` ${text}`);
    overlays.append(label);
  }
  // Groups that stay on one line when the row wraps on a narrow screen.
  const group = (...items) => {
    const span = document.createElement("span");
    span.className = "sg-canvas-group";
    span.append(...items);
    return span;
  };
  const exports = group("export", png, svg);
  exports.classList.add("sg-canvas-export");
  tools.append(group(colourLabel, widthLabel), group(undo, clear), overlays, exports);

  const canvas = document.createElement("canvas");
  canvas.className = "sg-canvas";
  canvas.width = canvas.height = 600;
  root.append(tools, canvas);
  el.appendChild(root);
  const ctx = canvas.getContext("2d");

  function frame() {
    const f = viewFrame(model.get("lattice"), model.get("cells"), canvas.width);
    // Stroke widths are screen pixels; the canvas has devicePixelRatio pixels for each.
    f.ratio = canvas.width / Math.max(1, canvas.clientWidth || canvas.width);
    return f;
  }

  function redraw() {
    const f = frame();
    paint(ctx, f, scene(model, f, model.get("strokes"), model.get("styles")));
    if (current && current.length > 1) {
      paint_live(f, current, 1, [model.get("colour"), model.get("width")]);
    }
    for (const [name] of OVERLAY_NAMES) boxes[name].checked = model.get("overlays").includes(name);
    colour.value = model.get("colour");
    width.value = String(model.get("width"));
    root.dataset.strokes = String(model.get("strokes").length);
    root.dataset.operations = String(model.get("operations").length);
    root.dataset.overlays = model.get("overlays").join(" ");
  }

  // Draws the segments of `stroke` from point `from` on, with every image, on top of the canvas.
  function paint_live(f, stroke, from, [strokeColour, strokeWidth]) {
    ctx.save();
    ctx.strokeStyle = strokeColour;
    ctx.lineWidth = strokeWidth * f.ratio;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    for (const op of model.get("operations")) {
      const image = imageOf(stroke, op);
      const part = image.slice(from - 1);
      const [a, b] = bounds(part);
      for (const [i, j] of shifts(f, a, b)) {
        part.forEach(([u, v], k) => {
          const [x, y] = f.toPixel(u + i, v + j);
          if (k) ctx.lineTo(x, y); else ctx.moveTo(x, y);
        });
      }
    }
    ctx.stroke();
    ctx.restore();
  }

  function pointer(event) {
    const box = canvas.getBoundingClientRect();
    const ratio = canvas.width / box.width;
    return frame().toFractional((event.clientX - box.left) * ratio, (event.clientY - box.top) * ratio);
  }

  let current = null;
  canvas.addEventListener("pointerdown", (event) => {
    current = [pointer(event)];
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!current) return;
    current.push(pointer(event));
    paint_live(frame(), current, current.length - 1, [model.get("colour"), model.get("width")]);
  });
  function finish() {
    if (current && current.length > 1) {
      const stroke = current;
      current = null;
      model.set("strokes", [...model.get("strokes"), stroke]);
      const styles = model.get("styles").slice(0, model.get("strokes").length - 1);
      model.set("styles", [...styles, [model.get("colour"), model.get("width")]]);
      model.save_changes();
    }
    current = null;
    redraw();
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);

  undo.addEventListener("click", () => {
    const strokes = model.get("strokes");
    model.set("strokes", strokes.slice(0, -1));
    model.set("styles", model.get("styles").slice(0, Math.max(0, strokes.length - 1)));
    model.save_changes();
    redraw();
  });
  clear.addEventListener("click", () => {
    model.set("strokes", []);
    model.set("styles", []);
    model.save_changes();
    redraw();
  });
  colour.addEventListener("input", () => {
    model.set("colour", colour.value);
    model.save_changes();
  });
  width.addEventListener("input", () => {
    model.set("width", Number(width.value));
    model.save_changes();
  });
  const name = (ext) => `${model.get("group").replace(/[^A-Za-z0-9_-]/g, "_")}-drawing.${ext}`;
  png.addEventListener("click", () => {
    redraw();
    canvas.toBlob((blob) => download(name("png"), blob), "image/png");
  });
  svg.addEventListener("click", () => {
    const f = frame();
    const text = svgText(f, scene(model, f, model.get("strokes"), model.get("styles")));
    download(name("svg"), new Blob([text], { type: "image/svg+xml" }));
  });

  // The canvas fills its box (CSS) with one canvas pixel per device pixel.
  const resize = () => {
    const side = Math.round(canvas.clientWidth * (window.devicePixelRatio || 1));
    if (side > 0 && side !== canvas.width) {
      canvas.width = canvas.height = side;
      redraw();
    }
  };
  const observer = new ResizeObserver(resize);
  observer.observe(canvas);

  for (const trait of ["operations", "lattice", "geometry", "strokes", "styles", "cells", "overlays",
                       "colour", "width", "palette"]) {
    model.on(`change:${trait}`, redraw);
  }
  redraw();
  return () => observer.disconnect();
}

export default { render };
