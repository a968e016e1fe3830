// Draws MNIST digits on the DigitDemo page in headless Chromium, as a person would with a mouse, and reports how
// many the page classifies right.
//
// Usage: node draw-digits.mjs --url http://127.0.0.1:PORT --digits digits.json [--screenshot page.png]
//                             [--chromium /usr/bin/chromium]
// digits.json: {"labels": [7, 2, ...], "images": [[784 values in 0..1, row-major 28x28], ...]}
// Each image becomes strokes: every horizontal run of ink pixels (value > 0.5) in a row is one mouse drag over the
// 280x280 canvas (10 canvas pixels per MNIST pixel). The page's own preprocessing then turns the drawing back into
// 28x28, so this tests drawing, preprocessing, the request and the display together.
// Prints one line per digit, then a JSON summary as the last line: {"total":N,"correct":K,...}.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";

function options(argv) {
  const o = { chromium: "/usr/bin/chromium" };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (!["url", "digits", "screenshot", "chromium"].includes(key) || i + 1 >= argv.length)
      throw new Error(`Unknown or incomplete option '${argv[i]}'. Usage: --url URL --digits FILE [--screenshot PNG] [--chromium PATH]`);
    o[key] = argv[i + 1];
  }
  if (!o.url || !o.digits) throw new Error("--url and --digits are required");
  return o;
}

// Horizontal runs of ink in each row: [{row, from, to}], in MNIST pixel coordinates.
function strokes(image) {
  const runs = [];
  for (let row = 0; row < 28; row++) {
    let start = -1;
    for (let col = 0; col <= 28; col++) {
      const ink = col < 28 && image[row * 28 + col] > 0.5;
      if (ink && start < 0) start = col;
      if (!ink && start >= 0) { runs.push({ row, from: start, to: col - 1 }); start = -1; }
    }
  }
  return runs;
}

async function drawDigit(page, box, image) {
  const scale = box.width / 28;
  const at = (col, row) => [box.x + (col + 0.5) * scale, box.y + (row + 0.5) * scale];
  for (const run of strokes(image)) {
    await page.mouse.move(...at(run.from, run.row));
    await page.mouse.down();
    await page.mouse.move(...at(run.to, run.row));
    await page.mouse.up();
  }
}

const o = options(process.argv.slice(2));
const digits = JSON.parse(readFileSync(o.digits, "utf8"));
const started = Date.now();
// The flags this machine needs: no sandbox as root, no GPU, and no background connections to a closed network.
const browser = await chromium.launch({
  executablePath: o.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
let correct = 0;
const wrong = [];
try {
  const page = await browser.newPage({ viewport: { width: 800, height: 560 } });
  const errors = [];
  page.on("pageerror", e => errors.push(String(e)));
  await page.goto(o.url, { waitUntil: "load" });
  const box = await page.locator("#pad").boundingBox();
  for (let i = 0; i < digits.labels.length; i++) {
    await page.click("#clear");
    await drawDigit(page, box, digits.images[i]);
    // Wait until the prediction shown is for the finished drawing, not an earlier part of it.
    await page.waitForFunction(() =>
      document.getElementById("prediction").dataset.version === String(window.digitDemo.version()), null, { timeout: 10000 });
    const shown = (await page.locator("#prediction").textContent()).trim();
    const label = digits.labels[i];
    const ok = shown === String(label);
    if (ok) correct++; else wrong.push({ index: i, label, shown });
    console.log(`digit ${i + 1}/${digits.labels.length}: drew ${label}, page shows ${shown}${ok ? "" : "  <-- wrong"}`);
  }
  if (o.screenshot) {
    await page.waitForTimeout(400); // let the bars finish their 0.15 s transition
    await page.screenshot({ path: o.screenshot });
  }
  const status = (await page.locator("#status").textContent()).trim();
  if (errors.length || status) throw new Error(`page errors: ${[...errors, status].join("; ")}`);
} finally {
  await browser.close();
}
const total = digits.labels.length;
console.log(JSON.stringify({ total, correct, accuracy: correct / total, wrong, seconds: (Date.now() - started) / 1000 }));
