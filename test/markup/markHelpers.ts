// Helpers for the browser-driven markup tests: a markup screenshot action, marked_elements, pixels.
import sharp from 'sharp';
import { expect } from 'vitest';
import type { Harness } from '../support/daemonHarness.ts';

export interface Marked {
  index: number; type: string; tag: string; role?: string; text?: string; href?: string; input_type?: string;
  placeholder?: string; bounds: { x: number; y: number; width: number; height: number }; center: { x: number; y: number }; frame?: string;
}

export const GREEN: [number, number, number] = [0x4c, 0xaf, 0x50];
export const ORANGE: [number, number, number] = [0xff, 0x98, 0x00];
export const PURPLE: [number, number, number] = [0x9c, 0x27, 0xb0];
export const BLUE: [number, number, number] = [0x21, 0x96, 0xf3];

/** POST screenshot with `screenshot` options; returns the envelope. PNG unless asked otherwise (exact pixels). */
export async function shoot(h: Harness, tab: string, screenshot: Record<string, unknown>): Promise<any> {
  const r = await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { format: 'png', ...screenshot } });
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return r.body;
}

export async function marked(h: Harness, tab: string, markup: unknown = ['clickable', 'typeable', 'scrollable', 'selected']): Promise<Marked[]> {
  const env = await shoot(h, tab, { markup, format: 'jpeg' });
  const list = env.screenshot_after.marked_elements as Marked[];
  expect(list.map((m) => m.index)).toEqual(list.map((_, i) => i + 1));
  return list;
}

/** Clicks without frames (fast) and returns the envelope. */
export async function click(h: Harness, tab: string, x: number, y: number): Promise<any> {
  const r = await h.api('POST', `/tabs/${tab}/click`, { x, y, screenshot: { area: 'none' } });
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return r.body;
}

/** Waits (bounded) until the page's `expr` is truthy. */
export async function until(h: Harness, tab: string, expr: string, capMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await h.value(tab, expr))) {
    if (Date.now() - start > capMs) throw new Error(`timed out waiting for ${expr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function pixels(image: Buffer | string): Promise<(x: number, y: number) => [number, number, number]> {
  const { data, info } = await sharp(typeof image === 'string' ? Buffer.from(image, 'base64') : image).raw().toBuffer({ resolveWithObject: true });
  return (x, y) => { const i = (y * info.width + x) * info.channels; return [data[i]!, data[i + 1]!, data[i + 2]!]; };
}
