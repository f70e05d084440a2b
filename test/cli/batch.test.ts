// POST /tabs/{id}/batch: up-front validation (nothing dispatched on a bad item), order of execution,
// one envelope for the whole batch. Page: test/pages/click.html (coordinates in its header comment).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
let tab: string;
beforeAll(async () => {
  h = await startHarness({ maxBatch: 8 });
  tab = await h.openTab('/pages/click.html');
});
afterAll(async () => { await h?.close(); });

const noShot = { area: 'none' };

describe('batch validation: one bad item → 400 naming it, nothing dispatched', () => {
  const click = { type: 'mouse_click', x: 100, y: 100 };
  const cases: [string, unknown, RegExp][] = [
    ['actions missing', {}, /actions: required/],
    ['actions empty', { actions: [] }, /actions: send at least one sub-action/],
    ['actions not an array', { actions: 'click' }, /actions: expected array/],
    ['item not an object', { actions: [click, 42] }, /actions\[1\]: must be an object/],
    ['type missing', { actions: [click, { x: 1, y: 1 }] }, /actions\[1\]: missing "type"; use one of mouse_click/],
    ['unknown type', { actions: [click, click, { type: 'tap', x: 1, y: 1 }] }, /actions\[2\]: unknown type "tap"; use one of mouse_click, mouse_hover, mouse_drag, keyboard_type, keyboard_press/],
    ['click without y', { actions: [click, { type: 'mouse_click', x: 5 }] }, /actions\[1\]: mouse_click: y: required/],
    ['coordinate not finite', { actions: [{ type: 'mouse_hover', x: 'a', y: 1 }] }, /actions\[0\]: mouse_hover: x: expected number/],
    ['click outside the viewport', { actions: [click, { type: 'mouse_click', x: 1280, y: 10 }] }, /actions\[1\]: mouse_click coordinates \(1280, 10\) are outside the viewport \(1280x800\)/],
    ['negative hover', { actions: [{ type: 'mouse_hover', x: -1, y: 10 }] }, /actions\[0\]: mouse_hover coordinates \(-1, 10\) are outside the viewport/],
    ['drag end outside', { actions: [click, { type: 'mouse_drag', start_x: 10, start_y: 10, end_x: 10, end_y: 900 }] }, /actions\[1\]: mouse_drag coordinates \(10, 900\) are outside the viewport/],
    ['drag missing end', { actions: [{ type: 'mouse_drag', start_x: 10, start_y: 10, end_x: 10 }] }, /actions\[0\]: mouse_drag: end_y: required/],
    ['type without text', { actions: [click, { type: 'keyboard_type' }] }, /actions\[1\]: keyboard_type: text: required/],
    ['press without key', { actions: [{ type: 'keyboard_press' }] }, /actions\[0\]: keyboard_press: key: required/],
    ['press unknown key', { actions: [click, { type: 'keyboard_press', key: 'NOPE' }] }, /actions\[1\]: keyboard_press: key: unknown key/],
    ['press unknown modifier', { actions: [{ type: 'keyboard_press', key: 'a', modifiers: ['Hyper'] }] }, /actions\[0\]: keyboard_press: modifiers.0: unknown modifier "Hyper"/],
    ['press bad action', { actions: [{ type: 'keyboard_press', key: 'a', action: 'hold' }] }, /actions\[0\]: keyboard_press: action: .*"press"/],
    ['more than --max-batch', { actions: Array.from({ length: 9 }, () => click) }, /actions: at most 8 sub-actions per batch \(--max-batch\), got 9/],
  ];
  for (const [name, body, message] of cases) {
    it(name, async () => {
      const r = await h.api('POST', `/tabs/${tab}/batch`, { ...(body as object), screenshot: noShot });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.code).toBe('INVALID_PARAMS');
      expect(r.body.error).toMatch(message);
      // Validation runs before the runner: no action id, no frame, no input.
      expect(r.body.action_id).toBeUndefined();
    });
  }

  it('the valid items before a bad one were not dispatched', async () => {
    expect(await h.value(tab, 'window.clicks')).toBe(0);
    expect(await h.value(tab, 'window.mouseLog.length')).toBe(0);
  });

  it('an unknown tab is a 404', async () => {
    const r = await h.api('POST', '/tabs/NOPE/batch', { actions: [click] });
    expect(r.status).toBe(404);
  });
});

describe('batch execution', () => {
  it('runs every item in order inside one envelope', async () => {
    const actions = [
      { type: 'mouse_click', x: 150, y: 195 },          // focus #text
      { type: 'keyboard_type', text: 'ab' },
      { type: 'mouse_click', x: 600, y: 195 },          // focus #keys
      { type: 'keyboard_press', key: 'shift', action: 'down' },
      { type: 'keyboard_press', key: 'Q' },
      { type: 'keyboard_press', key: 'SHIFT', action: 'up' },
      { type: 'keyboard_press', key: 'ESC' },
      { type: 'mouse_hover', x: 750, y: 100 },
    ];
    const r = await h.api('POST', `/tabs/${tab}/batch`, { actions, screenshot: { format: 'png' } });
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
    const env = r.body;
    expect(env.result).toEqual({ actions_executed: 8 });
    expect(typeof env.action_id).toBe('string');
    expect(env.screenshot_before?.data).toBeTruthy();
    expect(env.screenshot_after?.data).toBeTruthy();
    expect(env.settle).toBeDefined();
    expect(env.cursor).toMatchObject({ x: 750, y: 100 });

    expect(await h.value(tab, "document.getElementById('text').value")).toBe('ab');
    expect(await h.value(tab, "document.getElementById('keys').value")).toBe('Q');
    const mouse = await h.value<{ type: string; target: string }[]>(tab, 'window.mouseLog.filter((e) => e.type === "click")');
    expect(mouse.map((e) => e.target)).toEqual(['text', 'keys']);
    const keys = await h.value<{ type: string; key: string; shift: boolean }[]>(tab, 'window.keyLog');
    expect(keys.map((k) => `${k.type} ${k.key}${k.shift ? ' +shift' : ''}`)).toEqual([
      // A Shift keydown reports shiftKey itself, as keyboard/down does (and a real keyboard).
      'keydown Shift +shift', 'keydown Q +shift', 'keyup Q +shift', 'keyup Shift', 'keydown Escape', 'keyup Escape',
    ]);
    expect(await h.value(tab, 'window.isHovered()')).toBe(true);
  });

  it('a drag and a click in one batch: the drag path is complete and the click lands after it', async () => {
    const r = await h.api('POST', `/tabs/${tab}/batch`, {
      actions: [
        { type: 'mouse_drag', start_x: 720, start_y: 350, end_x: 1000, end_y: 350, steps: 5 },
        { type: 'mouse_click', x: 100, y: 100 },
      ],
      screenshot: noShot,
    });
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
    expect(r.body.result.actions_executed).toBe(2);
    const path = await h.value<{ type: string; x: number }[]>(tab, 'window.dragPath');
    expect(path[0]).toMatchObject({ type: 'down', x: 720 });
    expect(path.at(-1)).toMatchObject({ type: 'up', x: 1000 });
    expect(path.filter((p) => p.type === 'move').length).toBeGreaterThanOrEqual(5);
    expect(await h.value(tab, 'window.clicks')).toBe(1);
    const downs = await h.value<string[]>(tab, 'window.mouseLog.filter((e) => e.type === "mousedown").map((e) => e.target)');
    expect(downs.slice(-2)).toEqual(['drag-source', 'btn']);
  });
});
