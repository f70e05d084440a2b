// The virtual mouse cursor: where the agent's last pointer action landed. A classic arrow (black
// outline, white fill) reads as "the mouse is here" to a model without explanation, and its tip
// marks the exact pixel.

import { Canvas, fillRect } from './canvas.ts';
import { BLACK, packRgba, WHITE } from './colors.ts';

// 'B' = outline, 'W' = fill, '.' = transparent. The tip is the top-left cell.
const ARROW: readonly string[] = [
  'B...........',
  'BB..........',
  'BWB.........',
  'BWWB........',
  'BWWWB.......',
  'BWWWWB......',
  'BWWWWWB.....',
  'BWWWWWWB....',
  'BWWWWWWWB...',
  'BWWWWWWWWB..',
  'BWWWWWWWWWB.',
  'BWWWWWWBBBBB',
  'BWWWBWWB....',
  'BWWBBWWB....',
  'BWB..BWWB...',
  'BB...BWWB...',
  'B.....BWWB..',
  '......BWWB..',
  '.......BB...',
];

export const CURSOR_WIDTH = 12;
export const CURSOR_HEIGHT = ARROW.length;

interface Span {
  col: number;
  row: number;
  len: number;
  packed: number;
}

// Pre-split into same-colour runs once, so drawing is a handful of clipped fills.
const SPANS: readonly Span[] = ARROW.flatMap((line, row) => {
  const spans: Span[] = [];
  let col = 0;
  while (col < line.length) {
    const ch = line[col];
    const start = col;
    while (line[col] === ch) col++;
    if (ch === 'B' || ch === 'W') {
      spans.push({ col: start, row, len: col - start, packed: packRgba(ch === 'B' ? BLACK : WHITE) });
    }
  }
  return spans;
});

/** Draws the arrow with its tip at (x, y); parts outside the image are clipped. */
export function drawCursor(c: Canvas, x: number, y: number): void {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return;
  const tipX = Math.round(x);
  const tipY = Math.round(y);
  for (const s of SPANS) fillRect(c, tipX + s.col, tipY + s.row, s.len, 1, s.packed);
}

/** The arrow as a small RGBA image (transparent around it), drawn once. */
let sprite: Canvas | undefined;
function cursorSprite(): Canvas {
  if (!sprite) {
    sprite = new Canvas(new Uint8Array(CURSOR_WIDTH * CURSOR_HEIGHT * 4), CURSOR_WIDTH, CURSOR_HEIGHT);
    drawCursor(sprite, 0, 0);
  }
  return sprite;
}

export interface CursorOverlay { data: Buffer; width: number; height: number; left: number; top: number }

/**
 * The part of the arrow that falls inside a width×height image with its tip at (x, y), as an RGBA
 * overlay to composite at (left, top); null when none of it is inside. The same pixels drawCursor
 * writes, for frames where the cursor is all there is to draw (no decode into JS needed).
 */
export function cursorOverlay(x: number, y: number, width: number, height: number): CursorOverlay | null {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  const tipX = Math.round(x);
  const tipY = Math.round(y);
  const left = Math.max(0, tipX);
  const top = Math.max(0, tipY);
  const right = Math.min(width, tipX + CURSOR_WIDTH);
  const bottom = Math.min(height, tipY + CURSOR_HEIGHT);
  if (right <= left || bottom <= top) return null;
  const src = cursorSprite();
  const w = right - left;
  const h = bottom - top;
  const data = Buffer.alloc(w * h * 4);
  for (let row = 0; row < h; row++) {
    const from = ((top - tipY + row) * CURSOR_WIDTH + (left - tipX)) * 4;
    data.set(src.bytes.subarray(from, from + w * 4), row * w * 4);
  }
  return { data, width: w, height: h, left, top };
}
