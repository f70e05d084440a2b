// click, move, scroll (both request shapes), drag, slider, clear-text (rest.md §4.4, §4.6): real
// input events on test/pages/click.html and scroll.html; page state is read with execute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { act, NO_SHOT, pixel } from '../support/routeHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('click', () => {
  it('left click hits the element under the pixel, once, with its coordinates', async () => {
    const tab = await h.openTab('/pages/click.html');
    const env = await act(h, tab, 'click', { x: 100, y: 100, ...NO_SHOT });
    expect(env.result).toEqual({ status: 'clicked' });
    expect(env.cursor).toMatchObject({ x: 100, y: 100 });
    expect(await h.value(tab, 'window.clicks')).toBe(1);
    expect(await h.value(tab, 'window.lastClick')).toMatchObject({ x: 100, y: 100, button: 0, detail: 1, shiftKey: false, ctrlKey: false });
    const types = await h.value<string[]>(tab, 'window.mouseLog.map((e) => e.type)');
    expect(types).toEqual(['mousedown', 'mouseup', 'click']);
  });

  it('right click opens the context menu event (button 2) and no click', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 300, y: 100, button: 'right', ...NO_SHOT });
    expect(await h.value(tab, 'window.contextMenus')).toBe(1);
    expect(await h.value(tab, 'window.lastContextMenu')).toMatchObject({ x: 300, y: 100, button: 2 });
    expect(await h.value(tab, 'window.clicks')).toBe(0);
  });

  it('middle click presses button 1', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 100, y: 100, button: 'middle', ...NO_SHOT });
    const log = await h.value<any[]>(tab, "window.mouseLog.filter((e) => e.type === 'mousedown' || e.type === 'mouseup')");
    expect(log.map((e) => [e.type, e.button])).toEqual([['mousedown', 1], ['mouseup', 1]]);
    expect(await h.value(tab, 'window.clicks')).toBe(0); // a middle click is an auxclick, not a click
  });

  it('click_count 2 is a double click', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 500, y: 100, click_count: 2, ...NO_SHOT });
    expect(await h.value(tab, 'window.dblclicks')).toBe(1);
    const dbl = await h.value<any[]>(tab, "window.mouseLog.filter((e) => e.type === 'dblclick')");
    expect(dbl).toHaveLength(1);
    expect(dbl[0]).toMatchObject({ detail: 2, target: 'dbl' });
  });

  it('modifiers (names and aliases) reach the click event', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 100, y: 100, modifiers: ['Shift', 'CTRL'], ...NO_SHOT });
    expect(await h.value(tab, 'window.lastClick')).toMatchObject({ shiftKey: true, ctrlKey: true, altKey: false, metaKey: false });
    await act(h, tab, 'click', { x: 100, y: 100, modifiers: ['Alt', 'Meta'], ...NO_SHOT });
    expect(await h.value(tab, 'window.lastClick')).toMatchObject({ shiftKey: false, ctrlKey: false, altKey: true, metaKey: true });
    const bad = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, modifiers: ['Hyper'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/modifiers\[0\].*Hyper/);
  });
});

describe('move', () => {
  it('hovering applies :hover styles (in the after-frame too) and leaving removes them', async () => {
    const tab = await h.openTab('/pages/click.html');
    const env = await act(h, tab, 'move', { x: 750, y: 100, screenshot: { format: 'png', cursor: false } });
    expect(env.result).toEqual({ status: 'moved', x: 750, y: 100 });
    expect(await h.value(tab, 'window.isHovered()')).toBe(true);
    expect(await h.value(tab, 'window.hovers.over')).toBe(1);
    expect(await pixel(env.screenshot_after, 705, 85)).toEqual([255, 153, 0]); // #f90 while :hover
    expect(await pixel(env.screenshot_before, 705, 85)).not.toEqual([255, 153, 0]);
    await act(h, tab, 'move', { x: 600, y: 300, ...NO_SHOT });
    expect(await h.value(tab, 'window.isHovered()')).toBe(false);
    expect(await h.value(tab, 'window.lastMove')).toEqual({ x: 600, y: 300 });
  });
});

