// Native <select> popups, date/time pickers (rest.md §4.14) and permission prompts (§4.15): what
// headless cannot show or ask is intercepted in the page, reported with the action that opened it,
// and answered by id; the page sees input + change, or its geolocation callback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const eventOf = (env: any, type: string) => env.events.find((e: any) => e.type === type);
const click = (tab: string, x: number, y: number) => h.api('POST', `/tabs/${tab}/click`, { x, y, screenshot: { area: 'none' } });

describe('native <select>', () => {
  it('a click reports select_open with the items; choosing fires input + change', async () => {
    const tab = await h.openTab('/pages/pickers.html');
    const r = await click(tab, 140, 95);
    const open = eventOf(r.body, 'select_open');
    expect(open, JSON.stringify(r.body.events)).toBeDefined();
    expect(open.data).toMatchObject({
      type: 'select_open', tab_id: tab, allow_multiple_selection: false, selected_index: 0,
      bounds: { x: 40, y: 80, width: 200, height: 30 },
      items: [
        { index: 0, type: 'option', label: 'Apple', enabled: true, checked: true },
        { index: 1, type: 'group', label: 'Citrus', enabled: true, checked: false },
        { index: 2, type: 'option', label: 'Orange', enabled: true, checked: false },
        { index: 3, type: 'option', label: 'Lemon', enabled: false, checked: false },
        { index: 4, type: 'option', label: 'Banana', enabled: true, checked: false },
      ],
    });
    expect(open.data.id).toMatch(/^sp_\d+$/);
    // Nothing changed yet, and the select has focus (as after a real click).
    expect(await h.value(tab, 'document.activeElement.id + " " + window.__log.length')).toBe('fruit 0');
    expect((await h.api('POST', `/select/${open.data.id}`, { indices: [3] })).status).toBe(400); // disabled
    const picked = await h.api('POST', `/select/${open.data.id}`, { indices: [4] });
    expect(picked.body).toEqual({ success: true, tab_id: tab });
    expect(await h.value(tab, 'window.__log')).toEqual([{ id: 'fruit', evt: 'input', value: 'banana' }, { id: 'fruit', evt: 'change', value: 'banana' }]);
    expect((await h.api('POST', `/select/${open.data.id}`, { indices: [0] })).status).toBe(404);
  });

  it('an answered select shows in the next before-frame (the answer is not an action: no stale frame)', async () => {
    const tab = await h.openTab('/pages/pickers.html');
    const open = eventOf((await click(tab, 140, 95)).body, 'select_open').data;
    const png = { screenshot: { format: 'png', cursor: false } };
    const seen = await h.api('POST', `/tabs/${tab}/screenshot`, png);
    expect((await h.api('POST', `/select/${open.id}`, { indices: [4] })).status).toBe(200);
    const next = await h.api('POST', `/tabs/${tab}/screenshot`, png);
    expect(next.body.screenshot_before.data).not.toBe(seen.body.screenshot_after.data); // 'Banana' is drawn now
  });

  it('keyboard (Alt+ArrowDown) and showPicker() open it too; cancel leaves the value; listboxes are not intercepted', async () => {
    const tab = await h.openTab('/pages/pickers.html');
    const first = eventOf((await click(tab, 140, 95)).body, 'select_open').data;
    expect((await h.api('POST', `/select/${first.id}`, { cancel: true })).body).toEqual({ success: true, cancelled: true, tab_id: tab });
    const key = await h.api('POST', `/tabs/${tab}/keyboard/press`, { key: 'ArrowDown', modifiers: ['Alt'], screenshot: { area: 'none' } });
    expect(eventOf(key.body, 'select_open')).toBeDefined();
    const exec = await h.api('POST', `/tabs/${tab}/execute`, { script: "window.__showPicker('fruit')", screenshot: { area: 'none' } });
    expect(exec.body.result.value).toBe('ok');
    expect(eventOf(exec.body, 'select_open')?.data.selected_index).toBe(0);
    expect(await h.value(tab, 'window.__log.length')).toBe(0);
    const listbox = await click(tab, 380, 90);
    expect(eventOf(listbox.body, 'select_open')).toBeUndefined();
    expect(await h.value(tab, "document.getElementById('multi').value")).toBe('One');
  });

  it('the interception is invisible to page scripts', async () => {
    const tab = await h.openTab('/pages/pickers.html');
    const seen = await h.value(tab, `JSON.stringify({
      globals: Object.getOwnPropertyNames(window).filter((n) => /abpd/i.test(n)),
      showPicker: HTMLSelectElement.prototype.showPicker.toString(),
      geo: navigator.geolocation.getCurrentPosition.toString(),
      name: navigator.geolocation.getCurrentPosition.name,
    })`);
    expect(JSON.parse(seen as string)).toEqual({
      globals: [], showPicker: 'function showPicker() { [native code] }',
      geo: 'function getCurrentPosition() { [native code] }', name: 'getCurrentPosition',
    });
  });
});

