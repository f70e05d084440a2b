// Chromium killed under live sessions: their contexts are gone, so they become `error` (logged as
// session_error), later calls about them are 410 and new sessions work in the relaunched browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { waitFor } from '../support/spawnDaemon.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 60_000);
afterAll(async () => { await h?.close(); });

describe('sessions across a Chromium restart', () => {
  it('live sessions end as error; new ones work', async () => {
    const s = await h.api('POST', '/sessions', { labels: { before: 'restart' } });
    const first = h.daemon.host.browser;
    process.kill(-h.daemon.host.chrome!.process.pid!, 'SIGKILL');
    await waitFor(async () => h.daemon.host.browser !== first && (await h.api('GET', '/browser/status')).body.data?.ready === true, 30_000, 'the relaunch');
    const rec = await h.api('GET', `/sessions/${s.body.session_id}`);
    expect(rec.status).toBe(200);
    expect(rec.body.status).toBe('error');
    const tabs = await h.api('GET', `/tabs?session_id=${s.body.session_id}`);
    expect(tabs.status).toBe(410);
    const log = await h.api('GET', `/sessions/${s.body.session_id}/events?types=session_error`);
    expect(log.body.events).toHaveLength(1);
    const again = await h.api('POST', '/sessions', {});
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const nav = await h.api('POST', `/tabs/${again.body.tab_id}/navigate`, { url: h.fixtures.url('/pages/static.html'), screenshot: { area: 'none' } });
    expect(nav.status).toBe(200);
  }, 90_000);
});
