// Issue 24 "Emulation": what the page itself reads after POST /tabs/{id}/emulation (real Chromium):
// an iPhone 15 has innerWidth 393 and touch, a dark scheme matches, offline makes a fetch fail,
// timezone and locale reach Intl; null resets; another tab is untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const emulate = (tab: string, body: Record<string, unknown>) => h.api('POST', `/tabs/${tab}/emulation`, { screenshot: { area: 'none' }, ...body });
const probe = (tab: string) => h.value<any>(tab, 'window.probe()');

describe('POST /tabs/{id}/emulation', () => {
  it('device presets, media features, timezone and locale are what the page reads', async () => {
    const tab = await h.openTab('/pages/devtools.html');
    const other = await h.openTab('/pages/devtools.html');
    const before = await probe(tab);
    expect(before).toMatchObject({ touch: false, dark: false });

    const r = await emulate(tab, { device: 'iphone_15', color_scheme: 'dark', timezone: 'Asia/Tokyo', locale: 'de-DE' });
    expect(r.status).toBe(200);
    expect(r.body.result.emulation).toMatchObject({ device: 'iphone_15', color_scheme: 'dark', timezone: 'Asia/Tokyo' });
    const phone = await probe(tab);
    expect(phone).toMatchObject({ innerWidth: 393, touch: true, dark: true, tz: 'Asia/Tokyo', lang: 'de-DE', dpr: 3 });
    expect(phone.ua).toContain('iPhone');
    const shot = await h.api('GET', `/tabs/${tab}/screenshot?format=png`);
    // Screenshots come in device pixels at DPR 3, and the envelope says so (a documented size).
    expect((shot.body as Buffer).readUInt32BE(16)).toBe(393 * 3);
    expect(r.body.warnings.join(' ')).toContain('device pixels (×3)');
    expect(await probe(other)).toMatchObject({ innerWidth: before.innerWidth, dark: false, touch: false });

    // Media features merge: reduced motion keeps dark; print media; null resets.
    await emulate(tab, { reduced_motion: 'reduce' });
    expect(await probe(tab)).toMatchObject({ dark: true, reducedMotion: true });
    await emulate(tab, { media: 'print' });
    expect((await probe(tab)).print).toBe(true);
    await emulate(tab, { color_scheme: null, media: null, device: 'pixel_8' });
    expect(await probe(tab)).toMatchObject({ dark: false, print: false, reducedMotion: true, innerWidth: 412, touch: true });

    await emulate(tab, { device: 'desktop_1920' });
    expect(await probe(tab)).toMatchObject({ innerWidth: 1920, touch: false, dpr: 1 });
    const got = await h.api('GET', `/tabs/${tab}/emulation`);
    expect(got.body.emulation).toMatchObject({ device: 'desktop_1920', reduced_motion: 'reduce', timezone: 'Asia/Tokyo' });
    expect(got.body.emulation.color_scheme).toBeUndefined();
    await emulate(tab, { device: 'default' });
    expect((await probe(tab)).innerWidth).toBe(before.innerWidth);
  });

  it('offline makes a fetch fail; back online it works; slow 3G and geolocation are accepted', async () => {
    const tab = await h.openTab('/pages/devtools.html');
    expect(await h.value(tab, "window.tryFetch('/status/200')")).toMatch(/^ok:200:/);
    expect((await emulate(tab, { network: 'offline' })).status).toBe(200);
    expect(await h.value(tab, "window.tryFetch('/status/200')")).toMatch(/^error:/);
    await emulate(tab, { network: null });
    expect(await h.value(tab, "window.tryFetch('/status/200')")).toMatch(/^ok:200:/);
    expect((await emulate(tab, { network: 'slow_3g' })).status).toBe(200);
    expect((await emulate(tab, { geolocation: { latitude: 52.52, longitude: 13.4 } })).status).toBe(200);
    await emulate(tab, { network: 'none', geolocation: null });
  });

  it('device default goes back to the session\'s own viewport and user agent', async () => {
    const created = await h.api('POST', '/sessions', { viewport: { width: 800, height: 600 }, user_agent: 'abpd-session-UA/1' });
    expect(created.status).toBe(201);
    const tab = created.body.tab_id as string;
    await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/devtools.html'), screenshot: { area: 'none' } });
    expect(await probe(tab)).toMatchObject({ innerWidth: 800, ua: 'abpd-session-UA/1' });
    await emulate(tab, { device: 'pixel_8' });
    expect((await probe(tab)).ua).toContain('Pixel 8');
    await emulate(tab, { device: 'default' });
    expect(await probe(tab)).toMatchObject({ innerWidth: 800, ua: 'abpd-session-UA/1', touch: false });
  });

  it('bad input names the field', async () => {
    const tab = await h.openTab();
    const bad = await emulate(tab, { device: 'nokia_3310' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('device');
    const tz = await emulate(tab, { timezone: 'Not a zone!' });
    expect(tz.status).toBe(400);
    expect(JSON.stringify(tz.body)).toContain('timezone');
  });
});
