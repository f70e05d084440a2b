// Native UI inside a cross-site (out-of-process) iframe: its own renderer and CDP session get the
// same interception as the page, reports carry the tab, answers go back to the frame, and picker
// bounds are in the tab's viewport (test/pages/oopif.html puts the frame at 100,100).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { until } from '../markup/markHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const eventOf = (env: any, type: string) => env.events.find((e: any) => e.type === type);
const click = (tab: string, x: number, y: number) => h.api('POST', `/tabs/${tab}/click`, { x, y, screenshot: { area: 'none' } });

/** Opens oopif.html framing `page` from the other site; checks the frame really is out of process. */
async function framed(page: string, allow = ''): Promise<string> {
  const src = encodeURIComponent(`${h.fixtures.altOrigin}${page}`);
  const tab = await h.openTab(`/pages/oopif.html?src=${src}${allow ? `&allow=${allow}` : ''}`);
  await until(h, tab, 'window.frameLoaded');
  expect(h.daemon.host.getTab(tab).page.frameSessions.size).toBe(1);
  // The look an agent takes before it acts (the navigation above asked for no frame).
  expect((await h.api('POST', `/tabs/${tab}/screenshot`, {})).status).toBe(200);
  return tab;
}

/** Evaluates in the framed document (its own session; the top page cannot reach into it). */
async function inFrame<T>(tab: string, expression: string): Promise<T> {
  const [session] = h.daemon.host.getTab(tab).page.frameSessions.values();
  const r = await session!.send('Runtime.evaluate', { expression, returnByValue: true });
  return r.result.value as T;
}

describe('native UI in an out-of-process iframe', () => {
  it('a <select> reports select_open with bounds in the tab viewport; the answer reaches the frame', async () => {
    const tab = await framed('/pages/pickers.html');
    const r = await click(tab, 100 + 140, 100 + 95);
    const open = eventOf(r.body, 'select_open');
    expect(open, JSON.stringify(r.body.events)).toBeDefined();
    expect(open.data).toMatchObject({ tab_id: tab, selected_index: 0, bounds: { x: 140, y: 180, width: 200, height: 30 } });
    expect((await h.api('POST', `/select/${open.data.id}`, { indices: [2] })).status).toBe(200);
    expect(await inFrame(tab, 'document.getElementById("fruit").value')).toBe('orange');
    expect(await inFrame(tab, 'window.__log.map((e) => e.evt).join()')).toBe('input,change');
  });

  it('a file input reports file_chooser; content_files land in the frame\'s input', async () => {
    const tab = await framed('/pages/filechooser.html');
    const r = await click(tab, 100 + 140, 100 + 100);
    const fc = eventOf(r.body, 'file_chooser');
    expect(fc, JSON.stringify(r.body.events)).toBeDefined();
    const answered = await h.api('POST', `/file-chooser/${fc.data.id}`, { content_files: [{ filename: 'f.txt', data: Buffer.from('in a frame').toString('base64') }] });
    expect(answered.status, JSON.stringify(answered.body).slice(0, 300)).toBe(200);
    for (let i = 0; i < 50 && (await inFrame(tab, 'window.fileText.single ?? null')) === null; i += 1) await new Promise((res) => setTimeout(res, 50));
    expect(await inFrame(tab, 'window.fileText.single')).toBe('in a frame');
  });

  it('geolocation asked by the frame (allow="geolocation") is held for the top-level origin, as Chromium prompts; a grant reaches the frame', async () => {
    const tab = await framed('/pages/permissions.html', 'geolocation');
    const r = await click(tab, 100 + 100, 100 + 100);
    const asked = eventOf(r.body, 'permission_requested');
    expect(asked?.data, JSON.stringify(r.body.events)).toMatchObject({ tab_id: tab, permission_type: 'geolocation', origin: h.fixtures.origin });
    const granted = await h.api('POST', `/permissions/${asked.data.id}/grant`, { permission_type: 'geolocation', latitude: 52.5, longitude: 13.4 });
    expect(granted.status, JSON.stringify(granted.body).slice(0, 300)).toBe(200);
    expect(await inFrame(tab, 'window.geoResult')).toMatchObject({ lat: 52.5, lng: 13.4 });
  });
});
