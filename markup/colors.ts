// Colours and the packed-pixel form the canvas writes. ABP's palette is kept exactly so that agents
// (and prompts) written against ABP read our frames the same way.

import type { MarkType } from './types.ts';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export function hexToRgb(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) {
    throw new Error(`hexToRgb: expected #rrggbb, got ${hex}`);
  }
  return { r: parseInt(m[1], 16), g: parseInt(m[2], 16), b: parseInt(m[3], 16) };
}

// The canvas fills rows through a Uint32Array view, whose word layout follows the host's byte order.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** One RGBA pixel as a Uint32 word in host byte order, so that `words.fill()` writes R,G,B,A bytes. */
export function packRgba(c: Rgb, alpha = 255): number {
  return LITTLE_ENDIAN
    ? ((alpha << 24) | (c.b << 16) | (c.g << 8) | c.r) >>> 0
    : ((c.r << 24) | (c.g << 16) | (c.b << 8) | alpha) >>> 0;
}

export interface MarkStyle {
  color: Rgb;
  /** Border width in pixels, drawn inside the box. */
  stroke: number;
  dashed: boolean;
}

export const MARK_STYLES: Readonly<Record<MarkType, MarkStyle>> = {
  clickable: { color: hexToRgb('#4CAF50'), stroke: 2, dashed: false },
  typeable: { color: hexToRgb('#FF9800'), stroke: 2, dashed: false },
  scrollable: { color: hexToRgb('#9C27B0'), stroke: 2, dashed: true },
  selected: { color: hexToRgb('#2196F3'), stroke: 3, dashed: false },
};

export const WHITE: Rgb = { r: 255, g: 255, b: 255 };
export const BLACK: Rgb = { r: 0, g: 0, b: 0 };