describe('date/time pickers', () => {
  it('showPicker() reports datetime_picker_open; a value sets the input with input + change', async () => {
    const tab = await h.openTab('/pages/pickers.html');
    const exec = await h.api('POST', `/tabs/${tab}/execute`, { script: "window.__showPicker('date')", screenshot: { area: 'none' } });
    expect(exec.body.result.value).toBe('ok');
    const open = eventOf(exec.body, 'datetime_picker_open');
    expect(open?.data).toMatchObject({ type: 'datetime_picker_open', tab_id: tab, input_type: 'date', value: '2026-01-15', bounds: { x: 40, y: 160 } });
    expect(open.data.id).toMatch(/^dtp_\d+$/);
    expect((await h.api('POST', `/datetime-picker/${open.data.id}`, { value: '15/06/2026' })).status).toBe(400);
    expect((await h.api('POST', `/datetime-picker/${open.data.id}`, { value: '2026-06-15' })).body).toEqual({ success: true, tab_id: tab });
    expect(await h.value(tab, 'window.__log')).toEqual([{ id: 'date', evt: 'input', value: '2026-06-15' }, { id: 'date', evt: 'change', value: '2026-06-15' }]);
  });

  it('a click on the calendar indicator opens the picker; time, month, week and datetime-local take ISO values', async () => {
    const tab = await h.openTab('/pages/pickers.html');
    const clicked = eventOf((await click(tab, 228, 175)).body, 'datetime_picker_open');
    expect(clicked?.data.input_type).toBe('date');
    await h.api('POST', `/datetime-picker/${clicked.data.id}`, { cancel: true });
    for (const [id, value] of [['time', '14:45'], ['month', '2026-06'], ['week', '2026-W25'], ['dtl', '2026-06-15T14:45']] as const) {
      const e = await h.api('POST', `/tabs/${tab}/execute`, { script: `window.__showPicker('${id}')`, screenshot: { area: 'none' } });
      const open = eventOf(e.body, 'datetime_picker_open');
      expect(open, id).toBeDefined();
      expect((await h.api('POST', `/datetime-picker/${open.data.id}`, { value })).status).toBe(200);
      expect(await h.value(tab, `document.getElementById('${id}').value`)).toBe(value);
    }
    expect((await h.api('POST', '/datetime-picker/dtp_999', { cancel: true })).status).toBe(404);
  });
});

describe('permissions', () => {
  it('geolocation is held: permission_requested, then grant gives the page the position', async () => {
    const tab = await h.openTab('/pages/permissions.html');
    const r = await click(tab, 100, 100);
    const req = eventOf(r.body, 'permission_requested');
    expect(req?.data).toMatchObject({ type: 'permission_requested', tab_id: tab, permission_type: 'geolocation', origin: h.fixtures.url('/').replace(/\/$/, '') });
    expect(await h.value(tab, 'window.geoResult === undefined')).toBe(true);
    const list = (await h.api('GET', '/permissions')).body.permissions;
    expect(list).toContainEqual(expect.objectContaining({ id: req.data.id, tab_id: tab, permission_type: 'geolocation' }));
    expect((await h.api('POST', `/permissions/${req.data.id}/grant`, { permission_type: 'geolocation' })).status).toBe(400);
    expect((await h.api('POST', `/permissions/${req.data.id}/grant`, { permission_type: 'camera', latitude: 1, longitude: 2 })).status).toBe(400);
    const granted = await h.api('POST', `/permissions/${req.data.id}/grant`, { permission_type: 'geolocation', latitude: 52.52, longitude: 13.405, accuracy: 10 });
    expect(granted.status, JSON.stringify(granted.body).slice(0, 300)).toBe(200);
    expect(granted.body.result).toEqual({ status: 'granted', permission_type: 'geolocation' });
    expect(await h.value(tab, 'window.geoResult')).toEqual({ lat: 52.52, lng: 13.405, accuracy: 10 });
    expect((await h.api('GET', '/permissions')).body.permissions.some((p: any) => p.id === req.data.id)).toBe(false);
  });

  it('deny gives PERMISSION_DENIED and is remembered for the origin (watchPosition too)', async () => {
    const h2 = await startHarness();
    try {
      const tab = await h2.openTab('/pages/permissions.html');
      const r = await h2.api('POST', `/tabs/${tab}/click`, { x: 700, y: 100, screenshot: { area: 'none' } });
      const req = eventOf(r.body, 'permission_requested');
      const denied = await h2.api('POST', `/permissions/${req.data.id}/deny`, { permission_type: 'geolocation' });
      expect(denied.body.result).toEqual({ status: 'denied', permission_type: 'geolocation' });
      expect(await h2.value(tab, 'window.watched')).toEqual([{ error: 1 }]);
      const again = await h2.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
      expect(eventOf(again.body, 'permission_requested')).toBeUndefined();
      expect(await h2.value(tab, 'window.geoResult')).toEqual({ error: 1 });
    } finally {
      await h2.close();
    }
  });

  it('notification and camera prompts are denied at once and reported', async () => {
    const tab = await h.openTab('/pages/permissions.html');
    const n = await click(tab, 300, 100);
    expect(eventOf(n.body, 'permission_auto_denied')?.data).toMatchObject({ type: 'permission_auto_denied', tab_id: tab, permission_type: 'notifications' });
    expect(await h.value(tab, 'window.notifyResult')).toBe('denied');
    const c = await click(tab, 500, 100);
    expect(eventOf(c.body, 'permission_auto_denied')?.data.permission_type).toBe('camera');
    expect(await h.value(tab, 'window.cameraResult')).toBe('NotAllowedError');
    expect((await h.api('POST', '/permissions/perm_999/deny', { permission_type: 'geolocation' })).status).toBe(404);
  });
});
