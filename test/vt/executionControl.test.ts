// Execution control (rest.md §6, issue 4): between actions the page stands still.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('paused between actions (default)', () => {
  it('auto-enables after the first action and reports it', async () => {
    const tab = await h.openTab('/pages/vt.html');
    const r = await h.api('GET', `/tabs/${tab}/execution`);
    expect(r.body).toMatchObject({ enabled: true, paused: true });
    expect(r.body.virtual_time_base_ms).toBeGreaterThan(0);
    const env = await h.api('POST', `/tabs/${tab}/screenshot`, {});
    expect(env.body.virtual_time).toMatchObject({ paused: true });
    expect(typeof env.body.virtual_time.base_ticks_ms).toBe('number');
  });

  it('a 100 ms setInterval counter changes by fewer than 3 over 2 s of wall time', async () => {
    const tab = await h.openTab('/pages/vt.html');
    const before = await h.value<number>(tab, 'window.intervalCount');
    await sleep(2000);
    const after = await h.value<number>(tab, 'window.intervalCount');
    expect(after - before).toBeLessThan(3);
  });

  it('two Date.now() reads a second apart are equal; text and execute do not move the clock', async () => {
    const tab = await h.openTab('/pages/vt.html');
    const a = await h.value<number>(tab, 'Date.now()');
    await sleep(1000);
    await h.api('POST', `/tabs/${tab}/text`, {});
    const b = await h.value<number>(tab, 'Date.now()');
    expect(b).toBe(a);
    expect(await h.value<number>(tab, 'performance.now()')).toBe(await h.value<number>(tab, 'performance.now()'));
  });

  it('setTimeout(100) scheduled while paused has not fired 500 ms later, and has after wait {ms: 200}', async () => {
    const tab = await h.openTab('/pages/vt.html');
    await h.value(tab, 'window.scheduleTestTimeout(100)');
    await sleep(500);
    expect(await h.value(tab, 'window.testTimeoutFired')).toBe(false);
    const w = await h.api('POST', `/tabs/${tab}/wait`, { ms: 200 });
    expect(w.status).toBe(200);
    expect(await h.value(tab, 'window.testTimeoutFired')).toBe(true);
  });

  it('wait {ms} advances the page clock by about ms (and the frame flush), not by wall time', async () => {
    const tab = await h.openTab('/pages/vt.html');
    const a = await h.value<number>(tab, 'Date.now()');
    await h.api('POST', `/tabs/${tab}/wait`, { ms: 1000, screenshot: { area: 'none' } });
    const b = await h.value<number>(tab, 'Date.now()');
    expect(b - a).toBeGreaterThanOrEqual(1000);
    expect(b - a).toBeLessThan(1200);
  });

  it('a click that starts a fetch and a timer settles to the final state', async () => {
    const tab = await h.openTab('/pages/determinism.html');
    await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    expect(await h.value(tab, "document.getElementById('out').textContent")).toBe('go done 1');
  });

  it('navigation with execution control on loads the page, twice', async () => {
    const tab = await h.openTab('/pages/vt.html');
    expect((await h.api('GET', `/tabs/${tab}/execution`)).body.enabled).toBe(true);
    for (const page of ['/pages/slow-load.html', '/pages/landing.html']) {
      const r = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url(page), screenshot: { area: 'none' } });
      expect(r.body.settle.reason).toBe('navigation_loaded');
      expect(await h.value(tab, 'document.readyState')).toBe('complete');
    }
    expect(await h.value(tab, "document.getElementById('fetched').textContent")).toBe('done');
  });
});

describe('POST /tabs/{id}/execution', () => {
  it('paused:false lets the page run in real time; paused:true stops it again', async () => {
    const tab = await h.openTab('/pages/vt.html');
    const run = await h.api('POST', `/tabs/${tab}/execution`, { paused: false });
    expect(run.body).toMatchObject({ enabled: true, paused: false });
    const a = await h.value<number>(tab, 'window.intervalCount');
    await sleep(1000);
    const b = await h.value<number>(tab, 'window.intervalCount');
    expect(b - a).toBeGreaterThanOrEqual(4);
    const stop = await h.api('POST', `/tabs/${tab}/execution`, { paused: true });
    expect(stop.body).toMatchObject({ enabled: true, paused: true });
    const c = await h.value<number>(tab, 'window.intervalCount');
    await sleep(1000);
    expect((await h.value<number>(tab, 'window.intervalCount')) - c).toBeLessThan(3);
  });

  it('409 while an action is in flight on the tab', async () => {
    const tab = await h.openTab('/pages/vt.html');
    const slow = h.api('POST', `/tabs/${tab}/wait`, { ms: 1500, screenshot: { area: 'none' } });
    await sleep(200);
    const r = await h.api('POST', `/tabs/${tab}/execution`, { paused: true });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('CONFLICT');
    expect((await slow).status).toBe(200);
  });

  it('initial_virtual_time sets the page clock on a fresh tab; later it is ignored with a warning (as ABP: 200 and the state)', async () => {
    const created = await h.api('POST', '/tabs', {});
    const tab = created.body.id;
    const r = await h.api('POST', `/tabs/${tab}/execution`, { paused: true, initial_virtual_time: 1_700_000_000 });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toBeUndefined();
    const now = await h.value<number>(tab, 'Date.now()');
    expect(now).toBeGreaterThanOrEqual(1_700_000_000_000);
    expect(now).toBeLessThan(1_700_000_000_000 + 60_000);
    const again = await h.api('POST', `/tabs/${tab}/execution`, { paused: false, initial_virtual_time: 1_600_000_000 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ enabled: true, paused: false });
    expect(again.body.warnings).toHaveLength(1);
    expect(again.body.warnings[0]).toMatch(/initial_virtual_time was ignored: the clock of this tab had already started/);
    // The value was ignored (the clock did not jump back), the pause state was applied.
    expect(await h.value<number>(tab, 'Date.now()')).toBeGreaterThanOrEqual(now);
    expect((await h.api('GET', `/tabs/${tab}/execution`)).body.paused).toBe(false);
  });

  it('validates its body and the tab id', async () => {
    const tab = await h.openTab();
    expect((await h.api('POST', `/tabs/${tab}/execution`, {})).status).toBe(400);
    expect((await h.api('POST', `/tabs/${tab}/execution`, { paused: 'yes' })).body.error).toMatch(/paused/);
    expect((await h.api('GET', '/tabs/NOPE/execution')).status).toBe(404);
  });
});

describe('--no-pause', () => {
  let free: Harness;
  beforeAll(async () => { free = await startHarness({ pause: false }); });
  afterAll(async () => { await free?.close(); });

  it('leaves execution control off: timers run between actions', async () => {
    const tab = await free.openTab('/pages/vt.html');
    expect((await free.api('GET', `/tabs/${tab}/execution`)).body).toMatchObject({ enabled: false, paused: false });
    const a = await free.value<number>(tab, 'window.intervalCount');
    await sleep(1000);
    expect((await free.value<number>(tab, 'window.intervalCount')) - a).toBeGreaterThanOrEqual(4);
    const env = await free.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { area: 'none' } });
    expect(env.body.virtual_time).toBeUndefined();
  });
});
