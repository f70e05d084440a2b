// A page stuck in `while (true) {}` must not take the daemon with it: /browser/status, the tab list
// and other tabs keep answering while it spins, and the stuck action itself returns within its
// deadline (operations.md "Failures"). The other tab is on another site, so in its own renderer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

const DEADLINE_MS = 8_000;
let h: Harness;
beforeAll(async () => { h = await startHarness({ actionDeadlineMs: DEADLINE_MS }); });
afterAll(async () => { await h?.close(); });

/** Resolves with the value, or rejects if it has not come by `ms` (a hang, not a slow answer). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))]);
}

describe('an infinite loop in one tab', () => {
  it('leaves status, the tab list and other tabs responsive; the stuck action ends by its deadline', async () => {
    const stuck = await h.openTab('/pages/loop.html');
    const otherCreated = await h.api('POST', '/tabs', {});
    const other = otherCreated.body.id as string;
    const nav = await h.api('POST', `/tabs/${other}/navigate`, { url: `${h.fixtures.altOrigin}/pages/click.html`, screenshot: { area: 'none' } });
    expect(nav.status).toBe(200);

    const hang = h.api('POST', `/tabs/${stuck}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    await new Promise((r) => setTimeout(r, 500));

    for (let i = 0; i < 3; i += 1) {
      const status = await within(h.api('GET', '/browser/status'), 5_000, 'GET /browser/status');
      expect(status.status).toBe(200);
      expect(status.body.data.ready).toBe(true);
      const tabs = await within(h.api('GET', '/tabs'), 5_000, 'GET /tabs');
      expect(tabs.body.map((t: { id: string }) => t.id)).toContain(stuck);
      const click = await within(h.api('POST', `/tabs/${other}/click`, { x: 100, y: 100, screenshot: { area: 'none' } }), 15_000, 'a click on the other tab');
      expect(click.status).toBe(200);
    }
    expect(await h.value(other, 'window.clicks')).toBe(3);

    // The stuck action answers by its deadline (a watchdog may end the loop sooner: also fine).
    const stuckAnswer = await within(hang, DEADLINE_MS + 10_000, 'the stuck click');
    expect([200, 504]).toContain(stuckAnswer.status);

    // Free the renderer (whatever ended the action) so nothing spins after the test.
    const page = h.daemon.host.getTab(stuck).page;
    await page.session.send('Runtime.terminateExecution', undefined, { timeoutMs: 2_000 }).catch(() => undefined);
    expect((await h.api('DELETE', `/tabs/${stuck}`)).status).toBe(200);
  });
});
