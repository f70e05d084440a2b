// Pixel-level assertions that could not pass by accident: each checks a specific pixel (or region)
// against a value computed independently of the drawing code.

import { describe, expect, it } from 'vitest';
import { renderFrame, type FrameRequest, type Mark } from '../../markup/index.ts';
import { compareRaw, decodeRaw, hex, pageSource, pixelAt, solidSource, type Raw } from './helpers.ts';

async function renderRaw(req: Partial<FrameRequest> & Pick<FrameRequest, 'source'>): Promise<Raw> {
  const out = await renderFrame({ marks: [], grid: false, cursor: null, format: 'png', quality: 80, ...req });
  return decodeRaw(out.data);
}

const clickable = (index: number, x: number, y: number, width: number, height: number): Mark => ({
  index,
  type: 'clickable',
  box: { x, y, width, height },
});

describe('mark borders', () => {
  it('paints a clickable border #4CAF50 and leaves the inside untouched', async () => {
    const source = await pageSource(300, 200);
    const before = await decodeRaw(source);
    const after = await renderRaw({ source, marks: [clickable(5, 50, 60, 100, 80)] });
    for (const [x, y] of [[50, 100], [51, 100], [149, 100], [100, 60], [100, 139]] as const) {
      expect(hex(pixelAt(after, x, y)), `border at ${x},${y}`).toBe('#4CAF50');
    }
    // Just inside the 2 px stroke, and the middle: same as the source.
    for (const [x, y] of [[52, 100], [147, 100], [100, 62], [100, 100], [120, 120]] as const) {
      expect(pixelAt(after, x, y), `inside at ${x},${y}`).toEqual(pixelAt(before, x, y));
    }
    // Just outside the box (below it, away from the label above): untouched.
    expect(pixelAt(after, 100, 140)).toEqual(pixelAt(before, 100, 140));
    expect(pixelAt(after, 150, 100)).toEqual(pixelAt(before, 150, 100));
  });

  it('draws typeable orange and selected blue 3 px wide', async () => {
    const source = await solidSource(300, 200, 'png');
    const after = await renderRaw({
      source,
      marks: [
        { index: 1, type: 'typeable', box: { x: 20, y: 40, width: 100, height: 50 } },
        { index: 2, type: 'selected', box: { x: 150, y: 40, width: 100, height: 50 } },
      ],
    });
    expect(hex(pixelAt(after, 20, 60))).toBe('#FF9800');
    expect(hex(pixelAt(after, 22, 60))).toBe('#FFFFFF');
    expect(hex(pixelAt(after, 152, 60))).toBe('#2196F3');
    expect(hex(pixelAt(after, 153, 60))).toBe('#FFFFFF');
  });

  it('draws a scrollable border purple with gaps (dashed)', async () => {
    const source = await solidSource(300, 200, 'png');
    const after = await renderRaw({ source, marks: [{ index: 3, type: 'scrollable', box: { x: 20, y: 60, width: 200, height: 100 } }] });
    const top = Array.from({ length: 200 }, (_, i) => hex(pixelAt(after, 20 + i, 60)));
    const left = Array.from({ length: 100 }, (_, i) => hex(pixelAt(after, 20, 60 + i)));
    for (const edge of [top, left]) {
      expect(edge.filter((c) => c === '#9C27B0').length).toBeGreaterThan(edge.length * 0.4);
      expect(edge.filter((c) => c === '#FFFFFF').length).toBeGreaterThan(edge.length * 0.2);
    }
    expect(top[0]).toBe('#9C27B0');
    expect(top[7]).toBe('#FFFFFF');
  });

  it('draws the visible part of a box that runs off the image', async () => {
    const source = await solidSource(200, 100, 'png');
    const after = await renderRaw({ source, marks: [clickable(1, -50, 40, 100, 200)] });
    expect(hex(pixelAt(after, 20, 40))).toBe('#4CAF50'); // top edge, inside the image
    expect(hex(pixelAt(after, 48, 70))).toBe('#4CAF50'); // right edge
    expect(hex(pixelAt(after, 0, 70))).toBe('#FFFFFF'); // the left edge is at x=-50: not drawn
    expect(hex(pixelAt(after, 20, 99))).toBe('#FFFFFF'); // the bottom edge is at y=239: not drawn
  });

  it('draws nothing for a box wholly outside the image, without throwing', async () => {
    const source = await pageSource(200, 100);
    const before = await decodeRaw(source);
    const after = await renderRaw({
      source,
      marks: [clickable(1, 500, 500, 10, 10), clickable(2, -40, 10, 30, 30), clickable(3, 10, 100, 30, 30), clickable(4, 10, 10, 0, 30)],
    });
    expect(after.data.equals(before.data)).toBe(true);
  });
});

