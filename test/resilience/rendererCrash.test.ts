// A renderer crash (operations.md "Failures"): the action on that tab fails with a clear error and
// one `crashed` event instead of waiting out CDP deadlines; later actions fail fast until the tab is
// reloaded or closed; other tabs are untouched. The crash is real: CDP's Page.crash kills the
// renderer (navigating to chrome://crash is blocked).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { waitFor } from '../support/spawnDaemon.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

function crash(tabId: string): void {
  const page = h.daemon.host.getTab(tabId).page;
  // Page.crash never answers (the renderer it would answer from is gone).
  page.session.send('Page.crash', undefined, { timeoutMs: 2_000 }).catch(() => undefined);
}

const NO_SHOT = { screenshot: { area: 'none' } };

describe('renderer crash', () => {
  it('fails the action in flight with TAB_CRASHED and one crashed event, not a timeout', async () => {
    const tab = await h.openTab('/pages/click.html');
    const other = await h.openTab('/pages/click.html');
    // A 20 s wait: without crash handling this would end in a CDP timeout (504) or a 200.
    const inFlight = h.api('POST', `/tabs/${tab}/wait`, { ms: 20_000, ...NO_SHOT });
    await new Promise((r) => setTimeout(r, 500));
    crash(tab);
    const failed = await inFlight;
    expect(failed.status, JSON.stringify(failed.body)).toBe(409);
    expect(failed.body.code).toBe('TAB_CRASHED');
    expect(failed.body.error).toMatch(/crashed.*reload/i);
    expect(failed.body.action_id).toBeDefined();
    const crashed = failed.body.events.filter((e: { type: string }) => e.type === 'crashed');
    expect(crashed).toHaveLength(1);
    expect(crashed[0].data).toEqual({ tab_id: tab });

    // Other tabs are untouched.
    expect((await h.api('POST', `/tabs/${other}/click`, { x: 100, y: 100, ...NO_SHOT })).status).toBe(200);
    expect(await h.value(other, 'window.clicks')).toBe(1);
    expect((await h.api('GET', '/browser/status')).body.data.ready).toBe(true);

    // Until reloaded, actions on the crashed tab fail fast with the same error.
    const click = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100 });
    expect(click.status).toBe(409);
    expect(click.body.code).toBe('TAB_CRASHED');
    expect((await h.api('POST', `/tabs/${tab}/execute`, { script: '1', ...NO_SHOT })).body.code).toBe('TAB_CRASHED');

    // Reload brings it back with a fresh renderer.
    const reload = await h.api('POST', `/tabs/${tab}/reload`, {});
    expect(reload.status, JSON.stringify(reload.body).slice(0, 300)).toBe(200);
    expect(reload.body.screenshot_after).toBeDefined();
    const after = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, ...NO_SHOT });
    expect(after.status).toBe(200);
    expect(await h.value(tab, 'window.clicks')).toBe(1);
  });

  it('reports a crash between actions to the next action, and the tab can be closed', async () => {
    const tab = await h.openTab('/pages/click.html');
    crash(tab);
    await waitFor(() => h.daemon.host.getTab(tab).page.crashed, 10_000, 'the crash to be seen');
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100 });
    expect(r.status).toBe(409);
    expect(r.body.events.map((e: { type: string }) => e.type)).toContain('crashed');
    const closed = await h.api('DELETE', `/tabs/${tab}`);
    expect(closed.status).toBe(200);
    expect((await h.api('GET', '/tabs')).body.map((t: { id: string }) => t.id)).not.toContain(tab);
  });

  it('a navigate (not only reload) also recovers a crashed tab', async () => {
    const tab = await h.openTab('/pages/static.html');
    crash(tab);
    await waitFor(() => h.daemon.host.getTab(tab).page.crashed, 10_000, 'the crash to be seen');
    const nav = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/click.html'), ...NO_SHOT });
    expect(nav.status).toBe(200);
    expect((await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, ...NO_SHOT })).status).toBe(200);
    expect(await h.value(tab, 'window.clicks')).toBe(1);
  });
});
