// Draws the tab bar icons (81×81 PNG, WeChat's recommended size) for each tab, unselected and
// selected, into src/assets/tab/. Run: node scripts/make-tab-icons.mjs. The output is committed;
// run again after changing a shape or a colour (colours are tokens.ts textMuted / primary).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const SIZE = 81;
const SAMPLES = 4; // 4×4 samples a pixel: smooth (anti-aliased) edges
const COLORS = { normal: '#5c665a', selected: '#2f7d4f' };
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tab');

// Shapes are coverage tests in a 0..1 square: (x, y) → inside?
const inRoundRect = (x, y, l, t, r, b, rad) => {
  if (x < l || x > r || y < t || y > b) return false;
  const cx = Math.min(Math.max(x, l + rad), r - rad);
  const cy = Math.min(Math.max(y, t + rad), b - rad);
  return (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad;
};
const ring = (x, y, l, t, r, b, rad, w) => inRoundRect(x, y, l, t, r, b, rad) && !inRoundRect(x, y, l + w, t + w, r - w, b - w, Math.max(rad - w, 0));
const inPolygon = (x, y, pts) => {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
const star = (cx, cy, outer, inner) =>
  Array.from({ length: 10 }, (_, i) => {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 === 0 ? outer : inner;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });

const STROKE = 0.075;
const SHAPES = {
  // 会员卡: a card with a magnetic stripe and a name line.
  card: (x, y) =>
    ring(x, y, 0.1, 0.22, 0.9, 0.78, 0.09, STROKE) ||
    (x > 0.1 && x < 0.9 && y > 0.36 && y < 0.45) ||
    inRoundRect(x, y, 0.2, 0.58, 0.5, 0.66, 0.03),
  // 积分: a coin with a star.
  points: (x, y) => {
    const d = Math.hypot(x - 0.5, y - 0.5);
    return (d <= 0.4 && d >= 0.4 - STROKE) || inPolygon(x, y, star(0.5, 0.52, 0.22, 0.095));
  },
  // 订单 (issue 8): a receipt with three lines.
  orders: (x, y) =>
    ring(x, y, 0.2, 0.1, 0.8, 0.9, 0.07, STROKE) ||
    [0.32, 0.47, 0.62].some((t) => inRoundRect(x, y, 0.32, t, t === 0.62 ? 0.55 : 0.68, t + 0.065, 0.03)),
};

function hex(c) {
  return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
}

function draw(shape, color) {
  const png = new PNG({ width: SIZE, height: SIZE });
  const [r, g, b] = hex(color);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (shape((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE)) hits++;
        }
      }
      const i = (py * SIZE + px) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = Math.round((255 * hits) / (SAMPLES * SAMPLES));
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(SHAPES)) {
  for (const [state, color] of Object.entries(COLORS)) {
    const file = join(OUT, state === 'selected' ? `${name}-selected.png` : `${name}.png`);
    const bytes = draw(shape, color);
    writeFileSync(file, bytes);
    console.log(`${file.slice(OUT.length + 1)}: ${bytes.length} bytes`);
  }
}
