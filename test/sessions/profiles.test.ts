// Profiles (sessions.md §5, §7): a profile saved from A (cookies incl. HttpOnly, localStorage) is
// present in C created from it; changes made in a read-only session are absent afterwards; a second
// writer is refused 409; the file is 0600 and no route returns a cookie value.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 60_000);
afterAll(async () => { await h?.close(); });

const none = { screenshot: { area: 'none' } };
const SECRET = 'sekrit-cookie-value-42';

async function sessionWith(profile: string, readOnly = false): Promise<{ id: string; tab: string }> {
  const s = await h.api('POST', '/sessions', { profile_id: profile, profile_read_only: readOnly });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  const nav = await h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url('/pages/static.html'), ...none });
  expect(nav.status).toBe(200);
  return { id: s.body.session_id, tab: s.body.tab_id };
}

async function cookiesOf(tab: string): Promise<Record<string, { value: string; httpOnly: boolean }>> {
  const t = h.daemon.host.getTab(tab);
  const r = await t.page.session.send('Network.getCookies', { urls: [h.fixtures.origin + '/'] });
  return Object.fromEntries(r.cookies.map((c) => [c.name, { value: c.value, httpOnly: c.httpOnly }]));
}

describe('profiles', () => {
  it('round trip, read-only, writer lock, no values returned', async () => {
    const created = await h.api('POST', '/profiles', { id: 'shop', name: 'Shop login' });
    expect(created.status).toBe(201);
    expect((await h.api('POST', '/profiles', { id: 'shop' })).status).toBe(409);

    const a = await sessionWith('shop');
    await h.value(a.tab, "document.cookie = 'visible=A; path=/; max-age=3600'; localStorage.setItem('who', 'A'); 1");
    // An HttpOnly cookie as a server would set it (a page cannot).
    const ctx = h.daemon.host.getTab(a.tab).page.browserContextId;
    await h.daemon.host.browser!.browserSession.send('Storage.setCookies', { browserContextId: ctx,
      cookies: [{ name: 'sid', value: SECRET, domain: '127.0.0.1', path: '/', httpOnly: true, expires: Date.now() / 1000 + 3600 }] });
    const second = await h.api('POST', '/sessions', { profile_id: 'shop' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('PROFILE_IN_USE');
    expect((await h.api('DELETE', '/profiles/shop')).status).toBe(409);
    expect((await h.api('DELETE', `/sessions/${a.id}?save_profile=true`)).status).toBe(200);

    const summary = await h.api('GET', '/profiles/shop');
    expect(summary.body).toMatchObject({ profile_id: 'shop', name: 'Shop login', domains: ['127.0.0.1'], cookie_count: 2, local_storage_origins: [h.fixtures.origin] });
    const list = await h.api('GET', '/profiles');
    expect(JSON.stringify([summary.body, list.body])).not.toContain(SECRET);
    expect(statSync(join(h.sessionDir, 'profiles', 'shop.json')).mode & 0o777).toBe(0o600);

    // C (read-only) starts with everything A saved, before its first navigation.
    const c = await sessionWith('shop', true);
    const cookies = await cookiesOf(c.tab);
    expect(cookies.sid).toEqual({ value: SECRET, httpOnly: true });
    expect(cookies.visible?.value).toBe('A');
    expect(await h.value(c.tab, "localStorage.getItem('who')")).toBe('A');
    const reader = await sessionWith('shop', true); // readers take no lock
    await h.api('DELETE', `/sessions/${reader.id}`);
    await h.value(c.tab, "document.cookie = 'visible=C; path=/; max-age=3600'; localStorage.setItem('who', 'C'); 1");
    await h.api('DELETE', `/sessions/${c.id}`);

    // What the read-only session changed is absent afterwards.
    const d = await sessionWith('shop');
    expect((await cookiesOf(d.tab)).visible?.value).toBe('A');
    expect(await h.value(d.tab, "localStorage.getItem('who')")).toBe('A');
    await h.api('DELETE', `/sessions/${d.id}`);
    expect((await h.api('DELETE', '/profiles/shop')).status).toBe(200);
    expect((await h.api('GET', '/profiles/shop')).status).toBe(404);
    expect((await h.api('POST', '/sessions', { profile_id: 'shop' })).status).toBe(404);
  }, 90_000);
});
