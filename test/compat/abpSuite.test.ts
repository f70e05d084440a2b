// ABP's own integration suite (chrome/browser/abp/test_pages/run_tests.sh in ABP's repository): its
// ten cases, in this project's words, against this project's fixture pages, asserting what ABP's
// cases observe, so that a change that would fail ABP's suite fails here first. Requests are sent in
// the shapes the suite sends them (bodies, the first tab of GET /tabs, execute's result.value);
// ABP's sleeps between steps are left out where abpd's answer already comes settled, and kept
// where the wall-clock time is what the case checks (the paused clock).
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The suite's get_tab_id: `GET /tabs | .[0].id` (the tab abpd opens at start). */
async function firstTab(): Promise<string> {
  const r = await h.api('GET', '/tabs');
  expect(Array.isArray(r.body)).toBe(true);
  return r.body[0].id;
}
async function navigate(tab: string, path: string): Promise<void> {
  expect((await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url(path) })).status).toBe(200);
}
/** `POST /execute {script} | .result.value`, as the suite reads it. */
async function run(tab: string, script: string): Promise<unknown> {
  const r = await h.api('POST', `/tabs/${tab}/execute`, { script });
  expect(r.status).toBe(200);
  return r.body.result.value;
}
const urlOf = async (tab: string): Promise<string> => (await h.api('GET', `/tabs/${tab}`)).body.url;
const post = (path: string, body?: unknown) => h.api('POST', path, body);

describe('ABP integration suite, cases in its order', () => {
  it('NAV-001: navigate, then GET /tabs/{id} reports the new URL', async () => {
    const tab = await firstTab();
    await navigate(tab, '/pages/navigate.html');
    expect(await urlOf(tab)).toContain('/pages/navigate.html');
  });

  it('CLICK-001: a click at (100, 100) presses the button there once', async () => {
    const tab = await firstTab();
    await navigate(tab, '/pages/suite-controls.html');
    expect((await post(`/tabs/${tab}/click`, { x: 100, y: 100 })).status).toBe(200);
    expect(await run(tab, 'document.getElementById("presses").textContent')).toBe('1');
  });

  it('TYPE-001: click the field at (150, 195), type "Hello ABP": the field holds it', async () => {
    const tab = await firstTab();
    await navigate(tab, '/pages/suite-controls.html');
    await post(`/tabs/${tab}/click`, { x: 150, y: 195 });
    expect((await post(`/tabs/${tab}/type`, { text: 'Hello ABP' })).status).toBe(200);
    expect(await run(tab, 'document.getElementById("line").value')).toBe('Hello ABP');
  });

  it('KEY-001: type a user name at (150, 495), press Enter: the form is submitted', async () => {
    const tab = await firstTab();
    await navigate(tab, '/pages/suite-controls.html');
    await post(`/tabs/${tab}/click`, { x: 150, y: 495 });
    await post(`/tabs/${tab}/type`, { text: 'testuser' });
    expect((await post(`/tabs/${tab}/keyboard/press`, { key: 'Enter' })).status).toBe(200);
    // ABP checks `typeof window.lastFormData == "object"` (its page starts it as null, which passes
    // too); here the page has no Enter handler of its own and the submitted data is checked.
    expect(await run(tab, 'typeof window.submitted')).toBe('object');
    expect(await run(tab, 'window.submitted')).toEqual({ username: 'testuser', password: '' });
  });

  it('EXEC-001: execute "2 + 2" answers result.value 4', async () => {
    expect(await run(await firstTab(), '2 + 2')).toBe(4);
  });

  it('SCREENSHOT-001: POST screenshot {format: webp} answers base64 .data longer than 100', async () => {
    const r = await post(`/tabs/${await firstTab()}/screenshot`, { screenshot: { format: 'webp' } });
    expect(r.status).toBe(200);
    expect(typeof r.body.data).toBe('string');
    expect(r.body.data.length).toBeGreaterThan(100);
    expect((await sharp(Buffer.from(r.body.data, 'base64')).metadata()).format).toBe('webp');
  });

  it('NAV-003: two pages, back to the first, forward to the second', async () => {
    const tab = await firstTab();
    await navigate(tab, '/pages/navigate.html');
    await navigate(tab, '/pages/static.html');
    expect(await urlOf(tab)).toContain('/pages/static.html');
    expect((await post(`/tabs/${tab}/back`)).status).toBe(200);
    expect(await urlOf(tab)).toContain('/pages/navigate.html');
    expect((await post(`/tabs/${tab}/forward`)).status).toBe(200);
    expect(await urlOf(tab)).toContain('/pages/static.html');
  });

  describe('virtual time, on one tab created for them (as the suite does)', () => {
    let vt: string;
    /** The suite's reset_vtime_tab: run freely, load the page again, pause. */
    async function reset(): Promise<void> {
      expect((await post(`/tabs/${vt}/execution`, { paused: false })).status).toBe(200);
      await navigate(vt, '/pages/vt.html');
      expect((await post(`/tabs/${vt}/execution`, { paused: true })).status).toBe(200);
    }

    it('set-up: POST /tabs {url}, then POST /execution {paused: true} enables execution control', async () => {
      const created = await post('/tabs', { url: h.fixtures.url('/pages/vt.html') });
      expect(created.status).toBe(201);
      vt = created.body.id;
      // The suite sleeps 2 s for the load; here the tab is asked until it has loaded (bounded).
      for (let i = 0; i < 100 && (await h.api('GET', `/tabs/${vt}`)).body.loading !== false; i += 1) await sleep(50);
      expect((await post(`/tabs/${vt}/execution`, { paused: true })).status).toBe(200);
      expect((await h.api('GET', `/tabs/${vt}/execution`)).body.enabled).toBe(true);
    });

    it('VTIME-001: a 100 ms interval counter moves by fewer than 3 over 2 s while paused', async () => {
      expect((await h.api('GET', `/tabs/${vt}/execution`)).body.enabled).toBe(true);
      const before = await run(vt, 'window.virtualTimeTest.getIntervalCount()') as number;
      await sleep(2000);
      const after = await run(vt, 'window.virtualTimeTest.getIntervalCount()') as number;
      expect(after - before).toBeLessThan(3);
    });

    it('VTIME-002: after a reset, two Date.now() a second apart are identical', async () => {
      await reset();
      expect((await h.api('GET', `/tabs/${vt}/execution`)).body.enabled).toBe(true);
      const first = await run(vt, 'Date.now()');
      await sleep(1000);
      expect(await run(vt, 'Date.now()')).toBe(first);
    });

    it('VTIME-003: after a reset, a setTimeout(100) scheduled while paused has not fired 500 ms later', async () => {
      await reset();
      expect((await h.api('GET', `/tabs/${vt}/execution`)).body.enabled).toBe(true);
      await run(vt, 'window.scheduleTestTimeout(100)');
      await sleep(500);
      expect(await run(vt, 'window.testTimeoutFired')).toBe(false);
    });
  });
});
