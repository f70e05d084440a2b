// Chromium killed mid-action (operations.md "Failures"): the action in flight fails with 503
// BROWSER_UNAVAILABLE, status says "restarting", Chromium is relaunched with one tab, the next action
// works; a relaunch that keeps failing ends, after bounded attempts, in state "error" with a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoveryOf } from '../../daemon/browserRecovery.ts';
import { browserUnavailableIn } from '../../daemon/errors.ts';
import { groupMembers } from '../support/procfs.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { waitFor } from '../support/spawnDaemon.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const status = async (): Promise<{ ready: boolean; state: string; message?: string }> => (await h.api('GET', '/browser/status')).body.data;

function killChromium(): number {
  const pid = h.daemon.host.chrome!.process.pid!;
  process.kill(-pid, 'SIGKILL');
  return pid;
}

describe('Chromium killed mid-action', () => {
  it('an action caught across a restart that already finished says it restarted (never "(ready)")', () => {
    const e = browserUnavailableIn({ state: 'ready' }, true);
    expect(e.status).toBe(503);
    expect(e.message).toMatch(/restarted while this request ran/);
    expect(browserUnavailableIn({ state: 'restarting', message: 'Chromium went away (x)' }).message).toMatch(/^The browser is restarting/);
  });

  it('fails the action in flight with 503, reports restarting, relaunches with one tab and serves again', async () => {
    const tab = await h.openTab('/pages/click.html');
    await h.openTab('/pages/static.html');
    // A navigation whose response is held: the action is certainly in flight when Chromium dies.
    const inFlight = h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/gate/restart-held'), screenshot: { area: 'none' } });
    await waitFor(() => h.fixtures.gate('restart-held').waiting() > 0, 10_000, 'the held request');
    const oldPid = killChromium();

    const failed = await inFlight;
    expect(failed.status, JSON.stringify(failed.body)).toBe(503);
    expect(failed.body.code).toBe('BROWSER_UNAVAILABLE');
    expect(failed.body.action_id, JSON.stringify(failed.body)).toBeDefined();
    // Issue 27 item 9: the text says the browser restarts (or restarted), never "not available (ready)".
    expect(failed.body.error).toMatch(/restart/i);
    expect(failed.body.error).not.toMatch(/\(ready\)/);

    // The relaunch waits out a backoff first, so right after the failure the daemon says so.
    const during = await status();
    expect(during.ready).toBe(false);
    expect(during.state).toBe('restarting');
    expect(during.message).toMatch(/Chromium went away/);
    // Old tab ids during the outage: 503 (retry later), never a 404 or a 500.
    const meanwhile = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100 });
    expect(meanwhile.status).toBe(503);
    expect(meanwhile.body.error).toMatch(/^The browser is restarting \(Chromium went away/);
    const open = await h.api('POST', '/tabs', {});
    expect(open.status).toBe(503);
    expect(open.body.error).toMatch(/restarting/);

    await waitFor(async () => (await status()).ready, 45_000, 'Chromium to be relaunched');
    expect(h.daemon.host.chrome!.process.pid).not.toBe(oldPid);
    expect(groupMembers(oldPid)).toEqual([]);
    expect(recoveryOf(h.daemon.host)!.restarts).toBe(1);

    const tabs = (await h.api('GET', '/tabs')).body as Array<{ id: string }>;
    expect(tabs).toHaveLength(1);
    expect((await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100 })).status).toBe(404);

    const fresh = tabs[0]!.id;
    const nav = await h.api('POST', `/tabs/${fresh}/navigate`, { url: h.fixtures.url('/pages/click.html'), screenshot: { area: 'none' } });
    expect(nav.status).toBe(200);
    const click = await h.api('POST', `/tabs/${fresh}/click`, { x: 100, y: 100 });
    expect(click.status).toBe(200);
    expect(click.body.screenshot_after).toBeDefined();
    expect(await h.value(fresh, 'window.clicks')).toBe(1);
    expect((await h.api('POST', '/tabs', {})).status).toBe(201);
  });

  it('survives a second kill (recovery is re-armed)', async () => {
    killChromium();
    await waitFor(async () => (await status()).state === 'restarting', 10_000, 'state restarting');
    await waitFor(async () => (await status()).ready, 45_000, 'the second relaunch');
    const tab = await h.openTab('/pages/click.html');
    expect((await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } })).status).toBe(200);
    expect(await h.value(tab, 'window.clicks')).toBe(1);
  });

  // Last in this file: it leaves the daemon without a browser.
  it('gives up after bounded attempts: state "error" with a message, actions 503', async () => {
    h.daemon.host.config.chrome = '/nonexistent/chromium';
    const tab = (await h.api('GET', '/tabs')).body[0].id as string;
    killChromium();
    await waitFor(async () => (await status()).state === 'error', 45_000, 'state error');
    const final = await status();
    expect(final.ready).toBe(false);
    expect(final.message).toMatch(/could not be restarted after \d+ attempts.*restart abpd/i);
    expect(final.message).toMatch(/nonexistent/);
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 1, y: 1 });
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('BROWSER_UNAVAILABLE');
  });
});
