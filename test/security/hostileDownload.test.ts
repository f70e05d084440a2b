// Issue 27 item 1: a page's download must never run as script on the daemon's origin. The attack
// chain: a page downloads an HTML file, the agent is led to its content URL (directly or by a 302),
// and its script calls the API same-origin. A proxy in front of the daemon strips chosen headers so
// each layer is shown to stop the chain alone, and a control run with every layer removed proves
// the chain is real (the test can fail).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../daemon/config.ts';
import { startDaemon, type Daemon } from '../../daemon/daemon.ts';
import { createLogger } from '../../daemon/log.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';

let daemon: Daemon;
let fixtures: FixtureServer;
let proxy: Server;
let proxyOrigin = '';
let sessionDir = '';
/** Response headers the proxy removes (lower case). */
let strip: string[] = [];

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await fetch(`http://127.0.0.1:${daemon.port}/api/v1${path}`, {
    method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try { parsed = JSON.parse(text); } catch { /* bytes */ }
  return { status: r.status, body: parsed, headers: r.headers };
}

/** The hostile page's download, completed; returns its id. */
async function downloadPayload(tab: string): Promise<string> {
  const nav = await api('POST', `/tabs/${tab}/navigate`, { url: fixtures.url('/pages/hostile-download.html'), screenshot: { area: 'none' } });
  expect(nav.status).toBe(200);
  const click = await api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
  const started = click.body.events.find((e: any) => e.type === 'download_started');
  expect(started, JSON.stringify(click.body.events)).toBeDefined();
  const id = started.data.download_id as string;
  for (let i = 0; i < 50 && (await api('GET', `/downloads/${id}`)).body.state !== 'completed'; i += 1) await new Promise((r) => setTimeout(r, 100));
  const record = (await api('GET', `/downloads/${id}`)).body;
  expect(record).toMatchObject({ state: 'completed', mime_type: 'text/html' });
  return id;
}

/** The agent follows the page: navigates the tab to `url`, then reads the tab's title. */
async function followAndReadTitle(tab: string, url: string): Promise<string> {
  await api('POST', `/tabs/${tab}/navigate`, { url, screenshot: { area: 'none' } });
  // The payload's fetch is in flight at most briefly; give it a moment of wall time.
  await new Promise((r) => setTimeout(r, 300));
  const r = await api('POST', `/tabs/${tab}/execute`, { script: 'document.title', screenshot: { area: 'none' } });
  return String(r.body.result?.value);
}

beforeAll(async () => {
  sessionDir = mkdtempSync(join(tmpdir(), 'abpd-hostile-'));
  fixtures = await startFixtureServer();
  daemon = await startDaemon(defaultConfig({ sessionDir, port: 0, history: false, logLevel: 'quiet' }), { listen: true, log: createLogger('quiet') });
  proxy = createServer((req, res) => {
    const upstream = request({ host: '127.0.0.1', port: daemon.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: `127.0.0.1:${daemon.port}` } }, (up) => {
      const headers = { ...up.headers };
      for (const name of strip) delete headers[name];
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    });
    upstream.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyOrigin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await daemon?.stop('test finished');
  await fixtures?.close();
  await new Promise((r) => proxy?.close(r));
  rmSync(sessionDir, { recursive: true, force: true });
});

const ALL_LAYER_A = ['content-disposition', 'content-security-policy', 'x-content-type-options'];

describe('a hostile download never runs on the daemon\'s origin', () => {
  it('control: with the headers removed and the id known, the chain works (the test can see the attack)', async () => {
    const tab = (await api('POST', '/tabs', {})).body.id;
    const id = await downloadPayload(tab);
    strip = ALL_LAYER_A;
    expect(await followAndReadTitle(tab, `${proxyOrigin}/api/v1/downloads/${id}/content`)).toMatch(/^PWNED \d+$/);
  });

  it('layer (a): the content goes out as attachment + nosniff + CSP sandbox', async () => {
    const tab = (await api('POST', '/tabs', {})).body.id;
    const id = await downloadPayload(tab);
    const r = await api('GET', `/downloads/${id}/content`);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="evil( \(\d+\))?\.html"/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    strip = [];
    expect(await followAndReadTitle(tab, `${proxyOrigin}/api/v1/downloads/${id}/content`)).not.toMatch(/PWNED|payload/);
  });

  it('layer (a) alone, each half: attachment without the CSP, and the CSP sandbox without attachment', async () => {
    const tab = (await api('POST', '/tabs', {})).body.id;
    const id = await downloadPayload(tab);
    strip = ['content-security-policy', 'x-content-type-options'];
    expect(await followAndReadTitle(tab, `${proxyOrigin}/api/v1/downloads/${id}/content`)).not.toMatch(/PWNED|payload/);
    strip = ['content-disposition', 'x-content-type-options'];
    // Rendered, but sandboxed with no script allowed: the payload's script never runs.
    expect(await followAndReadTitle(tab, `${proxyOrigin}/api/v1/downloads/${id}/content`)).not.toMatch(/PWNED|payload ran/);
  });

  it('layer (c) alone: with every header removed, a page cannot name the download (a 302 to a guessed id is 404)', async () => {
    const tab = (await api('POST', '/tabs', {})).body.id;
    const id = await downloadPayload(tab);
    expect(id).toMatch(/^dl_[0-9a-f]{32}$/);
    strip = ALL_LAYER_A;
    for (const guess of ['dl_1', 'dl_2', 'dl_3']) {
      const to = `${proxyOrigin}/api/v1/downloads/${guess}/content`;
      expect((await api('GET', `/downloads/${guess}/content`)).status).toBe(404);
      expect(await followAndReadTitle(tab, fixtures.url(`/redirect?to=${encodeURIComponent(to)}`))).not.toMatch(/PWNED|payload/);
    }
  });

  it('every API answer carries nosniff and the sandbox CSP; screenshots stay inline images', async () => {
    const tabs = await api('GET', '/tabs');
    expect(tabs.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(tabs.headers.get('x-content-type-options')).toBe('nosniff');
    const missing = await api('GET', '/nope');
    expect(missing.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    const tab = (await api('POST', '/tabs', {})).body.id;
    const shot = await api('GET', `/tabs/${tab}/screenshot`);
    expect(shot.status).toBe(200);
    expect(shot.headers.get('content-type')).toMatch(/^image\//);
    expect(shot.headers.get('content-disposition')).toBeNull();
    expect(shot.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
  });
});
