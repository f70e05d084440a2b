// Queue cap → 429 QUEUE_FULL and the whole-action deadline → 504 ACTION_TIMEOUT (rest.md §1, §1.2),
// on a daemon with a small cap and a short deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { NO_SHOT, ok } from '../support/routeHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness({ queueCap: 2, actionDeadlineMs: 1500 }); });
afterAll(async () => { await h?.close(); });

async function until(check: () => boolean, capMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > capMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function blankTab(): Promise<string> {
  return ok(await h.api('POST', '/tabs', {}), 201).id;
}

describe('limits', () => {
  it('more than queueCap waiting actions on one tab → 429 QUEUE_FULL; the others are unaffected', async () => {
    const tab = await blankTab();
    const queue = h.daemon.host.getTab(tab).queue;
    const running = h.api('POST', `/tabs/${tab}/wait`, { ms: 1000, ...NO_SHOT });
    await until(() => queue.busy);
    const waiting = [h.api('POST', `/tabs/${tab}/wait`, { ms: 0, ...NO_SHOT }), h.api('POST', `/tabs/${tab}/wait`, { ms: 0, ...NO_SHOT })];
    await until(() => queue.waiting === 2);
    const rejected = await h.api('POST', `/tabs/${tab}/wait`, { ms: 0, ...NO_SHOT });
    expect(rejected.status).toBe(429);
    expect(rejected.body.code).toBe('QUEUE_FULL');
    expect(rejected.body.error).toMatch(/queued/i);
    // Another tab is not limited by this tab's queue.
    const other = await blankTab();
    ok(await h.api('POST', `/tabs/${other}/wait`, { ms: 0, ...NO_SHOT }));
    for (const r of await Promise.all([running, ...waiting])) expect([200, 504]).toContain(r.status);
  });

  it('an action past the deadline → 504 ACTION_TIMEOUT, and the tab is usable right after', async () => {
    const tab = await blankTab();
    const r = await h.api('POST', `/tabs/${tab}/wait`, { ms: 5000, ...NO_SHOT });
    expect(r.status).toBe(504);
    expect(r.body.code).toBe('ACTION_TIMEOUT');
    expect(r.body.action_id).toMatch(/^[A-Z0-9]{8}$/);
    expect(r.body.error).toMatch(/timed out/i);
    // The timed-out wait was aborted: the tab's slot frees up well before the 5 s it asked for.
    const queue = h.daemon.host.getTab(tab).queue;
    await until(() => !queue.busy, 3_000);
    const next = ok(await h.api('POST', `/tabs/${tab}/execute`, { script: '1 + 1', ...NO_SHOT }));
    expect(next.result.value).toBe(2);
    expect(ok(await h.api('GET', '/browser/status')).data.ready).toBe(true);
  });
});
