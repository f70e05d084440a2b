// Popups and new tabs, tab_closed, the console buffer (rest.md §4.16) and HTTP auth challenges:
// what a page does on its own is reported, and what happens between two actions is delivered with
// the tab's next action, never dropped.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const eventOf = (env: any, type: string) => env.events.find((e: any) => e.type === type);

describe('popups and new tabs', () => {
  for (const [how, x] of [['window.open (same origin)', 100], ['target=_blank', 300]] as const) {
    it(`${how}: the new tab is in GET /tabs, renders, and accepts actions`, async () => {
      const opener = await h.openTab('/pages/popup.html');
      const r = await h.api('POST', `/tabs/${opener}/click`, { x, y: 100 });
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
      const popup = eventOf(r.body, 'popup');
      // A plain window.open and a target=_blank link open tabs; reported once, with the URL asked for.
      expect(popup?.data).toMatchObject({ source_tab_id: opener, popup_type: 'tab', url: h.fixtures.url('/pages/landing.html') });
      expect(r.body.events.filter((e: any) => e.type === 'popup')).toHaveLength(1);
      const newTab = popup.data.new_tab_id;
      expect(r.body).toMatchObject({ tab_changed: true, original_tab_id: opener, tab_id: newTab });
      const tabs = (await h.api('GET', '/tabs')).body;
      expect(tabs.find((t: any) => t.id === newTab)?.url).toContain('/pages/landing.html');
      const shot = await h.api('GET', `/tabs/${newTab}/screenshot?format=png`);
      expect(shot.status).toBe(200);
      const stats = await sharp(shot.body as Buffer).stats();
      // landing.html paints a tinted background and dark text: not a blank frame.
      expect(stats.channels[0]!.min).toBeLessThan(100);
      expect(stats.channels[1]!.mean).toBeLessThan(255);
      const click = await h.api('POST', `/tabs/${newTab}/click`, { x: 300, y: 100, screenshot: { area: 'none' } });
      expect(click.status).toBe(200);
      expect(await h.value(newTab, 'window.landingClicks')).toBe(1);
    });
  }

  it('window.open with popup features is reported as popup_type "window"', async () => {
    const opener = await h.openTab('/pages/popup.html');
    const r = await h.api('POST', `/tabs/${opener}/click`, { x: 700, y: 100, screenshot: { area: 'none' } });
    expect(r.status).toBe(200);
    expect(eventOf(r.body, 'popup')?.data).toMatchObject({ source_tab_id: opener, popup_type: 'window', url: h.fixtures.url('/pages/landing.html?popup') });
  });

  it('a popup that closes itself: tab_closed (reason script) reaches the opener with its next action', async () => {
    const opener = await h.openTab('/pages/popup.html');
    const r = await h.api('POST', `/tabs/${opener}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    const popupId = eventOf(r.body, 'popup').data.new_tab_id;
    // The popup shows popup.html too, and its #close button calls window.close() (allowed: script opened it).
    await h.api('POST', `/tabs/${popupId}/navigate`, { url: h.fixtures.url('/pages/popup.html'), screenshot: { area: 'none' } });
    const closing = await h.api('POST', `/tabs/${popupId}/click`, { x: 500, y: 100, screenshot: { area: 'none' } });
    expect([200, 404]).toContain(closing.status);
    for (let i = 0; i < 50 && (await h.api('GET', '/tabs')).body.some((t: any) => t.id === popupId); i += 1) {
      await new Promise((res) => setTimeout(res, 100));
    }
    expect((await h.api('GET', '/tabs')).body.some((t: any) => t.id === popupId)).toBe(false);
    const next = await h.api('POST', `/tabs/${opener}/screenshot`, { screenshot: { area: 'none' } });
    expect(eventOf(next.body, 'tab_closed')?.data).toEqual({ tab_id: popupId, reason: 'script' });
  });
});

describe('console', () => {
  it('collects console calls, exceptions and filters them; DELETE clears', async () => {
    const tab = await h.openTab('/pages/console.html');
    await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    const all = (await h.api('GET', `/console?tab_id=${tab}&level=verbose`)).body;
    const messages = all.entries.map((e: any) => `${e.level}:${e.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      'info:load log {a: 1}', 'verbose:load debug', 'warning:load warn', 'error:load error', 'info:clicked 1',
    ]));
    expect(messages.some((m: string) => m.startsWith('error:Uncaught TypeError'))).toBe(true);
    const first = all.entries[0];
    expect(first).toMatchObject({ tab_id: tab, source_url: h.fixtures.url('/pages/console.html') });
    expect(first.line_number).toBeGreaterThan(0);
    expect(typeof first.timestamp_ms).toBe('number');
    const errors = (await h.api('GET', `/console?tab_id=${tab}&level=error`)).body.entries;
    expect(errors.every((e: any) => e.level === 'error')).toBe(true);
    expect(errors.length).toBe(2);
    const pattern = (await h.api('GET', `/console?tab_id=${tab}&pattern=CLICKED`)).body.entries;
    expect(pattern.map((e: any) => e.message)).toEqual(['clicked 1']);
    const after = (await h.api('GET', `/console?tab_id=${tab}&after_id=${pattern[0].id}`)).body.entries;
    expect(after.every((e: any) => e.id > pattern[0].id)).toBe(true);
    expect((await h.api('GET', `/console?tab_id=${tab}&limit=1`)).body.entries).toHaveLength(1);
    expect((await h.api('GET', '/console?pattern=(')).status).toBe(400);
    expect((await h.api('GET', '/console?level=loud')).status).toBe(400);
    const cleared = await h.api('DELETE', `/console?tab_id=${tab}`);
    expect(cleared.body.cleared).toBe(all.entries.length);
    expect((await h.api('GET', `/console?tab_id=${tab}`)).body.entries).toEqual([]);
  });

  it('a message logged between actions (a response that arrives after the action) is kept', async () => {
    const tab = await h.openTab('/pages/console.html');
    const gated = await h.api('POST', `/tabs/${tab}/execute`, {
      script: "fetch('/gate/console-late').then(() => console.log('late answer')); 1", screenshot: { area: 'none' },
    });
    expect(gated.status).toBe(200);
    h.fixtures.gate('console-late').release();
    let found = false;
    for (let i = 0; i < 50 && !found; i += 1) {
      found = (await h.api('GET', `/console?tab_id=${tab}&pattern=late answer`)).body.entries.length === 1;
      if (!found) await new Promise((res) => setTimeout(res, 100));
    }
    expect(found).toBe(true);
  });
});

describe('HTTP auth', () => {
  it('a challenge is cancelled and reported as http_auth_dismissed; the page shows the 401 body', async () => {
    const tab = await h.openTab();
    const r = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/auth'), screenshot: { area: 'none' } });
    expect(r.status).toBe(200);
    const e = eventOf(r.body, 'http_auth_dismissed');
    expect(e?.data).toEqual({ tab_id: tab, scheme: 'basic', realm: 'abpd-test', host: new URL(h.fixtures.url('/')).host, is_proxy: false, path: '/auth' });
    expect(await h.value(tab, "document.getElementById('result').textContent")).toBe('Unauthorized');
  });
});
