// Sessions are browser contexts of their own (sessions.md §1, §7): cookies and localStorage set in A
// are absent in B and in the default session; tabs are listed per session; deleting a session
// disposes its context and its tabs; the caps answer 429 naming their flag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness({ maxSessions: 3, maxTabs: 12 }); }, 60_000);
afterAll(async () => { await h?.close(); });

async function navigate(tabId: string, path: string): Promise<void> {
  const r = await h.api('POST', `/tabs/${tabId}/navigate`, { url: h.fixtures.url(path), screenshot: { area: 'none' } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

describe('sessions', () => {
  it('keeps cookies and localStorage apart between A, B and default', async () => {
    const a = await h.api('POST', '/sessions', { labels: { name: 'A' } });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.session_id).toMatch(/^ses_[A-Za-z0-9_-]{16,}$/);
    expect(a.body).toMatchObject({ status: 'ready', expires_at: null });
    const b = await h.api('POST', '/sessions', {});
    expect(b.status).toBe(201);
    const defTab = await h.openTab('/pages/static.html');
    await navigate(a.body.tab_id, '/pages/static.html');
    await navigate(b.body.tab_id, '/pages/static.html');
    await h.value(a.body.tab_id, "document.cookie = 'who=A; path=/'; localStorage.setItem('who', 'A'); 1");
    expect(await h.value(a.body.tab_id, "document.cookie + '|' + localStorage.getItem('who')")).toBe('who=A|A');
    expect(await h.value(b.body.tab_id, "document.cookie + '|' + localStorage.getItem('who')")).toBe('|null');
    expect(await h.value(defTab, "document.cookie + '|' + localStorage.getItem('who')")).toBe('|null');
    await h.value(defTab, "document.cookie = 'who=default; path=/'; 1");
    expect(await h.value(a.body.tab_id, 'document.cookie')).toBe('who=A');

    // Tabs are listed per session; POST /tabs {session_id} opens one there (same cookies).
    const more = await h.api('POST', '/tabs', { session_id: a.body.session_id, url: h.fixtures.url('/pages/static.html') });
    expect(more.status, JSON.stringify(more.body)).toBe(201);
    const listA = await h.api('GET', `/tabs?session_id=${a.body.session_id}`);
    expect(listA.body.map((t: { id: string }) => t.id).sort()).toEqual([a.body.tab_id, more.body.id].sort());
    const listDefault = await h.api('GET', '/tabs');
    expect(listDefault.body.map((t: { id: string }) => t.id)).toContain(defTab);
    expect(listDefault.body.map((t: { id: string }) => t.id)).not.toContain(a.body.tab_id);
    await navigate(more.body.id, '/pages/static.html');
    expect(await h.value(more.body.id, 'document.cookie')).toBe('who=A');

    const one = await h.api('GET', `/sessions/${a.body.session_id}`);
    expect(one.status).toBe(200);
    expect(one.body.tabs).toHaveLength(2);
    expect(one.body.labels).toEqual({ name: 'A' });

    // Delete: the context and its tabs are gone from Chromium; later calls say so (410, not 404).
    const del = await h.api('DELETE', `/sessions/${a.body.session_id}`);
    expect(del.status).toBe(200);
    expect(del.body.closed_tabs.sort()).toEqual([a.body.tab_id, more.body.id].sort());
    const targets = await h.daemon.host.browser!.browserSession.send('Target.getTargets');
    expect(targets.targetInfos.some((t) => t.targetId === a.body.tab_id || t.targetId === more.body.id)).toBe(false);
    const contexts = await h.daemon.host.browser!.browserSession.send('Target.getBrowserContexts');
    expect(contexts.browserContextIds).toHaveLength(2); // default + B
    const after = await h.api('POST', `/tabs/${a.body.tab_id}/execute`, { script: '1' });
    expect(after.status).toBe(410);
    expect(after.body.data.rpc_code).toBe(-32005);
    const gone = await h.api('GET', `/sessions/${a.body.session_id}`);
    expect(gone.body.status).toBe('terminated');
    await h.api('DELETE', `/sessions/${b.body.session_id}`);
    await h.api('DELETE', `/tabs/${defTab}`);
  }, 90_000);

  it('caps sessions (--max-sessions), tabs per session (max_tabs) and tabs per daemon (--max-tabs)', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const r = await h.api('POST', '/sessions', { policies: { max_tabs: 2 } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      made.push(r.body.session_id);
    }
    const over = await h.api('POST', '/sessions', {});
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('TOO_MANY_SESSIONS');
    expect(over.body.error).toContain('--max-sessions');

    expect((await h.api('POST', '/tabs', { session_id: made[0] })).status).toBe(201);
    const third = await h.api('POST', '/tabs', { session_id: made[0] });
    expect(third.status).toBe(429);
    expect(third.body.data.policy).toBe('max_tabs');

    // 1 default tab + 3 session tabs + 1 = 5 open; fill up to --max-tabs 12 in the default session.
    const opened: string[] = [];
    for (;;) {
      const r = await h.api('POST', '/tabs', {});
      if (r.status !== 201) {
        expect(r.status).toBe(429);
        expect(r.body.code).toBe('TOO_MANY_TABS');
        expect(r.body.error).toContain('--max-tabs');
        break;
      }
      opened.push(r.body.id);
      expect(opened.length).toBeLessThan(20);
    }
    expect(h.daemon.host.openTabCount()).toBe(12);
    for (const id of opened) await h.api('DELETE', `/tabs/${id}`);
    for (const id of made) expect((await h.api('DELETE', `/sessions/${id}`)).status).toBe(200);
    expect((await h.api('POST', '/sessions', {})).status).toBe(201);
  }, 90_000);

  it('popups past a session\'s max_tabs are closed with popup_blocked (the same cap)', async () => {
    const s = await h.api('POST', '/sessions', { policies: { max_tabs: 2 } });
    const tab = s.body.tab_id;
    await navigate(tab, '/pages/popup.html');
    const first = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    expect(first.body.events.some((e: any) => e.type === 'popup'), JSON.stringify(first.body.events)).toBe(true);
    const second = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    const blocked = [...second.body.events].find((e: any) => e.type === 'popup_blocked');
    expect(blocked, JSON.stringify(second.body.events)).toBeDefined();
    expect(blocked.data).toMatchObject({ policy: 'max_tabs', limit: 2 });
    expect((await h.api('GET', `/tabs?session_id=${s.body.session_id}`)).body).toHaveLength(2);
    await h.api('DELETE', `/sessions/${s.body.session_id}`);
  }, 60_000);
});
