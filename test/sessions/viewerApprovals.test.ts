// The viewer shows pending HITL approvals with their screenshot and two buttons (sessions.md §4):
// a listening daemon opens its own viewer (--allow-self-view) in a default-session tab; pressing
// Approve there runs the held click exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../daemon/config.ts';
import { startDaemon, type Daemon } from '../../daemon/daemon.ts';
import { createLogger } from '../../daemon/log.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';
import { waitFor } from '../support/spawnDaemon.ts';

let daemon: Daemon;
let fixtures: FixtureServer;
let dir: string;
let base: string;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(`${base}/api/v1${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  return { status: r.status, body: await r.json() };
}
const value = async (tab: string, script: string): Promise<any> => (await api('POST', `/tabs/${tab}/execute`, { script, screenshot: { area: 'none' } })).body.result.value;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'abpd-approvals-'));
  fixtures = await startFixtureServer();
  daemon = await startDaemon(defaultConfig({ sessionDir: dir, port: 0, logLevel: 'quiet', history: true, pause: false, allowSelfView: true }), { listen: true, log: createLogger('quiet') });
  base = `http://127.0.0.1:${daemon.port}`;
}, 60_000);
afterAll(async () => { await daemon?.stop('done'); await fixtures?.close(); rmSync(dir, { recursive: true, force: true }); });

describe('viewer: pending approvals', () => {
  it('shows the held payment with its screenshot; Approve runs it once', async () => {
    const s = await api('POST', '/sessions', { policies: { hitl_transaction_threshold_cents: 10000 } });
    const shop = s.body.tab_id;
    await api('POST', `/tabs/${shop}/navigate`, { url: fixtures.url('/pages/checkout.html'), screenshot: { area: 'none' } });
    const held = await api('POST', `/tabs/${shop}/click`, { x: 140, y: 220, screenshot: { area: 'none' } });
    expect(held.status).toBe(423);
    const id = held.body.data.approval.approval_id;

    const viewer = (await api('POST', '/tabs', {})).body.id;
    await api('POST', `/tabs/${viewer}/navigate`, { url: `${base}/ui`, screenshot: { area: 'none' } });
    const shown = `(() => { const li = document.querySelector('[data-approval-id="${id}"]');
      return li ? { text: li.textContent, img: li.querySelector('img')?.naturalWidth ?? 0, visible: !document.getElementById('approvals-box').hidden } : null; })()`;
    await waitFor(async () => ((await value(viewer, shown))?.img ?? 0) > 0, 20_000, 'the approval with its screenshot');
    const item = await value(viewer, shown);
    expect(item.visible).toBe(true);
    expect(item.text).toContain('250.00 USD');
    expect(await value(shop, 'window.orderClicks')).toBe(0);
    await value(viewer, `document.querySelector('[data-approval-id="${id}"] button.approve').click(), 1`);
    await waitFor(async () => (await value(shop, 'window.orderClicks')) === 1, 20_000, 'the approved click');
    await waitFor(async () => (await value(viewer, shown)) === null, 20_000, 'the approval to leave the list');
    expect(await value(shop, 'window.orderClicks')).toBe(1);
    expect((await api('GET', `/sessions/${s.body.session_id}`)).body.status).toBe('ready');
  }, 90_000);
});
