// Mark borders. The stroke lies inside the element's box: the border then covers only the element's
// own pixels, neighbouring marks do not paint over each other, and a box touching the image edge still
// shows its whole border.

import { fillRect, type Canvas } from './canvas.ts';
import { packRgba, type MarkStyle } from './colors.ts';
import type { PixelRect } from './geometry.ts';

/** Dash pattern for dashed borders: long enough to read as a line, with gaps wide enough to notice. */
export const DASH_ON = 6;
export const DASH_OFF = 4;
const DASH_PERIOD = DASH_ON + DASH_OFF;

/**
 * Draws the border of `r` (unclipped, so a box partly outside shows only its inside edges).
 * The pattern of a dashed edge starts at the box's own corner, so it does not shift when the page
 * scrolls a box partly off the image.
 */
export function drawBoxBorder(c: Canvas, r: PixelRect, style: MarkStyle): void {
  const packed = packRgba(style.color);
  const s = Math.max(1, Math.round(style.stroke));
  const w = r.x1 - r.x0;
  const h = r.y1 - r.y0;
  if (!style.dashed) {
    fillRect(c, r.x0, r.y0, w, s, packed);
    fillRect(c, r.x0, r.y1 - s, w, s, packed);
    fillRect(c, r.x0, r.y0, s, h, packed);
    fillRect(c, r.x1 - s, r.y0, s, h, packed);
    return;
  }
  forEachDash(r.x0, r.x1, c.width, (start, len) => {
    fillRect(c, start, r.y0, len, s, packed);
    fillRect(c, start, r.y1 - s, len, s, packed);
  });
  forEachDash(r.y0, r.y1, c.height, (start, len) => {
    fillRect(c, r.x0, start, s, len, packed);
    fillRect(c, r.x1 - s, start, s, len, packed);
  });
}

/**
 * Calls `draw` for each dash of an edge spanning [from, to), skipping dashes outside [0, limit) so a
 * huge off-screen box (a long scroll container) costs nothing for its invisible length.
 */
function forEachDash(from: number, to: number, limit: number, draw: (start: number, len: number) => void): void {
  const firstVisible = Math.max(0, Math.floor((0 - from) / DASH_PERIOD));
  const end = Math.min(to, limit);
  for (let start = from + firstVisible * DASH_PERIOD; start < end; start += DASH_PERIOD) {
    draw(start, Math.min(DASH_ON, to - start));
  }
}
