// DELETE ?save_snapshot_mode + restore_from_session_id (agent-apis.md §1.2.1 "Snapshots") on the
// sessions layer's profiles (sessions.md §5): a login cookie (HttpOnly-free here, set by the page)
// and localStorage survive a filesystem snapshot into a new session; `none` keeps nothing; a memory
// snapshot saved as the default environment restores through restore_default_environment_from_user_id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgi, type AgiHarness } from './agiClient.ts';

let a: AgiHarness;
beforeAll(async () => { a = await startAgi(); }, 60_000);
afterAll(async () => { await a?.close(); });

/** The native tab id behind an AGI session (its current page). */
async function tabOf(agiId: string): Promise<string> {
  const native = (await a.h.api('GET', `/sessions/${agiId}`)).body;
  return native.tabs.at(-1).id;
}

async function open(agiId: string, path: string): Promise<string> {
  const r = await a.call('POST', `/sessions/${agiId}/navigate`, { url: a.h.fixtures.url(path) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return tabOf(agiId);
}

describe('session snapshots', () => {
  it('filesystem: a login cookie and localStorage survive into a session restored from it', async () => {
    const first = (await a.call('POST', '/sessions', {})).body.session_id;
    const tab = await open(first, '/pages/static.html');
    await a.h.value(tab, "document.cookie = 'login=ada-session-7; path=/; max-age=3600'; localStorage.setItem('cart', '3 lamps'); 1");
    const del = await a.call('DELETE', `/sessions/${first}?save_snapshot_mode=filesystem`);
    expect(del.status, JSON.stringify(del.body)).toBe(200);
    expect(del.body).toMatchObject({ success: true, snapshot: { mode: 'filesystem', saved_as_default: false } });

    const restored = await a.call('POST', '/sessions', { restore_from_session_id: first });
    expect(restored.status, JSON.stringify(restored.body)).toBe(201);
    expect(restored.body.session_id).not.toBe(first);
    const tab2 = await open(restored.body.session_id, '/pages/static.html');
    expect(await a.h.value(tab2, 'document.cookie')).toContain('login=ada-session-7');
    expect(await a.h.value(tab2, "localStorage.getItem('cart')")).toBe('3 lamps');

    // A fresh session does not have it (the cookie came from the snapshot, not a shared context).
    const fresh = (await a.call('POST', '/sessions', {})).body.session_id;
    const tab3 = await open(fresh, '/pages/static.html');
    expect(await a.h.value(tab3, 'document.cookie')).toBe('');
    await a.call('DELETE', `/sessions/${fresh}`);
    await a.call('DELETE', `/sessions/${restored.body.session_id}`);
  }, 60_000);

  it('none keeps nothing to restore from', async () => {
    const id = (await a.call('POST', '/sessions', {})).body.session_id;
    const tab = await open(id, '/pages/static.html');
    await a.h.value(tab, "document.cookie = 'login=gone; path=/; max-age=3600'; 1");
    expect((await a.call('DELETE', `/sessions/${id}`)).status).toBe(200);
    const r = await a.call('POST', '/sessions', { restore_from_session_id: id });
    expect(r.status).toBe(404);
    expect(r.body.message).toMatch(/left no snapshot/);
    // Its storage profile went with it.
    expect((await a.h.api('GET', `/profiles/agi-${id}`)).status).toBe(404);
  });

  it('memory + save_as_default restores as the default environment', async () => {
    const id = (await a.call('POST', '/sessions', {})).body.session_id;
    const tab = await open(id, '/pages/static.html');
    await a.h.value(tab, "document.cookie = 'login=default-env; path=/; max-age=3600'; 1");
    const del = await a.call('DELETE', `/sessions/${id}?save_snapshot_mode=memory&save_as_default=true`);
    expect(del.body).toMatchObject({ success: true, snapshot: { mode: 'memory', saved_as_default: true } });
    const r = await a.call('POST', '/sessions', { restore_default_environment_from_user_id: 'local-user' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const tab2 = await open(r.body.session_id, '/pages/static.html');
    expect(await a.h.value(tab2, 'document.cookie')).toContain('login=default-env');
  }, 60_000);

  it('a filesystem snapshot outlives the daemon: a new daemon on the same --session-dir restores it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abpd-agi-snap-'));
    try {
      const one = await startAgi({ sessionDir: dir });
      let first: string;
      try {
        first = (await one.call('POST', '/sessions', {})).body.session_id;
        const r = await one.call('POST', `/sessions/${first}/navigate`, { url: one.h.fixtures.url('/pages/static.html') });
        expect(r.status).toBe(200);
        const tab = (await one.h.api('GET', `/sessions/${first}`)).body.tabs.at(-1).id;
        await one.h.value(tab, "document.cookie = 'login=after-restart; path=/; max-age=3600'; 1");
        expect((await one.call('DELETE', `/sessions/${first}?save_snapshot_mode=filesystem`)).status).toBe(200);
      } finally { await one.close(); }
      const two = await startAgi({ sessionDir: dir });
      try {
        const restored = await two.call('POST', '/sessions', { restore_from_session_id: first });
        expect(restored.status, JSON.stringify(restored.body)).toBe(201);
        await two.call('POST', `/sessions/${restored.body.session_id}/navigate`, { url: two.h.fixtures.url('/pages/static.html') });
        const tab = (await two.h.api('GET', `/sessions/${restored.body.session_id}`)).body.tabs.at(-1).id;
        expect(await two.h.value(tab, 'document.cookie')).toContain('login=after-restart');
      } finally { await two.close(); }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }, 90_000);
});
