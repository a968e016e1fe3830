// The digit demo page: draw on #pad, turn the drawing into a 28x28 MNIST-style image (toMnist), POST it to
// /predict and show the ten probabilities. No libraries.
"use strict";

(() => {
  const pad = document.getElementById("pad");
  const ctx = pad.getContext("2d", { willReadFrequently: true });
  const preview = document.getElementById("preview").getContext("2d");
  const prediction = document.getElementById("prediction");
  const status = document.getElementById("status");
  const bars = document.getElementById("bars");

  // Strokes about a tenth of the digit's height, as MNIST's pen after the 20x20 scaling.
  const LINE_WIDTH = 22;
  const fills = [];
  const barElements = [];
  for (let digit = 0; digit < 10; digit++) {
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.innerHTML = '<div class="value"></div><div class="fill"></div>';
    bars.appendChild(bar);
    barElements.push(bar);
    fills.push(bar.querySelector(".fill"));
  }
  const labels = document.createElement("div");
  labels.className = "labels";
  labels.innerHTML = [...Array(10).keys()].map(d => `<span>${d}</span>`).join("");
  bars.after(labels);

  // version counts changes to the drawing; a prediction is shown only for the current one (data-version says which).
  let version = 0;
  let timer = 0;
  let last = null;

  function clearPad() {
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, pad.width, pad.height);
  }

  function point(event) {
    const rect = pad.getBoundingClientRect();
    return { x: (event.clientX - rect.left) * pad.width / rect.width, y: (event.clientY - rect.top) * pad.height / rect.height };
  }

  function segment(from, to) {
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = LINE_WIDTH;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  }

  pad.addEventListener("pointerdown", event => {
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    last = point(event);
    segment(last, last); // a dot for a tap
  });
  pad.addEventListener("pointermove", event => {
    if (last === null) return;
    const next = point(event);
    segment(last, next);
    last = next;
  });
  const endStroke = () => {
    if (last === null) return;
    last = null;
    changed();
    clearTimeout(timer);
    timer = setTimeout(predict, 60); // one request after a burst of strokes, not one per stroke
  };
  pad.addEventListener("pointerup", endStroke);
  pad.addEventListener("pointercancel", endStroke);

  document.getElementById("clear").addEventListener("click", () => {
    clearTimeout(timer);
    clearPad();
    preview.clearRect(0, 0, 28, 28);
    changed();
    show(null);
    prediction.dataset.version = String(version);
  });

  function changed() {
    version++;
  }

  // MNIST's preprocessing, applied to the drawing (LeCun et al.: each digit's bounding box scaled to fit 20x20
  // keeping its aspect ratio, with anti-aliasing, then placed in 28x28 so that its centre of mass is the centre):
  //  1. ink = red channel / 255 (white on black, as MNIST: 1 is ink, 0 background);
  //  2. the bounding box of the ink, scaled so its longer side is 20 pixels, each small pixel the mean of the
  //     canvas pixels it covers (area averaging, which is the anti-aliasing);
  //  3. shifted by whole pixels so the centre of mass sits at (14, 14) of the 28x28 field.
  // Returns 784 values in [0, 1], row-major, or null for an empty pad.
  function toMnist() {
    const W = pad.width, H = pad.height;
    const rgba = ctx.getImageData(0, 0, W, H).data;
    const ink = new Float32Array(W * H);
    let x0 = W, y0 = H, x1 = -1, y1 = -1;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const v = rgba[(y * W + x) * 4] / 255;
        ink[y * W + x] = v;
        if (v > 0) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
      }
    }
    if (x1 < 0) return null;
    const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
    const scale = 20 / Math.max(bw, bh);
    const tw = Math.max(1, Math.round(bw * scale)), th = Math.max(1, Math.round(bh * scale));
    const small = new Float32Array(tw * th);
    for (let ty = 0; ty < th; ty++) {
      const sy0 = y0 + Math.floor(ty * bh / th), sy1 = Math.max(sy0 + 1, y0 + Math.floor((ty + 1) * bh / th));
      for (let tx = 0; tx < tw; tx++) {
        const sx0 = x0 + Math.floor(tx * bw / tw), sx1 = Math.max(sx0 + 1, x0 + Math.floor((tx + 1) * bw / tw));
        let sum = 0;
        for (let y = sy0; y < sy1; y++) for (let x = sx0; x < sx1; x++) sum += ink[y * W + x];
        small[ty * tw + tx] = sum / ((sy1 - sy0) * (sx1 - sx0));
      }
    }
    let mass = 0, mx = 0, my = 0;
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        const v = small[y * tw + x];
        mass += v; mx += v * (x + 0.5); my += v * (y + 0.5);
      }
    }
    const ox = Math.round(14 - mx / mass), oy = Math.round(14 - my / mass);
    const pixels = new Array(784).fill(0);
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        const X = x + ox, Y = y + oy;
        if (X >= 0 && X < 28 && Y >= 0 && Y < 28) pixels[Y * 28 + X] = Math.min(1, Math.max(0, small[y * tw + x]));
      }
    }
    return pixels;
  }

  function drawPreview(pixels) {
    const image = preview.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(pixels[i] * 255);
      image.data.set([v, v, v, 255], i * 4);
    }
    preview.putImageData(image, 0, 0);
  }

  function show(answer) {
    for (let digit = 0; digit < 10; digit++) {
      const p = answer ? answer.probabilities[digit] : 0;
      fills[digit].style.height = `${Math.round(p * 180)}px`; // the chart is 200 px high, with room for the label
      barElements[digit].querySelector(".value").textContent = answer && p >= 0.005 ? `${Math.round(p * 100)}%` : "";
      barElements[digit].classList.toggle("best", answer !== null && answer.digit === digit);
    }
    prediction.textContent = answer ? String(answer.digit) : "–";
  }

  async function predict() {
    const asked = version;
    const pixels = toMnist();
    if (pixels === null) return;
    drawPreview(pixels);
    try {
      const response = await fetch("/predict", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ pixels }),
      });
      const body = await response.json();
      if (asked !== version) return; // the drawing changed meanwhile: a newer request is on its way
      if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
      status.textContent = "";
      show(body);
    } catch (error) {
      if (asked !== version) return;
      status.textContent = `Prediction failed: ${error.message}`;
      show(null);
    }
    prediction.dataset.version = String(asked);
  }

  // For the browser test: the drawing's version, to wait until the prediction shown is for it.
  window.digitDemo = { version: () => version };
  clearPad();
})();
