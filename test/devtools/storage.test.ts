// Issue 24 "Storage": cookies set in one session are listed there (and read by its pages) and not in
// another session; delete by name; a tab's localStorage/sessionStorage read and cleared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('cookies per session', () => {
  it('set in one session: listed and read there, absent in another; deleted by name', async () => {
    const created = await h.api('POST', '/sessions', {});
    expect(created.status).toBe(201);
    const other = created.body.session_id as string;
    const url = h.fixtures.url('/');
    const set = await h.api('POST', '/sessions/default/cookies', { cookies: [
      { name: 'flavour', value: 'oatmeal', url },
      { name: 'secret', value: 's3', url, http_only: true },
    ] });
    expect(set.status).toBe(200);
    expect(set.body.set).toBe(2);

    const mine = await h.api('GET', '/sessions/default/cookies?domain=127.0.0.1');
    expect(mine.body.cookies.map((c: any) => c.name).sort()).toEqual(['flavour', 'secret']);
    expect(mine.body.cookies.find((c: any) => c.name === 'secret')).toMatchObject({ http_only: true, session: true });
    const theirs = await h.api('GET', `/sessions/${other}/cookies`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.cookies.filter((c: any) => c.name === 'flavour')).toEqual([]);

    // The default session's page sees the (non-HttpOnly) cookie; the other session's page does not.
    const tab = await h.openTab('/pages/devtools.html');
    expect(await h.value(tab, 'document.cookie')).toBe('flavour=oatmeal');
    const otherTab = (await h.api('POST', '/tabs', { session_id: other })).body.id as string;
    await h.api('POST', `/tabs/${otherTab}/navigate`, { url: h.fixtures.url('/pages/devtools.html'), screenshot: { area: 'none' } });
    expect(await h.value(otherTab, 'document.cookie')).toBe('');

    const del = await h.api('DELETE', '/sessions/default/cookies?name=flavour');
    expect(del.body.deleted).toBe(1);
    const left = await h.api('GET', '/sessions/default/cookies?domain=127.0.0.1');
    expect(left.body.cookies.map((c: any) => c.name)).toEqual(['secret']);

    const bad = await h.api('POST', '/sessions/default/cookies', { cookies: [{ name: 'x', value: 'y' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('cookies[0]');
    expect((await h.api('GET', '/sessions/ses_nope/cookies')).status).toBe(404);
  });
});

describe('GET/DELETE /tabs/{id}/storage', () => {
  it('reads and clears localStorage and sessionStorage', async () => {
    const tab = await h.openTab('/pages/devtools.html');
    await h.value(tab, "localStorage.setItem('a', '1'); sessionStorage.setItem('b', '2'); true");
    const read = await h.api('GET', `/tabs/${tab}/storage`);
    expect(read.body).toEqual({ origin: h.fixtures.origin, local: { a: '1' }, session: { b: '2' } });
    expect((await h.api('GET', `/tabs/${tab}/storage?type=session`)).body).toEqual({ origin: h.fixtures.origin, session: { b: '2' } });
    const cleared = await h.api('DELETE', `/tabs/${tab}/storage?type=local`);
    expect(cleared.body.cleared).toBe(true);
    expect(await h.value(tab, 'localStorage.length + ":" + sessionStorage.length')).toBe('0:1');
    expect((await h.api('GET', `/tabs/${tab}/storage?type=cookies`)).status).toBe(400);
  });
});
