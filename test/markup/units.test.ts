// Small units whose rules are easier to state directly than through whole frames.

import { describe, expect, it } from 'vitest';
import { blendRect, Canvas, fillRect } from '../../markup/canvas.ts';
import { packRgba } from '../../markup/colors.ts';
import { indexText, measureDigits } from '../../markup/digitFont.ts';
import { clipRect, toPixelRect } from '../../markup/geometry.ts';
import { placeLabel } from '../../markup/labels.ts';

describe('Canvas', () => {
  it('writes R,G,B,A byte order through the word view, clipped', () => {
    const c = new Canvas(new Uint8Array(4 * 2 * 4), 4, 2);
    fillRect(c, -1, 1, 3, 5, packRgba({ r: 1, g: 2, b: 3 }));
    expect([...c.bytes.subarray(16, 24)]).toEqual([1, 2, 3, 255, 1, 2, 3, 255]);
    expect([...c.bytes.subarray(24, 28)]).toEqual([0, 0, 0, 0]);
    expect([...c.bytes.subarray(0, 16)].every((v) => v === 0)).toBe(true);
  });

  it('copies a buffer that is not 4-byte aligned instead of failing', () => {
    const backing = new Uint8Array(1 + 2 * 2 * 4);
    const c = new Canvas(backing.subarray(1), 2, 2);
    fillRect(c, 0, 0, 2, 2, packRgba({ r: 9, g: 9, b: 9 }));
    expect(c.bytes[0]).toBe(9);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => new Canvas(new Uint8Array(10), 2, 2)).toThrow(RangeError);
  });

  it('blends source-over and keeps an opaque pixel opaque', () => {
    const c = new Canvas(new Uint8Array([200, 100, 0, 255]), 1, 1);
    blendRect(c, 0, 0, 1, 1, { r: 0, g: 0, b: 255 }, 0.5);
    expect([...c.bytes]).toEqual([100, 50, 128, 255]);
  });
});

describe('geometry', () => {
  it('rounds edges, rejects empty or non-finite boxes, clips to the image', () => {
    expect(toPixelRect({ x: 1.4, y: 1.6, width: 2.2, height: 3 })).toEqual({ x0: 1, y0: 2, x1: 4, y1: 5 });
    expect(toPixelRect({ x: 1, y: 1, width: 0, height: 3 })).toBeNull();
    expect(toPixelRect({ x: Number.NaN, y: 1, width: 2, height: 3 })).toBeNull();
    expect(clipRect({ x0: -5, y0: 2, x1: 20, y1: 8 }, 10, 6)).toEqual({ x0: 0, y0: 2, x1: 10, y1: 6 });
    expect(clipRect({ x0: 10, y0: 2, x1: 20, y1: 8 }, 10, 6)).toBeNull();
  });
});

describe('labels', () => {
  const size = measureDigits('42', 2);

  it('goes above the box when there is room, else inside, never off the image', () => {
    const above = placeLabel('42', { x0: 50, y0: 100, x1: 90, y1: 140 }, 300, 200);
    expect(above.y + above.height).toBe(100);
    expect(above.x).toBe(50);
    const inside = placeLabel('42', { x0: 50, y0: 5, x1: 90, y1: 40 }, 300, 200);
    expect(inside.y).toBe(5);
    const right = placeLabel('42', { x0: 295, y0: 100, x1: 300, y1: 140 }, 300, 200);
    expect(right.x + right.width).toBe(300);
    const bottom = placeLabel('42', { x0: 10, y0: 195, x1: 20, y1: 200 }, 300, 12);
    expect(bottom.y).toBe(0);
    expect(above.width).toBeGreaterThan(size.width);
  });

  it('shows indices as non-negative integers', () => {
    expect(indexText(7)).toBe('7');
    expect(indexText(7.9)).toBe('7');
    expect(indexText(-3)).toBe('0');
    expect(indexText(Number.NaN)).toBe('0');
  });
});
