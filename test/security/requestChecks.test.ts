// The request rules of operations.md "Security", in-process: Host (DNS rebinding), Origin and
// Sec-Fetch-Site (cross-site pages), no CORS, JSON-only bodies, body size. Each refusal is checked to
// have stopped the request *before* it acted (the click counter of a real page stays at 0).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
let tab: string;
beforeAll(async () => {
  h = await startHarness({ allowedHosts: ['abpd.internal'], allowedOrigins: ['http://dashboard.local:3000'] });
  tab = await h.openTab('/pages/click.html');
});
afterAll(async () => { await h?.close(); });

const CLICK = JSON.stringify({ x: 100, y: 100, screenshot: { area: 'none' } });
const clicks = (): Promise<number> => h.value<number>(tab, 'window.clicks');

function click(headers: Record<string, string>, body = CLICK): Promise<Response> {
  return h.raw('POST', `/tabs/${tab}/click`, { body, headers: { 'content-type': 'application/json', ...headers } });
}

async function expectRefused(r: Response, status: number, code: string): Promise<void> {
  const body = await r.json() as { code: string; error: string };
  expect(r.status, JSON.stringify(body)).toBe(status);
  expect(body.code).toBe(code);
  expect(body.error.length).toBeGreaterThan(20);
}

describe('Host allow-list', () => {
  it('refuses a rebinding Host (evil.example) with 403 before the click lands', async () => {
    await expectRefused(await click({ host: 'evil.example' }), 403, 'FORBIDDEN_HOST');
    await expectRefused(await click({ host: 'evil.example:8222' }), 403, 'FORBIDDEN_HOST');
    await expectRefused(await click({ host: '127.0.0.1.evil.example:8222' }), 403, 'FORBIDDEN_HOST');
    await expectRefused(await h.raw('GET', '/tabs', { headers: { host: 'evil.example' } }), 403, 'FORBIDDEN_HOST');
    expect(await clicks()).toBe(0);
  });

  it('accepts 127.0.0.1, localhost, [::1] and --allowed-host names', async () => {
    for (const host of ['127.0.0.1:8222', 'localhost:8222', '[::1]:8222', 'LOCALHOST:8222', 'abpd.internal:8222']) {
      const r = await h.raw('GET', '/tabs', { headers: { host } });
      expect(r.status, host).toBe(200);
    }
  });

  it('refuses a malformed Host', async () => {
    await expectRefused(await h.raw('GET', '/tabs', { headers: { host: 'localhost:99999' } }), 403, 'FORBIDDEN_HOST');
    await expectRefused(await h.raw('GET', '/tabs', { headers: { host: 'local host' } }), 403, 'FORBIDDEN_HOST');
  });
});

