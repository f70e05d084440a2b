// Turning fractional, possibly off-image boxes into whole-pixel rectangles. Rounding both edges (rather
// than origin and size separately) keeps adjacent elements from overlapping or leaving a 1 px seam.

import type { Box } from './types.ts';

/** Half-open pixel rectangle: columns x0..x1-1, rows y0..y1-1. */
export interface PixelRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Whole-pixel form of a box, or null when it is empty or not a finite number. */
export function toPixelRect(box: Box): PixelRect | null {
  const { x, y, width, height } = box;
  if (![x, y, width, height].every(Number.isFinite)) return null;
  const x0 = Math.round(x);
  const y0 = Math.round(y);
  const x1 = Math.round(x + width);
  const y1 = Math.round(y + height);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x0, y0, x1, y1 };
}

/** The part of `r` inside a width x height image, or null when nothing of it is visible. */
export function clipRect(r: PixelRect, width: number, height: number): PixelRect | null {
  const x0 = Math.max(0, r.x0);
  const y0 = Math.max(0, r.y0);
  const x1 = Math.min(width, r.x1);
  const y1 = Math.min(height, r.y1);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x0, y0, x1, y1 };
}