describe('index labels', () => {
  it('sits just above the box in the mark colour, inside the box when there is no room above', async () => {
    const source = await solidSource(300, 200, 'png');
    const after = await renderRaw({ source, marks: [clickable(8, 100, 100, 80, 40), clickable(9, 10, 5, 80, 40)] });
    expect(hex(pixelAt(after, 101, 99))).toBe('#4CAF50'); // label's bottom padding row, above the box
    expect(hex(pixelAt(after, 101, 85))).toBe('#4CAF50');
    expect(hex(pixelAt(after, 12, 12))).toBe('#4CAF50'); // label inside the top-left of the second box
  });

  it('writes white digits, and 12 differs from 13 only in the label', async () => {
    const source = await solidSource(200, 120, 'png');
    const twelve = await renderRaw({ source, marks: [clickable(12, 60, 60, 80, 40)] });
    const thirteen = await renderRaw({ source, marks: [clickable(13, 60, 60, 80, 40)] });
    const differing: [number, number][] = [];
    for (let y = 0; y < twelve.height; y++) {
      for (let x = 0; x < twelve.width; x++) {
        if (hex(pixelAt(twelve, x, y)) !== hex(pixelAt(thirteen, x, y))) differing.push([x, y]);
      }
    }
    expect(differing.length).toBeGreaterThan(10);
    // Every difference lies within the label: above the box, starting at its left edge.
    for (const [x, y] of differing) {
      expect(y).toBeLessThan(60);
      expect(y).toBeGreaterThanOrEqual(40);
      expect(x).toBeGreaterThanOrEqual(60);
    }
    const labelColours = new Set<string>();
    for (let y = 42; y < 60; y++) for (let x = 60; x < 90; x++) labelColours.add(hex(pixelAt(twelve, x, y)));
    expect([...labelColours].sort()).toEqual(['#4CAF50', '#FFFFFF']);
  });

  it('keeps a label inside the image at the right edge', async () => {
    const source = await solidSource(120, 80, 'png');
    const after = await renderRaw({ source, marks: [clickable(1234, 110, 40, 30, 20)] });
    // A 4-digit label is wider than the 10 px of box on the image: it is shifted left to fit.
    expect(hex(pixelAt(after, 119, 39))).toBe('#4CAF50');
    expect(hex(pixelAt(after, 75, 39))).toBe('#4CAF50');
  });
});

describe('grid', () => {
  it('blends red at 30 % on the lines only, once at crossings', async () => {
    const source = await solidSource(300, 250, 'png');
    const after = await renderRaw({ source, grid: true });
    // white * 0.7 + red * 0.3 = (255, 178.5, 178.5); integer blending rounds to 178 or 179.
    const line = pixelAt(after, 100, 150);
    expect(line[0]).toBe(255);
    expect(line[1]).toBeGreaterThanOrEqual(178);
    expect(line[1]).toBeLessThanOrEqual(179);
    expect(line[2]).toBe(line[1]);
    expect(pixelAt(after, 150, 200)).toEqual(line);
    expect(pixelAt(after, 200, 200)).toEqual(line); // a crossing is not blended twice
    expect(hex(pixelAt(after, 101, 150))).toBe('#FFFFFF');
    expect(hex(pixelAt(after, 150, 150))).toBe('#FFFFFF');
  });

  it('labels the lines along the top and left edges with dark digits', async () => {
    const source = await solidSource(300, 250, 'png');
    const after = await renderRaw({ source, grid: true });
    const darkIn = (x0: number, y0: number, w: number, h: number): number => {
      let n = 0;
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if ((pixelAt(after, x, y)[0] ?? 255) < 80) n++;
      return n;
    };
    expect(darkIn(102, 0, 40, 20)).toBeGreaterThan(20); // "100" at the top
    expect(darkIn(0, 202, 40, 20)).toBeGreaterThan(20); // "200" on the left
    expect(darkIn(150, 100, 40, 40)).toBe(0);
  });
});

describe('cursor', () => {
  it('puts the black tip at the point with white fill below it', async () => {
    const source = await solidSource(200, 100, 'png', '#808080');
    const after = await renderRaw({ source, cursor: { x: 50, y: 30 } });
    expect(hex(pixelAt(after, 50, 30))).toBe('#000000');
    expect(hex(pixelAt(after, 51, 33))).toBe('#FFFFFF');
    expect(hex(pixelAt(after, 49, 30))).toBe('#808080');
    expect(hex(pixelAt(after, 51, 30))).toBe('#808080');
  });

  it('clips at the edges without throwing', async () => {
    const source = await solidSource(40, 30, 'png', '#808080');
    const after = await renderRaw({ source, cursor: { x: -3, y: 25 } });
    expect(hex(pixelAt(after, 0, 28))).toBe('#000000'); // row 3 of the arrow, column 3: its outline
    await expect(renderRaw({ source, cursor: { x: 1000, y: -1000 } })).resolves.toBeDefined();
  });

  it('a cursor-only frame (one sharp pipeline) has the same pixels as one drawn on the decoded canvas', async () => {
    const source = await pageSource(200, 120);
    // A mark wholly outside the image draws nothing but sends the frame down the canvas path.
    const offImage = clickable(1, 5_000, 5_000, 10, 10);
    for (const cursor of [{ x: 50, y: 30 }, { x: -3, y: 25 }, { x: 195, y: 110 }, { x: 0, y: 0 }, { x: 12.6, y: 7.4 }]) {
      const composited = await renderRaw({ source, cursor });
      const drawn = await renderRaw({ source, cursor, marks: [offImage] });
      expect(compareRaw(composited, drawn).meanAbs, `cursor at ${cursor.x},${cursor.y}`).toBe(0);
      if (cursor.x >= 0 && cursor.y >= 0) expect(hex(pixelAt(composited, Math.round(cursor.x), Math.round(cursor.y)))).toBe('#000000');
    }
  });
});
