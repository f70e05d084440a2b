// The action envelope (rest.md §1.1): every field, its shape and its consistency, cursor_type under
// the virtual cursor (test/pages/cursor.html), and events buffered between actions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { act, imageKind, NO_SHOT, ok } from '../support/routeHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const PROFILING_KEYS = ['queue_wait_ms', 'before_screenshot_ms', 'resume_ms', 'action_ms', 'wait_ms', 'pause_ms', 'after_screenshot_ms', 'total_ms'];

function expectScreenshot(shot: any): void {
  expect(Object.keys(shot).sort()).toEqual(expect.arrayContaining(['data', 'format', 'height', 'virtual_time_ms', 'width']));
  expect(shot).toMatchObject({ width: 1280, height: 800, format: 'webp' });
  expect(Number.isInteger(shot.virtual_time_ms)).toBe(true);
  expect(imageKind(Buffer.from(shot.data, 'base64'))).toBe('webp');
}

describe('envelope', () => {
  it('a click carries every field with the documented shape', async () => {
    const tab = await h.openTab('/pages/static.html');
    const env = await act(h, tab, 'click', { x: 160, y: 120 });
    expect(env.action_id).toMatch(/^[A-Z0-9]{8}$/);
    expect(env.tab_id).toBe(tab);
    expect(env.tab_changed).toBeUndefined();
    expect(env.result).toEqual({ status: 'clicked' });
    expectScreenshot(env.screenshot_before);
    expectScreenshot(env.screenshot_after);
    expect(env.screenshot_after.data).not.toBe(env.screenshot_before.data); // the click changed the page
    expect(Array.isArray(env.events)).toBe(true);
    expect(env.cursor).toEqual({ x: 160, y: 120, cursor_type: 'pointer' });
    expect(env.virtual_time).toEqual({ paused: true, base_ticks_ms: expect.any(Number) });
    expect(env.settle).toEqual({ reason: 'quiet', waited_ms: expect.any(Number), pending_requests: 0 });
    expect(Object.keys(env.profiling).sort()).toEqual([...PROFILING_KEYS].sort());
    for (const key of PROFILING_KEYS) expect(Number.isInteger(env.profiling[key]), key).toBe(true);
    expect(env.profiling.before_screenshot_ms).toBeGreaterThanOrEqual(0);
    expect(env.profiling.after_screenshot_ms).toBeGreaterThanOrEqual(0);
  });

  it('timing fields are ordered and duration = wait_completed - started', async () => {
    const tab = await h.openTab('/pages/fetch.html');
    const before = Date.now();
    const env = await act(h, tab, 'click', { x: 100, y: 100, ...NO_SHOT });
    const after = Date.now();
    const t = env.timing;
    expect(Object.keys(t).sort()).toEqual(['action_completed_ms', 'action_started_ms', 'duration_ms', 'wait_completed_ms']);
    expect(t.action_started_ms).toBeGreaterThanOrEqual(before);
    expect(t.action_completed_ms).toBeGreaterThanOrEqual(t.action_started_ms);
    expect(t.wait_completed_ms).toBeGreaterThanOrEqual(t.action_completed_ms);
    expect(t.wait_completed_ms).toBeLessThanOrEqual(after);
    expect(t.duration_ms).toBe(t.wait_completed_ms - t.action_started_ms);
  });

  it('scroll: camelCase and the older snake_case names, consistent with each other', async () => {
    const tab = await h.openTab('/pages/scroll.html');
    const env = await act(h, tab, 'scroll', { x: 800, y: 400, scrolls: [{ delta_px: 1600, direction: 'y' }], ...NO_SHOT });
    const s = env.scroll;
    expect(s).toMatchObject({ scrollX: 0, scrollY: 1600, pageWidth: 1280, pageHeight: 4000, viewportWidth: 1280, viewportHeight: 800 });
    expect(s).toMatchObject({ horizontal_px: 0, vertical_px: 1600, horizontal_percent: 0, vertical_percent: 50,
      page_width: 1280, page_height: 4000, viewport_width: 1280, viewport_height: 800 });
  });

  it('action ids are unique', async () => {
    const tab = await h.openTab();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) ids.add((await act(h, tab, 'wait', { ms: 0, ...NO_SHOT })).action_id);
    expect(ids.size).toBe(5);
  });

  it('a failing action still returns action_id and events', async () => {
    const tab = await h.openTab();
    const r = await h.api('POST', `/tabs/${tab}/back`, {});
    expect(r.status).toBe(409);
    expect(r.body.action_id).toMatch(/^[A-Z0-9]{8}$/);
    expect(Array.isArray(r.body.events)).toBe(true);
    expect(r.headers.get('x-abpd-action-id')).toBe(r.body.action_id);
  });

  it('screenshot virtual_time_ms and virtual_time follow the paused clock', async () => {
    const tab = await h.openTab('/pages/static.html');
    const a = await act(h, tab, 'screenshot', {});
    const b = await act(h, tab, 'screenshot', {});
    // A screenshot does not run the page: its clock stands still between the two.
    expect(b.virtual_time.base_ticks_ms).toBe(a.virtual_time.base_ticks_ms);
    expect(b.screenshot_after.virtual_time_ms).toBe(a.screenshot_after.virtual_time_ms);
  });
});