describe('Origin allow-list and Sec-Fetch-Site', () => {
  it('refuses a cross-site Origin with 403 and the click does not land', async () => {
    await expectRefused(await click({ origin: 'http://evil.example' }), 403, 'FORBIDDEN_ORIGIN');
    await expectRefused(await click({ origin: 'null' }), 403, 'FORBIDDEN_ORIGIN');
    await expectRefused(await click({ origin: 'http://localhost:3000' }), 403, 'FORBIDDEN_ORIGIN');
    // Same host, other scheme: not our origin.
    await expectRefused(await click({ origin: 'https://127.0.0.1:8222' }), 403, 'FORBIDDEN_ORIGIN');
    expect(await clicks()).toBe(0);
  });

  it('allows the daemon\'s own origin (the viewer) and --allowed-origin', async () => {
    expect((await h.raw('GET', '/tabs', { headers: { origin: 'http://127.0.0.1:8222' } })).status).toBe(200);
    expect((await h.raw('GET', '/tabs', { headers: { host: 'localhost:8222', origin: 'http://localhost:8222' } })).status).toBe(200);
    expect((await h.raw('GET', '/tabs', { headers: { origin: 'http://dashboard.local:3000/' } })).status).toBe(200);
  });

  it('refuses a cross-site GET without Origin (an <img> or <script> tag) by Sec-Fetch-Site', async () => {
    await expectRefused(await h.raw('GET', '/tabs', { headers: { 'sec-fetch-site': 'cross-site' } }), 403, 'FORBIDDEN_ORIGIN');
    await expectRefused(await h.raw('GET', '/tabs', { headers: { 'sec-fetch-site': 'same-site' } }), 403, 'FORBIDDEN_ORIGIN');
    expect((await h.raw('GET', '/tabs', { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    expect((await h.raw('GET', '/tabs', { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200);
  });
});

describe('no CORS', () => {
  it('answers a preflight with 403/405 and no Access-Control-* header', async () => {
    const preflight = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' };
    const cross = await h.raw('OPTIONS', `/tabs/${tab}/click`, { headers: { origin: 'http://evil.example', ...preflight } });
    expect(cross.status).toBe(403);
    const own = await h.raw('OPTIONS', `/tabs/${tab}/click`, { headers: { origin: 'http://127.0.0.1:8222', ...preflight } });
    expect(own.status).toBe(405);
    const plain = await h.raw('OPTIONS', '/tabs');
    expect(plain.status).toBe(405);
    for (const r of [cross, own, plain]) expect([...r.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
  });

  it('sends no Access-Control-* header on normal answers either', async () => {
    const r = await h.raw('GET', '/tabs', { headers: { origin: 'http://127.0.0.1:8222' } });
    expect(r.status).toBe(200);
    expect([...r.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
  });
});

describe('JSON-only bodies', () => {
  it('refuses text/plain and form-encoded POSTs (what a cross-site form can send) with 415', async () => {
    await expectRefused(await click({ 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefused(await click({ 'content-type': 'text/plain;charset=UTF-8' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefused(await click({ 'content-type': 'application/x-www-form-urlencoded' }, 'x=100&y=100'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefused(await click({ 'content-type': 'multipart/form-data; boundary=b' }, '--b\r\n\r\n--b--'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // A string body without a declared type: fetch() labels it text/plain by itself.
    await expectRefused(await h.raw('POST', `/tabs/${tab}/click`, { body: CLICK }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await clicks()).toBe(0);
  });

  it('refuses an empty cross-site form POST to /browser/shutdown (the daemon keeps running)', async () => {
    const r = await h.raw('POST', '/browser/shutdown', { body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await expectRefused(r, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect((await h.api('GET', '/browser/status')).body.data.ready).toBe(true);
  });

  it('accepts application/json with parameters, and a POST with no body and no type', async () => {
    expect((await click({ 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect(await clicks()).toBe(1);
    const r = await h.raw('POST', `/tabs/${tab}/stop`);
    expect(r.status).toBe(200);
  });
});

describe('body size', () => {
  it('refuses a body over 1 MiB with 413 before parsing (the click does not land)', async () => {
    const big = JSON.stringify({ x: 100, y: 100, screenshot: { area: 'none' }, pad: 'x'.repeat(1024 * 1024) });
    await expectRefused(await click({}, big), 413, 'PAYLOAD_TOO_LARGE');
    // Not JSON at all: still 413, so the size is checked before the parser runs.
    await expectRefused(await click({}, '['.repeat(2 * 1024 * 1024)), 413, 'PAYLOAD_TOO_LARGE');
    expect(await clicks()).toBe(1);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    await expectRefused(await click({ 'content-length': String(5 * 1024 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('lets file-chooser uploads be up to 50 MiB', async () => {
    const upload = JSON.stringify({ content_files: [{ filename: 'a.bin', data: 'A'.repeat(3 * 1024 * 1024) }] });
    const r = await h.raw('POST', '/file-chooser/fc_999', { body: upload, headers: { 'content-type': 'application/json' } });
    expect(r.status).not.toBe(413);
    expect(r.status).toBeLessThan(500);
    const huge = await h.raw('POST', '/file-chooser/fc_999', { body: '', headers: { 'content-type': 'application/json', 'content-length': String(51 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
  });
});
