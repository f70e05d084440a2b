// A session's `viewport` (sessions.md §2, POST /sessions): each of its tabs' windows takes that size,
// so the page, its screenshots and click coordinates agree with it; other sessions keep --window-size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 60_000);
afterAll(async () => { await h?.close(); });

describe('session viewport', () => {
  it('sizes every tab of the session; the default session keeps the window size', async () => {
    const s = await h.api('POST', '/sessions', { viewport: { width: 800, height: 600 } });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    const nav = await h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url('/pages/static.html') });
    expect(nav.status).toBe(200);
    expect(nav.body.screenshot_after).toMatchObject({ width: 800, height: 600 });
    expect(await h.value(s.body.tab_id, '[innerWidth, innerHeight].join("x")')).toBe('800x600');
    const second = await h.api('POST', '/tabs', { session_id: s.body.session_id });
    expect(second.status).toBe(201);
    expect(await h.value(second.body.id, 'innerWidth')).toBe(800);
    const plain = await h.openTab('/pages/static.html');
    expect(await h.value(plain, 'innerWidth')).toBe(1280);
    await h.api('DELETE', `/sessions/${s.body.session_id}`);
  }, 60_000);

  it('mobile: true gives a phone touch input; a plain viewport has none', async () => {
    const phone = await h.api('POST', '/sessions', { viewport: { width: 390, height: 844, mobile: true } });
    expect(phone.status, JSON.stringify(phone.body)).toBe(201);
    await h.api('POST', `/tabs/${phone.body.tab_id}/navigate`, { url: h.fixtures.url('/pages/static.html'), screenshot: { area: 'none' } });
    expect(await h.value(phone.body.tab_id, '[innerWidth, navigator.maxTouchPoints, "ontouchstart" in window].join()')).toBe('390,5,true');
    const plain = await h.api('POST', '/sessions', { viewport: { width: 800, height: 600 } });
    await h.api('POST', `/tabs/${plain.body.tab_id}/navigate`, { url: h.fixtures.url('/pages/static.html'), screenshot: { area: 'none' } });
    expect(await h.value(plain.body.tab_id, '"ontouchstart" in window')).toBe(false);
    for (const s of [phone, plain]) await h.api('DELETE', `/sessions/${s.body.session_id}`);
  }, 60_000);
});
