// Index labels: a filled tag in the mark's colour with the index in white, sitting on the box's
// top-left corner so the agent can tie a number to a box at a glance.

import { fillRect, type Canvas } from './canvas.ts';
import { packRgba, WHITE, type Rgb } from './colors.ts';
import { drawDigits, indexText, measureDigits } from './digitFont.ts';
import type { PixelRect } from './geometry.ts';

/** 5x7 glyphs at x2 give 14 px tall digits: readable by a model on a 1280x800 frame. */
export const LABEL_SCALE = 2;
const PAD_X = 3;
const PAD_Y = 2;

export interface LabelPlacement {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where a label for `visible` (the on-image part of a box) goes: just above its top-left corner;
 * inside the top-left when there is no room above; always shifted to lie within the image.
 */
export function placeLabel(text: string, visible: PixelRect, imageWidth: number, imageHeight: number): LabelPlacement {
  const digits = measureDigits(text, LABEL_SCALE);
  const width = digits.width + 2 * PAD_X;
  const height = digits.height + 2 * PAD_Y;
  let y = visible.y0 - height;
  if (y < 0) y = visible.y0;
  y = Math.max(0, Math.min(y, imageHeight - height));
  const x = Math.max(0, Math.min(visible.x0, imageWidth - width));
  return { x, y, width, height };
}

/** `label`: text instead of the index (an agent_id, screenshot.mark_labels: "agent_id"). */
export function drawIndexLabel(c: Canvas, index: number, visible: PixelRect, color: Rgb, label?: string): void {
  const text = label ?? indexText(index);
  const at = placeLabel(text, visible, c.width, c.height);
  fillRect(c, at.x, at.y, at.width, at.height, packRgba(color));
  drawDigits(c, text, at.x + PAD_X, at.y + PAD_Y, LABEL_SCALE, packRgba(WHITE));
}
