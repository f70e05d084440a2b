// The coordinate grid: translucent red lines every 100 px with their coordinates along the top and
// left edges, so an agent can read positions off the frame without counting pixels.

import { blendRect, type Canvas } from './canvas.ts';
import { hexToRgb, packRgba, WHITE } from './colors.ts';
import { drawDigits, measureDigits } from './digitFont.ts';

export const GRID_STEP = 100;
export const GRID_COLOR = hexToRgb('#FF0000');
export const GRID_ALPHA = 0.3;

const LABEL_SCALE = 2;
const LABEL_TEXT = packRgba(hexToRgb('#212121'));
const BACKING_ALPHA = 0.8;
const PAD = 2;
/** Gap between a line and its label, so the label does not hide the line it names. */
const OFFSET = 2;

/**
 * Draws the lines. Vertical lines skip the rows where horizontal lines cross them, so every grid
 * pixel is blended exactly once and crossings are not darker than the lines.
 */
export function drawGridLines(c: Canvas): void {
  for (let y = GRID_STEP; y < c.height; y += GRID_STEP) {
    blendRect(c, 0, y, c.width, 1, GRID_COLOR, GRID_ALPHA);
  }
  for (let x = GRID_STEP; x < c.width; x += GRID_STEP) {
    for (let top = 0; top < c.height; top += GRID_STEP) {
      const from = top === 0 ? 0 : top + 1;
      blendRect(c, x, from, 1, top + GRID_STEP - from, GRID_COLOR, GRID_ALPHA);
    }
  }
}

/** Draws the coordinate of each vertical line along the top edge and of each horizontal line on the left. */
export function drawGridLabels(c: Canvas): void {
  for (let x = GRID_STEP; x < c.width; x += GRID_STEP) drawGridLabel(c, x, x + OFFSET, 0);
  for (let y = GRID_STEP; y < c.height; y += GRID_STEP) drawGridLabel(c, y, 0, y + OFFSET);
}

function drawGridLabel(c: Canvas, value: number, x: number, y: number): void {
  const text = String(value);
  const size = measureDigits(text, LABEL_SCALE);
  // An 80 % white backing keeps dark digits readable over any page while hinting at what is beneath.
  blendRect(c, x, y, size.width + 2 * PAD, size.height + 2 * PAD, WHITE, BACKING_ALPHA);
  drawDigits(c, text, x + PAD, y + PAD, LABEL_SCALE, LABEL_TEXT);
}