describe('scroll', () => {
  it('newest shape: scrolls the page and the envelope reports the new position', async () => {
    const tab = await h.openTab('/pages/scroll.html');
    const env = await act(h, tab, 'scroll', { x: 800, y: 400, scrolls: [{ delta_px: 500, direction: 'y' }], ...NO_SHOT });
    expect(env.result).toEqual({ status: 'scrolled', scrolls_executed: 1, x: 800, y: 400 });
    expect(env.scroll.scrollY).toBe(500);
    expect(env.scroll.vertical_px).toBe(500);
    expect(await h.value(tab, 'window.scrollY')).toBe(500);
    const two = await act(h, tab, 'scroll', { x: 800, y: 400, scrolls: [{ delta_px: 300, direction: 'y' }, { delta_px: -100, direction: 'y' }], ...NO_SHOT });
    expect(two.result.scrolls_executed).toBe(2);
    expect(two.scroll.scrollY).toBe(700);
  });

  it('older shape: delta_y / delta_x', async () => {
    const tab = await h.openTab('/pages/scroll.html');
    const env = await act(h, tab, 'scroll', { x: 800, y: 400, delta_y: 300, ...NO_SHOT });
    expect(env.result.scrolls_executed).toBe(1);
    expect(env.scroll.scrollY).toBe(300);
    const up = await act(h, tab, 'mouse/scroll', { x: 800, y: 400, delta_y: -200, delta_x: 0, ...NO_SHOT });
    expect(up.scroll.scrollY).toBe(100);
  });

  it('the wheel over a scroll container scrolls the container, not the page', async () => {
    const tab = await h.openTab('/pages/scroll.html');
    const env = await act(h, tab, 'scroll', { x: 250, y: 200, scrolls: [{ delta_px: 200, direction: 'y' }], ...NO_SHOT });
    expect(await h.value(tab, 'window.getBoxScrollTop()')).toBe(200);
    expect(env.scroll.scrollY).toBe(0);
    expect(await h.value(tab, 'window.scrollY')).toBe(0);
  });
});

describe('drag', () => {
  it('presses at the start, moves in steps, releases at the end', async () => {
    const tab = await h.openTab('/pages/click.html');
    const env = await act(h, tab, 'drag', { start_x: 720, start_y: 350, end_x: 1000, end_y: 360, steps: 10, ...NO_SHOT });
    expect(env.result).toMatchObject({ status: 'dragged', start_x: 720, start_y: 350, end_x: 1000, end_y: 360 });
    const path = await h.value<{ type: string; x: number; y: number }[]>(tab, 'window.dragPath');
    expect(path[0]).toEqual({ type: 'down', x: 720, y: 350 });
    expect(path.at(-1)).toEqual({ type: 'up', x: 1000, y: 360 });
    const moves = path.filter((p) => p.type === 'move');
    expect(moves).toHaveLength(10);
    expect(moves.map((m) => m.x)).toEqual([...moves.map((m) => m.x)].sort((a, b) => a - b)); // monotonic
    expect(await h.value(tab, 'window.drags')).toBe(1);
    expect(env.cursor).toMatchObject({ x: 1000, y: 360 });
  });
});

describe('slider', () => {
  it('drags the range thumb so the value ends near the target', async () => {
    const tab = await h.openTab('/pages/click.html');
    const env = await act(h, tab, 'slider', { orientation: 'horizontal', min: 0, max: 100, target_value: 80, y: 460, x_start: 700, x_end: 1000, current_x: 850, ...NO_SHOT });
    expect(env.result.status).toBe('dragged');
    const value = await h.value<number>(tab, 'window.sliderValue');
    expect(Math.abs(value - 80)).toBeLessThanOrEqual(3);
    expect(await h.value(tab, "window.sliderLog.some((e) => e.type === 'change')")).toBe(true);
  });

  it('names the missing fields of an orientation, and a target out of range', async () => {
    const tab = await h.openTab('/pages/click.html');
    const missing = await h.api('POST', `/tabs/${tab}/slider`, { orientation: 'vertical', min: 0, max: 10, target_value: 5 });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/x, y_start, y_end, current_y/);
    const out = await h.api('POST', `/tabs/${tab}/slider`, { orientation: 'horizontal', min: 0, max: 10, target_value: 50, y: 460, x_start: 700, x_end: 1000, current_x: 850 });
    expect(out.status).toBe(400);
    expect(out.body.error).toMatch(/target_value/);
  });
});

describe('clear-text', () => {
  for (const route of ['clear-text', 'clear_text']) {
    it(`${route} empties the field under the point`, async () => {
      const tab = await h.openTab('/pages/click.html');
      await act(h, tab, 'click', { x: 150, y: 195, ...NO_SHOT });
      await act(h, tab, 'type', { text: 'some text', ...NO_SHOT });
      await act(h, tab, 'click', { x: 200, y: 330, ...NO_SHOT });
      await act(h, tab, 'type', { text: 'line one\nline two', ...NO_SHOT });
      const env = await act(h, tab, route, { x: 150, y: 195, ...NO_SHOT });
      expect(env.result).toEqual({ status: 'cleared' });
      expect(await h.value(tab, "document.getElementById('text').value")).toBe('');
      expect(await h.value(tab, "document.getElementById('area').value")).toBe('line one\nline two');
    });
  }
});
