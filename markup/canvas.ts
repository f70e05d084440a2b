// A decoded RGBA frame that drawing code writes into directly. Drawing on raw pixels in JS costs a few
// milliseconds, while compositing an SVG through sharp costs ~100 ms (measured.md §3), so every
// primitive here is a clipped loop over the buffer.

import type { Rgb } from './colors.ts';

export class Canvas {
  readonly width: number;
  readonly height: number;
  /** RGBA, row-major, 4 bytes per pixel. */
  readonly bytes: Uint8Array;
  /** The same memory seen as one word per pixel, so opaque fills are a single `fill()` per row. */
  readonly words: Uint32Array;

  constructor(bytes: Uint8Array, width: number, height: number) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new RangeError(`Canvas: bad size ${width}x${height}`);
    }
    if (bytes.length !== width * height * 4) {
      throw new RangeError(`Canvas: expected ${width * height * 4} RGBA bytes, got ${bytes.length}`);
    }
    // A Uint32Array view needs a 4-byte-aligned offset; sharp's output is aligned, but a Buffer carved
    // from Node's pool may not be, and then one copy is cheaper than byte-wise fills.
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : Uint8Array.from(bytes);
    this.width = width;
    this.height = height;
    this.bytes = aligned;
    this.words = new Uint32Array(aligned.buffer, aligned.byteOffset, width * height);
  }
}

/** Fills a rectangle with one opaque packed colour, clipped to the canvas. */
export function fillRect(c: Canvas, x: number, y: number, w: number, h: number, packed: number): void {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(c.width, x + w);
  const y1 = Math.min(c.height, y + h);
  if (x1 <= x0 || y1 <= y0) return;
  for (let row = y0; row < y1; row++) {
    const base = row * c.width;
    c.words.fill(packed, base + x0, base + x1);
  }
}

/**
 * Blends a colour over a rectangle ("source over"), clipped to the canvas. Used for the grid and its
 * label backing, which must let the page show through.
 */
export function blendRect(c: Canvas, x: number, y: number, w: number, h: number, color: Rgb, alpha: number): void {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(c.width, x + w);
  const y1 = Math.min(c.height, y + h);
  if (x1 <= x0 || y1 <= y0) return;
  // Integer weights out of 255 keep the inner loop free of floats; +127 rounds to nearest.
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  const keep = 255 - a;
  const r = color.r * a;
  const g = color.g * a;
  const b = color.b * a;
  const px = c.bytes;
  for (let row = y0; row < y1; row++) {
    let i = (row * c.width + x0) * 4;
    const end = (row * c.width + x1) * 4;
    for (; i < end; i += 4) {
      px[i] = ((px[i] ?? 0) * keep + r + 127) / 255;
      px[i + 1] = ((px[i + 1] ?? 0) * keep + g + 127) / 255;
      px[i + 2] = ((px[i + 2] ?? 0) * keep + b + 127) / 255;
      px[i + 3] = a + ((px[i + 3] ?? 0) * keep + 127) / 255;
    }
  }
}
