// screenshot.mark_labels: "agent_id" draws the id instead of the index (semantic.md §4): letters,
// '_' and '.' have glyphs of their own, so every character of an id leaves distinct ink.
import { describe, expect, it } from 'vitest';
import { Canvas } from '../../markup/canvas.ts';
import { WHITE } from '../../markup/colors.ts';
import { drawIndexLabel } from '../../markup/labels.ts';
import { letterArt } from '../../markup/letterFont.ts';

function inked(label?: string): { white: number; width: number } {
  const c = new Canvas(new Uint8Array(400 * 60 * 4), 400, 60);
  drawIndexLabel(c, 7, { x0: 10, y0: 30, x1: 100, y1: 50 }, { r: 200, g: 0, b: 0 }, label);
  let white = 0; let right = 0;
  for (let y = 0; y < 60; y++) for (let x = 0; x < 400; x++) {
    const i = (y * 400 + x) * 4;
    if (c.bytes[i] === WHITE.r && c.bytes[i + 1] === WHITE.g && c.bytes[i + 2] === WHITE.b) white++;
    if (c.bytes[i] === 200) right = Math.max(right, x);
  }
  return { white, width: right };
}

describe('agent_id labels', () => {
  it('every id character has a 5x7 glyph', () => {
    for (const ch of 'abcdefghijklmnopqrstuvwxyz_.') {
      const art = letterArt(ch)!;
      expect(art, ch).toHaveLength(7);
      for (const row of art) expect(row, ch).toMatch(/^[.#]{5}$/);
      expect(art.join('').includes('#'), ch).toBe(true);
    }
  });

  it('a label draws the id (wider than the index, ink for each character), the index stays the default', () => {
    const index = inked();
    const id = inked('f1.pay_btn');
    expect(id.width).toBeGreaterThan(index.width + 100);
    expect(id.white).toBeGreaterThan(index.white * 5);
    expect(inked('pay_btn').white).not.toBe(inked('pay_bt').white);
  });
});
