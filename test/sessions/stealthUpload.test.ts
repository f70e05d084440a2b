// stealth_mode (what a page reads that says "automated") and allow_file_upload:false (a chooser
// answer with files is 403, cancelling still works), sessions.md §3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 60_000);
afterAll(async () => { await h?.close(); });

const none = { screenshot: { area: 'none' } };
const PROBE = `(() => {
  const gl = document.createElement('canvas').getContext('webgl');
  const c = document.createElement('canvas'); c.width = 50; c.height = 20;
  const x = c.getContext('2d'); x.fillStyle = '#808080'; x.fillRect(0, 0, 50, 20);
  return JSON.stringify({ ua: navigator.userAgent, webdriver: navigator.webdriver,
    brands: (navigator.userAgentData?.brands ?? []).map((b) => b.brand),
    vendor: gl ? gl.getParameter(0x9245) : null, canvas: c.toDataURL(), again: c.toDataURL() });
})()`;

async function probe(body: unknown): Promise<{ id: string; seen: any }> {
  const s = await h.api('POST', '/sessions', body);
  await h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url('/pages/static.html'), ...none });
  return { id: s.body.session_id, seen: JSON.parse(await h.value<string>(s.body.tab_id, PROBE)) };
}

describe('stealth_mode', () => {
  it('hides HeadlessChrome and webdriver, reports a common WebGL vendor, and seeds canvas noise per session', async () => {
    const plain = await probe({});
    expect(plain.seen.ua).toContain('HeadlessChrome');
    const a = await probe({ policies: { stealth_mode: true } });
    const b = await probe({ policies: { stealth_mode: true } });
    expect(a.seen.ua).not.toContain('HeadlessChrome');
    expect(a.seen.ua).toContain('Chrome/');
    expect(a.seen.webdriver).toBe(false);
    expect(a.seen.brands).toContain('Google Chrome');
    if (plain.seen.vendor !== null) expect(a.seen.vendor).toBe('Intel Inc.');
    expect(a.seen.canvas).not.toBe(plain.seen.canvas);
    expect(a.seen.canvas).not.toBe(b.seen.canvas);
    expect(a.seen.again).toBe(a.seen.canvas); // stable within the session
    for (const s of [plain, a, b]) await h.api('DELETE', `/sessions/${s.id}`);
  }, 60_000);
});

describe('allow_file_upload:false', () => {
  it('refuses a chooser answer with files (403), lets it be cancelled', async () => {
    const s = await h.api('POST', '/sessions', { policies: { allow_file_upload: false } });
    const tab = s.body.tab_id;
    await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/filechooser.html'), ...none });
    const click = await h.api('POST', `/tabs/${tab}/click`, { x: 140, y: 100, ...none });
    const fc = click.body.events.find((e: any) => e.type === 'file_chooser').data;
    const r = await h.api('POST', `/file-chooser/${fc.id}`, { content_files: [{ filename: 'a.txt', data: Buffer.from('x').toString('base64') }] });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'PERMISSION_DENIED', data: { rpc_code: -32002, policy: 'allow_file_upload' } });
    expect(await h.value(tab, 'window.fileLog.length')).toBe(0);
    expect((await h.api('POST', `/file-chooser/${fc.id}`, { cancel: true })).status).toBe(200);
    await h.api('DELETE', `/sessions/${s.body.session_id}`);
  }, 60_000);
});