describe('cursor', () => {
  it('cursor_type names the shape under the virtual cursor (test/pages/cursor.html)', async () => {
    const tab = await h.openTab('/pages/cursor.html');
    const cases = [[100, 100, 'hand', 'a link'], [300, 100, 'text', 'a text input'], [600, 600, 'pointer', 'plain background'],
      [500, 100, 'crosshair', 'cursor:crosshair'], [700, 100, 'move', 'cursor:move'], [900, 100, 'hand', 'a div with cursor:pointer'],
      [100, 300, 'wait', 'cursor:wait'], [300, 300, 'not-allowed', 'cursor:not-allowed'], [500, 300, 'grab', 'cursor:grab'],
      [700, 300, 'text', 'the glyphs of plain text'], [645, 290, 'pointer', 'the empty part of a text box'],
      [900, 300, 'pointer', 'a button'], [1100, 300, 'help', 'cursor:help']] as const;
    for (const [x, y, type, what] of cases) {
      const env = await act(h, tab, 'move', { x, y, ...NO_SHOT });
      expect(env.cursor, what).toEqual({ x, y, cursor_type: type });
    }
  });

  it('navigation re-centres the virtual cursor', async () => {
    const tab = await h.openTab('/pages/cursor.html');
    await act(h, tab, 'move', { x: 100, y: 100, ...NO_SHOT });
    const env = await act(h, tab, 'navigate', { url: h.fixtures.url('/pages/static.html'), ...NO_SHOT });
    expect(env.cursor).toMatchObject({ x: 640, y: 400 });
  });
});

describe('events', () => {
  it('navigation events carry tab, url, frame and main-frame flag', async () => {
    const tab = ok(await h.api('POST', '/tabs', {}), 201).id;
    const env = await act(h, tab, 'navigate', { url: h.fixtures.url('/pages/static.html'), ...NO_SHOT });
    const nav = env.events.find((e: any) => e.type === 'navigation');
    expect(nav).toMatchObject({ type: 'navigation', virtual_time_ms: expect.any(Number),
      data: { tab_id: tab, url: h.fixtures.url('/pages/static.html'), frame_id: expect.any(String), is_main_frame: true } });
  });

  it('events between actions are delivered with the next action, once', async () => {
    const created = ok(await h.api('POST', '/tabs', { url: h.fixtures.url('/pages/text.html') }), 201);
    const start = Date.now();
    while (ok(await h.api('GET', `/tabs/${created.id}`)).url !== created.url || ok(await h.api('GET', `/tabs/${created.id}`)).loading) {
      if (Date.now() - start > 10_000) throw new Error('the tab did not load');
      await new Promise((r) => setTimeout(r, 50));
    }
    const first = await act(h, created.id, 'wait', { ms: 0, ...NO_SHOT });
    expect(first.events.some((e: any) => e.type === 'navigation' && e.data.url === created.url)).toBe(true);
    const second = await act(h, created.id, 'wait', { ms: 0, ...NO_SHOT });
    expect(second.events.filter((e: any) => e.type === 'navigation')).toEqual([]);
  });
});
