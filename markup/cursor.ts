// The virtual mouse cursor: where the agent's last pointer action landed. A classic arrow (black
// outline, white fill) reads as "the mouse is here" to a model without explanation, and its tip
// marks the exact pixel.

import { fillRect, type Canvas } from './canvas.ts';
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
