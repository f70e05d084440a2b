// Issue 27 item 6: a stopped Chromium (SIGSTOP) is noticed. The liveness probe (every 2 s, 1 s
// deadline) moves status to "unresponsive"; actions answer 503 BROWSER_UNRESPONSIVE at once
// meanwhile; an action caught across the stall answers 503 too, never a wrong value and never
// with a spurious script_terminated; after SIGCONT status is ready and actions work again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { waitFor } from '../support/spawnDaemon.ts';

let h: Harness;
let stopped = false;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => {
  if (stopped) signal('SIGCONT');
  await h?.close();
});

function signal(sig: 'SIGSTOP' | 'SIGCONT'): void {
  process.kill(-h.daemon.host.chrome!.process.pid!, sig); // the whole group: browser, renderers, GPU
  stopped = sig === 'SIGSTOP';
}
const status = async (): Promise<any> => (await h.api('GET', '/browser/status')).body.data;

describe('Chromium stopped with SIGSTOP', () => {
  it('status unresponsive, 503 BROWSER_UNRESPONSIVE at once, the action across the stall never reports a value, then ready again', async () => {
    const tab = await h.openTab('/pages/static.html');
    expect(await h.value(tab, '6 * 7')).toBe(42);

    signal('SIGSTOP');
    // Sent while Chromium is stopped but before the probe has noticed: caught across the stall.
    const caught = h.api('POST', `/tabs/${tab}/execute`, { script: '6 * 7', screenshot: { area: 'none' } });
    await waitFor(async () => (await status()).state === 'unresponsive', 10_000, 'status unresponsive');
    const s = await status();
    expect(s.ready).toBe(false);
    expect(s.message).toMatch(/has not answered a liveness probe/);
    expect(s.liveness).toMatchObject({ answering: false, unresponsive_since: expect.any(Number) });

    const across = await caught;
    expect(across.status, JSON.stringify(across.body).slice(0, 300)).toBe(503);
    expect(across.body.code).toBe('BROWSER_UNRESPONSIVE');
    expect(across.body.error).toMatch(/stopped answering while this action ran/);
    expect(across.body.result).toBeUndefined();

    const started = Date.now();
    const meanwhile = await h.api('POST', `/tabs/${tab}/click`, { x: 10, y: 10, screenshot: { area: 'none' } });
    // Not a speed assertion: the hang it replaces took the 15 s CDP deadline.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(meanwhile.status).toBe(503);
    expect(meanwhile.body.code).toBe('BROWSER_UNRESPONSIVE');
    expect(meanwhile.body.data).toMatchObject({ retry_after_ms: expect.any(Number) });
    // So does the tab list, also at once (it took 2 s each).
    const listStarted = Date.now();
    const list = await h.api('GET', '/tabs');
    expect(Date.now() - listStarted).toBeLessThan(1_500);
    expect(list.body.code).toBe('BROWSER_UNRESPONSIVE');

    // Long enough for the watchdog (4 s) to have blamed the page, were it not told.
    await new Promise((r) => setTimeout(r, 4_500));
    signal('SIGCONT');
    await waitFor(async () => (await status()).state === 'ready', 15_000, 'status ready again');
    expect((await status()).ready).toBe(true);
    const after = await h.api('POST', `/tabs/${tab}/execute`, { script: '6 * 7', screenshot: { area: 'none' } });
    expect(after.status).toBe(200);
    expect(after.body.result.value).toBe(42);
    expect(after.body.events.map((e: any) => e.type)).not.toContain('script_terminated');
  });
});
