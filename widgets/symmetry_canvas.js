// SymmetryCanvas: draw with the mouse and see every stroke repeated by the chosen
// wallpaper group, live in the browser. The operations come from Python once per group;
// strokes are drawn here with no round trip, and sent back (fractional coordinates) when
// a stroke ends, so that Python can read or export the drawing.

const SIZE = 520;
const COLOURS = ["#1f3b73", "#c0392b", "#1b9e77", "#d95f02", "#7570b3", "#e7298a"];

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "sg-symmetry-canvas";
  const canvas = document.createElement("canvas");
  canvas.width = SIZE;
  canvas.height = SIZE;
  canvas.style.border = "1px solid #bbb";
  canvas.style.touchAction = "none";
  canvas.style.cursor = "crosshair";
  const clear = document.createElement("button");
  clear.textContent = "clear";
  clear.className = "sg-canvas-clear";
  root.append(canvas, document.createElement("br"), clear);
  el.appendChild(root);
  const ctx = canvas.getContext("2d");

  // Cartesian frame: `cells` x `cells` unit cells fit the canvas, with a margin.
  function frame() {
    const [[a11, a12], [a21, a22]] = model.get("lattice");
    const cells = model.get("cells");
    const corners = [[0, 0], [cells, 0], [0, cells], [cells, cells]].map(
      ([u, v]) => [a11 * u + a12 * v, a21 * u + a22 * v]);
    const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
    const lo = [Math.min(...xs), Math.min(...ys)], hi = [Math.max(...xs), Math.max(...ys)];
    const scale = 0.94 * SIZE / Math.max(hi[0] - lo[0], hi[1] - lo[1]);
    const toPixel = ([u, v]) => {
      const x = a11 * u + a12 * v, y = a21 * u + a22 * v;
      return [0.03 * SIZE + (x - lo[0]) * scale, SIZE - 0.03 * SIZE - (y - lo[1]) * scale];
    };
    const det = a11 * a22 - a12 * a21;
    const toFractional = (px, py) => {
      const x = (px - 0.03 * SIZE) / scale + lo[0], y = (SIZE - 0.03 * SIZE - py) / scale + lo[1];
      return [(a22 * x - a12 * y) / det, (-a21 * x + a11 * y) / det];
    };
    return { toPixel, toFractional, cells };
  }

  // Every image of a fractional point: each operation, then each lattice shift in view.
  function images(p, cells) {
    const out = [];
    for (const [[r11, r12, t1], [r21, r22, t2]] of model.get("operations")) {
      let u = r11 * p[0] + r12 * p[1] + t1, v = r21 * p[0] + r22 * p[1] + t2;
      u -= Math.floor(u);
      v -= Math.floor(v);
      for (let i = -1; i <= cells; i++) for (let j = -1; j <= cells; j++) out.push([u + i, v + j]);
    }
    return out;
  }

  function segment(p, q, colour, f) {
    // Images of p and q under the same operation and shift stay together because the
    // reduction into the cell is taken from p.
    const ops = model.get("operations");
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.beginPath();
    for (const [[r11, r12, t1], [r21, r22, t2]] of ops) {
      const pu = r11 * p[0] + r12 * p[1] + t1, pv = r21 * p[0] + r22 * p[1] + t2;
      const qu = r11 * q[0] + r12 * q[1] + t1, qv = r21 * q[0] + r22 * q[1] + t2;
      const su = Math.floor(pu), sv = Math.floor(pv);
      for (let i = -1; i <= f.cells; i++) for (let j = -1; j <= f.cells; j++) {
        const a = f.toPixel([pu - su + i, pv - sv + j]), b = f.toPixel([qu - su + i, qv - sv + j]);
        ctx.moveTo(a[0], a[1]);
        ctx.lineTo(b[0], b[1]);
      }
    }
    ctx.stroke();
  }

  function drawCells(f) {
    ctx.strokeStyle = "#ddd";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i <= f.cells; i++) {
      let a = f.toPixel([i, 0]), b = f.toPixel([i, f.cells]);
      ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]);
      a = f.toPixel([0, i]); b = f.toPixel([f.cells, i]);
      ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]);
    }
    ctx.stroke();
  }

  function redraw() {
    const f = frame();
    ctx.clearRect(0, 0, SIZE, SIZE);
    drawCells(f);
    model.get("strokes").forEach((stroke, k) => {
      for (let i = 1; i < stroke.length; i++) segment(stroke[i - 1], stroke[i], COLOURS[k % COLOURS.length], f);
    });
    root.dataset.strokes = String(model.get("strokes").length);
    root.dataset.operations = String(model.get("operations").length);
  }

  let current = null;
  canvas.addEventListener("pointerdown", (event) => {
    const f = frame();
    current = [f.toFractional(event.offsetX, event.offsetY)];
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!current) return;
    const f = frame();
    const point = f.toFractional(event.offsetX, event.offsetY);
    segment(current[current.length - 1], point, COLOURS[model.get("strokes").length % COLOURS.length], f);
    current.push(point);
  });
  canvas.addEventListener("pointerup", () => {
    if (current && current.length > 1) {
      model.set("strokes", [...model.get("strokes"), current]);
      model.save_changes();
    }
    current = null;
    redraw();
  });
  clear.addEventListener("click", () => {
    model.set("strokes", []);
    model.save_changes();
    redraw();
  });
  model.on("change:operations", redraw);
  model.on("change:lattice", redraw);
  model.on("change:strokes", redraw);
  model.on("change:cells", redraw);
  redraw();
}

export default { render };
