// The event log (sessions.md §6, §7): ids monotonic per session from 1, polling with after_id and
// types, SSE with id: and Last-Event-ID resume losing no entry, and — with a daemon restarted on the
// same session directory — records and logs still readable (an old history.db gains the tables).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../daemon/config.ts';
import { startDaemon } from '../../daemon/daemon.ts';
import { openHistoryDb } from '../../daemon/history/db.ts';
import { createLogger } from '../../daemon/log.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';
import { appendSessionEvent, readSessionEvents } from '../../daemon/sessions/api.ts';

let fixtures: FixtureServer;
let dir: string;
beforeAll(async () => { fixtures = await startFixtureServer(); dir = mkdtempSync(join(tmpdir(), 'abpd-evlog-')); });
afterAll(async () => { await fixtures?.close(); rmSync(dir, { recursive: true, force: true }); });

async function daemonOn(sessionDir: string) {
  const d = await startDaemon(defaultConfig({ sessionDir, port: 0, logLevel: 'quiet', history: true }), { listen: false, log: createLogger('quiet') });
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await d.app.request(`/api/v1${path}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { host: '127.0.0.1:8222', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    });
    return { status: r.status, body: await r.json() as any };
  };
  const sse = async (path: string, headers: Record<string, string> = {}) => {
    const r = await d.app.request(`/api/v1${path}`, { headers: { host: '127.0.0.1:8222', accept: 'text/event-stream', ...headers } });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    const reader = r.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const frames: { id?: string; event?: string; data?: string }[] = [];
    /** Reads until `until` says stop (or 5 s pass). */
    const read = async (until: () => boolean): Promise<void> => {
      const deadline = Date.now() + 5_000;
      while (!until() && Date.now() < deadline) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((res) => setTimeout(() => res(null), 200))]);
        if (!chunk) continue;
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value);
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at); buffer = buffer.slice(at + 2);
          const f: Record<string, string> = {};
          for (const line of block.split('\n')) { const m = /^(\w+): ?(.*)$/.exec(line); if (m) f[m[1]!] = m[2]!; }
          if (f.id || f.event) frames.push(f);
        }
      }
    };
    return { frames, read, close: () => reader.cancel() };
  };
  return { d, api, sse };
}

describe('event log', () => {
  it('polling, SSE with Last-Event-ID resume, and a daemon restart', async () => {
    // An existing history file from before sessions: the tables are added to it.
    const old = openHistoryDb(join(dir, 'history.db'));
    old.close();
    const first = await daemonOn(dir);
    const s = await first.api('POST', '/sessions', { labels: { run: 'one' } });
    const id = s.body.session_id;
    const tab = s.body.tab_id;
    const act = () => first.api('POST', `/tabs/${tab}/navigate`, { url: fixtures.url('/pages/static.html'), screenshot: { area: 'none' } });
    await act(); await act();
    const all = await first.api('GET', `/sessions/${id}/events`);
    const ids = all.body.events.map((e: any) => e.id);
    expect(ids[0]).toBe(1);
    expect(ids).toEqual(ids.map((_: number, i: number) => i + 1));
    expect(all.body.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['session_created', 'tab_opened', 'navigation', 'action']));
    const actions = await first.api('GET', `/sessions/${id}/events?types=action`);
    expect(actions.body.events).toHaveLength(2);
    expect(actions.body.events[0].data).toMatchObject({ type: 'navigate', status: 'ok', tab_id: tab });
    const page = await first.api('GET', `/sessions/${id}/events?after_id=2&limit=2`);
    expect(page.body.events.map((e: any) => e.id)).toEqual([3, 4]);

    // SSE: resume after entry 2, then live entries as they come; ids are the entry ids.
    const stream = await first.sse(`/sessions/${id}/events`, { 'last-event-id': '2' });
    const lastBefore = all.body.last_id;
    await stream.read(() => stream.frames.length >= lastBefore - 2);
    expect(stream.frames.map((f) => Number(f.id))).toEqual(ids.slice(2));
    await act();
    const lastNow = (await first.api('GET', `/sessions/${id}/events`)).body.last_id;
    await stream.read(() => Number(stream.frames.at(-1)?.id) >= lastNow);
    const seen = stream.frames.map((f) => Number(f.id));
    await stream.close();
    // Entries logged while no one listened are sent on reconnect: nothing lost, nothing twice.
    await act();
    const resumed = await first.sse(`/sessions/${id}/events`, { 'last-event-id': String(seen.at(-1)) });
    const lastAfter = (await first.api('GET', `/sessions/${id}/events`)).body.last_id;
    await resumed.read(() => Number(resumed.frames.at(-1)?.id) >= lastAfter);
    await resumed.close();
    const got = [...seen, ...resumed.frames.map((f) => Number(f.id))];
    expect(got).toEqual(Array.from({ length: lastAfter - 2 }, (_, i) => i + 3));
    expect(JSON.parse(resumed.frames[0]!.data!)).toHaveProperty('type');
    await first.d.stop('restart');

    // After a restart: the session's record (terminated) and its log are still there.
    const second = await daemonOn(dir);
    const rec = await second.api('GET', `/sessions/${id}`);
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ session_id: id, status: 'terminated', labels: { run: 'one' } });
    const log = await second.api('GET', `/sessions/${id}/events`);
    expect(log.body.events.map((e: any) => e.id).slice(0, lastAfter)).toEqual(Array.from({ length: lastAfter }, (_, i) => i + 1));
    expect(log.body.events.at(-1).type).toBe('session_closed');
    const list = await second.api('GET', '/sessions?status=terminated');
    expect(list.body.map((r: any) => r.session_id)).toContain(id);
    const execute = await second.api('POST', `/tabs/${tab}/execute`, { script: '1' });
    expect(execute.status).toBe(404);
    expect((await second.api('GET', '/sessions/ses_nope/events')).status).toBe(404);
    await second.d.stop('done');
  }, 120_000);

  it('a client that reads nothing is cut off (bounded buffer); the log and other clients go on', async () => {
    const other = mkdtempSync(join(tmpdir(), 'abpd-evlog-slow-'));
    const { d, sse } = await daemonOn(other);
    try {
      const r = await d.app.request('/api/v1/sessions/default/events', { headers: { host: '127.0.0.1:8222', accept: 'text/event-stream' } });
      const stuck = r.body!.getReader(); // never read until the end
      const live = await sse('/sessions/default/events?types=burst');
      const reading = live.read(() => live.frames.length >= 2_500);
      for (let i = 0; i < 2_500; i += 1) {
        appendSessionEvent(d.host, 'default', 'burst', { i });
        if (i % 50 === 49) await new Promise((res) => setTimeout(res, 5)); // a busy session, not one tick
      }
      await reading;
      expect(live.frames).toHaveLength(2_500);
      expect(readSessionEvents(d.host, 'default', { types: ['burst'] })).toHaveLength(1_000); // one page
      await new Promise((res) => setTimeout(res, 1_500));
      const decoder = new TextDecoder();
      let text = '';
      for (;;) {
        const chunk = await Promise.race([stuck.read(), new Promise<null>((res) => setTimeout(() => res(null), 3_000))]);
        expect(chunk, 'the stuck stream was never closed').not.toBeNull();
        if (chunk!.done) break;
        text += decoder.decode(chunk!.value);
      }
      expect((text.match(/^id: /gm) ?? []).length).toBeLessThan(2_500);
      await live.close();
    } finally {
      await d.stop('done');
      rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);
});
