// Measures the markup pipeline on a 1280x800 PNG with ~200 marks, grid and cursor:
// median ms of decode (PNG -> raw RGBA), draw (JS on the buffer), and encode (webp q80 effort 0; jpeg
// and png for comparison), over 30 runs after a warm-up. Run: npx tsx bench/markupDraw.ts

import sharp from 'sharp';
import { decodeFrame, encodeFrame } from '../markup/codec.ts';
import { drawMarkup } from '../markup/draw.ts';
import { renderFrame, type Mark, type MarkType } from '../markup/index.ts';

const WIDTH = 1280;
const HEIGHT = 800;
const RUNS = 30;
const WARMUP = 3;

/** A text-page-like PNG: deterministic pseudo-random "words" on a light background. */
async function pageLikePng(): Promise<Buffer> {
  const px = Buffer.alloc(WIDTH * HEIGHT * 3, 248);
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let line = 0; line < HEIGHT / 20; line++) {
    let x = 10 + Math.floor(rand() * 40);
    while (x < WIDTH - 60) {
      const word = 20 + Math.floor(rand() * 60);
      for (let y = line * 20 + 5; y < line * 20 + 16; y++) {
        for (let dx = 0; dx < word; dx++) {
          if (rand() < 0.45) px.fill(40 + Math.floor(rand() * 60), ((y * WIDTH + x + dx) * 3), ((y * WIDTH + x + dx) * 3) + 3);
        }
      }
      x += word + 8;
    }
  }
  return sharp(px, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
}

function marks(): Mark[] {
  const out: Mark[] = [];
  for (let i = 0; i < 200; i++) {
    const type: MarkType = i % 10 === 9 ? 'typeable' : i % 37 === 0 ? 'scrollable' : 'clickable';
    out.push({ index: i + 1, type, box: { x: (i % 10) * 125 + 8, y: Math.floor(i / 10) * 39 + 22, width: 100, height: 24 } });
  }
  out.push({ index: 201, type: 'selected', box: { x: 400, y: 300, width: 120, height: 30 } });
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const source = await pageLikePng();
  const req = { marks: marks(), grid: true, cursor: { x: 640, y: 400 } };
  const t: Record<'decode' | 'draw' | 'webp' | 'jpeg' | 'png' | 'total', number[]> = {
    decode: [], draw: [], webp: [], jpeg: [], png: [], total: [],
  };
  let bytes = { webp: 0, jpeg: 0, png: 0 };
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const keep = run >= WARMUP;
    let t0 = performance.now();
    const frame = await decodeFrame(source);
    const decodeMs = performance.now() - t0;
    t0 = performance.now();
    drawMarkup(frame.canvas, req);
    const drawMs = performance.now() - t0;
    const enc: Record<'webp' | 'jpeg' | 'png', number> = { webp: 0, jpeg: 0, png: 0 };
    for (const format of ['webp', 'jpeg', 'png'] as const) {
      t0 = performance.now();
      const out = await encodeFrame(frame, format, 80);
      enc[format] = performance.now() - t0;
      bytes = { ...bytes, [format]: out.data.length };
    }
    t0 = performance.now();
    await renderFrame({ source, ...req, format: 'webp', quality: 80 });
    const totalMs = performance.now() - t0;
    if (!keep) continue;
    t.decode.push(decodeMs);
    t.draw.push(drawMs);
    t.webp.push(enc.webp);
    t.jpeg.push(enc.jpeg);
    t.png.push(enc.png);
    t.total.push(totalMs);
  }
  const fmt = (xs: number[]): string => median(xs).toFixed(2).padStart(7);
  console.log(`markup pipeline, ${WIDTH}x${HEIGHT} PNG source (${(source.length / 1024).toFixed(0)} KB), ${req.marks.length} marks + grid + cursor, median of ${RUNS}`);
  console.log(`  decode (png -> raw RGBA)   ${fmt(t.decode)} ms`);
  console.log(`  draw (JS on the buffer)    ${fmt(t.draw)} ms`);
  console.log(`  encode webp q80 effort 0   ${fmt(t.webp)} ms  (${(bytes.webp / 1024).toFixed(0)} KB)`);
  console.log(`  encode jpeg q80            ${fmt(t.jpeg)} ms  (${(bytes.jpeg / 1024).toFixed(0)} KB)`);
  console.log(`  encode png level 1         ${fmt(t.png)} ms  (${(bytes.png / 1024).toFixed(0)} KB)`);
  console.log(`  renderFrame -> webp total  ${fmt(t.total)} ms`);
}

await main();
